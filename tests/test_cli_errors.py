"""Bad input on the command line: one line on stderr, exit status 2, never a
traceback (the table of these messages is docs/cli.md)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, free_port

#: Environment variables that would point a command at an archive elsewhere.
ARCHIVE_VARIABLES = ("NEWSCRAWL_MONGO_URI", "NEWSCRAWL_DATA_DIR", "NEWSCRAWL_MONGO_DATABASE")


def run(*args: str, cwd: Path = ROOT, env: dict | None = None,
        module: str = "newscrawl.cli") -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ARCHIVE_VARIABLES}
    return subprocess.run([sys.executable, "-m", module, *args], cwd=cwd,
                          env={**clean, **(env or {})}, capture_output=True, text=True,
                          timeout=120, check=False)


def assert_usage_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.fixture
def files(tmp_path):
    """A directory, a non-UTF-8 registry file, a non-UTF-8 corpus, a plain file."""
    (tmp_path / "folder").mkdir()
    (tmp_path / "latin1.toml").write_bytes(
        '[wien]\nlanguage = "de"\nfeeds = ["https://www.wien.example/rss"]\n# Straße\n'
        .encode("latin-1"))
    (tmp_path / "latin1.jsonl").write_bytes('{"text": "Österreich"}\n'.encode("latin-1"))
    (tmp_path / "page.html").write_text("<html><body><p>Kurz.</p></body></html>")
    return tmp_path


@pytest.mark.parametrize(("option", "fragments"), [
    ("FOO", ["-s takes NAME=VALUE, got 'FOO'"]),
    ("CONCURRENT_REQUESTS=abc", ["CONCURRENT_REQUESTS takes a number"]),
    ("DOWNLOAD_TIMEOUT=-5", ["DOWNLOAD_TIMEOUT must not be negative"]),
    ("NEWSCRAWL_MIN_TEXT_CHAR=100", ["no such setting; did you mean NEWSCRAWL_MIN_TEXT_CHARS?"]),
    ("NEWSCRAWL_REQUIRE_TITLE=maybe", ["NEWSCRAWL_REQUIRE_TITLE takes True or False"]),
    ("NEWSCRAWL_DEDUPE_NUM_PERM=1", ["NEWSCRAWL_DEDUPE_THRESHOLD=0.7 with NEWSCRAWL_DEDUPE_NUM_PERM=1",
                                     "no band split"]),
    ("NEWSCRAWL_DEDUPE_THRESHOLD=1.5", ["NEWSCRAWL_DEDUPE_THRESHOLD=1.5 with", "lies in [0, 1]"]),
])
def test_a_bad_setting_override_is_a_usage_error(option, fragments):
    assert_usage_error(run("crawl", "derstandard", "-s", option), *fragments)


def test_a_registry_file_that_is_a_directory_is_a_usage_error(files):
    result = run("crawl", "--all", "-s", f"NEWSCRAWL_SOURCE_FILES={files / 'folder'}")
    assert_usage_error(result, "source registry file", "cannot be read: Is a directory")


def test_a_registry_file_that_is_not_utf8_is_a_usage_error(files):
    result = run("crawl", "--all", "-s", f"NEWSCRAWL_SOURCE_FILES={files / 'latin1.toml'}")
    assert_usage_error(result, "latin1.toml' is not UTF-8 text")


def test_an_agency_registry_that_is_a_directory_is_a_usage_error(files):
    result = run("extract", str(files / "page.html"),
                 "-s", f"NEWSCRAWL_AGENCY_REGISTRY={files / 'folder'}")
    assert_usage_error(result, "agency registry", "Is a directory")


def test_a_malformed_page_url_is_a_usage_error(files):
    result = run("extract", str(files / "page.html"), "--url", "http://[::1")
    assert_usage_error(result, "'http://[::1' is not a valid URL")


def test_one_url_for_several_pages_is_a_usage_error(files):
    page = str(files / "page.html")
    result = run("extract", page, page, "--url", "https://www.example.at/story/1")
    assert_usage_error(result, "give one --url per FILE (2 files, 1 --url)")


def test_a_page_that_is_a_directory_is_reported_in_one_line(files):
    assert_usage_error(run("extract", str(files / "folder")), "cannot read", "Is a directory")


def test_an_unknown_time_zone_is_a_usage_error(files):
    result = run("normalize", "--timezone", "Europe/Wein", str(files / "latin1.jsonl"))
    assert_usage_error(result, "'Europe/Wein' is not an IANA time zone")


def test_a_corpus_that_is_not_utf8_is_a_usage_error(files):
    assert_usage_error(run("normalize", str(files / "latin1.jsonl")), "latin1.jsonl",
                       "cannot read it as UTF-8 text")


@pytest.mark.parametrize("command", [
    ["normalize", "-o", "{page}/out.jsonl", "{corpus}"],
    ["export", "{page}/corpus.jsonl"],
    ["report", "--out", "{page}/report.html"],
    ["report", "--out", "{folder}"],
])
def test_an_output_path_that_cannot_be_written_is_a_usage_error(files, command):
    args = [a.format(page=files / "page.html", corpus=files / "latin1.jsonl",
                     folder=files / "folder") for a in command]
    result = run(*args)
    assert_usage_error(result, "cannot write" if "{page}" in " ".join(command) else "is a directory")


@pytest.mark.parametrize("command", [["stats"], ["export", "corpus.jsonl"], ["report"], ["runs"]])
def test_an_archive_that_does_not_answer_is_a_usage_error(tmp_path, command):
    uri = f"mongodb://127.0.0.1:{free_port()}/"
    result = run(*command, "-s", "NEWSCRAWL_MONGO_TIMEOUT_MS=300", cwd=tmp_path,
                 env={"NEWSCRAWL_MONGO_URI": uri})
    assert_usage_error(result, f"the archive at {uri} does not answer", "Connection refused")
    assert not (tmp_path / "corpus.jsonl").exists()


@pytest.mark.parametrize("password, message", [
    ("s3cr%40t", "does not answer"),
    ("s3cr@t", "must be escaped"),  # pymongo refuses it; the message must not show it
])
def test_an_archive_uri_is_shown_without_its_password(tmp_path, password, message):
    port = free_port()
    uri = f"mongodb://reader:{password}@127.0.0.1:{port}/news?authSource=admin"
    result = run("stats", "-s", "NEWSCRAWL_MONGO_TIMEOUT_MS=300", cwd=tmp_path,
                 env={"NEWSCRAWL_MONGO_URI": uri})
    assert "s3cr" not in result.stdout + result.stderr
    assert_usage_error(result, f"mongodb://reader:***@127.0.0.1:{port}/news?authSource=admin",
                       message)


def test_stats_outside_the_project_say_where_they_looked_for_the_archive(tmp_path):
    """No scrapy.cfg above tmp_path: 'var' is taken from there, and holds no
    archive; no empty server is started for it."""
    result = run("stats", cwd=tmp_path)
    assert_usage_error(result, f"no archive in {tmp_path / 'var'}", "NEWSCRAWL_DATA_DIR")
    assert not (tmp_path / "var").exists()


@pytest.fixture
def busy_port():
    """A port on 127.0.0.1 that another program listens on."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        yield busy.getsockname()[1]


