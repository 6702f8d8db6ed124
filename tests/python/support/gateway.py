"""Starts the MapPoster nginx gateway (nginx/run-local) on a free loopback port, stops it afterwards."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from .servers import free_port

REPO = Path(__file__).resolve().parents[3]
RUN_LOCAL = REPO / "nginx" / "run-local"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def gateway_env(**settings: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({key: value for key, value in settings.items() if value is not None})
    binary = nginx_binary()
    if binary:
        env["NGINX"] = binary
    return env


def check_config(prefix: Path, **settings: str) -> subprocess.CompletedProcess:
    """Runs `nginx -t` on the rendered configuration."""
    return subprocess.run([str(RUN_LOCAL), str(prefix), "--test"], env=gateway_env(**settings),
                          capture_output=True, text=True, timeout=30)


class Gateway:
    """nginx in the foreground, rendered into a temporary prefix, listening on 127.0.0.1:<free port>."""

    def __init__(self, api_upstream: str, s3_upstream: str, **settings: str):
        self.port = free_port()
        self.prefix = Path(tempfile.mkdtemp(prefix="mapposter-nginx-"))
        self.settings = {"LISTEN_PORT": f"127.0.0.1:{self.port}", "API_UPSTREAM": api_upstream,
                         "S3_UPSTREAM": s3_upstream, **settings}
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Gateway":
        self.process = subprocess.Popen([str(RUN_LOCAL), str(self.prefix)], env=gateway_env(**self.settings),
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.process.returncode}: {self.process.stdout.read()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("nginx did not start listening")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.prefix, ignore_errors=True)

    def error_log(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text() if path.exists() else ""
