"""The command line's contract: a light ``--help``, ``--version``, ``stats``
with the export filters, one record per page in ``extract`` and the same
record from Python, the configured sources, a progress line that never
counts down, setting checks and the one place data directories are resolved."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from io import StringIO

import pytest

from newscrawl import __version__, extract_record
from newscrawl.cli import COMMANDS, main, module_name
from newscrawl.demo.site import article_page, load_articles
from newscrawl.ops.progress import ProgressBoard
from newscrawl.settings import paths
from newscrawl.settings.checks import SettingError, check_value
from newscrawl.sources import SourceError, configured_sources, load_registry
from newscrawl.stages import json_default
from tests.conftest import ROOT, run_newscrawl
from tests.test_export_corpus import fill_archive

#: What ``newscrawl --help`` must not import: the crawl, the database, the
#: extraction and the MinHash/Parquet stacks (scipy came in through datasketch).
HEAVY = ("scrapy", "twisted", "pymongo", "trafilatura", "lxml", "datasketch", "scipy", "numpy",
         "pyarrow")


@pytest.mark.parametrize("argv", [["--help"], ["--version"]])
def test_help_and_version_import_none_of_the_heavy_libraries(argv):
    probe = ("import sys\nfrom newscrawl.cli import main\n"
             f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
             f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_version_prints_the_package_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"newscrawl {__version__}"


def test_help_lists_every_command_with_the_help_its_module_gives():
    """The table in newscrawl.cli (shown by --help without importing the
    modules) says what each module's own parser says."""
    parser = __import__("argparse").ArgumentParser()
    subparsers = parser.add_subparsers()
    for name in COMMANDS:
        importlib.import_module(f"newscrawl.commands.{module_name(name)}").register(subparsers)
    actions = {a.dest: a.help for a in subparsers._choices_actions}
    assert actions == COMMANDS


# --- stats: the export filters and --json ---

def stats_json(db, mongo_uri, monkeypatch, capsys, *args: str) -> dict:
    monkeypatch.setenv("NEWSCRAWL_MONGO_URI", mongo_uri)
    monkeypatch.delenv("NEWSCRAWL_MONGO_DATABASE", raising=False)
    assert main(["stats", "--json", *args, "-s", f"NEWSCRAWL_MONGO_DATABASE={db.name}"]) == 0
    return json.loads(capsys.readouterr().out)


def test_stats_json_counts_the_whole_archive_by_table(db, mongo_uri, monkeypatch, capsys):
    report = stats_json(fill_archive(db), mongo_uri, monkeypatch, capsys)
    assert report["articles"] == 7
    assert report["source"] == {"derstandard": 5, "tagesschau": 2}
    assert list(report["month"]) == ["2017-05", "2017-06", "undated"]
    assert list(report["precision"]) == ["month", "day", "minute", "second", "undated"]
    assert report["dropped"] == {"recorded_runs": 0, "by_reason": {}}


def test_stats_count_what_export_with_the_same_filters_would_write(db, mongo_uri, monkeypatch,
                                                                     capsys):
    report = stats_json(fill_archive(db), mongo_uri, monkeypatch, capsys,
                        "--source", "derstandard", "--since", "2017-05", "--until", "2017-05")
    assert report["source"] == {"derstandard": report["articles"]}
    assert set(report["month"]) == {"2017-05"}
    assert report["filters"]["sources"] == ["derstandard"]
    language_only = stats_json(db, mongo_uri, monkeypatch, capsys, "--language", "en")
    assert language_only["articles"] == 1 and language_only["language"] == {"en": 1}


def test_stats_with_an_unknown_agency_is_a_usage_error(db, mongo_uri, monkeypatch, capsys):
    monkeypatch.setenv("NEWSCRAWL_MONGO_URI", mongo_uri)
    archive = fill_archive(db)
    code = main(["stats", "--agency", "Reuterz", "-s", f"NEWSCRAWL_MONGO_DATABASE={archive.name}"])
    assert code == 2
    assert "Reuterz" in capsys.readouterr().err


# --- extract: one record per page, the same from Python ---

@pytest.fixture
def two_pages(tmp_path):
    articles = [a for a in load_articles() if a.get("slug")][:2]
    pages = []
    for number, article in enumerate(articles):
        page = tmp_path / f"page{number}.html"
        page.write_text(article_page(article, "https://www.demo-kurier.example"), encoding="utf-8")
        pages.append(page)
    return pages


def extracted(*args: str) -> list[dict]:
    result = run_newscrawl("extract", *args)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_extract_gives_each_file_its_own_identity(two_pages):
    records = extracted(*map(str, two_pages))
    assert [r["url"] for r in records] == [p.as_uri() for p in two_pages]
    assert records[0]["_id"] != records[1]["_id"]


def test_extract_takes_one_url_per_file_in_order(two_pages):
    urls = ["https://www.demo-kurier.example/a/1", "https://www.demo-kurier.example/b/2"]
    records = extracted(str(two_pages[0]), str(two_pages[1]), "--url", urls[0], "--url", urls[1])
    assert [r["url"] for r in records] == urls


def test_the_python_call_returns_the_record_extract_prints(tmp_path):
    seed = next(a for a in load_articles() if "trump-putin" in a["slug"])
    page = tmp_path / "seed.html"
    page.write_text(article_page(seed, "https://www.demo-kurier.example"), encoding="utf-8")
    url = "https://www.demo-kurier.example/politik/2017/05/trump-putin"
    printed = extracted(str(page), "--url", url)[0]
    record = extract_record(page.read_bytes(), url)
    assert record["agencies"] == ["APA", "AFP", "dpa", "Reuters"]
    assert record["dateline"]["places"] == ["Washington", "Moskau"]
    assert record["published"].isoformat() == "2017-05-02T19:14:00+00:00"
    volatile = ("fetched_at", "first_seen", "last_seen")  # the time of each extraction
    as_printed = json.loads(json.dumps(record, default=json_default))
    assert {k: v for k, v in as_printed.items() if k not in volatile} == \
        {k: v for k, v in printed.items() if k not in volatile}


