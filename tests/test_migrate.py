"""``newscrawl db migrate``: stored schema-v1 and v2 documents become v3 on
the embedded server, with their BSON types intact."""

from __future__ import annotations

from datetime import UTC, datetime

from newscrawl.cli import main
from newscrawl.schema import SCHEMA_VERSION
from newscrawl.store.migrate import migrate_archive
from newscrawl.store.mongo import ARTICLES, VERSIONS
from tests.test_export_corpus import article

SEEN = datetime(2024, 3, 5, 9, 15, 30, 125000, tzinfo=UTC)


def v1_document(n: int) -> dict:
    """A document as schema v1 stored it: no kicker, access or byline, version 1."""
    doc = article(n, last_seen=SEEN, fetch_count=3, version=2)
    del doc["kicker"], doc["access"], doc["byline"]
    doc["schema_version"] = 1
    return doc


def v2_document(n: int) -> dict:
    """A document as schema v2 stored it: kicker and access, no byline, version 2."""
    doc = article(n, authors=["Anna Berger"], kicker="Nach dem Gipfel")
    del doc["byline"]
    doc["schema_version"] = 2
    return doc


def store_v1(db, n: int = 1) -> str:
    doc = v1_document(n)
    db[ARTICLES].insert_one(doc)
    # a v1-era update by $set: nx-27017 stores the date as a string
    db[ARTICLES].update_one({"_id": doc["_id"]}, {"$set": {"last_seen": SEEN}})
    return doc["_id"]


def test_a_v1_article_gets_kicker_access_and_byline_as_unknown_and_schema_version_3(db):
    doc_id = store_v1(db)
    migrate_archive(db)
    doc = db[ARTICLES].find_one({"_id": doc_id})
    assert doc["schema_version"] == SCHEMA_VERSION == 3
    assert "kicker" in doc and doc["kicker"] is None
    assert "access" in doc and doc["access"] is None
    assert "byline" in doc and doc["byline"] is None
    assert doc["title"] == "Story 1" and doc["agencies"] == ["APA"]


def test_a_v2_article_gets_byline_as_unknown_not_as_crediting_no_one(db):
    # the byline needs the page: authors (people) and agencies (codes) cannot rebuild it
    doc = v2_document(4)
    db[ARTICLES].insert_one(doc)
    assert migrate_archive(db).migrated == {ARTICLES: 1, VERSIONS: 0}
    stored = db[ARTICLES].find_one({"_id": doc["_id"]})
    assert stored["schema_version"] == 3 and "byline" in stored and stored["byline"] is None
    assert stored["authors"] == ["Anna Berger"] and stored["agencies"] == ["APA"]
    assert stored["kicker"] == "Nach dem Gipfel" and stored["access"] == "free"


def test_a_v2_article_keeps_its_bson_types_through_the_migration(db):
    doc = v2_document(5)
    db[ARTICLES].insert_one(doc)
    migrate_archive(db)
    stored = db[ARTICLES].find_one({"_id": doc["_id"]})
    for name in ("published", "fetched_at", "first_seen", "last_seen"):
        assert isinstance(stored[name], datetime) and stored[name].tzinfo is not None, name
    assert stored["last_seen"] == doc["last_seen"]
    assert type(stored["fetch_count"]) is int and type(stored["version"]) is int
    assert isinstance(stored["authors"], list) and isinstance(stored["extractor"], dict)


def test_migration_keeps_bson_types_and_repairs_a_date_stored_as_text(db):
    doc_id = store_v1(db)
    migrate_archive(db)
    doc = db[ARTICLES].find_one({"_id": doc_id})
    for name in ("published", "fetched_at", "first_seen", "last_seen"):
        assert isinstance(doc[name], datetime) and doc[name].tzinfo is not None, name
    assert doc["last_seen"] == SEEN
    assert type(doc["fetch_count"]) is int and doc["fetch_count"] == 3
    assert type(doc["version"]) is int and doc["version"] == 2
    assert isinstance(doc["extractor"], dict) and isinstance(doc["authors"], list)


def test_archived_versions_migrate_and_keep_their_own_keys(db):
    entry = {**v1_document(2), "_id": "abc/v1", "url_id": "abc", "superseded_reason": "changed",
             "superseded_at": SEEN}
    db[VERSIONS].insert_one(entry)
    result = migrate_archive(db)
    stored = db[VERSIONS].find_one({"_id": "abc/v1"})
    assert result.migrated == {ARTICLES: 0, VERSIONS: 1}
    assert stored["schema_version"] == 3 and stored["url_id"] == "abc"
    assert stored["superseded_at"] == SEEN and stored["access"] is None


def test_migrating_twice_finds_nothing_the_second_time(db):
    store_v1(db, 1)
    store_v1(db, 2)
    assert migrate_archive(db).total == 2
    assert migrate_archive(db).total == 0


def test_a_current_document_is_left_alone(db):
    doc = article(3, access="paywalled", kicker="Nach dem Gipfel", byline=["Anna Berger", "APA"])
    db[ARTICLES].insert_one(doc)
    assert migrate_archive(db).total == 0
    stored = db[ARTICLES].find_one({"_id": doc["_id"]})
    assert stored["access"] == "paywalled" and stored["byline"] == ["Anna Berger", "APA"]


def test_dry_run_counts_and_changes_nothing(db):
    doc_id = store_v1(db)
    assert migrate_archive(db, dry_run=True).total == 1
    assert db[ARTICLES].find_one({"_id": doc_id})["schema_version"] == 1


def test_db_migrate_command_reports_what_it_migrated(db, mongo_uri, monkeypatch, capsys):
    store_v1(db)
    monkeypatch.setenv("NEWSCRAWL_MONGO_URI", mongo_uri)
    assert main(["db", "migrate", "-s", f"NEWSCRAWL_MONGO_DATABASE={db.name}"]) == 0
    assert "schema v3: 1 documents migrated (1 in articles, 0 in article_versions)" in (
        capsys.readouterr().out)
