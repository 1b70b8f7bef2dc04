"""Real crawls (``scrapy crawl`` subprocesses) of fixture sites on 127.0.0.1
into the embedded archive: discovery, robots.txt, redirects, errors, storage
types and re-crawl idempotence."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from newscrawl.commands import runs
from newscrawl.demo.server import Page
from newscrawl.demo.site import build_routes, load_articles
from tests.conftest import run_scrapy, write_sources

SEED_SLUG = "/politik/2017/05/trump-putin-telefonat-terrorbekaempfung"


def write_source(tmp_path, base: str, **fields) -> str:
    return str(write_sources(tmp_path / "sources.toml", fixture=fields))


@pytest.fixture
def news_site(site):
    site.routes.update(build_routes(site.base_url))
    return site


def crawl(spider, source_file, mongo_uri, db, tmp_path, *extra):
    result = run_scrapy("crawl", spider, "-a", "source=fixture", "-s", f"NEWSCRAWL_SOURCE_FILES={source_file}",
                        *extra, mongo_uri=mongo_uri, database=db.name, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_feed_crawl_stores_every_feed_article_once_with_bson_dates(news_site, db, mongo_uri, tmp_path):
    source = write_source(tmp_path, news_site.base_url, feeds=[news_site.url("/rss.xml")])
    crawl("feeds", source, mongo_uri, db, tmp_path)
    docs = list(db.articles.find())
    assert len(docs) == len(load_articles())
    sections = {a["title"]: a["section"] for a in load_articles()}
    for doc in docs:
        assert isinstance(doc["fetched_at"], datetime) and isinstance(doc["first_seen"], datetime)
        assert doc["published"] is None or isinstance(doc["published"], datetime)
        assert doc["schema_version"] == 3 and doc["source"] == "fixture"
        # the demo pages set their section as a kicker above the headline
        assert doc["access"] == "free" and doc["kicker"] == sections[doc["title"]]


def test_recrawl_does_not_duplicate_and_keeps_first_seen(news_site, db, mongo_uri, tmp_path):
    source = write_source(tmp_path, news_site.base_url, feeds=[news_site.url("/rss.xml")])
    crawl("feeds", source, mongo_uri, db, tmp_path)
    first = {d["_id"]: d["first_seen"] for d in db.articles.find()}
    crawl("feeds", source, mongo_uri, db, tmp_path)
    second = {d["_id"]: d["first_seen"] for d in db.articles.find()}
    assert second == first


def test_seed_article_is_archived_with_its_details(news_site, db, mongo_uri, tmp_path):
    source = write_source(tmp_path, news_site.base_url, feeds=[news_site.url("/rss.xml")])
    crawl("feeds", source, mongo_uri, db, tmp_path)
    doc = db.articles.find_one({"url": news_site.url(SEED_SLUG)})
    assert doc["published"] == datetime(2017, 5, 2, 19, 14, tzinfo=UTC)
    assert doc["published_precision"] == "second"
    assert doc["agencies"] == ["APA", "AFP", "dpa", "Reuters"]
    assert doc["credit"] == "(APA/AFP/dpa/Reuters)"
    assert doc["dateline"]["places"] == ["Washington", "Moskau"]
    assert doc["text"].startswith("Washington, Moskau – US-Präsident")
    assert doc["text"].endswith("im April Putin in Moskau besucht.")
    assert "Treffen am Rande des G20-Gipfels" in doc["text"]
    assert "Kommentare" not in doc["text"] and "Cookies" not in doc["text"]


def test_sitemap_found_through_robots_txt_skips_the_old_child_sitemap(news_site, db, mongo_uri, tmp_path):
    source = write_source(tmp_path, news_site.base_url, robots_sitemaps=True,
                          listing_pages=[news_site.url("/")])
    result = crawl("sitemap", source, mongo_uri, db, tmp_path)
    assert "/sitemaps/archive-2019.xml" not in news_site.requests
    assert "/sitemaps/news.xml" in news_site.requests
    recent = [a for a in load_articles() if a["in_sitemap"]]
    assert db.articles.count_documents({}) == len(recent)
    assert "'newscrawl/discovery/outside_window': 1" in result.stderr


def test_gzipped_sitemap_is_read(site, db, mongo_uri, tmp_path):
    routes = build_routes(site.base_url)
    site.routes.update(routes)
    site.routes["/news.xml.gz"] = Page(gzip.compress(routes["/sitemaps/news.xml"].body),
                                       content_type="application/octet-stream")
    source = write_source(tmp_path, site.base_url, sitemaps=[site.url("/news.xml.gz")])
    crawl("sitemap", source, mongo_uri, db, tmp_path)
    assert db.articles.count_documents({}) == len([a for a in load_articles() if a["in_sitemap"]])


def test_robots_txt_disallowed_article_is_not_fetched(news_site, db, mongo_uri, tmp_path):
    news_site.routes["/robots.txt"] = Page(b"User-agent: *\nDisallow: /world/\n", content_type="text/plain")
    source = write_source(tmp_path, news_site.base_url, feeds=[news_site.url("/rss.xml")])
    crawl("feeds", source, mongo_uri, db, tmp_path)
    assert not any(path.startswith("/world/") for path in news_site.requests)
    assert db.articles.count_documents({"url": {"$regex": "/world/"}}) == 0


def test_redirected_article_is_stored_under_its_final_url(news_site, db, mongo_uri, tmp_path):
    target = news_site.url(SEED_SLUG)
    news_site.routes["/rss.xml"] = Page(
        f"""<rss><channel><item><title>T</title><link>{news_site.url('/alt/trump-putin')}</link></item>
        <item><title>Gone</title><link>{news_site.url('/politik/geloescht')}</link></item></channel></rss>""".encode(),
        content_type="application/rss+xml")
    news_site.routes["/alt/trump-putin"] = Page(b"", status=301, headers={"Location": target})
    source = write_source(tmp_path, news_site.base_url, feeds=[news_site.url("/rss.xml")])
    result = crawl("feeds", source, mongo_uri, db, tmp_path)
    assert [d["url"] for d in db.articles.find()] == [target]
    assert "'downloader/response_status_count/404': 1" in result.stderr


def test_listing_page_links_are_followed_by_the_site_spider(news_site, db, mongo_uri, tmp_path):
    source = write_source(tmp_path, news_site.base_url, listing_pages=[news_site.url("/")])
    crawl("site", source, mongo_uri, db, tmp_path)
    assert db.articles.count_documents({}) == len(load_articles())


def test_section_front_is_dropped_with_a_reason(news_site, db, mongo_uri, tmp_path):
    news_site.routes["/rss.xml"] = Page(
        f"<rss><channel><item><link>{news_site.url('/politik/uebersicht')}</link></item></channel></rss>".encode(),
        content_type="application/rss+xml")
    news_site.routes["/politik/uebersicht"] = news_site.routes["/"]
    source = write_source(tmp_path, news_site.base_url, feeds=[news_site.url("/rss.xml")])
    result = crawl("feeds", source, mongo_uri, db, tmp_path)
    assert db.articles.count_documents({}) == 0
    assert "newscrawl/dropped/" in result.stderr


def test_spider_without_source_fails_with_a_clear_message(mongo_uri, db, tmp_path):
    result = run_scrapy("crawl", "feeds", mongo_uri=mongo_uri, database=db.name, tmp_path=tmp_path)
    assert "needs a source: scrapy crawl feeds -a source=NAME" in result.stderr


def test_scrapy_list_names_the_spiders(mongo_uri, db, tmp_path):
    result = run_scrapy("list", mongo_uri=mongo_uri, database=db.name, tmp_path=tmp_path)
    assert result.stdout.split() == ["feeds", "site", "sitemap", "source"]
    assert sorted(runs.SPIDERS) == result.stdout.split()  # `runs --check --spider` choices


def test_requests_carry_a_user_agent_naming_the_project(news_site, db, mongo_uri, tmp_path):
    source = write_source(tmp_path, news_site.base_url, feeds=[news_site.url("/rss.xml")])
    crawl("feeds", source, mongo_uri, db, tmp_path)
    assert news_site.user_agents and all(ua.startswith("newscrawl/") for ua in news_site.user_agents)
