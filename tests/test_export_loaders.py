"""Every export format loads unchanged in pandas, polars and Hugging Face
``datasets`` (offline), with the types a researcher expects.

The libraries are loaded in a child process: they would add ~200 MB to the
test process, and crawl subprocesses started later by other tests report the
parent's size in their peak RSS (Linux keeps ``ru_maxrss`` across exec).
Parquet files are written by ``newscrawl export`` in a child for the same
reason (pyarrow).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newscrawl.export.filters import ExportFilters
from newscrawl.export.run import ExportOptions, export_archive
from newscrawl.schema import INT, SCHEMA, STRING, TIMESTAMP
from tests.conftest import run_newscrawl
from tests.test_export_corpus import SEED_TEXT, fill_archive

FIELDS = ["_id", "url", "source", "title", "text", "language", "agencies", "published",
          "published_precision", "dateline", "schema_version"]
SEED_URL = "https://www.example.at/story/1"
SEED_AGENCIES = ["APA", "AFP", "dpa", "Reuters"]

#: Loads ``path`` with each library named and prints, per library, the column
#: types and the rows as JSON (dates as ISO strings).
LOADER = r"""
import json, sys
kind, path, cache, *libraries = sys.argv[1:]
out = {}
for lib in libraries:
    if lib == "pandas":
        import pandas as pd
        read = {"json": lambda: pd.read_json(path, lines=True, dtype=False),
                "csv": lambda: pd.read_csv(path, keep_default_na=False),
                "parquet": lambda: pd.read_parquet(path)}[kind]
        frame = read()
        types = {c: str(t) for c, t in frame.dtypes.items()}
        rows = json.loads(frame.to_json(orient="records", date_format="iso", date_unit="s"))
    elif lib == "polars":
        import polars as pl
        frame = {"json": pl.read_ndjson, "csv": pl.read_csv, "parquet": pl.read_parquet}[kind](path)
        types = {c: str(t) for c, t in frame.schema.items()}
        rows = frame.to_dicts()
    elif lib == "datasets":
        import datasets
        data = datasets.load_dataset(kind, data_files=path, split="train", cache_dir=cache)
        types = {c: str(getattr(f, "dtype", f)) for c, f in data.features.items()}
        rows = data.to_list()
    elif lib == "pyarrow":
        import pyarrow.parquet as pq
        meta = pq.ParquetFile(path)
        types = {f.name: str(f.type) for f in meta.schema_arrow}
        rows = [{"row_groups": meta.metadata.num_row_groups}]
    out[lib] = {"columns": list(types), "types": types, "rows": rows}
