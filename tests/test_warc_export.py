"""WARC out: ``newscrawl export --format warc`` and the crawl-time WARC files
of ``NEWSCRAWL_WARC_DIR``; a round trip through WARC keeps every article."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from newscrawl.demo.site import build_routes, load_articles
from newscrawl.runner import project_settings
from newscrawl.sources import load_registry
from newscrawl.store.mongo import connect
from newscrawl.store.versions import BOOKKEEPING
from newscrawl.warc.cdxj import surt_key
from newscrawl.warc.importer import WarcImporter
from tests.conftest import run_newscrawl, run_scrapy, write_sources


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


@pytest.fixture(scope="module")
def crawled(mongo_uri, tmp_path_factory):
    """The demo site crawled once through its feed, with NEWSCRAWL_WARC_DIR on:
    (database, source registry file, WARC directory, site)."""
    from newscrawl.demo.server import SiteServer

    tmp = tmp_path_factory.mktemp("warc-crawl")
    client = connect(mongo_uri)
    db = client[f"t{uuid.uuid4().hex[:12]}"]
    with SiteServer() as site:
        site.routes.update(build_routes(site.base_url))
        sources = write_sources(tmp / "sources.toml", fixture={
            "feeds": [site.url("/rss.xml")], "allowed_domains": ["127.0.0.1"]})
        result = run_scrapy("crawl", "feeds", "-a", "source=fixture",
                            "-s", f"NEWSCRAWL_SOURCE_FILES={sources}",
                            "-s", f"NEWSCRAWL_WARC_DIR={tmp / 'warcs'}",
                            mongo_uri=mongo_uri, database=db.name, tmp_path=tmp)
        assert result.returncode == 0, result.stderr[-3000:]
        yield db, sources, tmp / "warcs", site
    client.drop_database(db.name)
    client.close()


def export(db, mongo_uri, tmp_path, *args: str):
    return run_newscrawl("export", *args, "-s", f"NEWSCRAWL_MONGO_DATABASE={db.name}",
                         env={"NEWSCRAWL_MONGO_URI": mongo_uri,
                              "NEWSCRAWL_DATA_DIR": str(tmp_path / "var")})


def import_into(db, warc: Path, sources: Path):
    settings = project_settings({"NEWSCRAWL_SOURCE_FILES": [str(sources)],
                                 "NEWSCRAWL_EXTRACT_WORKERS": 0})
    importer = WarcImporter(db, settings, load_registry([sources]))
    try:
        with open(warc, "rb") as stream:
            return importer.import_stream(stream, warc.name)
    finally:
        importer.close()


def records(path: Path) -> list:
    with open(path, "rb") as stream:
        return [(r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read())
                for r in ArchiveIterator(stream, check_digests=True)]


def test_export_writes_warc_1_1_request_response_and_metadata_records(crawled, mongo_uri,
                                                                      tmp_path):
    db, *_ = crawled
    out = tmp_path / "corpus.warc.gz"
    result = export(db, mongo_uri, tmp_path, str(out))
    assert result.returncode == 0, result.stderr
    found = records(out)
    kinds = [kind for kind, *_ in found]
    articles = db.articles.count_documents({})
    assert kinds[0] == "warcinfo"
    assert kinds.count("response") == kinds.count("request") == kinds.count("metadata") == articles
    for kind, headers, _, _ in found:
        assert headers.protocol == "WARC/1.1"
    metadata = [body for kind, _, _, body in found if kind == "metadata"]
    fields = dict(line.split(": ", 1) for line in metadata[0].decode().splitlines())
    doc = db.articles.find_one({"_id": fields["newscrawl-id"]})
    assert fields["newscrawl-source"] == "fixture"
    assert json.loads(fields["newscrawl-extractor"]) == doc["extractor"]


def test_exported_digests_are_those_of_the_stored_pages(crawled, mongo_uri, tmp_path):
    db, *_ = crawled
    out = tmp_path / "corpus.warc.gz"
    assert export(db, mongo_uri, tmp_path, str(out)).returncode == 0
    with open(out, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            headers = record.http_headers.to_bytes()
            body = record.content_stream().read()
            assert record.rec_headers.get_header("WARC-Payload-Digest") == sha1_b32(body)
            assert record.rec_headers.get_header("WARC-Block-Digest") == sha1_b32(headers + body)
            assert body.startswith(b"<!DOCTYPE html>")


def test_the_cdxj_index_points_at_each_response(crawled, mongo_uri, tmp_path):
    db, *_ = crawled
    out = tmp_path / "corpus.warc.gz"
    assert export(db, mongo_uri, tmp_path, str(out)).returncode == 0
    lines = (tmp_path / "corpus.cdxj").read_text().splitlines()
    assert lines == sorted(lines) and len(lines) == db.articles.count_documents({})
    data = out.read_bytes()
    for line in lines:
        key, stamp, raw = line.split(" ", 2)
        entry = json.loads(raw)
        assert key == surt_key(entry["url"]) and len(stamp) == 14
        assert entry["filename"] == "corpus.warc.gz" and entry["status"] == "200"
        member = data[int(entry["offset"]):int(entry["offset"]) + int(entry["length"])]
        (kind, headers, _, body), = records_of(member, tmp_path)
        assert kind == "response" and headers.get_header("WARC-Target-URI") == entry["url"]
        assert sha1_b32(body).removeprefix("sha1:") == entry["digest"]


def records_of(member: bytes, tmp_path: Path) -> list:
    path = tmp_path / "one.warc.gz"
    path.write_bytes(member)
    return records(path)


def test_export_filters_apply_to_warc_too(crawled, mongo_uri, tmp_path):
    db, *_ = crawled
    out = tmp_path / "en.warc.gz"
    result = export(db, mongo_uri, tmp_path, str(out), "--language", "en")
    assert result.returncode == 0, result.stderr
    responses = [h for kind, h, _, _ in records(out) if kind == "response"]
    assert len(responses) == db.articles.count_documents({"language": "en"}) >= 1


def test_round_trip_through_warc_gives_the_same_articles(crawled, mongo_uri, db, tmp_path):
    original, sources, *_ = crawled
    out = tmp_path / "corpus.warc.gz"
    assert export(original, mongo_uri, tmp_path, str(out)).returncode == 0
    counts = import_into(db, out, sources)
    assert counts["store/new"] == original.articles.count_documents({})
    for doc in original.articles.find():
        copy = db.articles.find_one({"_id": doc["_id"]})
        assert {k: v for k, v in copy.items() if k not in BOOKKEEPING} == \
               {k: v for k, v in doc.items() if k not in BOOKKEEPING}
        assert copy["fetched_at"] == doc["fetched_at"]  # WARC/1.1 dates keep milliseconds
        assert isinstance(copy["published"], type(doc["published"]))


def test_the_crawl_wrote_every_fetched_page_to_a_complete_warc_file(crawled):
    _, _, warcs, site = crawled
    files = sorted(warcs.iterdir())
    assert [p.suffix for p in files] == [".cdxj", ".gz"]  # no file left ".open"
    fetched = {r[1].get_header("WARC-Target-URI") for r in records(files[1])
               if r[0] == "response"}
    assert {site.url(f"/{a['slug']}") for a in load_articles()} <= fetched
    assert site.url("/rss.xml") in fetched and site.url("/robots.txt") in fetched


def test_the_crawl_time_warc_imports_into_the_same_articles(crawled, db):
    original, sources, warcs, _ = crawled
    warc = next(p for p in warcs.iterdir() if p.name.endswith(".warc.gz"))
    counts = import_into(db, warc, sources)
    assert counts["store/new"] == original.articles.count_documents({})
    for doc in original.articles.find():
        copy = db.articles.find_one({"_id": doc["_id"]})
        assert (copy["title"], copy["text"], copy["agencies"]) == \
               (doc["title"], doc["text"], doc["agencies"])


def test_an_article_without_a_stored_page_is_skipped_and_counted(crawled, mongo_uri, db,
                                                                 tmp_path):
    original, *_ = crawled
    for doc in original.articles.find().limit(2):
        db.articles.insert_one(doc)
    db.pages.insert_one(original.pages.find_one({"url_id": doc["_id"]}))  # only the second's
    out = tmp_path / "two.warc.gz"
    assert export(db, mongo_uri, tmp_path, str(out)).returncode == 0
    manifest = json.loads((tmp_path / "two.warc.gz.manifest.json").read_text())
    assert manifest["counts"]["records"] == 1 and manifest["counts"]["skipped"] == 1
    assert [kind for kind, *_ in records(out)].count("response") == 1
