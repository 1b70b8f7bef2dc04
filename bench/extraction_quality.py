"""Extraction quality benchmark: newscrawl vs plain trafilatura on the same pages, same run.

Both development sets, side by side, in one table:

- ../shared/eval/trafilatura-bench (990 pages): main text (snippet precision/recall/F1,
  the benchmark's own definition), exact title, author and publication day;
- ../shared/eval/fundus-dev (127 news pages of 88 publishers): body (4-gram shingle
  precision/recall/F1), exact title, author set, persons, local publication day
  (metric in bench/fundus_dev.py and the set's README).

Besides the metrics, two checks of what is stored: pages whose ``text`` starts inside a
word, and pages with soft hyphens or zero-width characters in a stored text field.

    python bench/extraction_quality.py                 # both sets, 2 workers
    python bench/extraction_quality.py --sets fundus-dev --limit 50 --jobs 1
    python bench/extraction_quality.py --details /tmp/pages.jsonl   # per-page results

newscrawl is measured through the stages a crawl runs (``newscrawl.stages``: extraction,
dates, agencies; not the length/title validation), so the text is what the archive
stores as ``lead`` + ``text`` with the credit line out of it; a page the extraction
rejects with NotAnArticle counts as empty output. Plain trafilatura uses the settings
the benchmark README quotes: no comments, tables included, fallback on.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import fundus_dev
from benchdata import INVISIBLE, TRAFILATURA_BENCH, collapse

SETS = ("trafilatura-bench", "fundus-dev")
SYSTEMS = ("plain", "newscrawl")
_WS = re.compile(r"\s+")


@dataclass
class PageTask:
    """One page of either set; ``gold`` holds the set's own gold values."""

    dataset: str
    url: str
    path: str
    timezone: str
    gold: Any


@dataclass
class SystemOutput:
    """What one extractor produced for one page, reduced to what is scored."""

    text: str = ""
    body: str = ""  # the stored `text` field alone (newscrawl); the same as text for plain
    title: str | None = None
    kicker: str | None = None  # newscrawl stores the topline apart from the title
    authors: list[str] = field(default_factory=list)
    #: newscrawl's `byline` (names as credited); plain trafilatura has only its author list
    byline: list[str] | None = None
    date: str | None = None
    fields: list[str] = field(default_factory=list)  # every stored text value
    ms: float = 0.0
    rejected: str | None = None  # NotAnArticle reason, if any


@dataclass
class BenchPage:
    """trafilatura-bench gold values."""

    with_snippets: list[str]
    without_snippets: list[str]
    title: str | None
    author: str | None
    date: str | None


def gold_author(value: Any) -> str | None:
    if isinstance(value, list):
        value = "; ".join(value)
    return collapse(value) or None


def load_bench_tasks(data_dir: Path, limit: int | None) -> list[PageTask]:
    evaldata = json.loads((data_dir / "evaldata.json").read_text(encoding="utf-8"))
    tasks = [
        PageTask(
            dataset="trafilatura-bench", url=url, path=str(data_dir / "html" / entry["file"]),
            timezone="UTC",
            gold=BenchPage(
                with_snippets=entry.get("with") or [],
                without_snippets=entry.get("without") or [],
                title=collapse(entry.get("title")) or None,
                author=gold_author(entry.get("author")),
                date=(entry.get("date") or "")[:10] or None,
            ),
        )
        for url, entry in evaldata.items()
    ]
    return tasks[:limit] if limit else tasks


def load_fundus_tasks(data_dir: Path, limit: int | None) -> list[PageTask]:
    return [
        PageTask(dataset="fundus-dev", url=page.url, path=page.path, timezone=page.timezone,
                 gold=page)
        for page in fundus_dev.load_pages(data_dir, limit)
    ]


def run_plain(raw: bytes, url: str, timezone: str) -> SystemOutput:
    import trafilatura

    out = SystemOutput()
    start = time.perf_counter()
    doc = trafilatura.bare_extraction(
        raw,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        no_fallback=False,
    )
    # the comparable cost is one call that yields text and metadata together
    out.ms = (time.perf_counter() - start) * 1000
    if doc is not None:
        out.text = out.body = doc.text or ""
        out.title, out.date = doc.title, (doc.date or "")[:10] or None
        out.authors = [name for name in (doc.author or "").split("; ") if name.strip()]
    out.fields = [out.text, out.title or "", *out.authors]
    return out


