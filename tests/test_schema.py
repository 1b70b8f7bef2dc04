"""Document ids and the stored document layout."""

from datetime import UTC, datetime

from newscrawl.schema import FIELDS, SCHEMA_VERSION, canonical_url, document_id, to_document


def test_canonical_url_drops_tracking_fragment_and_default_port():
    assert canonical_url("HTTPS://WWW.Example.at:443/story/1?utm_source=x&b=2&a=1#comments") == (
        "https://www.example.at/story/1?a=1&b=2")


def test_same_article_from_feed_and_sitemap_gets_one_id():
    assert document_id("https://a.example/s/1?utm_medium=rss") == document_id("https://a.example/s/1")


def test_different_articles_get_different_ids():
    assert document_id("https://a.example/s/1") != document_id("https://a.example/s/2")


def test_to_document_keeps_schema_fields_only_and_drops_the_raw_page():
    item = {"url": "https://a.example/s/1", "title": "T", "text": "Body", "_page": {"body": b"<html>"},
            "fetched_at": datetime(2024, 1, 1, tzinfo=UTC)}
    doc = to_document(item)
    assert list(doc) == list(FIELDS)
    assert doc["_id"] == document_id("https://a.example/s/1")
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["authors"] == [] and doc["agencies"] == []
    assert len(doc["content_hash"]) == 64


def test_content_hash_changes_with_the_text():
    a = to_document({"url": "https://a.example/1", "title": "T", "text": "one"})
    b = to_document({"url": "https://a.example/1", "title": "T", "text": "two"})
    assert a["content_hash"] != b["content_hash"]
