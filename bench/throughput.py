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
3. Runs plain ``trafilatura.extract`` on exactly the same page bodies: on one
   core, and on all cores with ``multiprocessing``.

Prints the page-size distribution, pages/s, CPU seconds per page and peak RSS
of each, the ratio of the end-to-end rate to the all-cores plain rate, and the
growth of the crawl's RSS between 1,000 pages and the last page. Nothing leaves
127.0.0.1.
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


def pss_mb(pid: int) -> float:
    """Proportional set size: each resident page divided by the number of processes that
    map it. Summed over a process tree it counts a page shared copy-on-write after fork
    (or a shared library) once, where summed RSS counts it once per process; it is what
    the tree costs the machine."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


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
    pss_at_1000_mb: float | None = None
    pss_at_end_mb: float | None = None
    samples: list[Sample] = field(default_factory=list)
    dedupe: dict[str, int] = field(default_factory=dict)


def sample_tree(pid: int, server: SiteServer, samples: list[Sample], done: threading.Event,
                tree_cpu: dict[int, float]) -> None:
    """Every 0.25 s: memory of the crawl's process tree, and the CPU time of each of its
    processes so far (``tree_cpu``; the workers are grandchildren under a fork server,
    whose CPU the crawl process's rusage does not include)."""
    while not done.wait(0.25):
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
        samples.append(Sample(len(server.requests), main, main + sum(rss_mb(w) for w in workers),
                              main_cpu, pss_mb(pid) + sum(pss_mb(w) for w in workers)))


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
        peak_main_mb=_stat(text, "memusage/max") / 2**20,
        peak_worker_mb=float(_stat(text, "newscrawl/extract/worker_peak_rss_mb")),
        dedupe={key: _stat(text, f"newscrawl/dedupe/{key}")
                for key in ("new_cluster", "joined", "batches", "signed_here")},
        samples=samples)
    figures.peak_tree_rss_mb = max((s.tree_mb for s in samples), default=0.0)
    figures.peak_tree_pss_mb = max((s.tree_pss_mb for s in samples), default=0.0)
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


def serve_site(server: SiteServer, pages: dict[str, bytes]) -> None:
    """The bench site: the pages, their RSS feed and news sitemap, robots.txt."""
    base = server.base_url
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
    if any(crawl_figures.dedupe.values()):
        print("near-duplicate stage: " + ", ".join(f"{k} {v}" for k, v in crawl_figures.dedupe.items()))
    print_tree_memory(crawl_figures)
    return {"crawl": {**asdict(crawl_figures), "samples": None}, "plain_one": asdict(one),
            "plain_all": asdict(many), "ratio": e2e_rate / many_rate}


def report_crawl_only(figures: CrawlFigures) -> None:
    n = figures.pages
    print(f"\n{n} pages, stored {figures.stored}, {n / figures.steady_s:.1f} pages/s; "
          f"load average now {os.getloadavg()[0]:.1f}")
    workers = figures.cpu_s - figures.main_cpu_s
    print(f"CPU ms/page: crawl process {figures.main_cpu_s * 1000 / n:.2f}, "
          f"extraction workers {workers * 1000 / n:.2f}, "
          f"archive server {figures.archive_cpu_s * 1000 / n:.2f}, "
          f"HTTP server and sampler {figures.harness_cpu_s * 1000 / n:.2f}")
    if any(figures.dedupe.values()):
        print("near-duplicate stage: " + ", ".join(f"{k} {v}" for k, v in figures.dedupe.items()))
    print(f"peak RSS {figures.peak_main_mb:.0f} MB crawl process, "
          f"{figures.peak_worker_mb:.0f} MB per worker")
    print_tree_memory(figures)


def print_tree_memory(figures: CrawlFigures) -> None:
    """The whole crawl's memory (crawl process, fork server, workers), sampled every
    0.25 s: summed PSS is the figure (pages shared after fork counted once), summed RSS
    beside it (counts them once per process)."""
    print(f"whole crawl peak: PSS {figures.peak_tree_pss_mb:.0f} MB (summed RSS "
          f"{figures.peak_tree_rss_mb:.0f} MB)")
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
