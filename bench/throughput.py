"""End-to-end crawl throughput next to plain trafilatura, measured in one run.

    python bench/throughput.py --pages 5000

1. Builds a local news site of N article pages. By default the pages are real
   news pages: the 990 pages of the extraction benchmark
   (``../shared/eval/trafilatura-bench/html`` beside the clone, or ``--real-pages DIR``),
   cycled under distinct URLs, so the crawl sees the markup weight of real
   sites (median ~90 KB, up to 1.6 MB) rather than a 9 KB template; a cycled
   page is a verbatim copy, i.e. a syndicated copy for the near-duplicate
   stage, as on real wire-news sites. Without that directory (or with
   ``--generated``) it generates pages from the demo template padded with
   realistic boilerplate (navigation, teasers, inline scripts and styles) to
   real-page size. Every page is listed in the site's RSS feed and in its
   news sitemap.
2. Crawls them (``scrapy crawl feeds``, a subprocess, AutoThrottle off as in
   the demo: the server is local) into the embedded archive started in a
   temporary data dir on a free port, sampling the resident memory of the
   crawl process tree (crawl process + extraction workers) as pages are served.
3. Crawls the first ``--news-please-pages`` of the same pages with news-please's
   own crawler (news-please 1.6.16 in a virtualenv the bench makes with pip;
   its pins conflict with ours), served a second time on 127.0.0.1:80 (news-please
   takes a URL with a port for offsite; binding port 80 needs root), every
   process of it under the project's network guard (``tests/netguard.py``):
   its newspaper extractor fetches the images an article names from their
   hosts; the guard refuses each such lookup and connection, and the report
   counts them. ``--no-news-please`` skips it.
4. Runs plain ``trafilatura.extract`` on exactly the same page bodies: on one
   core, and on all cores with ``multiprocessing``.

Prints the page-size distribution, pages/s, CPU seconds per page and peak
memory of each, the ratio of the end-to-end rate to the all-cores plain rate,
and the growth of the crawl's memory between 1,000 pages and the last page.
Memory is sampled from ``/proc`` every 0.25 s: per process RSS, PSS and USS,
summed over the crawl's process tree (see ``pss_uss_mb``: summed PSS is the
figure). Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchdata import TRAFILATURA_BENCH

from newscrawl.demo.server import Page, SiteServer
from newscrawl.demo.site import article_page, load_articles
from newscrawl.store.embedded import EmbeddedServer
from newscrawl.store.mongo import connect

REAL_PAGES = TRAFILATURA_BENCH / "html"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


# --- the site ------------------------------------------------------------------------


def vocabulary(templates: list[dict]) -> dict[str, list[str]]:
    """Words of the demo articles, by language."""
    words: dict[str, list[str]] = {}
    for template in templates:
        words.setdefault(template["language"], []).extend(
            w for w in re.findall(r"[^\W\d_]{3,}", template["body"]))
    return words


def varied_body(template: dict, words: list[str], rng: random.Random) -> str:
    """A new article body: the template's first and last paragraph (dateline and
    credit line) around paragraphs of random sentences, so that no two pages are
    near-duplicates (the dedupe stage would cluster reshuffled copies)."""
    paragraphs = template["body"].strip().split("\n\n")
    middle = []
    for _ in range(rng.randint(6, 14)):
        sentences = []
        for _ in range(rng.randint(3, 6)):
            sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 20)))
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
        middle.append(" ".join(sentences))
    return "\n\n".join([paragraphs[0], *middle, paragraphs[-1]])


def boilerplate(rng: random.Random, words: list[str], kilobytes: int) -> tuple[str, str]:
    """Head and page chrome of about ``kilobytes`` KB, the share of a real news
    page that is not the article: inline scripts and styles, navigation,
    teaser lists. Returns (inside <head>, after the article)."""
    def phrase(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n))

    script = "<script>window.__state=" + json.dumps(
        {f"k{i}": phrase(12) for i in range(60)}) + ";</script>"
    style = "<style>" + "".join(f".c{i}{{margin:{i}px;color:#{i:03x}}}" for i in range(300)) + "</style>"
    head = [script, style]
    chrome: list[str] = []
    while sum(map(len, head + chrome)) < kilobytes * 1024:
        chrome.append("<nav><ul>" + "".join(
            f'<li><a href="/section/{rng.randrange(10**6)}">{phrase(3)}</a></li>'
            for _ in range(25)) + "</ul></nav>")
        chrome.append('<aside class="teaser">' + "".join(
            f'<div class="teaser-item"><a href="/t/{rng.randrange(10**6)}"><img src="/i.jpg">'
            f"<h3>{phrase(8)}</h3><p>{phrase(25)}</p></a></div>" for _ in range(8)) + "</aside>")
    return "".join(head), "".join(chrome)


def make_generated_pages(count: int, seed: int = 7) -> list[bytes]:
    """``count`` demo-template pages (random text, so no two are
    near-duplicates) padded with 40–250 KB of boilerplate."""
    rng = random.Random(seed)
    templates = load_articles()
    words = vocabulary(templates)
    pages = []
    for n in range(count):
        template = templates[n % len(templates)]
        section = template["slug"].split("/", 1)[0]
        article = {**template, "slug": f"{section}/bench-{n}",
                   "title": f"{template['title']} ({n})",
                   "body": varied_body(template, words[template["language"]], rng),
                   "subheadings": []}
        article.pop("body_file", None)
        html = article_page(article, "http://127.0.0.1")
        head, chrome = boilerplate(rng, words[template["language"]], rng.randint(40, 250))
        html = html.replace("</head>", head + "</head>", 1).replace("</body>", chrome + "</body>", 1)
        pages.append(html.encode())
    return pages


def load_real_pages(directory: Path) -> list[bytes]:
    """The raw bytes of the benchmark's real pages, in a fixed order."""
    return [gzip.decompress(path.read_bytes()) for path in sorted(directory.glob("*.html.gz"))]


