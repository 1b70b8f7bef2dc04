"""One fetch per article per run: ``newscrawl crawl`` reads a source's feed,
news sitemap and front page with one spider, so an article all three list
is fetched once, counted once, and quiet runs after it are healthy."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from newscrawl.demo.server import Page
from newscrawl.ops.crawlstats import decode_stats
from newscrawl.spiders.source import merge_hints
from tests.conftest import ROOT, run_newscrawl, write_sources
from tests.source_site import article_fetches, outlet_articles, outlet_routes, outlet_source

ARTICLES = 60


def crawl(source_file, mongo_uri, db, tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSCRAWL_MONGO_URI": mongo_uri}
    command = [sys.executable, "-m", "newscrawl.cli", "crawl", "outlet",
               "-s", f"NEWSCRAWL_SOURCE_FILES={source_file}", "-s", f"NEWSCRAWL_MONGO_DATABASE={db.name}",
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
               "-s", f"NEWSCRAWL_DATA_DIR={tmp_path / 'var'}"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
                          check=False)


@pytest.fixture
def outlet(site, tmp_path):
    articles = outlet_articles(ARTICLES)
    site.routes.update(outlet_routes(site.base_url, articles))
    source_file = write_sources(tmp_path / "sources.toml", outlet=outlet_source(site.base_url))
    return site, articles, source_file


def test_an_article_listed_by_feed_sitemap_and_front_page_is_fetched_and_stored_once(outlet, mongo_uri, db, tmp_path):
    site, articles, source_file = outlet
    result = crawl(source_file, mongo_uri, db, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    fetches = article_fetches(site.requests, articles)
    assert len(fetches) == ARTICLES and set(fetches.values()) == {1}
    assert db.articles.count_documents({}) == ARTICLES
    summary = result.stdout.splitlines()[0]
    assert summary == ("source/outlet: finished, 3 discovery pages, 0 articles skipped as archived, "
                       "60 article fetches: 60 stored, 0 not modified, 0 dropped, 0 failed")
    (run,) = list(db.runs.find())
    stats = decode_stats(run["stats"])
    assert stats["newscrawl/discovery/merged"] == 2 * ARTICLES  # each listed by three channels
    assert stats["newscrawl/discovery/articles"] == ARTICLES
    assert run["counts"]["stored"] == ARTICLES and run["counts"]["article_fetches"] == ARTICLES
    assert sorted((c["kind"], c["entries"]) for c in run["channels"]) == [
        ("feed", ARTICLES), ("listing", ARTICLES), ("sitemap", ARTICLES)]


def test_quiet_runs_after_it_fetch_no_article_and_are_healthy(outlet, mongo_uri, db, tmp_path):
    site, articles, source_file = outlet
    assert crawl(source_file, mongo_uri, db, tmp_path).returncode == 0
    for _ in range(3):
        site.requests.clear()
        result = crawl(source_file, mongo_uri, db, tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr[-2000:]
        assert result.stdout.splitlines()[-1].startswith("OK: 1 crawls healthy")
        assert article_fetches(site.requests, articles) == {}
    assert result.stdout.splitlines()[0] == (
        "source/outlet: finished, 3 discovery pages, 60 articles skipped as archived, "
        "0 article fetches: 0 stored, 0 not modified, 0 dropped, 0 failed")
    check = run_newscrawl("runs", "--check", "outlet", "-s", f"NEWSCRAWL_SOURCE_FILES={source_file}",
                          "-s", f"NEWSCRAWL_MONGO_DATABASE={db.name}",
                          env={"NEWSCRAWL_MONGO_URI": mongo_uri})
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.strip() == "OK: latest runs of 1 crawls healthy"
    assert db.articles.count_documents({}) == ARTICLES


def test_new_articles_among_archived_ones_are_the_only_ones_fetched(outlet, mongo_uri, db, tmp_path):
    site, _articles, source_file = outlet
    assert crawl(source_file, mongo_uri, db, tmp_path).returncode == 0
    more = outlet_articles(ARTICLES + 2)
    site.routes.update(outlet_routes(site.base_url, more))
    site.requests.clear()
    result = crawl(source_file, mongo_uri, db, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert sorted(article_fetches(site.requests, more)) == [f"/{a['slug']}" for a in more[ARTICLES:]]
    assert db.articles.count_documents({}) == ARTICLES + 2


def test_scrapy_crawl_of_one_channel_still_works(outlet, mongo_uri, db, tmp_path):
    site, _articles, source_file = outlet
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "sitemap", "-a", "source=outlet",
         "-s", f"NEWSCRAWL_SOURCE_FILES={source_file}", "-s", f"NEWSCRAWL_MONGO_DATABASE={db.name}",
         "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
         "-s", f"NEWSCRAWL_DATA_DIR={tmp_path / 'var'}"],
        cwd=ROOT, env={**os.environ, "NEWSCRAWL_MONGO_URI": mongo_uri}, capture_output=True, text=True,
        timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert db.articles.count_documents({}) == ARTICLES
    assert "/rss.xml" not in site.requests and "/" not in site.requests
    assert db.runs.find_one()["spider"] == "sitemap"


def test_hints_of_several_channels_are_merged_without_overwriting():
    hints = {"feed": {"published": None, "title": "Ifo-Index steigt", "author": None}}
    merge_hints(hints, {"sitemap": {"publication_date": "2026-12-07T08:00:00+01:00", "keywords": ["Ifo"]}})
    merge_hints(hints, {"feed": {"published": "Mon, 07 Dec 2026 07:00:00 GMT", "title": "Other",
                                 "author": "dpa"}})
    merge_hints(hints, {"listing": {"page": "http://127.0.0.1:8001/"}})
    assert hints == {
        "feed": {"published": "Mon, 07 Dec 2026 07:00:00 GMT", "title": "Ifo-Index steigt", "author": "dpa"},
        "sitemap": {"publication_date": "2026-12-07T08:00:00+01:00", "keywords": ["Ifo"]},
        "listing": {"page": "http://127.0.0.1:8001/"},
    }


def test_a_channel_robots_txt_forbids_is_not_an_unreachable_one(outlet, mongo_uri, db, tmp_path):
    site, _articles, source_file = outlet
    site.routes["/robots.txt"] = Page(b"User-agent: *\nDisallow: /sitemaps/\n", content_type="text/plain")
    result = crawl(source_file, mongo_uri, db, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "/sitemaps/news.xml" not in site.requests
    assert db.articles.count_documents({}) == ARTICLES
    assert sorted(c["kind"] for c in db.runs.find_one()["channels"]) == ["feed", "listing"]
