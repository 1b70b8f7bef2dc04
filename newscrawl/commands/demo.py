"""``newscrawl demo``: serve the bundled demo news site on 127.0.0.1, crawl it
into the archive (the embedded server unless NEWSCRAWL_MONGO_URI says
otherwise) and print what was stored."""

from __future__ import annotations

import errno
import sys

from pymongo.errors import PyMongoError

from newscrawl.commands import (
    UsageError,
    add_settings_option,
    archive_unavailable_message,
    parse_setting_overrides,
)
from newscrawl.demo.server import SiteServer
from newscrawl.demo.site import build_routes, demo_source_toml
from newscrawl.runner import project_settings, run_crawl
from newscrawl.settings.paths import data_dir
from newscrawl.sources import load_sources_file
from newscrawl.store.mongo import ARTICLES, archive_problem, configured_uri, open_database

DEMO_SETTINGS = {
    # A local server: no need to be gentle.
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "LOG_LEVEL": "WARNING",
}


def register(subparsers) -> None:
    parser = subparsers.add_parser("demo", help="crawl the bundled demo site and show the archive")
    add_settings_option(parser)
    parser.set_defaults(func=run)


def demo_site(port: int) -> SiteServer:
    """The demo site's server on ``port``; a port in use is a usage error."""
    try:
        return SiteServer(port=port)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        raise UsageError(
            f"port {port} on 127.0.0.1 is in use (NEWSCRAWL_DEMO_PORT): stop the program "
            f"holding it, or run 'newscrawl demo -s NEWSCRAWL_DEMO_PORT=<free port>' (the demo "
            f"articles then get new URLs, so new archive ids)") from None


def run_demo(overrides: dict) -> tuple[int, list[dict] | None]:
    """Serve, crawl, and return (exit code, stored demo documents). None for the
    documents when the database does not answer after the crawl (its articles
    went to the spool, and the crawl's log says so): said in one line."""
    settings = project_settings(overrides)
    # A fixed port: the site's URLs, and so the archive ids, stay the same
    # from one demo run to the next.
    with demo_site(settings.getint("NEWSCRAWL_DEMO_PORT")) as site:
        problem = archive_problem(settings)
        if problem:  # before the crawl, as 'newscrawl crawl' says it
            raise UsageError(problem)
        site.routes.update(build_routes(site.base_url))
        source_file = data_dir(settings) / "demo" / "sources.toml"
        source_file.parent.mkdir(parents=True, exist_ok=True)
        source_file.write_text(demo_source_toml(site.base_url), encoding="utf-8")
        sources = load_sources_file(source_file)
        crawl_settings = {**DEMO_SETTINGS, **overrides, "NEWSCRAWL_SOURCE_FILES": [str(source_file)]}
        outcome = run_crawl(sources.values(), crawl_settings)
    client, db = open_database(settings)
    try:
        docs = list(db[ARTICLES].find({"source": "demo"}).sort("published", -1))
    except PyMongoError as exc:
        where = configured_uri(settings) or "the embedded server"
        print(f"newscrawl demo: {archive_unavailable_message(where, exc)}; the articles "
              f"crawled are in the spool: run 'newscrawl replay' when it is back", file=sys.stderr)
        return 1, None
    finally:
        client.close()
    return (0 if outcome.ok else 1), docs


def show(doc: dict) -> str:
    published = doc.get("published")
    when = f"{published:%Y-%m-%d %H:%M} UTC ({doc.get('published_precision')})" if published else "undated"
    dateline = (doc.get("dateline") or {}).get("places") or []
    return (f"- {doc.get('title')}\n"
            f"    {doc.get('url')}\n"
            f"    {doc.get('language')} · {when} · agencies {doc.get('agencies')} · "
            f"authors {doc.get('authors')} · dateline {dateline} · credit {doc.get('credit')!r}\n"
            f"    {len(doc.get('text') or '')} characters: {(doc.get('text') or '')[:90]!r}…")


def run(args) -> int:
    code, docs = run_demo(parse_setting_overrides(args.set))
    if docs is None:
        return code
    print(f"\n{len(docs)} demo articles in the archive:\n")
    for doc in docs:
        print(show(doc))
    print("\nMore: 'newscrawl stats', 'newscrawl db status'; stop the server with 'newscrawl db stop'.")
    return code
