"""Who wrote it: a clean list of people, and the raw credit strings that may name agencies.

Sources, first usable wins (`bylines` finds them in the page, `author_names` reads them):

1. a visible byline in the article area naming someone the page also declares as author
   (JSON-LD, author <meta>), written as the page shows it;
2. a declared author the article area shows as a text of its own;
3. the first byline element (rel/itemprop=author, author/byline/vcard classes), an
   editor's code such as "JF" only when no byline element names a person in full;
4. JSON-LD author Persons; 5. a link to the author's profile page showing the name;
6. author <meta> tags (two words or more, not the site); 7. a plain-text byline
   ("Von Anna Muster"); 8. the first byline in page furniture.

A credit such as "dpa/lno", "APA" or "Reuters", a newsroom ("Redaktion") or an
organisation is not a person: it goes to `credit_names` only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from .author_names import is_agency_credit, split_people
from .bylines import Byline, PageBylines, shows_name, text_bylines, visible_bylines
from .structured import PageMetadata, names_of

__all__ = ["Credits", "collect_credits", "is_agency_credit", "split_people"]

_META_AUTHOR_KEYS = (
    "author",
    "article:author",
    "article:author_name",
    "og:article:author",
    "og:author",
    "dc.creator",
    "dc:creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "cxenseparse:author",
    "shareaholic:article_author_name",
    "citation_author",
    "byl",
)

# "JF", "DT", "LD": an editor's code rather than a name
_CODE = re.compile(r"^[A-ZÄÖÜ]{1,3}$")


@dataclass
class Credits:
    authors: list[str] = field(default_factory=list)
    credit_names: list[str] = field(default_factory=list)


def collect_credits(tree: HtmlElement, page: PageMetadata, site_name: str | None) -> Credits:
    bylines = visible_bylines(tree)
    declared = names_of(page.article_value("author"))
    json_ld = [name for name, is_org in declared if not is_org]
    publisher = [name for name, _ in names_of(page.article_value("publisher"))]
    meta = [m for m in page.all_meta(*_META_AUTHOR_KEYS) if not m.lower().startswith("http")]
    declared_names = [name for name, _ in declared]
    credits = Credits(credit_names=_raw_credits(bylines, declared_names, meta, publisher))
    site = (site_name or "").casefold()
    # a meta author naming the site, or a one-word one, is the site or a system account
    meta_people = [p for p in _people(meta) if " " in p and p.casefold() != site]
    candidates = _candidates(tree, bylines, _people(json_ld), meta_people, [site, *publisher])
    people, raw = next(((p, raw) for p, raw in candidates if p), ([], []))
    credits.authors = people
    credits.credit_names.extend(r for r in raw if r not in credits.credit_names)
    return credits


def _candidates(
    tree: HtmlElement,
    bylines: PageBylines,
    json_ld: list[str],
    meta: list[str],
    publishers: list[str],
) -> Iterator[tuple[list[str], list[str]]]:
    """Author lists in order of preference, each with the raw strings it adds to the
    credits; computed lazily, as most pages stop at the first."""
    article = [(b, _byline_people(b)) for b in bylines.article]
    article = [(b, people) for b, people in article if people]
    # a visible byline naming someone the page also declares as author (a declared
    # author naming the site or publisher, "El Colombiano", confirms no byline)
    sites = [_letters(s) for s in publishers if s]
    declared = [p for p in json_ld + meta if not any(_letters(p) in s for s in sites)]
    folded = {_letters(p) for p in declared}
    yield next((p for _, p in article if folded & {_letters(n) for n in p}), []), []
    # a declared author the article area shows, though not in a marked byline
    yield [p for p in declared if shows_name(tree, p)][:1], []
    # the first byline element: later ones are usually teasers or comments; an editor's
    # code ("JF", "DT") only when no byline element names a person in full
    marked = [p for b, p in article if b.marked]
    yield next((p for p in marked if not all(_CODE.match(n) for n in p)), []), []
    yield next(iter(marked), []), []
    yield json_ld, []
    yield next((p for b, p in article if not b.marked), []), []
    yield meta, []
    text = text_bylines(tree)
    yield _people(text), text
    # only the first byline outside the article area: further ones belong to other teasers
    furniture = [raw for b in bylines.furniture[:1] for raw in b.names]
    yield _people(furniture), furniture


def _byline_people(byline: Byline) -> list[str]:
    """People in a byline's name elements; its whole text when that names them and more
    ("von Marcus Bensmann, Justus von Daniels, <a>Ulrich Stoll</a>")."""
    named, written = _people(byline.names), _people([byline.text])
    folded = {p.casefold() for p in written}
    if not named or (len(written) > len(named) and all(p.casefold() in folded for p in named)):
        return written
    return named


def _raw_credits(
    bylines: PageBylines, declared: list[str], meta: list[str], publisher: list[str]
) -> list[str]:
    raw = [r for b in bylines.article for r in (b.text, *b.names)]
    return list(dict.fromkeys(raw + declared + meta + bylines.sources + publisher))


def _people(raws: list[str]) -> list[str]:
    return list(dict.fromkeys(p for raw in raws for p in split_people(raw)))


def _letters(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())
