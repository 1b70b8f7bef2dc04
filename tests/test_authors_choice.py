"""Which of a page's author sources wins, and when a fuller name of the same person
replaces a first name or a login handle.

Each page is a small page written for the test, shaped like the blogs and CMS themes
that produce these cases.
"""

from __future__ import annotations

import json

import pytest

from newscrawl.extraction.author_names import split_people, writes_out
from newscrawl.extraction.authors import collect_credits
from newscrawl.extraction.structured import read_page_metadata
from newscrawl.extraction.tree import parse_html

BODY = "<p>Der Gemeinderat hat am Montag über den Ausbau der Radwege entschieden.</p>"


def authors(html: str, site: str = "Beispielblog") -> list[str]:
    tree = parse_html(html, max_depth=180, max_text_node_chars=1_000_000)
    return collect_credits(tree, read_page_metadata(tree), site).authors


def yoast_graph(page_type: str, person: dict[str, str]) -> str:
    """A Yoast-style @graph: the page node points to its author's Person node by @id."""
    person_id = "https://blog.example/#/schema/person/4f1c"
    graph = [
        {"@type": "WebSite", "@id": "https://blog.example/#website", "name": "Beispielblog"},
        {
            "@type": page_type,
            "@id": "https://blog.example/radwege/",
            "name": "Radwege werden ausgebaut",
            "author": {"@id": person_id},
        },
        {"@type": "Person", "@id": person_id, **person},
    ]
    data = json.dumps({"@context": "https://schema.org", "@graph": graph})
    return f"<script type='application/ld+json'>{data}</script>"


# -- the author of a page that declares no Article ---------------------------------------


def test_author_of_the_web_page_node_counts_when_no_article_is_declared() -> None:
    html = (
        "<html><head><meta name='author' content='Theo Layout und Pixelwerk designed'>"
        f"{yoast_graph('WebPage', {'name': 'Jana Kroll'})}</head><body><article>"
        f"<h1>Radwege werden ausgebaut</h1>{BODY}</article>"
        "<aside class='author-meta'><a href='/author/jkroll/' rel='author'>Jana Kroll</a>"
        "</aside></body></html>"
    )
    assert authors(html) == ["Jana Kroll"]


def test_profile_link_in_the_article_beats_the_web_page_node_author() -> None:
    # the WebPage node of some sites names the editor who published the page
    html = (
        f"<html><head>{yoast_graph('WebPage', {'name': 'Gerd Herausgeber'})}</head><body>"
        "<article><h1>Radwege werden ausgebaut</h1><p>Ein Gespräch, aufgezeichnet von "
        "<a href='/auteur/mira-sand/'>Mira Sand</a></p>"
        f"<footer>Herausgegeben von Gerd Herausgeber</footer>{BODY}</article></body></html>"
    )
    assert authors(html) == ["Mira Sand"]


def test_web_page_node_written_by_the_site_itself_names_no_one() -> None:
    html = (
        f"<html><head>{yoast_graph('WebPage', {'name': 'Kreisblatt Direkt'})}</head><body>"
        f"<article><h1>Radwege werden ausgebaut</h1>{BODY}</article></body></html>"
    )
    assert authors(html, site="Kreisblatt Direkt") == []


def test_web_page_node_by_the_handle_the_blog_is_named_after_is_the_blogger() -> None:
    html = (
        f"<html><head>{yoast_graph('WebPage', {'name': 'happyface77'})}</head><body>"
        f"<article><h1>Shampoo im Test</h1>{BODY}</article></body></html>"
    )
    assert authors(html, site="Happyface77") == ["happyface77"]


@pytest.mark.parametrize(
    "signature", ["Frank Bültmann - http://bueltmann.example", "Theo Layout und Pixelwerk designed"]
)
def test_web_designer_signature_in_the_author_meta_is_no_author(signature: str) -> None:
    html = (
        f"<html><head><meta name='author' content='{signature}'></head><body><article>"
        f"<h1>Rinderleber mit Apfel</h1>{BODY}</article></body></html>"
    )
    assert authors(html) == []


# -- an author only the metadata names ----------------------------------------------------