print(json.dumps(out, default=str))
"""


def load(path: Path, kind: str, *libraries: str) -> dict:
    """``{library: {columns, types, rows}}`` of ``path`` read by each library."""
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1",
           "HF_HOME": str(path.parent / "hf")}
    done = subprocess.run([sys.executable, "-c", LOADER, kind, str(path),
                           str(path.parent / "hf-cache"), *libraries],
                          env=env, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def instant(value: str) -> datetime:
    """A loaded date as an aware UTC datetime: pandas and polars keep the ``Z``,
    ``datasets`` reads JSON dates as zone-less UTC timestamps."""
    parsed = datetime.fromisoformat(value.replace(" ", "T"))
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def seed(result: dict) -> dict:
    return next(row for row in result["rows"] if row["url"] == SEED_URL)


@pytest.fixture
def archive(db):
    return fill_archive(db)


@pytest.fixture
def parquet(archive, mongo_uri, tmp_path) -> Path:
    """The corpus exported to Parquet (all fields) by ``newscrawl export``."""
    path = tmp_path / "c.parquet"
    done = run_newscrawl(
        "export", str(path), "-s", f"NEWSCRAWL_MONGO_DATABASE={archive.name}",
        "-s", "NEWSCRAWL_EXPORT_BATCH_SIZE=2", "-s", "NEWSCRAWL_EXPORT_ROW_GROUP_SIZE=3",
        env={"NEWSCRAWL_MONGO_URI": mongo_uri}, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return path


def test_jsonl_loads_unchanged_in_pandas_polars_and_datasets(archive, tmp_path):
    path = tmp_path / "c.jsonl"
    export_archive(archive, ExportFilters(), path, ExportOptions("jsonl", FIELDS))
    for library, result in load(path, "json", "pandas", "polars", "datasets").items():
        assert result["columns"] == FIELDS, library
        assert len(result["rows"]) == 7, library
        row = seed(result)
        assert row["text"] == SEED_TEXT, library
        assert row["agencies"] == SEED_AGENCIES, library
        assert instant(row["published"]) == datetime(2017, 5, 1, tzinfo=UTC), library
        assert row["dateline"]["places"] == ["Washington", "Moskau"], library


def test_gzipped_jsonl_loads_in_pandas_and_polars(archive, tmp_path):
    path = tmp_path / "c.jsonl.gz"
    export_archive(archive, ExportFilters(), path, ExportOptions("jsonl", FIELDS))
    for library, result in load(path, "json", "pandas", "polars").items():
        assert len(result["rows"]) == 7 and seed(result)["text"] == SEED_TEXT, library


def test_csv_keeps_multiline_text_and_lists_as_json_text(archive, tmp_path):
    path = tmp_path / "c.csv"
    export_archive(archive, ExportFilters(), path, ExportOptions("csv", FIELDS))
    for library, result in load(path, "csv", "pandas", "polars", "datasets").items():
        assert result["columns"] == FIELDS, library
        assert len(result["rows"]) == 7, library
        row = seed(result)
        assert row["text"] == SEED_TEXT, library
        assert json.loads(row["agencies"]) == SEED_AGENCIES, library
        assert row["published"] == "2017-05-01T00:00:00.000Z", library


def test_parquet_has_typed_columns_with_utc_timestamps(parquet):
    loaded = load(parquet, "parquet", "pyarrow", "pandas", "polars", "datasets")
    types = loaded["pyarrow"]["types"]
    assert types["published"] == "timestamp[ms, tz=UTC]"
    assert types["agencies"] == "list<element: string>"
    assert types["schema_version"] == "int64"
    assert types["dateline"].startswith("struct<places: list<element: string>")
    assert loaded["pandas"]["types"]["published"] == "datetime64[ms, UTC]"
    assert loaded["polars"]["types"]["published"] == "Datetime(time_unit='ms', time_zone='UTC')"
    assert loaded["datasets"]["types"]["published"] == "timestamp[ms, tz=UTC]"


#: What each library reports for a column of a schema type, in the order
#: pyarrow, pandas, polars, datasets (pandas 3 calls its string dtype ``str``).
TYPED_AS = {
    TIMESTAMP: ("timestamp[ms, tz=UTC]", "datetime64[ms, UTC]",
                "Datetime(time_unit='ms', time_zone='UTC')", "timestamp[ms, tz=UTC]"),
    INT: ("int64", "int64", "Int64", "int64"),
    STRING: ("string", ("object", "str"), "String", "string"),
}


def test_parquet_columns_are_typed_as_the_schema_says(parquet):
    loaded = load(parquet, "parquet", "pyarrow", "pandas", "polars", "datasets")
    typed = [field for field in SCHEMA if field.type in TYPED_AS]
    assert {"last_seen", "fetch_count", "version", "kicker", "access"} <= {f.name for f in typed}
    for field in typed:
        for library, expected in zip(("pyarrow", "pandas", "polars", "datasets"),
                                     TYPED_AS[field.type], strict=True):
            accepted = expected if isinstance(expected, tuple) else (expected,)
            assert loaded[library]["types"][field.name] in accepted, (library, field.name)


def test_parquet_keeps_the_milliseconds_of_last_seen(parquet):
    (row,) = [r for r in load(parquet, "parquet", "polars")["polars"]["rows"]
              if r["url"] == SEED_URL]
    assert instant(row["last_seen"]) == datetime(2024, 1, 2, 6, 30, 0, 250000, tzinfo=UTC)
    assert row["fetch_count"] == 2 and row["version"] == 1


def test_parquet_loads_unchanged_in_pandas_polars_and_datasets(parquet):
    for library, result in load(parquet, "parquet", "pandas", "polars", "datasets").items():
        assert len(result["rows"]) == 7, library
        row = seed(result)
        assert row["text"] == SEED_TEXT, library
        assert row["agencies"] == SEED_AGENCIES, library
        assert instant(row["published"]) == datetime(2017, 5, 1, tzinfo=UTC), library
        assert row["dateline"]["places"] == ["Washington", "Moskau"], library
        assert sum(r["published"] is None for r in result["rows"]) == 1, library


def test_parquet_is_written_in_row_groups(parquet):
    assert load(parquet, "parquet", "pyarrow")["pyarrow"]["rows"] == [{"row_groups": 3}]
