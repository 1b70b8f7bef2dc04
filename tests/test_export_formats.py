"""What each writer puts in its file (loading in pandas, polars and
``datasets`` is checked in test_export_loaders.py)."""

from __future__ import annotations

import csv
import gzip
import json
import re

import pytest

from newscrawl.export.filters import ExportFilters
from newscrawl.export.run import ExportOptions, export_archive
from tests.test_export_corpus import SEED_TEXT, fill_archive


@pytest.fixture
def archive(db):
    return fill_archive(db)

FIELDS = ["_id", "url", "source", "title", "text", "language", "agencies", "published",
          "published_precision", "dateline", "schema_version"]


def export(db, path, fmt, fields=FIELDS, **filters):
    return export_archive(db, ExportFilters(**filters), path, ExportOptions(fmt, fields))


def test_gzipped_jsonl_holds_the_same_lines(archive, tmp_path):
    export(archive, tmp_path / "c.jsonl", "jsonl")
    export(archive, tmp_path / "c.jsonl.gz", "jsonl")
    with gzip.open(tmp_path / "c.jsonl.gz", "rt", encoding="utf-8") as fh:
        assert fh.read() == (tmp_path / "c.jsonl").read_text(encoding="utf-8")


def test_csv_writes_lists_as_json_and_null_as_an_empty_cell(archive, tmp_path):
    path = tmp_path / "c.csv"
    export(archive, path, "csv", fields=["agencies", "lead"], text="Washington, Moskau")
    with open(path, newline="", encoding="utf-8") as fh:
        assert list(csv.reader(fh)) == [["agencies", "lead"],
                                        ['["APA", "AFP", "dpa", "Reuters"]', ""]]


def test_dated_text_lines_take_the_seed_form(archive, tmp_path):
    path = tmp_path / "c.txt"
    result = export(archive, path, "text", text="Washington, Moskau")
    text = path.read_text(encoding="utf-8")
    assert text == f" date 2017-05 {SEED_TEXT} (APA/AFP/dpa/Reuters)\n\n"
    assert result.manifest["counts"]["records"] == 1


def test_dated_text_writes_each_date_at_its_precision_and_skips_undated(archive, tmp_path):
    path = tmp_path / "c.txt"
    result = export(archive, path, "text")
    heads = [line.split(" ", 3)[2] for line in path.read_text("utf-8").splitlines()
             if line.startswith(" date ")]
    assert heads == ["2017-05", "2017-05-03T12:00Z", "2017-05-04T12:00Z", "2017-05-12",
                     "2017-05-20T12:00Z", "2017-06-02T08:30:15Z"]
    assert result.manifest["counts"]["skipped"] == 1


def test_exports_are_ordered_by_publication_then_id(archive, tmp_path):
    path = tmp_path / "c.jsonl"
    export(archive, path, "jsonl", fields=["published"])
    dates = [json.loads(line)["published"] for line in path.read_text().splitlines()]
    assert dates[0] is None and dates[1:] == sorted(dates[1:])


def test_only_the_requested_fields_are_written_in_the_requested_order(archive, tmp_path):
    path = tmp_path / "c.jsonl"
    export(archive, path, "jsonl", fields=["title", "source"])
    assert list(json.loads(path.read_text().splitlines()[0])) == ["title", "source"]


def test_one_per_cluster_keeps_the_earliest_document_of_each_cluster(archive, tmp_path):
    path = tmp_path / "c.jsonl"
    result = export(archive, path, "jsonl", fields=["url"], one_per_cluster=True)
    urls = {json.loads(line)["url"].rsplit("/", 1)[1] for line in path.read_text().splitlines()}
    assert urls == {"1", "2", "4", "5", "6", "7"}
    assert result.manifest["counts"]["matched"] == 7


def test_dates_in_jsonl_and_csv_are_iso_utc_with_z(archive, tmp_path):
    path = tmp_path / "c.jsonl"
    export(archive, path, "jsonl", fields=["published"], text="Story 6")
    assert json.loads(path.read_text()) == {"published": "2017-06-02T08:30:15.000Z"}


def test_text_precision_writes_no_date_finer_than_asked(archive, tmp_path):
    path = tmp_path / "c.txt"
    export_archive(archive, ExportFilters(), path,
                   ExportOptions("text", ["text"], text_precision="day"))
    heads = [line.split(" ", 3)[2] for line in path.read_text("utf-8").splitlines()
             if line.startswith(" date ")]
    assert heads == ["2017-05", "2017-05-03", "2017-05-04", "2017-05-12", "2017-05-20",
                     "2017-06-02"]


def test_every_date_of_a_jsonl_export_has_one_form(archive, tmp_path):
    """Milliseconds always, ``Z`` always: a column never mixes two forms."""
    path = tmp_path / "c.jsonl"
    export(archive, path, "jsonl", fields=["published", "fetched_at", "last_seen"])
    values = [v for line in path.read_text().splitlines() for v in json.loads(line).values()
              if v is not None]
    assert len(values) == 20
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", v) for v in values), values
    assert "2024-01-02T06:30:00.250Z" in values and "2017-06-02T08:30:15.000Z" in values
