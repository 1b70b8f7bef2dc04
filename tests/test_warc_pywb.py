"""A WARC export replays in pywb: pywb's own indexer agrees with newscrawl's
CDXJ index, and pywb's WSGI app serves every exported page from it.

pywb 2.10 pins ``redis==2.10.6`` and needs ``brotlipy`` (which shadows the
``brotli`` module Scrapy uses), against the ``redis>=5`` of the test extras,
so it cannot live in the project's venv: the test builds ``.venv-pywb`` beside
it once (``pip install pywb==2.10.0``) and runs ``tests/pywb_replay.py`` there.
``NEWSCRAWL_PYWB_PYTHON`` names another interpreter with pywb instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.export import ExportFilters, ExportOptions, export_archive
from newscrawl.export.daterange import DateRange
from newscrawl.export.fields import select_fields
from newscrawl.store.pages import PageStore
from newscrawl.warc.cdxj import surt_key
from tests.conftest import ROOT
from tests.netguard import package_install_env
from tests.test_warc_import import import_file
from tests.warc_fixtures import ccnews_records, write_warc

PYWB_VERSION = "2.10.0"


@pytest.fixture(scope="session")
def pywb_python() -> str:
    configured = os.environ.get("NEWSCRAWL_PYWB_PYTHON")
    if configured:
        return configured
    venv = ROOT / ".venv-pywb"
    python = venv / "bin" / "python"
    built = venv / f"pywb-{PYWB_VERSION}.installed"  # written last: a broken build is redone
    if not built.exists():
        steps = [[sys.executable, "-m", "venv", "--clear", str(venv)],
                 [str(python), "-m", "pip", "install", "--quiet", f"pywb=={PYWB_VERSION}"]]
        for step in steps:
            result = subprocess.run(step, capture_output=True, text=True, timeout=900, check=False,
                                    env=package_install_env())
            if result.returncode != 0:
                pytest.fail(f"cannot build {venv} for pywb: {result.stderr[-2000:]}")
        built.touch()
    return str(python)


@pytest.fixture
def collection(db, tmp_path):
    """An archive imported from the fixture CC-NEWS file, exported as WARC into
    a pywb collection with newscrawl's CDXJ as its index."""
    import_file(db, write_warc(tmp_path / "CC-NEWS-20170504060000-00001.warc.gz",
                               ccnews_records()))
    root = tmp_path / "pywb"
    archive = root / "collections" / "news" / "archive"
    (root / "collections" / "news" / "indexes").mkdir(parents=True)
    filters = ExportFilters(dates=DateRange.parse(None, None, "overlap"))
    export_archive(db, filters, archive / "news.warc.gz",
                   ExportOptions("warc", select_fields(None), progress=False))
    (archive / "news.cdxj").replace(root / "collections" / "news" / "indexes" / "index.cdxj")
    return root


def replay(pywb_python: str, root: Path, urls: list[str]) -> dict:
    result = subprocess.run(
        [pywb_python, str(ROOT / "tests" / "pywb_replay.py"), str(root), "news", "news.warc.gz",
         "20170504060000", *urls], capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_pywb_indexes_the_export_as_newscrawl_does(pywb_python, collection, db):
    ours = (collection / "collections/news/indexes/index.cdxj").read_text().splitlines()
    urls = [json.loads(line.split(" ", 2)[2])["url"] for line in ours]
    theirs = replay(pywb_python, collection, urls)["pywb_index"]
    responses = [line for line in theirs if '"mime": "warc/' not in line
                 and json.loads(line.split(" ", 2)[2]).get("status")]

    def comparable(line: str) -> tuple:
        key, stamp, raw = line.split(" ", 2)
        entry = json.loads(raw)
        return (key, stamp, entry["url"], entry["status"], entry["digest"], entry["length"],
                entry["offset"], entry["mime"])

    assert len(ours) == db.articles.count_documents({}) == 6
    assert sorted(map(comparable, responses)) == sorted(map(comparable, ours))


def test_our_surt_keys_are_those_pywb_looks_urls_up_by(pywb_python, collection):
    urls = ["https://www.derstandard.at/story/2000056912/Trump-Putin?b=2&a=1",
            "http://127.0.0.1:8765/politik/x", "https://apnews.com/",
            "https://www2.orf.at/stories/3001/", "https://www.swissinfo.ch/ger/path/",
            "https://www.tagesschau.de/a.html?jsessionid=ABC&x=1",
            "https://www.france24.com/fr/%C3%A9t%C3%A9"]
    theirs = replay(pywb_python, collection, urls)["surt"]
    assert {url: surt_key(url) for url in urls} == theirs


def test_every_exported_page_replays_from_pywb(pywb_python, collection, db):
    store = PageStore(db)
    expected = {}
    for doc in db.articles.find():
        body = store.body(store.find(doc["_id"], doc["fetched_at"]))
        expected[doc["url"]] = hashlib.sha1(body).hexdigest()
    replays = replay(pywb_python, collection, sorted(expected))["replays"]
    for url, sha1 in expected.items():
        assert replays[url]["status"] == 200, url
        assert replays[url]["sha1"] == sha1, url
        assert replays[url]["content_type"].startswith("text/html")
        assert replays[url]["memento"]
