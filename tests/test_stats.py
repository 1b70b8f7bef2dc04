"""``newscrawl stats``: tables of what the archive holds and what the crawls dropped."""

from __future__ import annotations

import pytest

from newscrawl.cli import main
from newscrawl.export.summary import RUNS, summarise_archive
from tests.test_export_corpus import fill_archive
from tests.test_report import run_record


@pytest.fixture
def archive(db):
    return fill_archive(db)


def stats(db, mongo_uri, monkeypatch, capsys) -> str:
    monkeypatch.setenv("NEWSCRAWL_MONGO_URI", mongo_uri)
    monkeypatch.delenv("NEWSCRAWL_MONGO_DATABASE", raising=False)
    assert main(["stats", "-s", f"NEWSCRAWL_MONGO_DATABASE={db.name}"]) == 0
    return capsys.readouterr().out


def section(output: str, title: str) -> list[str]:
    """The rows of one table, as ``key count`` pairs."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{title}"))
    rows = []
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        rows.append(" ".join(line.split()[:2]))
    return rows


def test_stats_count_by_source_language_month_agency_and_precision(archive, mongo_uri,
                                                                     monkeypatch, capsys):
    out = stats(archive, mongo_uri, monkeypatch, capsys)
    assert out.startswith(f"7 articles in {archive.name}")
    assert section(out, "source:") == ["derstandard 5", "tagesschau 2"]
    assert section(out, "language:") == ["de 6", "en 1"]
    assert section(out, "month:") == ["2017-05 5", "2017-06 1", "undated 1"]
    assert section(out, "agency:")[:2] == ["APA 3", "dpa 3"]
    assert section(out, "precision:") == ["month 1", "day 1", "minute 3", "second 1",
                                          "undated 1"]


def test_stats_show_drops_by_reason_summed_over_recorded_runs(archive, mongo_uri, monkeypatch,
                                                             capsys):
    archive[RUNS].insert_many([run_record(1), run_record(2)])
    out = stats(archive, mongo_uri, monkeypatch, capsys)
    assert section(out, "dropped by reason (in 2 recorded runs):") == ["too_short 6",
                                                                       "not_article 2"]


def test_stats_say_when_no_runs_are_recorded(archive, mongo_uri, monkeypatch, capsys):
    assert "dropped by reason: no runs recorded" in stats(archive, mongo_uri, monkeypatch, capsys)


def test_only_day_precise_records_are_placed_on_a_day(archive):
    summary = summarise_archive(archive)
    assert sum(summary.day_source.values()) == 5  # not the month-precision or undated one
