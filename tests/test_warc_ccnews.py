"""``newscrawl ccnews``: a CC-NEWS-shaped tree on a local HTTP server is
backfilled month by month, each file downloaded once and imported once."""

from __future__ import annotations

import gzip
import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newscrawl.demo.server import Page
from newscrawl.warc.download import DownloadError, DownloadOptions, download
from tests.conftest import run_newscrawl
from tests.warc_fixtures import ccnews_records, fixture_pages, response_record, write_warc

MAY = "crawl-data/CC-NEWS/2017/05"
JUNE = "crawl-data/CC-NEWS/2017/06"


def serve_file(site, path: str, data: bytes, *, etag: bool = True) -> None:
    """``data`` at ``/path`` with Range support and an MD5 ETag, as S3 serves it."""
    md5 = hashlib.md5(data).hexdigest()

    def route(handler) -> Page:
        headers = {"ETag": f'"{md5}"', "Accept-Ranges": "bytes"} if etag else {}
        wanted = handler.headers.get("Range")
        if wanted:
            start = int(wanted.removeprefix("bytes=").split("-")[0])
            site.ranges.append((path, start))
            return Page(data[start:], status=206, content_type="application/octet-stream",
                        headers={**headers, "Content-Range": f"bytes {start}-{len(data) - 1}/"
                                                              f"{len(data)}"})
        return Page(data, content_type="application/octet-stream", headers=headers)

    site.routes[f"/{path}"] = route


def serve_listing(site, month: str, names: list[str]) -> None:
    listing = "".join(f"{month}/{name}\n" for name in names).encode()
    site.routes[f"/{month}/warc.paths.gz"] = Page(gzip.compress(listing),
                                                   content_type="application/octet-stream")


@pytest.fixture
def ccnews(site, tmp_path):
    """May 2017: the fixture file of all outlets and a second file; June: one file."""
    site.ranges = []
    june_day = datetime(2017, 6, 2, 8, 0, tzinfo=UTC)
    files = {
        f"{MAY}/CC-NEWS-20170504060000-00001.warc.gz": ccnews_records(),
        f"{MAY}/CC-NEWS-20170505060000-00002.warc.gz":
            [response_record(p, datetime(2017, 5, 5, 7, tzinfo=UTC)) for p in fixture_pages(1)],
        f"{JUNE}/CC-NEWS-20170602080000-00003.warc.gz":
            [response_record(p, june_day + timedelta(minutes=i))
             for i, p in enumerate(fixture_pages(2)[:3])],
    }
    data = {}
    for path, records in files.items():
        data[path] = write_warc(tmp_path / Path(path).name, records).read_bytes()
        serve_file(site, path, data[path])
    serve_listing(site, MAY, [Path(p).name for p in files if p.startswith(MAY)])
    serve_listing(site, JUNE, [Path(p).name for p in files if p.startswith(JUNE)])
    site.files = data
    return site


def backfill(site, db, mongo_uri, tmp_path, *args: str):
    return run_newscrawl(
        "ccnews", *args, "-s", f"NEWSCRAWL_MONGO_DATABASE={db.name}",
        "-s", f"NEWSCRAWL_CCNEWS_BASE_URL={site.base_url}",
        "-s", f"NEWSCRAWL_WARC_DOWNLOAD_DIR={tmp_path / 'downloads'}",
        "-s", "NEWSCRAWL_WARC_DOWNLOAD_ATTEMPTS=1",
        "-s", "NEWSCRAWL_EXTRACT_WORKERS=0",  # workers: tests/test_warc_import.py
        env={"NEWSCRAWL_MONGO_URI": mongo_uri, "NEWSCRAWL_DATA_DIR": str(tmp_path / "var")})


def test_two_months_are_imported_file_by_file(ccnews, db, mongo_uri, tmp_path):
    result = backfill(ccnews, db, mongo_uri, tmp_path, "--since", "2017-05", "--until", "2017-06")
    assert result.returncode == 0, result.stderr
    assert db.articles.count_documents({}) == 6 + 6 + 3
    assert db.articles.count_documents({"fetched_at": {"$gte": datetime(2017, 6, 1, tzinfo=UTC)}}) == 3
    assert sorted(d["_id"] for d in db.warc_imports.find()) == sorted(ccnews.files)
    assert "files_imported 3" in result.stdout
    assert list((tmp_path / "downloads").iterdir()) == []  # deleted after the import


def test_a_finished_backfill_downloads_nothing_again(ccnews, db, mongo_uri, tmp_path):
    backfill(ccnews, db, mongo_uri, tmp_path, "--since", "2017-05")
    requests = len(ccnews.requests)
    result = backfill(ccnews, db, mongo_uri, tmp_path, "--since", "2017-05")
    assert result.returncode == 0, result.stderr
    assert "files_done_before 2" in result.stdout
    assert ccnews.requests[requests:] == [f"/{MAY}/warc.paths.gz"]


def test_an_interrupted_backfill_resumes_with_the_file_it_stopped_at(ccnews, db, mongo_uri,
                                                                       tmp_path):
    second = f"{MAY}/CC-NEWS-20170505060000-00002.warc.gz"
    good = ccnews.routes[f"/{second}"]
    ccnews.routes[f"/{second}"] = Page(b"Service Unavailable", status=503)
    first = backfill(ccnews, db, mongo_uri, tmp_path, "--since", "2017-05")
    assert first.returncode == 1
    assert "run again to resume" in first.stderr
    assert db.warc_imports.count_documents({}) == 1
    ccnews.routes[f"/{second}"] = good
    downloads = len([r for r in ccnews.requests if r.endswith(".warc.gz")])
    again = backfill(ccnews, db, mongo_uri, tmp_path, "--since", "2017-05")
    assert again.returncode == 0, again.stderr
    assert [r for r in ccnews.requests if r.endswith(".warc.gz")][downloads:] == [f"/{second}"]
    assert db.articles.count_documents({}) == 12


