"""The HTTP response inside a WARC ``response`` record: status, headers and
the body as the page's author sent it (transfer and content codings undone).

A WARC record keeps the bytes a crawler received, so the body may be sent in
chunks and gzip-, deflate- or brotli-compressed. FastWARC can undo both, but
without a bound on the decoded size; here every decoding stops at
``max_bytes`` (a decompression bomb in someone else's WARC must not take the
importer's memory) and says what went wrong with a reason the importer counts.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import brotli


class HttpError(ValueError):
    """The record holds no usable HTTP response; ``reason`` names why."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass
class HttpResponse:
    status: int
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", "
    body: bytes

    @property
    def mime_type(self) -> str:
        return (self.headers.get("content-type") or "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in (self.headers.get("content-type") or "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


def parse_response(block: bytes, *, max_bytes: int) -> HttpResponse:
    """The HTTP response in a WARC record block; raises :class:`HttpError`."""
    head, sep, body = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = block.partition(b"\n\n")  # a few crawlers wrote bare newlines
    lines = head.decode("latin-1").splitlines()
    if not sep or not lines or not lines[0].startswith("HTTP/"):
        raise HttpError("bad_http", "no HTTP status line and header block")
    parts = lines[0].split(None, 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise HttpError("bad_http", f"status line {lines[0][:80]!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon:
            key = name.strip().lower()
            headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = dechunk(body, max_bytes)
    for coding in reversed([c.strip().lower() for c in
                            headers.get("content-encoding", "").split(",") if c.strip()]):
        body = decode_content(body, coding, max_bytes)
    if len(body) > max_bytes:
        raise HttpError("too_large", f"{len(body)} bytes > {max_bytes}")
    return HttpResponse(int(parts[1]), headers, body)


def dechunk(data: bytes, max_bytes: int) -> bytes:
    """Undo ``Transfer-Encoding: chunked``. Some archives store the body
    already de-chunked while keeping the header: data that does not start
    with a chunk size is returned as it is."""
    out = bytearray()
    pos = 0
    while True:
        end = data.find(b"\r\n", pos)
        size_text = data[pos:end].split(b";")[0].strip() if end >= 0 else b""
        try:
            size = int(size_text, 16)
        except ValueError:
            if pos == 0:
                return data  # not chunked after all
            raise HttpError("bad_chunked", f"chunk size {size_text[:20]!r}") from None
        if size == 0:
            return bytes(out)
        start = end + 2
        if start + size > len(data):
            raise HttpError("bad_chunked", "a chunk runs past the end of the record")
        out += data[start:start + size]
        if len(out) > max_bytes:
            raise HttpError("too_large", f"over {max_bytes} bytes de-chunked")
        pos = start + size + 2


def decode_content(data: bytes, coding: str, max_bytes: int) -> bytes:
    """Undo one content coding, never producing more than ``max_bytes``."""
    if coding in ("identity", ""):
        return data
    try:
        if coding in ("gzip", "x-gzip", "deflate"):
            return _inflate(data, coding, max_bytes)
        if coding == "br":
            return _unbrotli(data, max_bytes)
    except (zlib.error, brotli.error) as exc:
        raise HttpError("bad_content_encoding", f"{coding}: {exc}") from None
    raise HttpError("bad_content_encoding", f"unknown coding {coding!r}")


def _inflate(data: bytes, coding: str, max_bytes: int) -> bytes:
    # 47: gzip or zlib header; a raw deflate stream (what some servers send as
    # "deflate") is tried when the zlib header is missing.
    wbits = 47 if coding != "deflate" or data[:1] == b"\x78" else -15
    decompressor = zlib.decompressobj(wbits)
    out = decompressor.decompress(data, max_bytes + 1)
    if len(out) > max_bytes:
        raise HttpError("too_large", f"over {max_bytes} bytes decompressed")
    return out


def _unbrotli(data: bytes, max_bytes: int) -> bytes:
    decompressor = brotli.Decompressor()
    out = bytearray(decompressor.process(data, output_buffer_limit=max_bytes + 1))
    while len(out) <= max_bytes and not decompressor.can_accept_more_data():
        out += decompressor.process(b"", output_buffer_limit=max_bytes + 1 - len(out))
    if len(out) > max_bytes:
        raise HttpError("too_large", f"over {max_bytes} bytes decompressed")
    return bytes(out)