# --- configured sources ---

def user_file(tmp_path, body: str):
    path = tmp_path / "mine.toml"
    path.write_text(body, encoding="utf-8")
    return path


WIENER = '[wiener]\nlanguage = "de"\nfeeds = ["https://www.wiener.example/rss"]\n'


def test_bundled_outlets_are_not_configured_unless_enabled(tmp_path):
    registry = load_registry([user_file(tmp_path, WIENER)])
    assert "derstandard" in registry  # still there to be named
    assert configured_sources(registry) == ["wiener"]
    assert configured_sources(registry, ["derstandard"]) == ["derstandard", "wiener"]


def test_a_bundled_outlet_redefined_in_a_user_file_is_configured(tmp_path):
    registry = load_registry([user_file(tmp_path, WIENER.replace("wiener", "orf", 1))])
    assert configured_sources(registry) == ["orf"]


def test_enabling_a_source_that_is_not_bundled_is_an_error(tmp_path):
    registry = load_registry([user_file(tmp_path, WIENER)])
    with pytest.raises(SourceError, match="unknown source 'derstandart'"):
        configured_sources(registry, ["derstandart"])
    with pytest.raises(SourceError, match="'wiener' is not a bundled source"):
        configured_sources(registry, ["wiener"])


def test_runs_check_covers_only_configured_sources(db, mongo_uri, tmp_path):
    result = run_newscrawl("runs", "--check", "--max-age", "2",
                           "-s", f"NEWSCRAWL_MONGO_DATABASE={db.name}",
                           "-s", f"NEWSCRAWL_SOURCE_FILES={user_file(tmp_path, WIENER)}",
                           env={"NEWSCRAWL_MONGO_URI": mongo_uri}, timeout=60)
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stdout.strip() == "UNHEALTHY: source/wiener: no run recorded"


# --- the progress line ---

class FakeStats:
    def __init__(self, **values: int) -> None:
        self.values = values

    def get_stats(self) -> dict:
        return dict(self.values)


class FakeCrawler:
    def __init__(self, **values: int) -> None:
        self.stats = FakeStats(**values)


def test_the_progress_line_keeps_a_finished_crawlers_counts():
    stream = StringIO()
    board = ProgressBoard(stream, interval=1.0)
    pages = "newscrawl/fetch/article_pages"
    feeds = FakeCrawler(**{pages: 30, "item_scraped_count": 20})
    sitemap = FakeCrawler(**{pages: 5, "item_scraped_count": 2})
    board.crawlers = [feeds, sitemap]
    board.draw()
    board.remove(feeds)  # the feeds spider ends first
    sitemap.stats.values[pages] = 6
    board.draw()
    lines = [part.strip() for part in stream.getvalue().split("\r") if part.strip()]
    pages = [int(line.split()[1]) for line in lines]
    assert pages == sorted(pages) and pages[-1] == 36, lines


# --- setting checks ---

@pytest.mark.parametrize(("name", "value", "default"), [
    ("DOWNLOAD_TIMEOUT", "2.5", 30), ("RETRY_PRIORITY_ADJUST", "-1", -1),
    ("NEWSCRAWL_EXTRACT_WORKERS", "", None), ("NEWSCRAWL_EXTRACT_WORKERS", "2", None),
    ("LOG_ENABLED", "False", True), ("FEED_EXPORTERS", '{"x": "y.Z"}', {}),
    ("USER_AGENT", "anything", "newscrawl"),
])
def test_values_the_settings_take_pass(name, value, default):
    check_value(name, value, default)


@pytest.mark.parametrize(("name", "value", "default", "message"), [
    ("CONCURRENT_REQUESTS", "2.5", 16, "whole number"),
    ("NEWSCRAWL_EXTRACT_WORKERS", "many", None, "takes a number"),
    ("NEWSCRAWL_MIN_TEXT_CHARS", "-1", 250, "must not be negative"),
    ("DOWNLOAD_DELAY", "inf", 0, "finite"),
    ("FEED_EXPORTERS", "[1]", {}, "JSON object"),
])
def test_values_the_settings_cannot_take_are_refused(name, value, default, message):
    with pytest.raises(SettingError, match=message):
        check_value(name, value, default)


# --- data directories ---

def test_a_relative_data_dir_is_taken_from_the_directory_holding_scrapy_cfg(tmp_path,
                                                                              monkeypatch):
    (tmp_path / "scrapy.cfg").write_text("[settings]\ndefault = newscrawl.settings\n")
    (tmp_path / "reports" / "2017").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "reports" / "2017")
    monkeypatch.delenv("NEWSCRAWL_DATA_DIR", raising=False)
    assert paths.data_dir({"NEWSCRAWL_DATA_DIR": "var"}) == tmp_path / "var"
    assert paths.dir_under_data({"NEWSCRAWL_DATA_DIR": "var"}, "NEWSCRAWL_SPOOL_DIR",
                                "spool") == tmp_path / "var" / "spool"
    monkeypatch.setenv("NEWSCRAWL_DATA_DIR", "/srv/archive")
    assert paths.data_dir({"NEWSCRAWL_DATA_DIR": "var"}) == paths.Path("/srv/archive")


def test_without_scrapy_cfg_a_relative_data_dir_is_taken_from_the_current_directory(
        tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSCRAWL_DATA_DIR", raising=False)
    assert paths.data_dir({}) == tmp_path / "var"
