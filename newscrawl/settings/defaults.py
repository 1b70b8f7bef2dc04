"""Defaults of every ``NEWSCRAWL_*`` setting, in one place.

Each component reads its own settings from ``crawler.settings``; the value here
is what it gets when neither ``settings/__init__.py``, a profile, the command
line (``-s NAME=value``) nor the environment says otherwise.
"""

#: MongoDB connection string. Empty: start (or reuse) the embedded nx-27017
#: server under NEWSCRAWL_DATA_DIR. The environment variable of the same name
#: overrides this setting.
NEWSCRAWL_MONGO_URI = ""
#: Database that holds the archive collections.
NEWSCRAWL_MONGO_DATABASE = "newscrawl"
#: Write concern for archive writes: "majority", "1", "0" or a number. A
#: replica set should keep "majority" so an acknowledged batch survives failover.
NEWSCRAWL_MONGO_WRITE_CONCERN = "majority"
#: How long pymongo waits for a server before a write counts as failed (ms).
NEWSCRAWL_MONGO_TIMEOUT_MS = 5000
#: Documents per unordered bulk write.
NEWSCRAWL_MONGO_BATCH_SIZE = 100
#: Seconds after which a partly filled batch is written anyway, so a slow crawl
#: does not hold fetched articles in memory for long.
NEWSCRAWL_MONGO_FLUSH_INTERVAL = 10.0
#: MongoDB refuses documents over 16 MiB and aborts the whole bulk for one of
#: them; documents above this size (bytes of BSON) are dropped and counted
#: before the bulk is sent.
NEWSCRAWL_MONGO_MAX_DOCUMENT_BYTES = 15 * 1024 * 1024

#: Where the embedded server keeps its SQLite files, pid file and log.
NEWSCRAWL_DATA_DIR = "var"
#: Port of the embedded server (127.0.0.1 only).
NEWSCRAWL_EMBEDDED_PORT = 27027

#: Extra source registry files (TOML), read after the bundled ones. A source
#: defined again replaces the bundled definition of the same name.
NEWSCRAWL_SOURCE_FILES: list[str] = []
#: Bundled example sources (``newscrawl/sources/builtin/``) that count as
#: configured: ``newscrawl crawl --all`` crawls, and ``newscrawl runs --check``
#: checks, every source of NEWSCRAWL_SOURCE_FILES plus these, e.g.
#: ``["derstandard", "tagesschau"]``. The bundled outlets are examples, off
#: unless named here; any source can still be crawled by naming it
#: (``newscrawl crawl derstandard``, ``scrapy crawl feeds -a source=derstandard``).
NEWSCRAWL_BUILTIN_SOURCES: list[str] = []
#: Only news-sitemap entries published (or modified) within this many days are
#: fetched, so a daily run does not walk years of archive. A source may set its
#: own ``sitemap_window_days``.
NEWSCRAWL_SITEMAP_WINDOW_DAYS = 3
#: Listing pages: how many links deep the ``site`` spider follows pagination.
NEWSCRAWL_LISTING_DEPTH = 1
#: Article links taken from one listing page at most, in page order; the link
#: elements after them are not read (counted as ``newscrawl/discovery/links_cut``).
#: A section front lists a few hundred; one listing 300,000 took the crawl
#: process to 1.38 GB. 0: no limit.
NEWSCRAWL_LISTING_MAX_LINKS = 1000
#: Distinct requests one run (one spider process) queues at most; further ones
#: are dropped and counted as ``newscrawl/queue/cut``. Each waits in memory in
#: the scheduler (a kilobyte or two): 50,000 keep the queue near 100 MB.
#: 0: no ceiling.
NEWSCRAWL_MAX_QUEUED_REQUESTS = 50_000

