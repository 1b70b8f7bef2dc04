"""Bounded under hostile input, in one real ``site`` crawl: a listing page that
sets 20,000 cookies before its host's articles are fetched, and a listing page
with 300,000 article links. The jar keeps a host's share, its articles are
fetched without a 431, the links taken stop at the limit, and the crawl
process stays under 400 MB."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from newscrawl.demo.site import article_page, load_articles
from newscrawl.settings import defaults
from tests.hostile_crawl import crawl_archived, write_source
from tests.hostile_server import HostileServer, Reply

FLOOD, NEWS = "flood.test", "news.test"
COOKIES = 20_000
LINKS = 300_000
MEMORY_LIMIT_MB = 400
TEMPLATE = load_articles()[0]
FLOOD_ARTICLES = [f"/politik/flood-{n}" for n in range(5)]


def story(path: str) -> bytes:
    return article_page({**TEMPLATE, "slug": path.strip("/")}, f"http://{FLOOD}").encode()


def listing(paths: list[str], title: str = "Politik") -> bytes:
    links = "".join(f'<a href="{path}">{n}</a>\n' for n, path in enumerate(paths))
    return (f"<html><head><title>{title}</title></head><body><nav><a href='/'>Start</a></nav>"
            f"<main><h1>{title}</h1><ul>{links}</ul></main><footer>Impressum</footer></body></html>"
            ).encode()


@pytest.fixture(scope="module")
def bounded(mongo_uri, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("bounds")
    with HostileServer(lifetime=300) as server:
        cookies = [f"tracker{n}=v{n}; Path=/" for n in range(COOKIES)]
        server.routes[f"//{FLOOD}/politik/"] = Reply(listing([*FLOOD_ARTICLES, "/politik/header-too-large"]),
                                                     headers={"Set-Cookie": cookies})
        server.routes.update({path: Reply(story(path)) for path in FLOOD_ARTICLES})
        server.routes["/politik/header-too-large"] = Reply(b"<h1>Too large</h1>", status=431)
        huge = listing([f"/politik/m{n}" for n in range(LINKS)], "Alle Meldungen")
        server.routes[f"//{NEWS}/alle/"] = Reply(huge)
        source = write_source(tmp_path / "sources.toml", allowed_domains=[FLOOD, NEWS],
                              listing_pages=[server.url("/politik/", FLOOD), server.url("/alle/", NEWS)])
        result, stored = crawl_archived("site", source, mongo_uri=mongo_uri, tmp_path=tmp_path,
                                        port=server.port, timeout=240, CONCURRENT_REQUESTS_PER_DOMAIN="16")
        yield SimpleNamespace(server=server, result=result, stored=stored, huge_bytes=len(huge))


def test_the_crawl_finishes_cleanly(bounded):
    assert bounded.result.returncode == 0, bounded.result.log[-3000:]
    assert "'finish_reason': 'finished'" in bounded.result.log


def test_a_cookie_flood_does_not_cost_the_hosts_articles(bounded):
    assert set(FLOOD_ARTICLES) <= bounded.stored
    flood_hits = [hit for hit in bounded.server.hits if hit.path in FLOOD_ARTICLES]
    assert flood_hits and all(len(hit.headers.get("Cookie", "")) < 8 * 1024 for hit in flood_hits)


def test_the_jar_keeps_a_hosts_share_and_counts_the_rest(bounded):
    kept = defaults.NEWSCRAWL_COOKIES_MAX_PER_HOST
    assert bounded.result.stat("newscrawl/cookies/cut") == COOKIES - kept
    cookie = next(hit for hit in bounded.server.hits if hit.path in FLOOD_ARTICLES).headers["Cookie"]
    assert cookie.count("tracker") == kept


def test_a_431_is_counted_as_a_failed_fetch(bounded):
    assert bounded.result.stat("newscrawl/fetch/failed/http_431") == 1


def test_links_taken_from_a_listing_page_stop_at_the_limit(bounded):
    taken = defaults.NEWSCRAWL_LISTING_MAX_LINKS
    hits = [hit for hit in bounded.server.hits if hit.path.startswith("/politik/m")]
    assert len(hits) == taken
    assert bounded.result.stat("newscrawl/discovery/links_cut") == LINKS - taken


def test_a_300k_link_page_is_read_within_the_memory_limit(bounded):
    assert bounded.huge_bytes < 16 * 1024 * 1024  # under DOWNLOAD_MAXSIZE: it is read, not refused
    assert 0 < bounded.result.peak_rss_mb < MEMORY_LIMIT_MB
