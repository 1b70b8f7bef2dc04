"""Co-authors (issue #14, item 3) and interface words that are no authors (item 4).

Each page is a small news page written for the test, shaped like the CMS templates that
produce the case: one element per name in one byline box, one byline element per author,
JSON-LD Person arrays with given and family names, "A | B" bylines, affiliation numbers in
author lists; and byline slots holding an action label, a kind of piece or an editor's
code cut inside its parenthesis.
"""

from __future__ import annotations

import json
from typing import Any

from newscrawl.extraction.author_names import split_people
from newscrawl.extraction.authors import collect_credits
from newscrawl.extraction.structured import read_page_metadata
from newscrawl.extraction.tree import parse_html

BODY = (
    "<p>Nach dem Aufmarsch von Islamisten in Hamburg stellt sich auch in Österreich die Frage, "
    "wie der Staat mit religiösen Fanatikern umgehen soll. Die Regierung kündigte eine "
    "Prüfung an.</p><p>Die Opposition verlangt schärfere Gesetze.</p>"
)


def authors(html: str, site: str = "Tagesblatt") -> list[str]:
    tree = parse_html(html, max_depth=180, max_text_node_chars=1_000_000)
    return collect_credits(tree, read_page_metadata(tree), site).authors


def json_ld(**article: Any) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", **article}
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def page(head: str, article: str, after: str = "") -> str:
    return (
        f"<html><head><title>Sind wir zu sanft? | Tagesblatt</title>{head}</head><body>"
        "<header><a href='/'>Tagesblatt</a><nav><a href='/politik'>Politik</a></nav></header>"
        f"<main><article><h1>Sind wir zu sanft zu Islamisten?</h1>{article}{BODY}</article>"
        f"{after}</main><footer>© Tagesblatt Verlag</footer></body></html>"
    )


PERSONS = [
    {"@type": "Person", "givenName": "Birgit", "familyName": "Baumann"},
    {"@type": "Person", "givenName": "Anna Giulia", "familyName": "Fink"},
    {"@type": "Person", "givenName": "Jan Michael", "familyName": "Marchart"},
]


# -- co-authors ---------------------------------------------------------------------------


def test_one_element_per_name_in_one_byline_box_gives_every_co_author() -> None:
    html = page(
        json_ld(headline="Sind wir zu sanft zu Islamisten?", author=PERSONS),
        "<div class='article-byline'><div class='article-origins'>"
        "<span class='simple'>Birgit Baumann</span>\n<span class='simple'>Anna Giulia Fink</span>"
        "\n<span class='simple'>Jan Michael Marchart</span></div></div>",
    )
    assert authors(html) == ["Birgit Baumann", "Anna Giulia Fink", "Jan Michael Marchart"]


def test_one_element_per_name_without_json_ld_is_read_from_the_byline_alone() -> None:
    html = page(
        "",
        "<p class='byline'><span>Von</span> <span>Anna Muster</span>, "
        "<span>Jan Beispiel</span> und <span>Eva Probst</span></p>",
    )
    assert authors(html) == ["Anna Muster", "Jan Beispiel", "Eva Probst"]


def test_given_and_family_name_spans_of_one_author_stay_one_name() -> None:
    html = page(
        "",
        "<div class='byline'><span class='first'>Anna</span> <span class='last'>Muster</span>"
        "</div>",
    )
    assert authors(html) == ["Anna Muster"]


def test_name_part_elements_inside_a_name_element_are_not_extra_authors() -> None:
    html = page(
        "",
        "<div class='bylines'>"
        "<address class='name'><a rel='author' itemprop='name' href='mailto:it@tb.example'>"
        "<span class='firstname'>Ingrid</span> <span class='lastname'>Treborg</span></a>"
        "</address><address class='name'><a rel='author' itemprop='name' "
        "href='mailto:mh@tb.example'><span class='firstname'>Marlene Lundberg</span> "
        "<span class='lastname'>Holm</span></a></address></div>",
    )
    assert authors(html) == ["Ingrid Treborg", "Marlene Lundberg Holm"]


def test_one_byline_element_per_declared_author_gives_all_of_them() -> None:
    html = page(
        json_ld(author=[{"@type": "Person", "name": n} for n in ("Sebastian Kohler",
                                                               "Andreas Gandzior")]),
        "<div class='article-author'><a href='/autor/sebastian-kohler'>Sebastian Kohler</a></div>"
        "<div class='article-author'><a href='/autor/andreas-gandzior'>Andreas Gandzior</a>"
        "</div>",
    )
    assert authors(html) == ["Sebastian Kohler", "Andreas Gandzior"]


