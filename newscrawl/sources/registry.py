"""The source registry: which news sites to crawl, declared as data.

A source is one TOML file (``builtin/<name>.toml``, or any file listed in the
``NEWSCRAWL_SOURCE_FILES`` setting) holding one table per source::

    [derstandard]
    feeds = ["https://www.derstandard.at/rss"]
    sitemaps = ["https://www.derstandard.at/sitemaps/news.xml"]
    allowed_domains = ["derstandard.at"]
    article_patterns = ['/story/\\d+/']
    language = "de"
    timezone = "Europe/Vienna"

Adding a news site is a matter of data, not code. Every entry is validated
when it is loaded, and a bad one fails with a message that names the source,
the file and the field, so a typo is found before a crawl starts, not after.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newscrawl.errors import UsageError
from newscrawl.tomlfiles import read_toml

BUILTIN_DIR = Path(__file__).with_name("builtin")
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_LANG_RE = re.compile(r"^[a-z]{2,3}$")


class SourceError(UsageError, ValueError):
    """A registry entry is invalid; the message names source, file and field."""


@dataclass(frozen=True)
class Source:
    """One news outlet and where its articles are announced."""

    name: str
    language: str
    timezone: str = "UTC"
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    #: Read ``Sitemap:`` lines of the site's robots.txt as further sitemaps.
    robots_sitemaps: bool = False
    #: Section fronts whose article links the ``site`` spider follows.
    listing_pages: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    #: Regular expressions; a URL is an article when it matches one of them
    #: (every URL is, when the list is empty) and none of ``deny_patterns``.
    article_patterns: tuple[str, ...] = ()
    deny_patterns: tuple[str, ...] = ()
    #: Canonical agency code when the outlet itself is an agency wire.
    default_agency: str | None = None
    #: News-sitemap date window in days; None: the NEWSCRAWL_SITEMAP_WINDOW_DAYS setting.
    sitemap_window_days: int | None = None
    #: Re-fetch archived articles older than this many days; None: never.
    recheck_days: float | None = None
    origin: str = field(default="", compare=False)

    def is_article_url(self, url: str) -> bool:
        """Whether ``url`` looks like an article of this source."""
        if any(re.search(p, url) for p in self.deny_patterns):
            return False
        return not self.article_patterns or any(re.search(p, url) for p in self.article_patterns)

    def is_allowed(self, url: str) -> bool:
        """Whether ``url`` is on one of the source's domains (or subdomains)."""
        host = (urlsplit(url).hostname or "").lower()
        if not self.allowed_domains:
            return True
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)


_LIST_FIELDS = {
    "feeds", "sitemaps", "listing_pages", "allowed_domains", "article_patterns", "deny_patterns"
}
_URL_FIELDS = {"feeds", "sitemaps", "listing_pages"}
_PATTERN_FIELDS = {"article_patterns", "deny_patterns"}
_KNOWN = {f.name for f in fields(Source)} - {"name", "origin"}


def _fail(name: str, origin: str, fld: str, message: str) -> SourceError:
    return SourceError(f"source {name!r} ({origin}): field {fld!r}: {message}")


def _check_url(name: str, origin: str, fld: str, url: Any) -> str:
    if not isinstance(url, str):
        raise _fail(name, origin, fld, f"{url!r} is not a string")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _fail(name, origin, fld, f"{url!r} is not a valid http(s) URL")
    return url


def source_from_mapping(name: str, data: Mapping[str, Any], origin: str = "<dict>") -> Source:
    """Validate one registry entry and build its :class:`Source`."""
    if not _NAME_RE.match(name):
        raise _fail(name, origin, "name", "use lower-case letters, digits, '-' and '_'")
    unknown = set(data) - _KNOWN
    if unknown:
        raise _fail(name, origin, min(unknown), f"unknown field; known: {', '.join(sorted(_KNOWN))}")
    values: dict[str, Any] = {"name": name, "origin": origin}
    for key, value in data.items():
        if key in _LIST_FIELDS:
            if isinstance(value, str) or not isinstance(value, list):
                raise _fail(name, origin, key, "must be a list of strings")
            if key in _URL_FIELDS:
                value = [_check_url(name, origin, key, v) for v in value]
            elif key in _PATTERN_FIELDS:
                for pattern in value:
                    try:
                        re.compile(pattern)
                    except (re.error, TypeError) as exc:
                        raise _fail(name, origin, key, f"{pattern!r} is not a valid regex: {exc}") from None
            values[key] = tuple(str(v).lower() if key == "allowed_domains" else v for v in value)
        else:
            values[key] = value
    _check_scalars(name, origin, values)
    if not (values.get("feeds") or values.get("sitemaps") or values.get("listing_pages")
            or values.get("robots_sitemaps")):
        raise _fail(name, origin, "feeds", "a source needs feeds, sitemaps or listing_pages")
    if not values.get("allowed_domains"):
        hosts = {urlsplit(u).hostname for k in _URL_FIELDS for u in values.get(k, ())}
        values["allowed_domains"] = tuple(sorted(h.lower() for h in hosts if h))
    return Source(**values)