NEWSCRAWL_OPTIONS: dict[str, Any] = {}  # --set overrides, for measuring variants


def run_newscrawl(raw: bytes, url: str, timezone: str) -> SystemOutput:
    """The record as the crawl's stages build it (extraction, dates, agencies)."""
    from newscrawl.extraction import ExtractionOptions
    from newscrawl.stages import Dropped, agencies_stage, dates_stage, extract_stage

    item: dict[str, Any] = {"url": url, "_page": {"body": raw, "hints": {}}}
    out = SystemOutput()
    start = time.perf_counter()
    try:
        extract_stage(item, ExtractionOptions(**NEWSCRAWL_OPTIONS))
    except Dropped as exc:
        out.ms = (time.perf_counter() - start) * 1000
        out.rejected = exc.reason
        return out
    out.ms = (time.perf_counter() - start) * 1000
    dates_stage(item, timezone=timezone)
    agencies_stage(item)
    lead, text = item.get("lead") or "", item.get("text") or ""
    shown = (item.get("_meta") or {}).get("lead_shown", True)
    out.text = f"{lead}\n\n{text}" if lead and shown else text
    out.body = text
    out.title = item.get("title")
    out.kicker = item.get("kicker")
    out.authors = list(item.get("authors") or [])
    out.byline = list(item.get("byline") or [])
    out.date = item.get("published_local_date")
    out.fields = [value for key in ("title", "kicker", "lead", "text", "credit")
                  if isinstance(value := item.get(key), str)] + out.authors
    return out


RUNNERS = {"plain": run_plain, "newscrawl": run_newscrawl}


def page_text(raw: bytes) -> str:
    """The page's visible text with every element boundary a space (to locate `text`)."""
    import lxml.html

    try:
        root = lxml.html.fromstring(raw)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return collapse(unicodedata.normalize("NFC", " ".join(root.itertext())))


def starts_inside_word(body: str, visible: str) -> bool:
    """True when the page shows the opening of `body` only as the rest of a longer word
    (the cut-description defect: lead "…Representat", text "ives Speaker …")."""
    opening = collapse(unicodedata.normalize("NFC", INVISIBLE.sub("", body)))[:40]
    if not opening or not opening[0].isalnum() or not visible:
        return False
    positions = [m.start() for m in re.finditer(re.escape(opening), visible)]
    return bool(positions) and all(p > 0 and visible[p - 1].isalnum() for p in positions)


def score_page(task: PageTask, systems: tuple[str, ...],
               overrides: dict[str, Any]) -> dict[str, Any]:
    warnings.simplefilter("ignore")
    NEWSCRAWL_OPTIONS.update(overrides)
    raw = gzip.decompress(Path(task.path).read_bytes())
    visible = page_text(raw)
    result: dict[str, Any] = {"dataset": task.dataset, "url": task.url}
    for name in systems:
        try:
            out = RUNNERS[name](raw, task.url, task.timezone)
        except Exception as exc:  # noqa: BLE001 -- a crash is that system's failure, not the bench's
            out = SystemOutput(rejected=f"crash:{type(exc).__name__}:{exc}"[:200])
        scored = (score_bench(task.gold, out) if task.dataset == "trafilatura-bench"
                  else score_fundus(task.gold, out))
        scored.update({
            "title_pair": title_pair(out, task.gold.title),
            "out_title": out.title,
            "out_kicker": out.kicker,
            "out_authors": out.authors,
            "out_byline": out.byline,
            "out_date": out.date,
            "ms": out.ms,
            "empty": not collapse(out.text),
            "rejected": out.rejected,
            "cut_word": starts_inside_word(out.body, visible),
            "invisible": any(INVISIBLE.search(value) for value in out.fields),
        })
        result[name] = scored
    return result


def score_bench(gold: BenchPage, out: SystemOutput) -> dict[str, Any]:
    text = collapse(out.text)
    author = "; ".join(out.authors) or None
    missed = [s for s in gold.with_snippets if collapse(s) not in text]
    leaked = [s for s in gold.without_snippets if collapse(s) in text]
    return {
        "tp": len(gold.with_snippets) - len(missed),
        "fn": len(missed),
        "fp": len(leaked),
        "missed": missed,
        "leaked": leaked,
        "title": exact(out.title, gold.title),
        "author": exact(author, gold.author),
        "author_people": same_people(author, gold.author),
        "byline": exact("; ".join(credited(out)) or None, gold.author),
        "date": exact(out.date, gold.date),
        "gold": {"title": gold.title, "author": gold.author, "date": gold.date},
    }


