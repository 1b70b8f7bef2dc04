"""Exact-day publication date accuracy: plain htmldate vs newscrawl.dates, same run.

Data: the dated pages of the trafilatura evaluation set (evaldata.json, html/<file>.gz).
For each page newscrawl collects candidates (newscrawl.dates.html), resolves them with the
page's declared language (as the crawl's dates stage does) and compares
``published_local_date`` -- a stored field -- with the gold day; plain htmldate is
``find_date(raw_bytes, url=url, original_date=True)``.

    python bench/date_accuracy.py [--data DIR] [--workers 2] [--failures]
    python bench/date_accuracy.py --cpu     # CPU of collect_date_candidates, ms per page

The outlet zone is unknown for these pages, so the main row runs resolve_dates with its
default ("UTC"): times get the day of the offset they were written with. A second row
simulates what the source registry gives a real crawl: the outlet zone guessed from the
country TLD (.de -> Europe/Berlin, ...); other TLDs stay "UTC".
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path
from urllib.parse import urlsplit

from benchdata import TRAFILATURA_BENCH

DEFAULT_DATA = TRAFILATURA_BENCH
#: Stand-in for the source registry's outlet zone (bench only; the library never guesses).
TLD_ZONES = {
    "de": "Europe/Berlin",
    "at": "Europe/Vienna",
    "ch": "Europe/Zurich",
    "fr": "Europe/Paris",
    "it": "Europe/Rome",
    "es": "Europe/Madrid",
    "uk": "Europe/London",
    "fi": "Europe/Helsinki",
    "nl": "Europe/Amsterdam",
    "be": "Europe/Brussels",
    "pl": "Europe/Warsaw",
    "cz": "Europe/Prague",
    "dk": "Europe/Copenhagen",
    "se": "Europe/Stockholm",
    "no": "Europe/Oslo",
    "ru": "Europe/Moscow",
    "jp": "Asia/Tokyo",
    "ar": "America/Argentina/Buenos_Aires",
    "br": "America/Sao_Paulo",
    "co": "America/Bogota",
    "uy": "America/Montevideo",
    "bo": "America/La_Paz",
    "mx": "America/Mexico_City",
    "cl": "America/Santiago",
    "pe": "America/Lima",
    "ve": "America/Caracas",
}
# run from a checkout without installing the package
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def plain_date(job: tuple[str, str, str, str]) -> str | None:
    """Plain htmldate's day, in a process where newscrawl never ran: newscrawl puts its
    own last-resort date parser into htmldate for the whole process
    (``newscrawl.dates.guess``)."""
    from htmldate import find_date

    url, path, _, _ = job
    return find_date(gzip.decompress(Path(path).read_bytes()), url=url, original_date=True)


def evaluate_page(job: tuple[str, str, str, str]) -> dict[str, object]:
    from newscrawl.dates import resolve_dates
    from newscrawl.dates.html import collect_date_candidates, parse_html
    from newscrawl.extraction.language import declared_language
    from newscrawl.extraction.structured import read_page_metadata

    url, path, gold, _ = job
    raw = gzip.decompress(Path(path).read_bytes())
    tree = parse_html(raw)
    candidates = collect_date_candidates(raw, url, tree=tree)
    # as the crawl's dates stage does: the page's declared language orders slash dates
    language = declared_language(read_page_metadata(tree)) if tree is not None else None
    languages = [language] if language else None
    resolution = resolve_dates(candidates, url=url, languages=languages)
    tld = (urlsplit(url).hostname or "").rsplit(".", 1)[-1]
    zone = TLD_ZONES.get(tld, "UTC")
    zoned = resolve_dates(candidates, url=url, timezone=zone, languages=languages)
    return {
        "url": url,
        "gold": gold,
        "newscrawl": resolution.published_local_date,
        "newscrawl_zoned": zoned.published_local_date,
        "source": resolution.published_source,
        "raw": resolution.published_raw,
        "precision": resolution.published_precision,
        "candidates": [(c.source, c.field, c.value) for c in candidates],
        "rejected": resolution.rejected,
    }


def collector_cpu(jobs: list[tuple[str, str, str, str]], rounds: int = 3) -> None:
    """CPU (time.process_time) of collect_date_candidates per page, on every 5th dated page,
    the pages parsed before timing (extraction hands its parsed tree in), one untimed warm-up
    pass (htmldate/dateparser build their tables on first use), then ``rounds`` rounds."""
    from newscrawl.dates.html import collect_date_candidates, parse_html

    pages = []
    for url, path, _, _ in jobs[::5]:
        tree = parse_html(gzip.decompress(Path(path).read_bytes()))
        if tree is not None:
            pages.append((url, tree))
    for url, tree in pages:
        collect_date_candidates(b"", url, tree=tree)
    for use_htmldate in (True, False):
        per_page = []
        for _ in range(rounds):
            started = time.process_time()
            for url, tree in pages:
                collect_date_candidates(b"", url, tree=tree, use_htmldate=use_htmldate)
            per_page.append((time.process_time() - started) / len(pages) * 1000)
        label = "with htmldate" if use_htmldate else "without htmldate"
        rounds_text = " ".join(f"{ms:.2f}" for ms in per_page)
        print(f"collect_date_candidates, {label}: {rounds_text} ms/page ({len(pages)} pages)")


def load_jobs(data: Path) -> list[tuple[str, str, str, str]]:
    gold = json.loads((data / "evaldata.json").read_text(encoding="utf-8"))
    return [
        (url, str(data / "html" / entry["file"]), entry["date"], entry["file"])
        for url, entry in gold.items()
        if entry.get("date")
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--failures", action="store_true", help="list pages newscrawl gets wrong")
    parser.add_argument("--cpu", action="store_true", help="CPU of the collector per page")
    args = parser.parse_args()

    jobs = load_jobs(args.data)
    if args.cpu:
        collector_cpu(jobs)
        return
    started = time.perf_counter()
    with Pool(args.workers) as pool:
        plain = pool.map(plain_date, jobs, chunksize=8)
    with Pool(args.workers) as pool:
        results = pool.map(evaluate_page, jobs, chunksize=8)
    for result, day in zip(results, plain, strict=True):
        result["htmldate"] = day
    elapsed = time.perf_counter() - started

    total = len(results)
    plain_ok = sum(r["htmldate"] == r["gold"] for r in results)
    ours_ok = sum(r["newscrawl"] == r["gold"] for r in results)
    plain_none = sum(r["htmldate"] is None for r in results)
    ours_none = sum(r["newscrawl"] is None for r in results)
    zoned_ok = sum(r["newscrawl_zoned"] == r["gold"] for r in results)
    print(f"dated pages: {total}   time: {elapsed:.1f}s ({args.workers} workers)")
    print(f"{'method':<34}{'exact day':>10}{'correct':>9}{'no date':>9}")
    print(
        f"{'htmldate (original_date=True)':<34}{plain_ok / total:>10.3f}{plain_ok:>9}{plain_none:>9}"
    )
    print(f"{'newscrawl.dates':<34}{ours_ok / total:>10.3f}{ours_ok:>9}{ours_none:>9}")
    print(
        f"{'newscrawl.dates, zone from TLD':<34}{zoned_ok / total:>10.3f}{zoned_ok:>9}{ours_none:>9}"
    )

    by_source: Counter[str] = Counter()
    right_by_source: Counter[str] = Counter()
    for r in results:
        source = str(r["source"]).split(":")[0]
        by_source[source] += 1
        right_by_source[source] += r["newscrawl"] == r["gold"]
    print("\nwinning source       pages  exact day")
    for source, count in by_source.most_common():
        print(f"{source:<20}{count:>6}{right_by_source[source] / count:>11.3f}")
    if args.failures:
        for r in results:
            if r["newscrawl"] != r["gold"]:
                print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
