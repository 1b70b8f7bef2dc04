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

The first line of a file names the database its captures were meant for:
``{"spool_target":{"uri":"mongodb://user@host:27017/","database":"newscrawl"}}``
(the URI without its password and options); ``replay`` writes them there,
not into whatever database it is configured for. A file without that line
(written by an older version) goes to the configured database.

A full disk (or a file size limit) while spooling: lines are written one by
one, a line that does not fit is cut off again, and the captures that fit
stay and are counted; :class:`SpoolFull` says how many. Replay never stops
on one bad line or file: damaged lines are moved to ``spool/corrupt/``, a
capture the database refuses stays in the spool, an unreadable file is
named, and every count is in the :class:`ReplayReport`.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
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
from newscrawl.store.mongo import error_reason
from newscrawl.store.writer import ArchiveWriter

logger = logging.getLogger(__name__)

_PREFIX = b'{"sha256":"'
_MIDDLE = b'","record":'
_HEAD = len(_PREFIX) + 64 + len(_MIDDLE)
_READ_OPTIONS = CANONICAL_JSON_OPTIONS.with_options(tz_aware=True, tzinfo=UTC)
_TARGET_PREFIX = b'{"spool_target":'
SUFFIX = ".jsonl"


class SpoolFull(OSError):
    """The disk took only ``written`` of the captures of one append."""

    def __init__(self, written: int, cause: OSError) -> None:
        super().__init__(cause.errno, f"spool full after {written} captures: {cause.strerror or cause}")
        self.written = written


def encode_target(target: dict[str, str]) -> bytes:
    """The first line of a spool file: the database its captures are for."""
    return _TARGET_PREFIX + json.dumps(target, sort_keys=True).encode() + b"}\n"


def read_target(path: str | Path) -> dict[str, str] | None:
    """The database a spool file names in its first line; None when it names none."""
    with open(path, "rb") as fh:
        return _decode_target(fh.readline())


def spooled_count(path: str | Path) -> int:
    """Captures (lines but the target line) in a spool file; 0 when unreadable."""
    try:
        with open(path, "rb") as fh:
            return sum(1 for number, line in enumerate(fh)
                       if number > 0 or _decode_target(line) is None)
    except OSError:
        return 0


def _decode_target(line: bytes) -> dict[str, str] | None:
    if not line.startswith(_TARGET_PREFIX):
        return None
    try:
        target = json.loads(line.rstrip(b"\n")[len(_TARGET_PREFIX):-1])
    except ValueError:
        return None
    return target if isinstance(target, dict) else None


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
    crawl that never needs it leaves no file behind. ``target`` (URI without
    password, database name) is written as the file's first line."""

    def __init__(self, directory: str | Path, name: str,
                 target: dict[str, str] | None = None) -> None:
        self.directory = Path(directory)
        self.path = self.directory / f"{name}{SUFFIX}"
        self.target = target
        self._fh: IO[bytes] | None = None
        self.count = 0
        self.unencodable = 0

    def append(self, captures: Iterable[Capture]) -> int:
        """Append and fsync; returns how many captures were written. A capture
        that cannot be encoded (a value JSON cannot hold) is logged and left
        out, counted in ``unencodable``. When the disk takes only part of
        them, the captures that fit are kept and :class:`SpoolFull` (an
        OSError) says how many; other OSErrors (no directory) are raised."""
        lines = []
        for capture in captures:
            try:
                lines.append(encode_line(capture))
            except (TypeError, ValueError) as exc:
                self.unencodable += 1
                logger.error("cannot spool %s: %s", capture.url or capture.url_id, exc)
        if not lines:
            return 0
        fh = self._open()
        if self.target is not None and fh.tell() == 0:
            self._write_line(fh, encode_target(self.target), 0)
        written = 0
        for line in lines:
            self._write_line(fh, line, written)
            written += 1
        try:
            os.fsync(fh.fileno())
        except OSError as exc:
            raise SpoolFull(0, exc) from exc
        self.count += written
        return written

    def _open(self) -> IO[bytes]:
        if self._fh is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            # unbuffered: a line that does not fit is seen at once, and cut off
            self._fh = open(self.path, "ab", buffering=0)  # noqa: SIM115 - held (and locked) until close()
            _lock(self._fh, wait=True)
        return self._fh

    def _write_line(self, fh: IO[bytes], line: bytes, written: int) -> None:
        """Write one whole line, or cut the file back to where it was."""
        start = fh.tell()
        view = memoryview(line)
        try:
            while view:
                n = fh.write(view)
                if not n:
                    raise OSError(28, "no space left on device")
                view = view[n:]
        except OSError as exc:
            try:
                os.ftruncate(fh.fileno(), start)
                fh.seek(start)
                os.fsync(fh.fileno())
            except OSError:
                logger.error("cannot cut a partial line off %s; replay will set it aside", self.path)
            self.count += written
            raise SpoolFull(written, exc) from exc

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()  # releases the lock
            self._fh = None


