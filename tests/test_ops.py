"""Pieces of scheduled operation without a crawl: source locks, log file
names, stats encoding, run records, the progress line, the final verdict."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import bson
import pytest
from scrapy.settings import Settings

from newscrawl.commands.crawl import EXIT_LOCKED, EXIT_OK, EXIT_UNHEALTHY, final_line
from newscrawl.ops import crawlstats
from newscrawl.ops.crawlstats import decode_stats, encode_stats
from newscrawl.ops.lock import SourceBusy, SourceLock, lock_sources
from newscrawl.ops.logfile import log_file_name, run_log_file
from newscrawl.ops.monitors import ErrorRate, FinishReason, run_monitors
from newscrawl.ops.progress import progress_text, wanted
from newscrawl.ops.runs import build_run_record, mark_killed_runs, previous_runs, running_record
from newscrawl.runner import CrawlOutcome

STARTED = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


# --- locks ------------------------------------------------------------------

def test_a_second_lock_of_the_same_source_names_the_holder(tmp_path):
    with SourceLock(tmp_path, "derstandard"), pytest.raises(SourceBusy) as busy:
        SourceLock(tmp_path, "derstandard").acquire()
    assert str(busy.value).startswith(f"source derstandard is being crawled by pid {os.getpid()} since 20")


def test_a_released_lock_can_be_taken_again(tmp_path):
    SourceLock(tmp_path, "orf").acquire().release()
    again = SourceLock(tmp_path, "orf").acquire()  # raises SourceBusy if still held
    assert again.handle is not None
    again.release()
    assert again.handle is None and again.path.read_text() == ""


def test_locks_of_different_sources_do_not_conflict(tmp_path):
    with SourceLock(tmp_path, "orf"):
        held, busy = lock_sources(tmp_path, ["derstandard", "orf"])
    assert [lock.source for lock in held] == ["derstandard"]
    assert [exc.source for exc in busy] == ["orf"]
    for lock in held:
        lock.release()


def test_a_lock_held_by_another_process_is_reported_with_its_pid(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", ("import time; from pathlib import Path; "
                                "from newscrawl.ops.lock import SourceLock; "
                                f"lock = SourceLock(Path({str(tmp_path)!r}), 'orf').acquire(); "
                                "print('held', flush=True); time.sleep(30)")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(SourceBusy) as busy:
            SourceLock(tmp_path, "orf").acquire()
        assert busy.value.pid == holder.pid
    finally:
        holder.kill()
        holder.wait()
    SourceLock(tmp_path, "orf").acquire().release()  # the kernel freed it with the process


# --- log files --------------------------------------------------------------

def test_log_file_names_sort_by_start_and_name_the_sources():
    assert log_file_name(["derstandard", "orf"], STARTED) == "newscrawl-20261125-080000-derstandard+orf.log"


def test_log_file_names_summarise_many_sources():
    assert log_file_name(["a", "b", "c", "d", "e"], STARTED) == "newscrawl-20261125-080000-a+b+c+2.log"
    assert log_file_name(["a", "b"], STARTED, all_sources=True) == "newscrawl-20261125-080000-all.log"


def test_run_logs_go_to_the_data_directory_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("NEWSCRAWL_DATA_DIR", raising=False)
    path = run_log_file(Settings({"NEWSCRAWL_DATA_DIR": str(tmp_path)}), ["orf"], started=STARTED)
    assert path == tmp_path / "log" / "newscrawl-20261125-080000-orf.log"
    assert path.parent.is_dir()


def test_an_explicit_log_file_wins_and_a_dash_means_no_file(tmp_path):
    assert run_log_file(Settings({"LOG_FILE": "x.log"}), ["orf"]) == Path("x.log")
    assert run_log_file(Settings({"NEWSCRAWL_LOG_DIR": "-"}), ["orf"]) is None


# --- stats in MongoDB -------------------------------------------------------

def test_stats_keys_with_dots_are_kept_as_values_not_field_names():
    stats = {"spider_exceptions/json.JSONDecodeError": 2, "start_time": STARTED, "odd": {1, 2}}
    encoded = encode_stats(stats)
    bson.encode({"stats": encoded})  # a dotted field name would not get this far in MongoDB
    assert {"key": "spider_exceptions/json.JSONDecodeError", "value": 2} in encoded
    assert decode_stats(encoded)["start_time"] == STARTED
    assert decode_stats(encoded)["odd"] == "{1, 2}"


def test_a_run_record_counts_fetches_by_outcome_and_drops_by_reason():
    stats = {"start_time": STARTED, "finish_reason": "finished",
             "downloader/request_count": 12, "downloader/response_status_count/200": 10,
             "downloader/response_status_count/503": 2,
             "newscrawl/fetch/article_pages": 9, "newscrawl/fetch/discovery_pages": 1,
             "newscrawl/fetch/failed/http_503": 1, "newscrawl/fetch/articles_failed": 1,
             "newscrawl/store/inserted": 6, "newscrawl/dropped/too_short": 3}
    verdicts = run_monitors([FinishReason(), ErrorRate(max_rate=0.05)], stats)
    record = build_run_record(run_id="r1", batch="b1", source="orf", spider="source", stats=stats,
                              finished=datetime(2026, 11, 25, 8, 1, tzinfo=UTC), verdicts=verdicts,
                              error_statuses=["5xx"], log_file=None)
    assert record["counts"]["responses_by_status"] == {"200": 10, "503": 2}
    assert record["counts"]["dropped"] == {"too_short": 3}
    assert record["counts"]["stored"] == 6 and record["counts"]["errors"] == 1
    assert record["counts"]["fetches"] == 11 and record["counts"]["article_fetches"] == 10
    assert record["duration_s"] == 60.0
    assert record["state"] == "finished" and record["healthy"] is False
    assert record["problems"] == ["error rate 9% > 5% (1 of 11 fetches failed)"]


def test_a_run_record_keeps_each_channel_with_its_entries():
    stats = {"newscrawl/channels/feed/entries/http://127.0.0.1:8001/rss.xml": 20,
             "newscrawl/channels/sitemap/entries/http://127.0.0.1:8001/news.xml": 0,
             "newscrawl/channels/sitemap/failed/http://127.0.0.1:8001/news.xml": 1}
    record = build_run_record(run_id="r1", batch="b1", source="orf", spider="source", stats=stats,
                              finished=STARTED, verdicts=[], error_statuses=["5xx"], log_file=None)
    assert record["channels"] == [
        {"kind": "feed", "url": "http://127.0.0.1:8001/rss.xml", "entries": 20, "failed": False},
        {"kind": "sitemap", "url": "http://127.0.0.1:8001/news.xml", "entries": 0, "failed": True}]


def test_the_summary_of_a_crawl_adds_up_to_its_article_fetches():
    stats = {"newscrawl/fetch/discovery_pages": 3, "newscrawl/incremental/skipped": 50,
             "newscrawl/fetch/article_pages": 9, "newscrawl/fetch/articles_failed": 1,
             "newscrawl/store/inserted": 6, "newscrawl/incremental/not_modified": 1,
             "item_dropped_count": 2}
    assert crawlstats.summary(stats) == (
        "3 discovery pages, 50 articles skipped as archived, 10 article fetches: 6 stored, "
        "1 not modified, 2 dropped, 1 failed")


def test_a_running_record_of_a_dead_process_is_marked_killed_by_the_next_run(db):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    started = datetime.now(UTC).replace(microsecond=0)
    db.runs.insert_many([
        {**running_record(run_id="gone", batch="b", source="orf", spider="source",
                          started=started, log_file=None), "pid": dead.pid},
        running_record(run_id="alive", batch="b", source="apa", spider="source",
                       started=started, log_file=None),
        {**running_record(run_id="elsewhere", batch="b", source="dpa", spider="source",
                          started=started, log_file=None), "pid": dead.pid, "host": "other-host"},
    ])
    assert mark_killed_runs(db, started) == ["gone"]
    killed = db.runs.find_one({"_id": "gone"})
    assert killed["state"] == "killed" and killed["healthy"] is False
    assert killed["finish_reason"] == "killed" and killed["started"] == started
    assert isinstance(killed["noticed"], datetime)
    assert killed["problems"] == [(f"the crawl process (pid {dead.pid}) ended without closing "
                                  "(killed: kill -9, out of memory, reboot)")]
    assert db.runs.find_one({"_id": "alive"})["state"] == "running"
    assert db.runs.find_one({"_id": "elsewhere"})["state"] == "running"


def test_a_run_record_is_stored_whole_with_bson_dates(db):
    stats = {"start_time": STARTED, "finish_reason": "finished"}
    record = build_run_record(run_id="r2", batch="r2", source="orf", spider="feeds", stats=stats,
                              finished=datetime(2026, 11, 25, 8, 1, tzinfo=UTC), verdicts=[],
                              error_statuses=["5xx"], log_file=None)
    db.runs.insert_one(record)
    stored = db.runs.find_one({"_id": "r2"})
    assert stored["started"] == STARTED and isinstance(stored["finished"], datetime)
    assert decode_stats(stored["stats"])["start_time"] == STARTED


def test_the_history_of_a_source_is_its_latest_healthy_runs_of_the_same_spider(db):
    def run(_id, hour, healthy=True, spider="feeds", stored=5):
        return {"_id": _id, "source": "orf", "spider": spider, "healthy": healthy,
                "started": STARTED.replace(hour=hour), "counts": {"stored": stored}}
    db.runs.insert_many([run("old", 1), run("broken", 3, healthy=False, stored=0), run("new", 4),
                         run("sitemap", 5, spider="sitemap"), run("current", 6)])
    history = previous_runs(db, "orf", "feeds", limit=5, exclude="current")
    assert [r["_id"] for r in history] == ["new", "old"]


# --- progress line ----------------------------------------------------------

def test_the_progress_line_sums_the_running_crawlers():
    one = {"newscrawl/fetch/article_pages": 28, "newscrawl/fetch/discovery_pages": 2,
           "newscrawl/store/inserted": 20, "item_dropped_count": 2, "newscrawl/fetch/failed/http_503": 1}
    two = {"newscrawl/fetch/article_pages": 10, "newscrawl/store/replaced": 5,
           "newscrawl/fetch/failed/timeout": 2, "newscrawl/fetch/failed/robots_txt": 4}
    assert progress_text([one, two], elapsed=20) == (
        "pages 40 · items 25 · drops 2 · errors 3 · 2.0 pages/s · 0:20")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_line_shows_on_a_terminal_only_when_the_log_goes_to_a_file():
    assert wanted(Settings({"LOG_FILE": "run.log"}), Terminal())
    assert not wanted(Settings({}), Terminal())  # Scrapy's log lines would tear it
    assert not wanted(Settings({"LOG_FILE": "run.log"}), io.StringIO())  # cron
    assert wanted(Settings({"NEWSCRAWL_PROGRESS": "on"}), io.StringIO())


# --- verdict of `newscrawl crawl` ------------------------------------------

def crawl_result(problems: list[str] | None, reason: str = "finished") -> dict:
    stats = {} if problems is None else {"newscrawl/monitors/problems": problems}
    return {"source": "orf", "spider": "feeds", "finish_reason": reason, "stats": stats}


def test_monitor_problems_are_prefixed_with_spider_and_source():
    outcome = CrawlOutcome([crawl_result(["error rate 34% > 10%"])])
    assert outcome.problems == ["feeds/orf: error rate 34% > 10%"]


def test_without_monitors_the_finish_reason_decides():
    assert CrawlOutcome([crawl_result(None, "not started")]).problems == [
        "feeds/orf: finish reason not started"]


def test_unhealthy_wins_over_locked_and_locked_over_healthy():
    busy = [SourceBusy("derstandard", 42, "2026-11-25T08:00:00+00:00")]
    line, code = final_line(CrawlOutcome([crawl_result(["storage lost"])]), busy)
    assert code == EXIT_UNHEALTHY and line == "UNHEALTHY: feeds/orf: storage lost"
    line, code = final_line(CrawlOutcome([crawl_result([])]), busy)
    assert code == EXIT_LOCKED
    assert line == "LOCKED: source derstandard is being crawled by pid 42 since 2026-11-25T08:00:00+00:00"
    assert final_line(CrawlOutcome([crawl_result([])]), [])[1] == EXIT_OK
