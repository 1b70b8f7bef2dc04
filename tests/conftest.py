"""Shared fixtures: an embedded archive server, fixture web sites on
127.0.0.1, and a way to run real crawls (``scrapy crawl`` in a subprocess,
since a Twisted reactor cannot be restarted inside one test process)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from newscrawl.demo.server import SiteServer
from newscrawl.store.embedded import EmbeddedServer
from newscrawl.store.mongo import connect

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def mongo_uri(tmp_path_factory):
    """URI of an nx-27017 server started for this test session."""
    server = EmbeddedServer(tmp_path_factory.mktemp("archive"), free_port())
    uri = server.start()
    yield uri
    server.stop()


@pytest.fixture
def db(mongo_uri):
    """A fresh database on the session's server, dropped afterwards."""
    client = connect(mongo_uri)
    name = f"t{uuid.uuid4().hex[:12]}"
    yield client[name]
    client.drop_database(name)
    client.close()


@pytest.fixture
def site():
    """An empty fixture web site on 127.0.0.1; tests fill ``site.routes``."""
    with SiteServer() as server:
        yield server


def run_newscrawl(*args: str, env: dict | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    """``newscrawl <args>`` from the repository root; ``env`` is laid over ours."""
    return subprocess.run([sys.executable, "-m", "newscrawl.cli", *args], cwd=ROOT,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          timeout=timeout, check=False)


def run_scrapy(*args: str, mongo_uri: str, database: str, tmp_path: Path,
               timeout: float = 120, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    """``scrapy <args>`` from the repository root against the test archive."""
    env = {**os.environ, "NEWSCRAWL_MONGO_URI": mongo_uri, **(extra_env or {})}
    command = [sys.executable, "-m", "scrapy", *args,
               "-s", f"NEWSCRAWL_MONGO_DATABASE={database}",
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
               "-s", f"NEWSCRAWL_DATA_DIR={tmp_path / 'var'}"]
    return subprocess.run(command, check=False, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


#: A fixture outlet: German, in Vienna, articles under /<section>/<slug>.
FIXTURE_SOURCE = {"language": "de", "timezone": "Europe/Vienna", "article_patterns": ["/[a-z]+/.+"]}


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value))  # a TOML basic string


def write_sources(path: Path, **sources: dict[str, Any]) -> Path:
    """A source registry file with one table per keyword (name -> fields),
    each a :data:`FIXTURE_SOURCE` unless its fields say otherwise."""
    lines = []
    for name, fields in sources.items():
        lines.append(f"[{name}]")
        lines += [f"{key} = {_toml(value)}" for key, value in {**FIXTURE_SOURCE, **fields}.items()]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
