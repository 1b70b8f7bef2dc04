"""The opening of an article: headline, kicker, lead and the first words of `text`.

One behaviour per test, on fixture pages with the furniture real news pages carry.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newscrawl.extraction import ExtractedArticle, ExtractionOptions, extract_article, page_fields
from newscrawl.extraction.kicker import find_kicker
from newscrawl.extraction.structured import read_page_metadata
from newscrawl.extraction.title import choose_title, headline_elements
from newscrawl.extraction.tree import parse_html
from newscrawl.stages import agencies_stage, extract_stage

DATA = Path(__file__).parent / "data" / "extraction"


def page(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture(scope="module")
def cut_description() -> ExtractedArticle:
    return extract_article(
        page("en_cut_description.html"), "https://www.lowlandcourier.example/news/mourning"
    )


@pytest.fixture(scope="module")
def intro_paragraph() -> ExtractedArticle:
    return extract_article(
        page("de_intro_paragraph.html"), "https://www.kreisbote.example/lokales/linie-12.html"
    )


@pytest.fixture(scope="module")
def headline_in_article() -> ExtractedArticle:
    return extract_article(
        page("de_headline_in_article.html"), "https://www.alpenblick.example/tirol/lawinen.html"
    )


def test_a_description_cut_inside_a_word_does_not_cut_the_body(
    cut_description: ExtractedArticle,
) -> None:
    assert cut_description.text.startswith(
        "The National Assembly on Monday opened a three-day period of mourning after the "
        "deaths of former House of Representatives Speaker, Benjamin Ntsane"
    )


def test_a_description_that_repeats_the_opening_paragraph_is_not_a_lead(
    cut_description: ExtractedArticle,
) -> None:
    assert cut_description.lead is None
    assert cut_description.full_text == cut_description.text


def test_a_paragraph_styled_as_intro_among_the_body_paragraphs_stays_in_text(
    intro_paragraph: ExtractedArticle,
) -> None:
    assert intro_paragraph.text.startswith("Ab Montag fährt die Linie 12 im Zehn-Minuten-Takt")
    assert intro_paragraph.lead is None


def test_a_standfirst_in_the_article_header_is_the_lead_and_leaves_the_body() -> None:
    html = page("de_intro_paragraph.html").replace(
        b'<div class="meta">', b'<p class="intro">Der Takt wird verdoppelt, vier neue '
        b"Elektrobusse kommen: was Fahrg\xc3\xa4ste wissen m\xc3\xbcssen.</p>\n"
        b'  <div class="meta">', 1
    ).replace(b'<p class="intro">Ab Montag', b"<p>Ab Montag", 1)
    article = extract_article(html, "https://www.kreisbote.example/lokales/linie-12.html")
    assert article.lead == (
        "Der Takt wird verdoppelt, vier neue Elektrobusse kommen: was Fahrgäste wissen müssen."
    )
    assert article.lead_shown
    assert article.text.startswith("Ab Montag fährt die Linie 12")


def test_the_headline_inside_the_article_is_not_the_first_paragraph(
    headline_in_article: ExtractedArticle,
) -> None:
    assert headline_in_article.title == "Tiroler Skigebiete schließen Pisten"
    assert headline_in_article.text.startswith("Innsbruck (Reuters) – Nach starken Schneefällen")


def test_the_dateline_after_an_in_article_headline_reaches_the_agency_stage() -> None:
    item = {
        "url": "https://www.alpenblick.example/tirol/lawinen.html",
        "_page": {"body": page("de_headline_in_article.html"), "hints": {}},
    }
    agencies_stage(extract_stage(item, ExtractionOptions()))
    assert item["agencies"] == ["Reuters"]
    assert item["dateline"]["places"] == ["Innsbruck"]


def test_a_kicker_inside_the_headline_is_stored_apart(
    headline_in_article: ExtractedArticle,
) -> None:
    assert headline_in_article.kicker == "Lawinengefahr"


def test_the_kicker_reaches_the_record() -> None:
    item = {
        "url": "https://www.alpenblick.example/tirol/lawinen.html",
        "_page": {"body": page("de_headline_in_article.html"), "hints": {}},
    }
    extract_stage(item, ExtractionOptions())
    assert (item["kicker"], item["title"]) == (
        "Lawinengefahr",
        "Tiroler Skigebiete schließen Pisten",
    )


def headline_of(head: str, body: str) -> tuple[str | None, str | None]:
    url = "https://www.tagblatt-beispiel.example/politik/artikel-1234.html"
    tree = parse_html(
        f"<html><head>{head}</head><body>{body}</body></html>",
        max_depth=180,
        max_text_node_chars=1_000_000,
    )
    page_meta = read_page_metadata(tree)
    site = page_fields.site_name(page_meta, url)
    title = choose_title(tree, page_meta, url, site)
    return title, find_kicker(headline_elements(tree), page_meta, url, site, title)


def test_a_kicker_the_declared_title_sets_before_the_headline_is_stored_apart() -> None:
    head = '<meta property="og:title" content="Nationaler Gedenktag: Orden für Veteranen">'
    body = (
        "<header><div class='issue'>Ausgabe vom 26.04.2024</div>"
        "<h1>Orden für Veteranen</h1><p>Von Karla Neumann</p></header>"
    )
    assert headline_of(head, body) == ("Orden für Veteranen", "Nationaler Gedenktag")


def test_a_kicker_run_together_with_the_headline_is_stored_apart() -> None:
    head = (
        '<meta property="og:title" content="Judy Lybke, ganz und gar nicht eigenartig">'
        "<title>Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig - Tagblatt</title>"
    )
    body = (
        "<header><h1>Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig</h1>"
        "<p>Von Karla Neumann</p></header>"
    )
    assert headline_of(head, body) == (
        "Judy Lybke, ganz und gar nicht eigenartig",
        "Neue Leipziger Schule",
    )


def test_a_kicker_element_before_the_headline_is_stored_apart() -> None:
    head = "<title>Orden für Veteranen | Tagblatt</title>"
    body = "<header><p class='topline'>Gedenktag</p><h1>Orden für Veteranen</h1></header>"
    assert headline_of(head, body) == ("Orden für Veteranen", "Gedenktag")


def test_the_parts_of_a_kicker_element_stay_separate_words() -> None:
    head = "<title>Orden für Veteranen | Tagblatt</title>"
    body = (
        "<div class='kicker'><span>Politik</span><span>Bundeswehr</span></div>"
        "<h1>Orden für Veteranen</h1>"
    )
    assert headline_of(head, body) == ("Orden für Veteranen", "Politik Bundeswehr")


def test_a_site_name_before_the_headline_is_no_kicker() -> None:
    head = '<meta property="og:title" content="Tagblatt-beispiel: Orden für Veteranen">'
    body = "<h1>Orden für Veteranen</h1>"
    assert headline_of(head, body) == ("Orden für Veteranen", None)


def test_a_headline_without_kicker_has_none() -> None:
    head = '<meta property="og:title" content="Orden für Veteranen">'
    assert headline_of(head, "<h1>Orden für Veteranen</h1>") == ("Orden für Veteranen", None)


def test_no_stored_text_opens_inside_a_word(cut_description: ExtractedArticle) -> None:
    first_word = re.match(r"\w+", cut_description.text)
    assert first_word and first_word.group() == "The"