#: Articles whose main text is shorter than this are dropped as ``too_short``.
NEWSCRAWL_MIN_TEXT_CHARS = 250
#: Articles without a title are dropped as ``no_title`` when this is on.
NEWSCRAWL_REQUIRE_TITLE = True
#: A page that declares its article not free to read (schema.org
#: ``isAccessibleForFree: false``) and shows only a teaser is kept by default —
#: title, dates, authors, agencies, the teaser as ``text`` — flagged
#: ``access: "paywalled"`` and exempt from ``NEWSCRAWL_MIN_TEXT_CHARS``, so the
#: archive can say the article exists. True restores the drop as ``paywall_stub``
#: (teasers under 1,200 characters).
NEWSCRAWL_DROP_PAYWALLED = False
#: Strip the dateline marker ("WASHINGTON (Reuters) -") from the body. Off by
#: default: the body stays intact and the dateline span is recorded.
NEWSCRAWL_STRIP_DATELINE = False
#: Extra agency registry file (TOML) read after the bundled one.
NEWSCRAWL_AGENCY_REGISTRY = ""
#: Entries read from one feed at most; the rest are counted and ignored.
NEWSCRAWL_FEED_MAX_ENTRIES = 10000
#: Bytes of one feed or sitemap read at most (the sitemap protocol's limit,
#: uncompressed; article pages keep DOWNLOAD_MAXSIZE). A larger document is cut
#: here and its entries before the cut read (``newscrawl/discovery/cut``); a
#: compressed one over it is refused (``newscrawl/discovery/failed/too_large``).
#: Also the most a ``.xml.gz`` sitemap may decompress to.
NEWSCRAWL_DISCOVERY_MAXSIZE = 50 * 1024 * 1024
#: Port of the demo site of ``newscrawl demo`` on 127.0.0.1; fixed so that a
#: second demo run finds the same URLs (and so the same archive ids).
NEWSCRAWL_DEMO_PORT = 8765

# --- hardening and extraction pool (docs/hardening.md) ---
#: Worker processes that run extraction off Scrapy's reactor. None: one per
#: CPU core; 0: extract inline in the crawl process (blocks downloads while
#: a page is parsed; for debugging).
NEWSCRAWL_EXTRACT_WORKERS: int | None = None
#: Pages waiting for or inside the extraction pool at most; 0: twice the
#: number of workers. Bounds the memory a burst of fast downloads can take.
NEWSCRAWL_EXTRACT_MAX_PENDING = 0
#: Longest ``Retry-After`` (seconds) honoured on a 429/503: requests to that
#: host wait that long before the retry. A longer one means maintenance, not
#: rate limiting: the request is given up (counted) rather than holding the run.
NEWSCRAWL_RETRY_AFTER_MAX = 120.0
#: Statuses whose ``Retry-After`` is honoured (they must also be in RETRY_HTTP_CODES).
NEWSCRAWL_RETRY_AFTER_STATUSES = [429, 503]
#: Cookies one cookie domain may keep in the jar; more are not stored (counted
#: as ``newscrawl/cookies/cut``). A response setting 20,000 cookies made every
#: later request to its host fail with 431 (Request Header Fields Too Large).
#: Browsers keep about 180; a news site needs a session and a consent cookie.
#: 0: no limit.
NEWSCRAWL_COOKIES_MAX_PER_HOST = 50
#: Bytes of cookie names and values one cookie domain may keep in the jar:
#: common servers refuse request headers over 8 KiB (nginx, Apache). 0: no limit.
NEWSCRAWL_COOKIES_MAX_BYTES_PER_HOST = 4096
#: Seconds one page may take in an extraction worker (measured: 3.5 ms for a
#: 9 KB article, 1.7 s of CPU for a 5.8 MB one); a page that takes longer is
#: dropped as ``extract_timeout`` so it cannot hold a worker for the rest of the
#: run. 0: no limit.
NEWSCRAWL_EXTRACT_TIME_LIMIT = 60.0
#: MB of its own memory (USS: the pages it does not share with the fork server,
#: read from ``/proc/self/smaps_rollup`` after every page) an extraction worker
#: may hold before the pool replaces the workers with fresh forks of the warmed
#: fork server (a new worker costs milliseconds). Bounds a long crawl's memory:
#: a worker makes shared pages its own as it writes to them (reference counts,
#: caches) and keeps a heap of page trees, with hardly any RSS growth. Where
#: the system does not say what a process owns (not Linux), the limit applies
#: to the growth of the worker's peak RSS. 0: never replace. 30: a fresh fork
#: owns 10 MB after its first page and 25-30 MB after about 100; over 5,000 real
#: pages the workers were replaced 10 times (a new pair costs ~40 ms) and the
#: whole crawl's peak PSS was 444 MB, against 478 MB with 60 (never replaced)
#: at the same CPU a page (docs/throughput.md, "Recycling workers by their own memory").
NEWSCRAWL_EXTRACT_WORKER_MAX_PRIVATE_MB = 30.0
#: The crawl process hands the heap memory freed by pages back to the system
#: (glibc's ``malloc_trim``) after this many pages have left the pipelines
#: (stored or dropped): glibc keeps freed memory in per-thread arenas, and the
#: crawl process's RSS grew over a run while Python's own allocations stayed
#: flat (newscrawl/ops/heap.py). 0: never.
NEWSCRAWL_HEAP_TRIM_ITEMS = 100
#: Deprecated: read as ``NEWSCRAWL_EXTRACT_WORKER_MAX_PRIVATE_MB`` (with a
#: warning) when set. It limited a worker's RSS growth, which cannot see the
#: shared pages a fork makes its own.
NEWSCRAWL_EXTRACT_WORKER_MAX_GROWTH_MB: float | None = None