def score_fundus(gold: fundus_dev.FundusPage, out: SystemOutput) -> dict[str, Any]:
    scored = fundus_dev.score(gold, out.text, out.title, out.authors, out.date)
    scored["author"] = scored.pop("authors")
    scored["author_people"] = scored.pop("persons")
    scored["byline"] = (fundus_dev.name_set(credited(out)) == fundus_dev.name_set(gold.authors)
                        if gold.authors is not None else None)
    scored["gold"] = {"title": gold.title, "authors": gold.authors, "date": gold.date}
    return scored


_NAME_DELIMITERS = re.compile(r"\s*(?:;|,|/|&|\s+und\s+|\s+and\s+)\s*", re.IGNORECASE)


def credited(out: SystemOutput) -> list[str]:
    """The names a system credits: newscrawl's `byline`, plain trafilatura's author list."""
    return out.authors if out.byline is None else out.byline


def same_people(value: str | None, gold: str | None) -> bool | None:
    """Secondary author metric: the same names, whatever the list format ("A und B" vs
    "A; B"), case-folded. Applied identically to both columns."""
    if not gold:
        return None

    def names(text: str | None) -> set[str]:
        return {collapse(n).casefold() for n in _NAME_DELIMITERS.split(text or "") if n.strip()}

    return names(value) == names(gold)


def title_pair(out: SystemOutput, gold: str | None) -> bool | None:
    """Secondary title metric: does the stored (kicker, title) pair give the gold title in
    either convention, the headline alone or `kicker: title` (outlets differ in whether
    the topline is part of the title; issue #14 item 8)? The same as `title` for a system
    without a kicker field."""
    if not gold:
        return None
    rebuilt = f"{out.kicker}: {out.title}" if out.kicker and out.title else None
    return bool(exact(out.title, gold) or exact(rebuilt, gold))


def exact(value: str | None, gold: str | None) -> bool | None:
    """True/False on pages with a gold value, None where there is nothing to compare."""
    if not gold:
        return None
    return collapse(value) == gold


