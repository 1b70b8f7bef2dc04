"""``scrapy crawl``, checking ``-a source=NAME`` before the crawl starts.

Scrapy reports an exception raised while a spider is created as an asyncio
"Task exception was never retrieved" with a traceback (and exit status 1).
A missing or unknown source is a typo, not a crash: this command looks the
source up first and reports it the way Scrapy reports its own usage errors
(``scrapy crawl: error: unknown source 'nosuch'; known sources: ...``, exit
status 2). Everything else is Scrapy's ``crawl``.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newscrawl.sources import SourceError


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1:
            self.check_source(args[0], opts.spargs)
        super().run(args, opts)

    def check_source(self, spider_name: str, spider_args: dict) -> None:
        from newscrawl.spiders.base import NewsSpider

        assert self.crawler_process is not None
        try:
            spidercls = self.crawler_process.spider_loader.load(spider_name)
        except KeyError:
            return  # Scrapy says "Spider not found" itself
        if not issubclass(spidercls, NewsSpider):
            return
        try:
            spidercls.registry_source(self.settings, spider_args.get("source"))
        except SourceError as exc:
            raise UsageError(str(exc), print_help=False) from None