#: ``newscrawl export``: documents fetched from the archive per cursor batch.
#: Memory of an export is bounded by this batch and one Parquet row group.
NEWSCRAWL_EXPORT_BATCH_SIZE = 500
#: ``newscrawl export``: rows per Parquet row group (the one buffer an export
#: keeps; larger groups compress a little better and cost memory).
NEWSCRAWL_EXPORT_ROW_GROUP_SIZE = 1000
#: ``newscrawl report``: the plots over time cover the archive's whole span
#: (0), binned by day up to 92 days, by week up to two years, by month beyond;
#: N > 0 plots only the last N days (ending at the latest publication day).
NEWSCRAWL_REPORT_DAYS = 0

# --- Scheduled operation (newscrawl.ops): locks, logs, run records, monitors ---
#: Directory of the per-source lock files of ``newscrawl crawl``. Empty:
#: ``<NEWSCRAWL_DATA_DIR>/locks``.
NEWSCRAWL_LOCK_DIR = ""
#: Directory of the one-file-per-run logs of ``newscrawl crawl``
#: (``newscrawl-YYYYMMDD-HHMMSS-<sources>.log``). Empty:
#: ``<NEWSCRAWL_DATA_DIR>/log``; ``-``: no file, Scrapy logs to stderr.
#: ``LOG_FILE``, when set, wins.
NEWSCRAWL_LOG_DIR = ""
#: Live progress line on stderr: ``auto`` (when stderr is a terminal and the
#: log goes to a file), ``on`` or ``off``.
NEWSCRAWL_PROGRESS = "auto"
#: Seconds between redraws of the progress line.
NEWSCRAWL_PROGRESS_INTERVAL = 1.0
#: Record every finished crawl in the ``runs`` collection (and run the monitors).
NEWSCRAWL_RUN_RECORDS = True
#: Id shared by the run records of the crawlers of one ``newscrawl crawl``
#: invocation; set by the runner. Empty: each record is its own batch.
NEWSCRAWL_RUN_BATCH = ""
#: Run the health monitors when a crawl finishes; their problems make
#: ``newscrawl crawl`` exit non-zero.
NEWSCRAWL_MONITOR_ENABLED = True
#: Finish reasons of a healthy run (Scrapy: finished, shutdown,
#: closespider_timeout, closespider_errorcount, ...).
NEWSCRAWL_MONITOR_FINISH_REASONS = ["finished"]
#: Highest healthy share of fetches that failed for good (by their final
#: outcome: too large, a bomb, data loss, a timeout, one of
#: NEWSCRAWL_MONITOR_ERROR_STATUSES after the retries) among all fetches;
#: robots-forbidden URLs and a 429 answered after Retry-After are no errors.
NEWSCRAWL_MONITOR_MAX_ERROR_RATE = 0.10
#: Final response statuses that count as failed fetches ("5xx" means 500-599;
#: 431: request headers too large, e.g. a cookie flood); 404/410 are ordinary
#: on news sites (withdrawn articles) and are left out.
NEWSCRAWL_MONITOR_ERROR_STATUSES = ["403", "429", "431", "5xx"]
#: Earlier healthy runs of the same source and spider read as history: the
#: channels monitor calls a feed or sitemap empty when the newest of them
#: that read it listed entries. (The name is older than its use: no longer
#: a zero-article rule; a quiet run with nothing new is healthy.)
NEWSCRAWL_MONITOR_ZERO_ARTICLES_LOOKBACK = 5
#: Highest healthy share of stored articles without a publication date.
NEWSCRAWL_MONITOR_MAX_UNDATED_SHARE = 0.5
#: Highest healthy share of article pages dropped for lack of text.
NEWSCRAWL_MONITOR_MAX_TEXTLESS_SHARE = 0.5
#: The share monitors judge a run only from this many article pages on.
NEWSCRAWL_MONITOR_MIN_PAGES = 10
#: Most exceptions spider callbacks may raise in a healthy run.
NEWSCRAWL_MONITOR_MAX_SPIDER_EXCEPTIONS = 0

