"""Feed and sitemap parsing (pure, no network)."""

import pytest

from newscrawl.discovery import (
    SitemapKind,
    TruncatedXML,
    parse_feed,
    parse_sitemap,
    robots_sitemaps,
)
from newscrawl.discovery.links import listing_links

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Nachrichten</title><link>https://www.example-news.at/</link>
<item><title>Trump und Putin telefonieren</title><link>/story/1/trump-putin</link>
<pubDate>Tue, 02 May 2017 21:14:00 +0200</pubDate><dc:creator>APA</dc:creator></item>
<item><title>Ohne Link</title></item>
<item><title>Nur GUID</title><guid>https://www.example-news.at/story/2/guid</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title>Fed holds rates</title><link rel="alternate" href="https://wire.example/a/1"/>
<link rel="enclosure" href="https://wire.example/a/1.jpg"/>
<published>2024-03-20T18:00:00Z</published><updated>2024-03-20T19:30:00Z</updated>
<author><name>Jane Doe</name></author></entry></feed>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://www.example-news.at/story/3/lawinen</loc>
<news:news><news:publication><news:name>Example</news:name><news:language>de</news:language></news:publication>
<news:publication_date>2024-01-13T07:45:00+01:00</news:publication_date>
<news:title>Lawinengefahr im Wallis</news:title><news:keywords>Schnee, Wallis, Lawinen</news:keywords>
</news:news></url></urlset>"""


def test_rss_items_resolve_relative_links_and_keep_raw_dates():
    entries = list(parse_feed(RSS, "https://www.example-news.at/rss"))
    assert entries[0].url == "https://www.example-news.at/story/1/trump-putin"
    assert entries[0].published == "Tue, 02 May 2017 21:14:00 +0200"
    assert entries[0].author == "APA"


def test_rss_item_without_link_is_skipped_and_guid_permalink_is_used():
    urls = [e.url for e in parse_feed(RSS, "https://www.example-news.at/rss")]
    assert urls == ["https://www.example-news.at/story/1/trump-putin",
                    "https://www.example-news.at/story/2/guid"]


def test_atom_entry_uses_the_alternate_link_and_both_dates():
    (entry,) = parse_feed(ATOM, "https://wire.example/feed")
    assert entry.url == "https://wire.example/a/1"
    assert (entry.published, entry.updated, entry.author) == (
        "2024-03-20T18:00:00Z", "2024-03-20T19:30:00Z", "Jane Doe")


def test_max_entries_bounds_a_feed():
    items = b"".join(b"<item><link>https://a.example/%d</link></item>" % i for i in range(50))
    assert len(list(parse_feed(b"<rss><channel>" + items + b"</channel></rss>", "https://a.example/",
                               max_entries=10))) == 10


def test_news_sitemap_keeps_the_nested_news_elements():
    (entry,) = parse_sitemap(NEWS_SITEMAP, "https://www.example-news.at/sitemap.xml")
    assert entry.kind is SitemapKind.URLSET
    assert entry.publication_date == "2024-01-13T07:45:00+01:00"
    assert entry.title == "Lawinengefahr im Wallis"
    assert entry.keywords == ("Schnee", "Wallis", "Lawinen")
    assert entry.language == "de"


def test_sitemap_index_entries_are_sitemaps_with_lastmod():
    body = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://a.example/s1.xml</loc><lastmod>2024-01-01</lastmod></sitemap></sitemapindex>"""
    (entry,) = parse_sitemap(body, "https://a.example/")
    assert (entry.kind, entry.url, entry.lastmod) == (SitemapKind.INDEX, "https://a.example/s1.xml", "2024-01-01")


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    body = f"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>
<rss><channel><item><title>&x;</title><link>https://a.example/1</link></item></channel></rss>""".encode()
    (entry,) = parse_feed(body, "https://a.example/")
    assert "TOPSECRET" not in (entry.title or "")


def test_billion_laughs_does_not_expand():
    lol = b'<!ENTITY l0 "lol">' + b"".join(
        b'<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">' % ((i,) + (i - 1,) * 10)
        for i in range(1, 10))
    body = (b'<?xml version="1.0"?><!DOCTYPE r [' + lol + b']><rss><channel><item><title>&l9;</title>'
            b"<link>https://a.example/1</link></item></channel></rss>")
    entries = []
    with pytest.raises(TruncatedXML):  # libxml2 refuses the amplification: counted by the spider
        for entry in parse_feed(body, "https://a.example/"):  # a loop keeps what came before
            entries.append(entry)  # noqa: PERF402 -- the raise, which list() would discard
    assert all(len(e.title or "") < 1000 for e in entries)


def test_truncated_feed_keeps_the_entries_before_the_damage_and_says_so():
    body = RSS[: RSS.index(b"<item><title>Nur GUID")] + b"<item><title>kaputt"
    urls = []
    with pytest.raises(TruncatedXML):
        for entry in parse_feed(body, "https://www.example-news.at/rss"):
            urls.append(entry.url)
    assert urls == ["https://www.example-news.at/story/1/trump-putin"]


def test_robots_txt_sitemap_lines_are_found_case_insensitively():
    robots = "User-agent: *\nDisallow: /intern/\nSitemap: /sitemap.xml\nsitemap: https://a.example/news.xml\n"
    assert robots_sitemaps(robots, "https://a.example/robots.txt") == [
        "https://a.example/sitemap.xml", "https://a.example/news.xml"]


# --- listing pages ---------------------------------------------------------------------

LISTING = b"""<html><head><base href="https://www.example-news.at/politik/"><title>Politik</title></head>
<body><nav><a href="/">Start</a> <a href="/impressum">Impressum</a></nav>
<main><h1>Politik</h1><ul>
<li><a href="inland/budget-2024#kommentare">Budget 2024 beschlossen</a></li>
<li><a href="https://www.example-news.at/politik/inland/budget-2024">Budget (Bild)</a></li>
<li><a href="ausland/gipfel-in-bruessel">Gipfel in Br\xc3\xbcssel</a></li>
<li><a href="mailto:redaktion@example-news.at">Leserbrief</a></li>
<li><a href="ausland/wahl-in-polen">Wahl in Polen</a></li>
</ul><a rel="next" href="?seite=2">Weiter</a></main></body></html>"""


def is_article(url: str) -> bool:
    return "/politik/" in url and "seite=" not in url


def test_listing_links_are_absolute_from_the_base_without_fragments_each_once():
    links = listing_links(LISTING, "https://www.example-news.at/politik", is_article)
    assert links.urls == ["https://www.example-news.at/politik/inland/budget-2024",
                          "https://www.example-news.at/politik/ausland/gipfel-in-bruessel",
                          "https://www.example-news.at/politik/ausland/wahl-in-polen"]
    assert links.not_read == 0


def test_listing_links_stop_at_the_limit_and_count_the_links_after_it():
    links = listing_links(LISTING, "https://www.example-news.at/politik", is_article, limit=2)
    assert links.urls == ["https://www.example-news.at/politik/inland/budget-2024",
                          "https://www.example-news.at/politik/ausland/gipfel-in-bruessel"]
    assert links.not_read == 3  # mailto, wahl-in-polen, rel=next


def test_the_next_page_is_found_after_the_limit():
    links = listing_links(LISTING, "https://www.example-news.at/politik", is_article, limit=1)
    assert links.next_pages == ["https://www.example-news.at/politik/?seite=2"]