def test_plain_text_byline_beats_an_author_only_the_metadata_names() -> None:
    # the CMS account that posted the interview appears nowhere on the page
    html = (
        "<html><head><meta name='author' content='Paul Seldin'></head><body><article>"
        "<h1>Interview mit einer Krimiautorin</h1><p>Von Eugen Zenner</p>"
        f"{BODY}</article></body></html>"
    )
    assert authors(html) == ["Eugen Zenner"]


def test_author_in_the_metadata_the_page_also_shows_beats_a_plain_text_byline() -> None:
    html = (
        "<html><head><meta name='author' content='Paul Seldin'></head><body><article>"
        "<h1>Interview mit einer Krimiautorin</h1><p>Von Eugen Zenner</p>"
        f"{BODY}</article><footer><p>Redaktion: Paul Seldin</p></footer></body></html>"
    )
    assert authors(html) == ["Paul Seldin"]


# -- the Twitter card's "Written by" row ------------------------------------------------


def test_twitter_card_written_by_row_names_the_author() -> None:
    html = (
        "<html><head><meta name='twitter:label1' content='Verfasst von'>"
        "<meta name='twitter:data1' content='Karla Herrmann'>"
        "<meta name='twitter:label2' content='Geschätzte Lesezeit'>"
        "<meta name='twitter:data2' content='4 Minuten'></head><body><article>"
        f"<h1>Radwege</h1>{BODY}</article></body></html>"
    )
    assert authors(html) == ["Karla Herrmann"]


def test_twitter_card_row_naming_the_publishing_organisation_is_no_author() -> None:
    html = (
        '<html><head><script type=\'application/ld+json\'>{"@type": "NewsArticle", '
        '"headline": "Radwege", "author": {"@type": "Organization", "name": "OÖ Tagblatt"}}'
        "</script><meta name='twitter:label1' content='Written by'>"
        "<meta name='twitter:data1' content='OÖ Tagblatt'></head><body><article>"
        f"<h1>Radwege</h1>{BODY}</article></body></html>"
    )
    assert authors(html) == []


def test_twitter_card_reading_time_row_is_no_author() -> None:
    html = (
        "<html><head><meta name='twitter:label1' content='Est. reading time'>"
        "<meta name='twitter:data1' content='4 minutes'></head><body><article>"
        f"<h1>Radwege</h1>{BODY}</article></body></html>"
    )
    assert authors(html) == []


# -- a first name or a handle, and the full name the page also writes ---------------------


def test_first_name_in_the_byline_gives_way_to_the_plain_text_byline_naming_the_same_person() -> (
    None
):
    html = (
        "<html><head><meta name='author' content='Nils'></head><body><article>"
        "<h1>Radwege</h1><div class='meta'><a href='https://blog.example/author/nils/'>Nils</a>"
        f"</div><p><strong>Eine Kolumne von Nils Pickhardt</strong></p>{BODY}</article>"
        "</body></html>"
    )
    assert authors(html) == ["Nils Pickhardt"]


def test_first_name_takes_the_full_name_the_author_bio_in_json_ld_begins_with() -> None:
    person = {
        "name": "Stefanus",
        "description": "Stefanus Stahlberg - Maschinenbauer und seit 2002 auf dem Rad.",
    }
    html = (
        f"<html><head>{yoast_graph('NewsArticle', person)}</head><body><article>"
        "<h1>Radwege</h1><span class='author'>Stefanus</span>"
        f"{BODY}</article></body></html>"
    )
    assert authors(html) == ["Stefanus Stahlberg"]


def test_first_name_takes_the_full_name_an_info_box_shows_on_its_own() -> None:
    html = (
        '<html><head><script type=\'application/ld+json\'>{"@type": "NewsArticle", '
        '"headline": "Radwege", "author": {"@type": "Person", "name": "Todd"}}</script>'
        f"</head><body><main><article><h1>Radwege</h1>{BODY}</article>"
        "<section class='article-sidebar'><p class='label'>By</p>"
        "<p class='full-name'>Todd Bauers</p></section></main></body></html>"
    )
    assert authors(html) == ["Todd Bauers"]


def test_login_handle_takes_the_name_the_article_signs_with() -> None:
    html = (
        '<html><head><script type=\'application/ld+json\'>{"@type": "NewsArticle", '
        '"headline": "Radwege", "author": {"@type": "Person", "name": "christian.stadtler"}}'
        f"</script></head><body><article><h1>Radwege</h1>{BODY}"
        "<p><strong>Es bleibt spannend.</strong> (Christian P. Stadtler) +++</p>"
        "</article></body></html>"
    )
    assert authors(html) == ["Christian P. Stadtler"]


