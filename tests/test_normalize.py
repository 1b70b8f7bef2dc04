"""``newscrawl normalize``: corpora brought to the archive's schema."""

import gzip
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newscrawl.normalize import CorpusFormatError, normalize, normalize_record, read_dated_text
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
    assert record["published"] == "2017-05-01T00:00:00.000Z"
    assert record["published_precision"] == "month"
    assert record["agencies"] == ["APA", "AFP", "dpa", "Reuters"]


# -- keep what a record has, fill what is missing ----------------------------------------------

def test_an_offset_date_in_published_becomes_utc_with_its_offset_kept():
    out = normalize_record({"published": "2017-05-02T10:00:00+02:00", "text": "Ein Text."})
    assert out["published"] == datetime(2017, 5, 2, 8, 0, tzinfo=UTC)
    assert out["published_offset"] == "+02:00"
    assert out["published_raw"] == "2017-05-02T10:00:00+02:00"


def test_a_record_keeps_its_precision_source_and_agencies():
    record = {"published": "2017-05-01T00:00:00.000Z", "published_precision": "month",
              "published_source": "jsonld", "agencies": ["APA", "AFP", "dpa", "Reuters"],
              "credit": "(APA/AFP/dpa/Reuters)", "text": "Washington – Ein Text ohne Credit."}
    result = normalize(record)
    assert result.record["published_precision"] == "month"
    assert result.record["published_source"] == "jsonld"
    assert result.record["agencies"] == ["APA", "AFP", "dpa", "Reuters"]
    assert result.record["credit"] == "(APA/AFP/dpa/Reuters)"
    assert result.changed == []


def test_body_stands_in_for_a_missing_text_and_is_kept():
    result = normalize({"date": "2017-05-03", "body": "Wien (APA) - Ein Text. (APA)"})
    assert result.record["body"] == "Wien (APA) - Ein Text. (APA)"
    assert result.record["agencies"] == ["APA"] and "(APA)" not in result.record["text"][-6:]
    assert {"text", "agencies", "published", "published_precision"} <= set(result.added)


def test_an_unreadable_date_is_kept_with_a_warning():
    result = normalize({"date": "17-05", "text": "Ein Text."})
    assert result.record["date"] == "17-05" and "published" not in result.record
    assert result.warnings == ["unreadable date '17-05' in 'date': published left empty"]


def test_what_changed_is_listed():
    result = normalize({"published": "2017-05-02T10:00:00+02:00", "text": "T", "agencies": []})
    assert result.changed == ["published"]
    assert "published_offset" in result.added and "agencies" not in result.added


# -- the command --------------------------------------------------------------------------------

@pytest.fixture
def archive_export(db, tmp_path):
    """``newscrawl export`` of the test corpus as JSON Lines (gzip)."""
    from newscrawl.export.filters import ExportFilters
    from newscrawl.export.run import ExportOptions, export_archive
    from newscrawl.schema import SCHEMA
    from tests.test_export_corpus import fill_archive

    path = tmp_path / "corpus.jsonl.gz"
    export_archive(fill_archive(db), ExportFilters(), path,
                   ExportOptions("jsonl", [f.name for f in SCHEMA]))
    return path


def test_export_then_normalize_gives_the_same_records(archive_export, tmp_path):
    out = tmp_path / "again.jsonl"
    result = run_newscrawl("normalize", str(archive_export), "-o", str(out), timeout=120)
    assert result.returncode == 0, result.stderr
    with gzip.open(archive_export, "rt", encoding="utf-8") as exported:
        before = [json.loads(line) for line in exported]
    after = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(after) == len(before) == 7
    for original, normalised in zip(before, after, strict=True):
        assert normalised == original
    assert "7 records normalised; fields added: none; fields changed: none" in result.stderr


def test_stdin_to_stdout_with_dash(tmp_path):
    line = json.dumps({"date": "2017-05", "text": "Wien (APA) - Ein Text. (APA)"})
    done = subprocess.run([sys.executable, "-m", "newscrawl.cli", "normalize", "-", "-o", "-"],
                          input=line + "\n", capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["published"] == "2017-05-01T00:00:00.000Z"


def test_a_closed_pipe_ends_quietly(tmp_path):
    corpus = tmp_path / "big.jsonl"
    corpus.write_text("".join(json.dumps({"date": "2017-05", "text": f"Text {i}. " * 400}) + "\n"
                              for i in range(400)), encoding="utf-8")
    done = subprocess.run(f"{sys.executable} -m newscrawl.cli normalize {corpus} | head -1",
                          shell=True, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0
    assert json.loads(done.stdout)["published_precision"] == "month"
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr


def test_an_unreadable_date_warns_with_its_line_number(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"date": "2017-05", "text": "A"}) + "\n\n"
                      + json.dumps({"date": "17-05", "text": "B"}) + "\n", encoding="utf-8")
    done = run_newscrawl("normalize", str(corpus), timeout=120)
    assert done.returncode == 0
    assert (f"warning: {corpus} line 3: unreadable date '17-05' in 'date': published left empty"
            in done.stderr)
    assert [json.loads(line)["text"] for line in done.stdout.splitlines()] == ["A", "B"]
