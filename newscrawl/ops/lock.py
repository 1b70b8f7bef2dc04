"""One crawl per source at a time: fcntl lock files, one per source.

Cron starts the next run whether or not the last one has finished; two runs of
one source would fetch every page twice and race on the same documents. Each
run holds an exclusive ``flock`` on ``<lock dir>/<source>.lock`` while it
crawls. The kernel drops the lock when the process ends, however it ends
(crash, kill -9, reboot), so there are no stale locks to clean up; the file's
content (pid, start, host) only serves the message of the run that finds it
taken.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Self


class SourceBusy(Exception):
    """Another process holds the lock of ``source``."""

    def __init__(self, source: str, pid: int | None, since: str | None, host: str | None = None):
        self.source, self.pid, self.since, self.host = source, pid, since, host
        holder = f"pid {pid}" if pid else "another process"
        if host and host != socket.gethostname():
            holder += f" on {host}"
        super().__init__(f"source {source} is being crawled by {holder}"
                         + (f" since {since}" if since else ""))


def lock_path(directory: str | Path, source: str) -> Path:
    """The lock file of ``source``; names are made file-system safe."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", source)
    return Path(directory) / f"{safe}.lock"


@dataclass
class SourceLock:
    """The lock of one source; ``acquire`` raises :class:`SourceBusy`."""

    directory: Path
    source: str
    handle: IO[str] | None = None

    @property
    def path(self) -> Path:
        return lock_path(self.directory, self.source)

    def acquire(self) -> Self:
        self.directory.mkdir(parents=True, exist_ok=True)
        # "a+" does not truncate: the holder's details stay readable until we
        # know the lock is ours.
        # Kept open for as long as the lock is held: no context manager.
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = _parse_holder(handle.read())
            handle.close()
            raise SourceBusy(self.source, holder.get("pid"), holder.get("since"),
                             holder.get("host")) from None
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({
            "pid": os.getpid(), "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"), "source": self.source,
        }))
        handle.flush()
        self.handle = handle
        return self

    def release(self) -> None:
        if self.handle is not None:
            # Empty the file first, so nobody reads a finished run as the holder.
            self.handle.truncate(0)
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None

    def __enter__(self) -> Self:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _parse_holder(text: str) -> dict:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def lock_sources(directory: str | Path, sources: list[str]) -> tuple[list[SourceLock], list[SourceBusy]]:
    """Take the locks that are free; report the ones that are not."""
    held, busy = [], []
    for source in sources:
        try:
            held.append(SourceLock(Path(directory), source).acquire())
        except SourceBusy as exc:
            busy.append(exc)
    return held, busy
