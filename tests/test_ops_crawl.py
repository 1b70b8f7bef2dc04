"""``newscrawl crawl`` as cron runs it: real crawls of a fixture site on
127.0.0.1 in a subprocess, judged by exit code, last line, log file and the
record in ``runs``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newscrawl.demo.server import Page
from newscrawl.demo.site import build_routes, load_articles
from newscrawl.ops.crawlstats import decode_stats
from newscrawl.ops.lock import SourceLock
from tests.conftest import ROOT, free_port, run_scrapy, write_sources


@pytest.fixture
def news_site(site):
    site.routes.update(build_routes(site.base_url))
    return site


@pytest.fixture
def source_file(news_site, tmp_path) -> str:
    return str(write_sources(tmp_path / "sources.toml", fixture={"feeds": [news_site.url("/rss.xml")]}))


def newscrawl_crawl(source_file: str, mongo_uri: str, db, tmp_path: Path, *settings: str,
                    sources: tuple[str, ...] = ("fixture",)):
    env = {**os.environ, "NEWSCRAWL_MONGO_URI": mongo_uri}
    env.pop("NEWSCRAWL_DATA_DIR", None)
    command = [sys.executable, "-m", "newscrawl.cli", "crawl", *sources,
               "-s", f"NEWSCRAWL_SOURCE_FILES={source_file}", "-s", f"NEWSCRAWL_MONGO_DATABASE={db.name}",
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
               "-s", f"NEWSCRAWL_DATA_DIR={tmp_path / 'var'}", *settings]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                          check=False)


def last_line(result) -> str:
    return result.stdout.strip().splitlines()[-1]


def test_a_healthy_run_exits_0_logs_to_its_own_file_and_is_recorded(news_site, source_file, mongo_uri, db, tmp_path):
    result = newscrawl_crawl(source_file, mongo_uri, db, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert last_line(result).startswith("OK: 1 crawls healthy")
    logs = list((tmp_path / "var" / "log").glob("newscrawl-*-fixture.log"))
    assert len(logs) == 1 and "Spider closed (finished)" in logs[0].read_text()
    assert re.fullmatch(r"newscrawl-\d{8}-\d{6}-fixture\.log", logs[0].name)
    run = db.runs.find_one()
    assert run["source"] == "fixture" and run["spider"] == "source" and run["healthy"] is True
    assert run["state"] == "finished"
    assert isinstance(run["started"], datetime) and isinstance(run["finished"], datetime)
    assert run["counts"]["stored"] == len(load_articles())
    assert decode_stats(run["stats"])["downloader/response_status_count/200"] == run["counts"]["responses"]
    assert run["log_file"] == str(logs[0])
    assert run["_id"] == decode_stats(run["stats"])["newscrawl/run_id"]  # joins with what the run archived


def test_a_run_with_many_failed_fetches_exits_1_and_says_why_last(news_site, source_file, mongo_uri, db, tmp_path):
    for path in set(news_site.routes) - {"/robots.txt", "/rss.xml"}:
        news_site.routes[path] = Page(b"forbidden", status=403)
    result = newscrawl_crawl(source_file, mongo_uri, db, tmp_path)
    assert result.returncode == 1
    assert last_line(result) == ("UNHEALTHY: source/fixture: error rate 86% > 10% (6 of 7 fetches failed); "
                                 "source/fixture: 6 new articles listed, none stored")
    assert db.runs.find_one()["healthy"] is False


def test_a_feed_that_listed_articles_before_and_is_empty_now_is_unhealthy(news_site, source_file, mongo_uri, db, tmp_path):
    feed = news_site.url("/rss.xml")
    db.runs.insert_one({"_id": "earlier", "source": "fixture", "spider": "source", "healthy": True,
                        "started": datetime.now(UTC) - timedelta(hours=1), "counts": {"stored": 6},
                        "channels": [{"kind": "feed", "url": feed, "entries": 6, "failed": False}]})
    news_site.routes["/rss.xml"] = Page(b"<rss><channel></channel></rss>", content_type="application/rss+xml")
    result = newscrawl_crawl(source_file, mongo_uri, db, tmp_path)
    assert result.returncode == 1
    assert last_line(result) == f"UNHEALTHY: source/fixture: feed {feed} empty (6 entries in the last healthy run)"


def test_an_unreachable_feed_is_unhealthy(news_site, source_file, mongo_uri, db, tmp_path):
    news_site.routes["/rss.xml"] = Page(b"gone", status=404)
    result = newscrawl_crawl(source_file, mongo_uri, db, tmp_path)
    assert result.returncode == 1
    assert last_line(result) == f"UNHEALTHY: source/fixture: feed {news_site.url('/rss.xml')} unreachable"


def test_a_run_whose_archive_is_down_is_unhealthy_and_says_where_the_articles_went(news_site, source_file, db, tmp_path):
    down = f"mongodb://127.0.0.1:{free_port()}/"
    result = newscrawl_crawl(source_file, down, db, tmp_path, "-s", "NEWSCRAWL_MONGO_TIMEOUT_MS=300")
    assert result.returncode == 1
    assert last_line(result) == ("UNHEALTHY: source/fixture: 6 articles not archived "
                                 "(6 spooled for 'newscrawl replay')")


def test_a_source_that_is_being_crawled_is_not_crawled_twice(news_site, source_file, mongo_uri, db, tmp_path):
    with SourceLock(tmp_path / "var" / "locks", "fixture"):
        result = newscrawl_crawl(source_file, mongo_uri, db, tmp_path)
    assert result.returncode == 75
    assert last_line(result).startswith(f"LOCKED: source fixture is being crawled by pid {os.getpid()} since ")
    assert news_site.requests == []


def test_a_locked_source_is_skipped_and_the_others_are_crawled(news_site, source_file, mongo_uri, db, tmp_path):
    feeds = {"feeds": [news_site.url("/rss.xml")]}
    write_sources(Path(source_file), fixture=feeds, second=feeds)
    with SourceLock(tmp_path / "var" / "locks", "second"):
        result = newscrawl_crawl(source_file, mongo_uri, db, tmp_path, sources=("fixture", "second"))
    assert result.returncode == 75
    assert "skipped: source second is being crawled by pid" in result.stderr
    assert last_line(result).startswith("LOCKED: source second")
    assert [run["source"] for run in db.runs.find()] == ["fixture"]


def test_scrapy_crawl_runs_are_recorded_too(news_site, source_file, mongo_uri, db, tmp_path):
    result = run_scrapy("crawl", "feeds", "-a", "source=fixture", "-s", f"NEWSCRAWL_SOURCE_FILES={source_file}",
                        mongo_uri=mongo_uri, database=db.name, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    run = db.runs.find_one()
    assert run["spider"] == "feeds" and run["finish_reason"] == "finished"
    assert "'newscrawl/monitors/problems': []" in result.stderr


def test_scrapy_crawl_from_cron_exits_1_when_its_articles_were_spooled(news_site, source_file, db, tmp_path):
    """Cron runs `scrapy crawl` as often as `newscrawl crawl`: the same verdict, the same exit."""
    down = f"mongodb://127.0.0.1:{free_port()}/"
    result = run_scrapy("crawl", "source", "-a", "source=fixture",
                        "-s", f"NEWSCRAWL_SOURCE_FILES={source_file}",
                        "-s", "NEWSCRAWL_MONGO_TIMEOUT_MS=300",
                        mongo_uri=down, database=db.name, tmp_path=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "UNHEALTHY: source/fixture: 6 articles not archived (6 spooled for 'newscrawl replay')")


def test_scrapy_crawl_of_a_healthy_run_exits_0(news_site, source_file, mongo_uri, db, tmp_path):
    result = run_scrapy("crawl", "source", "-a", "source=fixture",
                        "-s", f"NEWSCRAWL_SOURCE_FILES={source_file}",
                        mongo_uri=mongo_uri, database=db.name, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "UNHEALTHY" not in result.stderr
