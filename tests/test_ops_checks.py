"""Health of the schedule from the ``runs`` collection: ``newscrawl runs
--check`` reports a crawl whose latest run is unhealthy, stale or missing."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta

from newscrawl.ops.checks import Crawl, run_line, schedule_problems
from tests.conftest import run_newscrawl

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
FEEDS = Crawl("orf", "feeds")


def record(hours_ago: float, healthy: bool = True, problems: list[str] | None = None) -> dict:
    finished = NOW - timedelta(hours=hours_ago)
    return {"source": "orf", "spider": "feeds", "healthy": healthy, "problems": problems or [],
            "started": finished - timedelta(minutes=3), "finished": finished,
            "duration_s": 180.0, "counts": {"pages": 40, "stored": 12, "errors": 1}}


def test_a_recent_healthy_latest_run_is_no_problem():
    assert schedule_problems([(FEEDS, record(0.5))], NOW, timedelta(hours=2)) == []


def test_an_unhealthy_latest_run_is_reported_with_its_problems():
    latest = record(0.5, healthy=False, problems=["error rate 34% > 10% (34 of 100 requests failed)"])
    assert schedule_problems([(FEEDS, latest)], NOW) == [
        "feeds/orf: last run (2026-11-25 08:27 UTC) error rate 34% > 10% (34 of 100 requests failed)"]


def test_a_latest_run_older_than_the_allowed_age_is_reported():
    assert schedule_problems([(FEEDS, record(5))], NOW, timedelta(hours=2)) == [
        "feeds/orf: no run since 2026-11-25 04:00 UTC (5h00m ago > 2h00m)"]


def test_age_is_not_judged_without_a_maximum():
    assert schedule_problems([(FEEDS, record(500))], NOW) == []


def test_a_crawl_never_recorded_is_reported_when_an_age_is_required():
    assert schedule_problems([(FEEDS, None)], NOW, timedelta(hours=2)) == ["feeds/orf: no run recorded"]
    assert schedule_problems([(FEEDS, None)], NOW) == []


def test_a_run_line_shows_time_crawl_verdict_and_counts():
    assert run_line(record(0.5)) == "2026-11-25 08:27 UTC  feeds/orf  ok  180s  40 pages  12 stored  1 errors"


def newscrawl_runs(*args: str, mongo_uri: str, database: str, source_file) -> subprocess.CompletedProcess:
    return run_newscrawl("runs", *args, "-s", f"NEWSCRAWL_MONGO_DATABASE={database}",
                         "-s", f"NEWSCRAWL_SOURCE_FILES={source_file}",
                         env={"NEWSCRAWL_MONGO_URI": mongo_uri}, timeout=60)


def test_runs_check_exits_1_when_a_source_has_not_run_lately(db, mongo_uri, tmp_path):
    source_file = tmp_path / "sources.toml"
    source_file.write_text('[fixture]\nlanguage = "de"\nfeeds = ["http://127.0.0.1:9/rss.xml"]\n'
                           'sitemaps = ["http://127.0.0.1:9/news.xml"]\n'
                           '[other]\nlanguage = "de"\nfeeds = ["http://127.0.0.1:9/other.xml"]\n')
    now = datetime.now(UTC)
    db.runs.insert_many([
        {"_id": "o", "source": "other", "spider": "source", "healthy": True,
         "started": now - timedelta(minutes=30), "finished": now - timedelta(minutes=28)},
        {"_id": "f", "source": "fixture", "spider": "source", "healthy": True,
         "started": now - timedelta(hours=9), "finished": now - timedelta(hours=8, minutes=58)},
        # a channel spider run by hand is not what the schedule runs
        {"_id": "s", "source": "fixture", "spider": "sitemap", "healthy": True,
         "started": now - timedelta(minutes=30), "finished": now - timedelta(minutes=28)},
    ])
    result = newscrawl_runs("--check", "--max-age", "2", "fixture", "other", mongo_uri=mongo_uri,
                            database=db.name, source_file=source_file)
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stdout.strip().startswith("UNHEALTHY: source/fixture: no run since ")
    assert "other" not in result.stdout


def test_runs_check_judges_the_spiders_a_schedule_names(db, mongo_uri, tmp_path):
    """A cron job of `scrapy crawl sitemap` is checked with --spider sitemap."""
    source_file = tmp_path / "sources.toml"
    source_file.write_text('[fixture]\nlanguage = "de"\nsitemaps = ["http://127.0.0.1:9/news.xml"]\n')
    now = datetime.now(UTC)
    db.runs.insert_one({"_id": "s", "source": "fixture", "spider": "sitemap", "healthy": False,
                        "problems": ["channels: sitemap http://127.0.0.1:9/news.xml unreachable"],
                        "started": now - timedelta(minutes=30), "finished": now - timedelta(minutes=28)})
    result = newscrawl_runs("--check", "--max-age", "2", "--spider", "sitemap", "fixture",
                            mongo_uri=mongo_uri, database=db.name, source_file=source_file)
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stdout.startswith("UNHEALTHY: sitemap/fixture: last run (")
    assert "source/fixture" not in result.stdout


def test_runs_check_refuses_an_unknown_spider(db, mongo_uri, tmp_path):
    result = newscrawl_runs("--check", "--spider", "sitemaps", mongo_uri=mongo_uri,
                            database=db.name, source_file=tmp_path / "none.toml")
    assert result.returncode == 2
    assert "invalid choice: 'sitemaps'" in result.stderr


def test_runs_lists_the_latest_runs_newest_first(db, mongo_uri, tmp_path):
    source_file = tmp_path / "sources.toml"
    source_file.write_text("")
    db.runs.insert_many([{"_id": str(hour), "source": "orf", "spider": "feeds", "healthy": True,
                          "started": NOW.replace(hour=hour), "counts": {"stored": hour}}
                         for hour in (3, 5, 4)])
    result = newscrawl_runs("-n", "2", mongo_uri=mongo_uri, database=db.name, source_file=source_file)
    assert [line.split("  ")[0] for line in result.stdout.splitlines()] == [
        "2026-11-25 05:00 UTC", "2026-11-25 04:00 UTC"]
