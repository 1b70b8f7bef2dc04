"""The archive in MongoDB: plain pymongo, no Scrapy, so crawls, commands and
researchers' scripts read and write it the same way (see docs/archive.md).

- :mod:`~newscrawl.store.mongo`: URI resolution, client options, collections, indexes
- :mod:`~newscrawl.store.embedded`: the embedded nx-27017 server
- :mod:`~newscrawl.store.captures`: one fetch (or re-extraction) of an article
- :mod:`~newscrawl.store.versions`: what a capture does to the stored article
- :mod:`~newscrawl.store.dropped`: pages dropped as no article, recorded for incremental crawls
- :mod:`~newscrawl.store.writer`: :class:`ArchiveWriter`, batched idempotent writes
- :mod:`~newscrawl.store.pages`: raw response bodies (zstd, GridFS for large ones)
- :mod:`~newscrawl.store.spool`: captures the database did not take, and their replay
- :mod:`~newscrawl.store.clusters`: near-duplicate clusters (MinHash/LSH)
"""
