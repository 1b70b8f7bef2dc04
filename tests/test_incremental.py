"""Incremental crawls (real ``scrapy crawl`` runs against fixture sites):
archived URLs are not fetched again, re-checks are conditional, a 304 is a
sighting, and the re-check policy is the source's ``recheck_days``."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta

from newscrawl.demo.server import Page
from newscrawl.demo.site import build_routes, load_articles
from newscrawl.middlewares.incremental import recheck_due
from tests.test_crawl import crawl, write_source

ARTICLES = load_articles()
ARTICLE_PATHS = {f"/{a['slug']}" for a in ARTICLES}


def with_etag(page: Page, etag: str):
    """An article route that answers If-None-Match like a CDN does."""

    def respond(handler) -> Page:
        if handler.headers.get("If-None-Match") == etag:
            return Page(b"", status=304, headers={"ETag": etag})
        return Page(page.body, content_type=page.content_type, headers={"ETag": etag})

    return respond


def serve(site, etags: bool = False):
    routes = build_routes(site.base_url)
    if etags:
        for path in ARTICLE_PATHS:
            routes[path] = with_etag(routes[path], f'"{zlib.crc32(path.encode()):08x}-v1"')
    site.routes.update(routes)


def article_requests(site) -> list[str]:
    return [p for p in site.requests if p in ARTICLE_PATHS]


def test_second_crawl_fetches_no_archived_url(site, db, mongo_uri, tmp_path):
    serve(site)
    source = write_source(tmp_path, site.base_url, feeds=[site.url("/rss.xml")])
    crawl("feeds", source, mongo_uri, db, tmp_path)
    assert sorted(article_requests(site)) == sorted(ARTICLE_PATHS)
    site.requests.clear()
    result = crawl("feeds", source, mongo_uri, db, tmp_path)
    assert "/rss.xml" in site.requests and article_requests(site) == []
    assert f"'newscrawl/incremental/skipped': {len(ARTICLES)}" in result.stderr
    assert db.fetches.count_documents({}) == len(ARTICLES)


def test_a_new_article_in_the_feed_is_the_only_one_fetched(site, db, mongo_uri, tmp_path):
    serve(site)
    rss = site.routes["/rss.xml"]
    first = rss.body.replace(f"{site.base_url}/{ARTICLES[1]['slug']}".encode(), b"")
    site.routes["/rss.xml"] = Page(first, content_type=rss.content_type)
    source = write_source(tmp_path, site.base_url, feeds=[site.url("/rss.xml")])
    crawl("feeds", source, mongo_uri, db, tmp_path)
    site.routes["/rss.xml"] = rss
    site.requests.clear()
    crawl("feeds", source, mongo_uri, db, tmp_path)
    assert article_requests(site) == [f"/{ARTICLES[1]['slug']}"]


def test_due_recheck_sends_if_none_match_and_a_304_is_recorded_as_a_sighting(
    site, db, mongo_uri, tmp_path
):
    serve(site, etags=True)
    source = write_source(tmp_path, site.base_url, feeds=[site.url("/rss.xml")], recheck_days=0)
    crawl("feeds", source, mongo_uri, db, tmp_path)
    first = {d["_id"]: d for d in db.articles.find()}
    result = crawl("feeds", source, mongo_uri, db, tmp_path)
    assert f"'newscrawl/incremental/not_modified': {len(ARTICLES)}" in result.stderr
    for doc in db.articles.find():
        before = first[doc["_id"]]
        assert (doc["version"], doc["fetch_count"]) == (1, 2)
        assert isinstance(doc["last_seen"], datetime) and doc["last_seen"] > before["last_seen"]
        assert doc["fetched_at"] == before["fetched_at"] and doc["http_etag"] == before["http_etag"]
    assert db.fetches.count_documents({"status": 304, "outcome": "not_modified"}) == len(ARTICLES)
    assert db.article_versions.count_documents({}) == 0


def test_recheck_without_validators_refetches_and_writes_no_version(site, db, mongo_uri, tmp_path):
    serve(site)
    source = write_source(tmp_path, site.base_url, feeds=[site.url("/rss.xml")], recheck_days=0)
    crawl("feeds", source, mongo_uri, db, tmp_path)
    site.requests.clear()
    result = crawl("feeds", source, mongo_uri, db, tmp_path)
    assert sorted(article_requests(site)) == sorted(ARTICLE_PATHS)
    assert f"'newscrawl/store/unchanged': {len(ARTICLES)}" in result.stderr
    assert db.article_versions.count_documents({}) == 0
    assert {d["fetch_count"] for d in db.articles.find()} == {2}


def test_recheck_policy_follows_recheck_days():
    now = datetime(2024, 3, 20, 12, tzinfo=UTC)
    seen = {"last_seen": now - timedelta(days=2, hours=1)}
    assert recheck_due(seen, 2, now)
    assert not recheck_due(seen, 3, now)
    assert not recheck_due(seen, None, now)  # a source without recheck_days: never


def test_a_feed_url_that_redirects_is_recognised_on_the_next_run(site, db, mongo_uri, tmp_path):
    serve(site)
    target = f"/{ARTICLES[1]['slug']}"
    site.routes["/rss.xml"] = Page(
        f"<rss><channel><item><title>Ifo</title><link>{site.url('/r/ifo')}</link></item>"
        "</channel></rss>".encode(),
        content_type="application/rss+xml",
    )
    site.routes["/r/ifo"] = Page(b"", status=301, headers={"Location": site.url(target)})
    source = write_source(tmp_path, site.base_url, feeds=[site.url("/rss.xml")])
    crawl("feeds", source, mongo_uri, db, tmp_path)
    assert [d["url"] for d in db.articles.find()] == [site.url(target)]
    site.requests.clear()
    result = crawl("feeds", source, mongo_uri, db, tmp_path)
    assert "/r/ifo" not in site.requests and target not in site.requests
    assert "'newscrawl/incremental/skipped': 1" in result.stderr
