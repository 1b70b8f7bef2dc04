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
from newscrawl.ops.crawlstats import decode_stats, encode_stats
from newscrawl.ops.lock import SourceBusy, SourceLock, lock_sources
from newscrawl.ops.logfile import log_file_name, run_log_file
from newscrawl.ops.monitors import ErrorRate, FinishReason, run_monitors
from newscrawl.ops.progress import progress_text, wanted
from newscrawl.ops.runs import build_run_record, previous_runs
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


def test_a_run_record_counts_responses_by_status_and_drops_by_reason():
    stats = {"start_time": STARTED, "finish_reason": "finished",
             "downloader/request_count": 12, "downloader/response_status_count/200": 10,
             "downloader/response_status_count/503": 2, "newscrawl/store/inserted": 7,
             "newscrawl/dropped/too_short": 3}
    verdicts = run_monitors([FinishReason(), ErrorRate(max_rate=0.1)], stats)
    record = build_run_record(run_id="r1", batch="b1", source="orf", spider="feeds", stats=stats,
                              finished=datetime(2026, 11, 25, 8, 1, tzinfo=UTC), verdicts=verdicts,
                              error_statuses=["5xx"], log_file=None)
    assert record["counts"]["responses_by_status"] == {"200": 10, "503": 2}
    assert record["counts"]["dropped"] == {"too_short": 3}
    assert record["counts"]["stored"] == 7 and record["counts"]["errors"] == 2
    assert record["duration_s"] == 60.0
    assert record["healthy"] is False
    assert record["problems"] == ["error rate 17% > 10% (2 of 12 requests failed)"]


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
    one = {"response_received_count": 30, "newscrawl/store/inserted": 20, "item_dropped_count": 2,
           "downloader/response_status_count/503": 1}
    two = {"response_received_count": 10, "newscrawl/store/replaced": 5, "downloader/exception_count": 2}
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
