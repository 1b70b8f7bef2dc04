"""robots.txt as RFC 9309 says, in one real ``feeds`` crawl against a local
server: the feed on ``news.test`` lists articles on hosts whose robots.txt
forbids everything, fails (500, timeout, reset), is missing (404) or redirects
(five hops, across hosts; and six). Several articles of each host wait for its
robots.txt at once, which is when Scrapy 2.19's middleware let them through.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from newscrawl.demo.site import article_page, load_articles
from tests.hostile_crawl import crawl_archived, write_source
from tests.hostile_server import HostileServer, Reply

TEXT = "text/plain"
TEMPLATE = load_articles()[0]

#: host -> article paths the feed lists on it
ARTICLES = {
    "closed.test": ["/politik/closed-1", "/politik/closed-2", "/politik/closed-3"],
    "broken.test": ["/politik/broken-1", "/politik/broken-2"],
    "slow.test": ["/politik/slow-1", "/politik/slow-2"],
    "reset.test": ["/politik/reset-1", "/politik/reset-2"],
    "gone.test": ["/politik/gone-1", "/politik/gone-2"],
    "moved.test": ["/politik/moved-1", "/politik/private/moved-2"],
    "far.test": ["/politik/far-1", "/politik/far-2"],
}
NEWS = "news.test"
MIRROR = "mirror.test"  # a redirect of moved.test's robots.txt leads here; not a source domain


def story(slug: str) -> bytes:
    return article_page({**TEMPLATE, "slug": slug.strip("/")}, f"http://{NEWS}").encode()


def redirect_chain(server: HostileServer, host: str, hops: int, end: Reply,
                   via: str | None = None) -> None:
    """``host``'s /robots.txt redirects ``hops`` times (the middle hop via
    ``via`` when given), then answers ``end``."""
    paths = ["/robots.txt", *(f"/robots-hop-{n}.txt" for n in range(1, hops + 1))]
    hosts = [host] * len(paths)
    if via:
        hosts[len(paths) // 2] = via
    for n in range(hops):
        target = server.url(paths[n + 1], hosts[n + 1])
        server.routes[f"//{hosts[n]}{paths[n]}"] = Reply(status=301, headers={"Location": target})
    server.routes[f"//{hosts[-1]}{paths[-1]}"] = end


@pytest.fixture(scope="module")
def robots(mongo_uri, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("robots")
    with HostileServer(lifetime=240) as server:
        urls = [server.url(path, host) for host, paths in ARTICLES.items() for path in paths]
        items = "".join(f"<item><title>t</title><link>{url}</link></item>" for url in urls)
        server.routes["/rss.xml"] = Reply(f'<rss version="2.0"><channel>{items}</channel></rss>'.encode(),
                                          content_type="application/rss+xml")
        for paths in ARTICLES.values():
            server.routes.update({path: Reply(story(path)) for path in paths})
        routes = server.routes
        routes[f"//{NEWS}/robots.txt"] = Reply(b"User-agent: *\nAllow: /\n", content_type=TEXT)
        routes["//closed.test/robots.txt"] = Reply(b"User-agent: *\nDisallow: /\n", content_type=TEXT)
        routes["//broken.test/robots.txt"] = Reply(b"<h1>Internal Server Error</h1>", status=500)
        routes["//slow.test/robots.txt"] = Reply(lambda: (b"#" for _ in range(40)), chunk_delay=0.5,
                                                 length=False, content_type=TEXT)
        routes["//reset.test/robots.txt"] = Reply(reset=True)
        routes["//gone.test/robots.txt"] = Reply(b"<h1>Not Found</h1>", status=404)
        redirect_chain(server, "moved.test", 5, via=MIRROR, end=Reply(
            b"User-agent: *\nDisallow: /politik/private/\n", content_type=TEXT))
        redirect_chain(server, "far.test", 6, end=Reply(b"User-agent: *\nDisallow: /\n", content_type=TEXT))
        source = write_source(tmp_path / "sources.toml", feeds=[server.url("/rss.xml", NEWS)],
                              allowed_domains=[NEWS, *ARTICLES])
        result, stored = crawl_archived("feeds", source, mongo_uri=mongo_uri, tmp_path=tmp_path,
                                        port=server.port, DOWNLOAD_TIMEOUT="3", RETRY_TIMES="1")
        yield SimpleNamespace(server=server, result=result, stored=stored)


def article_hits(robots, host: str) -> list[str]:
    return [hit.path for hit in robots.server.hits if hit.host == host and "robots" not in hit.path]


def test_the_crawl_finishes_cleanly(robots):
    assert robots.result.returncode == 0, robots.result.log[-3000:]
    assert "'finish_reason': 'finished'" in robots.result.log


def test_no_request_reaches_a_host_before_its_robots_txt_is_known(robots):
    assert article_hits(robots, "closed.test") == []


@pytest.mark.parametrize("host", ["broken.test", "slow.test", "reset.test"])
def test_a_robots_txt_that_fails_closes_its_host_for_the_run(robots, host):
    assert article_hits(robots, host) == []


def test_why_a_host_is_closed_is_counted(robots):
    assert robots.result.stats_under("newscrawl/robotstxt/disallow_all/") == {
        "newscrawl/robotstxt/disallow_all/server_error": 1,
        "newscrawl/robotstxt/disallow_all/unreachable": 2,
    }


def test_a_missing_robots_txt_allows_everything(robots):
    assert sorted(article_hits(robots, "gone.test")) == ARTICLES["gone.test"]
    assert set(ARTICLES["gone.test"]) <= robots.stored


def test_five_redirects_across_hosts_are_followed_and_their_rules_obeyed(robots):
    assert article_hits(robots, "moved.test") == ["/politik/moved-1"]
    assert [hit.path for hit in robots.server.hits if hit.host == MIRROR] == ["/robots-hop-3.txt"]


def test_a_sixth_redirect_is_not_followed_and_means_unavailable(robots):
    assert not robots.server.hits_of("/robots-hop-6.txt")
    assert sorted(article_hits(robots, "far.test")) == ARTICLES["far.test"]
    assert robots.result.stat("newscrawl/robotstxt/too_many_redirects") == 1


def test_each_robots_txt_is_fetched_once_per_run(robots):
    for host in ("closed.test", "gone.test", "moved.test", "far.test"):
        hits = [hit for hit in robots.server.hits if hit.host == host and hit.path == "/robots.txt"]
        assert len(hits) == 1, host


def test_forbidden_urls_are_counted_not_failed(robots):
    # closed 3, broken 2, slow 2, reset 2, moved.test's private page 1
    assert robots.result.stat("robotstxt/forbidden") == 10
    assert robots.result.stat("newscrawl/fetch/failed/robots_txt") == 10
