"""newscrawl: a Scrapy crawler and MongoDB archive for wire-service news."""

__version__ = "0.1.0"
