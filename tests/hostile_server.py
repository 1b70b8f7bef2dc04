"""A hostile web server for the hardening tests, and a resolver that keeps
every crawl on the loopback interface.

:class:`HostileServer` binds 127.0.0.1 only and serves ``routes`` (path ->
:class:`Reply`, or a callable taking the :class:`Hit` and returning one; a
``//host/path`` key answers for that host name only, before a bare path). A
reply can stream a generated body (bombs, 50 MB pages) without holding it,
trickle it slowly, leave out Content-Length, or reset the connection; a
request with a Cookie header over 8 KiB is answered 431, as real servers do. Every
response is cut at ``MAX_RESPONSE_BYTES`` and the server shuts itself down
after ``lifetime`` seconds, so a test that goes wrong cannot leave a server
streaming forever. Hits (host, path, headers, time) and bytes sent per path
are recorded for the assertions.

:class:`LoopbackResolver` (``-s DNS_RESOLVER=tests.hostile_server.LoopbackResolver``)
resolves every host name to 127.0.0.1, so tests can use several host names
(cookies and off-site rules are per host) without any traffic leaving the
machine.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

from twisted.internet import defer
from twisted.internet.interfaces import IResolverSimple
from zope.interface import implementer

HOST = "127.0.0.1"
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
#: Like nginx and Apache by default, a request whose Cookie header is longer is
#: answered 431 (Request Header Fields Too Large).
MAX_REQUEST_COOKIE_BYTES = 8 * 1024
MiB = 1024 * 1024


@dataclass
class Reply:
    """One response. ``body`` is bytes or a callable returning an iterable of
    chunks (generated on the fly). ``length=False`` streams it chunked with no
    Content-Length; ``chunk_delay`` sleeps between chunks; ``reset`` answers
    with a TCP reset instead of a response."""

    body: bytes | Callable[[], Iterable[bytes]] = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str | list[str]] = field(default_factory=dict)  # a list: one line each
    length: bool = True
    chunk_delay: float = 0.0
    reset: bool = False


@dataclass(frozen=True)
class Hit:
    host: str
    path: str
    headers: dict[str, str]
    at: float


Route = Reply | Callable[[Hit], Reply]


class HostileServer:
    def __init__(self, lifetime: float = 300.0) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.bytes_sent: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                hit = Hit(self.headers.get("Host", "").split(":")[0], self.path,
                          dict(self.headers.items()), time.monotonic())
                server.hits.append(hit)
                route = server.routes.get(f"//{hit.host}{self.path}", server.routes.get(self.path))
                if len(self.headers.get("Cookie", "")) > MAX_REQUEST_COOKIE_BYTES:
                    reply = Reply(b"<h1>431 Request Header Fields Too Large</h1>", status=431)
                elif route is None:
                    reply = Reply(b"<html><body><h1>404 Not Found</h1></body></html>", status=404)
                else:
                    reply = route(hit) if callable(route) else route
                try:
                    self.respond(reply)
                except (BrokenPipeError, ConnectionResetError, TimeoutError):
                    self.close_connection = True  # the client gave up: that is the point

            def respond(self, reply: Reply) -> None:
                if reply.reset:
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               struct.pack("ii", 1, 0))
                    self.close_connection = True
                    self.connection.close()
                    return
                body = reply.body
                chunks: Iterable[bytes] = [body] if isinstance(body, bytes) else body()
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                if reply.length:
                    length = len(body) if isinstance(body, bytes) else reply.headers["Content-Length"]
                    self.send_header("Content-Length", str(length))
                else:
                    self.send_header("Transfer-Encoding", "chunked")
                for name, value in reply.headers.items():
                    for line in (value if isinstance(value, list) else [value]):
                        if name != "Content-Length":
                            self.send_header(name, line)
                self.end_headers()
                sent = 0
                for chunk in chunks:
                    chunk = chunk[:MAX_RESPONSE_BYTES - sent]
                    if not chunk:
                        break
                    self.wfile.write(chunk if reply.length else
                                     b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
                    server.bytes_sent[self.path] = server.bytes_sent.get(self.path, 0) + len(chunk)
                    if reply.chunk_delay:
                        self.wfile.flush()
                        time.sleep(reply.chunk_delay)
                if not reply.length:
                    self.wfile.write(b"0\r\n\r\n")

            def finish(self) -> None:
                try:
                    super().finish()
                except (OSError, ValueError):  # socket reset or closed on purpose
                    pass

            def log_message(self, format: str, *args) -> None:  # quiet
                pass

        self.httpd = ThreadingHTTPServer((HOST, 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.watchdog = threading.Timer(lifetime, self.stop)
        self.watchdog.daemon = True
        self._stopped = threading.Event()

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def url(self, path: str, host: str = HOST) -> str:
        return f"http://{host}:{self.port}{path}"

    def hits_of(self, path: str) -> list[Hit]:
        return [hit for hit in self.hits if hit.path == path]

    def start(self) -> Self:
        self.thread.start()
        self.watchdog.start()
        return self

    def stop(self) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        self.watchdog.cancel()
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --- hostile bodies ------------------------------------------------------------------


def zeros(total: int, chunk: int = MiB) -> Iterator[bytes]:
    """``total`` zero bytes in chunks, never all held at once."""
    block = b"\0" * chunk
    for start in range(0, total, chunk):
        yield block[: min(chunk, total - start)]


def filler_page(total: int) -> Callable[[], Iterator[bytes]]:
    """A ``total``-byte HTML page, generated chunk by chunk."""
    def chunks() -> Iterator[bytes]:
        yield b"<html><body><p>"
        line = b"Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 1000
        sent = 15
        while sent < total:
            part = line[: total - sent]
            sent += len(part)
            yield part
    return chunks


@cache
def deflate_bomb(decompressed: int, wbits: int) -> bytes:
    """``decompressed`` zero bytes compressed with zlib (wbits 31: gzip, 15: deflate)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    parts = [compressor.compress(chunk) for chunk in zeros(decompressed)]
    return b"".join(parts) + compressor.flush()


@cache
def brotli_bomb(decompressed: int) -> bytes:
    import brotli

    compressor = brotli.Compressor(quality=5)
    parts = [compressor.process(chunk) for chunk in zeros(decompressed)]
    return b"".join(parts) + compressor.finish()


def nested_html(depth: int, inner: str) -> bytes:
    """``inner`` inside ``depth`` nested <div>s."""
    return (b"<html><head><title>Deep</title></head><body>" + b"<div>" * depth
            + inner.encode() + b"</div>" * depth + b"</body></html>")


# --- a resolver that sends everything to 127.0.0.1 ------------------------------------


@implementer(IResolverSimple)
class LoopbackResolver:
    """Scrapy DNS_RESOLVER for tests: every name is 127.0.0.1."""

    def __init__(self, reactor) -> None:
        self.reactor = reactor

    @classmethod
    def from_crawler(cls, crawler, reactor):
        return cls(reactor)

    def install_on_reactor(self) -> None:
        self.reactor.installResolver(self)

    def getHostByName(self, name: str, timeout=()) -> defer.Deferred:
        return defer.succeed(HOST)