def test_a_half_downloaded_file_is_resumed_with_a_range_request(ccnews, db, mongo_uri, tmp_path):
    path = f"{JUNE}/CC-NEWS-20170602080000-00003.warc.gz"
    data = ccnews.files[path]
    part = tmp_path / "downloads" / (Path(path).name + ".part")
    part.parent.mkdir()
    part.write_bytes(data[:1000])  # what a killed run left
    result = backfill(ccnews, db, mongo_uri, tmp_path, "--since", "2017-06")
    assert result.returncode == 0, result.stderr
    assert ccnews.ranges == [(path, 1000)]
    assert db.articles.count_documents({}) == 3


def test_only_one_file_is_on_disk_at_a_time(ccnews, db, mongo_uri, tmp_path):
    seen_on_disk = []
    second = f"/{MAY}/CC-NEWS-20170505060000-00002.warc.gz"
    serve = ccnews.routes[second]

    def watching(handler):
        seen_on_disk.append(sorted(p.name for p in (tmp_path / "downloads").iterdir()))
        return serve(handler)

    ccnews.routes[second] = watching
    assert backfill(ccnews, db, mongo_uri, tmp_path, "--since", "2017-05").returncode == 0
    assert seen_on_disk == [[]]  # the first file was imported and deleted before


def test_with_two_files_on_disk_downloads_run_ahead_of_the_import(ccnews, db, mongo_uri,
                                                                  tmp_path):
    on_disk = []
    for path in [p for p in ccnews.files]:
        serve = ccnews.routes[f"/{path}"]

        def watching(handler, serve=serve):
            on_disk.append(len([p for p in (tmp_path / "downloads").iterdir()
                                if p.name.endswith(".warc.gz")]))
            return serve(handler)

        ccnews.routes[f"/{path}"] = watching
    result = backfill(ccnews, db, mongo_uri, tmp_path, "--since", "2017-05", "--until", "2017-06",
                      "-s", "NEWSCRAWL_CCNEWS_FILES_ON_DISK=2")
    assert result.returncode == 0, result.stderr
    assert db.warc_imports.count_documents({}) == 3
    # the second and third downloads ran while the file before was on disk
    # (being imported), never two before: two files on disk at most
    assert on_disk == [0, 1, 1]


def test_only_the_chosen_sources_are_imported(ccnews, db, mongo_uri, tmp_path):
    result = backfill(ccnews, db, mongo_uri, tmp_path, "--since", "2017-05", "--until", "2017-06",
                      "--source", "derstandard", "--source", "france24-fr")
    assert result.returncode == 0, result.stderr
    assert set(db.articles.distinct("source")) == {"derstandard", "france24-fr"}


def test_a_bad_month_is_a_clear_error(ccnews, db, mongo_uri, tmp_path):
    result = backfill(ccnews, db, mongo_uri, tmp_path, "--since", "May 2017")
    assert result.returncode == 2
    assert "'May 2017' is not a month such as 2017-05" in result.stderr


def test_a_download_whose_md5_differs_from_the_etag_is_refused(site, tmp_path):
    data = b"WARC/1.0\r\n" * 100
    site.routes["/x.warc.gz"] = Page(data, headers={"ETag": f'"{"0" * 32}"'})
    with pytest.raises(DownloadError, match="MD5"):
        download(site.url("/x.warc.gz"), tmp_path / "x.warc.gz",
                 DownloadOptions(attempts=2, backoff=0))
    assert not (tmp_path / "x.warc.gz").exists()


def test_a_download_shorter_than_announced_is_not_taken_as_complete(site, tmp_path):
    data = b"0123456789" * 50

    def short(handler):  # a 206 that claims a larger file than it sends in the end
        return Page(data[:100], status=206, headers={"Content-Range": f"bytes 0-99/{len(data)}"})

    site.routes["/y.warc.gz"] = short
    with pytest.raises(DownloadError, match="100 bytes received of 500"):
        download(site.url("/y.warc.gz"), tmp_path / "y.warc.gz",
                 DownloadOptions(attempts=1, backoff=0))


def test_only_http_urls_are_downloaded(tmp_path):
    with pytest.raises(DownloadError, match="only http"):
        download("file:///etc/passwd", tmp_path / "p")


def test_import_warc_downloads_a_url_imports_it_and_deletes_the_download(ccnews, db, mongo_uri,
                                                                          tmp_path):
    path = f"{JUNE}/CC-NEWS-20170602080000-00003.warc.gz"
    result = run_newscrawl(
        "import-warc", ccnews.url(f"/{path}"), "-s", f"NEWSCRAWL_MONGO_DATABASE={db.name}",
        "-s", f"NEWSCRAWL_WARC_DOWNLOAD_DIR={tmp_path / 'downloads'}",
        "-s", "NEWSCRAWL_EXTRACT_WORKERS=0",
        env={"NEWSCRAWL_MONGO_URI": mongo_uri, "NEWSCRAWL_DATA_DIR": str(tmp_path / "var")})
    assert result.returncode == 0, result.stderr
    assert "store/new 3" in result.stdout
    assert db.articles.count_documents({}) == 3
    assert list((tmp_path / "downloads").iterdir()) == []
