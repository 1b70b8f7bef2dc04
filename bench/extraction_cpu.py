"""Extraction CPU against plain trafilatura: one ratio, same pages, same process (issue #18).

The target of issue #18 is "extraction CPU per page <= 1.3 x ``trafilatura.extract`` on the
same pages". This bench measures exactly that figure: process CPU time
(``time.process_time``, which other jobs on a shared machine disturb far less than wall
time) of ``newscrawl.extraction.extract_article`` against ``trafilatura.extract`` (the
settings the benchmark README quotes: no comments, tables, fallbacks on; text only, as
``extract`` returns by default), page by page, interleaved: in each round every page runs
through both, and the order alternates from round to round so that neither side always
meets the caches warm. Caches keyed by page content (``CONTENT_CACHES``: trafilatura's line
cleaning, htmldate's date-expression parsing) are emptied before every timed call: a crawl
meets each page once, and with them warm a second round of the same pages cost htmldate a
fifth of the first (and the side that ran second on a page would profit from the first's
trafilatura lines). First the extraction worker's own warm-up
(``newscrawl.pipelines.extract_worker.warm_up``: imports, the language model, jusText's
stop words, then ``gc.freeze()``; htmldate no longer hands dateparser its last-resort dates,
see docs/dates.md), and a pass of both sides over a few pages. newscrawl replaces htmldate's
last-resort parser process-wide; plain trafilatura's calls get htmldate's own back
(``htmldate_as_shipped``), dateparser warmed for them first.

Pages: every ``--every``-th page of trafilatura-bench (default 5: 198 pages) and every
``--fundus-every``-th page of fundus-dev (default 1: 127 pages). ``--parts`` also times
the named parts of ``extract_article`` (nested parts, e.g. htmldate inside the date
collector, are included in their parent's figure); ``--profile N`` prints cProfile's top
N functions of newscrawl's side instead of the timed rounds.

    python bench/extraction_cpu.py --data ../shared/eval/trafilatura-bench \\
        --fundus-data ../shared/eval/fundus-dev
    python bench/extraction_cpu.py --every 10 --fundus-every 2 --rounds 2 --parts

Printed: load average before and after, ms/page of each side per round, and the ratio
newscrawl / trafilatura.extract per round and over all rounds.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import fundus_dev
from benchdata import TRAFILATURA_BENCH
from extraction_quality import parse_override

#: (module, attribute) of the parts ``--parts`` times, as ``extract_article`` calls them.
PARTS = (
    ("newscrawl.extraction.core", "parse_html"),
    ("newscrawl.extraction.core", "read_page_metadata"),
    ("newscrawl.extraction.core", "choose_title"),
    ("newscrawl.extraction.core", "extract_text"),
    ("newscrawl.extraction.body", "bare_extraction"),
    ("newscrawl.extraction.core", "collect_credits"),
    ("newscrawl.extraction.core", "collect_dates"),
    ("newscrawl.extraction.core", "scan_page"),
    ("newscrawl.dates.html", "_htmldate_candidates"),
    ("newscrawl.dates.html", "labelled_candidates"),
    ("newscrawl.dates.html", "byline_candidates"),
    ("newscrawl.extraction.core", "check_page_type"),
    ("newscrawl.extraction.core", "detect_language"),
)


#: functools caches keyed by page content, emptied before every timed call (module, name).
CONTENT_CACHES = (
    ("trafilatura.utils", "line_processing"),
    ("trafilatura.utils", "trim"),
    ("htmldate.extractors", "try_date_expr"),
    ("htmldate.validators", "_parse_and_validate"),
    ("htmldate.validators", "filter_ymd_candidate"),
    ("newscrawl.extraction.author_names", "_names_agency"),
    ("newscrawl.extraction.page_areas", "_marks_area"),
)


def content_caches() -> list[Any]:
    """The cache_clear functions of ``CONTENT_CACHES`` (a name a version lacks is skipped)."""
    import importlib

    found = []
    for module_name, attribute in CONTENT_CACHES:
        function = getattr(importlib.import_module(module_name), attribute, None)
        if hasattr(function, "cache_clear"):
            found.append(function.cache_clear)
    return found


def load_pages(bench_dir: Path, every: int, fundus_dir: Path, fundus_every: int,
               limit: int | None) -> list[tuple[str, bytes]]:
    """(url, raw bytes) of the chosen pages, decompressed outside any timed region."""
    pages: list[tuple[str, bytes]] = []
    if every:
        evaldata = json.loads((bench_dir / "evaldata.json").read_text(encoding="utf-8"))
        for index, (url, entry) in enumerate(evaldata.items()):
            if index % every == 0:
                raw = gzip.decompress((bench_dir / "html" / entry["file"]).read_bytes())
                pages.append((url, raw))
    if fundus_every:
        for index, page in enumerate(fundus_dev.load_pages(fundus_dir)):
            if index % fundus_every == 0:
                pages.append((page.url, gzip.decompress(Path(page.path).read_bytes())))
    return pages[:limit] if limit else pages


#: htmldate's last-resort functions as shipped (dateparser), taken before newscrawl puts
#: its own in their place (``newscrawl.dates.guess``, process-wide): plain trafilatura
#: runs with these, as ``trafilatura.extract`` does in a process without newscrawl.
SHIPPED_HTMLDATE: dict[str, Any] = {}
#: A date only htmldate's last resort reads: dateparser compiles its patterns on the first.
DATEPARSER_WARM_UP = "Publicado el 3 de mayo de 2017"


@contextmanager
def htmldate_as_shipped() -> Iterator[None]:
    """htmldate with its own last-resort functions for the duration (a swap of two names)."""
    from htmldate import extractors

    ours = {name: getattr(extractors, name) for name in SHIPPED_HTMLDATE}
    for name, function in SHIPPED_HTMLDATE.items():
        setattr(extractors, name, function)
    try:
        yield
    finally:
        for name, function in ours.items():
            setattr(extractors, name, function)


def keep_shipped_htmldate() -> None:
    """Take htmldate's functions before newscrawl replaces them, and warm dateparser for
    plain trafilatura's side as the worker's warm-up does newscrawl's."""
    from htmldate import extractors

    from newscrawl.dates.guess import HOOKS

    SHIPPED_HTMLDATE.update({name: getattr(extractors, name) for name in HOOKS})
    with htmldate_as_shipped():
        extractors.external_date_parser(DATEPARSER_WARM_UP, "%Y-%m-%d")
        extractors.month_words()