@dataclass
class Totals:
    """Sums over the pages of one set for one system. Text is scored as the set defines
    it: trafilatura-bench pools snippet counts, fundus-dev averages per-page P and R."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    body_p: list[float] = field(default_factory=list)
    body_r: list[float] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)
    counts: dict[str, int] = field(
        default_factory=lambda: {"empty": 0, "cut_word": 0, "invisible": 0})
    hits: dict[str, list[int]] = field(
        default_factory=lambda: {
            "title": [0, 0],
            "title_pair": [0, 0],
            "author": [0, 0],
            "author_people": [0, 0],
            "byline": [0, 0],
            "date": [0, 0],
        }
    )

    def add(self, page: dict[str, Any]) -> None:
        if "body_p" in page:
            self.body_p.append(page["body_p"])
            self.body_r.append(page["body_r"])
        else:
            self.tp += page["tp"]
            self.fp += page["fp"]
            self.fn += page["fn"]
        self.ms.append(page["ms"])
        for key in self.counts:
            self.counts[key] += bool(page[key])
        for key, counts in self.hits.items():
            if page[key] is not None:
                counts[0] += bool(page[key])
                counts[1] += 1

    def row(self) -> dict[str, float]:
        if self.body_p:
            precision = sum(self.body_p) / len(self.body_p)
            recall = sum(self.body_r) / len(self.body_r)
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        else:
            precision = self.tp / max(1, self.tp + self.fp)
            recall = self.tp / max(1, self.tp + self.fn)
            f1 = 2 * self.tp / max(1, 2 * self.tp + self.fp + self.fn)
        row = {"precision": precision, "recall": recall, "f1": f1, **self.counts}
        for key, (ok, total) in self.hits.items():
            row[key] = ok / total if total else float("nan")
            row[f"{key}_n"] = total
        row["ms_mean"] = sum(self.ms) / max(1, len(self.ms))
        row["ms_median"] = sorted(self.ms)[len(self.ms) // 2] if self.ms else 0.0
        return row


def run(
    tasks: list[PageTask], systems: tuple[str, ...], jobs: int, overrides: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    """Every page scored by every system, each system in processes of its own: newscrawl
    puts its own last-resort date parser into htmldate for the whole process
    (``newscrawl.dates.guess``), and plain trafilatura dates pages with htmldate as
    shipped. With ``jobs`` 1 the systems run one after the other in this process, plain
    trafilatura first."""
    ordered = sorted(systems, key=lambda name: name != "plain")
    per_system = [list(_run_system(tasks, name, jobs, overrides)) for name in ordered]
    for pages in zip(*per_system, strict=True):
        merged: dict[str, Any] = {}
        for page in pages:
            merged.update(page)
        yield merged


def _run_system(
    tasks: list[PageTask], name: str, jobs: int, overrides: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    args = [(task, (name,), overrides) for task in tasks]
    if jobs <= 1:
        for arg in args:
            yield score_page(*arg)
        return
    with Pool(jobs, maxtasksperchild=200) as pool:
        yield from pool.starmap(score_page, args, chunksize=4)


METRICS = [
    ("text precision", "precision", "{:.3f}"),
    ("text recall", "recall", "{:.3f}"),
    ("text F1", "f1", "{:.3f}"),
    ("title exact", "title", "{:.3f}"),
    ("title, either kicker convention (title or `kicker: title`)", "title_pair", "{:.3f}"),
    ("author exact (set on fundus-dev): `authors`", "author", "{:.3f}"),
    ("author same people (bench: any list format; fundus: agencies removed): `authors`",
     "author_people", "{:.3f}"),
    ("byline exact (set on fundus-dev): `byline`; plain: its authors", "byline", "{:.3f}"),
    ("date exact day", "date", "{:.3f}"),
    ("empty output (pages)", "empty", "{:.0f}"),
    ("text starts inside a word (pages)", "cut_word", "{:.0f}"),
    ("soft hyphen / zero-width char stored (pages)", "invisible", "{:.0f}"),
    ("ms/page mean", "ms_mean", "{:.1f}"),
    ("ms/page median", "ms_median", "{:.1f}"),
]


def format_table(rows: dict[str, dict[str, float]]) -> str:
    """One table: a column per (set, system)."""
    names = list(rows)
    lines = ["| metric | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for label, key, fmt in METRICS:
        cells = [fmt.format(rows[name][key]) for name in names]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    counts = ", ".join(f"{name}: {rows[name]['title_n']}/{rows[name]['author_n']}/"
                       f"{rows[name]['author_people_n']}/{rows[name]['date_n']}"
                       for name in names if name.endswith("plain"))
    lines.append(f"\npages with gold title/author/people/date: {counts}")
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
    parser.add_argument("--sets", default=",".join(SETS), help="trafilatura-bench,fundus-dev")
    parser.add_argument("--data", type=Path, default=TRAFILATURA_BENCH,
                        help="trafilatura-bench directory")
    parser.add_argument("--fundus-data", type=Path, default=fundus_dev.FUNDUS_DEV,
                        help="fundus-dev directory")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of a set")
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
    sets = tuple(s for s in args.sets.split(",") if s)
    for chosen, known in ((systems, SYSTEMS), (sets, SETS)):
        unknown = set(chosen) - set(known)
        if unknown:
            parser.error(f"unknown name(s) {sorted(unknown)}; choose from {known}")
    jobs = max(1, min(args.jobs, 2))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    tasks: list[PageTask] = []
    if "trafilatura-bench" in sets:
        tasks += load_bench_tasks(args.data, args.limit)
    if "fundus-dev" in sets:
        tasks += load_fundus_tasks(args.fundus_data, args.limit)

    totals = {(s, name): Totals() for s in sets for name in systems}
    rejected: dict[str, int] = {}
    details = args.details.open("w", encoding="utf-8") if args.details else None
    started = time.perf_counter()
    overrides = dict(parse_override(item) for item in args.set)
    for page in run(tasks, systems, jobs, overrides):
        for name in systems:
            totals[page["dataset"], name].add(page[name])
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
    rows = {f"{s} {name}": totals[s, name].row() for s in sets for name in systems}
    if overrides:
        print("newscrawl options:", overrides)
    print(format_table(rows))
    if rejected:
        print("newscrawl NotAnArticle by reason:", dict(sorted(rejected.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
