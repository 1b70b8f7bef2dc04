"""A fixture outlet whose feed, news sitemap and front page all list the same
articles: the case where separate spiders fetched each article up to three
times a run."""

from __future__ import annotations

from newscrawl.demo.server import Page
from newscrawl.demo.site import article_page, load_articles, news_sitemap, rss_feed, section_front

XML = "application/xml; charset=utf-8"


def outlet_articles(count: int) -> list[dict]:
    """``count`` distinct recent articles, made from the demo site's dated ones."""
    templates = [a for a in load_articles() if "days_ago" in a]
    articles = []
    for i in range(count):
        article = dict(templates[i % len(templates)])
        section, _, tail = article["slug"].partition("/")
        article["slug"] = f"{section}/{i + 1:03d}-{tail.replace('/', '-')}"
        article["title"] = f"{article['title']} (Folge {i + 1})"
        articles.append(article)
    return articles


def outlet_routes(base: str, articles: list[dict]) -> dict[str, Page]:
    """Article pages plus ``/rss.xml``, ``/sitemaps/news.xml`` and ``/`` listing all of them."""
    routes = {f"/{a['slug']}": Page(article_page(a, base).encode()) for a in articles}
    routes["/"] = Page(section_front(articles, base).encode())
    routes["/rss.xml"] = Page(rss_feed(articles, base).encode(), content_type="application/rss+xml")
    routes["/sitemaps/news.xml"] = Page(news_sitemap(articles, base).encode(), content_type=XML)
    routes["/robots.txt"] = Page(b"User-agent: *\nDisallow: /intern/\n", content_type="text/plain")
    return routes


def outlet_source(base: str) -> dict:
    """The registry fields of the outlet: all three channels."""
    return {"feeds": [f"{base}/rss.xml"], "sitemaps": [f"{base}/sitemaps/news.xml"],
            "listing_pages": [f"{base}/"]}


def article_fetches(requests: list[str], articles: list[dict]) -> dict[str, int]:
    """How often the server was asked for each article page."""
    paths = {f"/{a['slug']}" for a in articles}
    counts: dict[str, int] = {}
    for path in requests:
        if path in paths:
            counts[path] = counts.get(path, 0) + 1
    return counts