# --- Archive (newscrawl.store, docs/archive.md): raw pages, spool, incremental, clusters ---
#: Keep the raw response body of every article version (zstd) in ``pages``,
#: so ``newscrawl reextract`` can rebuild the archive without the network.
NEWSCRAWL_ARCHIVE_PAGES = True
#: Compressed bodies up to this size (bytes) sit inside their ``pages``
#: document; larger ones go to the GridFS bucket ``page_bodies``.
NEWSCRAWL_PAGES_INLINE_MAX_BYTES = 4 * 1024 * 1024
#: Compressed bodies over this size are not kept (counted as
#: ``newscrawl/store/pages_refused/too_large``); the article still is.
NEWSCRAWL_PAGES_MAX_BYTES = 64 * 1024 * 1024
#: zstd level of raw pages. bench/archive.py on the demo template (5 KiB
#: pages): level 3 packs 2.5:1 at 0.11 ms a page, 10 and 19 only 2.6:1 at 3x
#: and 20x the time.
NEWSCRAWL_PAGES_ZSTD_LEVEL = 3
#: Where captures the database did not take are spooled (JSON Lines) until
#: ``newscrawl replay``. Empty: ``<NEWSCRAWL_DATA_DIR>/spool``.
NEWSCRAWL_SPOOL_DIR = ""
#: Skip article URLs already archived (one batched lookup per discovery
#: page); a source's ``recheck_days`` says when they are fetched again.
NEWSCRAWL_INCREMENTAL = True
#: Re-checks (of archived articles and of dropped pages) send If-None-Match /
#: If-Modified-Since from the stored validators; a 304 is recorded as a
#: sighting without a download.
NEWSCRAWL_CONDITIONAL_REQUESTS = True
#: Article requests looked up per query (a 10,000-entry sitemap: 10 queries).
NEWSCRAWL_INCREMENTAL_LOOKUP_BATCH = 1000
#: Days after which a page the pipelines dropped as no article (section front,
#: video page, paywall stub, too short...; ``dropped_pages``) is fetched again;
#: until then incremental crawls skip it. Not the source's ``recheck_days``
#: (absent: never), because these reasons describe the page *now*: a breaking-
#: news stub grows past ``too_short`` within hours, a paywall opens, better
#: extraction code recognises a page it took for a listing, and a feed lists a
#: URL for only a day or two, so a page left for a week may never be seen
#: again. One re-check a day keeps that chance and cuts an hourly schedule's
#: refetches of such a page from 24 a day to one. 0: fetched on every run
#: (no skipping); empty: never again.
NEWSCRAWL_INCREMENTAL_RECHECK_DROPPED_DAYS: float | None = 1.0
#: A batch is written once the raw bodies it holds reach this many bytes,
#: whatever its length: 100 pages of 10 MiB must not sit in memory. 0: no limit.
#: 8 MiB (was 32): a batch of 100 real pages held 14 MB of bodies on average,
#: and the next batch fills while one is written; with 8 MiB the crawl process
#: was 122 against 153 MB PSS at the whole crawl's peak over 5,000 real pages,
#: for 101 batches instead of 66 at the same archive CPU a page
#: (docs/throughput.md, "The crawl process over a long feed").
NEWSCRAWL_STORE_BATCH_BODY_BYTES = 8 * 1024 * 1024
#: Near-duplicate clusters (MinHash/LSH over word shingles, persisted in
#: MongoDB): syndicated copies of one wire story share a ``cluster_id``.
NEWSCRAWL_DEDUPE = True
#: Estimated Jaccard similarity of word shingles from which two texts are one
#: story. 0.7 joins wire copies with an edited paragraph or two, not follow-ups.
NEWSCRAWL_DEDUPE_THRESHOLD = 0.7
#: MinHash permutations (more: better estimates, bigger signatures).
NEWSCRAWL_DEDUPE_NUM_PERM = 128
#: Words per shingle.
NEWSCRAWL_DEDUPE_SHINGLE_WORDS = 5
# Cluster lookups are made once per store batch (NEWSCRAWL_MONGO_BATCH_SIZE
# articles) in the store's writer thread; the former NEWSCRAWL_DEDUPE_BATCH_SIZE
# and NEWSCRAWL_DEDUPE_BATCH_WAIT are gone (newscrawl/pipelines/dedupe.py).

