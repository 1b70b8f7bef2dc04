"""The spool under a full disk and replay of what it holds: the captures
that fit are kept and counted truly, replay names what it skips and never
crashes, and it writes into the database each spool file names."""

from __future__ import annotations

import json
import resource
import subprocess
import sys

from newscrawl.store.mongo import redact_uri
from newscrawl.store.spool import Spool, SpoolFull, read_target, replay_spool, spooled_count
from newscrawl.store.writer import ArchiveWriter
from tests.conftest import ROOT, run_newscrawl
from tests.test_spool import capture

#: Appends 8 captures to a spool under a file size limit; prints what it was told.
FILL_SCRIPT = """
import json, sys
from newscrawl.store.spool import Spool, SpoolFull
from tests.test_spool import capture
spool = Spool(sys.argv[1], "full", target={"uri": "mongodb://127.0.0.1:27017/", "database": "news"})
try:
    written = spool.append([capture(n) for n in range(8)])
    error = None
except SpoolFull as exc:
    written, error = exc.written, str(exc)
print(json.dumps({"written": written, "count": spool.count, "error": error}))
"""


def fill_under_limit(directory, limit: int) -> dict:
    def limit_writes() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run([sys.executable, "-c", FILL_SCRIPT, str(directory)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, check=False,
                            preexec_fn=limit_writes)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def test_a_full_disk_keeps_the_captures_that_fit_and_says_how_many(tmp_path):
    told = fill_under_limit(tmp_path / "spool", 3500)
    path = tmp_path / "spool" / "full.jsonl"
    data = path.read_bytes()
    assert 0 < told["written"] < 8 and told["count"] == told["written"]
    assert "spool full after" in told["error"]
    assert data.endswith(b"\n") and len(data) <= 3500  # no partial line left behind
    assert spooled_count(path) == told["written"]
    assert read_target(path) == {"uri": "mongodb://127.0.0.1:27017/", "database": "news"}


def test_replay_writes_every_capture_that_fit(tmp_path, db):
    told = fill_under_limit(tmp_path / "spool", 3500)
    report = replay_spool(tmp_path / "spool", ArchiveWriter(db))
    assert (report.replayed, report.corrupt, report.retained) == (told["written"], 0, 0)
    assert db.articles.count_documents({}) == told["written"]


def test_an_append_that_fits_whole_is_no_error(tmp_path):
    spool = Spool(tmp_path, "ok")
    assert spool.append([capture(1), capture(2)]) == 2
    spool.close()
    assert spooled_count(spool.path) == 2 and read_target(spool.path) is None


def test_replay_skips_damaged_lines_and_refused_captures_and_names_them(tmp_path, db):
    spool = Spool(tmp_path / "spool", "mixed", target={"uri": "mongodb://h/", "database": "x"})
    spool.append([capture(1), capture(2), capture(3)])
    spool.close()
    lines = spool.path.read_bytes().splitlines(keepends=True)
    spool.path.write_bytes(b"".join([lines[0], lines[1], b"not json at all\n", lines[2], lines[3][:50]]))
    (tmp_path / "spool" / "odd.jsonl").mkdir()  # not a file: not a spool

    class RefusesTwo(ArchiveWriter):
        def write(self, captures):
            if any(c.url.endswith("/2") for c in captures):
                raise ValueError("cannot encode this document")
            return super().write(captures)

    report = replay_spool(tmp_path / "spool", RefusesTwo(db))
    assert (report.replayed, report.corrupt, report.rejected, report.retained) == (1, 2, 1, 1)
    assert report.error == "" and report.unreadable == []
    kept = spool.path.read_bytes().splitlines(keepends=True)
    assert kept == [lines[0], lines[2]]  # the target line stays with the refused capture
    assert len((tmp_path / "spool" / "corrupt" / "mixed.jsonl").read_bytes().splitlines()) == 2


def test_a_spool_file_names_its_database_and_replay_writes_there(tmp_path, db, mongo_uri):
    meant_for = db.client[f"{db.name}_meant"]
    try:
        spool = Spool(tmp_path / "spool", "run-x", target={"uri": redact_uri(mongo_uri),
                                                            "database": meant_for.name})
        spool.append([capture(1), capture(2)])
        spool.close()
        assert json.loads(spool.path.read_bytes().splitlines()[0]) == {
            "spool_target": {"database": meant_for.name, "uri": redact_uri(mongo_uri)}}
        replay = run_newscrawl("replay", "--spool-dir", str(tmp_path / "spool"),
                               "-s", f"NEWSCRAWL_MONGO_DATABASE={db.name}",
                               env={"NEWSCRAWL_MONGO_URI": mongo_uri})
        assert replay.returncode == 0, replay.stdout + replay.stderr
        assert f"into {redact_uri(mongo_uri)} database {meant_for.name}" in replay.stdout
        assert meant_for.articles.count_documents({}) == 2
        assert db.articles.count_documents({}) == 0
    finally:
        db.client.drop_database(meant_for.name)


def test_the_spool_records_the_uri_without_its_password():
    assert redact_uri("mongodb://crawler:s3cr%40t@db1:27017,db2:27017/news?authSource=admin") == (
        "mongodb://crawler@db1:27017,db2:27017/")


def test_spool_full_is_an_os_error_with_the_count():
    error = SpoolFull(3, OSError(27, "File too large"))
    assert isinstance(error, OSError) and error.written == 3 and "after 3 captures" in str(error)


def test_an_invalid_mongo_uri_stops_a_crawl_before_any_fetch_with_exit_2_and_one_line(site, tmp_path):
    source = tmp_path / "sources.toml"
    source.write_text(f'[fixture]\nlanguage = "de"\nfeeds = ["{site.url("/rss.xml")}"]\n')
    result = run_newscrawl("crawl", "fixture", "-s", f"NEWSCRAWL_SOURCE_FILES={source}",
                           "-s", f"NEWSCRAWL_DATA_DIR={tmp_path / 'var'}",
                           env={"NEWSCRAWL_MONGO_URI": "mongodb://crawler:s3cr:et@db1/"})
    assert result.returncode == 2
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("newscrawl crawl: NEWSCRAWL_MONGO_URI is not a valid MongoDB URI (")
    assert "s3cr" not in result.stderr
    assert site.requests == []


def test_replay_refuses_an_invalid_mongo_uri_with_exit_2(tmp_path):
    result = run_newscrawl("replay", "-s", f"NEWSCRAWL_DATA_DIR={tmp_path}",
                           env={"NEWSCRAWL_MONGO_URI": "localhost:27017"})
    assert result.returncode == 2 and "not a valid MongoDB URI" in result.stderr
