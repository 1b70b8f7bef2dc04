"""Hostile pages in one real crawl: the crawl goes on, each bad page is dropped
with a counted reason (or handled correctly), memory stays bounded, and every
good article fetched alongside is stored.

One ``feeds`` crawl of a site on 127.0.0.1 (several host names, all resolved
to the loopback interface) that mixes the demo articles with bombs, huge,
deep, mis-encoded, empty and binary pages, redirect loops and off-site
redirects, slow and reset connections, rate limiting, 503 storms, a robots.txt
disallow, hostile JSON-LD and impossible dates. Each test checks one
behaviour on the result.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import uuid
from types import SimpleNamespace

import pytest

from newscrawl.demo.site import article_page, build_routes, load_articles
from newscrawl.store.mongo import connect
from tests.hostile_crawl import crawl, unsafe_keys, write_source
from tests.hostile_server import (
    Hit,
    HostileServer,
    MiB,
    Reply,
    brotli_bomb,
    deflate_bomb,
    filler_page,
    nested_html,
)

NEWS, OTHER, EVIL = "news.test", "other.test", "evil.test"
DOWNLOAD_MAXSIZE = 16 * MiB  # the project's setting, not overridden here
BOMB = 256 * MiB  # decompressed size of each bomb
#: The crawl process holds at most a few copies of one page of DOWNLOAD_MAXSIZE.
MEMORY_LIMIT_MB = 400

TEMPLATE = load_articles()[0]


def story(slug: str, **changes) -> str:
    """A realistic article page (the seed article's template) at ``/slug``."""
    return article_page({**TEMPLATE, "slug": slug, **changes}, "http://news.test")


def with_json_ld(page: str, data: str) -> bytes:
    """``page`` with its JSON-LD replaced by ``data`` (raw JSON text)."""
    return re.sub(r'(<script type="application/ld\+json">).*?(</script>)',
                  lambda m: m.group(1) + data + m.group(2), page, count=1, flags=re.DOTALL).encode()


class FirstThen:
    """A route answering ``first`` to the first request and ``then`` afterwards."""

    def __init__(self, first: Reply, then: Reply) -> None:
        self.first, self.then, self.calls = first, then, 0

    def __call__(self, hit: Hit) -> Reply:
        self.calls += 1
        return self.first if self.calls == 1 else self.then


BODY_TEXT = TEMPLATE["body"]


def hostile_routes(server: HostileServer) -> dict[str, Reply]:
    port = server.port
    news = f"http://{NEWS}:{port}"
    article = Reply(story("h/landing").encode())
    deep_text = "".join(f"<p>{p}</p>" for p in BODY_TEXT.split("\n\n") if p.strip())
    keys_json_ld = json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": TEMPLATE["title"],
        "$where": "sleep(10000)", "a.b": {"$gt": ""},
        "author": [{"@type": "Person", "name": "Eve Mallory", "$ne": None, "x.y": 1}],
        "publisher": {"@type": "Organization", "name": {"$gt": ""}, "a.b": "c"},
        "datePublished": {"$date": "2017-05-02T19:14:00Z"},
        "keywords": {"$in": ["a"]}, "articleSection": {"a.b": 1}, "image": {"$url": "x"},
        "description": {"$where": "1"},
    })
    return {
        # compression bombs: 256 MiB of zeros, a few hundred KB on the wire
        "/h/gzip-bomb": Reply(deflate_bomb(BOMB, 31), headers={"Content-Encoding": "gzip"}),
        "/h/deflate-bomb": Reply(deflate_bomb(BOMB, 15), headers={"Content-Encoding": "deflate"}),
        "/h/brotli-bomb": Reply(brotli_bomb(BOMB), headers={"Content-Encoding": "br"}),
        # 50 MB pages, announced and not
        "/h/huge": Reply(filler_page(50 * MiB), headers={"Content-Length": str(50 * MiB)}),
        "/h/huge-chunked": Reply(filler_page(50 * MiB), length=False),
        # markup and encodings
        "/h/deep": Reply(nested_html(100_000, deep_text)),
        "/h/wrong-charset": Reply(story("h/wrong-charset").encode("utf-8"),
                                  content_type="text/html; charset=iso-8859-1"),
        "/h/invalid-utf8": Reply(story("h/invalid-utf8").replace(
            "Präsident", "Pr\udcffsident").encode("utf-8", "surrogateescape")),
        "/h/empty": Reply(b""),
        "/h/binary": Reply(os.urandom(300_000)),
        # redirects
        "/h/loop-a": Reply(status=302, headers={"Location": f"{news}/h/loop-b"}),
        "/h/loop-b": Reply(status=302, headers={"Location": f"{news}/h/loop-a"}),
        "/h/loop-self": Reply(status=301, headers={"Location": f"{news}/h/loop-self?x=1"}),
        "/h/loop-self?x=1": Reply(status=301, headers={"Location": f"{news}/h/loop-self"}),
        "/h/to-other": Reply(status=302, headers={"Location": f"http://{OTHER}:{port}/h/landing"}),
        "/h/to-evil": Reply(status=302, headers={"Location": f"http://{EVIL}:{port}/h/landing"}),
        "/h/landing": article,
        # connections
        "/h/slow": Reply(lambda: (b"<" for _ in range(60)), chunk_delay=0.5, length=False),
        "/h/reset": Reply(reset=True),
        # rate limiting and overload
        "/h/rate-limited": FirstThen(Reply(b"slow down", status=429, headers={"Retry-After": "2"}),
                                      Reply(story("h/rate-limited").encode())),
        "/h/rate-limited-long": Reply(b"come back tomorrow", status=429,
                                      headers={"Retry-After": "86400"}),
        **{f"/h/storm-{n}": Reply(b"overloaded", status=503) for n in range(5)},
        "/h/storm-retry-after": Reply(b"overloaded", status=503, headers={"Retry-After": "1"}),
        # robots.txt
        "/h/private/leak": Reply(story("h/private/leak").encode()),
        # hostile JSON-LD and dates
        "/h/jsonld-keys": Reply(with_json_ld(story("h/jsonld-keys"), keys_json_ld)),
        "/h/jsonld-huge": Reply(with_json_ld(story("h/jsonld-huge"), json.dumps(
            {"@type": "NewsArticle", "headline": TEMPLATE["title"],
             "description": "x" * (10 * MiB), "author": {"name": "y" * MiB}}))),
        "/h/jsonld-deep": Reply(with_json_ld(story("h/jsonld-deep"),
                                             '{"@type": "NewsArticle", "about": '
                                             + "[" * 100_000 + "]" * 100_000 + "}")),
        "/h/impossible-date": Reply(with_json_ld(
            story("h/impossible-date").replace(TEMPLATE["published_at"].isoformat(), "31.02.2017"),
            json.dumps({"@type": "NewsArticle", "headline": TEMPLATE["title"],
                        "datePublished": "31.02.2017"}))),
    }


