"""The embedded archive server: nx-27017 (MongoDB wire protocol over SQLite).

With no ``NEWSCRAWL_MONGO_URI``, newscrawl needs no database installed: it
starts nx-27017 on 127.0.0.1 with its files under the data directory
(``./var`` by default) and talks to it with pymongo over TCP, exactly as it
would to a real MongoDB. The server outlives a crawl on purpose, so two crawls
started by cron at the same time share one server; ``newscrawl db stop`` stops
it. Start-up is serialised by a file lock, and a pid file whose process is gone
(a crash, a reboot) is detected and replaced.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pymongo import MongoClient
from pymongo.errors import PyMongoError

HOST = "127.0.0.1"


class EmbeddedServerError(RuntimeError):
    """The embedded server cannot be started, reached or stopped."""


@dataclass(frozen=True)
class ServerState:
    running: bool
    pid: int | None
    port: int
    uri: str
    data_dir: str
    detail: str = ""


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours has exited but is not yet reaped
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return True


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


def ping(uri: str, timeout_ms: int = 1500) -> bool:
    """Whether a MongoDB wire-protocol server answers ``ping`` at ``uri``."""
    client: MongoClient = MongoClient(
        uri, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms
    )
    try:
        client.admin.command("ping")
        return True
    except PyMongoError:
        return False
    finally:
        client.close()


class EmbeddedServer:
    """One nx-27017 server per data directory."""

    def __init__(self, data_dir: str | Path, port: int) -> None:
        self.data_dir = Path(data_dir).absolute()
        self.port = port
        self.pid_file = self.data_dir / "nx-27017.json"
        self.log_file = self.data_dir / "nx-27017.log"
        self.db_dir = self.data_dir / "db"

    @property
    def uri(self) -> str:
        return f"mongodb://{HOST}:{self.port}/"

    def _read_pid_file(self) -> dict | None:
        try:
            return json.loads(self.pid_file.read_text())
        except (OSError, ValueError):
            return None

    def status(self) -> ServerState:
        info = self._read_pid_file()
        if info is None:
            return ServerState(False, None, self.port, self.uri, str(self.data_dir), "not started")
        pid, port = int(info.get("pid", 0)), int(info.get("port", self.port))
        uri = f"mongodb://{HOST}:{port}/"
        if not process_alive(pid):
            return ServerState(False, pid, port, uri, str(self.data_dir), "stale pid file")
        if not ping(uri):
            return ServerState(
                False, pid, port, uri, str(self.data_dir), "process alive, not answering"
            )
        return ServerState(True, pid, port, uri, str(self.data_dir), "running")

    @contextlib.contextmanager
    def _lock(self):
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.data_dir / ".lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def start(self, timeout: float = 30.0) -> str:
        """Start the server unless it runs already; return its URI."""
        with self._lock():
            state = self.status()
            if state.running:
                return state.uri
            if state.pid and process_alive(state.pid):
                raise EmbeddedServerError(
                    f"embedded server pid {state.pid} ({self.data_dir}) is alive but does not "
                    f"answer on port {state.port}; stop it with 'newscrawl db stop'"
                )
            self.pid_file.unlink(missing_ok=True)  # stale: its process is gone
            if _port_open(self.port):
                raise EmbeddedServerError(
                    f"port {self.port} on {HOST} is used by another program; set "
                    f"NEWSCRAWL_EMBEDDED_PORT to a free port or NEWSCRAWL_MONGO_URI to a server"
                )
            return self._spawn(timeout)

    def _spawn(self, timeout: float) -> str:
        self.db_dir.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "nx_27017.nx_27017",
            "--host",
            HOST,
            "--port",
            str(self.port),
            "--data-dir",
            str(self.db_dir),
            "--log-file",
            str(self.log_file),
            "--pid-file",
            str(self.data_dir / "nx-27017.pid"),
        ]
        with open(self.log_file, "ab") as log:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pid_file.write_text(json.dumps({"pid": process.pid, "port": self.port}))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise EmbeddedServerError(
                    f"embedded server exited with code {process.returncode}; see {self.log_file}"
                )
            if ping(self.uri, timeout_ms=500):
                return self.uri
            time.sleep(0.2)
        self._terminate(process.pid)
        raise EmbeddedServerError(
            f"embedded server did not answer within {timeout:.0f}s; see {self.log_file}"
        )

    def stop(self, timeout: float = 10.0) -> bool:
        """Stop the server; False when none was running."""
        with self._lock():
            info = self._read_pid_file()
            self.pid_file.unlink(missing_ok=True)
            if not info or not process_alive(int(info["pid"])):
                return False
            self._terminate(int(info["pid"]), timeout)
            return True

    @staticmethod
    def _terminate(pid: int, timeout: float = 10.0) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process_alive(pid):
            time.sleep(0.1)
        if process_alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
