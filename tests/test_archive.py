"""Archive semantics of the writer against a real nx-27017: versions on change,
none without, the fetch log, raw pages (inline and GridFS) and idempotent
re-writes of the same captures."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from newscrawl.demo.site import article_page, load_articles
from newscrawl.schema import document_id, to_document
from newscrawl.store.captures import NOT_MODIFIED, Capture
from newscrawl.store.pages import PageLimits, PageStore
from newscrawl.store.writer import ArchiveWriter

T0 = datetime(2024, 3, 20, 18, 0, 0, 123456, tzinfo=UTC)
T0_MS = T0.replace(microsecond=123000)
BASE = "https://www.demo-kurier.at"
DEMO = load_articles(now=datetime(2024, 3, 21, tzinfo=UTC))[0]
URL = f"{BASE}/{DEMO['slug']}"


def fetch(
    at: datetime,
    text: str = DEMO["body"],
    *,
    body: bytes | None = None,
    run_id="run-1",
    etag: str | None = '"v1"',
) -> Capture:
    """A capture of the demo article as the crawl pipeline builds it."""
    doc = to_document(
        {
            "url": URL,
            "source": "demo",
            "title": DEMO["title"],
            "text": text,
            "fetched_at": at,
            "language": "de",
        }
    )
    page = body if body is not None else article_page({**DEMO, "body": text}, BASE).encode()
    return Capture.from_document(doc, status=200, run_id=run_id, body=page, etag=etag)


def stored(db):
    return db.articles.find_one({"_id": document_id(URL)})


def test_first_fetch_is_version_one_with_its_fetch_and_page(db):
    capture = fetch(T0)
    result = ArchiveWriter(db).write([capture])
    doc = stored(db)
    assert (result.inserted, result.outcomes["new"], result.pages) == (1, 1, 1)
    assert (doc["version"], doc["fetch_count"]) == (1, 1)
    assert doc["first_seen"] == doc["last_seen"] == doc["fetched_at"] == T0_MS
    assert all(isinstance(doc[k], datetime) for k in ("first_seen", "last_seen", "fetched_at"))
    assert doc["http_etag"] == '"v1"'
    log = db.fetches.find_one()
    assert (log["url_id"], log["run_id"], log["status"], log["outcome"]) == (
        doc["_id"],
        "run-1",
        200,
        "new",
    )
    assert log["content_hash"] == doc["content_hash"] and isinstance(log["fetched_at"], datetime)
    page = PageStore(db).find(doc["_id"], doc["fetched_at"])
    assert PageStore(db).body(page) == capture.body
    assert page["stored_bytes"] < page["size"]


def test_changed_content_archives_the_previous_version(db):
    writer = ArchiveWriter(db)
    writer.write([fetch(T0)])
    later = T0_MS + timedelta(hours=5)
    result = writer.write(
        [fetch(later, DEMO["body"] + "\n\nUpdate: Der Kreml bestätigte das Telefonat.")]
    )
    doc = stored(db)
    assert result.outcomes["changed"] == 1 and result.versions == 1
    assert (doc["version"], doc["fetch_count"]) == (2, 2)
    assert doc["first_seen"] == T0_MS and doc["last_seen"] == doc["fetched_at"] == later
    assert doc["text"].endswith("bestätigte das Telefonat.")
    old = db.article_versions.find_one({"url_id": doc["_id"]})
    assert old["version"] == 1 and "bestätigte" not in old["text"]
    assert old["content_hash"] != doc["content_hash"]
    assert old["fetched_at"] == T0_MS and old["superseded_at"] == later
    assert db.pages.count_documents({"url_id": doc["_id"]}) == 2


def test_unchanged_recrawl_writes_no_version_and_counts_the_fetch(db):
    writer = ArchiveWriter(db)
    writer.write([fetch(T0)])
    later = T0_MS + timedelta(days=1)
    result = writer.write([fetch(later, run_id="run-2", etag='"v2"')])
    doc = stored(db)
    assert result.outcomes["unchanged"] == 1 and result.versions == 0
    assert db.article_versions.count_documents({}) == 0
    assert (doc["version"], doc["fetch_count"]) == (1, 2)
    assert doc["fetched_at"] == T0_MS and doc["last_seen"] == later
    assert doc["http_etag"] == '"v2"'
    assert db.fetches.count_documents({"url_id": doc["_id"]}) == 2
    assert db.pages.count_documents({}) == 1


def test_writing_the_same_captures_again_changes_nothing(db):
    writer = ArchiveWriter(db)
    batch = [fetch(T0), fetch(T0_MS + timedelta(hours=1), DEMO["body"] + "\n\nKorrektur.")]
    writer.write(batch)
    before = stored(db)
    result = writer.write(batch)
    assert result.outcomes["stale"] == 2 and result.written == 0
    assert stored(db) == before
    assert (db.article_versions.count_documents({}), db.fetches.count_documents({})) == (1, 2)
    assert db.pages.count_documents({}) == 2


def test_not_modified_bumps_last_seen_without_a_version(db):
    writer = ArchiveWriter(db)
    writer.write([fetch(T0)])
    later = T0_MS + timedelta(days=3)
    check = Capture(
        url_id=document_id(URL),
        url=URL,
        fetched_at=later,
        kind=NOT_MODIFIED,
        status=304,
        run_id="run-3",
        etag='"v1"',
    )
    result = writer.write([check])
    doc = stored(db)
    assert result.outcomes["not_modified"] == 1
    assert (doc["version"], doc["fetch_count"], doc["last_seen"]) == (1, 2, later)
    assert isinstance(doc["last_seen"], datetime) and isinstance(doc["published"] or T0, datetime)
    log = db.fetches.find_one({"run_id": "run-3"})
    assert (log["status"], log["outcome"], log["content_hash"]) == (
        304,
        "not_modified",
        doc["content_hash"],
    )


def test_not_modified_for_an_unknown_url_is_logged_and_stores_nothing(db):
    check = Capture(url_id=document_id(URL), url=URL, fetched_at=T0, kind=NOT_MODIFIED, status=304)
    result = ArchiveWriter(db).write([check])
    assert result.outcomes["unknown"] == 1
    assert db.articles.count_documents({}) == 0 and db.fetches.count_documents({}) == 1


def test_body_too_large_for_a_document_goes_to_gridfs(db):
    body = os.urandom(300_000)  # random bytes do not compress
    writer = ArchiveWriter(db, page_limits=PageLimits(inline_max_bytes=100_000))
    result = writer.write([fetch(T0, body=body)])
    page = db.pages.find_one()
    assert result.pages_gridfs == 1 and page["body"] is None
    assert PageStore(db).body(page) == body


def test_body_over_the_page_limit_is_refused_and_the_article_kept(db):
    writer = ArchiveWriter(db, page_limits=PageLimits(inline_max_bytes=1000, max_bytes=50_000))
    result = writer.write([fetch(T0, body=os.urandom(80_000))])
    assert [reason for _, reason in result.pages_refused] == ["too_large"]
    assert result.inserted == 1 and db.pages.count_documents({}) == 0


def test_pages_switched_off_store_no_body(db):
    ArchiveWriter(db, store_pages=False).write([fetch(T0)])
    assert db.pages.count_documents({}) == 0 and stored(db) is not None


def test_a_batch_interrupted_after_its_pages_is_completed_by_writing_it_again(db):
    writer = ArchiveWriter(db)
    capture = fetch(T0)
    writer.write([capture])
    db.articles.delete_many({})  # as if the server died after the pages, before the articles
    db.fetches.delete_many({})
    result = writer.write([capture])
    assert (result.inserted, result.retry, result.pages) == (1, [], 0)  # the page was there
    assert db.pages.count_documents({}) == 1 and db.fetches.count_documents({}) == 1


def test_an_older_fetch_with_other_content_arriving_late_is_archived_not_applied(db):
    writer = ArchiveWriter(db)
    monday = fetch(T0, DEMO["body"] + "\n\nErste Fassung.")  # spooled during an outage
    tuesday = fetch(T0_MS + timedelta(days=1))  # the next crawl, database back
    writer.write([tuesday])
    result = writer.write([monday])  # newscrawl replay
    doc = stored(db)
    assert result.outcomes["late"] == 1
    assert (doc["version"], doc["fetched_at"]) == (1, tuesday.fetched_at)
    late = db.article_versions.find_one({"superseded_reason": "late"})
    assert late["text"].endswith("Erste Fassung.") and late["fetched_at"] == T0_MS
    assert db.pages.count_documents({"url_id": doc["_id"]}) == 2


def test_a_document_that_cannot_be_encoded_is_reported_and_the_batch_written(db):
    broken = fetch(T0)
    broken.doc["authors"] = {"Anna Berger"}  # a set: a stage bug, not storable as BSON
    other = fetch(T0)
    other.doc["_id"] = other.url_id = "f" * 40
    result = ArchiveWriter(db).write([broken, other])
    assert [message.startswith("not storable as BSON") for _, message in result.failed] == [True]
    assert result.inserted == 1 and result.retry == []


def test_a_document_the_server_rejects_is_returned_for_the_spool_and_nothing_after_it_written(db):
    db.articles.create_index("title", unique=True)  # a constraint this batch breaks
    first = fetch(T0)
    clash = fetch(T0)
    clash.doc["_id"] = clash.url_id = "e" * 40
    result = ArchiveWriter(db).write([first, clash])
    assert len(result.failed) == 1 and result.inserted == 1
    assert [c.url_id for c in result.retry] == [result.failed[0][0]["_id"]]
    assert db.fetches.count_documents({"url_id": result.failed[0][0]["_id"]}) == 0