def test_a_busy_demo_port_is_a_usage_error(tmp_path, busy_port):
    result = run("demo", "-s", f"NEWSCRAWL_DEMO_PORT={busy_port}",
                 env={"NEWSCRAWL_DATA_DIR": str(tmp_path / "var")})
    assert_usage_error(result, f"port {busy_port} on 127.0.0.1 is in use (NEWSCRAWL_DEMO_PORT)")


def test_crawl_all_without_configured_sources_says_how_to_configure_one():
    assert_usage_error(run("crawl", "--all"), "no sources configured",
                       "NEWSCRAWL_BUILTIN_SOURCES (bundled: apnews, derstandard")


@pytest.mark.parametrize(("spider_args", "fragment"), [
    (["-a", "source=nosuch"], "unknown source 'nosuch'; known sources: apnews"),
    ([], "spider 'feeds' needs a source: scrapy crawl feeds -a source=NAME"),
    (["-a", "source=orf", "-s", "CONCURRENT_REQUESTS=abc"], "CONCURRENT_REQUESTS takes a number"),
])
def test_scrapy_crawl_with_a_bad_source_or_setting_is_a_usage_error_before_the_crawl(tmp_path, spider_args,
                                                                         fragment):
    result = run("crawl", "feeds", *spider_args, "-s", f"NEWSCRAWL_DATA_DIR={tmp_path}",
                 module="scrapy")
    assert_scrapy_usage_error(result, fragment)


def assert_scrapy_usage_error(result: subprocess.CompletedProcess, fragment: str) -> None:
    """Exit 2 before the crawl, one error line among Scrapy's start-up lines."""
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and fragment in errors[0], result.stderr[-2000:]
    assert "Spider opened" not in result.stderr


def test_an_unknown_command_is_a_usage_error():
    assert_usage_error(run("crawll"), "invalid choice: 'crawll'")



def taken_port_env(tmp_path, port: int) -> dict[str, str]:
    return {"NEWSCRAWL_DATA_DIR": str(tmp_path / "var"), "NEWSCRAWL_EMBEDDED_PORT": str(port)}


@pytest.mark.parametrize("command", [["crawl", "orf"], ["demo", "-s", "NEWSCRAWL_DEMO_PORT={free}"]],
                         ids=["crawl", "demo"])
def test_the_embedded_archive_port_taken_is_a_usage_error(tmp_path, busy_port, command):
    args = [arg.format(free=free_port()) for arg in command]
    result = run(*args, env=taken_port_env(tmp_path, busy_port))
    assert_usage_error(result, "the embedded archive server cannot start",
                       f"port {busy_port} on 127.0.0.1 is used by another program")


def test_scrapy_crawl_with_the_embedded_archive_port_taken_is_a_usage_error_before_the_crawl(tmp_path,
                                                                                           busy_port):
    result = run("crawl", "feeds", "-a", "source=orf", env=taken_port_env(tmp_path, busy_port),
                 module="scrapy")
    assert_scrapy_usage_error(result, f"the embedded archive server cannot start: port {busy_port} on "
                                      "127.0.0.1 is used by another program")