def _check_scalars(name: str, origin: str, values: dict[str, Any]) -> None:
    language = values.get("language")
    if not isinstance(language, str) or not _LANG_RE.match(language):
        raise _fail(name, origin, "language", f"{language!r} is not an ISO 639 code such as 'de'")
    tz = values.setdefault("timezone", "UTC")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise _fail(name, origin, "timezone", f"{tz!r} is not an IANA time zone such as 'Europe/Vienna'") from None
    for key in ("sitemap_window_days", "recheck_days"):
        value = values.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float) or value < 0):
            raise _fail(name, origin, key, f"{value!r} is not a non-negative number of days")
    if not isinstance(values.get("robots_sitemaps", False), bool):
        raise _fail(name, origin, "robots_sitemaps", "must be true or false")
    agency = values.get("default_agency")
    if agency is not None:
        values["default_agency"] = _canonical_agency(name, origin, agency)


def _canonical_agency(name: str, origin: str, code: object) -> str:
    """The canonical code of a known agency: a typo here would otherwise fail
    on every article of the source, mid-crawl."""
    from newscrawl.agencies import load_registry

    if not isinstance(code, str):
        raise _fail(name, origin, "default_agency", "must be an agency code such as 'dpa'")
    registry = load_registry()
    agency = registry.lookup(code)
    if agency is None:
        hint = ", ".join(registry.suggest(code)[:3])
        raise _fail(name, origin, "default_agency",
                    f"unknown agency {code!r}" + (f"; did you mean {hint}?" if hint else ""))
    return agency.code


def load_sources_file(path: str | Path) -> dict[str, Source]:
    """Read one registry file; every top-level table is one source."""
    path = Path(path)
    data = read_toml(path, "source registry file", SourceError)
    sources = {}
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise SourceError(f"source {name!r} ({path}): must be a [table], not a plain value")
        sources[name] = source_from_mapping(name, entry, origin=str(path))
    return sources


def load_registry(extra_files: Iterable[str | Path] = ()) -> dict[str, Source]:
    """The bundled sources, then each extra file in order (later names win)."""
    registry: dict[str, Source] = {}
    for path in sorted(BUILTIN_DIR.glob("*.toml")):
        registry.update(load_sources_file(path))
    for path in extra_files:
        registry.update(load_sources_file(path))
    return registry


def is_builtin(source: Source) -> bool:
    """Whether ``source`` is one of the bundled examples (and not redefined
    in a file of the user's)."""
    return Path(source.origin).parent == BUILTIN_DIR


def configured_sources(registry: Mapping[str, Source], enabled_builtins: Iterable[str] = ()
                       ) -> list[str]:
    """The sources a deployment crawls (``newscrawl crawl --all``) and checks
    (``newscrawl runs --check``): every source of the user's registry files,
    and the bundled examples named in ``NEWSCRAWL_BUILTIN_SOURCES``. The
    bundled outlets are examples: crawling them all hourly because a registry
    file was missing would hit six real news sites unasked. None configured
    is a SourceError that says how to configure one."""
    enabled = list(dict.fromkeys(enabled_builtins))
    for name in enabled:
        if name not in registry:
            get_source(registry, name)  # unknown: raises, listing what exists
        if not is_builtin(registry[name]):
            raise SourceError(f"NEWSCRAWL_BUILTIN_SOURCES: {name!r} is not a bundled source "
                              f"(it is defined in {registry[name].origin}, and so configured)")
    names = sorted(n for n, s in registry.items() if not is_builtin(s) or n in enabled)
    if not names:
        examples = ", ".join(sorted(n for n, s in registry.items() if is_builtin(s)))
        raise SourceError("no sources configured: list your registry files in "
                          "NEWSCRAWL_SOURCE_FILES, or enable bundled examples with "
                          f"NEWSCRAWL_BUILTIN_SOURCES (bundled: {examples})")
    return names


def get_source(registry: Mapping[str, Source], name: str) -> Source:
    """Look a source up by name, with a message that lists what exists."""
    try:
        return registry[name]
    except KeyError:
        known = ", ".join(sorted(registry)) or "none"
        raise SourceError(f"unknown source {name!r}; known sources: {known}") from None
