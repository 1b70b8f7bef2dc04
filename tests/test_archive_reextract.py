"""``newscrawl reextract``: articles rebuilt from their stored raw pages, with
the crawl's own chain, without the network, through the versioning writer."""

from __future__ import annotations

import pytest

from newscrawl.commands.reextract import reextract
from newscrawl.demo.site import build_routes, load_articles
from newscrawl.runner import project_settings
from tests.conftest import run_newscrawl
from tests.test_crawl import crawl, write_source

SEED = "/politik/2017/05/trump-putin-telefonat-terrorbekaempfung"


@pytest.fixture
def archived(site, db, mongo_uri, tmp_path):
    """The demo site crawled into ``db``; the site is gone afterwards."""
    site.routes.update(build_routes(site.base_url))
    source = write_source(tmp_path, site.base_url, feeds=[site.url("/rss.xml")])
    crawl("feeds", source, mongo_uri, db, tmp_path)
    site.routes.clear()
    site.requests.clear()
    return project_settings(
        {
            "NEWSCRAWL_SOURCE_FILES": source,
            "NEWSCRAWL_MONGO_URI": mongo_uri,
            "NEWSCRAWL_MONGO_DATABASE": db.name,
        }
    )


def test_reextract_reproduces_every_stored_field(archived, db, site):
    before = {d["_id"]: d for d in db.articles.find()}
    counts = reextract(db, archived)
    assert counts == {"unchanged": len(load_articles())}
    assert {d["_id"]: d for d in db.articles.find()} == before
    assert db.article_versions.count_documents({}) == 0
    assert site.requests == []


def test_an_improved_extraction_becomes_a_new_version(archived, db, site):
    seed = db.articles.find_one({"url": site.url(SEED)})
    good_text = seed["text"]
    # as if an older extractor had kept the comment teaser in the body
    db.articles.replace_one({"_id": seed["_id"]}, {**seed, "text": good_text + "\n\n12 Kommentare"})
    counts = reextract(db, archived, sources=["fixture"])
    doc = db.articles.find_one({"_id": seed["_id"]})
    assert counts["reextracted"] == 1 and doc["text"] == good_text
    assert (doc["version"], doc["fetched_at"], doc["first_seen"]) == (
        2,
        seed["fetched_at"],
        seed["first_seen"],
    )
    old = db.article_versions.find_one({"url_id": seed["_id"]})
    assert old["superseded_reason"] == "reextracted" and old["text"].endswith("12 Kommentare")


def test_a_newer_extractor_with_the_same_result_is_recorded_without_a_version(archived, db, site):
    seed = db.articles.find_one({"url": site.url(SEED)})
    db.articles.replace_one(
        {"_id": seed["_id"]}, {**seed, "extractor": {"name": "newscrawl", "version": "0.0.1"}}
    )
    counts = reextract(db, archived)
    assert counts["restamped"] == 1
    assert db.articles.find_one({"_id": seed["_id"]})["extractor"] == seed["extractor"]
    assert db.article_versions.count_documents({}) == 0


def test_the_command_selects_by_source_and_date(archived, db, mongo_uri, tmp_path):
    env = {"NEWSCRAWL_MONGO_URI": mongo_uri}
    command = [
        "reextract",
        "-s",
        f"NEWSCRAWL_MONGO_DATABASE={db.name}",
        "-s",
        f"NEWSCRAWL_SOURCE_FILES={archived.get('NEWSCRAWL_SOURCE_FILES')}",
    ]
    later = run_newscrawl(*command, "--since", "2999-01-01", env=env, timeout=120)
    other = run_newscrawl(*command, "--source", "elsewhere", env=env, timeout=120)
    every = run_newscrawl(*command, env=env, timeout=120)
    assert later.stdout.startswith("0 articles") and other.stdout.startswith("0 articles")
    assert (
        every.stdout.strip() == f"{len(load_articles())} articles: unchanged {len(load_articles())}"
    )
