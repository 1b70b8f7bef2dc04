"""WARC files built from realistic fixture pages, as Common Crawl's CC-NEWS
writes them (one gzip member per record, HTTP responses with their headers).

The pages are the bundled demo site's article template (header, navigation,
cookie banner, ads, share bar, related links, comments, footer, JSON-LD)
published under the domains of the built-in sources: DER STANDARD (the seed
story of May 2017), tagesschau, AP (English), swissinfo (German) and France 24
(French). Used by the WARC tests and by ``bench/warc_import.py``; records are
written by hand here so that tests can also build the broken ones (truncated,
revisit, chunked and gzip-encoded bodies, a damaged gzip member).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newscrawl.demo.site import article_page, load_articles, section_front

#: (source, site root, article path, index of the demo article): outlets and
#: languages of the fixture crawl. Article 0 is the seed story.
OUTLETS = [
    ("derstandard", "https://www.derstandard.at",
     "story/2000056912/trump-und-putin-wollen-vorgehen-gegen-terror-abstimmen", 0),
    ("tagesschau", "https://www.tagesschau.de", "wirtschaft/ifo-geschaeftsklima-101.html", 1),
    ("apnews", "https://apnews.com", "article/fed-holds-rates-steady-8c2e41", 2),
    ("apnews", "https://apnews.com", "article/new-york-subway-fares-rise-41ab07", 3),
    ("swissinfo-de", "https://www.swissinfo.ch", "ger/lawinengefahr-im-wallis/43190512", 4),
    ("france24-fr", "https://www.france24.com", "fr/france/20170503-greve-sncf-trafic-perturbe", 5),
]
#: The crawl "now" of the fixture pages: in May 2017, like the seed story.
CRAWL_DAY = datetime(2017, 5, 4, 6, 0, tzinfo=UTC)


@dataclass
class FixturePage:
    url: str
    source: str
    html: bytes
    title: str
    language: str


def fixture_pages(variant: int = 0) -> list[FixturePage]:
    """The article pages of the fixture outlets; ``variant`` > 0 gives other
    URLs (and a numbered extra paragraph) for larger files."""
    articles = load_articles(CRAWL_DAY)
    pages = []
    for source, root, path, index in OUTLETS:
        article = dict(articles[index])
        article["slug"] = path if not variant else f"{path}-{variant}"
        if variant:
            article["body"] = (article["body"].rstrip()
                               + f"\n\nDiese Meldung wurde um {variant} Uhr aktualisiert.\n")
        html = article_page(article, root).encode("utf-8")
        pages.append(FixturePage(f"{root}/{article['slug']}", source, html, article["title"],
                                 article["language"]))
    return pages


def section_page() -> FixturePage:
    """A section front of one outlet: a listing page, no article."""
    articles = load_articles(CRAWL_DAY)
    root = "https://www.derstandard.at"
    return FixturePage(f"{root}/international", "derstandard",
                       section_front(articles, root).encode(), "", "de")


def block_digest(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


@dataclass
class Record:
    """One WARC record as bytes: headers (in order) and block."""

    warc_type: str
    url: str | None
    date: datetime
    block: bytes
    content_type: str = "application/http; msgtype=response"
    extra: dict[str, str] = field(default_factory=dict)
    version: str = "WARC/1.0"
    record_id: str = field(default_factory=lambda: f"<urn:uuid:{uuid.uuid4()}>")

    def to_bytes(self) -> bytes:
        headers = [f"{self.version}", f"WARC-Type: {self.warc_type}",
                   f"WARC-Date: {self.date.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}",
                   f"WARC-Record-ID: {self.record_id}"]
        if self.url:
            headers.append(f"WARC-Target-URI: {self.url}")
        headers += [f"Content-Type: {self.content_type}",
                    f"WARC-Block-Digest: {block_digest(self.block)}"]
        headers += [f"{k}: {v}" for k, v in self.extra.items()]
        headers.append(f"Content-Length: {len(self.block)}")
        return ("\r\n".join(headers) + "\r\n\r\n").encode() + self.block + b"\r\n\r\n"


def http_response(body: bytes, *, content_type: str = "text/html; charset=utf-8",
                  status: str = "200 OK", chunked: bool = False, gzipped: bool = False,
                  extra: dict[str, str] | None = None) -> bytes:
    """An HTTP/1.1 response as a crawler receives it, optionally gzip-encoded
    and sent in chunks."""
    headers = {"Date": "Thu, 04 May 2017 06:00:00 GMT", "Server": "nginx",
               "Content-Type": content_type, "ETag": f'"{hashlib.md5(body).hexdigest()[:16]}"',
               "Last-Modified": "Wed, 03 May 2017 08:05:00 GMT", **(extra or {})}
    if gzipped:
        body = gzip.compress(body, mtime=0)
        headers["Content-Encoding"] = "gzip"
    if chunked:
        headers["Transfer-Encoding"] = "chunked"
        size = 4000
        parts = [body[i:i + size] for i in range(0, len(body), size)]
        body = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"
    else:
        headers["Content-Length"] = str(len(body))
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode() + b"\r\n" + body


def response_record(page: FixturePage, date: datetime, **http) -> Record:
    return Record("response", page.url, date, http_response(page.html, **http))


def warcinfo_record(date: datetime, filename: str) -> Record:
    info = "software: newscrawl-fixtures\r\nformat: WARC File Format 1.0\r\nisPartOf: CC-NEWS\r\n"
    return Record("warcinfo", None, date, info.encode(), content_type="application/warc-fields",
                  extra={"WARC-Filename": filename})


def gzip_member(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    return compressor.compress(data) + compressor.flush()


def write_warc(path: Path, records: list[Record], *, compress: bool = True) -> Path:
    """Records to ``path``: one gzip member each (as CC-NEWS), or plain."""
    with open(path, "wb") as out:
        for record in records:
            data = record.to_bytes()
            out.write(gzip_member(data) if compress else data)
    return path


def ccnews_records(when: datetime = CRAWL_DAY) -> list[Record]:
    """The fixture CC-NEWS file: every outlet's article (one chunked and
    gzip-encoded), a section front, a page of an unknown outlet, a PDF, a
    revisit, a truncated capture, a redirect and a request record."""
    pages = fixture_pages()
    records = [warcinfo_record(when, "CC-NEWS-20170504060000-00001.warc.gz")]
    for i, page in enumerate(pages):
        http = {"chunked": True, "gzipped": True} if page.source == "tagesschau" else {}
        records.append(response_record(page, when + timedelta(minutes=i), **http))
    stranger = FixturePage("https://www.example-gazette.com/news/2017/05/04/council-vote",
                           "", pages[2].html, pages[2].title, "en")
    records.append(response_record(stranger, when + timedelta(minutes=10)))
    records.append(response_record(section_page(), when + timedelta(minutes=11)))
    pdf = FixturePage("https://www.derstandard.at/pdf/2000056913/report.pdf", "derstandard",
                      b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "", "")
    records.append(response_record(pdf, when + timedelta(minutes=12),
                                   content_type="application/pdf"))
    records.append(Record("revisit", pages[0].url, when + timedelta(hours=1),
                          http_response(b"")[:200].split(b"\r\n\r\n")[0] + b"\r\n\r\n",
                          extra={"WARC-Profile": "http://netpreserve.org/warc/1.0/revisit/"
                                                 "identical-payload-digest",
                                 "WARC-Refers-To-Target-URI": pages[0].url}))
    cut = FixturePage(f"{pages[1].url}?seite=2", "tagesschau", pages[1].html[:600], "", "de")
    records.append(Record("response", cut.url, when + timedelta(minutes=13),
                          http_response(cut.html), extra={"WARC-Truncated": "length"}))
    records.append(Record("response", "https://www.derstandard.at/", when + timedelta(minutes=14),
                          http_response(b"", status="301 Moved Permanently",
                                        extra={"Location": "https://www.derstandard.at/"
                                                           "international"})))
    records.append(Record("request", pages[0].url, when,
                          f"GET /{pages[0].url.split('/', 3)[3]} HTTP/1.1\r\n"
                          f"Host: www.derstandard.at\r\n\r\n".encode(),
                          content_type="application/http; msgtype=request"))
    return records


def write_broken_warc(path: Path) -> Path:
    """A gzip-per-record file whose third member is damaged: the two records
    before it and the two after it are good."""
    pages = fixture_pages()
    members = [gzip_member(response_record(p, CRAWL_DAY).to_bytes()) for p in pages[:5]]
    bad = bytearray(members[2])
    bad[len(bad) // 2: len(bad) // 2 + 40] = b"\x00" * 40  # a damaged block inside the member
    members[2] = bytes(bad)
    path.write_bytes(b"".join(members))
    return path


def bench_records(count: int, when: datetime = CRAWL_DAY) -> list[Record]:
    """``count`` response records of the fixture outlets (distinct URLs)."""
    records = []
    variant = 0
    while len(records) < count:
        variant += 1
        for page in fixture_pages(variant):
            if len(records) >= count:
                break
            records.append(response_record(page, when + timedelta(seconds=len(records))))
    return records
