"""Nothing leaves the machine: the test suite's network guard fires (in this
process and in subprocesses), and a crawl of pages that set cookies looks up
no name and opens no connection beyond 127.0.0.1 — Scrapy's cookie handling
used to download the Public Suffix List on the first Set-Cookie."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from newscrawl.demo.site import article_page, load_articles
from tests import netguard
from tests.conftest import ROOT
from tests.hostile_crawl import crawl_archived, write_source
from tests.hostile_server import HostileServer, Reply


@pytest.fixture
def refusals():
    """The refusals of this process during the test, taken off the record
    that fails the test (they are what the test expects)."""
    netguard.VIOLATIONS.clear()
    yield netguard.VIOLATIONS
    netguard.VIOLATIONS.clear()


def test_a_dns_lookup_beyond_localhost_is_refused_and_recorded(refusals):
    with pytest.raises(netguard.NetworkGuardError, match="publicsuffix.org"):
        socket.getaddrinfo("publicsuffix.org", 443)
    assert len(refusals) == 1


def test_a_connection_beyond_loopback_is_refused_before_it_is_made(refusals):
    with socket.socket() as sock, pytest.raises(netguard.NetworkGuardError, match="192.0.2.1"):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: must never be tried anyway
    assert len(refusals) == 1


def test_loopback_lookups_and_connections_pass(refusals):
    assert socket.getaddrinfo("localhost", 80)
    with HostileServer(lifetime=30) as server, socket.create_connection(("127.0.0.1", server.port)):
        pass
    assert refusals == []


def test_the_guard_is_active_in_every_subprocess(tmp_path):
    log = tmp_path / "violations.log"
    result = subprocess.run(
        [sys.executable, "-c", "import socket; socket.getaddrinfo('publicsuffix.org', 443)"],
        cwd=ROOT, env={**os.environ, netguard.LOG_VARIABLE: str(log)},
        capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert "NetworkGuardError" in result.stderr
    assert "DNS lookup of 'publicsuffix.org'" in log.read_text()


COOKIES = {"Set-Cookie": "session=s3cret; Path=/; Domain=news.test"}


def test_a_crawl_of_pages_setting_cookies_contacts_nothing_beyond_loopback(mongo_uri, tmp_path):
    log = tmp_path / "violations.log"
    log.touch()
    os.environ[netguard.LOG_VARIABLE], previous = str(log), os.environ[netguard.LOG_VARIABLE]
    try:
        with HostileServer(lifetime=120) as server:
            articles = [f"/politik/cookie-{n}" for n in range(3)]
            template = load_articles()[0]
            for path in articles:
                server.routes[path] = Reply(article_page({**template, "slug": path[1:]},
                                                         "http://news.test").encode(), headers=COOKIES)
            items = "".join(f"<item><link>{server.url(p, 'news.test')}</link></item>" for p in articles)
            server.routes["/rss.xml"] = Reply(f"<rss><channel>{items}</channel></rss>".encode(),
                                              content_type="application/rss+xml", headers=COOKIES)
            source = write_source(tmp_path / "sources.toml", feeds=[server.url("/rss.xml", "news.test")],
                                  allowed_domains=["news.test"])
            result, stored = crawl_archived("feeds", source, mongo_uri=mongo_uri, tmp_path=tmp_path,
                                            port=server.port)
    finally:
        os.environ[netguard.LOG_VARIABLE] = previous
    assert result.returncode == 0, result.log[-3000:]
    assert len(stored) == 3
    assert any("s3cret" in hit.headers.get("Cookie", "") for hit in server.hits)  # cookies were handled
    assert log.read_text() == ""
