"""The bundled demo news site: article pages with real-web boilerplate
(header, navigation, cookie banner, ads, share bar, related links, comments,
footer), JSON-LD and OpenGraph metadata, an RSS feed, a news sitemap index
(one current child sitemap, one years old), a section front and robots.txt.
Built from ``articles.toml`` for a given base URL.
"""

from __future__ import annotations

import html
import json
import tomllib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from newscrawl.demo.server import Page

HERE = Path(__file__).parent
SITE_NAME = "Der Demo-Kurier"


def load_articles(now: datetime | None = None) -> list[dict[str, Any]]:
    """Demo articles with ``published`` resolved to an aware datetime."""
    now = now or datetime.now(UTC)
    with open(HERE / "articles.toml", "rb") as fh:
        articles = tomllib.load(fh)["article"]
    for article in articles:
        if "body_file" in article:
            article["body"] = (HERE / article["body_file"]).read_text(encoding="utf-8")
        if "published" in article:
            article["published_at"] = datetime.fromisoformat(article["published"])
        else:
            hour, minute = map(int, article["time"].split(":"))
            day = now - timedelta(days=article["days_ago"])
            article["published_at"] = day.replace(hour=hour, minute=minute, second=0, microsecond=0)
            if article["published_at"] > now:
                article["published_at"] -= timedelta(days=1)
        article.setdefault("in_sitemap", True)
    return articles


def _paragraphs(article: dict[str, Any]) -> str:
    parts = []
    subheadings = set(article.get("subheadings", []))
    for para in article["body"].strip().split("\n\n"):
        para = para.strip()
        if para.startswith("## "):
            parts.append(f"<h2>{html.escape(para[3:])}</h2>")
        elif para in subheadings:
            parts.append(f"<h2>{html.escape(para)}</h2>")
        else:
            parts.append(f"<p>{html.escape(para)}</p>")
    return "\n        ".join(parts)


def _json_ld(article: dict[str, Any], url: str) -> str:
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article["title"],
        "description": article["lead"], "datePublished": article["published_at"].isoformat(),
        "mainEntityOfPage": url, "inLanguage": article["language"],
        "publisher": {"@type": "Organization", "name": SITE_NAME},
    }
    if article.get("modified"):
        data["dateModified"] = article["modified"]
    if article.get("author"):
        data["author"] = [{"@type": "Person", "name": article["author"]}]
    return json.dumps(data, ensure_ascii=False, indent=1)


def article_page(article: dict[str, Any], base: str) -> str:
    url = f"{base}/{article['slug']}"
    published = article["published_at"]
    byline = (f'<span class="byline">Von <a rel="author" href="{base}/autoren/x">'
              f'{html.escape(article["author"])}</a></span>') if article.get("author") else ""
    return f"""<!DOCTYPE html>
<html lang="{article['language']}">
<head>
  <meta charset="utf-8">
  <title>{html.escape(article['title'])} | {SITE_NAME}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="description" content="{html.escape(article['lead'])}">
  <meta property="og:site_name" content="{SITE_NAME}">
  <meta property="og:type" content="article">
  <meta property="og:title" content="{html.escape(article['title'])}">
  <meta property="og:description" content="{html.escape(article['lead'])}">
  <meta property="og:url" content="{url}">
  <meta property="article:published_time" content="{published.isoformat()}">
  <meta property="article:section" content="{article['section']}">
  <link rel="canonical" href="{url}">
  <script type="application/ld+json">{_json_ld(article, url)}</script>
  <script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"pageType": "article"}});</script>
</head>
<body>
  <div id="cookie-banner" class="consent">Wir verwenden Cookies, um Inhalte zu personalisieren und Zugriffe zu analysieren. <button>Alle akzeptieren</button> <button>Einstellungen</button></div>
  <header class="site-header">
    <a class="logo" href="{base}/">{SITE_NAME}</a>
    <nav class="main-nav"><ul>
      <li><a href="{base}/politik/">Politik</a></li><li><a href="{base}/wirtschaft/">Wirtschaft</a></li>
      <li><a href="{base}/world/">World</a></li><li><a href="{base}/schweiz/">Schweiz</a></li>
      <li><a href="{base}/monde/">Monde</a></li><li><a href="{base}/abo/">Abo</a></li>
    </ul></nav>
  </header>
  <div class="ad ad-leaderboard">Anzeige – Jetzt Girokonto eröffnen und 100 € Bonus sichern!</div>
  <main>
    <article class="story">
      <p class="kicker">{html.escape(article['section'])}</p>
      <h1 class="headline">{html.escape(article['title'])}</h1>
      <p class="lead teaser"><strong>{html.escape(article['lead'])}</strong></p>
      <div class="meta">{byline}
        <time datetime="{published.isoformat()}" class="published">{published.strftime('%d.%m.%Y, %H:%M')}</time></div>
      <div class="share-bar"><a href="#">Teilen</a> <a href="#">Twittern</a> <a href="#">E-Mail</a></div>
      <div class="article-body">
        {_paragraphs(article)}
      </div>
      <aside class="newsletter-box">Keine Nachricht verpassen: Abonnieren Sie unseren Newsletter! <a href="{base}/newsletter">Jetzt anmelden</a></aside>
    </article>
    <section class="related"><h3>Mehr zum Thema</h3><ul>
      <li><a href="{base}/politik/">Alle Meldungen aus der Politik</a></li>
      <li><a href="{base}/wirtschaft/">Börse und Konjunktur im Überblick</a></li>
    </ul></section>
    <section class="comments"><h3>Kommentare (2)</h3>
      <div class="comment"><b>leser_42</b>: Interessanter Artikel, danke!</div>
      <div class="comment"><b>Skeptiker</b>: Mal sehen, was daraus wird.</div>
    </section>
  </main>
  <div class="ad ad-sidebar">Anzeige – Reisen Sie jetzt günstig nach Mallorca.</div>
  <footer class="site-footer">© 2026 {SITE_NAME} · <a href="{base}/impressum">Impressum</a> · <a href="{base}/datenschutz">Datenschutz</a></footer>
</body>
</html>
"""


