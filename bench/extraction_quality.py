"""Extraction quality benchmark: newscrawl vs plain trafilatura on the same pages, same run.

Scores main text (snippet precision/recall/F1, the benchmark's own definition), and exact
matches of title, author and publication day, plus ms/page, on the 990-page evaluation set
in ../shared/eval/trafilatura-bench (see its README for the data format and metric).

    python bench/extraction_quality.py                 # full run, 2 workers
    python bench/extraction_quality.py --limit 100 --jobs 1
    python bench/extraction_quality.py --details /tmp/pages.jsonl   # per-page results

newscrawl is measured through `extract_article`, the path the pipeline uses; a page it
rejects with NotAnArticle counts as empty output. Plain trafilatura uses the settings the
benchmark README quotes: no comments, tables included, fallback on.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from benchdata import TRAFILATURA_BENCH

DEFAULT_DATA = TRAFILATURA_BENCH
SYSTEMS = ("plain", "newscrawl")
_WS = re.compile(r"\s+")


def collapse(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


@dataclass
class PageTask:
    url: str
    path: str
    with_snippets: list[str]
    without_snippets: list[str]
    title: str | None
    author: str | None
    date: str | None


@dataclass
class SystemOutput:
    """What one extractor produced for one page, reduced to what is scored."""

    text: str = ""
    title: str | None = None
    author: str | None = None
    date: str | None = None
    ms: float = 0.0
    rejected: str | None = None  # NotAnArticle reason, if any


def gold_author(value: Any) -> str | None:
    if isinstance(value, list):
        value = "; ".join(value)
    return collapse(value) or None


def load_tasks(data_dir: Path, limit: int | None) -> list[PageTask]:
    evaldata = json.loads((data_dir / "evaldata.json").read_text(encoding="utf-8"))
    tasks = [
        PageTask(
            url=url,
            path=str(data_dir / "html" / entry["file"]),
            with_snippets=entry.get("with") or [],
            without_snippets=entry.get("without") or [],
            title=collapse(entry.get("title")) or None,
            author=gold_author(entry.get("author")),
            date=(entry.get("date") or "")[:10] or None,
        )
        for url, entry in evaldata.items()
    ]
    return tasks[:limit] if limit else tasks


def run_plain(raw: bytes, url: str) -> SystemOutput:
    import trafilatura

    out = SystemOutput()
    start = time.perf_counter()
    text = trafilatura.extract(
        raw,
        url=url,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        no_fallback=False,
    )
    out.ms = (time.perf_counter() - start) * 1000
    out.text = text or ""
    start = time.perf_counter()
    doc = trafilatura.bare_extraction(
        raw,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        no_fallback=False,
    )
    meta_ms = (time.perf_counter() - start) * 1000
    if doc is not None:
        out.title, out.author, out.date = doc.title, doc.author, (doc.date or "")[:10] or None
    # the comparable cost is one call that yields text and metadata together
    out.ms = meta_ms
    return out


NEWSCRAWL_OPTIONS: dict[str, Any] = {}  # --set overrides, for measuring variants


def run_newscrawl(raw: bytes, url: str) -> SystemOutput:
    from newscrawl.extraction import ExtractionOptions, NotAnArticle, extract_article

    options = ExtractionOptions(**NEWSCRAWL_OPTIONS)
    out = SystemOutput()
    start = time.perf_counter()
    try:
        article = extract_article(raw, url, options=options)
    except NotAnArticle as exc:
        out.ms = (time.perf_counter() - start) * 1000
        out.rejected = exc.reason
        return out
    out.ms = (time.perf_counter() - start) * 1000
    # the main text as stored: lead and body (fields `lead` and `text`)
    out.text, out.title = article.full_text, article.title
    out.author = "; ".join(article.authors) or None
    out.date = resolved_day(article.date_candidates, url, article.language)
    return out


def resolved_day(candidates: list[Any], url: str, language: str | None) -> str | None:
    """The stored ``published_local_date``, resolved as the crawl's dates stage does (the
    page's language orders slash dates); the outlet zone is unknown here, so "UTC"
    (``bench/date_accuracy.py`` also reports a zoned variant). None while newscrawl.dates
    is not there."""
    try:
        from newscrawl.dates import resolve_dates
    except ImportError:
        return None
    if not candidates:
        return None
    languages = [language] if language else None
    return resolve_dates(candidates, url=url, timezone="UTC", languages=languages).published_local_date


def dates_available() -> bool:
    try:
        from newscrawl.dates import resolve_dates  # noqa: F401
        from newscrawl.dates.html import collect_date_candidates  # noqa: F401
    except ImportError:
        return False
    return True


RUNNERS = {"plain": run_plain, "newscrawl": run_newscrawl}


def score_page(
    task: PageTask, systems: tuple[str, ...], overrides: dict[str, Any]
) -> dict[str, Any]:
    warnings.simplefilter("ignore")
    NEWSCRAWL_OPTIONS.update(overrides)
    raw = gzip.decompress(Path(task.path).read_bytes())
    result: dict[str, Any] = {"url": task.url}
    for name in systems:
        try:
            out = RUNNERS[name](raw, task.url)
        except Exception as exc:  # noqa: BLE001 -- a crash is that system's failure, not the bench's
            out = SystemOutput(rejected=f"crash:{type(exc).__name__}:{exc}"[:200])
        text = collapse(out.text)
        missed = [s for s in task.with_snippets if collapse(s) not in text]
        leaked = [s for s in task.without_snippets if collapse(s) in text]
        result[name] = {
            "tp": len(task.with_snippets) - len(missed),
            "fn": len(missed),
            "fp": len(leaked),
            "missed": missed,
            "leaked": leaked,
            "title": exact(out.title, task.title),
            "author": exact(out.author, task.author),
            "author_people": same_people(out.author, task.author),
            "date": exact(out.date, task.date),
            "out_title": out.title,
            "out_author": out.author,
            "out_date": out.date,
            "ms": out.ms,
            "empty": not text,
            "rejected": out.rejected,
        }
    result["gold"] = {"title": task.title, "author": task.author, "date": task.date}
    return result


_NAME_DELIMITERS = re.compile(r"\s*(?:;|,|/|&|\s+und\s+|\s+and\s+)\s*", re.IGNORECASE)


def same_people(value: str | None, gold: str | None) -> bool | None:
    """Secondary author metric: the same names, whatever the list format ("A und B" vs
    "A; B"), case-folded. Applied identically to both columns."""
    if not gold:
        return None

    def names(text: str | None) -> set[str]:
        return {collapse(n).casefold() for n in _NAME_DELIMITERS.split(text or "") if n.strip()}

    return names(value) == names(gold)


def exact(value: str | None, gold: str | None) -> bool | None:
    """True/False on pages with a gold value, None where there is nothing to compare."""
    if not gold:
        return None
    return collapse(value) == gold


@dataclass
class Totals:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    ms: list[float] = field(default_factory=list)
    empty: int = 0
    hits: dict[str, list[int]] = field(
        default_factory=lambda: {
            "title": [0, 0],
            "author": [0, 0],
            "author_people": [0, 0],
            "date": [0, 0],
        }
    )

    def add(self, page: dict[str, Any]) -> None:
        self.tp += page["tp"]
        self.fp += page["fp"]
        self.fn += page["fn"]
        self.ms.append(page["ms"])
        self.empty += page["empty"]
        for key, counts in self.hits.items():
            if page[key] is not None:
                counts[0] += bool(page[key])
                counts[1] += 1

    def row(self) -> dict[str, float]:
        precision = self.tp / max(1, self.tp + self.fp)
        recall = self.tp / max(1, self.tp + self.fn)
        f1 = 2 * self.tp / max(1, 2 * self.tp + self.fp + self.fn)
        row = {"precision": precision, "recall": recall, "f1": f1}
        for key, (ok, total) in self.hits.items():
            row[key] = ok / total if total else float("nan")
        row["ms_mean"] = sum(self.ms) / max(1, len(self.ms))
        row["ms_median"] = sorted(self.ms)[len(self.ms) // 2] if self.ms else 0.0
        row["empty"] = self.empty
        return row


def run(
    tasks: list[PageTask], systems: tuple[str, ...], jobs: int, overrides: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    args = [(task, systems, overrides) for task in tasks]
    if jobs <= 1:
        for arg in args:
            yield score_page(*arg)
        return
    with Pool(jobs, maxtasksperchild=200) as pool:
        yield from pool.starmap(score_page, args, chunksize=4)


def format_table(rows: dict[str, dict[str, float]], dates_on: bool) -> str:
    metrics = [
        ("text precision", "precision", "{:.3f}"),
        ("text recall", "recall", "{:.3f}"),
        ("text F1", "f1", "{:.3f}"),
        ("title exact", "title", "{:.3f}"),
        ("author exact", "author", "{:.3f}"),
        ("author same people (any list format, case-folded)", "author_people", "{:.3f}"),
        ("date exact day", "date", "{:.3f}"),
        ("empty output (pages)", "empty", "{:.0f}"),
        ("ms/page mean", "ms_mean", "{:.1f}"),
        ("ms/page median", "ms_median", "{:.1f}"),
    ]
    names = list(rows)
    lines = ["| metric | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for label, key, fmt in metrics:
        cells = []
        for name in names:
            if key == "date" and name == "newscrawl" and not dates_on:
                cells.append("n/a")
            else:
                cells.append(fmt.format(rows[name][key]))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def parse_override(item: str) -> tuple[str, Any]:
    name, _, raw = item.partition("=")
    value: Any = raw
    if raw.lower() in ("true", "false"):
        value = raw.lower() == "true"
    elif raw.isdigit():
        value = int(raw)
    return name.strip(), value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark directory")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (max 2)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="plain,newscrawl")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="override an ExtractionOptions field, e.g. favor_precision=true",
    )
    parser.add_argument("--details", type=Path, help="write per-page results as JSON lines")
    args = parser.parse_args(argv)

    systems = tuple(s for s in args.systems.split(",") if s)
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        parser.error(f"unknown system(s) {sorted(unknown)}; choose from {SYSTEMS}")
    jobs = max(1, min(args.jobs, 2))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    tasks = load_tasks(args.data, args.limit)

    totals = {name: Totals() for name in systems}
    rejected: dict[str, int] = {}
    details = args.details.open("w", encoding="utf-8") if args.details else None
    started = time.perf_counter()
    overrides = dict(parse_override(item) for item in args.set)
    for page in run(tasks, systems, jobs, overrides):
        for name in systems:
            totals[name].add(page[name])
        reason = page.get("newscrawl", {}).get("rejected")
        if reason:
            rejected[reason.split(":")[0]] = rejected.get(reason.split(":")[0], 0) + 1
        if details:
            details.write(json.dumps(page, ensure_ascii=False) + "\n")
    if details:
        details.close()

    import trafilatura

    print(
        f"{len(tasks)} pages, {jobs} worker(s), {time.perf_counter() - started:.0f} s wall; "
        f"trafilatura {trafilatura.__version__}, pid {os.getpid()}"
    )
    rows = {name: totals[name].row() for name in systems}
    if overrides:
        print("newscrawl options:", overrides)
    print(format_table(rows, dates_available()))
    if rejected:
        print("newscrawl NotAnArticle by reason:", dict(sorted(rejected.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