def site_pages(bodies: list[bytes], count: int) -> dict[str, bytes]:
    """``count`` URLs (path -> body) cycling through ``bodies``."""
    return {f"/news/{n // 1000}/article-{n}.html": bodies[n % len(bodies)] for n in range(count)}


def feed(base: str, paths: list[str], published: str) -> bytes:
    items = "".join(f"<item><title>t</title><link>{base}{p}</link><pubDate>{published}</pubDate></item>"
                    for p in paths)
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()


def news_sitemap(base: str, paths: list[str], published: str) -> bytes:
    urls = "".join(f"<url><loc>{base}{p}</loc><news:news><news:publication_date>{published}"
                   "</news:publication_date><news:title>t</news:title></news:news></url>"
                   for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
            'sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"{urls}</urlset>").encode()


def size_distribution(bodies: list[bytes]) -> str:
    sizes = sorted(len(b) / 1024 for b in bodies)
    def q(f: float) -> float:
        return sizes[min(len(sizes) - 1, int(f * len(sizes)))]
    return (f"page sizes (KB): min {sizes[0]:.0f}, p10 {q(0.1):.0f}, median {statistics.median(sizes):.0f}, "
            f"mean {statistics.fmean(sizes):.0f}, p90 {q(0.9):.0f}, max {sizes[-1]:.0f}")


# --- measuring a process tree -----------------------------------------------------------


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return found


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``: the extraction workers are children of the crawl
    process (spawn) or of its fork server (forkserver)."""
    found, todo = [], [pid]
    while todo:
        below = children(todo.pop())
        found.extend(below)
        todo.extend(below)
    return found


def pss_uss_mb(pid: int) -> tuple[float, float]:
    """Proportional and unique set size. PSS: each resident page divided by the number
    of processes that map it; summed over a process tree it counts a page shared
    copy-on-write after fork (or a shared library) once, where summed RSS counts it once
    per process: it is what the tree costs the machine. USS: the pages only this process
    maps (what ending it would free); summed USS leaves the shared pages out altogether."""
    found = {"Pss:": 0, "Private_Clean:": 0, "Private_Dirty:": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                key = line.split(None, 1)[0]
                if key in found:
                    found[key] = int(line.split()[1])
    except OSError:
        pass
    return found["Pss:"] / 1024, (found["Private_Clean:"] + found["Private_Dirty:"]) / 1024


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE_SIZE / 2**20
    except OSError:
        return 0.0


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


@dataclass
class Sample:
    served: int
    main_mb: float
    tree_mb: float
    main_cpu_s: float
    tree_pss_mb: float = 0.0
    largest_child_mb: float = 0.0
    tree_uss_mb: float = 0.0
    #: (role, RSS, PSS, USS) of each process of the tree, MB
    processes: list[tuple[str, float, float, float]] = field(default_factory=list)


@dataclass
class CrawlFigures:
    pages: int
    stored: int
    wall_s: float
    steady_s: float
    cpu_s: float
    main_cpu_s: float
    archive_cpu_s: float
    harness_cpu_s: float
    peak_main_mb: float
    peak_worker_mb: float
    rss_at_1000_mb: float | None = None
    rss_at_end_mb: float | None = None
    peak_tree_rss_mb: float = 0.0
    peak_tree_pss_mb: float = 0.0
    peak_tree_uss_mb: float = 0.0
    pss_at_1000_mb: float | None = None
    pss_at_end_mb: float | None = None
    #: CPU of the crawl process until the site served its first article pages:
    #: start-up (imports, settings, the extraction pool) and reading the feed
    startup_cpu_s: float = 0.0
    samples: list[Sample] = field(default_factory=list)
    dedupe: dict[str, int] = field(default_factory=dict)
    #: the extraction pool's recycling: times the workers were replaced (and why),
    #: the largest own memory (USS) a worker reported
    recycling: dict[str, int] = field(default_factory=dict)


def sample_tree(pid: int, server: SiteServer, samples: list[Sample], done: threading.Event,
                tree_cpu: dict[int, float]) -> None:
    """Every 0.25 s (PSS and USS every second): memory of the crawl's process tree, and the
    CPU time of each of its
    processes so far (``tree_cpu``; the workers are grandchildren under a fork server,
    whose CPU the crawl process's rusage does not include)."""
    tick, shares, roles = 0, [], []
    while not done.wait(0.25):
        tick += 1
        workers = descendants(pid)
        main = rss_mb(pid)
        try:
            main_cpu = cpu_seconds(pid)
        except OSError:  # the crawl has just ended
            return
        for worker in workers:
            try:
                tree_cpu[worker] = cpu_seconds(worker)
            except OSError:
                continue
        below = [rss_mb(w) for w in workers]
        if tick % 4 == 1 or len(shares) != 1 + len(workers):
            # PSS and USS once a second: for smaps_rollup the kernel walks every page
            # table of the process
            shares = [pss_uss_mb(p) for p in [pid, *workers]]
            roles = [role(p, pid) for p in [pid, *workers]]
        samples.append(Sample(len(server.requests), main, main + sum(below), main_cpu,
                              sum(p for p, _ in shares), max(below, default=0.0),
                              sum(u for _, u in shares),
                              [(name, rss, pss, uss) for name, rss, (pss, uss)
                               in zip(roles, [main, *below], shares, strict=True)]))


def role(pid: int, top: int) -> str:
    """What process ``pid`` of the tree under ``top`` is: a fork server's workers
    have its command line, so its child is a worker."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            command = fh.read().replace(b"\0", b" ").decode(errors="replace")
        with open(f"/proc/{pid}/stat") as fh:
            parent = int(fh.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return "?"
    if pid == top:
        return "main"
    if "resource_tracker" in command:
        return "resource tracker"
    if "forkserver" in command and parent == top:
        return "fork server"
    return "worker"


def run_sampled(command: list[str], server: SiteServer, **popen: Any) -> tuple[
        float, int, Any, list[Sample], dict[int, float]]:
    """Run ``command`` to its end while ``sample_tree`` samples its process tree:
    (wall seconds, wait status, rusage, samples, last CPU seconds of each descendant)."""
    samples: list[Sample] = []
    tree_cpu: dict[int, float] = {}
    done = threading.Event()
    started = time.monotonic()
    process = subprocess.Popen(command, **popen)
    sampler = threading.Thread(target=sample_tree, args=(process.pid, server, samples, done, tree_cpu))
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, status, usage, samples, tree_cpu


# --- the crawl ---------------------------------------------------------------------------


def crawl(pages: dict[str, bytes], overrides: list[str], tmp: Path) -> CrawlFigures:
    with SiteServer() as server:
        base = server.base_url
        serve_site(server, pages)
        source = tmp / "bench.toml"
        source.write_text(f'[bench]\nfeeds = ["{base}/feed.xml"]\nlanguage = "de"\n'
                          'timezone = "Europe/Vienna"\n')
        with socket_free_port() as port:
            archive = EmbeddedServer(tmp / "archive", port)
        uri = archive.start()
        archive_pid = archive.status().pid
        archive_cpu_before = cpu_seconds(archive_pid)
        command = [sys.executable, "-m", "scrapy", "crawl", "feeds", "-a", "source=bench",
                   "-s", f"NEWSCRAWL_SOURCE_FILES={source}", "-s", "AUTOTHROTTLE_ENABLED=False",
                   "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
                   "-s", f"NEWSCRAWL_DATA_DIR={tmp / 'var'}", "-s", "LOG_LEVEL=INFO"]
        for override in overrides:
            command += ["-s", override]
        env = {**os.environ, "NEWSCRAWL_MONGO_URI": uri}
        log = (tmp / "crawl.log").open("w")
        harness_cpu_before = time.process_time()
        run = run_sampled(command, server, cwd=ROOT, env=env, stdout=log, stderr=log)
        wall, status, usage, samples, tree_cpu = run
        # this process during the crawl: the HTTP server's threads and the RSS sampler
        harness_cpu = time.process_time() - harness_cpu_before
        returncode = os.waitstatus_to_exitcode(status)
        archive_cpu = cpu_seconds(archive_pid) - archive_cpu_before
        first_article = next((i for i, s in enumerate(samples) if s.served > 3), 0)
        steady = wall - first_article * 0.25
        client = connect(uri)
        stored = client["newscrawl"].articles.count_documents({})
        client.close()
        archive.stop()
    text = (tmp / "crawl.log").read_text()
    if returncode != 0:
        raise SystemExit(f"the crawl failed (exit {returncode}):\n{text[-3000:]}")
    figures = CrawlFigures(
        pages=len(pages), stored=stored, wall_s=wall, steady_s=steady,
        # the crawl process and the children it waited for, or (workers under a fork
        # server) its own CPU plus each descendant's last sample, whichever is larger
        cpu_s=max(usage.ru_utime + usage.ru_stime,
                  (samples[-1].main_cpu_s if samples else 0.0) + sum(tree_cpu.values())),
        archive_cpu_s=archive_cpu, harness_cpu_s=harness_cpu,
        main_cpu_s=samples[-1].main_cpu_s if samples else 0.0,
        # sampled, not Scrapy's memusage/max nor the workers' ru_maxrss: Linux carries a
        # process's peak into the program it execs, so the crawl process started from
        # this one (which holds every page) and the fork server started from it would
        # report at least this process's size
        peak_main_mb=max((s.main_mb for s in samples), default=0.0),
        peak_worker_mb=max((s.largest_child_mb for s in samples), default=0.0),
        startup_cpu_s=samples[first_article].main_cpu_s if samples else 0.0,
        dedupe={key: _stat(text, f"newscrawl/dedupe/{key}")
                for key in ("new_cluster", "joined", "batches", "signed_here")},
        recycling={key: _stat(text, f"newscrawl/extract/{key}")
                   for key in ("workers_recycled", "workers_recycled/private_memory",
                               "workers_recycled/rss_growth", "worker_peak_private_mb")}
        | {key: _stat(text, f"newscrawl/memory/{key}") for key in ("heap_trims", "heap_trim_ms")},
        samples=samples)
    figures.peak_tree_rss_mb = max((s.tree_mb for s in samples), default=0.0)
    figures.peak_tree_pss_mb = max((s.tree_pss_mb for s in samples), default=0.0)
    figures.peak_tree_uss_mb = max((s.tree_uss_mb for s in samples), default=0.0)
    at_1000 = next((s for s in samples if s.served >= 1000), None)
    if at_1000 is not None and len(pages) > 1000:
        figures.rss_at_1000_mb = at_1000.tree_mb
        figures.rss_at_end_mb = max(s.tree_mb for s in samples if s.served >= len(pages))
        figures.pss_at_1000_mb = at_1000.tree_pss_mb
        figures.pss_at_end_mb = max(s.tree_pss_mb for s in samples if s.served >= len(pages))
    return figures


class socket_free_port:
    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        return self.sock.getsockname()[1]

    def __exit__(self, *exc) -> None:
        self.sock.close()


def _stat(log: str, key: str) -> int:
    found = re.search(rf"'{re.escape(key)}': (\d+)", log)
    return int(found.group(1)) if found else 0


def serve_site(server: SiteServer, pages: dict[str, bytes], base: str | None = None) -> None:
    """The bench site: the pages, their RSS feed and news sitemap, robots.txt, a
    front page. ``base``: the site's URL in the feed and sitemap (default the
    server's own)."""
    base = base or server.base_url
    server.routes.update({path: Page(body) for path, body in pages.items()})
    now = time.gmtime()
    server.routes["/feed.xml"] = Page(feed(base, list(pages), time.strftime("%a, %d %b %Y %H:%M:%S +0000", now)),
                                      content_type="application/rss+xml")
    server.routes["/news-sitemap.xml"] = Page(
        news_sitemap(base, list(pages), time.strftime("%Y-%m-%dT%H:%M:%SZ", now)),
        content_type="application/xml")
    server.routes["/robots.txt"] = Page(
        f"User-agent: *\nAllow: /\nSitemap: {base}/news-sitemap.xml\n".encode(),
        content_type="text/plain")
    # the front page (news-please probes the site root before it reads robots.txt)
    server.routes["/"] = Page(
        f'<html><head><link rel="alternate" type="application/rss+xml" href="{base}/feed.xml">'
        "</head><body><h1>News</h1></body></html>".encode())


# --- news-please ------------------------------------------------------------------------

NEWS_PLEASE = "news-please==1.6.16"
#: news-please's crawler takes a URL with a port for another site (offsite), so it
#: crawls the bench site only on the default port: the bench serves it a second
#: time on 127.0.0.1:80 (needs root or CAP_NET_BIND_SERVICE).
NEWS_PLEASE_PORT = 80
#: The project's network guard (tests/netguard.py): on PYTHONPATH with its log
#: variable set, Python loads it at start-up of every news-please process.
NETGUARD_SITE = ROOT / "tests" / "netguard_site"


@dataclass
class PeerFigures:
    pages: int
    extracted: int
    wall_s: float
    cpu_s: float
    peak_tree_pss_mb: float
    peak_tree_rss_mb: float
    blocked: list[str] = field(default_factory=list)


def ensure_news_please(venv: Path) -> Path:
    """news-please in its own virtualenv (it pins Scrapy, lxml and newspaper versions
    that conflict with ours), made once with pip and reused."""
    program = venv / "bin" / "news-please"
    if not program.exists():
        print(f"installing {NEWS_PLEASE} into {venv} (once)")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", NEWS_PLEASE], check=True)
    return program


def news_please_config(venv: Path, base: str, work: Path) -> Path:
    """A config directory for news-please's own crawler on the bench site: its
    SitemapCrawler from robots.txt's sitemap (every listed page is an article), its
    default extractors (newspaper, readability, date, language) and JSON file storage,
    16 requests at a time to the site as ours."""
    package = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import newsplease, os; print(os.path.dirname(newsplease.__file__))"],
        check=True, capture_output=True, text=True).stdout.strip()
    config = (Path(package) / "config" / "config.cfg").read_text()
    config = re.sub(r"(?m)^working_path = .*$", f"working_path = {work}/", config)
    config = re.sub(r"(?m)^LOG_LEVEL = .*$", "LOG_LEVEL = WARNING", config)
    config = re.sub(r"(?m)^CONCURRENT_REQUESTS_PER_DOMAIN=.*$", "CONCURRENT_REQUESTS_PER_DOMAIN=16", config)
    config = re.sub(r"(?ms)^ITEM_PIPELINES = \{.*?\}$",
                    "ITEM_PIPELINES = {'newsplease.pipeline.pipelines.ArticleMasterExtractor':100,\n"
                    "                  'newsplease.pipeline.pipelines.JsonFileStorage':300}", config)
    directory = work / "config"
    directory.mkdir(parents=True)
    (directory / "config.cfg").write_text(config)
    site = {"url": f"{base}/", "crawler": "SitemapCrawler",
            "overwrite_heuristics": {"crawler_contains_only_article_alikes": True, "og_type": False,
                                     "linked_headlines": False, "self_linked_headlines": False},
            "pass_heuristics_condition": "crawler_contains_only_article_alikes"}
    (directory / "sitelist.hjson").write_text(json.dumps({"base_urls": [site]}))
    return directory


def blocked_attempts(log: Path) -> list[str]:
    """What the network guard refused news-please (one ``pid N: what`` line each)."""
    if not log.exists():
        return []
    return [line.split(": ", 1)[1] for line in log.read_text().splitlines()
            if line.startswith("pid ") and ": " in line]


def run_news_please(pages: dict[str, bytes], venv: Path, tmp: Path) -> PeerFigures:
    """news-please's own crawler on the same pages, served on 127.0.0.1:80, its process
    tree sampled as ours. Every process of it runs under the project's network guard:
    a DNS lookup or a connection beyond 127.0.0.1 (newspaper fetches the images an
    article names from their hosts) is refused and logged, and counted in the report."""
    program = ensure_news_please(venv)
    guard_log = tmp / "news-please-netguard.log"
    env = {**os.environ, "NEWSCRAWL_TEST_NETGUARD_LOG": str(guard_log),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(NETGUARD_SITE), os.environ.get("PYTHONPATH")]))}
    try:
        server = SiteServer(port=NEWS_PLEASE_PORT)
    except OSError as exc:
        raise SystemExit(f"news-please needs the bench site on 127.0.0.1:{NEWS_PLEASE_PORT} "
                         f"(it treats a URL with a port as offsite): {exc}; "
                         "run as root or pass --no-news-please") from None
    with server:
        base = "http://127.0.0.1"  # no ":80": news-please compares hosts with the port
        serve_site(server, pages, base)
        work = tmp / "news-please"
        config = news_please_config(venv, base, work)
        log = (tmp / "news-please.log").open("w")
        wall, _, usage, samples, tree_cpu = run_sampled(
            [str(program), "-c", str(config), "-no-confirm"], server,
            stdout=log, stderr=log, stdin=subprocess.DEVNULL, env=env)
    extracted = sum(1 for _ in (work / "data").rglob("*.json")) if (work / "data").exists() else 0
    if not extracted:
        print("news-please extracted nothing; the end of its log:\n"
              + "\n".join((tmp / "news-please.log").read_text().splitlines()[-40:]))
    return PeerFigures(len(pages), extracted, wall,
                       max(usage.ru_utime + usage.ru_stime,
                           (samples[-1].main_cpu_s if samples else 0.0) + sum(tree_cpu.values())),
                       max((s.tree_pss_mb for s in samples), default=0.0),
                       max((s.tree_mb for s in samples), default=0.0),
                       blocked_attempts(guard_log))


