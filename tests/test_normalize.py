"""``newscrawl normalize``: corpora brought to the archive's schema."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newscrawl.normalize import CorpusFormatError, normalize_record, read_dated_text
from tests.conftest import run_newscrawl

SEED_BODY = (Path(__file__).parent.parent / "newscrawl" / "demo" / "seed-article.txt").read_text(encoding="utf-8")
SEED_LINE = " date 2017-05 " + SEED_BODY


def test_seed_corpus_line_gets_month_precision_and_its_agencies():
    (record,) = read_dated_text(SEED_LINE.splitlines(keepends=True))
    out = normalize_record(record)
    assert out["published"] == datetime(2017, 5, 1, tzinfo=UTC)
    assert out["published_precision"] == "month"
    assert out["published_raw"] == "2017-05"
    assert out["agencies"] == ["APA", "AFP", "dpa", "Reuters"]
    assert out["credit"] == "(APA/AFP/dpa/Reuters)"
    assert out["dateline"]["places"] == ["Washington", "Moskau"]


def test_seed_text_keeps_subheadings_quotes_and_body_dates_but_not_the_credit():
    (record,) = read_dated_text(SEED_LINE.splitlines(keepends=True))
    text = normalize_record(record)["text"]
    assert text.startswith("Washington, Moskau – US-Präsident Donald Trump")
    assert "„Gewalt in Syrien ein Ende bereiten“" in text
    assert "Treffen am Rande des G20-Gipfels" in text
    assert "am 3. und 4. Mai in Astana" in text
    assert text.endswith("im April Putin in Moskau besucht.")


def test_body_dates_do_not_become_the_publication_date():
    (record,) = read_dated_text(SEED_LINE.splitlines(keepends=True))
    out = normalize_record(record)
    assert out["published"].month == 5 and out["published"].day == 1  # not "3. Mai", not "7. Juli"


def test_dated_text_splits_records_at_date_lines():
    lines = [" date 2017-05 Erster Text.\n", "Zweiter Absatz.\n", " date 2017-06-02 Zweiter Text.\n"]
    records = list(read_dated_text(lines))
    assert [r["date"] for r in records] == ["2017-05", "2017-06-02"]
    assert records[0]["text"] == "Erster Text.\nZweiter Absatz."


def test_text_before_the_first_date_line_is_a_clear_error():
    with pytest.raises(CorpusFormatError, match="line 1: expected ' date YYYY"):
        list(read_dated_text(["kein Datum hier\n"]))


def test_json_record_local_time_uses_its_timezone():
    out = normalize_record({"date": "03.05.2017 14:32", "text": "Wien (APA) - Ein Text. (APA)",
                            "timezone": "Europe/Vienna"})
    assert out["published"] == datetime(2017, 5, 3, 12, 32, tzinfo=UTC)
    assert out["published_precision"] == "minute"
    assert out["agencies"] == ["APA"]


def test_cli_normalizes_json_lines_from_a_file(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": 7, "date": "2017-05", "text": SEED_BODY}) + "\n", encoding="utf-8")
    result = run_newscrawl("normalize", str(corpus), timeout=120)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["id"] == 7
    assert record["published"] == "2017-05-01T00:00:00Z"
    assert record["published_precision"] == "month"
    assert record["agencies"] == ["APA", "AFP", "dpa", "Reuters"]
