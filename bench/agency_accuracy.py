"""Agency credit accuracy and speed of newscrawl.agencies on the labelled cases.

Data: tests/data/credits_cases*.jsonl (one labelled article per line: text, expected
agencies, credit, dateline places; see tests/test_credits.py).

    python bench/agency_accuracy.py [--data DIR] [--failures]

Reports, per file and language: agency precision and recall (micro-averaged over
articles), the share of articles whose agency list is exactly right (order included),
credit and dateline accuracy, false positives on photo-credit traps, and the time
analyse_credits takes on a 10,000-character article and on 1 MB of hostile input.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.agencies import analyse_credits

DEFAULT_DATA = ROOT / "tests" / "data"


class Tally:
    def __init__(self) -> None:
        self.articles = self.exact = self.credit_ok = self.places_ok = 0
        self.true_pos = self.predicted = self.expected = 0
        self.photo_traps = self.photo_false_pos = 0

    def add(self, case: dict, result) -> bool:
        got, want = set(result.agencies), set(case["agencies"])
        places = result.dateline["places"] if result.dateline else None
        self.articles += 1
        self.true_pos += len(got & want)
        self.predicted += len(got)
        self.expected += len(want)
        self.exact += result.agencies == case["agencies"]
        self.credit_ok += result.credit == case["credit"]
        self.places_ok += places == case["places"]
        if case.get("trap") == "photo":
            self.photo_traps += 1
            self.photo_false_pos += bool(result.credit or result.agencies)
        return (result.agencies == case["agencies"] and result.credit == case["credit"]
                and places == case["places"])

    def row(self, name: str) -> str:
        precision = self.true_pos / self.predicted if self.predicted else 1.0
        recall = self.true_pos / self.expected if self.expected else 1.0
        return (f"{name:<34} {self.articles:>5} {precision:>9.3f} {recall:>7.3f} "
                f"{self.exact / self.articles:>7.3f} {self.credit_ok / self.articles:>7.3f} "
                f"{self.places_ok / self.articles:>7.3f} {self.photo_false_pos:>3}/{self.photo_traps}")


def timing() -> tuple[float, float]:
    sentence = ("Die Bundesregierung will die Förderung für Wärmepumpen neu regeln, sagte ein "
                "Sprecher am Montag in Berlin. ")
    article = "Berlin (dpa) - " + (sentence * 90)[:10_000].rstrip() + ". (dpa/AFP)"
    analyse_credits(article)
    runs = 2_000
    began = time.perf_counter()
    for _ in range(runs):
        analyse_credits(article)
    per_article = (time.perf_counter() - began) / runs
    hostile = "(/" * 500_000
    began = time.perf_counter()
    analyse_credits(hostile)
    return per_article, time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--failures", action="store_true", help="list the cases that differ")
    args = parser.parse_args()
    files = sorted(args.data.glob("credits_cases*.jsonl"))
    if not files:
        print(f"no credits_cases*.jsonl in {args.data}", file=sys.stderr)
        return 2
    total, by_file, by_lang = Tally(), defaultdict(Tally), defaultdict(Tally)
    failures = []
    for path in files:
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            result = analyse_credits(case["text"], authors=case.get("authors", ()),
                                     meta_names=case.get("meta_names", ()),
                                     language=case.get("lang"),
                                     default_agency=case.get("default_agency"))
            ok = total.add(case, result)
            by_file[path.name].add(case, result)
            by_lang[case.get("lang", "?")].add(case, result)
            if not ok:
                failures.append((case["id"], result.agencies, case["agencies"], result.credit))
    print(f"{'':<34} {'cases':>5} {'precision':>9} {'recall':>7} {'exact':>7} {'credit':>7} "
          f"{'places':>7} photo-FP")
    for name, tally in sorted(by_file.items()):
        print(tally.row(name))
    for name, tally in sorted(by_lang.items()):
        print(tally.row(f"lang={name}"))
    print(total.row("all"))
    per_article, hostile = timing()
    print(f"\nanalyse_credits: {per_article * 1000:.3f} ms per 10k-char article; "
          f"{hostile * 1000:.2f} ms on 1 MB of '(/'")
    if args.failures:
        for failure in failures:
            print("FAIL", *failure)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
