"""Settings profile for distributed crawls: several crawler processes, on one
machine or many, share one Redis-backed request queue and dupefilter
(scrapy-redis), so each URL of a run is fetched once by whichever process
pops it.

Use it by naming it as the settings module, with the Redis URL in the
environment::

    export SCRAPY_SETTINGS_MODULE=newscrawl.settings.distributed
    export NEWSCRAWL_REDIS_URL=redis://redis.internal:6379/0
    export NEWSCRAWL_MONGO_URI='mongodb://db1,db2,db3/?replicaSet=rs0'
    newscrawl crawl --all          # on every machine, from the same timer

Needs the ``distributed`` extra (``pip install 'newscrawl[distributed]'``).
Keys, run ids and the idle grace are explained in :mod:`newscrawl.ops.distributed`;
scaling the archive with it in ``docs/operations.md``.
"""

import os

from newscrawl.settings import *
from newscrawl.settings import EXTENSIONS as _SINGLE_PROCESS_EXTENSIONS

SCHEDULER = "newscrawl.ops.distributed.SharedScheduler"
DUPEFILTER_CLASS = "scrapy_redis.dupefilter.RFPDupeFilter"
SCHEDULER_QUEUE_CLASS = "scrapy_redis.queue.PriorityQueue"
# The first process to finish must not flush the queue the others still work
# on; the keys are per run and expire instead (NEWSCRAWL_DISTRIBUTED_KEY_TTL).
SCHEDULER_PERSIST = True
SCHEDULER_FLUSH_ON_START = False
# Pop without blocking: the reactor thread must not wait on Redis.
SCHEDULER_IDLE_BEFORE_CLOSE = 0

REDIS_URL = os.environ.get("NEWSCRAWL_REDIS_URL") or "redis://127.0.0.1:6379/0"

EXTENSIONS = {
    **_SINGLE_PROCESS_EXTENSIONS,
    "newscrawl.ops.distributed.SharedQueueGrace": 520,
}
