"""Who wrote it: a clean list of people, and the raw credit strings that may name agencies.

Sources, first usable wins: the visible byline (rel/itemprop=author, author/byline
classes), then JSON-LD author objects, then author <meta> tags. A credit such as
"dpa/lno", "APA" or "Reuters" is not a person: it goes to the credits only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement

from .structured import PageMetadata, clean_space, names_of

_BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or @itemprop='creator' or "
    "contains(@class, 'author') or contains(@class, 'byline') or contains(@class, 'Author') or "
    "contains(@class, 'autor') or contains(@class, 'Byline') or contains(@id, 'author') or "
    "contains(@class, 'vcard')]"
)
_SKIP_ANCESTORS = {"footer", "aside", "nav", "form", "label"}
_NOT_BYLINE_TAGS = {
    "meta",
    "link",
    "script",
    "style",
    "body",
    "html",
    "img",
    "input",
    "textarea",
    "label",
    "form",
    "select",
    "button",
    "article",
    "main",
    "section",
    "h1",
    "ul",
    "ol",
    "iframe",
}
# class/id words of comment threads, related-article lists and page widgets
_COMMENTS = re.compile(r"^(?:comments?|comment[-_].*|.*[-_]comments?|respond|reply)$")
_FURNITURE = re.compile(
    r"^(?:.*related.*|sidebar|.*[-_]sidebar|.*teaser.*|recommend.*|"
    r"newsletter.*|share.*|sharing.*|.*[-_]share)$"
)
_PREFIX = re.compile(
    r"^(?:(?:view|see) all (?:posts|articles|stories) by|posted by|written by|published by|"
    r"article by|words by|text by|story by|reporting by|a post by|zum profil von|"
    r"ein beitrag von|ein kommentar von|ein gastbeitrag von|geschrieben von|verfasst von|"
    r"veröffentlicht von|mehr artikel von|alle artikel von|mehr von|interview von|"
    r"erstellt von|artikel von|beitrag von|bericht von|kommentar von|escrito por|escribe|"
    r"publicado por|publié par|redigiert von|eingestellt von|rezept von|interview|"
    r"post author|autor(?:in)?|author|text|von|vom|by|par|por|di|door|av|af|ved|"
    r"posted on|publiziert am|veröffentlicht am)\b[\s:]*",
    re.IGNORECASE,
)
_EMAIL_URL = re.compile(r"\S+@\S+\.\w+|https?://\S+|www\.\S+\.\w+/\S*|(?<!\S)@\w+")
_TRAILING = re.compile(
    r"\s*(?:[|•·,\-–—]\s*)?(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}\.?\s+(?:jan|feb|mär|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)\w*|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d{1,2}\b|"
    r"\bam \d{1,2}\.|\bon (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|"
    r"\s[|·•]\s|\s[-–—]\s|"
    r"\s(?:am\s)?(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"\s(?:mo|di|mi|do|fr|sa|so|mon|tue|wed|thu|fri|sat|sun)\.?(?:,|\s+\d|$)|"
    r"\b(?:stand|aktualisiert|updated|published|veröffentlicht)\b|\bsays\b|\bsagt\b|"
    r"\s+am$).*$",
    re.IGNORECASE,
)
_SPLIT = re.compile(
    r"\s*(?:;|\s/\s|\s+und\s+|\s+and\s+|\s+&\s+|\s+sowie\s+|\s+y\s+|\s+et\s+|\s+e\s+|"
    r"\s+mit\s+|\s+with\s+|\s*\|\s*)\s*",
    re.IGNORECASE,
)
_ROLE_SUFFIX = re.compile(
    r",?\s*\(?\b(?:redakteur(?:in)?|korrespondent(?:in)?|reporter(?:in)?|editor|correspondent|"
    r"staff writer|senior writer|contributor|chefredakteur(?:in)?|ressortleiter(?:in)?|"
    r"freie? autor(?:in)?|photographer|fotograf(?:in)?|mitglied|member of|leitet|arbeitet|"
    r"schreibt|is an?|ist)\b\)?.*$",
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
# page furniture words that end up in byline elements ("Follow", "Alle Artikel", "4 Min Read")
_UI_WORDS = re.compile(
    r"\b(?:posted|follow|folgen|artikel|beiträge|beitrag|autoren|authors?|autor(?:in)?|archiv\w*|"
    r"twitter|facebook|linkedin|instagram|youtube|xing|community|weiter|weitere|donate|"
    r"contact\w*|kontakt\w*|min|read|lesezeit|video|photo\w*|foto\w*|bild|getestet|über|"
    r"about|profil|profile|mehr|more|share|teilen|e-?mail|newsletter|anzeigen|schließen|"
    r"und|and|by|mit|with|name|kommentar\w*|comments?|reply|antworten|says|sagt)\b",
    re.IGNORECASE,
)
_NOT_A_NAME = re.compile(r"[@#:|/\\{}<>=]|^\W|\.(?:de|com|at|ch|org|net)\b", re.IGNORECASE)


Byline = tuple[str, list[str]]
_BYLINES = etree.XPath(_BYLINE_XPATH)
_NAME_ELEMENTS = etree.XPath(
    ".//*[@itemprop='name' or @rel='author' or contains(concat(' ', @class, ' '), ' fn ')]"
)


@dataclass
class Credits:
    authors: list[str] = field(default_factory=list)
    credit_names: list[str] = field(default_factory=list)


def collect_credits(tree: HtmlElement, page: PageMetadata, site_name: str | None) -> Credits:
    credits = Credits()
    bylines, furniture_bylines = _visible_bylines(tree)
    json_ld = names_of(page.article_value("author"))
    meta = page.all_meta(
        "author",
        "article:author",
        "dc.creator",
        "dcterms.creator",
        "parsely-author",
        "sailthru.author",
        "byl",
    )
    meta = [m for m in meta if not m.lower().startswith("http")]
    publisher = names_of(page.article_value("publisher"))
    raw_credits = [r for full, names in bylines for r in (full, *names)]
    raw_credits += [n for n, _ in json_ld] + meta + _source_credits(tree)
    credits.credit_names = list(dict.fromkeys(raw_credits + [n for n, _ in publisher]))

    site = (site_name or "").casefold()
    # the first visible byline naming people wins; later ones are usually teasers or comments
    for full, line in bylines:
        people = [p for raw in line for p in split_people(raw)] or split_people(full)
        if people:
            credits.authors = list(dict.fromkeys(people))
            return credits
    # only the first byline outside the article area: further ones belong to other teasers
    furniture = [raw for _, names in furniture_bylines[:1] for raw in names]
    for source in ([n for n, org in json_ld if not org], meta, _text_bylines(tree), furniture):
        people = [p for raw in source for p in split_people(raw)]
        if source is meta:
            # a meta author naming the site, or a one-word one, is the site or a system account
            people = [p for p in people if " " in p and p.casefold() != site]
        if people and source is not meta:
            credits.credit_names.extend(r for r in source if r not in credits.credit_names)
        if people:
            credits.authors = list(dict.fromkeys(people))
            break
    return credits


def _visible_bylines(tree: HtmlElement) -> tuple[list[Byline], list[Byline]]:
    """Bylines in document order, per byline element its whole text and its name elements
    (or the whole text if it has none): those in the article area, and those in page
    furniture. Bylines in comments and forms are dropped."""
    levels: tuple[list[Byline], list[Byline]] = ([], [])
    seen: list[str] = []
    for element in _BYLINES(tree)[:60]:
        if element.tag in _NOT_BYLINE_TAGS:
            continue
        level = _furniture_level(element)
        if level > 1 or len(levels[level]) >= 4:
            continue
        text = clean_space(" ".join(element.itertext()))
        if not text or len(text) > 160 or any(text in s for s in seen):
            continue
        seen.append(text)
        texts = [clean_space(" ".join(n.itertext())) for n in _NAME_ELEMENTS(element)]
        levels[level].append((text, [t for t in dict.fromkeys(texts) if t] or [text]))
    return levels


_SOURCE_XPATH = (
    "//body//*[contains(@class, 'credit') or contains(@class, 'source') or "
    "contains(@class, 'quelle') or contains(@class, 'agency') or "
    "contains(@class, 'Quelle') or contains(@class, 'Source')]"
)


_SOURCES = etree.XPath(_SOURCE_XPATH)


def _source_credits(tree: HtmlElement) -> list[str]:
    """Short "Quelle: dpa" / credit lines in the article area: agency credits for the
    agency stage, never authors. Photo credits inside figures are skipped."""
    found: list[str] = []
    for element in _SOURCES(tree)[:20]:
        if (
            element.tag in _NOT_BYLINE_TAGS
            or _furniture_level(element)
            or any(a.tag in ("figure", "figcaption", "picture") for a in element.iterancestors())
        ):
            continue
        text = clean_space(" ".join(element.itertext()))
        if 2 <= len(text) <= 80 and text not in found:
            found.append(text)
    return found[:3]


def _text_bylines(tree: HtmlElement) -> list[str]:
    """Bylines written as plain text ("Von Anna Muster", "By A and B") in short text nodes."""
    for node in _TEXT_NODES(tree)[:400]:
        text = clean_space(node)
        if len(text) <= 100 and _TEXT_BYLINE.match(text):
            parent = node.getparent()
            if parent is not None and not _in_page_furniture(parent):
                return [text]
    return []


def _furniture_level(element: HtmlElement) -> int:
    """0: article area; 1: page furniture (sidebar, related teasers, share bars), where a
    byline is only a last resort; 2: comments and forms, never a byline."""
    ancestors = [element, *element.iterancestors()]
    in_article = any(a.tag in ("article", "main") for a in ancestors)
    level = 0
    for node in ancestors:
        if node.tag in ("body", "html"):
            break
        if node.tag in ("form", "label"):
            return 2
        marks = f"{node.get('class') or ''} {node.get('id') or ''}".lower().split()
        if any(_COMMENTS.match(mark) for mark in marks):
            return 2
        if (
            node.tag in ("aside", "nav")
            or (node.tag == "footer" and not in_article)
            or any(_FURNITURE.match(mark) for mark in marks)
        ):
            level = 1
    return level


def _in_page_furniture(element: HtmlElement) -> bool:
    return _furniture_level(element) > 0


def split_people(raw: str) -> list[str]:
    """People named in one credit string; agency and organisation credits yield nothing."""
    text = _EMAIL_URL.sub(" ", clean_space(raw))
    text = _TRAILING.sub("", text).strip(" ,;|-–—")
    text = strip_prefixes(text)
    people: list[str] = []
    for part in _SPLIT.split(text):
        for name in _split_commas(part):
            name = _ROLE_SUFFIX.sub("", strip_prefixes(name)).strip(" ,;-–—'\"()»«›‹")
            if is_person_name(name):
                people.append(name)
    return people


def strip_prefixes(text: str) -> str:
    for _ in range(3):
        stripped = _PREFIX.sub("", text).strip(" ,;|-–—")
        if stripped == text:
            break
        text = stripped
    return text


def _split_commas(part: str) -> list[str]:
    pieces = [p.strip() for p in part.split(",")]
    if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces if p):
        return pieces
    # "Name, Place" or "Surname, Given": keep the first piece only when it is a full name
    if len(pieces) > 1 and len(pieces[0].split()) >= 2:
        return [pieces[0]]
    return [part]


_TEXT_BYLINE_XPATH = (
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::a "
    "or ancestor::nav or ancestor::footer)][normalize-space()]"
)
_TEXT_NODES = etree.XPath(_TEXT_BYLINE_XPATH)
_TEXT_BYLINE = re.compile(
    r"^[\W_]*(?i:von|by|posted by|written by|geschrieben von|eingestellt von|autor(?:in)?:|"
    r"author:|text:|interview:)\s*"
    r"[A-ZÄÖÜ][\w.'-]+(?:\s+(?:[A-ZÄÖÜ][\w.'-]+|von|van|de|der|und|and|&))*"
    r"\s*(?:[,|·•/–-].*)?$",
)
_PARTICLES = frozenset(
    {
        "von",
        "van",
        "de",
        "der",
        "den",
        "da",
        "di",
        "del",
        "la",
        "le",
        "zu",
        "y",
        "bin",
        "al",
        "dos",
        "das",
        "du",
        "ten",
        "ter",
        "vom",
        "zum",
    }
)


def is_person_name(name: str) -> bool:
    if not name or len(name) < 2 or len(name) > 60:
        return False
    if _NOT_A_NAME.search(name) or _AGENCIES.search(name) or _UI_WORDS.search(name):
        return False
    words = name.split()
    if len(words) > 5:
        return False
    # "deinen Hochzeitsbloggern", "Tricks für zu Hause": prose, not a name
    lower = [w for w in words if w[0].islower() and w not in _PARTICLES]
    if len(words) > 1 and (words[0] in lower or len(lower) > 1 or (lower and len(words) > 2)):
        return False
    return any(ch.isalpha() for ch in name)


def is_agency_credit(raw: str) -> bool:
    return bool(_AGENCIES.search(raw))
