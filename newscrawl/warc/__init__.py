"""WARC in and out (docs/warc.md).

- :mod:`newscrawl.warc.read` and :mod:`newscrawl.warc.http`: records and the
  HTTP responses in them (FastWARC), damaged data counted and skipped;
- :mod:`newscrawl.warc.importer`: ``newscrawl import-warc`` through the crawl's stages;
- :mod:`newscrawl.warc.download` and :mod:`newscrawl.warc.ccnews`: the CC-NEWS backfill;
- :mod:`newscrawl.warc.write` and :mod:`newscrawl.warc.cdxj`: WARC/1.1 out, with a CDXJ index;
- :mod:`newscrawl.warc.middleware`: every page a crawl fetches to rotating WARC files.

No Scrapy imports except in the middleware.
"""
