"""Processes of a crawl: ``kill -9`` of a crawl leaves no extraction worker
behind, and the next run records the killed one as such; an embedded server
the user stops during a crawl stays stopped."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from newscrawl.store.embedded import EmbeddedServer, process_alive
from newscrawl.store.mongo import connect
from tests.conftest import ROOT, free_port, write_sources
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


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``: the extraction workers are forks of the crawl's fork
    server, grandchildren of the crawl process."""
    found, todo = [], [pid]
    while todo:
        below = children(todo.pop())
        found += below
        todo += below
    return found


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def crawl_command(source_file: Path, db, tmp_path: Path) -> list[str]:
    database = db.name if db is not None else "newscrawl"
    return [sys.executable, "-m", "newscrawl.cli", "crawl", "outlet",
            "-s", f"NEWSCRAWL_SOURCE_FILES={source_file}", "-s", f"NEWSCRAWL_MONGO_DATABASE={database}",
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
        workers = descendants(crawl.pid)
        assert len(workers) >= 4  # fork server, resource tracker, two workers
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


def test_an_embedded_server_stopped_mid_crawl_is_not_started_again_by_the_crawl(site, tmp_path):
    articles = outlet_articles(6)
    routes = outlet_routes(site.base_url, articles)
    stalled = f"/{articles[-1]['slug']}"
    page, stopped = routes[stalled], threading.Event()

    def after_the_stop(_handler):  # the crawl goes on after the server is stopped
        stopped.wait(60)
        return page

    site.routes.update({**routes, stalled: after_the_stop})
    source_file = write_sources(tmp_path / "sources.toml", outlet={"feeds": [site.url("/rss.xml")]})
    server = EmbeddedServer(tmp_path / "var", free_port())
    env = {key: value for key, value in os.environ.items() if key != "NEWSCRAWL_MONGO_URI"}
    env.update(NEWSCRAWL_DATA_DIR=str(server.data_dir), NEWSCRAWL_EMBEDDED_PORT=str(server.port))
    command = [*crawl_command(source_file, None, tmp_path), "-s", "NEWSCRAWL_MONGO_BATCH_SIZE=1",
               "-s", "NEWSCRAWL_MONGO_TIMEOUT_MS=500", "-s", "CONCURRENT_REQUESTS=1"]
    crawl = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: server.status().running, 60)
        client = connect(server.uri, timeout_ms=1000)
        try:
            assert wait_for(lambda: client.newscrawl.articles.count_documents({}) >= 1, 60)
        finally:
            client.close()
        stop = subprocess.run([sys.executable, "-m", "newscrawl.cli", "db", "stop"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60, check=False)
        assert stop.stdout.strip() == "stopped"
        stopped.set()
        stdout, stderr = crawl.communicate(timeout=180)
        restarted = server.status().running
    finally:
        stopped.set()
        if crawl.poll() is None:
            crawl.kill()
        server.stop()
    assert not restarted, "the crawl started the stopped server again"
    assert crawl.returncode == 1, stdout + stderr[-3000:]
    assert "1 spooled for 'newscrawl replay'" in stdout.splitlines()[-1]
