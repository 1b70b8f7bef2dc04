"""``newscrawl export`` as a researcher runs it: the manifest, and errors that
name the input and the fix."""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

import pytest

from newscrawl.cli import main
from newscrawl.export.progress import Progress
from newscrawl.schema import SCHEMA_VERSION
from tests.test_export_corpus import fill_archive


@pytest.fixture
def archive(db):
    return fill_archive(db)


@pytest.fixture
def newscrawl(archive, mongo_uri, monkeypatch, capsys):
    """Run ``newscrawl <args>`` against the test archive: (exit code, stdout, stderr)."""
    monkeypatch.setenv("NEWSCRAWL_MONGO_URI", mongo_uri)
    monkeypatch.delenv("NEWSCRAWL_MONGO_DATABASE", raising=False)

    def run(*args: str) -> tuple[int, str, str]:
        code = main([*args, "-s", f"NEWSCRAWL_MONGO_DATABASE={archive.name}"])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_manifest_records_filters_counts_and_the_files_sha256(newscrawl, tmp_path):
    out = tmp_path / "corpus.jsonl.gz"
    code, stdout, _ = newscrawl("export", str(out), "--source", "derstandard",
                                "--since", "2017-05")
    assert code == 0 and "4 records" in stdout  # the undated one is outside any range
    manifest = json.loads((tmp_path / "corpus.jsonl.gz.manifest.json").read_text())
    assert manifest["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert manifest["format"] == "jsonl" and manifest["schema_version"] == SCHEMA_VERSION == 3
    assert manifest["filters"]["sources"] == ["derstandard"]
    assert manifest["filters"]["since"] == "2017-05-01T00:00:00+00:00"
    assert manifest["counts"]["by_source"] == {"derstandard": 4}
    assert manifest["counts"]["by_month"] == {"2017-05": 3, "2017-06": 1}
    assert manifest["counts"]["by_agency"]["APA"] == 2
    assert manifest["newscrawl_version"] and manifest["created_at"].endswith("Z")


def test_the_same_corpus_exports_to_the_same_bytes(newscrawl, tmp_path):
    for name in ("a.jsonl.gz", "b.jsonl.gz"):
        assert newscrawl("export", str(tmp_path / name))[0] == 0
    assert (tmp_path / "a.jsonl.gz").read_bytes() == (tmp_path / "b.jsonl.gz").read_bytes()


def test_unknown_agency_suggests_close_matches(newscrawl, tmp_path):
    code, _, err = newscrawl("export", str(tmp_path / "x.jsonl"), "--agency", "dap")
    assert code == 2
    assert "unknown agency 'dap' — did you mean dpa" in err
    assert not (tmp_path / "x.jsonl").exists()


def test_agency_codes_are_read_in_any_case(newscrawl, tmp_path):
    code, stdout, _ = newscrawl("export", str(tmp_path / "x.jsonl"), "--agency", "DPA,reuters",
                                "--agency-match", "all")
    assert code == 0 and stdout.startswith("1 records")


def test_empty_result_names_the_filter_that_emptied_it(newscrawl, tmp_path):
    code, _, err = newscrawl("export", str(tmp_path / "x.csv"), "--language", "de",
                             "--source", "tagesschau", "--text", "nowhere to be found")
    assert code == 1
    assert "7 in the archive, 2 after --source tagesschau, 2 after --language de" in err
    assert "The filter --text 'nowhere to be found' left nothing" in err
    assert not (tmp_path / "x.csv").exists()


def test_unreadable_date_names_the_value_and_the_forms_understood(newscrawl, tmp_path):
    code, _, err = newscrawl("export", str(tmp_path / "x.csv"), "--since", "May 2017")
    assert code == 2 and "date 'May 2017' is not understood: use 2017, 2017-05" in err


def test_unknown_file_type_asks_for_a_known_suffix(newscrawl, tmp_path):
    code, _, err = newscrawl("export", str(tmp_path / "x.xlsx"))
    assert code == 2 and "end it in .jsonl, .jsonl.gz, .csv, .parquet or .txt" in err


def test_unknown_field_lists_the_fields(newscrawl, tmp_path):
    code, _, err = newscrawl("export", str(tmp_path / "x.csv"), "--fields", "title,body")
    assert code == 2 and "unknown field(s) 'body'" in err and "text" in err


def test_no_progress_bar_without_a_terminal(newscrawl, tmp_path):
    _, _, err = newscrawl("export", str(tmp_path / "x.csv"))
    assert err == ""


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_is_drawn_on_a_terminal():
    stream = Terminal()
    progress = Progress(4, stream=stream, interval=0)
    for _ in range(4):
        progress.advance()
    progress.close()
    assert "\rexported [" in stream.getvalue() and "4/4 (100%)" in stream.getvalue()


def test_progress_is_silent_when_not_a_terminal():
    stream = io.StringIO()
    progress = Progress(4, stream=stream, interval=0)
    progress.advance()
    progress.close()
    assert stream.getvalue() == ""


def test_manifest_query_runs_again_and_selects_the_same_documents(newscrawl, archive, tmp_path):
    from bson import json_util

    out = tmp_path / "c.jsonl"
    assert newscrawl("export", str(out), "--since", "2017-05-10", "--agency", "AFP")[0] == 0
    manifest = json.loads((tmp_path / "c.jsonl.manifest.json").read_text())
    query = json_util.loads(json.dumps(manifest["query"]))
    urls = sorted(d["url"] for d in archive.articles.find(query))
    assert urls == sorted(json.loads(line)["url"] for line in out.read_text().splitlines())
    assert len(urls) == 2


# -- outputs that are not regular files ---------------------------------------------------------

def export_in_child(archive, mongo_uri, *args: str, stdout=None):
    import subprocess
    import sys

    from tests.conftest import ROOT

    return subprocess.run([sys.executable, "-m", "newscrawl.cli", "export", *args,
                           "-s", f"NEWSCRAWL_MONGO_DATABASE={archive.name}"],
                          cwd=ROOT, env={**os.environ, "NEWSCRAWL_MONGO_URI": mongo_uri},
                          stdout=stdout if stdout is not None else subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=120, check=False)


def test_dash_writes_json_lines_to_stdout_and_the_summary_to_stderr(archive, mongo_uri, tmp_path):
    done = export_in_child(archive, mongo_uri, "-")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(records) == 7 and records[0]["schema_version"] == SCHEMA_VERSION
    assert b"7 records -> - (jsonl); no manifest (not a regular file)" in done.stderr


def test_parquet_can_go_to_stdout(archive, mongo_uri, tmp_path):
    target = tmp_path / "piped.parquet"
    with target.open("wb") as out:
        done = export_in_child(archive, mongo_uri, "-", "--format", "parquet", stdout=out)
    assert done.returncode == 0, done.stderr
    assert target.read_bytes()[:4] == b"PAR1" and target.read_bytes()[-4:] == b"PAR1"


def test_a_symlink_to_a_device_is_written_through_never_replaced(archive, mongo_uri, tmp_path):
    link = tmp_path / "out.jsonl"
    link.symlink_to(os.devnull)
    done = export_in_child(archive, mongo_uri, "--format", "jsonl", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == os.devnull
    assert not Path(os.devnull).is_file()  # still the device
    assert not list(tmp_path.glob("*.manifest.json")) and not list(tmp_path.glob(".*partial*"))


def test_a_named_pipe_receives_the_records(archive, mongo_uri, tmp_path):
    import threading

    fifo = tmp_path / "corpus.jsonl"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.extend(fifo.read_text().splitlines()))
    reader.start()
    done = export_in_child(archive, mongo_uri, str(fifo))
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert len(received) == 7 and fifo.exists() and not fifo.is_file()


def test_dev_stdout_redirected_to_a_file_stays_a_symlink(archive, mongo_uri, tmp_path):
    link = tmp_path / "stdout-link"
    link.symlink_to("/proc/self/fd/1")  # what /dev/stdout is, in a place a test may own
    target = tmp_path / "redirected.jsonl"
    with target.open("wb") as out:
        done = export_in_child(archive, mongo_uri, "--format", "jsonl", str(link), stdout=out)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"
    assert len(target.read_text().splitlines()) == 7
