"""Who wrote it: a clean list of people, and the raw credit strings that may name agencies.

Sources, first usable wins (`bylines` finds them in the page, `author_names` reads them):

1. a visible byline in the article area naming someone the page also declares as author
   (JSON-LD, author <meta>), written as the page shows it;
2. a declared author the article area shows as a text of its own;
3. the first byline element (rel/itemprop=author, author/byline/vcard classes), an
   editor's code such as "JF" only when no byline element names a person in full;
4. JSON-LD author Persons; 5. a link to the author's profile page showing the name;
6. without an Article in JSON-LD, the author of its WebPage (Yoast), recipe or how-to;
7. author <meta> tags (two words or more, not the site); 8. a plain-text byline
   ("Von Anna Muster"); 9. the first byline in page furniture.

A choice naming only the outlet or its account ("Lesotho Times") gives way to a print
byline opening the text, a bold paragraph of names (`signatures.opening_names`).

A first name or login handle alone ("Nils", "christian.stadtfeld") is then replaced by
the same person's full name where the page writes it out.

A credit such as "dpa/lno", "APA" or "Reuters", a newsroom ("Redaktion") or an
organisation is not a person: it goes to `credit_names` only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from .author_names import (
    handle_parts,
    is_agency_credit,
    name_letters,
    names_another_role,
    split_people,
    writes_out,
)
from .bylines import Byline, PageBylines, shows_name, visible_bylines
from .credited import credited_byline
from .page_areas import furniture_level
from .signatures import opening_names
from .structured import PageMetadata, clean_space, names_of, types_of
from .text_bylines import text_bylines

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

# Works that name the page's author when the page declares no Article with one: Yoast
# puts the post author on the WebPage node, recipe and how-to plugins on their own node
_AUTHORED_PAGE_TYPES = frozenset(
    {"webpage", "itempage", "medicalwebpage", "recipe", "howto", "discussionforumposting"}
)

_WRITTEN_BY = re.compile(
    r"(?i:written by|verfasst von|geschrieben von|escrito por|écrit par|scritto da|"
    r"geschreven door|skrevet af|skrivet av|autor|author)"
)

# an author <meta> that is an address, or signs with one ("Frank Muster - http://muster.de",
# "Anna und Pixelwerk designed"), is the web designer's signature in the theme
_WEB_DESIGNER = re.compile(r"^https?:|\shttps?://|www\.\S+\.\w|\bdesign(?:ed|t)?\b", re.IGNORECASE)

# "JF", "DT", "LD": an editor's code rather than a name
_CODE = re.compile(r"^[A-ZÄÖÜ]{1,3}$")


@dataclass
class Credits:
    authors: list[str] = field(default_factory=list)
    credit_names: list[str] = field(default_factory=list)
    #: the names the page credits, as written (`credited`)
    byline: list[str] = field(default_factory=list)


def collect_credits(
    tree: HtmlElement,
    page: PageMetadata,
    site_name: str | None,
    byline_candidates: list[HtmlElement] | None = None,
) -> Credits:
    """``byline_candidates``: see ``visible_bylines`` (found by a walk of the page already)."""
    bylines = visible_bylines(tree, byline_candidates)
    # "Editor : Heryadi" under the reporter's byline: the editor, whom JSON-LD may declare
    others = {name_letters(n) for b in bylines.article if names_another_role(b.text) for n in b.names}
    bylines.article = [b for b in bylines.article if not names_another_role(b.text)]
    article_author = page.article_value("author")
    work_author = None if article_author else _work_author(page)
    declared = [(n, org) for n, org in names_of(article_author) if name_letters(n) not in others]
    json_ld = [name for name, is_org in declared if not is_org]
    work = [name for name, is_org in names_of(work_author) if not is_org]
    work = [name for name in work if not name.lower().startswith("http")]
    publisher = [name for name, _ in names_of(page.article_value("publisher"))]
    meta = _meta_authors(page, organisations={name for name, is_org in declared if is_org})
    declared_names = [name for name, _ in declared] + work
    credits = Credits(credit_names=_raw_credits(bylines, declared_names, meta, publisher))
    site = (site_name or "").casefold()
    # a meta author naming the site, or a one-word one, is the site or a system account
    meta_people = [p for p in _people(meta) if " " in p and p.casefold() != site]
    text = _TextBylines(tree)
    candidates = _candidates(
        tree, bylines, text, _people(json_ld), _people(work), meta_people, [site, *publisher]
    )
    people, raw = next(((p, raw) for p, raw in candidates if p), ([], []))
    if people and all(_names_the_site(p, [site, *publisher]) for p in people):
        # the byline element names the outlet or its account ("Lesotho Times", "Ilanga D"
        # on Ilanga News); a print byline opening the text names the reporters
        people = opening_names(tree) or people
    credits.authors = _written_in_full(people, tree, text, article_author or work_author)
    credits.credit_names.extend(r for r in raw if r not in credits.credit_names)
    credits.byline = credited_byline(credits.authors, declared_names, bylines, text, meta)
    return credits


def _meta_authors(page: PageMetadata, organisations: set[str]) -> list[str]:
    """Author <meta> values, web designers' signatures left out, and the Twitter card's
    "Written by" row unless it repeats the organisation JSON-LD declares as author."""
    meta = [m for m in page.all_meta(*_META_AUTHOR_KEYS) if not _WEB_DESIGNER.search(m)]
    return meta + [m for m in _twitter_written_by(page) if m not in meta + [*organisations]]


def _twitter_written_by(page: PageMetadata) -> list[str]:
    """Yoast's Twitter card rows: twitter:label1 "Written by" / "Verfasst von" names the
    post's author in twitter:data1, also where no author <meta> is written."""
    return [
        value
        for i in "123"
        if _WRITTEN_BY.fullmatch(page.first_meta(f"twitter:label{i}") or "")
        and (value := page.first_meta(f"twitter:data{i}"))
    ]


