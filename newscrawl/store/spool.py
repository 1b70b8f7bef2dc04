"""The spool: captures the database did not take, kept on local disk.

A crawl must not lose what it fetched because MongoDB is down for a while or
rejects a document. The store pipeline appends such captures to a spool file
(``<NEWSCRAWL_DATA_DIR>/spool/<run id>.jsonl``) and carries on;
``newscrawl replay`` writes them back through the same
:class:`~newscrawl.store.writer.ArchiveWriter` (idempotent: a capture already
applied changes nothing) and removes only what the database acknowledged.

Format: JSON Lines, one capture per line, each line
``{"sha256":"<hex of the record text>","record":<record>}`` where the record is
MongoDB Extended JSON (canonical), so datetimes and raw bytes survive exactly.
The checksum covers the exact record text, which is why lines are built and
split by position rather than re-serialised. A line whose checksum does not
match (a truncated last line after a SIGKILL, a damaged disk) is counted and
moved to ``spool/corrupt/``, never replayed and never a crash.

Each process appends to its own file and holds an exclusive ``flock`` on it
while it runs, so ``replay`` skips the spool of a crawl still running.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC
from pathlib import Path
from typing import IO, Any

from bson import json_util
from bson.json_util import CANONICAL_JSON_OPTIONS
from pymongo.errors import PyMongoError

from newscrawl.store.captures import Capture
from newscrawl.store.writer import ArchiveWriter

logger = logging.getLogger(__name__)

_PREFIX = b'{"sha256":"'
_MIDDLE = b'","record":'
_HEAD = len(_PREFIX) + 64 + len(_MIDDLE)
_READ_OPTIONS = CANONICAL_JSON_OPTIONS.with_options(tz_aware=True, tzinfo=UTC)
SUFFIX = ".jsonl"


class CorruptLine(ValueError):
    """A spool line that cannot be trusted."""


def encode_line(capture: Capture) -> bytes:
    """One spool line (with its newline) for ``capture``."""
    record = json_util.dumps(asdict(capture), json_options=CANONICAL_JSON_OPTIONS).encode()
    return _PREFIX + hashlib.sha256(record).hexdigest().encode() + _MIDDLE + record + b"}\n"


def decode_line(line: bytes) -> Capture:
    """The capture of a spool line; :class:`CorruptLine` when it is damaged."""
    line = line.rstrip(b"\n")
    if (
        len(line) <= _HEAD
        or not line.startswith(_PREFIX)
        or line[_HEAD - len(_MIDDLE) : _HEAD] != _MIDDLE
        or not line.endswith(b"}")
    ):
        raise CorruptLine("not a spool line (truncated?)")
    digest, record = line[len(_PREFIX) : len(_PREFIX) + 64], line[_HEAD:-1]
    if hashlib.sha256(record).hexdigest().encode() != digest:
        raise CorruptLine("checksum mismatch")
    try:
        return Capture(**json_util.loads(record, json_options=_READ_OPTIONS))
    except (ValueError, TypeError) as exc:
        raise CorruptLine(f"unreadable record: {exc}") from None


def _lock(fh: IO[Any], *, wait: bool) -> bool:
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        return True
    except BlockingIOError:
        return False


class Spool:
    """The append-only spool file of one process. Opened on first use, so a
    crawl that never needs it leaves no file behind."""

    def __init__(self, directory: str | Path, name: str) -> None:
        self.directory = Path(directory)
        self.path = self.directory / f"{name}{SUFFIX}"
        self._fh: IO[bytes] | None = None
        self.count = 0
        self.unencodable = 0

    def append(self, captures: Iterable[Capture]) -> int:
        """Append and fsync; returns how many captures were written. A capture
        that cannot be encoded (a value JSON cannot hold) is logged and left
        out, counted in ``unencodable``; OSError (disk full) is raised."""
        lines = []
        for capture in captures:
            try:
                lines.append(encode_line(capture))
            except (TypeError, ValueError) as exc:
                self.unencodable += 1
                logger.error("cannot spool %s: %s", capture.url or capture.url_id, exc)
        if not lines:
            return 0
        if self._fh is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "ab")  # noqa: SIM115 - held (and locked) until close()
            _lock(self._fh, wait=True)
        self._fh.write(b"".join(lines))
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self.count += len(lines)
        return len(lines)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()  # releases the lock
            self._fh = None


@dataclass
class ReplayReport:
    """What ``replay`` did; ``retained`` captures are still in the spool."""

    files: int = 0
    replayed: int = 0
    retained: int = 0
    corrupt: int = 0
    busy: list[str] = field(default_factory=list)
    error: str = ""
    outcomes: dict[str, int] = field(default_factory=dict)


def spool_files(directory: str | Path) -> list[Path]:
    return sorted(Path(directory).glob(f"*{SUFFIX}"))


def replay_spool(
    directory: str | Path,
    writer: ArchiveWriter,
    *,
    batch_size: int = 100,
    prepare: Callable[[Capture], None] | None = None,
) -> ReplayReport:
    """Write every spooled capture back; stop at the first database outage
    (what was not acknowledged stays in its file). ``prepare`` runs on each
    capture first (``newscrawl replay`` clusters documents spooled without one)."""
    report = ReplayReport()
    for path in spool_files(directory):
        with open(path, "r+b") as fh:
            if not _lock(fh, wait=False):
                report.busy.append(path.name)
                continue
            report.files += 1
            _replay_file(path, fh, writer, batch_size, report, prepare)
        if report.error:
            break
    return report


def _valid_lines(
    path: Path, fh: IO[bytes], report: ReplayReport
) -> Iterator[tuple[bytes, Capture]]:
    corrupt_dir = path.parent / "corrupt"
    for number, line in enumerate(fh, start=1):
        try:
            yield line, decode_line(line)
        except CorruptLine as exc:
            report.corrupt += 1
            logger.warning(
                "spool %s line %d is corrupt (%s); moved to %s", path.name, number, exc, corrupt_dir
            )
            corrupt_dir.mkdir(exist_ok=True)
            with open(corrupt_dir / path.name, "ab") as bad:
                bad.write(line if line.endswith(b"\n") else line + b"\n")


def _replay_file(
    path: Path,
    fh: IO[bytes],
    writer: ArchiveWriter,
    batch_size: int,
    report: ReplayReport,
    prepare: Callable[[Capture], None] | None,
) -> None:
    keep: list[bytes] = []
    batch: list[tuple[bytes, Capture]] = []

    def write_batch() -> None:
        if report.error:
            keep.extend(line for line, _ in batch)
            return
        try:
            if prepare is not None:
                for _, capture in batch:
                    prepare(capture)
            result = writer.write([c for _, c in batch])
        except PyMongoError as exc:
            report.error = f"database unavailable: {exc}"
            keep.extend(line for line, _ in batch)
            return
        retry = {id(c) for c in result.retry}
        keep.extend(line for line, c in batch if id(c) in retry)
        report.replayed += len(batch) - len(retry)
        for name, n in result.outcomes.items():
            report.outcomes[name] = report.outcomes.get(name, 0) + n

    for entry in _valid_lines(path, fh, report):
        batch.append(entry)
        if len(batch) >= batch_size:
            write_batch()
            batch = []
    if batch:
        write_batch()
    report.retained += len(keep)
    if not keep:
        path.unlink()
        return
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(b"".join(keep))
    os.replace(tmp, path)
