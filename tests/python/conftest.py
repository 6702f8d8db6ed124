"""Fixtures shared by the web-side tests. Every server is real and listens on a free loopback port."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support.gateway import Gateway  # noqa: E402
from support.servers import EchoServer  # noqa: E402


@pytest.fixture(scope="module")
def echo_upstreams():
    api, s3 = EchoServer("api").start(), EchoServer("s3").start()
    yield api, s3
    api.stop()
    s3.stop()


@pytest.fixture(scope="module")
def echo_gateway(echo_upstreams):
    api, s3 = echo_upstreams
    gateway = Gateway(api.address, s3.address, TILE_ORIGIN="https://tiles.example.test").start()
    yield gateway
    gateway.stop()


def pytest_terminal_summary(terminalreporter):
    """Names the screenshots the browser tests kept (support/artifacts.py)."""
    from support import artifacts

    kept = [path for path in artifacts.SAVED if path.exists()]
    if kept:
        terminalreporter.write_sep("-", f"artefacts kept in {artifacts.DIRECTORY}")
        for path in kept:
            terminalreporter.write_line(str(path))