def _work_author(page: PageMetadata) -> Any:
    """The JSON-LD author of the web page or work (recipe, how-to, forum post) a page
    without an Article shows, {"@id": ...} references to Person nodes resolved. Weaker
    than an Article's author: on some sites it is the editor who published the page."""
    work = next(
        (o for o in page.json_ld if o.get("author") and types_of(o) & _AUTHORED_PAGE_TYPES),
        None,
    )
    if work is None:
        return None
    nodes = page.nodes_by_id()
    values = work["author"] if isinstance(work["author"], list) else [work["author"]]
    return [_node(v, nodes) for v in values]


def _node(value: Any, nodes: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
        return nodes.get(value["@id"], value)
    return value


class _TextBylines:
    """The page's plain-text bylines, looked for once and only when a step needs them
    (a walk over the page's first text nodes)."""

    def __init__(self, tree: HtmlElement) -> None:
        self.tree = tree
        self.found: list[str] | None = None

    def __call__(self) -> list[str]:
        if self.found is None:
            self.found = text_bylines(self.tree)
        return self.found


def _candidates(
    tree: HtmlElement,
    bylines: PageBylines,
    text_lines: _TextBylines,
    json_ld: list[str],
    work: list[str],
    meta: list[str],
    publishers: list[str],
) -> Iterator[tuple[list[str], list[str]]]:
    """Author lists in order of preference, each with the raw strings it adds to the
    credits; computed lazily, as most pages stop at the first."""
    article = [(b, _byline_people(b)) for b in bylines.article]
    article = [(b, people) for b, people in article if people]
    # a visible byline naming someone the page also declares as author (a declared
    # author naming the site or publisher, "El Colombiano", confirms no byline)
    sites = [name_letters(s) for s in publishers if s]
    declared = [p for p in json_ld + meta if not any(name_letters(p) in s for s in sites)]
    folded = {name_letters(p) for p in declared}
    # co-authors credited one byline element each ("<span class=author>A</span> ...
    # <span class=author>B</span>"): further bylines add the declared authors they name
    confirmed = [(b, p) for b, p in article if folded & {name_letters(n) for n in p}]
    yield _with_declared_shown(confirmed, declared), []
    # a declared author the article area shows, though not in a marked byline
    yield [p for p in declared if shows_name(tree, p)][:1], []
    # the first byline element: later ones are usually teasers or comments; an editor's
    # code ("JF", "DT") only when no byline element names a person in full
    marked = [p for b, p in article if b.marked]
    yield next((p for p in marked if not all(_CODE.match(n) for n in p)), []), []
    yield next(iter(marked), []), []
    # an author only the metadata names (often the account that posted the text) gives way
    # to a byline the page writes out ("Ein Interview von Eugen Zentner")
    only_metadata = json_ld + work + meta
    if only_metadata and not any(_in_page_text(tree, p) for p in only_metadata):
        yield _people(text_lines()), text_lines()
    yield json_ld, []
    yield next((p for b, p in article if not b.marked), []), []
    # a web page "written by" the site itself ("Ostbelgien Direkt") names no one; a blog
    # named after its owner's handle ("happyface313") is the blogger's own
    yield [p for p in work if " " not in p or not any(name_letters(p) in s for s in sites)], []
    yield meta, []
    yield _people(text_lines()), text_lines()
    # only the first byline outside the article area: further ones belong to other teasers
    furniture = [raw for b in bylines.furniture[:1] for raw in b.names]
    if _teaser_list(bylines.furniture):
        furniture = []
    yield _people(furniture), furniture


def _with_declared_shown(confirmed: list[tuple[Byline, list[str]]], declared: list[str]) -> list[str]:
    """The people of the first byline that names a declared author, the declared authors
    that further bylines name (one element per co-author), and the declared co-authors
    those bylines show but their text did not yield ("By A and B The Associated Press
    Posted …", "A | B"), in the order the bylines write them."""
    if not confirmed:
        return []
    # further bylines add only declared authors: a teaser in the article area may name
    # the same writer with a colleague ("Von Finn Michalski, Jakob Hartung")
    known = {_words(d) for d in declared}
    further = [n for _, p in confirmed[1:] for n in p if _words(n) in known]
    people = list(dict.fromkeys(confirmed[0][1] + further))
    shown = {_words(n) for n in people}  # "You, Xiaoying" is "Xiaoying You"
    texts = " ".join(b.text.casefold() for b, _ in confirmed)
    extra = [d for d in declared if _words(d) not in shown and _written(d, texts) >= 0]
    if not extra:
        return people
    return sorted(dict.fromkeys(people + extra), key=lambda n: _written(n, texts))


def _words(name: str) -> frozenset[str]:
    return frozenset(name_letters(w) for w in re.split(r"[\s,]+", name) if name_letters(w))


def _written(name: str, text: str) -> int:
    """Where `text` (case-folded) writes the name as whole words, or -1."""
    found = re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", text)
    return found.start() if found else -1


def _teaser_list(furniture: list[Byline]) -> bool:
    """Do the first two bylines outside the article area repeat one template ("Von Anna
    Muster", "Von Jan Beispiel am 24.11.2022")? Then they are a list of teasers for other
    articles, and the first of them is not the page's author box."""
    return len(furniture) >= 2 and _template(furniture[0]) == _template(furniture[1])


def _template(byline: Byline) -> str:
    """The byline's text with its names and digits blanked out."""
    people = _byline_people(byline)
    if not people:
        return byline.text
    text = byline.text
    for name in people:
        text = text.replace(name, " ")
    return " ".join(re.sub(r"\d", "0", text).casefold().split())


def _written_in_full(
    people: list[str], tree: HtmlElement, text: _TextBylines, author_value: Any
) -> list[str]:
    """A first name or login handle alone ("Nils", "christian.stadtfeld") gives way to the
    same person's full name where the page writes it out: in a plain-text byline ("Eine
    Kolumne von Nils Pickert"), at the start of the author's bio in JSON-LD ("Stefanus
    Stahl - Maschinenbauer ..."), or in a text of the page ("Todd Bates" in the article's
    info box, "(Christian P. Stadtfeld)" signing the piece)."""
    if len(people) != 1 or " " in people[0]:
        return people
    short = people[0]
    names = _full_names(tree, text, author_value, short)
    fuller = (name for name in names if writes_out(short, name))
    return [next(fuller, short)]


def _full_names(
    tree: HtmlElement, text: _TextBylines, author_value: Any, short: str
) -> Iterator[str]:
    yield from _people(text())
    nodes = author_value if isinstance(author_value, list) else [author_value]
    for node in nodes:
        bio = node.get("description") if isinstance(node, dict) else None
        if isinstance(bio, str) and (lead := _BIO_LEAD.match(bio.strip())):
            yield lead.group(0)
    parts = handle_parts(short)
    if len(parts) >= 2:  # a handle: the name anywhere in a text, first and last part
        written = re.compile(
            rf"\b(?i:{re.escape(parts[0])})(?:\s+[A-ZÄÖÜ]\.)*\s+(?i:{re.escape(parts[-1])})\b"
        )
        texts = _TEXTS_CONTAINING(tree, word=parts[-1].capitalize())
        yield from (m.group(0) for t in texts if _is_page_text(t) for m in written.finditer(t))
    else:  # a first name: an element that shows nothing but the full name
        for node in _TEXTS_STARTING(tree, prefix=short + " "):
            if _is_page_text(node) and _stands_alone(node):
                yield from split_people(clean_space(node))


# "Stefanus Stahl - Maschinenbauer", "Nils Pickert ist freier Autor": the bio's first words
_BIO_LEAD = re.compile(
    r"[A-ZÄÖÜ][\w'-]+(?:\s+[A-ZÄÖÜ]\.)?\s+[A-ZÄÖÜ][\w'-]+(?=\s*[-–,:(]|\s+[a-zäöü]|$)"
)
_TEXTS_CONTAINING = etree.XPath("//body//text()[contains(., $word)]")
_TEXTS_STARTING = etree.XPath("//body//text()[starts-with(normalize-space(.), $prefix)]")


def _stands_alone(text: Any) -> bool:
    """The text is all its element shows, not a link (menus, a licence line "Blog von
    <a>Anna Muster</a>") and not in comments, forms or figures."""
    element = text.getparent()
    return (
        element.tag != "a"
        and clean_space(element.text_content()) == clean_space(text)
        and furniture_level(element) < 2
    )


def _in_page_text(tree: HtmlElement, name: str) -> bool:
    return any(_is_page_text(t) for t in _TEXTS_CONTAINING(tree, word=name))


def _is_page_text(text: Any) -> bool:
    parent = text.getparent()
    return parent is not None and parent.tag not in ("script", "style", "noscript", "title")


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


def _names_the_site(name: str, sites: list[str]) -> bool:
    """ "Lesotho Times" on Lesotho Times, "Ilanga D" (the site's first word and an
    initial) on Ilanga News: the outlet or its account, not a reporter."""
    letters, first = name_letters(name), name_letters(name.split()[0])
    for site in filter(None, sites):
        site_letters = name_letters(site)
        if letters in site_letters or (len(first) >= 4 and name_letters(site.split()[0]) == first):
            return True
    return False

