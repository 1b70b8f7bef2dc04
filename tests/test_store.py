"""The archive writer and the embedded server, against a real nx-27017."""

from datetime import UTC, datetime, timedelta

import pytest
from pymongo.errors import PyMongoError

from newscrawl.schema import to_document
from newscrawl.store.embedded import EmbeddedServer, EmbeddedServerError
from newscrawl.store.mongo import ensure_indexes
from newscrawl.store.writer import ArchiveWriter
from tests.conftest import free_port

T0 = datetime(2024, 3, 20, 18, 0, tzinfo=UTC)


def article(n: int, fetched_at=T0, text="Der Text.", **extra):
    return to_document({"url": f"https://www.example-news.at/story/{n}", "source": "x",
                        "title": f"Titel {n}", "text": text, "fetched_at": fetched_at,
                        "published": T0 - timedelta(hours=n), "published_precision": "minute",
                        **extra})


def test_batch_is_inserted_with_bson_dates(db):
    result = ArchiveWriter(db).write([article(1), article(2)])
    assert result.inserted == 2
    stored = db.articles.find_one({"_id": article(1)["_id"]})
    assert isinstance(stored["published"], datetime) and stored["published"].tzinfo is not None
    assert isinstance(stored["fetched_at"], datetime)
    assert stored["published"] == T0 - timedelta(hours=1)


def test_second_write_of_the_same_page_replaces_and_keeps_first_seen(db):
    writer = ArchiveWriter(db)
    writer.write([article(1)])
    later = T0 + timedelta(days=1)
    result = writer.write([article(1, fetched_at=later, text="Neu.")])
    assert (result.inserted, result.replaced) == (0, 1)
    assert db.articles.count_documents({}) == 1
    stored = db.articles.find_one()
    assert stored["first_seen"] == T0
    assert stored["fetched_at"] == later
    assert isinstance(stored["first_seen"], datetime)
    assert stored["text"] == "Neu."


def test_the_same_page_twice_in_one_batch_is_stored_once(db):
    result = ArchiveWriter(db).write([article(1), article(1, fetched_at=T0 + timedelta(hours=1))])
    assert result.written == 1
    assert db.articles.count_documents({}) == 1


def test_oversized_document_is_refused_before_the_bulk_and_the_rest_is_written(db):
    writer = ArchiveWriter(db, max_document_bytes=10_000)
    result = writer.write([article(1, text="x" * 20_000), article(2)])
    assert [d["url"] for d in result.too_large] == ["https://www.example-news.at/story/1"]
    assert result.inserted == 1


def test_indexes_are_created(db):
    ensure_indexes(db)
    names = set(db.articles.index_information())
    assert {"url", "source_published", "agencies"} <= {n.replace("idx_articles_", "") for n in names} | names


def test_unreachable_server_raises_a_pymongo_error():
    from newscrawl.store.mongo import connect

    client = connect(f"mongodb://127.0.0.1:{free_port()}/", timeout_ms=300)
    with pytest.raises(PyMongoError):
        ArchiveWriter(client.x).write([article(1)])


def test_embedded_server_is_shared_and_stops(tmp_path):
    server = EmbeddedServer(tmp_path, free_port())
    uri = server.start()
    try:
        assert EmbeddedServer(tmp_path, server.port).start() == uri  # second start reuses
        assert server.status().running
    finally:
        assert server.stop()
    assert not server.status().running


def test_stale_pid_file_is_replaced(tmp_path):
    server = EmbeddedServer(tmp_path, free_port())
    server.pid_file.parent.mkdir(parents=True, exist_ok=True)
    server.pid_file.write_text(f'{{"pid": 999999, "port": {server.port}}}')
    assert server.status().detail == "stale pid file"
    server.start()
    try:
        assert server.status().running
    finally:
        server.stop()


def test_port_taken_by_another_program_is_a_clear_error(tmp_path, site):
    port = int(site.base_url.rsplit(":", 1)[1])
    with pytest.raises(EmbeddedServerError, match=f"port {port} .* used by another program"):
        EmbeddedServer(tmp_path, port).start()


def test_concurrent_starts_share_one_server(tmp_path):
    import subprocess
    import sys

    port = free_port()
    code = ("import sys; from newscrawl.store.embedded import EmbeddedServer; "
            f"print(EmbeddedServer(sys.argv[1], {port}).start())")
    starters = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE,
                                 text=True) for _ in range(3)]
    try:
        uris = {p.communicate(timeout=60)[0].strip() for p in starters}
        assert uris == {f"mongodb://127.0.0.1:{port}/"}
        assert all(p.returncode == 0 for p in starters)
    finally:
        EmbeddedServer(tmp_path, port).stop()
