"""A small archive for the export, stats and report tests, and the filters'
specification against it (the embedded server answers every query)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newscrawl.export.daterange import DateRange
from newscrawl.export.filters import EmptyExportError, ExportFilters, explain_empty
from newscrawl.export.run import ExportOptions, export_archive
from newscrawl.schema import document_id, to_document
from newscrawl.store.mongo import ARTICLES

SEED_TEXT = ("Washington, Moskau – US-Präsident Donald Trump und sein russischer Kollege "
             "Wladimir Putin haben telefoniert.\n\n„Gewalt in Syrien ein Ende bereiten“\n\n"
             "Die Staatschefs berieten über Syrien.")


def article(n: int, **fields) -> dict:
    """A stored document of the current schema; ``fields`` override the defaults."""
    url = f"https://www.example.at/story/{n}"
    item = {
        "url": url, "source": "derstandard", "domain": "example.at", "title": f"Story {n}",
        "text": f"Text of story {n}.", "language": "de", "authors": [], "byline": [],
        "published": datetime(2017, 5, 3, 12, 0, tzinfo=UTC), "published_precision": "minute",
        "agencies": ["APA"], "credit": "(APA)", "fetched_at": datetime(2024, 1, 1, tzinfo=UTC),
        "first_seen": datetime(2024, 1, 1, tzinfo=UTC),
        "last_seen": datetime(2024, 1, 2, 6, 30, 0, 250000, tzinfo=UTC),
        "fetch_count": 2, "version": 1, "access": "free",
        "extractor": {"name": "newscrawl+trafilatura", "version": "0.1.0+2.3.1"},
    }
    item.update(fields)
    doc = to_document(item)
    doc["_id"] = document_id(url)
    if "cluster_id" in fields:
        doc["cluster_id"] = fields["cluster_id"]
    return doc


def corpus() -> list[dict]:
    """Seven documents: the month-precision seed, two sources, four agencies,
    two languages, a near-duplicate cluster and an undated page."""
    def day(d: int) -> datetime:
        return datetime(2017, 5, d, 12, 0, tzinfo=UTC)

    return [
        article(1, text=SEED_TEXT, published=datetime(2017, 5, 1, tzinfo=UTC),
                published_precision="month", agencies=["APA", "AFP", "dpa", "Reuters"],
                credit="(APA/AFP/dpa/Reuters)",
                dateline={"places": ["Washington", "Moskau"], "raw": "Washington, Moskau –",
                          "agency": None, "span": [0, 20]}),
        article(2, published=day(3), agencies=["APA"], cluster_id="c1"),
        article(3, published=day(4), agencies=["dpa"], cluster_id="c1",
                source="tagesschau", domain="tagesschau.de"),
        article(4, published=day(12), published_precision="day", agencies=["dpa", "AFP"],
                source="tagesschau", domain="tagesschau.de"),
        article(5, published=day(20), language="en", agencies=["Reuters"], title="Trump calls",
                text="President Trump called."),
        article(6, published=datetime(2017, 6, 2, 8, 30, 15, tzinfo=UTC),
                published_precision="second", agencies=[]),
        article(7, published=None, published_precision=None, agencies=["APA"]),
    ]


def fill_archive(db):
    """``db`` with the corpus in its ``articles``."""
    db[ARTICLES].insert_many(corpus())
    return db


@pytest.fixture
def archive(db):
    return fill_archive(db)


def ids(db, filters: ExportFilters) -> set[int]:
    return {int(d["url"].rsplit("/", 1)[1]) for d in db[ARTICLES].find(filters.query())}


def test_month_precision_record_overlaps_a_range_starting_inside_its_month(archive):
    filters = ExportFilters(dates=DateRange.parse("2017-05-10", "2017-05-31"))
    assert ids(archive, filters) == {1, 4, 5}


def test_within_rule_keeps_only_records_wholly_inside_the_range(archive):
    filters = ExportFilters(dates=DateRange.parse("2017-05-10", "2017-05-31", "within"))
    assert ids(archive, filters) == {4, 5}


def test_until_a_month_includes_the_whole_month_and_never_undated_records(archive):
    filters = ExportFilters(dates=DateRange.parse(None, "2017-05"))
    assert ids(archive, filters) == {1, 2, 3, 4, 5}


def test_any_agency_matches_records_crediting_one_of_them(archive):
    assert ids(archive, ExportFilters(agencies=("AFP", "Reuters"))) == {1, 4, 5}


def test_all_agencies_matches_records_crediting_every_one(archive):
    filters = ExportFilters(agencies=("dpa", "AFP"), agency_match="all")
    assert ids(archive, filters) == {1, 4}


def test_source_and_language_filters_combine(archive):
    filters = ExportFilters(sources=("derstandard",), languages=("en",))
    assert ids(archive, filters) == {5}


def test_text_match_is_a_case_insensitive_literal_in_title_or_text(archive):
    assert ids(archive, ExportFilters(text="trump")) == {1, 5}
    assert ids(archive, ExportFilters(text="Story 6")) == {6}
    assert ids(archive, ExportFilters(text="story.6")) == set()


def test_empty_result_names_the_filter_that_emptied_it(archive):
    filters = ExportFilters(sources=("tagesschau",), languages=("en",), text="x")
    message = explain_empty(archive[ARTICLES], filters)
    assert "7 in the archive" in message and "2 after --source tagesschau" in message
    assert "0 after --language en" in message and "The filter --language en left nothing" in message
    assert "--text" not in message


def test_empty_result_from_a_mistyped_source_lists_the_archives_sources(archive):
    message = explain_empty(archive[ARTICLES], ExportFilters(sources=("derstandart",)))
    assert message.endswith("The archive has source: derstandard, tagesschau.")


def test_export_of_nothing_raises_before_writing_a_file(archive, tmp_path):
    out = tmp_path / "none.jsonl"
    with pytest.raises(EmptyExportError, match="--source nowhere"):
        export_archive(archive, ExportFilters(sources=("nowhere",)), out,
                       ExportOptions("jsonl", ["title"]))
    assert not out.exists()


def test_empty_archive_says_so(db):
    assert "is empty" in explain_empty(db[ARTICLES], ExportFilters(sources=("x",)))


def test_a_failed_export_leaves_no_file_behind(archive, tmp_path, monkeypatch):
    from newscrawl.export import run

    class FailingWriter:
        def write(self, doc):
            raise OSError("disk full")

        def close(self):
            pass

    def failing_writer(fmt, path, fields, **kwargs):
        path.write_text("half a corpus")
        return FailingWriter()

    monkeypatch.setattr(run, "open_writer", failing_writer)
    with pytest.raises(OSError, match="disk full"):
        export_archive(archive, ExportFilters(), tmp_path / "c.jsonl",
                       ExportOptions("jsonl", ["title"]))
    assert list(tmp_path.iterdir()) == []