def feed(urls: list[str]) -> bytes:
    items = "".join(f"<item><title>t</title><link>{u}</link></item>" for u in urls)
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()


@pytest.fixture(scope="module")
def hostile(mongo_uri, tmp_path_factory):
    """The crawl, run once for the module: server, result, stored documents."""
    tmp_path = tmp_path_factory.mktemp("hostile")
    with HostileServer(lifetime=240) as server:
        news = f"http://{NEWS}:{server.port}"
        demo = {path: Reply(page.body) for path, page in build_routes(news).items()
                if path.count("/") > 1 and "sitemap" not in path}
        hostile = hostile_routes(server)
        server.routes.update(demo)
        server.routes.update(hostile)
        server.routes["/robots.txt"] = Reply(b"User-agent: *\nDisallow: /h/private/\n",
                                             content_type="text/plain")
        server.routes["/rss.xml"] = Reply(
            feed([news + path for path in [*demo, *hostile] if "?" not in path
                  and path not in ("/h/landing", "/h/loop-b")]),
            content_type="application/rss+xml",
            headers={"Set-Cookie": "session=s3cret; Path=/"})
        source = write_source(tmp_path / "sources.toml", feeds=[f"{news}/rss.xml"],
                              allowed_domains=[NEWS, OTHER])
        database = f"h{uuid.uuid4().hex[:12]}"
        result = crawl("feeds", source, mongo_uri=mongo_uri, database=database, tmp_path=tmp_path)
        (tmp_path / "crawl.log").write_text(result.log)  # for a look after a failure
        client = connect(mongo_uri)
        archive = client[database]
        docs = {doc["url"].split(f":{server.port}", 1)[-1]: doc for doc in archive.articles.find()}
        everything = [doc for name in archive.list_collection_names() for doc in archive[name].find()]
        client.drop_database(database)
        client.close()
        yield SimpleNamespace(server=server, result=result, docs=docs, demo=demo,
                              everything=everything)


def test_the_crawl_finishes_cleanly_and_calls_itself_unhealthy(hostile):
    """A third of the site fails on purpose: finished, no crash, exit 1 for cron."""
    assert hostile.result.returncode == 1, hostile.result.log[-3000:]
    assert "'finish_reason': 'finished'" in hostile.result.log
    assert "Traceback" not in hostile.result.log
    assert hostile.result.log.strip().splitlines()[-1].startswith(
        "UNHEALTHY: feeds/hostile: error rate ")


def test_every_good_article_fetched_alongside_is_stored(hostile):
    assert set(hostile.demo) <= set(hostile.docs)


def test_memory_of_the_crawl_process_stays_bounded(hostile):
    assert 0 < hostile.result.peak_rss_mb < MEMORY_LIMIT_MB


def test_memory_of_the_extraction_workers_stays_bounded(hostile):
    assert 0 < hostile.result.stat("newscrawl/extract/worker_peak_rss_mb") < MEMORY_LIMIT_MB


@pytest.mark.parametrize("path", ["/h/gzip-bomb", "/h/deflate-bomb", "/h/brotli-bomb"])
def test_a_compression_bomb_is_cut_at_download_maxsize(hostile, path):
    assert path not in hostile.docs
    assert hostile.result.fetch_failed(path)


