"""The kicker (topline, Dachzeile, overline): the short label a news page sets over or
before its headline ("Nach Gaetz-Rückzug: Trump-Anwältin soll …").

Outlets differ in whether they count it as part of the title, so the archive stores it
apart from `title` (the headline alone): either convention can be rebuilt as
`f"{kicker}: {title}"`. Found where pages put it, in this order: marked up as the first
part of the headline element and set off in a declared title; the part of a declared
title before a separator whose rest is the headline; the words before a colon in a
heading whose rest is the headline (run together as text); an element classed as a
kicker just before the headline.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from .headline_parts import MAX_KICKER_CHARS, glued_kicker, split_kicker
from .structured import PageMetadata, clean_space
from .title import declared_titles, fold
from .title_site import names_site, site_keys_of, strip_site_name, title_site_keys

# what separates a kicker from the headline in a declared title: "Kicker: …", "Kicker – …"
_KICKER_BREAK = re.compile(r"\s*:\s+|\s+[|–—-]\s+")
_KICKER_CLASS = re.compile(
    r"(?:^|[-_])(?:kicker|topline|overline|dachzeile|spitzmarke|roofline|eyebrow|"
    r"supertitle|pretitle|kicker-text)(?:$|[-_])",
    re.IGNORECASE,
)


def find_kicker(
    candidates: list[HtmlElement],
    page: PageMetadata,
    url: str,
    site_name: str | None,
    title: str | None,
) -> str | None:
    """The kicker of the headline `title`, or None when the page sets none. `candidates`
    are the page's `title.headline_elements`."""
    if not title:
        return None
    declared = declared_titles(page)
    key = fold(title)
    for element in candidates:
        split = split_kicker(element, declared)
        if split and fold(split[1]) == key:
            return split[0]
    site_keys = title_site_keys(declared, site_keys_of(site_name, url))
    stripped = [strip_site_name(t, site_keys) for t in declared]
    return (
        _declared_kicker(stripped, key, site_keys)
        or _glued_kicker(candidates, key, {fold(t) for t in stripped})
        or _kicker_before(candidates, key)
    )


def _glued_kicker(headlines: list[HtmlElement], key: str, cores: set[str]) -> str | None:
    """The words before the colon of a heading that runs the kicker and the headline
    together as text ("Neue Leipziger Schule: Judy Lybke, …"), the headline being a
    declared title alone (`cores`: the declared titles without site name, folded)."""
    if key not in cores:
        return None
    for element in headlines:
        text = element.text_content()
        split = glued_kicker(clean_space(text), cores) if ":" in text else None
        if split and fold(split[1]) == key:
            return split[0]
    return None


def _declared_kicker(stripped: list[str], key: str, site_keys: set[str]) -> str | None:
    """The part of a declared title (without its site name) before a separator when the
    rest is the headline: og:title "Nationaler Veteranentag: Orden fürs Morden" over the
    h1 "Orden fürs Morden". Not a site name ("Tagesanzeiger: …")."""
    for core in stripped:
        for joint in _KICKER_BREAK.finditer(core):
            kicker = core[: joint.start()].strip()
            if fold(core[joint.end() :]) != key:
                continue
            if 2 <= len(kicker) <= MAX_KICKER_CHARS and not names_site(kicker, site_keys):
                return kicker
    return None


def _kicker_before(headlines: list[HtmlElement], key: str) -> str | None:
    """An element classed as a kicker right before the headline element (its previous
    sibling), short and without a sentence's end."""
    for element in headlines:
        if fold(clean_space(element.text_content())) != key:
            continue
        previous = element.getprevious()
        if previous is None or not isinstance(previous.tag, str):
            return None
        classes = (previous.get("class") or "").split()
        if not any(_KICKER_CLASS.search(c) for c in classes):
            return None
        # parts in elements of their own ("<span>Politik</span><span>Russland</span>")
        # are words of their own
        text = clean_space(" ".join(previous.itertext()))
        return text if 2 <= len(text) <= MAX_KICKER_CHARS else None
    return None
