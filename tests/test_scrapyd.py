"""scrapyd deployment (deploy/scrapyd/): ``scrapyd-deploy`` uploads the
project's egg to a scrapyd the test starts on a free 127.0.0.1 port; a spider
scheduled through its JSON API crawls a fixture site into the archive and is
recorded in ``runs``, like any other run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from newscrawl.demo.site import build_routes, load_articles
from tests.conftest import ROOT, free_port, write_sources

#: The whole test (start, deploy, crawl) stays within this many seconds.
DEADLINE_SECONDS = 120
#: No proxy, whatever the environment says: every request stays on 127.0.0.1.
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def api(base: str, endpoint: str, data: list[tuple[str, str]] | None = None) -> dict:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with HTTP.open(f"{base}/{endpoint}", data=body, timeout=10) as response:
        return json.load(response)


@pytest.fixture
def scrapyd(tmp_path, mongo_uri):
    """A scrapyd with its eggs, logs and queue under ``tmp_path``; its jobs
    inherit the test archive's URI."""
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(f"""[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
poll_interval = 0.5
max_proc = 1
eggs_dir = {home / 'eggs'}
logs_dir = {home / 'logs'}
dbs_dir = {home / 'dbs'}
items_dir =
""")
    env = {**os.environ, "NEWSCRAWL_MONGO_URI": mongo_uri}
    process = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=home, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if api(base, "daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def deploy_folder(tmp_path: Path, scrapyd_url: str) -> tuple[Path, dict]:
    """A copy of deploy/scrapyd (scrapyd-deploy writes build files into it)
    and an environment whose scrapy.cfg names the test target."""
    folder = tmp_path / "deploy"
    shutil.copytree(ROOT / "deploy" / "scrapyd", folder,
                    ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    config = tmp_path / "config"
    config.mkdir()
    (config / "scrapy.cfg").write_text(f"[deploy:test]\nurl = {scrapyd_url}/\nproject = newscrawl\n")
    return folder, {**os.environ, "XDG_CONFIG_HOME": str(config)}


def wait_for_job(base: str, job: str, deadline: float) -> dict:
    while time.monotonic() < deadline:
        jobs = api(base, "listjobs.json?project=newscrawl")
        for finished in jobs["finished"]:
            if finished["id"] == job:
                return finished
        time.sleep(0.5)
    raise AssertionError(f"scrapyd job {job} did not finish in time: {jobs}")


def test_a_deployed_spider_crawls_into_the_archive_under_scrapyd(scrapyd, site, db, tmp_path):
    deadline = time.monotonic() + DEADLINE_SECONDS
    site.routes.update(build_routes(site.base_url))
    source_file = write_sources(tmp_path / "sources.toml", fixture={"feeds": [site.url("/rss.xml")]})
    folder, env = deploy_folder(tmp_path, scrapyd)
    deploy = subprocess.run([str(Path(sys.executable).parent / "scrapyd-deploy"), "test", "--version", "r1"],
                            cwd=folder, env=env, capture_output=True, text=True, timeout=90, check=False)
    assert '"status": "ok"' in deploy.stdout + deploy.stderr, deploy.stdout + deploy.stderr
    assert api(scrapyd, "listspiders.json?project=newscrawl")["spiders"] == ["feeds", "site", "sitemap", "source"]

    job = api(scrapyd, "schedule.json", [
        ("project", "newscrawl"), ("spider", "feeds"), ("source", "fixture"),
        ("setting", f"NEWSCRAWL_SOURCE_FILES={source_file}"),
        ("setting", f"NEWSCRAWL_MONGO_DATABASE={db.name}"),
        ("setting", f"NEWSCRAWL_DATA_DIR={tmp_path / 'var'}"),
        ("setting", "AUTOTHROTTLE_ENABLED=False"),
    ])["jobid"]
    wait_for_job(scrapyd, job, deadline)

    log = tmp_path / "scrapyd" / "logs" / "newscrawl" / "feeds" / f"{job}.log"
    assert db.articles.count_documents({}) == len(load_articles()), log.read_text()[-3000:]
    run = db.runs.find_one({"spider": "feeds", "source": "fixture"})
    assert run["healthy"] is True and run["finish_reason"] == "finished"
