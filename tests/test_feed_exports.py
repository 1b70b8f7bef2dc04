"""Scrapy's own feed exports: ``scrapy crawl feeds -O items.jsonl`` (or
``.csv``) writes the stored records, the same rows ``newscrawl export``
gives, and a crawl whose items fail to export exits 1."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newscrawl.demo.site import build_routes
from newscrawl.schema import SCHEMA
from tests.conftest import run_newscrawl, run_scrapy, write_sources

COLUMNS = [field.name for field in SCHEMA]

#: Loads a JSON Lines and a CSV file with pandas (in a child: pandas is big)
#: and prints both as records, sorted by ``_id``.
PANDAS = r"""
import json, sys
import pandas as pd
out = {}
for kind, path in zip(sys.argv[1::2], sys.argv[2::2]):
    frame = (pd.read_json(path, lines=True, dtype=False) if kind == "jsonl"
             else pd.read_csv(path, keep_default_na=False, dtype=str))
    frame = frame.sort_values("_id").reset_index(drop=True)
    out[kind] = {"columns": list(frame.columns), "rows": json.loads(frame.to_json(orient="records"))}
print(json.dumps(out))
"""


def pandas_rows(**files) -> dict:
    args = [str(v) for kind, path in files.items() for v in (kind, path)]
    done = subprocess.run([sys.executable, "-c", PANDAS, *args], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.fixture
def demo_source(site, tmp_path):
    site.routes.update(build_routes(site.base_url))
    return write_sources(tmp_path / "sources.toml", fixture={"feeds": [site.url("/rss.xml")]})


def crawl(demo_source, db, mongo_uri, tmp_path, *feed_args):
    return run_scrapy("crawl", "feeds", "-a", "source=fixture", *feed_args,
                      "-s", f"NEWSCRAWL_SOURCE_FILES={demo_source}",
                      mongo_uri=mongo_uri, database=db.name, tmp_path=tmp_path)


@pytest.fixture
def exported(demo_source, db, mongo_uri, tmp_path):
    """One crawl of the demo site writing ``items.jsonl`` and ``items.csv``,
    and ``newscrawl export`` of the archive it filled."""
    result = crawl(demo_source, db, mongo_uri, tmp_path, "-O", str(tmp_path / "items.jsonl"),
                   "-O", str(tmp_path / "items.csv"), "-O", str(tmp_path / "items.xml"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Error caught on signal handler" not in result.stderr
    done = run_newscrawl("export", str(tmp_path / "archive.jsonl"), "-s",
                         f"NEWSCRAWL_MONGO_DATABASE={db.name}", env={"NEWSCRAWL_MONGO_URI": mongo_uri})
    assert done.returncode == 0, done.stderr
    return tmp_path


def test_a_crawl_with_feed_exports_is_recorded_healthy(exported, db):
    """The run record is written before Scrapy stores the feeds: an export
    still being written is no failure of the run."""
    (run,) = db.runs.find()
    assert run["healthy"], run["problems"]
    (verdict,) = [m for m in run["monitors"] if m["monitor"] == "feed_exports"]
    assert verdict["ok"] and verdict["message"] == "feed export not finished yet"


def test_feed_items_are_the_schema_records_without_the_raw_page(exported):
    lines = (exported / "items.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 3
    for line in lines:
        record = json.loads(line)
        assert list(record) == COLUMNS
        assert record["schema_version"] == 3 and record["published"].endswith("Z")


def test_feed_jsonl_loads_in_pandas_with_the_rows_of_newscrawl_export(exported):
    loaded = pandas_rows(jsonl=exported / "items.jsonl")["jsonl"]
    archive = pandas_rows(jsonl=exported / "archive.jsonl")["jsonl"]
    assert loaded["columns"] == archive["columns"] == COLUMNS
    assert len(loaded["rows"]) == len(archive["rows"]) >= 3
    for crawled, stored in zip(loaded["rows"], archive["rows"], strict=True):
        # the near-duplicate cluster is assigned when the batch is written,
        # after the item left the pipelines (documented)
        assert crawled.pop("cluster_id") is None
        stored.pop("cluster_id")
        assert crawled == stored


def test_feed_csv_loads_in_pandas_with_the_rows_of_newscrawl_export(exported):
    loaded = pandas_rows(csv=exported / "items.csv")["csv"]
    assert loaded["columns"] == COLUMNS
    archive = pandas_rows(jsonl=exported / "archive.jsonl")["jsonl"]
    assert len(loaded["rows"]) == len(archive["rows"])
    for crawled, stored in zip(loaded["rows"], archive["rows"], strict=True):
        assert crawled["_id"] == stored["_id"] and crawled["text"] == stored["text"]
        assert crawled["published"] == (stored["published"] or "")
        assert json.loads(crawled["agencies"]) == stored["agencies"]
        dateline = json.loads(crawled["dateline"]) if crawled["dateline"] else None
        assert dateline == stored["dateline"]


def test_feed_xml_holds_every_record_with_its_fields(exported):
    from xml.etree import ElementTree

    items = ElementTree.parse(exported / "items.xml").getroot().findall("item")
    jsonl = [json.loads(line) for line in (exported / "items.jsonl").read_text().splitlines()]
    assert len(items) == len(jsonl)
    by_id = {item.findtext("_id"): item for item in items}
    for record in jsonl:
        item = by_id[record["_id"]]
        assert item.findtext("published") == (record["published"] or "")
        assert [v.text for v in item.find("agencies").findall("value")] == record["agencies"]


def test_a_crawl_whose_items_fail_to_export_exits_1(demo_source, db, mongo_uri, tmp_path):
    feeds = json.dumps({str(tmp_path / "items.jsonl"): {"format": "failing"}})
    exporters = json.dumps({"failing": "tests.failing_exporter.SecondItemFails"})
    result = crawl(demo_source, db, mongo_uri, tmp_path, "-s", f"FEEDS={feeds}",
                   "-s", f"FEED_EXPORTERS={exporters}")
    assert result.returncode == 1, result.stderr[-3000:]
    assert "UNHEALTHY: feeds: feed export failed: 1 of" in result.stderr
    assert "items not written" in result.stderr
