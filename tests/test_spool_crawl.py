"""No loss on outage, end to end: the archive server stops in the middle of a
real crawl, the crawl spools what it cannot write and finishes, the server
comes back and ``newscrawl replay`` completes the archive without duplicates.
A crawl stopped by SIGTERM writes its batch; one killed by SIGKILL loses only
its batch, which the next run fetches again (those URLs are not archived)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

from newscrawl.demo.server import Page
from newscrawl.demo.site import build_routes, load_articles
from newscrawl.store.embedded import EmbeddedServer
from newscrawl.store.mongo import connect
from tests.conftest import ROOT, free_port, run_newscrawl, run_scrapy
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
    settings = [
        "-s",
        "NEWSCRAWL_MONGO_DATABASE=outage",
        "-s",
        f"NEWSCRAWL_SOURCE_FILES={source}",
        "-s",
        "NEWSCRAWL_MONGO_BATCH_SIZE=1",
        "-s",
        "NEWSCRAWL_MONGO_TIMEOUT_MS=400",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "CONCURRENT_REQUESTS=1",
    ]
    crawl = subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawl", "feeds", "-a", "source=fixture", *settings],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
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
        replay = run_newscrawl("replay", *settings, env=env, timeout=120)
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


def start_slow_crawl(site, tmp_path, mongo_uri, database, *extra: str, delay=0.5):
    """A feed crawl of the demo site with slow article pages and a batch that
    neither fills up nor times out on its own."""
    routes = build_routes(site.base_url)
    paths = [f"/{a['slug']}" for a in load_articles()]
    for path in paths:
        routes[path] = slow(routes[path], delay)
    site.routes.update(routes)
    source = write_source(tmp_path, site.base_url, feeds=[site.url("/rss.xml")])
    env = {
        **os.environ,
        "NEWSCRAWL_MONGO_URI": mongo_uri,
        "NEWSCRAWL_DATA_DIR": str(tmp_path / "var"),
    }
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "feeds",
        "-a",
        "source=fixture",
        "-s",
        f"NEWSCRAWL_MONGO_DATABASE={database}",
        "-s",
        f"NEWSCRAWL_SOURCE_FILES={source}",
        "-s",
        "NEWSCRAWL_MONGO_BATCH_SIZE=100",
        "-s",
        "NEWSCRAWL_MONGO_FLUSH_INTERVAL=600",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "CONCURRENT_REQUESTS=1",
        *extra,
    ]
    crawl = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while sum(p in paths for p in site.requests) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # the third page is being processed
    return crawl, source, paths


def test_sigterm_flushes_the_batch_in_memory(site, db, mongo_uri, tmp_path):
    crawl, _, _ = start_slow_crawl(site, tmp_path, mongo_uri, db.name)
    try:
        assert db.articles.count_documents({}) == 0  # still in the batch
        crawl.send_signal(signal.SIGTERM)
        _, stderr = crawl.communicate(timeout=60)
    finally:
        if crawl.poll() is None:
            os.killpg(crawl.pid, signal.SIGKILL)
    scraped = int(re.search(r"'item_scraped_count': (\d+)", stderr).group(1))
    assert scraped >= 2 and db.articles.count_documents({}) == scraped
    assert db.fetches.count_documents({}) == scraped


def test_after_sigkill_the_next_run_fetches_what_was_lost(site, db, mongo_uri, tmp_path):
    crawl, source, paths = start_slow_crawl(site, tmp_path, mongo_uri, db.name)
    os.killpg(crawl.pid, signal.SIGKILL)  # the crawl and its extraction workers, nothing else
    crawl.communicate(timeout=30)
    assert db.articles.count_documents({}) == 0  # the batch died with the process
    fetched_before = [p for p in site.requests if p in paths]
    for path in paths:
        site.routes[path] = build_routes(site.base_url)[path]
    site.requests.clear()
    again = run_scrapy(
        "crawl",
        "feeds",
        "-a",
        "source=fixture",
        "-s",
        f"NEWSCRAWL_SOURCE_FILES={source}",
        mongo_uri=mongo_uri,
        database=db.name,
        tmp_path=tmp_path,
    )
    assert again.returncode == 0, again.stderr[-3000:]
    assert set(fetched_before) <= set(site.requests)
    assert db.articles.count_documents({}) == len(paths)


def test_a_crawl_with_the_database_down_from_the_start_spools_everything(
    site, db, mongo_uri, tmp_path
):
    site.routes.update(build_routes(site.base_url))
    source = write_source(tmp_path, site.base_url, feeds=[site.url("/rss.xml")])
    down = f"mongodb://127.0.0.1:{free_port()}/"
    settings = ["-s", f"NEWSCRAWL_SOURCE_FILES={source}", "-s", "NEWSCRAWL_MONGO_TIMEOUT_MS=300"]
    result = run_scrapy(
        "crawl",
        "feeds",
        "-a",
        "source=fixture",
        *settings,
        mongo_uri=down,
        database=db.name,
        tmp_path=tmp_path,
    )
    assert result.returncode == 1, result.stderr[-3000:]  # unhealthy: nothing archived
    assert f"'newscrawl/store/spooled': {len(load_articles())}" in result.stderr
    assert "'newscrawl/incremental/lookup_failed'" in result.stderr
    env = {
        **os.environ,
        "NEWSCRAWL_MONGO_URI": mongo_uri,
        "NEWSCRAWL_DATA_DIR": str(tmp_path / "var"),
    }
    # the spool names the server it was meant for; this one is another
    replay = run_newscrawl("replay", "--into-configured", "-s", f"NEWSCRAWL_MONGO_DATABASE={db.name}",
                           env=env, timeout=120)
    assert replay.returncode == 0, replay.stdout + replay.stderr
    assert db.articles.count_documents({}) == len(load_articles())
    assert db.articles.count_documents({"cluster_id": None}) == 0  # clustered on replay


def test_a_batch_is_written_once_its_raw_bodies_reach_the_byte_limit(site, db, mongo_uri, tmp_path):
    crawl, _, _ = start_slow_crawl(
        site, tmp_path, mongo_uri, db.name, "-s", "NEWSCRAWL_STORE_BATCH_BODY_BYTES=1", delay=1.0
    )
    try:
        deadline = time.monotonic() + 60
        while db.articles.count_documents({}) < 2 and crawl.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        still_running = crawl.poll() is None
        crawl.communicate(timeout=60)
    finally:
        if crawl.poll() is None:
            os.killpg(crawl.pid, signal.SIGKILL)
    # written one page at a time: two articles stored while the crawl still runs
    assert still_running
