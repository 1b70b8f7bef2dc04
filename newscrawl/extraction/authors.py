"""Who wrote it: a clean list of people, and the raw credit strings that may name agencies.

Sources, first usable wins: the visible byline (rel/itemprop=author, author/byline
classes), then JSON-LD author objects, then author <meta> tags. A credit such as
"dpa/lno", "APA" or "Reuters" is not a person: it goes to the credits only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from .structured import PageMetadata, clean_space, names_of

_BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or @itemprop='creator' or "
    "contains(@class, 'author') or contains(@class, 'byline') or contains(@class, 'Author') or "
    "contains(@class, 'autor') or contains(@class, 'Byline') or contains(@id, 'author') or "
    "contains(@class, 'vcard')]"
)
_SKIP_ANCESTORS = {"footer", "aside", "nav"}
_PREFIX = re.compile(
    r"^(?:(?:view|see) all (?:posts|articles|stories) by|posted by|written by|published by|"
    r"article by|words by|text by|story by|reporting by|a post by|zum profil von|"
    r"ein beitrag von|ein kommentar von|ein gastbeitrag von|geschrieben von|verfasst von|"
    r"veröffentlicht von|mehr artikel von|alle artikel von|mehr von|interview von|"
    r"autor(?:in)?|author|text|von|by|par|por|di|door|av|af|de|ved)\b[\s:]*",
    re.IGNORECASE,
)
_EMAIL_URL = re.compile(r"\S+@\S+\.\w+|https?://\S+|www\.\S+\.\w+/\S*")
_TRAILING = re.compile(
    r"\s*(?:[|•·,]\s*)?(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{4}-\d{2}-\d{2}|"
    r"\bam \d{1,2}\.|\bon (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|"
    r"\b(?:stand|aktualisiert|updated|published|veröffentlicht)\b|\bsays\b|\bsagt\b).*$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:;|\s+und\s+|\s+and\s+|\s+&\s+|\s+sowie\s+|\s+y\s+|\s+et\s+|\s+e\s+|"
                    r"\s+mit\s+|\s+with\s+|\s*\|\s*)\s*", re.IGNORECASE)
_ROLE_SUFFIX = re.compile(
    r",?\s*\(?\b(?:redakteur(?:in)?|korrespondent(?:in)?|reporter(?:in)?|editor|correspondent|"
    r"staff writer|senior writer|contributor|chefredakteur(?:in)?|ressortleiter(?:in)?|"
    r"freie? autor(?:in)?|photographer|fotograf(?:in)?)\b\)?.*$",
    re.IGNORECASE,
)
# well-known news agencies and house credits (abbreviations are matched as whole words)
_AGENCIES = re.compile(
    r"\b(?:dpa|apa|afp|ap|reuters|kna|epd|sid|ddp|dapd|ots|sda|ats|keystone|ansa|efe|epa|upi|"
    r"xinhua|tass|bloomberg|dow jones|anp|belga|pap|ctk|tt|ntb|ritzau|stt|mti|hina|"
    r"jiji|kyodo|yonhap|aa|anadolu|pti|ians|aap|cp|idea|kathpress|agenturen|agentur|"
    r"agencies|wire|newswire|pressetext|presseportal|red|redaktion|newsroom|staff|team|"
    r"online|zeitung|verlag|gmbh|ag|ltd|inc|media|news|tv|radio|fernsehen)\b",
    re.IGNORECASE,
)
_NOT_A_NAME = re.compile(r"[@#:|/\\{}<>=]|^\W|\.(?:de|com|at|ch|org|net)\b", re.IGNORECASE)


@dataclass
class Credits:
    authors: list[str] = field(default_factory=list)
    credit_names: list[str] = field(default_factory=list)


def collect_credits(tree: HtmlElement, page: PageMetadata, site_name: str | None) -> Credits:
    credits = Credits()
    raw_visible = _visible_bylines(tree)
    json_ld = names_of(page.article_value("author"))
    meta = page.all_meta("author", "article:author", "dc.creator", "dcterms.creator",
                         "parsely-author", "sailthru.author", "byl")
    meta = [m for m in meta if not m.lower().startswith("http")]
    for raw in raw_visible + [n for n, _ in json_ld] + meta:
        if raw not in credits.credit_names:
            credits.credit_names.append(raw)
    publisher = names_of(page.article_value("publisher"))
    credits.credit_names.extend(n for n, _ in publisher if n not in credits.credit_names)

    site = (site_name or "").casefold()
    for source in (raw_visible, [n for n, org in json_ld if not org], meta):
        people = [p for raw in source for p in split_people(raw)
                  if p.casefold() != site]
        if source is meta:
            # a one-word meta author is usually the site or a system account
            people = [p for p in people if " " in p]
        if people:
            credits.authors = list(dict.fromkeys(people))
            break
    return credits


def _visible_bylines(tree: HtmlElement) -> list[str]:
    found: list[str] = []
    for element in tree.xpath(_BYLINE_XPATH)[:40]:
        if element.tag in ("meta", "link", "script", "style", "body", "html", "img"):
            continue
        if any(a.tag in _SKIP_ANCESTORS for a in element.iterancestors()):
            continue
        names = element.xpath(".//*[@itemprop='name']")
        text = clean_space(names[0].text_content() if names else element.text_content())
        if not text or len(text) > 120 or text in found:
            continue
        # an inner element of the same byline was already taken (e.g. .author > a[rel=author])
        if any(text in f or f in text for f in found):
            continue
        found.append(text)
        if len(found) >= 4:
            break
    return found


def split_people(raw: str) -> list[str]:
    """People named in one credit string; agency and organisation credits yield nothing."""
    text = _EMAIL_URL.sub(" ", clean_space(raw))
    text = _TRAILING.sub("", text).strip(" ,;|-–—")
    text = _PREFIX.sub("", text).strip(" ,;|-–—")
    people: list[str] = []
    for part in _SPLIT.split(text):
        for name in _split_commas(part):
            name = _ROLE_SUFFIX.sub("", _PREFIX.sub("", name)).strip(" ,;-–—'\"()")
            if is_person_name(name):
                people.append(name)
    return people


def _split_commas(part: str) -> list[str]:
    pieces = [p.strip() for p in part.split(",")]
    if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces if p):
        return pieces
    # "Name, Place" or "Surname, Given": keep the first piece only when it is a full name
    if len(pieces) > 1 and len(pieces[0].split()) >= 2:
        return [pieces[0]]
    return [part]


def is_person_name(name: str) -> bool:
    if not name or len(name) < 2 or len(name) > 60:
        return False
    if _NOT_A_NAME.search(name) or _AGENCIES.search(name):
        return False
    words = name.split()
    if len(words) > 5:
        return False
    return any(ch.isalpha() for ch in name)


def is_agency_credit(raw: str) -> bool:
    return bool(_AGENCIES.search(raw))