@dataclass
class ReplayReport:
    """What ``replay`` did; ``retained`` captures are still in the spool.
    ``corrupt``: damaged lines set aside; ``rejected``: captures the database
    (or the writer) refused, kept in the spool; ``unreadable``: files that
    could not be read or rewritten, with why."""

    files: int = 0
    replayed: int = 0
    retained: int = 0
    corrupt: int = 0
    rejected: int = 0
    busy: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    error: str = ""
    outcomes: dict[str, int] = field(default_factory=dict)


def spool_files(directory: str | Path) -> list[Path]:
    return sorted(p for p in Path(directory).glob(f"*{SUFFIX}") if p.is_file())


def replay_spool(
    directory: str | Path,
    writer: ArchiveWriter,
    *,
    batch_size: int = 100,
    prepare: Callable[[Capture], None] | None = None,
    files: Iterable[Path] | None = None,
    report: ReplayReport | None = None,
) -> ReplayReport:
    """Write every spooled capture of ``files`` (default: all in
    ``directory``) back; stop at the first database outage (what was not
    acknowledged stays in its file). ``prepare`` runs on each capture first
    (``newscrawl replay`` clusters documents spooled without one)."""
    report = report if report is not None else ReplayReport()
    for path in (spool_files(directory) if files is None else files):
        try:
            with open(path, "r+b") as fh:
                if not _lock(fh, wait=False):
                    report.busy.append(path.name)
                    continue
                report.files += 1
                _replay_file(path, fh, writer, batch_size, report, prepare)
        except OSError as exc:
            report.unreadable.append(f"{path.name}: {exc}")
            logger.error("spool %s not replayed: %s", path, exc)
        if report.error:
            break
    return report


def _set_aside(path: Path, line: bytes) -> bool:
    """Move a damaged line to ``corrupt/``; False when even that fails."""
    corrupt_dir = path.parent / "corrupt"
    try:
        corrupt_dir.mkdir(exist_ok=True)
        with open(corrupt_dir / path.name, "ab") as bad:
            bad.write(line if line.endswith(b"\n") else line + b"\n")
        return True
    except OSError as exc:
        logger.error("cannot set a damaged line of %s aside (%s); it stays in the spool", path, exc)
        return False


def _valid_lines(
    path: Path, fh: IO[bytes], report: ReplayReport, keep: list[bytes]
) -> Iterator[tuple[bytes, Capture]]:
    for number, line in enumerate(fh, start=1):
        if number == 1 and _decode_target(line) is not None:
            keep.append(line)  # the header stays with what stays
            continue
        try:
            yield line, decode_line(line)
        except CorruptLine as exc:
            report.corrupt += 1
            logger.warning("spool %s line %d is corrupt (%s); set aside", path.name, number, exc)
            if not _set_aside(path, line):
                keep.append(line if line.endswith(b"\n") else line + b"\n")


def _replay_file(
    path: Path,
    fh: IO[bytes],
    writer: ArchiveWriter,
    batch_size: int,
    report: ReplayReport,
    prepare: Callable[[Capture], None] | None,
) -> None:
    keep: list[bytes] = []

    def write_batch(batch: list[tuple[bytes, Capture]]) -> None:
        if report.error:
            keep.extend(line for line, _ in batch)
            return
        try:
            if prepare is not None:
                for _, capture in batch:
                    prepare(capture)
            result = writer.write([c for _, c in batch])
        except PyMongoError as exc:
            report.error = f"database unavailable: {error_reason(exc)}"
            keep.extend(line for line, _ in batch)
            return
        except Exception:  # one bad capture must not stop the replay: find it
            if len(batch) > 1:
                for entry in batch:
                    write_batch([entry])
                return
            line, capture = batch[0]
            report.rejected += 1
            keep.append(line)
            logger.exception("capture of %s cannot be written; it stays in the spool", capture.url)
            return
        retry = {id(c) for c in result.retry}
        keep.extend(line for line, c in batch if id(c) in retry)
        report.replayed += len(batch) - len(retry)
        for name, n in result.outcomes.items():
            report.outcomes[name] = report.outcomes.get(name, 0) + n

    pending: list[tuple[bytes, Capture]] = []
    for entry in _valid_lines(path, fh, report, keep):
        pending.append(entry)
        if len(pending) >= batch_size:
            write_batch(pending)
            pending = []
    if pending:
        write_batch(pending)
    header = sum(1 for line in keep if _decode_target(line) is not None)
    report.retained += len(keep) - header
    if len(keep) == header:
        path.unlink()
        return
    tmp = path.with_suffix(".tmp")
    try:
        tmp.write_bytes(b"".join(keep))
        os.replace(tmp, path)
    except OSError as exc:  # a full disk: the file stays whole (replaying it again is harmless)
        tmp.unlink(missing_ok=True)
        report.unreadable.append(f"{path.name}: not rewritten ({exc}); replayed lines stay in it")
        logger.error("cannot rewrite spool %s: %s", path, exc)
