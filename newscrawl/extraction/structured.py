"""What a page says about itself: JSON-LD, <meta> tags (OpenGraph, Twitter, Dublin Core), links.

Read once from the parsed tree, without modifying it, into a `PageMetadata` the title,
author, lead and page-type steps all draw from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from lxml.html import HtmlElement

from .hydration import may_hold_payload

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "backgroundnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "askpublicnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "techarticle",
        "scholarlyarticle",
        "report",
        "satiricalarticle",
        "advertisercontentarticle",
        "posting",
    }
)
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage"})
GALLERY_TYPES = frozenset({"imagegallery", "mediagallery"})
_TRAILING_COMMAS = re.compile(r",\s*([\]}])")


def clean_space(value: Any) -> str:
    r"""Whitespace runs as one space, none at the ends; "" for a non-string. The same as
    ``re.sub(r"\s+", " ", value).strip()`` (``\s`` and ``str.split()`` both split on
    exactly the characters of ``str.isspace()``, checked over every code point), at a
    third of the cost: it runs ~100 times a page."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def types_of(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str)}


def names_of(value: Any) -> list[tuple[str, bool]]:
    """(name, is_organisation) pairs from a JSON-LD author/publisher value: a name, an
    object or a list of them, also lists nested in lists ([[{...}, {...}]]), with the HTML
    entities templates leave in names decoded ("Redacci&oacute;n" -> "Redacción")."""
    found: list[tuple[str, bool]] = []
    for item in _list_items(value, depth=0):
        if isinstance(item, str):
            found.append((_decoded(item), False))
        elif isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, list):
                name = " ".join(n for n in name if isinstance(n, str))
            if not isinstance(name, str):
                given, family = item.get("givenName"), item.get("familyName")
                name = " ".join(n for n in (given, family) if isinstance(n, str))
            is_org = bool(types_of(item) & {"organization", "newsmediaorganization", "corporation"})
            found.append((_decoded(name), is_org))
    return [(n, org) for n, org in found if n]


def _list_items(value: Any, depth: int) -> Iterator[Any]:
    """The items of a value, lists inside lists flattened (three levels; deeper is not
    data but hostile input)."""
    if not isinstance(value, list):
        yield value
    elif depth < 3:
        for item in value:
            yield from _list_items(item, depth + 1)


def _decoded(text: str) -> str:
    return clean_space(unescape(text))


def url_of(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id")
    return clean_space(value) or None


@dataclass
class PageMetadata:
    json_ld: list[dict[str, Any]] = field(default_factory=list)
    article: dict[str, Any] | None = None
    meta: dict[str, list[str]] = field(default_factory=dict)
    html_lang: str | None = None
    canonical: str | None = None
    title_tag: str | None = None
    # inline scripts that may carry a framework's hydration payload (hydration.py)
    payload_scripts: list[HtmlElement] = field(default_factory=list)

    def first_meta(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.meta.get(key, ()):
                if value:
                    return value
        return None

    def all_meta(self, *keys: str) -> list[str]:
        return [v for key in keys for v in self.meta.get(key, ()) if v]

    def article_value(self, key: str) -> Any:
        """A field of the page's article object, with {"@id": ...} references (Yoast-style
        @graph pages point to their Person/Organization nodes) resolved."""
        value = self.article.get(key) if self.article else None
        if isinstance(value, list):
            return [self._resolve(v) for v in value]
        return self._resolve(value)

    def _resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
            return self.nodes_by_id().get(value["@id"], value)
        return value

    def nodes_by_id(self) -> dict[str, dict[str, Any]]:
        return {o["@id"]: o for o in self.json_ld if isinstance(o.get("@id"), str)}

    def page_types(self) -> set[str]:
        return set().union(*(types_of(obj) for obj in self.json_ld)) if self.json_ld else set()


def read_page_metadata(tree: HtmlElement) -> PageMetadata:
    page = PageMetadata()
    for element in tree.iter("meta", "link", "title", "script", "html"):
        tag = element.tag
        if tag == "meta":
            _read_meta(element, page.meta)
        elif tag == "link":
            rel = (element.get("rel") or "").lower().split()
            if "canonical" in rel and not page.canonical:
                page.canonical = clean_space(element.get("href")) or None
        elif tag == "title":
            if (
                page.title_tag is None
                and element.getparent() is not None
                and element.getparent().tag in ("head", "html")
            ):
                page.title_tag = clean_space(element.text_content()) or None
        elif tag == "html":
            page.html_lang = clean_space(element.get("lang") or element.get("xml:lang")) or None
        elif (element.get("type") or "").strip().lower() == "application/ld+json":
            page.json_ld.extend(_json_ld_objects(element.text or ""))
        elif may_hold_payload(element):
            page.payload_scripts.append(element)
    page.article = _main_article(page.json_ld)
    return page


def _read_meta(element: HtmlElement, meta: dict[str, list[str]]) -> None:
    content = element.get("content")
    if content is None:
        return
    for attribute in ("property", "name", "itemprop", "http-equiv"):
        key = element.get(attribute)
        if key:
            meta.setdefault(key.strip().lower(), []).append(clean_space(content))


def _json_ld_objects(source: str) -> Iterator[dict[str, Any]]:
    source = source.strip().removeprefix("<!--").removesuffix("-->").strip()
    if not source:
        return
    try:
        data = json.loads(source, strict=False)
    except RecursionError:  # nested deeper than Python's stack: hostile, not data
        return
    except ValueError:
        try:
            data = json.loads(_TRAILING_COMMAS.sub(r"\1", source), strict=False)
        except (ValueError, RecursionError):
            return
    yield from _flatten(data, depth=0)


def _flatten(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if "@type" in data:
            yield data
        if graph is not None:
            yield from _flatten(graph, depth + 1)
        main_entity = data.get("mainEntity")
        if isinstance(main_entity, (dict, list)):
            yield from _flatten(main_entity, depth + 1)


def _main_article(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    articles = [obj for obj in objects if types_of(obj) & ARTICLE_TYPES]
    if not articles:
        return None
    # the page's own article carries a headline and/or body; related teasers rarely do
    return max(articles, key=lambda o: (bool(o.get("articleBody")), bool(o.get("headline"))))
