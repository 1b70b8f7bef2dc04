"""NEWSCRAWL_WARC_DIR: the downloader middleware's files, rotation and failures
(a real crawl with it on is in tests/test_warc_export.py)."""

from __future__ import annotations

import gzip
import json

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from newscrawl.settings import defaults
from newscrawl.warc.middleware import WarcArchiveMiddleware
from tests.warc_fixtures import fixture_pages


def middleware(tmp_path, **settings):
    crawler = get_crawler(settings_dict={
        "NEWSCRAWL_WARC_DIR": str(tmp_path / "warc"),
        "NEWSCRAWL_WARC_ROTATE_BYTES": defaults.NEWSCRAWL_WARC_ROTATE_BYTES, **settings})
    crawler.stats.open_spider()
    return WarcArchiveMiddleware.from_crawler(crawler), crawler.stats


def fetch(mw, page):
    request = Request(page.url, headers={"User-Agent": "newscrawl-test"})
    response = HtmlResponse(page.url, status=200, body=page.html, request=request,
                            headers={"Content-Type": "text/html; charset=utf-8",
                                     "ETag": '"abc"'})
    assert mw.process_response(request, response) is response


def test_off_without_a_directory():
    with pytest.raises(NotConfigured):
        WarcArchiveMiddleware.from_crawler(get_crawler())


def test_each_response_is_a_request_response_pair_with_the_servers_headers(tmp_path):
    mw, stats = middleware(tmp_path)
    page = fixture_pages()[0]
    fetch(mw, page)
    mw.close()
    (warc,) = (tmp_path / "warc").glob("*.warc.gz")
    with open(warc, "rb") as stream:
        found = [(r.rec_type, r.http_headers, r.content_stream().read())
                 for r in ArchiveIterator(stream, check_digests=True)]
    assert [kind for kind, *_ in found] == ["warcinfo", "request", "response"]
    _, request_headers, _ = found[1]
    assert request_headers.get_header("User-Agent") == "newscrawl-test"
    _, headers, body = found[2]
    assert body == page.html and headers.get_header("ETag") == '"abc"'
    assert stats.get_value("newscrawl/warc/records") == 1
    assert stats.get_value("newscrawl/warc/files") == 1


def test_files_rotate_past_the_size_limit_and_each_is_indexed(tmp_path):
    mw, stats = middleware(tmp_path, NEWSCRAWL_WARC_ROTATE_BYTES=1)
    for page in fixture_pages()[:3]:
        fetch(mw, page)
    mw.close()
    files = sorted((tmp_path / "warc").iterdir())
    assert [p.name.endswith(".warc.gz") for p in files].count(True) == 3
    assert not [p for p in files if p.name.endswith(".open")]
    for index in (p for p in files if p.suffix == ".cdxj"):
        (line,) = index.read_text().splitlines()
        entry = json.loads(line.split(" ", 2)[2])
        data = (tmp_path / "warc" / entry["filename"]).read_bytes()
        member = data[int(entry["offset"]):int(entry["offset"]) + int(entry["length"])]
        head = gzip.decompress(member).split(b"\r\n\r\n")[0]
        assert head.startswith(b"WARC/1.1\r\n") and b"\r\nWARC-Type: response\r\n" in head
    assert stats.get_value("newscrawl/warc/files") == 3


def test_a_file_still_being_written_is_marked_open(tmp_path):
    mw, _ = middleware(tmp_path)
    fetch(mw, fixture_pages()[0])
    assert [p.name.endswith(".warc.gz.open") for p in (tmp_path / "warc").iterdir()] == [True]
    mw.close()
    assert [p.suffix for p in sorted((tmp_path / "warc").iterdir())] == [".cdxj", ".gz"]


def test_a_failed_write_is_counted_and_the_response_goes_on(tmp_path):
    (tmp_path / "warc").write_text("a file where the directory should be")
    mw, stats = middleware(tmp_path)
    fetch(mw, fixture_pages()[0])
    assert stats.get_value("newscrawl/warc/write_failed") == 1
    assert stats.get_value("newscrawl/warc/records") is None