@pytest.mark.parametrize("path", ["/h/huge", "/h/huge-chunked"])
def test_a_50_mb_page_is_refused_before_it_is_held(hostile, path):
    assert path not in hostile.docs
    # what the server managed to push into socket buffers, not the 50 MB
    assert hostile.server.bytes_sent.get(path, 0) < 32 * MiB
    assert hostile.result.fetch_failed(path)


def test_oversized_pages_are_counted_as_too_large(hostile):
    assert hostile.result.stat("newscrawl/fetch/failed/too_large") == 5  # 3 bombs, 2 huge pages


def test_html_nested_100k_levels_deep_is_stored_or_dropped_with_a_reason(hostile):
    doc = hostile.docs.get("/h/deep")
    if doc is None:
        assert hostile.result.drop_reason("/h/deep") == "too_deep"
    else:
        assert "Washington" in doc["text"]


def test_a_wrong_charset_header_does_not_garble_the_text(hostile):
    text = hostile.docs["/h/wrong-charset"]["text"]
    assert "Präsident" in text and "Ã¤" not in text


def test_invalid_utf8_bytes_do_not_cost_the_article(hostile):
    assert "Washington" in hostile.docs["/h/invalid-utf8"]["text"]


def test_an_empty_200_is_dropped_as_empty(hostile):
    assert "/h/empty" not in hostile.docs
    assert hostile.result.drop_reason("/h/empty") == "empty"


def test_binary_content_served_as_html_is_dropped_with_a_reason(hostile):
    assert "/h/binary" not in hostile.docs
    assert hostile.result.drop_reason("/h/binary") == "not_html"


def test_redirect_loops_end(hostile):
    for path in ("/h/loop-a", "/h/loop-b", "/h/loop-self", "/h/loop-self?x=1"):
        assert len(hostile.server.hits_of(path)) <= 3


def test_an_off_site_redirect_is_not_followed(hostile):
    assert not [hit for hit in hostile.server.hits if hit.host == EVIL]
    assert hostile.result.stat("offsite/filtered") >= 1


def test_the_site_cookie_is_sent_to_its_own_host(hostile):
    assert "s3cret" in hostile.server.hits_of("/h/to-other")[0].headers.get("Cookie", "")


def test_a_redirect_to_another_host_does_not_carry_the_cookie(hostile):
    landing = [hit for hit in hostile.server.hits_of("/h/landing") if hit.host == OTHER]
    assert landing and all("s3cret" not in hit.headers.get("Cookie", "") for hit in landing)
    assert "/h/landing" in hostile.docs


def test_a_slow_page_times_out_and_is_counted(hostile):
    assert "/h/slow" not in hostile.docs
    assert hostile.result.stat("newscrawl/fetch/failed/timeout") == 1


def test_a_reset_connection_is_retried_and_counted(hostile):
    assert len(hostile.server.hits_of("/h/reset")) >= 3  # RETRY_TIMES = 2
    assert hostile.result.stat("newscrawl/fetch/failed/connection_lost") == 1


def test_a_429_is_retried_after_the_time_retry_after_asks(hostile):
    first, second = hostile.server.hits_of("/h/rate-limited")[:2]
    assert second.at - first.at >= 1.9
    assert "/h/rate-limited" in hostile.docs


def test_a_retry_after_beyond_the_cap_gives_the_page_up(hostile):
    assert len(hostile.server.hits_of("/h/rate-limited-long")) == 1
    assert hostile.result.stat("newscrawl/retry_after/over_cap") == 1


def test_a_503_storm_is_given_up_after_the_retries(hostile):
    for n in range(5):
        assert len(hostile.server.hits_of(f"/h/storm-{n}")) == 3
    assert hostile.result.stat("retry/max_reached") >= 5


def test_a_storm_with_retry_after_waits_between_attempts(hostile):
    hits = hostile.server.hits_of("/h/storm-retry-after")
    assert len(hits) == 3
    assert all(b.at - a.at >= 0.9 for a, b in itertools.pairwise(hits))


def test_robots_txt_disallow_is_obeyed(hostile):
    assert not hostile.server.hits_of("/h/private/leak")
    assert hostile.result.stat("robotstxt/forbidden") == 1


def test_hostile_json_ld_keys_never_reach_the_archive(hostile):
    assert "/h/jsonld-keys" in hostile.docs
    assert len(hostile.everything) > len(hostile.docs)  # versions, fetches, pages... too
    for doc in hostile.everything:
        assert list(unsafe_keys(doc)) == []


def test_a_10_mb_json_ld_string_does_not_become_a_stored_field(hostile):
    doc = hostile.docs["/h/jsonld-huge"]
    assert max(len(v) for v in doc.values() if isinstance(v, str)) < 100_000


def test_deeply_nested_json_ld_does_not_cost_the_article(hostile):
    assert "Washington" in hostile.docs["/h/jsonld-deep"]["text"]


def test_an_impossible_date_is_rejected_not_stored(hostile):
    doc = hostile.docs["/h/impossible-date"]
    assert doc["published_raw"] != "31.02.2017"
    assert hostile.result.stats_under("newscrawl/dates/rejected/")
