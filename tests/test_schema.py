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


def test_a_byline_not_known_stays_null_and_a_page_crediting_no_one_is_an_empty_list():
    unknown = to_document({"url": "https://a.example/s/1", "title": "T", "text": "x"})
    nobody = to_document({"url": "https://a.example/s/2", "title": "T", "text": "x", "byline": []})
    credited = to_document({"url": "https://a.example/s/3", "title": "T", "text": "x",
                            "byline": ("Adam Vidler", "AP")})
    assert unknown["byline"] is None and unknown["authors"] == []
    assert nobody["byline"] == []
    assert credited["byline"] == ["Adam Vidler", "AP"]


def test_content_hash_changes_with_the_text():
    a = to_document({"url": "https://a.example/1", "title": "T", "text": "one"})
    b = to_document({"url": "https://a.example/1", "title": "T", "text": "two"})
    assert a["content_hash"] != b["content_hash"]


def test_the_docs_and_readme_tables_are_the_schema():
    from pathlib import Path

    from newscrawl.schema import markdown_table

    root = Path(__file__).resolve().parent.parent
    for doc in ("docs/schema.md", "README.md"):
        assert markdown_table() in (root / doc).read_text(encoding="utf-8"), doc


def test_every_field_has_a_known_type_and_a_description():
    from newscrawl.schema import SCHEMA, TYPES

    assert len({f.name for f in SCHEMA}) == len(SCHEMA)
    for field in SCHEMA:
        assert field.type in TYPES and field.description, field.name
    assert SCHEMA_VERSION == 3 and {"kicker", "access", "byline"} <= set(FIELDS)


def test_records_carry_one_date_form_and_typed_counts():
    from newscrawl.schema import from_record, to_record

    doc = to_document({"url": "https://a.example/s/1", "title": "T", "text": "x",
                       "published": datetime(2017, 5, 2, 8, 0, tzinfo=UTC),
                       "last_seen": "2024-01-02T06:30:00.25+00:00", "fetch_count": "3"})
    record = to_record(doc)
    assert record["published"] == "2017-05-02T08:00:00.000Z"
    assert record["last_seen"] == "2024-01-02T06:30:00.250Z"
    assert record["fetch_count"] == 3 and record["kicker"] is None and record["authors"] == []
    assert from_record(record)["published"] == datetime(2017, 5, 2, 8, 0, tzinfo=UTC)


def test_a_value_that_is_not_its_type_is_a_clear_error():
    import pytest

    from newscrawl.schema import SchemaValueError, to_record

    with pytest.raises(SchemaValueError, match="field 'published': '17-05' is not an ISO 8601"):
        to_record({"published": "17-05"})
