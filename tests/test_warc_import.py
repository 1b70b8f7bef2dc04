"""``newscrawl import-warc``: WARC captures go through the crawl's stages into
the archive; every record that does not is counted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newscrawl.runner import project_settings
from newscrawl.sources import load_registry
from newscrawl.store.mongo import connect
from newscrawl.store.pages import PageStore
from newscrawl.warc.importer import WarcImporter
from tests.conftest import run_newscrawl
from tests.warc_fixtures import (
    CRAWL_DAY,
    Record,
    ccnews_records,
    fixture_pages,
    gzip_member,
    response_record,
    write_broken_warc,
    write_warc,
)

#: ../shared beside the clone (as on the developers' machines and in CI)
SEED = Path(__file__).resolve().parents[1].parent / "shared/reference/seed-article-2017-05.txt"


def importer(db, workers: int = 0, **kwargs) -> WarcImporter:
    settings = project_settings({"NEWSCRAWL_MONGO_BATCH_SIZE": 4,
                                 "NEWSCRAWL_EXTRACT_WORKERS": workers})
    return WarcImporter(db, settings, load_registry(), **kwargs)


def import_file(db, path: Path, workers: int = 0, **kwargs):
    warc = importer(db, workers, **kwargs)
    try:
        with open(path, "rb") as stream:
            return warc.import_stream(stream, path.name)
    finally:
        warc.close()


@pytest.fixture
def ccnews_file(tmp_path) -> Path:
    return write_warc(tmp_path / "CC-NEWS-20170504060000-00001.warc.gz", ccnews_records())


def test_every_outlets_article_is_archived_with_warc_date_as_fetch_time(db, ccnews_file):
    counts = import_file(db, ccnews_file)
    assert counts["store/new"] == 6
    assert sorted(d["url"] for d in db.articles.find()) == sorted(p.url for p in fixture_pages())
    docs = {d["source"]: d for d in db.articles.find()}
    assert {d["language"] for d in db.articles.find()} == {"de", "en", "fr"}
    seed = db.articles.find_one({"source": "derstandard"})
    assert seed["title"] == "Trump und Putin wollen Vorgehen gegen Terror abstimmen"
    assert isinstance(seed["fetched_at"], datetime)
    assert seed["fetched_at"].replace(tzinfo=UTC) == CRAWL_DAY
    assert seed["first_seen"].replace(tzinfo=UTC) == CRAWL_DAY
    assert seed["published"].replace(tzinfo=UTC) == datetime(2017, 5, 2, 19, 14, tzinfo=UTC)
    assert docs["apnews"]["agencies"] == ["AP"]


def test_the_seed_story_is_stored_as_the_reference_corpus_has_it(db, ccnews_file):
    import_file(db, ccnews_file)
    seed = db.articles.find_one({"source": "derstandard"})
    # the research corpus's record: " date 2017-05 <text> <credit line>"
    reference = SEED.read_text(encoding="utf-8").strip().removeprefix("date 2017-05 ")
    paragraphs = [p.strip() for p in seed["text"].split("\n\n")]
    assert [p.strip() for p in reference.split("\n\n")] == [
        *paragraphs[:-1], f"{paragraphs[-1]} {seed['credit']}"]
    assert seed["agencies"] == ["APA", "AFP", "dpa", "Reuters"]
    assert seed["dateline"]["places"] == ["Washington", "Moskau"]
    assert "Kommentare" not in seed["text"] and "Cookies" not in seed["text"]


def test_extraction_workers_give_the_documents_extraction_here_gives(db, ccnews_file, mongo_uri):
    counts = import_file(db, ccnews_file, workers=2)
    assert counts["store/new"] == 6
    client = connect(mongo_uri)
    here = client[f"{db.name}_inline"]
    try:
        import_file(here, ccnews_file, workers=0)
        for doc in db.articles.find():
            assert here.articles.find_one({"_id": doc["_id"]}) == doc
    finally:
        client.drop_database(here.name)
        client.close()


def test_the_raw_page_is_kept_as_for_a_crawl(db, ccnews_file):
    import_file(db, ccnews_file)
    article = db.articles.find_one({"source": "tagesschau"})
    store = PageStore(db)
    page = store.find(article["_id"], article["fetched_at"])
    body = store.body(page)
    assert body.startswith(b"<!DOCTYPE html>")  # chunked and gzip-encoded in the record
    assert page["status"] == 200
    assert page["declared_encoding"] == "utf-8"
    assert page["run_id"] == "warc:CC-NEWS-20170504060000-00001.warc.gz"


def test_records_that_are_no_article_page_are_counted_not_imported(db, ccnews_file):
    counts = import_file(db, ccnews_file)
    assert counts["unknown_domain"] == 1
    assert counts["not_html"] == 1
    assert counts["revisit"] == 1
    assert counts["truncated"] == 1
    assert counts["http_status/301"] == 1
    assert counts["dropped/listing_page"] + counts["dropped/too_short"] == 1
    assert counts["skipped/warcinfo"] == 1 and counts["skipped/request"] == 1
    assert db.articles.count_documents({}) == 6


def test_a_catch_all_source_takes_pages_of_unknown_domains(db, ccnews_file):
    counts = import_file(db, ccnews_file, catch_all="apnews")
    assert counts["unknown_domain"] == 0
    assert db.articles.find_one({"domain": "example-gazette.com"})["source"] == "apnews"


def test_only_the_chosen_sources_are_read(db, ccnews_file):
    counts = import_file(db, ccnews_file, sources=["derstandard"])
    assert {d["source"] for d in db.articles.find()} == {"derstandard"}
    assert counts["unknown_domain"] >= 6  # filtered on the WARC headers, before parsing


def test_importing_the_same_file_again_changes_nothing(db, ccnews_file):
    import_file(db, ccnews_file)
    before = {name: sorted(db[name].find(), key=lambda d: d["_id"])
              for name in ("articles", "fetches", "pages", "article_versions")}
    counts = import_file(db, ccnews_file)
    assert counts["already_imported"] == 6
    assert not any(key.startswith("store/") for key in counts)
    after = {name: sorted(db[name].find(), key=lambda d: d["_id"]) for name in before}
    assert after == before


def test_a_later_capture_of_changed_content_becomes_a_new_version(db, tmp_path):
    page = fixture_pages()[0]
    first = write_warc(tmp_path / "a.warc.gz", [response_record(page, CRAWL_DAY)])
    page.html = page.html.replace(b"Putin", b"Wladimir Putin", 1).replace(
        b"<p>", b"<p>Aktualisiert: Das Telefonat dauerte eine Stunde. ", 1)
    later = write_warc(tmp_path / "b.warc.gz",
                       [response_record(page, CRAWL_DAY + timedelta(hours=5))])
    import_file(db, first)
    counts = import_file(db, later)
    assert counts["store/changed"] == 1
    article = db.articles.find_one()
    assert article["version"] == 2 and article["fetch_count"] == 2
    assert db.article_versions.count_documents({}) == 1


def test_a_damaged_gzip_member_costs_only_its_own_record(db, tmp_path):
    counts = import_file(db, write_broken_warc(tmp_path / "broken.warc.gz"))
    assert counts["broken_gzip"] == 1
    assert counts["store/new"] == 4  # two records before the damage, two after


def test_a_file_cut_off_inside_a_record_keeps_the_records_before(db, tmp_path):
    whole = write_warc(tmp_path / "whole.warc.gz",
                       [response_record(p, CRAWL_DAY) for p in fixture_pages()]).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[:-3000])  # the last member and part of the one before it
    counts = import_file(db, cut)
    assert counts["store/new"] == 4
    assert counts["incomplete"] == 1


def test_plain_warc_1_1_files_are_read(db, tmp_path):
    records = [response_record(p, CRAWL_DAY) for p in fixture_pages()[:2]]
    for record in records:
        record.version = "WARC/1.1"
    counts = import_file(db, write_warc(tmp_path / "plain.warc", records, compress=False))
    assert counts["store/new"] == 2


def test_bad_http_and_bad_encodings_are_counted(db, tmp_path):
    page = fixture_pages()[1]
    records = [
        Record("response", page.url, CRAWL_DAY, b"<html>no HTTP header at all</html>"),
        Record("response", page.url + "?x=1", CRAWL_DAY,
               b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\nnot gzip at all"),
        Record("response", page.url + "?x=2", CRAWL_DAY,
               b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"),
    ]
    counts = import_file(db, write_warc(tmp_path / "bad.warc.gz", records))
    assert counts["bad_http"] == 1
    assert counts["bad_content_encoding"] == 1
    assert counts["bad_chunked"] == 1
    assert db.articles.count_documents({}) == 0


def test_a_decompression_bomb_is_refused(db, tmp_path):
    page = fixture_pages()[0]
    bomb = gzip_member(b"<p>" + b"a" * (20 * 1024 * 1024))
    record = Record("response", page.url, CRAWL_DAY,
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                    + bomb)
    counts = import_file(db, write_warc(tmp_path / "bomb.warc.gz", [record]))
    assert counts["too_large"] == 1


def test_the_command_imports_files_and_prints_counts(mongo_uri, db, ccnews_file, tmp_path):
    result = run_newscrawl("import-warc", str(ccnews_file), "-s",
                           f"NEWSCRAWL_MONGO_DATABASE={db.name}",
                           env={"NEWSCRAWL_MONGO_URI": mongo_uri,
                                "NEWSCRAWL_DATA_DIR": str(tmp_path / "var")})
    assert result.returncode == 0, result.stderr
    assert "store/new 6" in result.stdout
    assert db.articles.count_documents({}) == 6


def test_the_command_names_an_unknown_source(mongo_uri, db, ccnews_file, tmp_path):
    result = run_newscrawl("import-warc", str(ccnews_file), "--source", "nosuchpaper", "-s",
                           f"NEWSCRAWL_MONGO_DATABASE={db.name}",
                           env={"NEWSCRAWL_MONGO_URI": mongo_uri,
                                "NEWSCRAWL_DATA_DIR": str(tmp_path / "var")})
    assert result.returncode == 2
    assert "nosuchpaper" in result.stderr
