"""The article text of pages that render it only from a framework's hydration payload.

Some news CMSs built on React/Vue frameworks send the article not as HTML but as data the
browser script renders: Next.js App Router streams it as React Server Components "flight"
rows (``self.__next_f.push([1, "…"])``, the body often one ``T`` text row of HTML, with a
``<template id="B:0">`` Suspense placeholder in the HTML body), the Pages Router as the
``__NEXT_DATA__`` JSON, Nuxt as ``__NUXT_DATA__``; other frameworks as some other
``<script type="application/json">``. trafilatura sees an empty page there.

The payload is read generically, never with one publisher's keys: every string of the
payload; a string that carries HTML paragraphs is one candidate, the strings at one key
path (``blocks[].text``: the paragraph nodes of a rich-text JSON) joined are another. A
candidate counts only when it shares enough words with the headline or description the
page declares, so a teaser list or a cookie text in the same payload is not taken for
the article; of those, the longest wins. The caller only asks when the HTML pass found
(almost) nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import etree
from lxml.html import HtmlElement, fragment_fromstring

# the streamed flight rows: the JSON string argument of each push([1, "..."])
_FLIGHT_PUSH = re.compile(r'self\.__next_f\.push\(\[1,\s*("(?:[^"\\]|\\.)*")\]\)', re.DOTALL)
# a flight row id and a text row's header: "24:T1b7b," then 0x1b7b UTF-8 bytes of text
_FLIGHT_ROW = re.compile(rb"([0-9a-fA-F]*):(T([0-9a-fA-F]+),)?")
# HTML that is paragraphs of text, not an icon or a single link
_PARAGRAPH_TAG = re.compile(r"<(?:p|br|h[2-6]|li|blockquote)\b", re.IGNORECASE)
# unrendered template placeholders ("$$ARTICLEAD$$", "{{ad_slot}}", "%%AD%%")
_PLACEHOLDER = re.compile(r"\$\$\w+\$\$|\{\{[^{}]{1,60}\}\}|%%\w+%%")
_WORD = re.compile(r"\w{2,}")
_BREAK_TAGS = frozenset(
    {"p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section", "tr"}
)
# figures, their captions and credits, and elements never shown as text
_DROP_TAGS = ("figure", "figcaption", "picture", "img", "script", "style", "iframe", "button")
_DROP_CLASS_WORDS = ("caption", "credit", "copyright")

#: A candidate must be this long (characters of text) to be taken for an article body.
MIN_BODY_CHARS = 400
#: Share of the declared headline's (or description's) words a candidate must contain.
MIN_HEADLINE_SHARE = 0.5
#: A string this long, with a space and no markup, is a paragraph of prose.
MIN_PROSE_CHARS = 60
# payloads larger than this are not read (a page is at most a few MB; hostile input)
MAX_PAYLOAD_CHARS = 8_000_000


def may_hold_payload(element: HtmlElement) -> bool:
    """Whether a <script> can hold a hydration payload: inline, JSON or JavaScript (noted
    while the page's metadata is read, so no second walk over the tree is needed; its
    text is only read when the HTML pass found no article)."""
    if element.get("src") is not None:
        return False
    return (element.get("type") or "").strip().lower() in ("", "application/json")


def hydrated_text(scripts: Iterable[HtmlElement], declared: Iterable[str]) -> str:
    """The article text read from the page's hydration payloads, or "" when none of
    their candidates is long enough and matches the declared headline/description."""
    probes = [words for words in (_words(text) for text in declared if text) if words]
    if not probes:
        return ""
    best = ""
    flight: list[str] = []
    for script in scripts:
        source = script.text or ""
        if len(source) > MAX_PAYLOAD_CHARS:
            continue
        if (script.get("type") or "").strip().lower() == "application/json":
            best = _longer(best, _best_candidate(_candidates(_json_values(source)), probes))
        elif source.lstrip().startswith("self.__next_f"):
            flight.extend(_flight_chunks(source))
    if flight:
        best = _longer(best, _best_candidate(_flight_candidates("".join(flight)), probes))
    return best


def _longer(a: str, b: str) -> str:
    return b if len(b) > len(a) else a


def _best_candidate(candidates: Iterable[str], probes: list[set[str]]) -> str:
    best = ""
    for candidate in candidates:
        if len(candidate) >= MIN_BODY_CHARS and len(candidate) > len(best):
            words = _words(candidate)
            if any(len(p & words) >= MIN_HEADLINE_SHARE * len(p) for p in probes):
                best = candidate
    return best


def _candidates(values: Iterable[Any]) -> Iterator[str]:
    """Texts that may be the article, from JSON documents: each HTML string with
    paragraphs, and the strings that sit at one key path (list positions ignored:
    ``blocks[].text``), joined as paragraphs when one of them is prose. The key path
    keeps a rich-text body (paragraphs and subheadings in one list) together and apart
    from teaser titles, newsletter boxes and cookie texts elsewhere in the payload."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for value in values:
        for path, text in _strings_of(value, ()):
            if "<" in text and len(_PARAGRAPH_TAG.findall(text)) >= 2:
                yield html_paragraphs(text)
            elif _is_text(text):
                groups.setdefault(path, []).append(" ".join(text.split()))
    for texts in groups.values():
        if any(len(t) >= MIN_PROSE_CHARS and " " in t for t in texts):
            yield "\n".join(texts)


