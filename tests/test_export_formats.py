"""Every export format loads unchanged in pandas, polars and Hugging Face
``datasets`` (offline), with the types a researcher expects."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest

from newscrawl.export.fields import all_fields
from newscrawl.export.filters import ExportFilters
from newscrawl.export.run import ExportOptions, export_archive
from tests.test_export_corpus import SEED_TEXT, fill_archive


@pytest.fixture
def archive(db):
    return fill_archive(db)

FIELDS = ["_id", "url", "source", "title", "text", "language", "agencies", "published",
          "published_precision", "dateline", "schema_version"]
SEED_ID = "https://www.example.at/story/1"


def export(db, path, fmt, fields=FIELDS, **filters):
    return export_archive(db, ExportFilters(**filters), path, ExportOptions(fmt, fields))


@pytest.fixture
def offline_datasets(tmp_path, monkeypatch):
    """``datasets`` with no network and a throw-away cache."""
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets

    return lambda kind, path: datasets.load_dataset(
        kind, data_files=str(path), split="train", cache_dir=str(tmp_path / "hf-cache"))


def test_jsonl_round_trips_through_pandas_with_utc_dates(archive, tmp_path):
    path = tmp_path / "c.jsonl"
    export(archive, path, "jsonl")
    frame = pd.read_json(path, lines=True)
    frame["published"] = pd.to_datetime(frame["published"])
    assert len(frame) == 7 and list(frame.columns) == FIELDS
    seed = frame.set_index("url").loc[SEED_ID]
    assert seed["text"] == SEED_TEXT
    assert seed["agencies"] == ["APA", "AFP", "dpa", "Reuters"]
    assert seed["published"] == pd.Timestamp("2017-05-01T00:00:00Z")
    assert seed["dateline"]["places"] == ["Washington", "Moskau"]


def test_gzipped_jsonl_streams_the_same_lines(archive, tmp_path):
    export(archive, tmp_path / "c.jsonl", "jsonl")
    export(archive, tmp_path / "c.jsonl.gz", "jsonl")
    with gzip.open(tmp_path / "c.jsonl.gz", "rt", encoding="utf-8") as fh:
        assert fh.read() == (tmp_path / "c.jsonl").read_text(encoding="utf-8")
    assert len(pl.read_ndjson(tmp_path / "c.jsonl")) == 7
    assert len(pd.read_json(tmp_path / "c.jsonl.gz", lines=True)) == 7


def test_jsonl_loads_in_datasets_offline(archive, tmp_path, offline_datasets):
    path = tmp_path / "c.jsonl"
    export(archive, path, "jsonl")
    data = offline_datasets("json", path)
    assert data.num_rows == 7 and data.column_names == FIELDS
    assert SEED_TEXT in data["text"]


def test_csv_keeps_multiline_text_and_lists_as_json(archive, tmp_path, offline_datasets):
    path = tmp_path / "c.csv"
    export(archive, path, "csv")
    frame = pd.read_csv(path, keep_default_na=False)
    seed = frame.set_index("url").loc[SEED_ID]
    assert seed["text"] == SEED_TEXT
    assert json.loads(seed["agencies"]) == ["APA", "AFP", "dpa", "Reuters"]
    assert seed["published"] == "2017-05-01T00:00:00Z"
    assert pl.read_csv(path)["text"].to_list() == frame["text"].tolist()
    assert offline_datasets("csv", path).num_rows == 7


def test_parquet_has_typed_columns_with_utc_timestamps(archive, tmp_path, offline_datasets):
    path = tmp_path / "c.parquet"
    export(archive, path, "parquet", fields=all_fields())
    schema = pq.read_schema(path)
    assert str(schema.field("published").type) == "timestamp[ms, tz=UTC]"
    assert str(schema.field("agencies").type) == "list<element: string>"
    assert str(schema.field("schema_version").type) == "int64"
    frame = pd.read_parquet(path)
    seed = frame.set_index("url").loc[SEED_ID]
    assert seed["published"] == pd.Timestamp("2017-05-01T00:00:00Z")
    assert list(seed["agencies"]) == ["APA", "AFP", "dpa", "Reuters"]
    assert list(seed["dateline"]["places"]) == ["Washington", "Moskau"]
    polars = pl.read_parquet(path)
    assert polars.schema["published"] == pl.Datetime("ms", "UTC")
    assert polars.filter(pl.col("published").is_null()).height == 1
    data = offline_datasets("parquet", path)
    assert data.num_rows == 7
    assert data.features["published"].dtype == "timestamp[ms, tz=UTC]"


def test_parquet_is_written_in_row_groups(archive, tmp_path):
    path = tmp_path / "c.parquet"
    export_archive(archive, ExportFilters(), path, ExportOptions("parquet", FIELDS,
                                                                 row_group_size=3, batch_size=2))
    assert pq.ParquetFile(path).metadata.num_row_groups == 3  # 3 + 3 + 1 rows


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
    assert json.loads(path.read_text()) == {"published": "2017-06-02T08:30:15Z"}


def test_text_precision_writes_no_date_finer_than_asked(archive, tmp_path):
    path = tmp_path / "c.txt"
    export_archive(archive, ExportFilters(), path,
                   ExportOptions("text", ["text"], text_precision="day"))
    heads = [line.split(" ", 3)[2] for line in path.read_text("utf-8").splitlines()
             if line.startswith(" date ")]
    assert heads == ["2017-05", "2017-05-03", "2017-05-04", "2017-05-12", "2017-05-20",
                     "2017-06-02"]
