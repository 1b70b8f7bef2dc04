"""Near-duplicate clusters in real crawls: the same wire story on two fixture
outlets, crawled in two runs, ends up in one cluster."""

from __future__ import annotations

from newscrawl.demo.server import Page, SiteServer
from newscrawl.demo.site import article_page, build_routes
from tests.conftest import run_scrapy, write_sources
from tests.test_clusters import STORIES, syndicated_copy

IFO = STORIES["ifo-index-steigt-ueberraschend"]
FED = STORIES["fed-holds-rates-steady"]


def outlet_b_routes(base: str) -> dict[str, Page]:
    """A second outlet printing the dpa Ifo story, edited, under its own headline."""
    routes = build_routes(base)
    copy = {
        **IFO,
        "title": "Stimmung in der Wirtschaft hellt sich auf",
        "body": syndicated_copy(IFO["body"]),
    }
    routes[f"/{IFO['slug']}"] = Page(article_page(copy, base).encode())
    return routes


def test_one_wire_story_on_two_outlets_shares_a_cluster_and_another_story_does_not(
    site, db, mongo_uri, tmp_path
):
    site.routes.update(build_routes(site.base_url))
    with SiteServer() as outlet_b:
        outlet_b.routes.update(outlet_b_routes(outlet_b.base_url))
        sources = write_sources(
            tmp_path / "outlets.toml",
            outlet_a={"feeds": [site.url("/rss.xml")]},
            outlet_b={"feeds": [outlet_b.url("/rss.xml")]},
        )
        for name in ("outlet_a", "outlet_b"):
            result = run_scrapy(
                "crawl",
                "feeds",
                "-a",
                f"source={name}",
                "-s",
                f"NEWSCRAWL_SOURCE_FILES={sources}",
                mongo_uri=mongo_uri,
                database=db.name,
                tmp_path=tmp_path,
            )
            assert result.returncode == 0, result.stderr[-3000:]
        a_ifo = db.articles.find_one({"url": site.url(f"/{IFO['slug']}")})
        b_ifo = db.articles.find_one({"url": outlet_b.url(f"/{IFO['slug']}")})
        a_fed = db.articles.find_one({"url": site.url(f"/{FED['slug']}")})
    assert a_ifo["cluster_id"] == b_ifo["cluster_id"] == a_ifo["_id"]
    assert a_fed["cluster_id"] == a_fed["_id"] != a_ifo["cluster_id"]
