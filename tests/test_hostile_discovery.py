"""Hostile feeds and sitemaps in real crawls: external entities are never
resolved or fetched, entity expansion ("billion laughs") does not happen, a
100k-item feed is read only up to NEWSCRAWL_FEED_MAX_ENTRIES, a gzip bomb
posing as a sitemap is refused, and the good entries next to them are crawled.
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest

from newscrawl.demo.site import build_routes, load_articles
from newscrawl.store.mongo import connect
from tests.hostile_crawl import crawl, write_source
from tests.hostile_server import HostileServer, MiB, Reply, deflate_bomb

NEWS = "news.test"
XML = "application/xml"
FEED_MAX_ENTRIES = 10_000  # NEWSCRAWL_FEED_MAX_ENTRIES, the project's default
MEMORY_LIMIT_MB = 400


def doctype(port: int) -> str:
    """A DTD declaring every classic XML attack: a local file, a fetch from
    the network, an external parameter entity and exponential expansion."""
    laughs = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    return f"""<?xml version="1.0"?>
<!DOCTYPE root [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY probe SYSTEM "http://127.0.0.1:{port}/xxe-probe">
  <!ENTITY % remote SYSTEM "http://127.0.0.1:{port}/xxe-dtd"> %remote;
  <!ENTITY lol0 "lol">{laughs}
]>
"""


def article_urls(base: str) -> list[str]:
    return [f"{base}/{a['slug']}" for a in load_articles()]


def hostile_sitemap(port: int, base: str, good: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{u}</loc></url>" for u in good)
    return (doctype(port) + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{base}/politik/x&xxe;</loc></url>"
            f"<url><loc>{base}/politik/x&probe;</loc></url>"
            f"{entries}"
            # libxml2 stops at an amplifying entity: what follows it is not read
            f"<url><loc>{base}/politik/&lol9;</loc></url></urlset>").encode()


def hostile_feed(port: int, base: str, good: list[str]) -> bytes:
    items = "".join(f"<item><title>t</title><link>{u}</link></item>" for u in good)
    return (doctype(port) + '<rss version="2.0"><channel>'
            f"<item><title>&probe;</title><link>{base}/politik/x&xxe;</link></item>"
            f"{items}"
            # libxml2 stops at an amplifying entity: what follows it is not read
            f"<item><title>&lol9;</title><link>{base}/politik/&lol9;</link></item>"
            "</channel></rss>").encode()


def big_feed(base: str, entries: int) -> bytes:
    items = "".join(f"<item><link>{base}/p?n={n}</link></item>" for n in range(entries))
    return f'<rss version="2.0"><channel>{items}</channel></rss>'.encode()


def run(spider: str, mongo_uri: str, tmp_path, server: HostileServer, **source) -> SimpleNamespace:
    path = write_source(tmp_path / "sources.toml", allowed_domains=[NEWS], **source)
    database = f"h{uuid.uuid4().hex[:12]}"
    result = crawl(spider, path, mongo_uri=mongo_uri, database=database, tmp_path=tmp_path)
    (tmp_path / "crawl.log").write_text(result.log)  # for a look after a failure
    client = connect(mongo_uri)
    urls = {doc["url"].split(f":{server.port}", 1)[-1] for doc in client[database].articles.find()}
    client.drop_database(database)
    client.close()
    return SimpleNamespace(result=result, urls=urls)


@pytest.fixture(scope="module")
def server():
    with HostileServer(lifetime=240) as server:
        base = f"http://{NEWS}:{server.port}"
        good = article_urls(base)
        server.routes.update({path: Reply(page.body) for path, page in build_routes(base).items()
                              if path.count("/") > 1 and "sitemap" not in path})
        server.routes["/hostile-sitemap.xml"] = Reply(
            hostile_sitemap(server.port, base, good[:3]), content_type=XML)
        server.routes["/good-sitemap.xml"] = Reply(
            f'<urlset>{"".join(f"<url><loc>{u}</loc></url>" for u in good[3:])}</urlset>'.encode(),
            content_type=XML)
        server.routes["/bomb-sitemap.xml.gz"] = Reply(deflate_bomb(256 * MiB, 31),
                                                      content_type="application/octet-stream")
        server.routes["/hostile-feed.xml"] = Reply(
            hostile_feed(server.port, base, good[:3]), content_type=XML)
        server.routes["/good-feed.xml"] = Reply(
            f'<rss><channel>{"".join(f"<item><link>{u}</link></item>" for u in good[3:])}'
            "</channel></rss>".encode(), content_type=XML)
        server.routes["/big-feed.xml"] = Reply(big_feed(base, 100_000), content_type=XML)
        yield server


@pytest.fixture(scope="module")
def sitemap_crawl(server, mongo_uri, tmp_path_factory):
    base = f"http://{NEWS}:{server.port}"
    return run("sitemap", mongo_uri, tmp_path_factory.mktemp("sitemaps"), server,
               sitemaps=[f"{base}/hostile-sitemap.xml", f"{base}/bomb-sitemap.xml.gz",
                         f"{base}/good-sitemap.xml"])


@pytest.fixture(scope="module")
def feed_crawl(server, mongo_uri, tmp_path_factory, sitemap_crawl):
    base = f"http://{NEWS}:{server.port}"
    return run("feeds", mongo_uri, tmp_path_factory.mktemp("feeds"), server,
               feeds=[f"{base}/hostile-feed.xml", f"{base}/big-feed.xml", f"{base}/good-feed.xml"])


ALL_ARTICLES = {f"/{a['slug']}" for a in load_articles()}


def test_sitemap_crawl_finishes_and_stores_every_good_entry(sitemap_crawl):
    assert sitemap_crawl.result.returncode == 0, sitemap_crawl.result.log[-3000:]
    assert sitemap_crawl.urls == ALL_ARTICLES


def test_feed_crawl_finishes_and_stores_every_good_entry(feed_crawl):
    assert feed_crawl.result.returncode == 0, feed_crawl.result.log[-3000:]
    assert feed_crawl.urls == ALL_ARTICLES


def test_external_entities_are_never_fetched(server, sitemap_crawl, feed_crawl):
    assert not server.hits_of("/xxe-probe") and not server.hits_of("/xxe-dtd")


def test_local_files_never_leak_into_requests(server, sitemap_crawl, feed_crawl):
    assert not [hit for hit in server.hits if "root:" in hit.path or "passwd" in hit.path]


@pytest.mark.parametrize("crawl_name", ["sitemap_crawl", "feed_crawl"])
def test_entity_expansion_does_not_take_memory(request, crawl_name):
    assert 0 < request.getfixturevalue(crawl_name).result.peak_rss_mb < MEMORY_LIMIT_MB


def test_no_expanded_entity_reaches_a_request(server, sitemap_crawl, feed_crawl):
    assert not [hit for hit in server.hits if "lollol" in hit.path]


def test_a_gzip_bomb_posing_as_a_sitemap_is_refused_and_counted(sitemap_crawl):
    assert sitemap_crawl.result.stat("newscrawl/discovery/bad_sitemap") == 1


def test_a_100k_item_feed_is_read_up_to_the_entry_limit(feed_crawl):
    # every entry of the big feed is a non-article URL, so this counts exactly its entries read
    assert feed_crawl.result.stat("newscrawl/discovery/not_article_url") == FEED_MAX_ENTRIES


@pytest.mark.parametrize("crawl_name", ["sitemap_crawl", "feed_crawl"])
def test_a_document_broken_off_by_an_amplifying_entity_is_counted(request, crawl_name):
    assert request.getfixturevalue(crawl_name).result.stat("newscrawl/discovery/truncated_xml") == 1
