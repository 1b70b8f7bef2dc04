"""No loss on outage, end to end: the archive server stops in the middle of a
real crawl, the crawl spools what it cannot write and finishes, the server
comes back and ``newscrawl replay`` completes the archive without duplicates."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from newscrawl.demo.server import Page
from newscrawl.demo.site import build_routes, load_articles
from newscrawl.store.embedded import EmbeddedServer
from newscrawl.store.mongo import connect
from tests.conftest import ROOT, free_port
from tests.test_crawl import write_source


def slow(page: Page, seconds: float):
    def respond(_handler) -> Page:
        time.sleep(seconds)
        return page
    return respond


def test_server_stopped_mid_crawl_then_replay_loses_and_duplicates_nothing(site, tmp_path):
    server = EmbeddedServer(tmp_path / "archive", free_port())
    uri = server.start()
    articles = load_articles()
    routes = build_routes(site.base_url)
    for article in articles:  # slow pages, so the crawl is still running when the server stops
        routes[f"/{article['slug']}"] = slow(routes[f"/{article['slug']}"], 0.7)
    site.routes.update(routes)
    source = write_source(tmp_path, site.base_url, feeds=[site.url("/rss.xml")])
    env = {**os.environ, "NEWSCRAWL_MONGO_URI": uri, "NEWSCRAWL_DATA_DIR": str(tmp_path / "var")}
    settings = ["-s", "NEWSCRAWL_MONGO_DATABASE=outage", "-s", f"NEWSCRAWL_SOURCE_FILES={source}",
                "-s", "NEWSCRAWL_MONGO_BATCH_SIZE=1", "-s", "NEWSCRAWL_MONGO_TIMEOUT_MS=400",
                "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=1"]
    crawl = subprocess.Popen([sys.executable, "-m", "scrapy", "crawl", "feeds", "-a", "source=fixture",
                              *settings], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    client = connect(uri, timeout_ms=1000)
    try:
        deadline = time.monotonic() + 60
        while client.outage.articles.count_documents({}) == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        written_before = client.outage.articles.count_documents({})
        assert 0 < written_before < len(articles)
        server.stop()
        _, stderr = crawl.communicate(timeout=120)
        assert "newscrawl/store/spooled" in stderr, stderr[-3000:]
        assert list((tmp_path / "var" / "spool").glob("*.jsonl"))

        server.start()
        replay = subprocess.run([sys.executable, "-m", "newscrawl.cli", "replay", *settings],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert replay.returncode == 0, replay.stdout + replay.stderr
        urls = [d["url"] for d in client.outage.articles.find({}, {"url": 1})]
        assert sorted(urls) == sorted(site.url(f"/{a['slug']}") for a in articles)
        assert client.outage.fetches.count_documents({}) == len(articles)
        assert client.outage.pages.count_documents({}) == len(articles)
        assert not list((tmp_path / "var" / "spool").glob("*.jsonl"))
    finally:
        if crawl.poll() is None:
            crawl.kill()
        client.close()
        server.stop()
