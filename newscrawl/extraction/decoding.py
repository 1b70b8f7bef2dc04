"""Bytes to text: BOM, valid UTF-8, then the HTTP charset unless it produces mojibake,
then the <meta> charset, then detection.

Servers often send a wrong charset header (typically ISO-8859-1 for UTF-8 pages, or UTF-8
for Windows-1252 pages). Browsers trust the header; an archive should not, when the page
itself says otherwise and the header's decoding is visibly broken.
"""

from __future__ import annotations

import codecs
import re

from trafilatura.utils import detect_encoding

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE
)
# UTF-8 read as Latin-1/cp1252 ("Ã¤", "â€ž"), replacement characters, C1 controls
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf]|â€|\ufffd|[\u0080-\u009f]")
# browsers decode these labels as windows-1252, which is a superset
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
}


#: A declared UTF-8 page with invalid bytes stays UTF-8 when it has at least this
#: many valid non-ASCII characters per invalid sequence.
_VALID_PER_INVALID = 10

_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b", b"RIFF")


def looks_binary(data: bytes) -> bool:
    """Binary content served as text/html: a known file signature, or NUL bytes in its
    first 8 KB (which no HTML has, UTF-16/32 pages with a byte order mark aside)."""
    if data.startswith(_BINARY_MAGIC):
        return True
    if any(data.startswith(bom) for bom, _ in _BOMS[1:]):
        return False
    return b"\x00" in data[:8192]


def decode_html(data: bytes | str, declared_encoding: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used). `declared_encoding` is the HTTP header charset."""
    if isinstance(data, str):
        return data, "unicode"
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), encoding
    # bytes that are valid UTF-8 are UTF-8 whatever the header says: other charsets almost
    # never produce valid multi-byte sequences by accident (and ASCII decodes the same)
    text = _try_decode(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    meta = meta_charset(data)
    candidates = [e for e in (_normalise(declared_encoding), _normalise(meta)) if e]
    for encoding in dict.fromkeys(candidates):
        if encoding == "utf-8" and (text := _utf8_with_few_invalid_bytes(data)) is not None:
            return text, encoding
        text = _try_decode(data, encoding)
        if text is not None and not _looks_broken(text):
            return text, encoding
    for encoding in detect_encoding(data):
        text = _try_decode(data, encoding)
        if text is not None:
            return text, encoding
    # nothing decodes cleanly: the first candidate, destructively
    encoding = candidates[0] if candidates else "cp1252"
    return data.decode(encoding, errors="replace"), encoding


def meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", errors="ignore") if match else None


def _normalise(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _WHATWG_ALIASES.get(label) or _WHATWG_ALIASES.get(name) or name


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf8_with_few_invalid_bytes(data: bytes) -> str | None:
    """A page declared UTF-8 that holds a few invalid bytes (a truncated multi-byte
    character, one pasted Latin-1 word) decoded as UTF-8 with replacement characters.

    Charset detection on such a page guesses a single-byte charset (windows-1251,
    cp1250) and turns every correct umlaut into mojibake. The declaration is kept
    when the page's non-ASCII characters are overwhelmingly valid UTF-8 sequences
    (a single-byte page mislabelled UTF-8 has almost none) and the invalid ones
    are a trace. None otherwise: the other candidates are tried."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    valid_non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - invalid
    if invalid * _VALID_PER_INVALID > valid_non_ascii or invalid > max(16, len(text) // 1000):
        return None
    return text


def _looks_broken(text: str) -> bool:
    """Mojibake on more than a trace of the text (a page may quote one broken word)."""
    sample = text[:200_000]
    hits = len(_MOJIBAKE.findall(sample))
    return hits > max(2, len(sample) // 20_000)
