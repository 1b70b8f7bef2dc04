"""A guard that keeps the test suite on the loopback interface.

Tests must never talk to the network (the project's ground rule), and a
library that quietly does so is easy to miss: tldextract's download of the
Public Suffix List on the first Set-Cookie swallowed its own errors. So every
DNS lookup of a name other than ``localhost``, and every connection or
datagram to an address outside 127.0.0.0/8 and ::1, is refused with
:class:`NetworkGuardError` *and recorded*: in :data:`VIOLATIONS` in this
process, and as a line in the file ``$NEWSCRAWL_TEST_NETGUARD_LOG`` in
subprocesses. ``tests/conftest.py`` fails the test during which either grew,
so a library that catches the error still fails the suite.

The pytest process calls :func:`install` from ``conftest.py``; subprocesses
(crawls, the CLI, extraction workers, the embedded server) get it from
``tests/netguard_site/sitecustomize.py``, which Python imports at start-up
when that directory is on ``PYTHONPATH`` and the log variable is set.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import traceback
from typing import Any

LOG_VARIABLE = "NEWSCRAWL_TEST_NETGUARD_LOG"
#: What was refused in this process (the pytest process checks it after each test).
VIOLATIONS: list[str] = []
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
_installed = False
_log_path: str | None = None


class NetworkGuardError(OSError):
    """A lookup or connection beyond 127.0.0.1 during the tests."""


def is_local_host(host: Any) -> bool:
    """A loopback address, or a name that needs no DNS to mean one."""
    if host is None or host == "":
        return True  # getaddrinfo(None, port): the wildcard or loopback, no lookup
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").split("%", 1)[0].lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_numeric(host: Any) -> bool:
    try:
        ipaddress.ip_address(str(host.decode() if isinstance(host, bytes) else host).strip("[]"))
    except ValueError:
        return False
    return True


def _refuse(what: str) -> None:
    line = f"pid {os.getpid()}: {what}"
    VIOLATIONS.append(line)
    if _log_path:
        stack = "".join(traceback.format_stack(limit=12)[:-2])
        with open(_log_path, "a", encoding="utf-8") as file:
            file.write(f"{line}\n{stack}\n")
    raise NetworkGuardError(f"network access beyond 127.0.0.1 during the tests: {what}")


def _check_lookup(host: Any) -> None:
    # a numeric address needs no lookup; connecting to it is checked on connect
    if not is_local_host(host) and not _is_numeric(host):
        _refuse(f"DNS lookup of {host!r}")


def _check_address(family: int, address: Any, what: str) -> None:
    if family in (socket.AF_INET, socket.AF_INET6) and not is_local_host(address[0]):
        _refuse(f"{what} {address!r}")


def package_install_env() -> dict[str, str]:
    """The environment for a test's package install from the package registry
    (``pip install`` building a venv): test set-up, not code under test, so
    the guard is off for that one subprocess. What the installed code then
    runs is guarded as usual."""
    env = dict(os.environ)
    env.pop(LOG_VARIABLE, None)
    return env


def install(log_path: str | None = None) -> None:
    """Patch the socket module of this process (once); refusals are also
    appended to ``log_path`` when given (subprocesses)."""
    global _installed, _log_path
    if _installed:
        return
    _installed, _log_path = True, log_path
    getaddrinfo, gethostbyname, gethostbyname_ex = (
        socket.getaddrinfo, socket.gethostbyname, socket.gethostbyname_ex)
    connect, connect_ex, sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto

    def guarded_getaddrinfo(host, *args, **kwargs):
        _check_lookup(host)
        return getaddrinfo(host, *args, **kwargs)

    def guarded_gethostbyname(host):
        _check_lookup(host)
        return gethostbyname(host)

    def guarded_gethostbyname_ex(host):
        _check_lookup(host)
        return gethostbyname_ex(host)

    def guarded_connect(self, address):
        _check_address(self.family, address, "connection to")
        return connect(self, address)

    def guarded_connect_ex(self, address):
        _check_address(self.family, address, "connection to")
        return connect_ex(self, address)

    def guarded_sendto(self, data, *args):
        _check_address(self.family, args[-1], "datagram to")
        return sendto(self, data, *args)

    socket.getaddrinfo = guarded_getaddrinfo
    socket.gethostbyname = guarded_gethostbyname
    socket.gethostbyname_ex = guarded_gethostbyname_ex
    socket.socket.connect = guarded_connect
    socket.socket.connect_ex = guarded_connect_ex
    socket.socket.sendto = guarded_sendto
