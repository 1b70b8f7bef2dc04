"""Spiders: ``feeds`` (RSS/Atom), ``sitemap`` (incl. news sitemaps) and ``site``
(article links on listing pages). Each crawls one registry source:
``scrapy crawl feeds -a source=derstandard``."""
