"""Distributed mode: two ``scrapy crawl`` processes with the
``newscrawl.settings.distributed`` profile share one Redis scheduler and
dupefilter (a redis-server the test starts on a free 127.0.0.1 port), so the
fixture site sees every URL once and the archive holds every article once."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime

import pytest
import redis

from newscrawl.demo.server import Page
from newscrawl.demo.site import build_routes, load_articles
from newscrawl.ops.distributed import distributed_run, key_prefix
from tests.conftest import ROOT, free_port, write_sources

#: Seconds each article page takes to serve, so one process cannot drain the
#: shared queue before the other looks at it (an idle Scrapy engine polls its
#: scheduler every 5 s).
SLOW_PAGE_SECONDS = 1.5


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A throw-away redis-server: no snapshots, no append-only file."""
    binary = shutil.which("redis-server")
    if binary is None and not os.environ.get("CI"):
        pytest.skip("redis-server is not installed (make test installs it when run as root)")
    assert binary, "redis-server is not installed: apt-get install redis-server (make test does)"
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(workdir)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)


def slow(page: Page):
    def serve(_handler) -> Page:
        time.sleep(SLOW_PAGE_SECONDS)
        return page
    return serve


def start_crawler(source_file, mongo_uri, database, tmp_path, redis_url, run_id, spider="feeds"):
    env = {**os.environ, "NEWSCRAWL_MONGO_URI": mongo_uri, "NEWSCRAWL_REDIS_URL": redis_url,
           "SCRAPY_SETTINGS_MODULE": "newscrawl.settings.distributed",
           "NEWSCRAWL_DISTRIBUTED_RUN": run_id}
    command = [sys.executable, "-m", "scrapy", "crawl", spider, "-a", "source=fixture",
               "-s", f"NEWSCRAWL_SOURCE_FILES={source_file}", "-s", f"NEWSCRAWL_MONGO_DATABASE={database}",
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
               "-s", "CONCURRENT_REQUESTS=1", "-s", "NEWSCRAWL_DISTRIBUTED_IDLE_SECONDS=4",
               "-s", f"NEWSCRAWL_DATA_DIR={tmp_path / 'var'}"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("spider", ["feeds", "source"])
def test_two_processes_share_the_work_and_fetch_every_url_once(site, mongo_uri, db, tmp_path, redis_url,
                                                               spider):
    routes = build_routes(site.base_url)
    site.routes.update({path: page if path in ("/robots.txt", "/rss.xml") else slow(page)
                        for path, page in routes.items()})
    source_file = write_sources(tmp_path / "sources.toml", fixture={"feeds": [site.url("/rss.xml")]})
    run_id = f"test-{uuid.uuid4().hex[:8]}"
    crawlers = [start_crawler(source_file, mongo_uri, db.name, tmp_path, redis_url, run_id, spider)
                for _ in range(2)]
    logs = [c.communicate(timeout=120)[1] for c in crawlers]
    assert [c.returncode for c in crawlers] == [0, 0], logs[0][-2000:] + logs[1][-2000:]

    fetched = Counter(path for path in site.requests if path != "/robots.txt")
    assert fetched and max(fetched.values()) == 1, fetched
    assert fetched["/rss.xml"] == 1
    assert db.articles.count_documents({}) == len(load_articles())
    assert len({d["url"] for d in db.articles.find()}) == len(load_articles())
    dequeued = [int(m.group(1)) if (m := re.search(r"'scheduler/dequeued/redis': (\d+)", log)) else 0
                for log in logs]
    assert all(n > 0 for n in dequeued), dequeued  # both processes took requests from the queue


def test_the_queue_and_dupefilter_keys_name_run_source_and_spider():
    assert key_prefix("2026112508", "der standard", "feeds") == "newscrawl:2026112508:der_standard:feeds"


def test_processes_of_one_hourly_timer_share_a_run_id_by_default(monkeypatch):
    monkeypatch.delenv("NEWSCRAWL_DISTRIBUTED_RUN", raising=False)
    at = datetime(2026, 11, 25, 8, 17, tzinfo=UTC)
    assert distributed_run({}, at) == distributed_run({}, at.replace(minute=59)) == "2026112508"
    assert distributed_run({"NEWSCRAWL_DISTRIBUTED_RUN": "nightly-42"}, at) == "nightly-42"
