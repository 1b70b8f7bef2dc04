"""From a real crawl to a corpus: the seed article, crawled from the demo site
on 127.0.0.1, exports to the research-corpus form it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.cli import main
from newscrawl.demo.site import build_routes
from tests.conftest import run_scrapy, write_sources

SEED = Path(__file__).resolve().parent.parent / "newscrawl" / "demo" / "seed-article.txt"


@pytest.fixture
def crawled(site, db, mongo_uri, tmp_path, monkeypatch):
    """The demo site crawled through its feed into ``db``."""
    site.routes.update(build_routes(site.base_url))
    source = write_sources(tmp_path / "sources.toml", fixture={"feeds": [site.url("/rss.xml")]})
    result = run_scrapy("crawl", "feeds", "-a", "source=fixture",
                        "-s", f"NEWSCRAWL_SOURCE_FILES={source}",
                        mongo_uri=mongo_uri, database=db.name, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    monkeypatch.setenv("NEWSCRAWL_MONGO_URI", mongo_uri)
    monkeypatch.delenv("NEWSCRAWL_MONGO_DATABASE", raising=False)
    return db


def test_crawled_seed_article_exports_to_the_seed_corpus_form(crawled, tmp_path):
    out = tmp_path / "seed.txt"
    assert main(["export", str(out), "--text", "Washington, Moskau", "--agency", "dpa",
                 "--text-precision", "month",
                 "-s", f"NEWSCRAWL_MONGO_DATABASE={crawled.name}"]) == 0
    corpus = out.read_text(encoding="utf-8")
    assert corpus.startswith(" date 2017-05 ") and corpus.count(" date ") == 1
    assert corpus.endswith("im April Putin in Moskau besucht. (APA/AFP/dpa/Reuters)\n\n")
    for paragraph in SEED.read_text(encoding="utf-8").strip().split("\n\n"):
        assert paragraph in corpus
