"""The compose files, checked without Docker: a schema for the subset of the compose format they use,
compose-style variable interpolation against .env.example, and the deployment rules of issue 7
(healthchecks everywhere, only nginx published, scalable workers, no default credentials)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import jsonschema
import pytest
import yaml

from support.gateway import REPO
from support.servers import free_port

COMPOSE = REPO / "compose"
FILES = ["docker-compose.yml", "docker-compose.python-api.yml"]
ENV_EXAMPLE = COMPOSE / ".env.example"

# ---------------------------------------------------------------- schema (a subset of the compose spec)
_string_or_list = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
_duration = {"type": "string", "pattern": r"^(\d+(ms|s|m|h))+$"}
_env_value = {"type": ["string", "number", "boolean", "null"]}

SERVICE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["healthcheck"],
    "anyOf": [{"required": ["image"]}, {"required": ["build"]}],
    "properties": {
        "image": {"type": "string", "minLength": 1},
        "build": {
            "type": "object", "additionalProperties": False, "required": ["context"],
            "properties": {"context": {"type": "string"}, "dockerfile": {"type": "string"},
                           "args": {"type": "object"}, "target": {"type": "string"}},
        },
        "command": _string_or_list,
        "entrypoint": _string_or_list,
        "environment": {"type": "object", "additionalProperties": _env_value},
        "ports": {"type": "array", "items": {"type": "string"}},
        "expose": {"type": "array", "items": {"type": "string"}},
        "volumes": {"type": "array", "items": {"type": "string"}},
        "depends_on": {
            "type": "object",
            "additionalProperties": {
                "type": "object", "additionalProperties": False, "required": ["condition"],
                "properties": {"condition": {"enum": ["service_started", "service_healthy",
                                                      "service_completed_successfully"]},
                               "restart": {"type": "boolean"}, "required": {"type": "boolean"}},
            },
        },
        "healthcheck": {
            "type": "object", "additionalProperties": False, "required": ["test"],
            "properties": {
                # A string is CMD-SHELL (the worker's: podman-compose 1.0 breaks list tests of replicas).
                "test": {"oneOf": [
                    {"type": "string", "minLength": 1},
                    {"type": "array", "minItems": 2, "items": {"type": "string"},
                     "prefixItems": [{"enum": ["CMD", "CMD-SHELL"]}]},
                ]},
                "interval": _duration, "timeout": _duration, "start_period": _duration,
                "start_interval": _duration, "retries": {"type": "integer", "minimum": 1},
            },
        },
        "restart": {"enum": ["no", "always", "on-failure", "unless-stopped"]},
        "stop_grace_period": _duration,
        "networks": {"type": ["array", "object"]},
        "deploy": {"type": "object"},
    },
}

COMPOSE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["name", "services"],
    "additionalProperties": False,
    "patternProperties": {"^x-": {}},
    "properties": {
        "name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"},
        "services": {"type": "object", "minProperties": 1,
                     "propertyNames": {"pattern": "^[a-z0-9][a-z0-9_.-]*$"},
                     "additionalProperties": SERVICE},
        "volumes": {"type": "object"},
        "networks": {"type": "object"},
    },
}

# ---------------------------------------------------------------- interpolation (compose rules)
_VARIABLE = re.compile(r"\$(?:\$|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
                       r"|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))")


class MissingVariable(Exception):
    pass


def interpolate(text: str, env: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group("braced") or match.group("plain")
        op, arg = match.group("op"), match.group("arg") or ""
        value = env.get(name)
        unset_or_empty = value is None or (value == "" and op and op.startswith(":"))
        if op in (":-", "-") and (value is None if op == "-" else unset_or_empty):
            return arg
        if op in (":?", "?") and (value is None if op == "?" else unset_or_empty):
            raise MissingVariable(f"{name}: {arg}")
        return value or ""

    return _VARIABLE.sub(replace, text)


def interpolate_tree(node, env):
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, list):
        return [interpolate_tree(item, env) for item in node]
    if isinstance(node, dict):
        return {key: interpolate_tree(value, env) for key, value in node.items()}
    return node


def referenced_variables(text: str) -> dict[str, str | None]:
    """Every ${NAME...} in a compose file, with its operator (None, ':-', ':?', …)."""
    found = {}
    for match in _VARIABLE.finditer(text):
        name = match.group("braced") or match.group("plain")
        if name:
            op = match.group("op")
            if found.get(name) not in (":?", "?"):
                found[name] = op
    return found


def env_example() -> dict[str, tuple[str, bool]]:
    """NAME -> (value, commented) for every `NAME=` or `#NAME=` line of .env.example."""
    entries = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.match(r"^(#?)([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            entries[match.group(2)] = (match.group(3), match.group(1) == "#")
    return entries


def filled_env() -> dict[str, str]:
    """The environment a user gets from .env.example after filling its required values."""
    env = {}
    for name, (value, commented) in env_example().items():
        if not commented:
            env[name] = value or f"test-{name.lower()}-value"
    return env


def load(name: str) -> tuple[str, dict]:
    text = (COMPOSE / name).read_text()
    return text, yaml.safe_load(text)


def rendered(name: str) -> dict:
    _, document = load(name)
    return interpolate_tree(document, filled_env())


SECRET_NAME = re.compile(r"PASSWORD|SECRET|ACCESS_KEY|_AUTH$|ROOT_USER")


# ---------------------------------------------------------------- tests
@pytest.mark.parametrize("name", FILES)
def test_file_matches_the_compose_schema(name):
    document = rendered(name)
    jsonschema.validate(document, COMPOSE_SCHEMA)


def test_schema_rejects_what_the_rules_forbid():
    document = rendered("docker-compose.yml")
    broken = dict(document, services=dict(document["services"]))
    broken["services"]["redis"] = {k: v for k, v in document["services"]["redis"].items() if k != "healthcheck"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, COMPOSE_SCHEMA)
    broken["services"]["redis"] = dict(document["services"]["redis"], depends_on={"minio": {"condition": "up"}})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, COMPOSE_SCHEMA)


@pytest.mark.parametrize("name", FILES)
def test_services_and_dependencies(name):
    services = rendered(name)["services"]
    assert set(services) == {"nginx", "api", "worker", "redis", "minio", "bucket-setup"}
    for service_name, service in services.items():
        for dependency, rule in (service.get("depends_on") or {}).items():
            assert dependency in services, (service_name, dependency)
            if rule["condition"] == "service_completed_successfully":
                assert services[dependency]["restart"] == "no", dependency  # a one-shot step
            else:
                assert rule["condition"] == "service_healthy", (service_name, dependency)
    assert services["nginx"]["depends_on"]["api"]["condition"] == "service_healthy"
    for consumer in ("api", "worker"):
        assert services[consumer]["depends_on"]["redis"]["condition"] == "service_healthy"
        assert services[consumer]["depends_on"]["bucket-setup"]["condition"] == "service_completed_successfully"
    assert services["bucket-setup"]["depends_on"]["minio"]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", FILES)
def test_only_nginx_is_published_and_workers_scale(name):
    services = rendered(name)["services"]
    assert [n for n, s in services.items() if "ports" in s] == ["nginx"]
    assert services["nginx"]["ports"] == ["0.0.0.0:80:80"]
    assert not any("container_name" in s for s in services.values())
    worker = services["worker"]
    assert "ports" not in worker and "expose" not in worker
    assert not any(":" in volume and not volume.startswith(("/", ".")) for volume in worker.get("volumes", []))
    assert "mapposter-worker" in worker["command"]


@pytest.mark.parametrize("name", FILES)
def test_no_default_credentials(name):
    text, document = load(name)
    variables = referenced_variables(text)
    for service_name, service in document["services"].items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAME.search(key) and value is not None:
                refs = referenced_variables(str(value))
                assert refs, f"{service_name}.{key} is hard-coded"
                assert all(op == ":?" for op in refs.values()), f"{service_name}.{key} has a default"
    for secret in ("REDIS_PASSWORD", "MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD", "S3_ACCESS_KEY", "S3_SECRET_KEY"):
        assert variables[secret] == ":?", secret
    assert "minioadmin" not in text
    # Without the secrets, interpolation refuses, as `docker compose config` would.
    env = {k: v for k, v in filled_env().items() if k != "MINIO_ROOT_PASSWORD"}
    with pytest.raises(MissingVariable, match="MINIO_ROOT_PASSWORD"):
        interpolate_tree(document, env)


@pytest.mark.parametrize("name", FILES)
def test_every_variable_is_documented_in_env_example(name):
    text, document = load(name)
    documented = env_example()
    referenced = set(referenced_variables(text))
    # Environment keys without a value are passed through from .env / the shell.
    for service in document["services"].values():
        referenced |= {key for key, value in (service.get("environment") or {}).items() if value is None}
    assert referenced - set(documented) == set()
    for variable, op in referenced_variables(text).items():
        if op in (":?", "?"):
            assert documented[variable] == ("", False), f"{variable} must be an empty, uncommented line"


def test_env_example_publishes_no_secret_values():
    for name, (value, _) in env_example().items():
        if SECRET_NAME.search(name):
            assert value == "", name


@pytest.mark.parametrize("name", FILES)
def test_local_builds_point_at_existing_files(name):
    services = rendered(name)["services"]
    for service_name, service in services.items():
        build = service.get("build")
        if not build or "://" in build["context"]:
            continue
        context = (COMPOSE / build["context"]).resolve()
        dockerfile = context / build.get("dockerfile", "Dockerfile")
        assert dockerfile.is_file(), (service_name, dockerfile)
        for source in _copy_sources(dockerfile.read_text()):
            if "*" in source:
                continue
            assert (context / source).exists(), (service_name, source)


def _copy_sources(dockerfile: str) -> list[str]:
    sources = []
    for line in dockerfile.splitlines():
        parts = line.split()
        if parts[:1] == ["COPY"] and not any(p.startswith("--from") for p in parts):
            sources += [p for p in parts[1:-1] if not p.startswith("--")]
    return sources


def test_swift_image_is_multi_stage_with_runtime_libraries_only():
    text = (COMPOSE / "Dockerfile").read_text()
    stages = re.findall(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", text, re.M)
    assert len(stages) >= 2
    runtime = text[text.index("AS runtime"):]
    for package in ("libhiredis0.14", "libcurl4", "libcairo2", "libpango-1.0-0", "libpangocairo-1.0-0",
                    "fonts-roboto", "fonts-noto-core", "fonts-noto-cjk", "zlib1g", "libisal2"):
        assert re.search(rf"(?<![\w.-]){re.escape(package)}(?![\w.-])", runtime), package
    installed = re.search(r"apt-get install[^\n]*\\\n((?:.*\\\n)+.*)", runtime).group(1)
    assert "-dev" not in installed
    assert "COPY --from=build" in runtime and "USER mapposter" in runtime


def test_swift_image_ships_resource_bundles_beside_the_binaries():
    # Bundle.module (SwiftPM) finds <package>_<target>.resources beside the executable, else the program stops:
    # the PosterDesign themes must land in the same folder as the binaries, and the build must fail without them.
    text = (COMPOSE / "Dockerfile").read_text()
    build = text[:text.index("AS runtime")]
    runtime = text[text.index("AS runtime"):]
    assert re.search(r"--product mapposter(?![\w-])", build), "the CLI (which reads the themes) is built"
    assert 'test -d "$bin/MapPoster_PosterDesign.resources"' in build
    out = re.search(r"find \"\$bin\" -maxdepth 1 -name '\*\.resources' -exec cp -R \{\} (\S+) ", build).group(1)
    binaries = re.search(r'cp "\$bin/mapposter-api" "\$bin/mapposter-worker" "\$bin/mapposter" (\S+)', build).group(1)
    assert out == binaries == "/out/"
    copied = re.search(r"^COPY --from=build /out/ (\S+)$", runtime, re.M).group(1)
    assert re.search(rf"^ENV PATH={re.escape(copied.rstrip('/'))}:", runtime, re.M)
    assert re.search(rf"^RUN {re.escape(copied)}mapposter themes", runtime, re.M), "the image checks it loads them"


def test_nginx_image_fills_every_template_placeholder():
    template = (REPO / "nginx" / "mapposter.conf.template").read_text()
    placeholders = set(re.findall(r"\$\{([A-Z_0-9]+)\}", template))
    dockerfile = (COMPOSE / "nginx.Dockerfile").read_text()
    allowed = re.search(r'NGINX_ENVSUBST_FILTER="\^\(([^)]*)\)\$"', dockerfile).group(1).split("|")
    assert set(allowed) == placeholders
    for placeholder in placeholders:
        assert re.search(rf"^\s+{placeholder}=", dockerfile, re.M), f"no default for {placeholder}"


def test_python_api_variant_builds_the_original_and_runs_only_the_swift_worker():
    services = rendered("docker-compose.python-api.yml")["services"]
    api = services["api"]
    assert re.fullmatch(r"https://github\.com/simongrossi/maptoposter-web\.git#[0-9a-f]{40}", api["build"]["context"])
    assert api["build"]["dockerfile"] == "backend/Dockerfile"
    assert api["command"][:2] == ["uvicorn", "backend.main:app"] and "--proxy-headers" in api["command"]
    assert api["environment"]["REDIS_URL"] == services["worker"]["environment"]["REDIS_URL"]
    assert services["worker"]["build"]["dockerfile"] == "compose/Dockerfile"
    assert not any("celery" in " ".join(s.get("command") or []) for s in services.values())
    swift = rendered("docker-compose.yml")["services"]
    for shared in ("nginx", "redis", "minio", "bucket-setup"):
        assert services[shared] == swift[shared], shared


def test_bucket_setup_makes_a_public_read_expiring_bucket():
    setup = rendered("docker-compose.yml")["services"]["bucket-setup"]
    script = setup["command"][0]
    assert 'mc mb --ignore-existing "store/$S3_BUCKET"' in script
    assert 'mc anonymous set download "store/$S3_BUCKET"' in script
    assert "mc ilm import" in script and '"Expiration":{"Days":%s}' in script
    assert setup["environment"]["S3_EXPIRE_DAYS"] == "1"


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server not installed (scripts/install-deps)")
def test_worker_healthcheck_script_against_a_real_redis(tmp_path):
    port = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                              "--requirepass", "s3cret", "--dir", str(tmp_path)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if subprocess.run(["redis-cli", "-p", str(port), "-a", "s3cret", "--no-auth-warning", "ping"],
                              capture_output=True, text=True).stdout.strip() == "PONG":
                break
            time.sleep(0.05)
        script = str(COMPOSE / "healthcheck")
        # The probe is the worker's own client (mapposter-worker --ping-broker), on PATH as in the image.
        binaries = REPO / ".build" / "debug"
        assert (binaries / "mapposter-worker").exists(), "build first: swift build"

        def check(url: str) -> int:
            env = dict(os.environ, REDIS_URL=url, WORKER_PID=str(os.getpid()),
                       PATH=f"{binaries}:{os.environ['PATH']}")
            return subprocess.run([script, "worker"], env=env, capture_output=True, timeout=10).returncode

        assert check(f"redis://:s3cret@127.0.0.1:{port}/0") == 0
        assert check(f"redis://:wrong@127.0.0.1:{port}/0") != 0
        assert check(f"redis://127.0.0.1:{free_port()}/0") != 0
    finally:
        redis.send_signal(signal.SIGTERM)
        redis.wait(timeout=10)
