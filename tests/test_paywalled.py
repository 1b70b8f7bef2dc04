"""Paywalled articles are kept — title, dates, authors, agencies, the
visible teaser — flagged ``access: "paywalled"``; NEWSCRAWL_DROP_PAYWALLED
restores the drop (issue #14, item 6)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newscrawl.demo.server import Page
from newscrawl.stages import Dropped, ValidationRules, validate_stage
from tests.conftest import run_scrapy, write_sources

TEASER = ("Seit Wochen wird über die Zukunft der Werft in Wolgast spekuliert. Jetzt liegen "
          "unserer Redaktion Unterlagen vor, die zeigen, was der neue Eigentümer plant.")


def paywalled_page(headline: str = "Was der Investor mit der Werft vorhat") -> bytes:
    """A news page whose JSON-LD says the article is not free, showing its teaser
    between site furniture and a subscription box."""
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>{headline} | Küstenkurier</title>
<meta property="og:type" content="article">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "{headline}", "datePublished": "2024-05-16T18:00:00+02:00",
 "isAccessibleForFree": false,
 "hasPart": {{"@type": "WebPageElement", "isAccessibleForFree": false,
              "cssSelector": ".paywalled"}},
 "author": [{{"@type": "Person", "name": "Jan Beispiel"}},
            {{"@type": "Organization", "name": "dpa"}}]}}</script>
</head><body>
<header><nav><a href="/">Küstenkurier</a> <a href="/wirtschaft/">Wirtschaft</a>
<a href="/sport/">Sport</a> <a href="/abo">Abo</a></nav></header>
<main><article>
<h1>{headline}</h1>
<p class="byline">Von Jan Beispiel</p>
<p>{TEASER}</p>
<div class="paywalled"><div class="paywall"><h2>Weiterlesen mit Kurier Plus</h2>
<p>Jetzt für 0,99 Euro im ersten Monat testen. Jederzeit kündbar.</p>
<a href="/abo">Jetzt abonnieren</a></div></div>
</article></main>
<footer>© 2024 Küstenkurier · <a href="/impressum">Impressum</a></footer>
</body></html>""".encode()


def feed(base: str, *paths: str) -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link>"
                    f"<pubDate>Thu, 16 May 2024 16:00:00 GMT</pubDate></item>" for p in paths)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Küstenkurier</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode()


@pytest.fixture
def paywalled_site(site):
    site.routes["/wirtschaft/werft-investor-999.html"] = Page(paywalled_page())
    site.routes["/rss.xml"] = Page(feed(site.base_url, "/wirtschaft/werft-investor-999.html"),
                                   content_type="application/rss+xml")
    return site


def crawl(site, db, mongo_uri, tmp_path, *extra):
    source = write_sources(tmp_path / "sources.toml", fixture={"feeds": [site.url("/rss.xml")]})
    result = run_scrapy("crawl", "feeds", "-a", "source=fixture",
                        "-s", f"NEWSCRAWL_SOURCE_FILES={source}", *extra,
                        mongo_uri=mongo_uri, database=db.name, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_a_crawled_paywalled_article_is_stored_with_what_the_page_shows(
        paywalled_site, db, mongo_uri, tmp_path):
    result = crawl(paywalled_site, db, mongo_uri, tmp_path)
    (doc,) = list(db.articles.find())
    assert doc["access"] == "paywalled"
    assert doc["title"] == "Was der Investor mit der Werft vorhat"
    assert doc["authors"] == ["Jan Beispiel"]
    assert doc["agencies"] == ["dpa"]
    assert doc["published"] == datetime(2024, 5, 16, 16, 0, tzinfo=UTC)
    assert "Zukunft der Werft in Wolgast" in f"{doc['lead'] or ''} {doc['text']}"
    assert "abonnieren" not in doc["text"]
    assert "'newscrawl/validate/paywalled': 1" in result.stderr


def test_drop_paywalled_restores_the_counted_drop(paywalled_site, db, mongo_uri, tmp_path):
    result = crawl(paywalled_site, db, mongo_uri, tmp_path, "-s", "NEWSCRAWL_DROP_PAYWALLED=True")
    assert db.articles.count_documents({}) == 0
    assert "'newscrawl/dropped/paywall_stub': 1" in result.stderr
    assert db.dropped_pages.find_one()["reason"] == "paywall_stub"


# -- the validation rule ------------------------------------------------------------------------

def item(text: str, access: str = "paywalled", title: str = "Werft") -> dict:
    return {"title": title, "text": text, "access": access}


def test_a_paywalled_teaser_is_not_held_to_the_minimum_length():
    assert validate_stage(item("Kurz."), ValidationRules(min_text_chars=250))["text"] == "Kurz."


def test_a_free_short_text_is_still_too_short():
    with pytest.raises(Dropped, match="too_short"):
        validate_stage(item("Kurz.", access="free"), ValidationRules(min_text_chars=250))


def test_a_paywalled_page_without_title_is_dropped():
    with pytest.raises(Dropped, match="no_title"):
        validate_stage(item("Kurz.", title=""), ValidationRules())


def test_drop_paywalled_drops_teasers_but_keeps_long_paywalled_articles():
    rules = ValidationRules(drop_paywalled=True)
    with pytest.raises(Dropped, match="paywall_stub"):
        validate_stage(item("Kurz."), rules)
    assert validate_stage(item("Ein langer Text. " * 100), rules)["access"] == "paywalled"
