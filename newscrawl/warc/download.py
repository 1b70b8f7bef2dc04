"""Downloading WARC files once: resumable, size and digest checked.

A CC-NEWS file is about a gigabyte; a connection that drops at 900 MB must
not cost the first 900. The file grows under ``<name>.part`` and a new
attempt asks for the rest with an HTTP ``Range`` request; only a complete
file (its size the server's ``Content-Length``/``Content-Range`` total, its
MD5 the server's ``ETag`` when that is a plain MD5, as S3 and Common
Crawl's CDN give for files uploaded in one part) is renamed to its name.
Only ``http``/``https`` URLs are fetched; a progress line is drawn on a
terminal only.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from newscrawl.export.progress import Progress

logger = logging.getLogger(__name__)

USER_AGENT = "newscrawl-warc (+https://github.com/newscrawl)"
_MD5_ETAG = re.compile(r'^(W/)?"?([0-9a-f]{32})"?$', re.IGNORECASE)


class DownloadError(RuntimeError):
    """A file could not be downloaded whole; the message names URL and cause."""


@dataclass(frozen=True)
class DownloadOptions:
    timeout: float = 60.0
    attempts: int = 5
    progress: bool | None = None  # None: when stderr is a terminal
    backoff: float = 2.0


@dataclass(frozen=True)
class Downloaded:
    path: Path
    size: int
    md5: str
    digest_checked: bool
    resumed_from: int


def check_url(url: str) -> str:
    if urlsplit(url).scheme not in ("http", "https"):
        raise DownloadError(f"{url!r}: only http(s) URLs can be downloaded")
    return url


def download(url: str, dest: Path, options: DownloadOptions | None = None) -> Downloaded:
    """Download ``url`` to ``dest`` (kept as it is when already complete)."""
    options = options or DownloadOptions()
    check_url(url)
    if dest.exists():
        return Downloaded(dest, dest.stat().st_size, _md5_of(dest), False, dest.stat().st_size)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    resumed_from = part.stat().st_size if part.exists() else 0
    last_error: Exception | None = None
    for attempt in range(1, max(1, options.attempts) + 1):
        try:
            total, etag = _fetch_rest(url, part, options)
        except (OSError, urllib.error.URLError, DownloadError) as exc:
            last_error = exc
            logger.warning("download of %s failed (attempt %d of %d): %s", url, attempt,
                           options.attempts, exc)
            time.sleep(min(options.backoff * attempt, 30.0))
            continue
        size = part.stat().st_size
        if total is not None and size != total:
            last_error = DownloadError(f"{url}: {size} bytes received of {total}")
            continue
        md5 = _md5_of(part)
        expected = _MD5_ETAG.match(etag or "")
        if expected and expected.group(2).lower() != md5:
            part.unlink()  # corrupt: the next attempt starts afresh
            last_error = DownloadError(f"{url}: MD5 {md5} is not the server's {expected.group(2)}")
            continue
        part.replace(dest)
        return Downloaded(dest, size, md5, bool(expected), resumed_from)
    raise DownloadError(f"{url}: download failed after {options.attempts} attempts: {last_error}")


def _fetch_rest(url: str, part: Path, options: DownloadOptions) -> tuple[int | None, str | None]:
    """Append what ``part`` lacks; returns the file's total size (if the
    server says) and its ETag."""
    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    if have:
        request.add_header("Range", f"bytes={have}-")
    try:
        response = urllib.request.urlopen(request, timeout=options.timeout)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # nothing left to send: the part is whole
            return _total_from_range(exc.headers.get("Content-Range")) or have, exc.headers.get("ETag")
        raise DownloadError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    with response:
        length = response.headers.get("Content-Length")
        if response.status == 206:
            total = _total_from_range(response.headers.get("Content-Range"))
            mode = "ab"
        else:  # the server ignored the range: start again
            total, have, mode = (int(length) if length else None), 0, "wb"
        progress = Progress(total or 0, label=f"download {Path(urlsplit(url).path).name}",
                            enabled=options.progress)
        progress.advance(have)
        try:
            with open(part, mode) as out:
                while chunk := response.read(1 << 20):
                    out.write(chunk)
                    progress.advance(len(chunk))
        finally:
            progress.close()
        return total, response.headers.get("ETag")


def _total_from_range(value: str | None) -> int | None:
    match = re.match(r"bytes\s+(?:\d+-\d+|\*)/(\d+)", value or "")
    return int(match.group(1)) if match else None


def _md5_of(path: Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