# --- Distributed crawls (newscrawl.settings.distributed, scrapy-redis) ---
#: Id shared by all processes of one distributed run; their Redis queue and
#: dupefilter are keyed by it. The environment variable of the same name wins.
#: Empty: the UTC hour (YYYYMMDDHH), which processes started by one hourly
#: timer share.
NEWSCRAWL_DISTRIBUTED_RUN = ""
#: Seconds an idle process stays open for requests other processes may still
#: push to the shared queue.
NEWSCRAWL_DISTRIBUTED_IDLE_SECONDS = 30.0
#: Seconds a run's Redis queue and dupefilter live after a process closes.
NEWSCRAWL_DISTRIBUTED_KEY_TTL = 2 * 24 * 3600

# --- WARC in and out, CC-NEWS backfill (docs/warc.md, newscrawl.warc) ---
#: Largest decoded HTTP body an imported WARC record may have (after undoing
#: chunking and gzip/deflate/br); larger ones are counted as ``too_large``, as
#: Scrapy's DOWNLOAD_MAXSIZE drops them in a crawl (a decompression bomb in
#: someone else's archive must not take the importer's memory).
NEWSCRAWL_WARC_MAX_BODY_BYTES = 16 * 1024 * 1024
#: Largest WARC record block read into memory; larger records are skipped (counted).
NEWSCRAWL_WARC_MAX_RECORD_BYTES = 64 * 1024 * 1024
#: Registry source that pages of unknown domains are imported under ("" : such
#: pages are skipped and counted as ``unknown_domain``).
NEWSCRAWL_WARC_CATCH_ALL_SOURCE = ""
#: Where WARC files given as URLs and CC-NEWS files are downloaded before they
#: are imported; empty: ``<NEWSCRAWL_DATA_DIR>/warc-downloads``.
NEWSCRAWL_WARC_DOWNLOAD_DIR = ""
#: Base URL of Common Crawl's data (``crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz``
#: lies under it).
NEWSCRAWL_CCNEWS_BASE_URL = "https://data.commoncrawl.org"
#: CC-NEWS files on disk at once: 1 downloads, imports and deletes one file
#: after the other; more lets downloads run ahead of the import (each file is
#: about 1 GB).
NEWSCRAWL_CCNEWS_FILES_ON_DISK = 1
#: Keep CC-NEWS files after their import (they are deleted by default).
NEWSCRAWL_CCNEWS_KEEP_FILES = False
#: Seconds a download waits for the server before it fails (and is retried).
NEWSCRAWL_WARC_DOWNLOAD_TIMEOUT = 60.0
#: Attempts per file download; each resumes where the last one stopped.
NEWSCRAWL_WARC_DOWNLOAD_ATTEMPTS = 5
#: Directory for WARC files of every page a crawl fetches (the downloader
#: middleware newscrawl.warc.middleware.WarcArchiveMiddleware); empty: off.
NEWSCRAWL_WARC_DIR = ""
#: A crawl's WARC file is closed and a new one started past this size (0: one
#: file per crawl).
NEWSCRAWL_WARC_ROTATE_BYTES = 1024 * 1024 * 1024
