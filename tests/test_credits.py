"""Credit lines, datelines and the agencies of an article, on labelled wire copy.

The labelled cases live in ``tests/data/credits_cases*.jsonl`` (German, Austrian, Swiss,
English and French copy; credits, datelines, authors/meta names and traps).
``credits_cases_holdout*.jsonl`` (four sets) were written after
the first implementation, before running them, to measure generalisation (first-run
figures in docs/agencies.md). Each line:
``text``, expected ``agencies`` (canonical codes, in order), expected ``credit`` (raw
string or null), expected dateline ``places`` (null: no dateline), optional ``authors``,
``meta_names``, ``default_agency``, ``expect_authors`` and ``trap`` (photo, mention,
word, staff, dateline).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from newscrawl.agencies import CreditAnalysis, analyse_credits, parse_credit_line, parse_dateline

DATA = Path(__file__).parent / "data"
CASES = [json.loads(line) for path in sorted(DATA.glob("credits_cases*.jsonl"))
         for line in path.read_text("utf-8").splitlines() if line.strip()]


def analyse(case: dict) -> CreditAnalysis:
    return analyse_credits(case["text"], authors=case.get("authors", ()),
                           meta_names=case.get("meta_names", ()), language=case.get("lang"),
                           default_agency=case.get("default_agency"))


def assert_body(text: str, result: CreditAnalysis) -> None:
    """Without a credit the body is the input; with one, the input minus the credit (and
    the whitespace before it); picture-credit lines after the credit stay."""
    if result.credit_span is None:  # no credit, or a leading byline that stays in the text
        assert result.text == text
        return
    start, end = result.credit_span
    assert text[start:end] == result.credit
    rest = text[end:]
    assert result.text == text[:start].rstrip() + (rest if rest.strip() else "")


def seed_text() -> str:
    raw = (DATA / "credits_seed_article_2017-05.txt").read_text("utf-8")
    return raw.removeprefix(" date 2017-05 ")


# -- the seed article -------------------------------------------------------------------
def test_seed_article():
    text = seed_text()
    result = analyse_credits(text, language="de")
    assert result.agencies == ["APA", "AFP", "dpa", "Reuters"]
    assert result.credit == "(APA/AFP/dpa/Reuters)"
    assert result.dateline is not None
    assert result.dateline["places"] == ["Washington", "Moskau"]
    assert result.dateline["agency"] is None
    start, end = result.dateline["span"]
    assert text[start:end] == result.dateline["raw"] == "Washington, Moskau –"
    assert result.text.endswith("im April Putin in Moskau besucht.")
    assert result.text == text[:len(result.text)]  # only the credit left the body
    assert result.text.startswith("Washington, Moskau – US-Präsident")


def test_seed_article_strip_dateline():
    result = analyse_credits(seed_text(), strip_dateline=True)
    assert result.text.startswith("US-Präsident Donald Trump")
    assert result.dateline["places"] == ["Washington", "Moskau"]
    assert result.text.endswith("besucht.")


def test_as_fields_is_the_stored_shape():
    fields = analyse_credits(seed_text()).as_fields()
    assert set(fields) == {"agencies", "credit", "text", "authors", "dateline"}
    assert fields["dateline"] == {"places": ["Washington", "Moskau"], "raw": "Washington, Moskau –",
                                  "agency": None, "span": [0, 20]}
    json.dumps(fields)  # plain data, storable as is


# -- the labelled set -------------------------------------------------------------------
def test_labelled_set_size():
    traps = [c for c in CASES if c.get("trap")]
    assert len(CASES) >= 150
    assert len(traps) >= 40
    assert {c["lang"] for c in CASES} >= {"de", "en", "fr"}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_labelled_case(case):
    result = analyse(case)
    assert result.agencies == case["agencies"]
    assert result.credit == case["credit"]
    places = result.dateline["places"] if result.dateline else None
    assert places == case["places"]
    if "expect_authors" in case:
        assert result.authors == case["expect_authors"]
    assert_body(case["text"], result)
    if result.dateline:
        start, end = result.dateline["span"]
        assert case["text"][start:end] == result.dateline["raw"]


def test_precision_and_recall_over_labelled_set():
    """Agency precision >= 0.98 and recall >= 0.95: micro-averaged over (article, agency)
    pairs, and macro-averaged per article (an article without predicted agencies has
    precision 1, one without expected agencies recall 1)."""
    true_pos = predicted = expected = 0
    per_article_precision, per_article_recall = [], []
    for case in CASES:
        got, want = set(analyse(case).agencies), set(case["agencies"])
        hits = len(got & want)
        true_pos += hits
        predicted += len(got)
        expected += len(want)
        per_article_precision.append(hits / len(got) if got else 1.0)
        per_article_recall.append(hits / len(want) if want else 1.0)
    assert true_pos / predicted >= 0.98
    assert true_pos / expected >= 0.95
    assert sum(per_article_precision) / len(CASES) >= 0.98
    assert sum(per_article_recall) / len(CASES) >= 0.95


def test_no_photo_credit_false_positives():
    photo = [c for c in CASES if c.get("trap") == "photo"]
    assert len(photo) >= 15
    wrong = [c["id"] for c in photo if analyse(c).credit or analyse(c).agencies]
    assert wrong == []


# -- credit line details ---------------------------------------------------------------
def test_parse_credit_line_span_and_kind():
    text = "Die Sitzung wurde vertagt. (APA/AFP/dpa/Reuters)\n"
    line = parse_credit_line(text)
    assert line is not None
    assert line.raw == "(APA/AFP/dpa/Reuters)"
    assert text[line.span[0]:line.span[1]] == line.raw
    assert line.agencies == ["APA", "AFP", "dpa", "Reuters"]
    assert line.kind == "parenthesis"
    assert line["span"] == line.span == [27, 48]


def test_duplicates_removed_order_kept():
    result = analyse_credits("Berlin (dpa) - Es regnet. (AFP/dpa/AFP/Reuters/dpa)")
    assert result.agencies == ["AFP", "dpa", "Reuters"]


def test_reporting_line_takes_agency_from_dateline():
    text = "WASHINGTON (Reuters) - Prices rose.\n\nReporting by Jane Doe; Editing by John Roe"
    result = analyse_credits(text)
    assert result.agencies == ["Reuters"]
    assert result.credit == "Reporting by Jane Doe; Editing by John Roe"
    assert result.text == "WASHINGTON (Reuters) - Prices rose."
    assert result.dateline["agency"] == "Reuters"


def test_staff_tag_after_credit_is_part_of_it():
    result = analyse_credits("Es regnet weiter. (APA)\n(red)")
    assert result.agencies == ["APA"]
    assert result.credit == "(APA)\n(red)"
    assert result.text == "Es regnet weiter."


def test_unknown_default_agency_suggests():
    with pytest.raises(ValueError, match="unknown agency 'dap'.*did you mean dpa"):
        analyse_credits("Text ohne Quelle.", default_agency="dap")


def test_default_agency_alias_is_canonicalised():
    assert analyse_credits("Text.", default_agency="Associated Press").agencies == ["AP"]


def test_empty_text():
    result = analyse_credits("")
    assert result.as_fields() == {"agencies": [], "credit": None, "text": "", "authors": [],
                                  "dateline": None}


def test_only_a_credit():
    result = analyse_credits("(dpa)")
    assert result.agencies == ["dpa"]
    assert result.text == ""
    assert result.dateline is None


# -- performance and hostile input -------------------------------------------------------
def _article(chars: int) -> str:
    paragraph = ("Die Bundesregierung will die Förderung für Wärmepumpen neu regeln, sagte ein Sprecher "
                 "des Wirtschaftsministeriums am Montag in Berlin. ")
    body = (paragraph * (chars // len(paragraph) + 1))[:chars]
    return "Berlin (dpa) - " + body.rstrip() + ". (dpa/AFP)"


def test_ten_thousand_char_article_is_fast():
    text = _article(10_000)
    analyse_credits(text)  # warm the registry cache
    runs = 200
    began = time.perf_counter()
    for _ in range(runs):
        result = analyse_credits(text)
    per_call = (time.perf_counter() - began) / runs
    assert result.agencies == ["dpa", "AFP"]
    assert per_call < 0.005, f"{per_call * 1000:.2f} ms per article"


@pytest.mark.parametrize("filler", ["/", "(", ")", "(dpa/", " - ", "a/", "\n", "Berlin, ", "© "])
def test_hostile_input_is_bounded(filler):
    """Work is bounded by the head and tail windows, not by the size of the text."""
    small, large = filler * 2_000, filler * 500_000
    timings = []
    for text in (small, large):
        began = time.perf_counter()
        analyse_credits(text)
        parse_credit_line(text)
        parse_dateline(text)
        timings.append(time.perf_counter() - began)
    assert timings[1] < 0.25, f"{timings[1]:.3f}s for 1 MB of {filler!r}"


def test_hostile_large_credit_is_still_found_at_the_end():
    text = "(" * 1_000_000 + "\n\nDer Text endet hier. (dpa)"
    began = time.perf_counter()
    result = analyse_credits(text)
    assert time.perf_counter() - began < 0.25
    assert result.agencies == ["dpa"]