def run_plain(url: str, raw: bytes) -> None:
    import trafilatura

    with htmldate_as_shipped():
        trafilatura.extract(raw, url=url, include_comments=False, include_tables=True)


OPTIONS: dict[str, Any] = {}  # --set overrides of ExtractionOptions


def run_newscrawl(url: str, raw: bytes) -> None:
    from newscrawl.extraction import ExtractionOptions, NotAnArticle, extract_article

    try:
        extract_article(raw, url, options=ExtractionOptions(**OPTIONS))
    except NotAnArticle:
        pass  # a rejected page costs what it cost


SIDES: dict[str, Callable[[str, bytes], None]] = {
    "plain": run_plain,
    "newscrawl": run_newscrawl,
}


@contextmanager
def timed_parts(spent: dict[str, float]) -> Iterator[None]:
    """Wrap each part of ``PARTS`` so that its CPU time adds up in ``spent``."""
    import importlib

    originals: list[tuple[Any, str, Any]] = []
    for module_name, attribute in PARTS:
        module = importlib.import_module(module_name)
        original = getattr(module, attribute)
        originals.append((module, attribute, original))

        def wrapper(*args: Any, __f: Any = original, __key: str = attribute, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return __f(*args, **kwargs)
            finally:
                spent[__key] = spent.get(__key, 0.0) + time.process_time() - started

        setattr(module, attribute, wrapper)
    try:
        yield
    finally:
        for module, attribute, original in originals:
            setattr(module, attribute, original)


def one_round(pages: list[tuple[str, bytes]], order: tuple[str, ...]) -> dict[str, float]:
    """CPU seconds of each side over all pages, the sides interleaved page by page."""
    spent = dict.fromkeys(order, 0.0)
    clears = content_caches()
    for url, raw in pages:
        for side in order:
            for clear in clears:
                clear()
            started = time.process_time()
            SIDES[side](url, raw)
            spent[side] += time.process_time() - started
    return spent


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=TRAFILATURA_BENCH,
                        help="trafilatura-bench directory")
    parser.add_argument("--fundus-data", type=Path, default=fundus_dev.FUNDUS_DEV,
                        help="fundus-dev directory")
    parser.add_argument("--every", type=int, default=5,
                        help="every Nth trafilatura-bench page (0: none)")
    parser.add_argument("--fundus-every", type=int, default=1,
                        help="every Nth fundus-dev page (0: none)")
    parser.add_argument("--limit", type=int, default=None, help="at most N pages in all")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--parts", action="store_true",
                        help="also time the parts of extract_article (ms/page)")
    parser.add_argument("--profile", type=int, metavar="N", default=0,
                        help="cProfile newscrawl's side once, print the top N functions")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="override an ExtractionOptions field, e.g. fallback_min_chars=1000")
    args = parser.parse_args(argv)
    OPTIONS.update(parse_override(item) for item in args.set)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    pages = load_pages(args.data, args.every, args.fundus_data, args.fundus_every, args.limit)
    if not pages:
        parser.error("no pages chosen")
    from newscrawl.pipelines.extract_worker import warm_up

    keep_shipped_htmldate()
    warm_up()  # what every extraction worker does before its first page
    for url, raw in pages[:10]:  # lazy set-up of both sides
        run_plain(url, raw)
        run_newscrawl(url, raw)
    gc.collect()
    gc.freeze()
    import trafilatura

    print(f"{len(pages)} pages, trafilatura {trafilatura.__version__}, "
          f"load average before: {load()}" + (f"; options {OPTIONS}" if OPTIONS else ""))
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for url, raw in pages:
            run_newscrawl(url, raw)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(args.profile)
        stats.sort_stats("tottime").print_stats(args.profile)
        return 0

    totals = {"plain": 0.0, "newscrawl": 0.0}
    parts: dict[str, float] = {}
    for number in range(args.rounds):
        order = ("plain", "newscrawl") if number % 2 == 0 else ("newscrawl", "plain")
        if args.parts:
            with timed_parts(parts):
                spent = one_round(pages, order)
        else:
            spent = one_round(pages, order)
        for side in totals:
            totals[side] += spent[side]
        ms = {side: spent[side] / len(pages) * 1000 for side in spent}
        print(f"round {number + 1}: trafilatura.extract {ms['plain']:.2f} ms/page, "
              f"extract_article {ms['newscrawl']:.2f} ms/page, "
              f"ratio {spent['newscrawl'] / spent['plain']:.3f} (load {load()})")
    page_rounds = len(pages) * args.rounds
    print(f"all rounds: trafilatura.extract {totals['plain'] / page_rounds * 1000:.2f} ms/page, "
          f"extract_article {totals['newscrawl'] / page_rounds * 1000:.2f} ms/page, "
          f"CPU ratio {totals['newscrawl'] / totals['plain']:.3f}")
    if parts:
        print("parts of extract_article, ms/page (nested parts counted in their parent too):")
        for name, seconds in parts.items():
            print(f"  {name:<22} {seconds / page_rounds * 1000:6.2f}")
    print(f"load average after: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
