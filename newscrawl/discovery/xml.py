"""Safe, streaming iteration over feed and sitemap XML.

Feeds and sitemaps come from sites nobody controls. lxml's ``iterparse``
walks them element by element (a 100k-item feed never becomes one tree in
memory), with entity resolution and network access off, so XML external
entities and "billion laughs" expand to nothing instead of to memory.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from lxml import etree


def localname(tag: object) -> str:
    """Tag name without namespace (``{http://...}loc`` -> ``loc``); '' for comments."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


class TruncatedXML(Exception):
    """The document broke off (malformed, or an amplifying entity); the entries
    before the break were yielded. Callers count it instead of losing it silently."""


def iter_elements(body: bytes, names: frozenset[str]) -> Iterator[etree._Element]:
    """Yield each completed element whose local name is in ``names``.

    The element is cleared after the caller has looked at it, and its earlier
    siblings are dropped, so memory stays bounded by one entry. Malformed XML
    ends the iteration at the first unrecoverable error: what was read up to
    there is yielded, then :class:`TruncatedXML` is raised.
    """
    parser_events = etree.iterparse(
        io.BytesIO(body),
        events=("end",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        for _event, element in parser_events:
            if localname(element.tag) in names:
                yield element
                element.clear(keep_tail=False)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        raise TruncatedXML(str(exc)) from None
    # recover=True reads past what it can mend; a fatal error means the rest is gone
    fatal = [e for e in parser_events.error_log if e.level == etree.ErrorLevels.FATAL]
    if fatal:
        raise TruncatedXML(fatal[0].message)


def child_text(element: etree._Element, *names: str) -> str | None:
    """Stripped text of the first direct or nested child named one of ``names``."""
    for child in element.iter():
        if child is not element and localname(child.tag) in names:
            text = (child.text or "").strip()
            if text:
                return text
    return None
