"""Downloader middlewares of newscrawl: small fixes to Scrapy's behaviour for
unattended crawls, one concern per module (see docs/hardening.md)."""
