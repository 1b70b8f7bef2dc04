"""The ``newscrawl`` command end to end: demo, extract, db, stats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime

import pytest

from newscrawl.demo.site import article_page, load_articles
from newscrawl.store.mongo import connect
from newscrawl.store.spool import spool_files, spooled_count
from tests.conftest import ROOT, free_port, run_newscrawl


@pytest.fixture
def seed_page(tmp_path):
    seed = next(a for a in load_articles() if "trump-putin" in a["slug"])
    path = tmp_path / "seed.html"
    path.write_text(article_page(seed, "https://www.demo-kurier.example"), encoding="utf-8")
    return path


def test_extract_prints_the_seed_article_with_subheadings_and_quotes(seed_page):
    result = run_newscrawl("extract", str(seed_page), "--url",
                       "https://www.demo-kurier.example/politik/2017/05/trump-putin")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    text = record["text"]
    assert text.startswith("Washington, Moskau – US-Präsident Donald Trump")
    assert "\n\n„Gewalt in Syrien ein Ende bereiten“\n\n" in text
    assert "\n\nTreffen am Rande des G20-Gipfels\n\n" in text
    assert "„Der Fokus lag darauf, wie das Vorgehen der USA und Russlands bei der Terrorbekämpfung" in text
    assert text.endswith("hatte Außenminister Rex Tillerson im April Putin in Moskau besucht.")
    assert record["credit"] == "(APA/AFP/dpa/Reuters)"
    assert record["agencies"] == ["APA", "AFP", "dpa", "Reuters"]
    assert record["published"] == "2017-05-02T19:14:00.000Z"
    assert record["title"] == "Trump und Putin wollen Vorgehen gegen Terror abstimmen"


def test_extract_reports_a_dropped_page_and_exits_non_zero(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav>Home</nav></body></html>")
    result = run_newscrawl("extract", str(page))
    assert result.returncode == 1
    assert "dropped" in json.loads(result.stdout)


@pytest.fixture
def demo_env(tmp_path):
    env = {"NEWSCRAWL_DATA_DIR": str(tmp_path / "var"), "NEWSCRAWL_EMBEDDED_PORT": str(free_port())}
    os.environ.pop("NEWSCRAWL_MONGO_URI", None)
    yield env
    run_newscrawl("db", "stop", env=env)


def test_demo_stores_every_article_exactly_once_with_correct_types(demo_env):
    port = f"NEWSCRAWL_DEMO_PORT={free_port()}"
    for _ in range(2):  # a second demo run must not duplicate anything
        result = run_newscrawl("demo", "-s", port, env=demo_env)
        assert result.returncode == 0, result.stderr[-3000:]
    assert f"{len(load_articles())} demo articles in the archive" in result.stdout
    client = connect(f"mongodb://127.0.0.1:{demo_env['NEWSCRAWL_EMBEDDED_PORT']}/")
    try:
        docs = list(client.newscrawl.articles.find({"source": "demo"}))
    finally:
        client.close()
    assert sorted(d["url"].split("/", 3)[3] for d in docs) == sorted(a["slug"] for a in load_articles())
    for doc in docs:
        for field in ("published", "fetched_at", "first_seen"):
            assert isinstance(doc[field], datetime) and doc[field].tzinfo is not None, field
        assert isinstance(doc["agencies"], list) and doc["agencies"], doc["url"]
        assert isinstance(doc["extractor"], dict) and doc["extractor"]["version"]


def test_demo_with_the_database_down_says_so_in_one_line_and_spools_the_articles(demo_env, tmp_path):
    down = {**demo_env, "NEWSCRAWL_MONGO_URI": f"mongodb://127.0.0.1:{free_port()}/"}
    result = run_newscrawl("demo", "-s", f"NEWSCRAWL_DEMO_PORT={free_port()}",
                           "-s", "NEWSCRAWL_MONGO_TIMEOUT_MS=300", env=down)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    said = [line for line in result.stderr.splitlines() if line.startswith("newscrawl demo:")]
    assert len(said) == 1 and "does not answer" in said[0] and "newscrawl replay" in said[0], said
    spooled = sum(spooled_count(path) for path in spool_files(tmp_path / "var" / "spool"))
    assert spooled == len(load_articles())


@pytest.mark.parametrize("command", [["stats"], ["export", "-"]], ids=["stats", "export"])
def test_output_into_a_reader_that_stopped_reading_ends_quietly(demo_env, command):
    assert run_newscrawl("demo", "-s", f"NEWSCRAWL_DEMO_PORT={free_port()}", env=demo_env).returncode == 0
    printing = subprocess.Popen([sys.executable, "-m", "newscrawl.cli", *command], cwd=ROOT,
                                env={**os.environ, **demo_env}, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    printing.stdout.close()  # `| head` that had all it wanted before the command printed
    stderr = printing.stderr.read()
    assert printing.wait(timeout=120) == 0
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr[-2000:]


def test_db_commands_start_report_and_stop_the_embedded_server(demo_env):
    assert run_newscrawl("db", "start", env=demo_env).returncode == 0
    status = run_newscrawl("db", "status", env=demo_env)
    assert status.returncode == 0 and status.stdout.startswith("running")
    assert run_newscrawl("db", "stop", env=demo_env).stdout.strip() == "stopped"
    assert run_newscrawl("db", "status", env=demo_env).returncode == 3


def test_stats_counts_by_source_language_and_month(demo_env):
    assert run_newscrawl("demo", "-s", f"NEWSCRAWL_DEMO_PORT={free_port()}", env=demo_env).returncode == 0
    result = run_newscrawl("stats", env=demo_env)
    assert result.returncode == 0, result.stderr
    assert f"{len(load_articles())} articles" in result.stdout
    assert "2017-05" in result.stdout and "demo" in result.stdout


def test_extract_reads_an_endless_input_only_up_to_the_extraction_limit():
    # /dev/zero never ends: reading it whole grew the process to 7 GB
    result = run_newscrawl("extract", "/dev/zero", timeout=60)
    assert result.returncode == 1
    assert json.loads(result.stdout)["dropped"] == "too_large"
