"""Processes of a crawl: ``kill -9`` of a crawl leaves no extraction worker
behind, and the next run records the killed one as such."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from newscrawl.store.embedded import process_alive
from tests.conftest import ROOT, write_sources
from tests.source_site import outlet_articles, outlet_routes


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def crawl_command(source_file: Path, db, tmp_path: Path) -> list[str]:
    return [sys.executable, "-m", "newscrawl.cli", "crawl", "outlet",
            "-s", f"NEWSCRAWL_SOURCE_FILES={source_file}", "-s", f"NEWSCRAWL_MONGO_DATABASE={db.name}",
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
            "-s", "NEWSCRAWL_EXTRACT_WORKERS=2", "-s", f"NEWSCRAWL_DATA_DIR={tmp_path / 'var'}"]


def test_kill_9_of_a_crawl_leaves_no_worker_and_the_next_run_records_it_killed(site, mongo_uri, db, tmp_path):
    articles = outlet_articles(6)
    routes = outlet_routes(site.base_url, articles)
    stalled = f"/{articles[-1]['slug']}"
    page, release = routes[stalled], threading.Event()

    def stall(_handler):
        release.wait(60)
        return page

    site.routes.update({**routes, stalled: stall})
    source_file = write_sources(tmp_path / "sources.toml", outlet={"feeds": [site.url("/rss.xml")]})
    env = {**os.environ, "NEWSCRAWL_MONGO_URI": mongo_uri}
    crawl = subprocess.Popen(crawl_command(source_file, db, tmp_path), cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # the workers have extracted pages, one article is still being fetched
        assert wait_for(lambda: db.articles.count_documents({}) >= 5, 90)
        workers = children(crawl.pid)
        assert len(workers) >= 2
        assert db.runs.find_one({"state": "running"})["pid"] == crawl.pid
        crawl.kill()
        crawl.wait(10)
        assert wait_for(lambda: not any(process_alive(pid) for pid in workers), 10), \
            [pid for pid in workers if process_alive(pid)]
    finally:
        release.set()
        if crawl.poll() is None:
            crawl.kill()
    result = subprocess.run(crawl_command(source_file, db, tmp_path), cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    killed, finished = sorted(db.runs.find(), key=lambda r: r["started"])
    assert killed["state"] == "killed" and killed["pid"] == crawl.pid and killed["healthy"] is False
    assert finished["state"] == "finished" and finished["healthy"] is True
    assert db.articles.count_documents({}) == 6