def section_front(articles: list[dict[str, Any]], base: str) -> str:
    teasers = "\n".join(
        f'<article class="teaser"><p class="kicker">{html.escape(a["section"])}</p>'
        f'<h3><a href="{base}/{a["slug"]}">{html.escape(a["title"])}</a></h3>'
        f'<p>{html.escape(a["lead"])}</p></article>' for a in articles)
    most_read = "\n".join(
        f'<li><h4><a href="{base}/{a["slug"]}">{html.escape(a["title"])}</a></h4></li>'
        for a in articles[:5])
    return f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Nachrichten aus aller Welt | {SITE_NAME}</title>
<meta property="og:type" content="website"><meta property="og:site_name" content="{SITE_NAME}">
</head>
<body><header class="site-header"><a class="logo" href="{base}/">{SITE_NAME}</a>
<nav class="main-nav"><a href="{base}/politik/">Politik</a> <a href="{base}/wirtschaft/">Wirtschaft</a></nav></header>
<main><h1>Alle Meldungen</h1>
<section class="teaser-list">{teasers}</section>
<aside class="most-read"><h2>Meistgelesen</h2><ol>{most_read}</ol></aside></main>
<footer>© {SITE_NAME} · <a href="{base}/impressum">Impressum</a></footer></body></html>"""


def rss_feed(articles: list[dict[str, Any]], base: str) -> str:
    items = "\n".join(f"""  <item>
    <title>{html.escape(a['title'])}</title>
    <link>{base}/{a['slug']}</link>
    <guid isPermaLink="true">{base}/{a['slug']}</guid>
    <pubDate>{format_datetime(a['published_at'])}</pubDate>
    <description>{html.escape(a['lead'])}</description>
  </item>""" for a in articles)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>{SITE_NAME} – Alle Meldungen</title><link>{base}/</link><language>de</language>
{items}
</channel></rss>
"""


def news_sitemap(articles: list[dict[str, Any]], base: str) -> str:
    urls = "\n".join(f"""  <url><loc>{base}/{a['slug']}</loc>
    <news:news><news:publication><news:name>{SITE_NAME}</news:name><news:language>{a['language']}</news:language></news:publication>
      <news:publication_date>{a['published_at'].isoformat()}</news:publication_date>
      <news:title>{html.escape(a['title'])}</news:title></news:news></url>""" for a in articles)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{urls}
</urlset>
"""


def build_routes(base: str, now: datetime | None = None) -> dict[str, Page]:
    """Every path of the demo site, for a server reachable at ``base``."""
    articles = load_articles(now)
    routes = {f"/{a['slug']}": Page(article_page(a, base).encode()) for a in articles}
    recent = [a for a in articles if a["in_sitemap"]]
    xml = "application/xml; charset=utf-8"
    routes["/"] = Page(section_front(articles, base).encode())
    routes["/rss.xml"] = Page(rss_feed(articles, base).encode(), content_type="application/rss+xml")
    routes["/sitemaps/news.xml"] = Page(news_sitemap(recent, base).encode(), content_type=xml)
    routes["/sitemaps/archive-2019.xml"] = Page(news_sitemap([], base).encode(), content_type=xml)
    routes["/sitemap-index.xml"] = Page(f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{base}/sitemaps/news.xml</loc><lastmod>{datetime.now(UTC).isoformat()}</lastmod></sitemap>
  <sitemap><loc>{base}/sitemaps/archive-2019.xml</loc><lastmod>2019-12-31T23:00:00+00:00</lastmod></sitemap>
</sitemapindex>
""".encode(), content_type=xml)
    routes["/robots.txt"] = Page(
        f"User-agent: *\nDisallow: /intern/\nDisallow: /abo/\n\nSitemap: {base}/sitemap-index.xml\n".encode(),
        content_type="text/plain")
    return routes


def demo_source_toml(base: str) -> str:
    """Registry entry of the demo site (written for the demo crawl)."""
    return f"""[demo]
feeds = ["{base}/rss.xml"]
robots_sitemaps = true
listing_pages = ["{base}/"]
article_patterns = ['/[a-z]+/.+']
deny_patterns = ['/abo/', '/newsletter', '/impressum', '/datenschutz', '/autoren/']
language = "de"
timezone = "Europe/Vienna"
"""