def test_first_name_stays_when_the_full_name_is_only_a_link_in_a_licence_line() -> None:
    # blogs show "<blog> von <a>Full Name</a> steht unter einer Creative-Commons-Lizenz"
    html = (
        "<html><body><article><h1>Radwege</h1><span class='author vcard'>von "
        f"<a href='/author/andrea/' rel='author'>Andrea</a></span>{BODY}</article>"
        "<aside class='widget'><span>Katastrophenblog</span> von "
        "<a href='https://andrea.example/' rel='cc:attributionURL'>Andrea Bottling</a> "
        "steht unter einer Creative Commons Lizenz.</aside></body></html>"
    )
    assert authors(html) == ["Andrea"]


def test_first_name_stays_when_the_text_names_a_couple() -> None:
    html = (
        "<html><body><article><h1>Focaccia</h1><span class='author'>Kay</span>"
        f"{BODY}</article><div class='about'><h3>Kay &amp; Luke</h3></div></body></html>"
    )
    assert authors(html) == ["Kay"]


@pytest.mark.parametrize(
    "short,full,same",
    [
        ("Nils", "Nils Pickhardt", True),
        ("christian.stadtler", "Christian P. Stadtler", True),
        ("robert_stitz", "Robert Stitz", True),
        ("nils", "Nils Pickhardt", False),  # a lower-case word is a handle, not a first name
        ("Nils", "Nina Pickhardt", False),
        ("christian.stadtler", "Christian Berger", False),
        ("Kay", "Kay & Luke", False),  # two people
        ("Anna", "Anna Muster, Berlin", False),  # a byline, not a name
    ],
)
def test_full_name_of_a_first_name_or_handle(short: str, full: str, same: bool) -> None:
    assert writes_out(short, full) is same


# -- names that are no one --------------------------------------------------------------


@pytest.mark.parametrize(
    "account", ["admin", "Admin", "wordpressadmin", "site_admin", "webmaster", "Super User"]
)
def test_default_cms_account_is_no_author(account: str) -> None:
    html = (
        "<html><body><article><h1>Radwege</h1><span class='postauthor author vcard'>von "
        f"<a href='/blog/author/{account}/' rel='author'>{account}</a> |</span>"
        f"{BODY}</article></body></html>"
    )
    assert authors(html) == []


def test_login_handle_containing_admin_is_a_person_s_handle() -> None:
    html = (
        "<html><body><article><h1>Radwege</h1><span class='author vcard'>"
        f"<a href='/author/oradmin/' rel='author'>oradmin</a></span>{BODY}</article>"
        "</body></html>"
    )
    assert authors(html) == ["oradmin"]


def test_teaser_list_beside_the_article_names_no_author() -> None:
    teasers = "".join(
        f"<li class='teaser'><h3>{title}</h3><span class='author'>Von {name} am 0{day}.12.2022"
        "</span></li>"
        for title, name, day in [
            ("Neue Arbeitswelt", "Jörn Mechtel", 8),
            ("Führung auf Distanz", "Petra Walter", 6),
            ("Gehalt im Gespräch", "Anne Hünning", 4),
        ]
    )
    html = (
        f"<html><body><article><h1>Radwege</h1>{BODY}</article>"
        f"<aside class='related'><ul>{teasers}</ul></aside></body></html>"
    )
    assert authors(html) == []


def test_author_box_beside_the_article_names_the_author() -> None:
    html = (
        f"<html><body><article><h1>Radwege</h1>{BODY}</article><aside class='sidebar'>"
        "<div class='post-author'>Eingestellt von Weinlachgummi</div>"
        "<div class='widget'><span class='author'>by Sarah J. Maas</span></div>"
        "</aside></body></html>"
    )
    assert authors(html) == ["Weinlachgummi"]


# -- reading a name ---------------------------------------------------------------------


def test_soft_hyphens_in_a_justified_byline_are_not_part_of_the_name() -> None:
    assert split_people("Von Mat\u00adthi\u00adas Lau\u00aderer") == ["Matthias Lauerer"]
