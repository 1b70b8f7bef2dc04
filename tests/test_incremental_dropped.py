"""Pages the pipelines drop as no article are known to the next run.

A feed that keeps listing a section front or a too-short stub must not make
every scheduled run fetch and extract it again: the first run records the
drop (``fetches`` with the reason, ``dropped_pages``), later runs skip the page
until ``NEWSCRAWL_INCREMENTAL_RECHECK_DROPPED_DAYS`` have passed. A page that
failed for a reason that may pass (an empty answer, a server error, a timeout)
is fetched again on the next run. Real ``scrapy crawl`` runs against a fixture
site, plus the writer and spool rules on their own.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newscrawl.demo.server import Page
from newscrawl.demo.site import build_routes, load_articles, section_front
from newscrawl.middlewares.incremental import days_setting, recheck_due
from newscrawl.schema import document_id
from newscrawl.store.captures import DROPPED, Capture
from newscrawl.store.dropped import records_drop
from newscrawl.store.spool import Spool, decode_line, encode_line, replay_spool
from newscrawl.store.writer import ArchiveWriter
from tests.conftest import free_port, run_newscrawl, run_scrapy
from tests.test_crawl import write_source
from tests.test_incremental import with_etag

ARTICLE = f"/{load_articles()[0]['slug']}"
LISTING = "/ressort/alle-meldungen"
SHORT = "/kurz/eilmeldung"
RECHECK_EVERY_RUN = ("-s", "NEWSCRAWL_INCREMENTAL_RECHECK_DROPPED_DAYS=0")
EMPTY = "/leer/seite"
BROKEN = "/kaputt/seite"
SHORT_PAGE = (
    "<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><title>Eilmeldung</title>"
    "</head><body><article><h1>Eilmeldung: Regierung tritt zurück</h1>"
    "<p>Wien – Die Regierung ist zurückgetreten. Mehr in Kürze.</p></article></body></html>"
)


def crawl(spider, source_file, mongo_uri, db, tmp_path, *extra):
    """``scrapy crawl`` of a site broken on purpose (empty, failing, short pages): it
    finishes without a crash; its verdict may be UNHEALTHY (exit 1), as cron should see."""
    result = run_scrapy("crawl", spider, "-a", "source=fixture", "-s", f"NEWSCRAWL_SOURCE_FILES={source_file}",
                        *extra, mongo_uri=mongo_uri, database=db.name, tmp_path=tmp_path)
    assert result.returncode in (0, 1), result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "'finish_reason': 'finished'" in result.stderr
    if result.returncode:
        assert result.stderr.strip().splitlines()[-1].startswith("UNHEALTHY: feeds/fixture: ")
    return result


def feed_of(site, *paths: str) -> Page:
    items = "".join(f"<item><title>{p}</title><link>{site.url(p)}</link></item>" for p in paths)
    return Page(
        f"<rss><channel>{items}</channel></rss>".encode(), content_type="application/rss+xml"
    )


def serve(site, *paths: str) -> None:
    """The demo article, a section front and a short stub (no articles), an
    empty 200 answer and a server error, all listed in /rss.xml."""
    site.routes.update(build_routes(site.base_url))
    site.routes[LISTING] = Page(section_front(load_articles(), site.base_url).encode())
    site.routes[SHORT] = Page(SHORT_PAGE.encode())
    site.routes[EMPTY] = Page(b"")
    site.routes[BROKEN] = Page(b"<html><body>Internal error</body></html>", status=500)
    site.routes["/rss.xml"] = feed_of(site, *(paths or (ARTICLE, LISTING, SHORT, EMPTY, BROKEN)))


def requested(site, path: str) -> int:
    return site.requests.count(path)


def test_a_dropped_page_is_recorded_and_skipped_by_the_next_run(site, db, mongo_uri, tmp_path):
    serve(site)
    source = write_source(tmp_path, site.base_url, feeds=[site.url("/rss.xml")])

    first = crawl("feeds", source, mongo_uri, db, tmp_path)
    assert [d["url"] for d in db.articles.find()] == [site.url(ARTICLE)]
    dropped = {d["url"]: d for d in db.dropped_pages.find()}
    assert sorted(dropped) == sorted([site.url(LISTING), site.url(SHORT)])
    assert dropped[site.url(LISTING)]["reason"] == "listing_page"
    assert dropped[site.url(SHORT)]["reason"] == "too_short"
    for page in dropped.values():
        assert page["_id"] == document_id(page["url"]) and page["fetch_count"] == 1
        assert isinstance(page["first_seen"], datetime) and page["first_seen"] == page["last_seen"]
        assert page["status"] == 200 and page["source"] == "fixture"
    logged = {d["url"]: d for d in db.fetches.find({"kind": "dropped"})}
    assert sorted(logged) == sorted(dropped)
    assert {d["reason"] for d in logged.values()} == {"listing_page", "too_short"}
    assert all(isinstance(d["fetched_at"], datetime) for d in logged.values())
    assert all(d["outcome"] == "dropped" and d["content_hash"] is None for d in logged.values())
    assert "'newscrawl/store/dropped': 2" in first.stderr
    # failures that may pass are not recorded anywhere
    assert db.fetches.count_documents({"url": {"$in": [site.url(EMPTY), site.url(BROKEN)]}}) == 0

    site.requests.clear()
    second = crawl("feeds", source, mongo_uri, db, tmp_path)
    assert requested(site, ARTICLE) == requested(site, LISTING) == requested(site, SHORT) == 0
    assert requested(site, EMPTY) == 1 and requested(site, BROKEN) >= 1
    assert "'newscrawl/incremental/skipped': 1" in second.stderr
    assert "'newscrawl/incremental/skipped_dropped': 2" in second.stderr
    assert "'newscrawl/incremental/new': 2" in second.stderr  # the empty and the broken page
    assert db.fetches.count_documents({"kind": "dropped"}) == 2


def test_a_file_listed_in_the_feed_is_downloaded_once(site, db, mongo_uri, tmp_path):
    """A PDF in the feed is refused for its Content-Type, recorded as ``not_html``
    (without its bytes) and not downloaded again by the next run."""
    serve(site, ARTICLE, "/downloads/jahresbericht.pdf")
    site.routes["/downloads/jahresbericht.pdf"] = Page(
        b"%PDF-1.7\n" + bytes(range(256)) * 64, content_type="application/pdf")
    source = write_source(tmp_path, site.base_url, feeds=[site.url("/rss.xml")])

    first = crawl("feeds", source, mongo_uri, db, tmp_path)
    pdf = db.dropped_pages.find_one({"url": site.url("/downloads/jahresbericht.pdf")})
    assert pdf["reason"] == "not_html" and pdf["status"] == 200
    assert "'newscrawl/dropped/not_html': 1" in first.stderr
    assert db.articles.count_documents({}) == 1

    site.requests.clear()
    second = crawl("feeds", source, mongo_uri, db, tmp_path)
    assert requested(site, "/downloads/jahresbericht.pdf") == 0
    assert "'newscrawl/incremental/skipped_dropped': 1" in second.stderr


def test_drops_recorded_while_the_database_is_down_are_spooled_and_replayed(
    site, db, mongo_uri, tmp_path
):
    serve(site, ARTICLE, LISTING, SHORT)
    source = write_source(tmp_path, site.base_url, feeds=[site.url("/rss.xml")])
    down = f"mongodb://127.0.0.1:{free_port()}/"
    outage = crawl("feeds", source, down, db, tmp_path, "-s", "NEWSCRAWL_MONGO_TIMEOUT_MS=300")
    assert "'newscrawl/store/spooled': 3" in outage.stderr
    assert "'newscrawl/incremental/lookup_failed': 3" in outage.stderr

    replay = run_newscrawl(
        "replay",
        "--into-configured",  # the spool names the server that was down; this one is another
        "-s",
        f"NEWSCRAWL_MONGO_DATABASE={db.name}",
        "-s",
        f"NEWSCRAWL_DATA_DIR={tmp_path / 'var'}",
        env={"NEWSCRAWL_MONGO_URI": mongo_uri},
    )
    assert replay.returncode == 0, replay.stdout + replay.stderr
    assert sorted(d["reason"] for d in db.dropped_pages.find()) == ["listing_page", "too_short"]
    assert all(isinstance(d["last_seen"], datetime) for d in db.dropped_pages.find())

    site.requests.clear()
    crawl("feeds", source, mongo_uri, db, tmp_path)
    assert requested(site, ARTICLE) == requested(site, LISTING) == requested(site, SHORT) == 0


def test_a_dropped_page_due_for_a_recheck_is_fetched_and_may_become_an_article(
    site, db, mongo_uri, tmp_path
):
    serve(site, ARTICLE, SHORT)
    source = write_source(tmp_path, site.base_url, feeds=[site.url("/rss.xml")])
    crawl("feeds", source, mongo_uri, db, tmp_path)
    stub = db.dropped_pages.find_one()

    # the stub is still a stub: fetched again, its record counts the sighting
    site.requests.clear()
    again = crawl("feeds", source, mongo_uri, db, tmp_path, *RECHECK_EVERY_RUN)
    assert requested(site, SHORT) == 1 and requested(site, ARTICLE) == 0
    assert "'newscrawl/incremental/rechecked_dropped': 1" in again.stderr
    page = db.dropped_pages.find_one()
    assert page["fetch_count"] == 2 and page["first_seen"] == stub["first_seen"]
    assert isinstance(page["last_seen"], datetime) and page["last_seen"] > stub["last_seen"]

    # the story grew into an article: archived, and from then on an article
    full = site.routes[f"/{load_articles()[1]['slug']}"]
    site.routes[SHORT] = full
    crawl("feeds", source, mongo_uri, db, tmp_path, *RECHECK_EVERY_RUN)
    assert db.articles.count_documents({"url": site.url(SHORT)}) == 1
    site.requests.clear()
    last = crawl("feeds", source, mongo_uri, db, tmp_path, *RECHECK_EVERY_RUN)
    assert requested(site, SHORT) == 0
    assert "'newscrawl/incremental/skipped': 2" in last.stderr


def test_an_unchanged_dropped_page_answers_its_recheck_with_a_304_and_stays_dropped(
    site, db, mongo_uri, tmp_path
):
    serve(site, SHORT)
    etag = '"stub-v1"'
    site.routes[SHORT] = with_etag(Page(SHORT_PAGE.encode()), etag)
    source = write_source(tmp_path, site.base_url, feeds=[site.url("/rss.xml")])
    crawl("feeds", source, mongo_uri, db, tmp_path)
    stub = db.dropped_pages.find_one()
    assert stub["http_etag"] == etag

    again = crawl("feeds", source, mongo_uri, db, tmp_path, *RECHECK_EVERY_RUN)
    assert "'newscrawl/incremental/rechecked_dropped': 1" in again.stderr
    assert "'newscrawl/incremental/not_modified_dropped': 1" in again.stderr
    page = db.dropped_pages.find_one()
    assert page["reason"] == "too_short" and page["status"] == 304 and page["fetch_count"] == 2
    assert page["http_etag"] == etag and page["first_seen"] == stub["first_seen"]
    assert isinstance(page["last_seen"], datetime) and page["last_seen"] > stub["last_seen"]
    sighting = db.fetches.find_one({"status": 304})
    assert sighting["kind"] == "dropped" and sighting["reason"] == "too_short"
    assert db.articles.count_documents({}) == 0


def test_a_page_whose_extraction_timed_out_is_fetched_and_archived_by_the_next_run(
    site, db, mongo_uri, tmp_path
):
    serve(site, ARTICLE)
    source = write_source(tmp_path, site.base_url, feeds=[site.url("/rss.xml")])
    slow = ("-s", "NEWSCRAWL_EXTRACT_WORKERS=1", "-s", "NEWSCRAWL_EXTRACT_TIME_LIMIT=0.000001")
    first = crawl("feeds", source, mongo_uri, db, tmp_path, *slow)
    assert "'newscrawl/dropped/extract_timeout': 1" in first.stderr
    assert db.fetches.count_documents({}) == db.dropped_pages.count_documents({}) == 0
    site.requests.clear()
    crawl("feeds", source, mongo_uri, db, tmp_path)
    assert requested(site, ARTICLE) == 1
    assert [d["url"] for d in db.articles.find()] == [site.url(ARTICLE)]


def test_recheck_dropped_days_setting():
    assert days_setting(1) == 1.0 and days_setting("0.5") == 0.5 and days_setting("0") == 0.0
    assert days_setting("") is None and days_setting(None) is None  # never again
    now = datetime(2024, 3, 20, 12, tzinfo=UTC)
    page = {"last_seen": now - timedelta(hours=25), "reason": "too_short"}
    assert recheck_due(page, 1.0, now) and not recheck_due(page, 2.0, now)
    assert not recheck_due(page, None, now)


@pytest.mark.parametrize(
    "reason",
    [
        "extract_timeout",
        "extract_error",
        "worker_crashed",
        "empty",
        "document_too_large",
        None,
        "some_new_reason",
    ],
)
def test_failures_that_may_pass_never_mark_a_page_done(reason):
    assert not records_drop(reason)


@pytest.mark.parametrize(
    "reason",
    [
        "listing_page",
        "gallery",
        "video_page",
        "paywall_stub",
        "not_html",
        "no_text",
        "too_short",
        "no_title",
    ],
)
def test_drops_for_what_the_page_is_are_recorded(reason):
    assert records_drop(reason)


def dropped(url: str, at: datetime, run_id: str = "run-1") -> Capture:
    return Capture(
        url_id=document_id(url),
        fetched_at=at,
        kind=DROPPED,
        url=url,
        source="fixture",
        status=200,
        run_id=run_id,
        reason="paywall_stub",
    )


def test_writer_records_a_dropped_page_once_and_a_replay_changes_nothing(db):
    writer = ArchiveWriter(db)
    at = datetime(2024, 3, 20, 12, tzinfo=UTC)
    capture = dropped("https://www.example.at/story/1", at)
    assert writer.write([capture]).outcomes == {"dropped": 1}
    state = db.dropped_pages.find_one()
    assert writer.write([capture]).outcomes == {"stale": 1}
    assert db.dropped_pages.find_one() == state
    assert db.fetches.count_documents({}) == 1 and db.articles.count_documents({}) == 0
    later = dropped("https://www.example.at/story/1", at + timedelta(days=1), "run-2")
    assert writer.write([later]).outcomes == {"dropped": 1}
    state = db.dropped_pages.find_one()
    assert (state["first_seen"], state["last_seen"], state["fetch_count"]) == (
        at,
        at + timedelta(days=1),
        2,
    )


def test_a_dropped_page_spooled_during_an_outage_is_replayed_with_its_types(db, tmp_path):
    at = datetime(2024, 3, 20, 12, 0, 0, 123000, tzinfo=UTC)
    capture = dropped("https://www.example.at/story/2", at)
    assert decode_line(encode_line(capture)) == capture
    spool = Spool(tmp_path, "run-1")
    spool.append([capture])
    spool.close()
    report = replay_spool(tmp_path, ArchiveWriter(db))
    assert (report.replayed, report.retained, report.outcomes) == (1, 0, {"dropped": 1})
    state = db.dropped_pages.find_one()
    assert isinstance(state["last_seen"], datetime) and state["last_seen"] == at
    assert state["reason"] == "paywall_stub"
    record = db.fetches.find_one()
    assert record["kind"] == "dropped" and record["fetched_at"] == at
