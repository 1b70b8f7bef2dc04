"""Shared fixtures: an embedded archive server, fixture web sites on
127.0.0.1, and a way to run real crawls (``scrapy crawl`` in a subprocess,
since a Twisted reactor cannot be restarted inside one test process)."""

from __future__ import annotations

import json
import os
import signal
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
from tests import netguard

ROOT = Path(__file__).resolve().parent.parent
#: On PYTHONPATH of every subprocess: its sitecustomize installs the network guard.
NETGUARD_SITE = Path(__file__).resolve().parent / "netguard_site"


@pytest.fixture(scope="session", autouse=True)
def network_guard(tmp_path_factory):
    """No lookup or connection beyond 127.0.0.1, in this process and in every
    subprocess a test starts (see tests/netguard.py); refusals go to a log."""
    log = tmp_path_factory.mktemp("netguard") / "violations.log"
    log.touch()
    os.environ[netguard.LOG_VARIABLE] = str(log)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(NETGUARD_SITE), os.environ.get("PYTHONPATH", "")) if p)
    # tldextract keeps a downloaded suffix list here: a fresh, empty cache, so a
    # download attempt is not hidden by a list some earlier run fetched
    os.environ["TLDEXTRACT_CACHE"] = str(tmp_path_factory.mktemp("tldextract-cache"))
    netguard.install()
    return log


@pytest.fixture(autouse=True)
def no_network_beyond_loopback(network_guard):
    """Fail the test during which anything tried to leave the machine."""
    offset = network_guard.stat().st_size
    netguard.VIOLATIONS.clear()
    yield
    with network_guard.open(encoding="utf-8") as file:
        file.seek(offset)
        in_subprocesses = file.read()
    if netguard.VIOLATIONS or in_subprocesses:
        pytest.fail("network access beyond 127.0.0.1:\n" + "\n".join(netguard.VIOLATIONS)
                    + in_subprocesses, pytrace=False)


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
    return run_forked(command, cwd=ROOT, env=env, timeout=timeout)


#: Crawls start through a shell that forks them: Linux carries the ``ru_maxrss``
#: of a process into the program it execs (and a child forked from pytest starts
#: with pytest's pages resident), so Scrapy's ``memusage/max`` of a crawl started
#: straight from this process reports at least the test process's own size.
LAUNCHER = ["/bin/sh", "-c", '"$@"; exit $?', "sh"]


def run_forked(command: list[str], *, cwd: Path, env: dict, timeout: float) -> subprocess.CompletedProcess:
    """``subprocess.run(command, capture_output=True, text=True)`` through
    :data:`LAUNCHER`, in a session of its own, so a time-out ends the shell and
    the command it forked alike."""
    proc = subprocess.Popen([*LAUNCHER, *command], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


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
