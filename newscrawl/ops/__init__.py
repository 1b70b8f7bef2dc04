"""Scheduled operation: what makes an unattended crawl safe to run from cron.

- :mod:`newscrawl.ops.lock` — one run per source at a time (fcntl lock files);
- :mod:`newscrawl.ops.logfile` — one log file per run, named for sorting and rotation;
- :mod:`newscrawl.ops.crawlstats` — reading Scrapy stats dicts (pure);
- :mod:`newscrawl.ops.monitors` — named health checks of a finished crawl (pure);
- :mod:`newscrawl.ops.runs` — the extension that records every run in ``runs``;
- :mod:`newscrawl.ops.checks` — health of the schedule from ``runs`` (``newscrawl runs --check``);
- :mod:`newscrawl.ops.progress` — the live progress line on a terminal;
- :mod:`newscrawl.ops.collector` — the garbage collector skips start-up's objects while spiders run;
- :mod:`newscrawl.ops.heap` — the crawl process hands freed heap memory back to the system;
- :mod:`newscrawl.ops.distributed` — scrapy-redis pieces for several processes.
"""
