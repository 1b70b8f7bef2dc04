"""The spool keeps what the database did not take, and replay writes it back:
typed round trip, checksums, corrupt and truncated lines, idempotence, a
database still down, a spool still being written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newscrawl.schema import to_document
from newscrawl.store.captures import NOT_MODIFIED, Capture
from newscrawl.store.mongo import connect
from newscrawl.store.spool import Spool, decode_line, encode_line, replay_spool, spool_files
from newscrawl.store.writer import ArchiveWriter
from tests.conftest import free_port

T0 = datetime(2024, 3, 20, 18, 0, 0, 250000, tzinfo=UTC)


def capture(n: int, at: datetime = T0) -> Capture:
    doc = to_document(
        {
            "url": f"https://www.apa.at/meldung/{n}",
            "source": "apa",
            "title": f"Meldung {n}",
            "text": f"Wien (APA) - Meldung Nummer {n} mit Umlauten: Größe, Übung.",
            "fetched_at": at,
            "published": at - timedelta(hours=2),
            "published_precision": "minute",
            "dateline": {"places": ["Wien"], "raw": "Wien (APA)", "agency": "APA", "span": [0, 10]},
        }
    )
    return Capture.from_document(
        doc,
        status=200,
        run_id="20240320T180000Z-abc",
        etag='W/"x1"',
        body=f"<html><p>Meldung {n} – ß</p></html>".encode(),
    )


def spool_with(tmp_path, captures) -> Spool:
    spool = Spool(tmp_path / "spool", "run-a")
    spool.append(captures)
    spool.close()
    return spool


def test_a_capture_survives_the_spool_with_its_types():
    original = capture(1)
    restored = decode_line(encode_line(original))
    assert restored == original
    assert restored.doc["published"] == T0.replace(microsecond=250000) - timedelta(hours=2)
    assert restored.doc["published"].tzinfo is not None and isinstance(restored.body, bytes)


def test_a_not_modified_capture_survives_the_spool():
    check = Capture(
        url_id="ab" * 20,
        url="https://www.apa.at/meldung/1",
        fetched_at=T0,
        kind=NOT_MODIFIED,
        status=304,
    )
    assert decode_line(encode_line(check)) == check


def test_replay_writes_every_capture_and_empties_the_spool(tmp_path, db):
    spool = spool_with(tmp_path, [capture(1), capture(2)])
    report = replay_spool(spool.directory, ArchiveWriter(db))
    assert (report.replayed, report.retained, report.corrupt) == (2, 0, 0)
    assert db.articles.count_documents({}) == 2 and db.fetches.count_documents({}) == 2
    assert spool_files(spool.directory) == []
    stored = db.articles.find_one({"url": "https://www.apa.at/meldung/1"})
    assert isinstance(stored["published"], datetime) and stored["dateline"]["places"] == ["Wien"]


def test_replaying_a_capture_already_written_duplicates_nothing(tmp_path, db):
    writer = ArchiveWriter(db)
    writer.write([capture(1)])  # written, but the acknowledgement was lost: spooled too
    spool = spool_with(tmp_path, [capture(1)])
    report = replay_spool(spool.directory, writer)
    assert report.outcomes == {"stale": 1}
    assert db.articles.find_one()["fetch_count"] == 1
    assert db.fetches.count_documents({}) == 1 and db.pages.count_documents({}) == 1


def test_a_line_with_a_bad_checksum_is_set_aside_and_the_rest_replayed(tmp_path, db):
    spool = spool_with(tmp_path, [capture(1), capture(2), capture(3)])
    lines = spool.path.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b"Meldung 2", b"Meldung 9")
    spool.path.write_bytes(b"".join(lines))
    report = replay_spool(spool.directory, ArchiveWriter(db))
    assert (report.replayed, report.corrupt) == (2, 1)
    assert (spool.directory / "corrupt" / spool.path.name).read_bytes() == lines[1]
    assert db.articles.count_documents({"title": "Meldung 2"}) == 0


def test_a_truncated_last_line_after_a_kill_is_counted_not_fatal(tmp_path, db):
    spool = spool_with(tmp_path, [capture(1), capture(2)])
    data = spool.path.read_bytes()
    spool.path.write_bytes(data[: len(data) - 40])
    report = replay_spool(spool.directory, ArchiveWriter(db))
    assert (report.replayed, report.corrupt, report.retained) == (1, 1, 0)


def test_with_the_database_still_down_everything_stays_in_the_spool(tmp_path):
    spool = spool_with(tmp_path, [capture(1), capture(2)])
    before = spool.path.read_bytes()
    client = connect(f"mongodb://127.0.0.1:{free_port()}/", timeout_ms=300)
    report = replay_spool(spool.directory, ArchiveWriter(client.archive))
    assert report.error.startswith("database unavailable") and report.retained == 2
    assert spool.path.read_bytes() == before


def test_a_database_still_down_is_named_in_one_short_line(tmp_path):
    spool = spool_with(tmp_path, [capture(1)])
    port = free_port()
    client = connect(f"mongodb://127.0.0.1:{port}/", timeout_ms=300)
    report = replay_spool(spool.directory, ArchiveWriter(client.archive))
    assert report.error.startswith(f"database unavailable: 127.0.0.1:{port}: ")
    assert "Connection refused" in report.error
    assert "Topology" not in report.error and "\n" not in report.error and len(report.error) < 200


def test_the_spool_of_a_running_crawl_is_left_alone(tmp_path, db):
    running = Spool(tmp_path / "spool", "run-b")
    running.append([capture(1)])  # still open: its process holds the lock
    try:
        report = replay_spool(running.directory, ArchiveWriter(db))
        assert report.busy == ["run-b.jsonl"] and db.articles.count_documents({}) == 0
    finally:
        running.close()
