"""``newscrawl report``: one self-contained HTML page with plots of the
archive and of the recorded crawls, rendered by a real headless browser."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newscrawl.cli import main
from newscrawl.export.report import render_report
from newscrawl.export.summary import RUNS, summarise_archive, summarise_runs
from tests.test_export_corpus import fill_archive


@pytest.fixture
def archive(db):
    return fill_archive(db)

STARTED = datetime(2017, 6, 3, 6, 0, tzinfo=UTC)


def run_record(n: int, *, healthy: bool = True, **fields) -> dict:
    """A ``runs`` document as newscrawl.ops.runs writes it."""
    record = {
        "_id": f"run{n}", "source": "derstandard", "spider": "feeds",
        "started": STARTED + timedelta(hours=n),
        "finished": STARTED + timedelta(hours=n, seconds=42),
        "finish_reason": "finished", "healthy": healthy,
        "problems": [] if healthy else ["no article stored"],
        "counts": {"stored": 5, "dropped": {"too_short": 3, "not_article": 1}},
        "stats": [{"key": "finish_reason", "value": "finished"}],
    }
    record.update(fields)
    return record


def report(db, **kwargs) -> str:
    return render_report(summarise_archive(db), summarise_runs(db), database=db.name,
                         now=STARTED, **kwargs)


def test_report_is_self_contained(archive):
    html = report(archive)
    assert html.count("<svg") >= 6
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\(", html, re.IGNORECASE)
    assert not re.search(r"""(src|href)\s*=""", html, re.IGNORECASE)


def test_report_plots_articles_per_day_per_source_and_agency(archive):
    html = report(archive)
    assert "<title>2017-05-12 tagesschau: 1</title>" in html
    assert "<title>2017-05-20 Reuters: 1</title>" in html
    assert "derstandard (3)" in html  # legend: day-precision records only


def test_report_plots_languages_precisions_and_agency_totals(archive):
    html = report(archive)
    for expected in ("<title>de: 6</title>", "<title>en: 1</title>", "<title>month: 1</title>",
                     "<title>undated: 1</title>", "<title>APA: 3</title>"):
        assert expected in html


def test_report_without_runs_says_no_runs_recorded(archive):
    assert report(archive).count("no runs recorded") == 2


def test_report_sums_drops_over_runs_and_shows_the_latest_runs_health(archive):
    archive[RUNS].insert_many([
        run_record(1),
        run_record(2, healthy=False, finish_reason="closespider_timeout",
                   counts={"stored": 0}, stats=[{"key": "newscrawl/dropped/too_short",
                                                 "value": 4}]),
    ])
    html = report(archive)
    assert "<title>too_short: 7</title>" in html and "<title>not_article: 1</title>" in html
    latest = html.index("2017-06-03 08:00 UTC")  # newest first
    assert latest < html.index("2017-06-03 07:00 UTC")
    assert "closespider_timeout" in html and 'class="bad">unhealthy' in html
    assert "no article stored" in html and "42 s" in html


def test_days_limits_the_plots_to_the_last_days_of_the_archive(archive):
    html = report(archive, days=10)
    assert "2017-05-24 to 2017-06-02 in days" in html
    assert "<title>2017-05-12" not in html


def test_an_archive_of_a_month_is_plotted_by_day_with_a_labelled_y_axis(archive):
    html = report(archive)
    assert "Articles per day per source" in html and ">articles per day</text>" in html
    assert "2017-05-03 to 2017-06-02 in days: 5 of 7 articles are dated to the day" in html
    assert "1 dated only to the month (or outside the plotted days) in the per-month view" in html
    assert "1 undated" in html


def test_bins_follow_the_span_days_weeks_months():
    from datetime import date

    from newscrawl.export.report import bin_unit

    assert bin_unit(date(2017, 5, 1), date(2017, 7, 31)) == "day"
    assert bin_unit(date(2017, 5, 1), date(2018, 5, 1)) == "week"
    assert bin_unit(date(2017, 5, 1), date(2024, 5, 1)) == "month"


def test_an_archive_over_years_is_plotted_by_month_and_the_2017_story_is_in_it(db):
    from tests.test_export_corpus import article

    db["articles"].insert_many([
        article(1, published=datetime(2017, 5, 2, 19, 14, tzinfo=UTC)),
        article(2, published=datetime(2024, 3, 1, 8, 0, tzinfo=UTC), source="tagesschau"),
        article(3, published=datetime(2024, 3, 5, 8, 0, tzinfo=UTC), source="tagesschau"),
    ])
    html = report(db)
    assert "Articles per month per source" in html and ">articles per month</text>" in html
    assert "<title>2017-05 derstandard: 1</title>" in html
    assert "<title>2024-03 tagesschau: 2</title>" in html
    assert "3 of 3 articles are dated to the day and shown" in html


def test_an_archive_of_half_a_year_is_plotted_by_iso_week(db):
    from tests.test_export_corpus import article

    db["articles"].insert_many([
        article(1, published=datetime(2024, 1, 3, 8, 0, tzinfo=UTC)),
        article(2, published=datetime(2024, 6, 28, 8, 0, tzinfo=UTC)),
    ])
    html = report(db)
    assert "Articles per week (Monday to Sunday) per source" in html
    assert "<title>2024-W01 derstandard: 1</title>" in html
    assert "<title>2024-W26 derstandard: 1</title>" in html


def test_a_multi_agency_article_counts_once_per_agency_and_is_not_stacked_twice(archive):
    html = report(archive)
    per_agency = html[html.index("Articles per day per agency"):
                      html.index("Articles per month per source")]
    assert "<polyline" in per_agency and "<rect" not in per_agency  # lines, no stacked columns
    assert "an article crediting several counts once for each" in per_agency
    assert "<title>2017-05-12 AFP: 1</title>" in per_agency  # story 4: dpa and AFP
    assert "<title>2017-05-12 dpa: 1</title>" in per_agency
    per_source = html[html.index("Articles per day per source"):
                      html.index("Articles per day per agency")]
    assert "<title>2017-05-12 tagesschau: 1</title>" in per_source  # the same story, once
    assert "stacked: a column is the total" in per_source


def test_the_month_view_holds_the_month_precision_seed(archive):
    html = report(archive)
    per_month = html[html.index("Articles per month per source"):
                     html.index("Articles per month per agency")]
    assert "<title>2017-05 derstandard: 3</title>" in per_month  # seed + stories 2 and 5
    assert "<title>2017-06 derstandard: 1</title>" in per_month


def test_report_command_writes_the_page(archive, mongo_uri, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("NEWSCRAWL_MONGO_URI", mongo_uri)
    monkeypatch.delenv("NEWSCRAWL_MONGO_DATABASE", raising=False)
    out = tmp_path / "r" / "report.html"
    database = f"NEWSCRAWL_MONGO_DATABASE={archive.name}"
    assert main(["report", "--out", str(out), "-s", database]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert f"report -> {out}" in capsys.readouterr().out


# -- rendered by a browser ----------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def png_colours(path: Path) -> set[bytes]:
    """Distinct pixels of an 8-bit RGB(A) PNG (no library: zlib and unfiltering)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour_type = header[:4]
    assert depth == 8 and colour_type in (2, 6), header
    size = 3 if colour_type == 2 else 4
    raw, stride, previous, colours = zlib.decompress(idat), width * size, None, set()
    for y in range(height):
        row = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        kind, line = row[0], bytearray(row[1:])
        prior = previous or bytearray(stride)
        for i in range(stride):
            left = line[i - size] if i >= size else 0
            up, corner = prior[i], prior[i - size] if i >= size else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc
                                      else corner)) & 255
        colours.update(bytes(line[i:i + size]) for i in range(0, stride, size * 7))
        previous = line
    return colours


@pytest.mark.skipif(not CHROMIUM and not os.environ.get("CI"),
                    reason="chromium is not installed (make test installs it when run as root)")
def test_report_renders_in_a_headless_browser(archive, tmp_path):
    assert CHROMIUM, "chromium missing under CI: make test installs it"
    archive[RUNS].insert_many([run_record(1), run_record(2, healthy=False)])
    page, shot = tmp_path / "report.html", tmp_path / "shot.png"
    page.write_text(report(archive), encoding="utf-8")
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
         "--window-size=1200,2000", page.as_uri()],
        capture_output=True, timeout=90, check=False)
    assert shot.exists() and shot.stat().st_size > 10_000
    colours = png_colours(shot)
    assert len(colours) > 5  # text, bars in several palette colours: not a blank page
    assert any(c[:3] == bytes.fromhex("0072B2") for c in colours)  # the first bar colour


def test_report_of_an_empty_archive_says_there_is_nothing_to_show(db):
    html = report(db)
    assert "0 articles from 0 sources" in html
    assert "no articles dated to the day" in html and "nothing to show" in html