def _is_text(value: str) -> bool:
    stripped = value.strip()
    return (
        " " in stripped
        and "<" not in stripped
        and not stripped.startswith(("http", "/", "$", "{", "["))
    )


def html_paragraphs(markup: str) -> str:
    """The text of an HTML fragment, one line per block, without figures and captions."""
    markup = _PLACEHOLDER.sub(" ", markup)
    try:
        root = fragment_fromstring(markup, create_parent="div")
    except (etree.LxmlError, ValueError):
        return ""
    for element in list(root.iter(*_DROP_TAGS)):
        _drop(element)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        classes = (element.get("class") or "").lower().split()
        if any(word in classes for word in _DROP_CLASS_WORDS):
            _drop(element)
    for element in root.iter(*_BREAK_TAGS):
        element.tail = "\n" + (element.tail or "")
        element.text = "\n" + (element.text or "")
    return "\n".join(line for line in (" ".join(raw.split()) for raw in
                                       root.text_content().splitlines()) if line)


def _drop(element: HtmlElement) -> None:
    if element.getparent() is not None:
        element.drop_tree()  # keeps the tail text


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def _json_values(source: str) -> Iterator[Any]:
    try:
        data = json.loads(source)
    except (ValueError, RecursionError):
        return
    yield _unflattened(data)


def _unflattened(data: Any) -> Any:
    """devalue's flat form (Nuxt 3 ``__NUXT_DATA__``, SvelteKit): one array holding every
    value once, objects and lists holding the indexes of their members; the first item
    is the root (an object of indexes, or a ["Reactive", index] wrapper). Other JSON is
    returned as it is."""
    if not (isinstance(data, list) and data):
        return data
    root = data[0]
    wrapped = (isinstance(root, list) and len(root) == 2 and isinstance(root[0], str)
               and isinstance(root[1], int))
    if not (wrapped or (isinstance(root, dict) and root
                        and all(isinstance(v, int) for v in root.values()))):
        return data
    seen: set[int] = set()

    def value(index: Any, depth: int) -> Any:
        if not isinstance(index, int) or not 0 <= index < len(data) or depth > 60:
            return None
        if index in seen:  # a value referenced twice, or a cycle: read once
            return None
        seen.add(index)
        item = data[index]
        if isinstance(item, dict):
            return {k: value(v, depth + 1) for k, v in item.items()}
        if isinstance(item, list):
            if len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], int):
                return value(item[1], depth + 1)  # ["Reactive", index] and the like
            return [value(v, depth + 1) for v in item]
        return item

    return value(0, 0)


def _strings_of(data: Any, path: tuple[str, ...], depth: int = 0
                ) -> Iterator[tuple[str, str]]:
    """Every string value of a JSON document with its key path, in document order
    (bounded depth: deeper nesting is hostile input, not an article)."""
    if depth > 60:
        return
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, list):
        for item in data:
            yield from _strings_of(item, path, depth + 1)
    elif isinstance(data, dict):
        for key, item in data.items():
            yield from _strings_of(item, (*path, str(key)), depth + 1)


def _flight_chunks(source: str) -> Iterator[str]:
    for match in _FLIGHT_PUSH.finditer(source):
        try:
            chunk = json.loads(match.group(1))
        except ValueError:
            continue
        if isinstance(chunk, str):
            yield chunk


def _flight_candidates(stream: str) -> Iterator[str]:
    """Candidates of a React Server Components flight stream: each text row holding
    HTML paragraphs, and the JSON rows read as one JSON document. Rows are
    "<id>:<json>\\n", text rows "<id>:T<hex length>,<text>" with the length in UTF-8
    bytes and no newline after it."""
    data = stream.encode("utf-8")
    rows: list[Any] = []
    position = 0
    while position < len(data):
        row = _FLIGHT_ROW.match(data, position)
        if row is None or (not row.group(1) and not row.group(2)):
            end = data.find(b"\n", position)
            position = len(data) if end < 0 else end + 1
            continue
        start = row.end()
        if row.group(2):
            end = start + int(row.group(3), 16)
            rows.append(data[start:end].decode("utf-8", "replace"))
            position = end
            continue
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        line = data[start:end].decode("utf-8", "replace")
        position = end + 1
        if line[:1] in ("[", "{"):
            rows.extend(_json_values(line))
    yield from _candidates(rows)
