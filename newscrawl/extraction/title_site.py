"""What names the site in a title: the site-name parts of "Title | Site" and how to cut them.

The site's name comes from what the page says (og:site_name, the publisher, the domain) and
from the shorter trailing part of the declared titles ("… | Brand").
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .invisible import INVISIBLE_CHARACTERS

# " - ", " | ", and runs of them with spaces between (" // » ", " :: ", " - | ")
SEPARATORS = re.compile(r"\s+(?:(?:[|\-–—·•»›:]|::|//?|\\)\s+)+")
_BARE_SEPARATORS = re.compile(r"[|｜–—]")  # not "-" or ":": those join words ("ADAC-Test")
_QUOTES = str.maketrans(
    {
        "„": '"',
        "“": '"',
        "”": '"',
        "‚": "'",
        "‘": "'",
        "’": "'",
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        # hyphenation hints and zero-width characters: "Paläs&shy;tinenser" is "Palästinenser"
        **dict.fromkeys(INVISIBLE_CHARACTERS),
    }
)


def fold(text: str) -> str:
    """Compare titles ignoring case, typographic quotes/dashes and spacing."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip().casefold()


def suffix_parts(declared: list[str], site_keys: set[str]) -> set[str]:
    """The trailing part of "Title | Brand" titles when it is the shorter one: the brand.
    Not when the first part names the site already ("example.de // Anna Muster")."""
    brands = set()
    for title in declared:
        parts = SEPARATORS.split(title)
        if (
            len(parts) >= 2
            and len(parts[-1]) < len(parts[0])
            and not names_site(parts[0], site_keys)
        ):
            brands.add(fold(parts[-1]))
    return brands


def title_site_keys(declared: list[str], own_keys: set[str]) -> set[str]:
    """The names of the site in the page's titles, folded: the names the page gives its
    site (`site_keys_of`) and the brand part of its "Title | Brand" titles."""
    return own_keys | suffix_parts(declared, own_keys)


def site_keys_of(site_name: str | None, url: str) -> set[str]:
    """The names the page gives its site, folded: its declared name and its host."""
    keys = set()
    if site_name:
        keys.add(fold(site_name))
    host = urlsplit(url).hostname or ""
    host = host.removeprefix("www.")
    if host:
        keys.update({fold(host), fold(host.split(".")[0])})
    return keys


def strip_site_name(title: str, site_keys: set[str]) -> str:
    """Cut " - Site" / "Site | " parts that name the site; keep the title otherwise."""
    parts = SEPARATORS.split(title)
    if len(parts) == 1:
        return _strip_glued_site_name(title, site_keys)
    parts = [_without_glued_tail(p, site_keys) for p in parts]
    kept = [p for p in parts if not names_site(p, site_keys)]
    if len(kept) == len(parts):
        return title
    if not kept:
        return title
    # rebuild with the original separators between the kept parts
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    return title[start:end].strip() if start >= 0 and end > start else " - ".join(kept)


def _without_glued_tail(part: str, site_keys: set[str]) -> str:
    """Cut a tagline a template wrote straight after the title, without a space:
    "Truckwash A31Das andere Branchenbuch" → "Truckwash A31". Only a tagline of several
    words, glued to a letter or digit, is cut."""
    key = fold(part)
    if len(key) != len(part):  # folding changed the length ("…"): positions differ
        return part
    for site in site_keys:
        if (
            " " in site
            and len(site) >= 10
            and key.endswith(site)
            and len(key) > len(site) + 2
            and key[-len(site) - 1].isalnum()
        ):
            return part[: len(part) - len(site)].strip()
    return part


def _strip_glued_site_name(title: str, site_keys: set[str]) -> str:
    """Cut a site name set off by a bar or dash without spaces ("Site|Title", "Title–Site"),
    a habit of CJK and template-built titles: only a part the page names as the site
    exactly (og:site_name, the publisher, the domain)."""
    for match in _BARE_SEPARATORS.finditer(title):
        head, tail = title[: match.start()], title[match.end() :]
        for site, rest in ((head, tail), (tail, head)):
            if len(rest.strip()) >= 8 and fold(site) in site_keys:
                return rest.strip()
    return title


def names_site(part: str, site_keys: set[str]) -> bool:
    """Is this title part the site's name, give or take spacing, hyphens or a short
    addition ("SPIEGEL" for spiegel.de, "Nordkurier Online" for Nordkurier)?"""
    key = fold(part)
    compact = key.replace(" ", "").replace("-", "")
    return any(
        key == s
        or compact == s.replace(" ", "").replace("-", "")
        or (len(s) > 3 and (s in key or key in s) and len(key) < len(s) + 15)
        for s in site_keys
        if s
    )
