"""What the crawl process holds: with extraction workers it never imports the
extraction libraries (trafilatura and its fallbacks, htmldate, dateparser,
py3langid); they are the workers' (issue #18: they made the crawl process
~220 MB). The workers sign the text as the agencies stage leaves it, with its
band keys, and the crawl process only compares signatures. No process of the
crawl imports datasketch or scipy under it (50 MB; newscrawl signs with numpy
alone): not the crawl process, not the fork server the workers are forked
from. Checked after real crawls of a fixture site, in the crawl process itself
and in the files its child processes map (``tests/loaded_modules.py``)."""

from __future__ import annotations

import json

import pytest

from newscrawl import settings as project_settings
from newscrawl.demo.site import build_routes, load_articles
from tests.conftest import run_scrapy, write_sources

#: Top-level packages only an extracting process needs.
EXTRACTION_LIBRARIES = {"trafilatura", "htmldate", "dateparser", "py3langid", "justext",
                        "courlan", "readability"}
#: Top-level packages only a signing process needs (MinHash and its band split).
SIGNING_LIBRARIES = {"datasketch", "scipy"}


def crawl_and_list_modules(site, db, mongo_uri, tmp_path, *settings: str) -> dict:
    site.routes.update(build_routes(site.base_url))
    sources = write_sources(tmp_path / "sources.toml", fixture={"feeds": [site.url("/rss.xml")]})
    probe = tmp_path / "loaded.json"
    # -s EXTENSIONS replaces the project's: the probe joins them
    extension = json.dumps({**project_settings.EXTENSIONS, "tests.loaded_modules.LoadedModules": 0})
    result = run_scrapy("crawl", "feeds", "-a", "source=fixture",
                        "-s", f"NEWSCRAWL_SOURCE_FILES={sources}", "-s", f"EXTENSIONS={extension}",
                        "-s", f"TEST_LOADED_MODULES_FILE={probe}", *settings,
                        mongo_uri=mongo_uri, database=db.name, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    return {**json.loads(probe.read_text()), "log": result.stderr}


def top_level(modules: list[str]) -> set[str]:
    return {name.split(".", 1)[0] for name in modules}


@pytest.mark.parametrize("workers", ["1", "2"])
def test_with_workers_the_crawl_process_imports_no_extraction_library(
        site, db, mongo_uri, tmp_path, workers):
    seen = crawl_and_list_modules(site, db, mongo_uri, tmp_path,
                                  "-s", f"NEWSCRAWL_EXTRACT_WORKERS={workers}")
    # the crawl did the whole job: every article extracted, dated, clustered and stored
    assert db.articles.count_documents({}) == len(load_articles())
    assert db.articles.count_documents({"cluster_id": {"$type": "string"}}) == len(load_articles())
    # the workers signed every text as the agencies stage left it (credit lines out)
    assert seen["stats"].get("newscrawl/agencies/credited", 0) > 0
    assert seen["stats"].get("newscrawl/dedupe/signed_here", 0) == 0
    assert top_level(seen["modules"]) & (EXTRACTION_LIBRARIES | SIGNING_LIBRARIES) == set()
    # nor the fork server the workers are forked from (it outlives the pool): it holds
    # the extraction libraries, lxml's compiled modules among them, and no scipy
    forkservers = {command: packages for command, packages in seen["descendants"].items()
                   if "forkserver" in command}
    assert len(forkservers) == 1, seen["descendants"]
    [packages] = forkservers.values()
    assert "lxml" in packages
    assert not {name for name in packages if name.startswith("scipy")}, packages


def test_extracting_inline_the_crawl_process_imports_them(site, db, mongo_uri, tmp_path):
    seen = crawl_and_list_modules(site, db, mongo_uri, tmp_path, "-s", "NEWSCRAWL_EXTRACT_WORKERS=0")
    assert db.articles.count_documents({}) == len(load_articles())
    assert {"trafilatura", "htmldate", "py3langid"} <= top_level(seen["modules"])
    assert db.articles.count_documents({"cluster_id": {"$type": "string"}}) == len(load_articles())
    # texts are signed with numpy alone (newscrawl.store.minhash)
    assert "newscrawl.store.minhash" in seen["modules"]
    assert top_level(seen["modules"]) & SIGNING_LIBRARIES == set()


def test_scrapys_remote_control_server_is_not_started(site, db, mongo_uri, tmp_path):
    # an HTTP server running Python sent to it inside the crawl (Scrapy 2.15+, on by default)
    seen = crawl_and_list_modules(site, db, mongo_uri, tmp_path)
    assert "Remote control HTTP server listening" not in seen["log"]


def test_workers_past_their_own_memory_limit_are_replaced_and_no_article_is_lost(
        site, db, mongo_uri, tmp_path):
    # 1 MB: every worker passes it on its first page, so the workers are replaced
    # again and again while the crawl goes on
    seen = crawl_and_list_modules(site, db, mongo_uri, tmp_path,
                                  "-s", "NEWSCRAWL_EXTRACT_WORKERS=2",
                                  "-s", "NEWSCRAWL_EXTRACT_WORKER_MAX_PRIVATE_MB=1")
    assert db.articles.count_documents({}) == len(load_articles())
    assert db.articles.count_documents({"text": {"$type": "string"}}) == len(load_articles())
    stats = seen["stats"]
    assert stats["newscrawl/extract/workers_recycled"] >= 1
    assert stats["newscrawl/extract/workers_recycled/private_memory"] == (
        stats["newscrawl/extract/workers_recycled"])
    assert stats["newscrawl/extract/worker_peak_private_mb"] >= 1
    assert "newscrawl/dropped/worker_crashed" not in stats
    assert "newscrawl/extract/worker_crashed" not in stats
