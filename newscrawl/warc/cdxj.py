"""CDXJ index lines, as pywb reads them beside a WARC file.

One line per ``response`` record: ``<SURT key> <14-digit timestamp> {json}``
with the URL, MIME type, status, payload digest, record length and offset
and the WARC file's name, sorted by key and time so a replay tool can
binary-search it. The SURT key is the form of the ``surt`` package's default
canonicaliser (what pywb looks URLs up by): lower case, ``www.`` and default
ports dropped, host labels reversed, query arguments sorted, no fragment and
no trailing slash. Session ids in URLs and unusual percent-escapes, which
that canonicaliser also rewrites, do not occur in the canonical URLs the
archive stores.

Sorting is done in memory at the end of an export: a line is about 300 bytes,
so a million-record export holds about 300 MB of index.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

_WWW = re.compile(r"^www\d*\.")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def surt_key(url: str) -> str:
    """``https://www.derstandard.at/Story/1?b=2&a=1`` -> ``at,derstandard)/story/1?a=1&b=2``."""
    parts = urlsplit(url.strip())
    host = _WWW.sub("", (parts.hostname or "").lower().rstrip("."))
    key = ",".join(reversed(host.split(".")))
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        key += f":{port}"
    path = (parts.path or "/").lower()
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    key += ")" + path
    if parts.query:
        args = sorted(tuple(arg.split("=", 1)) for arg in parts.query.lower().split("&"))
        key += "?" + "&".join("=".join(arg) for arg in args)
    return key


def timestamp14(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y%m%d%H%M%S")


@dataclass(frozen=True)
class IndexEntry:
    url: str
    date: datetime
    mime: str
    status: int
    digest: str  # the WARC-Payload-Digest, "sha1:" + base32
    length: int
    offset: int
    filename: str

    def line(self) -> str:
        fields = {"url": self.url, "mime": self.mime, "status": str(self.status),
                  "digest": self.digest.removeprefix("sha1:"), "length": str(self.length),
                  "offset": str(self.offset), "filename": self.filename}
        return f"{surt_key(self.url)} {timestamp14(self.date)} {json.dumps(fields)}"


def write_index(entries: list[IndexEntry], path: Path) -> Path:
    """The sorted CDXJ file of ``entries``."""
    lines = sorted(entry.line() for entry in entries)
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path