def test_a_teaser_byline_adds_no_undeclared_colleague() -> None:
    teaser = (
        "<section class='more'><h2>Mehr zum Thema</h2><div class='teaser'>"
        "<p class='author'>Von Finn Michalski, Jakob Hartung</p>"
        "<a href='/schattenflotte'>USA stoppen Geisterschiff</a></div></section>"
    )
    html = page(
        json_ld(author={"@type": "Person", "name": "Jakob Hartung"}),
        "<p class='author'>Von Jakob Hartung</p>",
        after=teaser,
    )
    assert authors(html) == ["Jakob Hartung"]


def test_declared_co_author_the_byline_shows_after_an_agency_name_element() -> None:
    html = page(
        "<meta name='author' content='Samya Kullab and Vasilisa Stepanenko'>",
        "<div class='c-byline'>By Samya Kullab and Vasilisa Stepanenko "
        "<span class='c-byline__name'>The Associated Press</span> Posted May 24, 2026 10:05 am"
        " · 4 min read</div>",
    )
    assert authors(html) == ["Samya Kullab", "Vasilisa Stepanenko"]


def test_bar_separated_byline_confirmed_by_declared_authors() -> None:
    html = page(
        json_ld(author=[{"@type": "Person", "name": "Julia Vergin"},
                        {"@type": "Person", "name": "Clare Roth"}]),
        "<div class='author-details'>Julia Vergin | Clare Roth</div>",
    )
    assert authors(html) == ["Julia Vergin", "Clare Roth"]


def test_author_list_with_affiliation_numbers_and_an_ellipsis() -> None:
    html = page(
        "",
        "<div class='c-article-author-list'><span>By</span><ul>"
        "<li><a data-test='author-name' href='#author-0'>Xiaoying You</a><sup>0</sup>, </li>"
        "<li><a data-test='author-name' href='#author-1'>Mariana Lenharo</a>, </li>"
        "<li>… <a data-test='author-name' href='#author-2'>Jeff Tollefson</a></li></ul></div>",
    )
    assert authors(html) == ["Xiaoying You", "Mariana Lenharo", "Jeff Tollefson"]


def test_json_ld_persons_with_given_and_family_names_when_the_page_shows_no_byline() -> None:
    html = page(json_ld(author=PERSONS), "")
    assert authors(html) == ["Birgit Baumann", "Anna Giulia Fink", "Jan Michael Marchart"]


# -- interface words and fragments --------------------------------------------------------


def test_an_action_label_in_the_byline_slot_is_no_author() -> None:
    html = page(
        "<meta name='author' content='Salzburger Nachrichten'>",
        "<div class='article-author'><button>Themen bearbeiten</button></div>",
    )
    assert authors(html) == []


def test_a_kind_of_piece_in_the_byline_slot_is_no_author() -> None:
    assert split_people("Kurzmeldung") == []
    assert split_people("Live-Ticker") == []
    assert split_people("Analyse") == []


def test_an_editors_code_cut_inside_its_parenthesis_is_dropped() -> None:
    assert split_people("Elena Oberholzer (obe") == ["Elena Oberholzer"]
    assert split_people("Elena Oberholzer (obe)") == ["Elena Oberholzer"]


def test_a_name_ends_in_a_capitalised_word() -> None:
    assert split_people("Themen bearbeiten") == []
    assert split_people("By TPN, in") == []
    assert split_people("Ursula von der Leyen") == ["Ursula von der Leyen"]
    assert split_people("Jose de la Cruz") == ["Jose de la Cruz"]


# -- labels -------------------------------------------------------------------------------


def test_gender_inclusive_author_label_in_an_info_box_without_a_colon() -> None:
    html = page(
        "",
        "<div class='col1 dim'><ul class='smallList'><li><strong>Datum</strong>\n28.04.2023"
        "</li><li><strong>Autorin/Autor</strong>\nRoman Goncharenko</li></ul></div>",
    )
    assert authors(html) == ["Roman Goncharenko"]


def test_gender_inclusive_labels_are_prefixes() -> None:
    assert split_people("Autor*in: Anna Muster") == ["Anna Muster"]
    assert split_people("Autor/-in Jan Beispiel") == ["Jan Beispiel"]