# --- plain trafilatura ---------------------------------------------------------------------


def plain_extract(body: bytes) -> int:
    return len(trafilatura.extract(body) or "")


@dataclass
class PlainFigures:
    processes: int
    wall_s: float
    cpu_s: float
    peak_mb: float


def plain_one_core(bodies: list[bytes]) -> PlainFigures:
    cpu, wall = time.process_time(), time.monotonic()
    for body in bodies:
        plain_extract(body)
    return PlainFigures(1, time.monotonic() - wall, time.process_time() - cpu,
                        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def plain_all_cores(bodies: list[bytes], processes: int) -> PlainFigures:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        pool.map(plain_extract, bodies[:processes * 4])  # warm up: imports, first parse
        wall = time.monotonic()
        pool.map(plain_extract, bodies, chunksize=16)
        elapsed = time.monotonic() - wall
        pool.close()
        pool.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return PlainFigures(processes, elapsed, cpu, after.ru_maxrss / 1024)


# --- report ---------------------------------------------------------------------------------


def report(crawl_figures: CrawlFigures, one: PlainFigures, many: PlainFigures) -> dict:
    n = crawl_figures.pages
    e2e_rate = n / crawl_figures.steady_s
    many_rate = n / many.wall_s
    rows = [
        ("end to end (crawl + archive)", e2e_rate, crawl_figures.cpu_s / n,
         f"{crawl_figures.peak_main_mb:.0f} MB crawl, {crawl_figures.peak_worker_mb:.0f} MB per worker"),
        ("plain trafilatura, 1 core", n / one.wall_s, one.cpu_s / n, f"{one.peak_mb:.0f} MB"),
        (f"plain trafilatura, {many.processes} processes", many_rate, many.cpu_s / n,
         f"{many.peak_mb:.0f} MB per process"),
    ]
    print(f"\n{n} pages, {os.cpu_count()} cores, stored {crawl_figures.stored}; "
          f"load average now {os.getloadavg()[0]:.1f} (other processes share the cores)")
    print(f"{'':40} {'pages/s':>9} {'CPU ms/page':>12}  peak RSS")
    for name, rate, cpu, rss in rows:
        print(f"{name:40} {rate:9.1f} {cpu * 1000:12.2f}  {rss}")
    print(f"of the crawl's CPU, the crawl process (Scrapy, stages after extraction) "
          f"{crawl_figures.main_cpu_s * 1000 / n:.2f} ms/page, the extraction workers "
          f"{(crawl_figures.cpu_s - crawl_figures.main_cpu_s) * 1000 / n:.2f} ms/page")
    print(f"end-to-end wall incl. start-up: {crawl_figures.wall_s:.1f} s; "
          f"archive server CPU {crawl_figures.archive_cpu_s * 1000 / n:.2f} ms/page, "
          f"HTTP server and sampler (this process) {crawl_figures.harness_cpu_s * 1000 / n:.2f} ms/page "
          "(neither in the crawl's CPU)")
    print(f"end to end / plain all cores: {e2e_rate / many_rate:.2f}")
    print_crawl_process_cpu(crawl_figures)
    if any(crawl_figures.dedupe.values()):
        print("near-duplicate stage: " + ", ".join(f"{k} {v}" for k, v in crawl_figures.dedupe.items()))
    print_recycling(crawl_figures)
    print_tree_memory(crawl_figures)
    return {"crawl": {**asdict(crawl_figures), "samples": None}, "plain_one": asdict(one),
            "plain_all": asdict(many), "ratio": e2e_rate / many_rate}


def report_peer(figures: CrawlFigures, peer: PeerFigures) -> None:
    """news-please beside newscrawl, both crawling the same pages in this run."""
    ours_rate = figures.stored / figures.wall_s
    rate = peer.extracted / peer.wall_s if peer.wall_s else 0.0
    print(f"\n{'same pages, same run':40} {'pages/s':>9} {'CPU ms/page':>12}  "
          "whole-crawl peak PSS (summed RSS)")
    print(f"{'newscrawl (stored, wall incl. start-up)':40} {ours_rate:9.1f} "
          f"{figures.cpu_s * 1000 / max(1, figures.stored):12.2f}  "
          f"{figures.peak_tree_pss_mb:.0f} MB ({figures.peak_tree_rss_mb:.0f} MB)")
    print(f"{'news-please ' + NEWS_PLEASE.split('==')[1] + ' (JSON files written)':40} {rate:9.1f} "
          f"{peer.cpu_s * 1000 / max(1, peer.extracted):12.2f}  "
          f"{peer.peak_tree_pss_mb:.0f} MB ({peer.peak_tree_rss_mb:.0f} MB)")
    if rate:
        print(f"newscrawl / news-please rate: {ours_rate / rate:.1f}; news-please wrote "
              f"{peer.extracted} of the first {peer.pages} pages (newscrawl crawled {figures.pages})")
    hosts = Counter(re.sub(r"^(DNS lookup of|connection to|datagram to) ", "", what)
                    for what in peer.blocked)
    print(f"news-please's attempts beyond 127.0.0.1 refused by the network guard: {len(peer.blocked)}"
          + (f" ({len(hosts)} targets; most: " + ", ".join(f"{h} {n}" for h, n in hosts.most_common(5))
             + ")" if hosts else ""))


def report_crawl_only(figures: CrawlFigures) -> None:
    n = figures.pages
    print(f"\n{n} pages, stored {figures.stored}, {n / figures.steady_s:.1f} pages/s; "
          f"load average now {os.getloadavg()[0]:.1f}")
    workers = figures.cpu_s - figures.main_cpu_s
    print(f"CPU ms/page: crawl process {figures.main_cpu_s * 1000 / n:.2f}, "
          f"extraction workers {workers * 1000 / n:.2f}, "
          f"archive server {figures.archive_cpu_s * 1000 / n:.2f}, "
          f"HTTP server and sampler {figures.harness_cpu_s * 1000 / n:.2f}")
    print_crawl_process_cpu(figures)
    if any(figures.dedupe.values()):
        print("near-duplicate stage: " + ", ".join(f"{k} {v}" for k, v in figures.dedupe.items()))
    print_recycling(figures)
    print(f"peak RSS {figures.peak_main_mb:.0f} MB crawl process, "
          f"{figures.peak_worker_mb:.0f} MB largest worker (sampled)")
    print_tree_memory(figures)


def print_crawl_process_cpu(figures: CrawlFigures) -> None:
    """The crawl process's CPU split at the first article pages served: what a run
    costs once (imports, settings, the pool, the feed) and what each page costs."""
    after = figures.main_cpu_s - figures.startup_cpu_s
    print(f"crawl process: {figures.startup_cpu_s:.2f} s of CPU until the first article pages "
          f"(start-up, feed), then {after * 1000 / figures.pages:.2f} ms/page")


def print_recycling(figures: CrawlFigures) -> None:
    """How often the pool replaced its workers for their memory, and the crawl
    process's heap trims (the crawl's stats)."""
    print("extraction workers, heap trims: " + ", ".join(f"{k} {v}" for k, v in figures.recycling.items()))


def print_tree_memory(figures: CrawlFigures) -> None:
    """The whole crawl's memory (crawl process, fork server, workers), sampled every
    0.25 s: summed PSS is the figure (pages shared after fork counted once), summed RSS
    beside it (counts them once per process) and summed USS (leaves them out)."""
    print(f"whole crawl peak: PSS {figures.peak_tree_pss_mb:.0f} MB (summed RSS "
          f"{figures.peak_tree_rss_mb:.0f} MB, summed USS {figures.peak_tree_uss_mb:.0f} MB)")
    peak = max(figures.samples, key=lambda s: s.tree_pss_mb, default=None)
    if peak is not None:
        print("at that peak (RSS / PSS / USS, MB): " + "; ".join(
            f"{name} {rss:.0f} / {pss:.0f} / {uss:.0f}" for name, rss, pss, uss in peak.processes))
    if figures.rss_at_1000_mb is not None:
        print(f"whole crawl at 1,000 pages / at {figures.pages:,} pages: PSS "
              f"{figures.pss_at_1000_mb:.0f} / {figures.pss_at_end_mb:.0f} MB "
              f"(growth {figures.pss_at_end_mb - figures.pss_at_1000_mb:+.0f} MB), summed RSS "
              f"{figures.rss_at_1000_mb:.0f} / {figures.rss_at_end_mb:.0f} MB "
              f"(growth {figures.rss_at_end_mb - figures.rss_at_1000_mb:+.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for the crawl, e.g. -s NEWSCRAWL_EXTRACT_WORKERS=0")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--real-pages", type=Path, default=REAL_PAGES,
                        help="directory of real pages (*.html.gz) to serve")
    parser.add_argument("--generated", action="store_true",
                        help="serve generated pages even when real pages are there")
    parser.add_argument("--crawl-only", action="store_true",
                        help="skip plain trafilatura (for iterating on the crawl; no ratio)")
    parser.add_argument("--no-news-please", action="store_true",
                        help="skip news-please's crawl of the same pages")
    parser.add_argument("--news-please-pages", type=int, default=1000,
                        help="news-please crawls the first N pages of the site (it takes about "
                             "six times as long as newscrawl a page)")
    parser.add_argument("--news-please-venv", type=Path,
                        default=Path.home() / ".cache" / "newscrawl-bench" / "news-please",
                        help="virtualenv for news-please (created with pip when missing)")
    args = parser.parse_args()
    # the base URL only appears in links of the template, so pages are made
    # before the server knows its port
    real = args.real_pages if args.real_pages.is_dir() and not args.generated else None
    if real is not None:
        bodies = load_real_pages(real)
        print(f"{args.pages} pages cycling through {len(bodies)} real pages of {real}")
    else:
        bodies = make_generated_pages(args.pages)
        print(f"{args.pages} generated pages (demo template + boilerplate)")
    pages = site_pages(bodies, args.pages)
    print(size_distribution(list(pages.values())))
    print(f"crawl settings: {args.set or 'project defaults'}; "
          f"load average {os.getloadavg()[0]:.1f} before the run")
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as tmp:
        figures = crawl(pages, args.set, Path(tmp))
        if not args.no_news_please:
            subset = dict(list(pages.items())[:args.news_please_pages])
            report_peer(figures, run_news_please(subset, args.news_please_venv, Path(tmp)))
    if args.crawl_only:
        report_crawl_only(figures)
        return
    bodies = list(pages.values())
    one = plain_one_core(bodies)
    many = plain_all_cores(bodies, os.cpu_count() or 1)
    result = report(figures, one, many)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
