"""`byline`: the names the page credits for the article as written (people, agencies,
outlets, desks), beside `authors` (people only).

Each page is a small news page written for the test, shaped like the wire-service,
broadcaster and newspaper templates that produce the case.
"""

from __future__ import annotations

import json

from newscrawl.extraction import extract_article
from newscrawl.extraction.author_names import split_credited

PARAGRAPHS = "".join(
    f"<p>{sentence}</p>"
    for sentence in (
        ("The Supreme Court on Friday upheld the law in a 6-3 decision, ending a dispute that "
        "had been before the courts for more than two years."),
        ("Lawyers for the states had argued that the statute went beyond what Congress may "
        "regulate, a reading the majority rejected in an opinion of forty pages."),
        ("The ruling is expected to shape a number of cases now pending in the lower courts, "
        "legal scholars said after the decision was published."),
    )
)


def page(*, json_ld_author: object = None, byline: str = "", after: str = "") -> str:
    """An article page: optional NewsArticle JSON-LD with `author`, a byline under the
    headline, the text, and whatever comes after it (teasers, a sidebar)."""
    ld = ""
    if json_ld_author is not None:
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "Court upholds the law",
            "author": json_ld_author,
            "publisher": {"@type": "NewsMediaOrganization", "name": "Daily Ledger"},
        }
        ld = f"<script type='application/ld+json'>{json.dumps(data)}</script>"
    return (
        f"<html><head><title>Court upholds the law | Daily Ledger</title>{ld}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Court upholds the law</h1>{byline}{PARAGRAPHS}{after}</article>"
        "<footer>© Daily Ledger 2024</footer></body></html>"
    )


def extract(html: str):  # type: ignore[no-untyped-def]
    return extract_article(html, "https://ledger.example/world/court-upholds-the-law")


def test_a_declared_agency_beside_the_shown_reporter_is_credited_after_the_person() -> None:
    article = extract(
        page(
            json_ld_author=[
                {"@type": "Person", "name": "Adam Vidler"},
                {"@type": "Person", "name": "AP"},
            ],
            byline="<div class='byline'>By <span class='author-name'>Adam Vidler</span></div>",
        )
    )
    assert article.authors == ["Adam Vidler"]
    assert article.byline == ["Adam Vidler", "AP"]


def test_an_outlet_declared_as_the_only_author_is_the_byline_but_no_author() -> None:
    article = extract(page(json_ld_author={"@type": "Organization", "name": "DER SPIEGEL"}))
    assert article.authors == []
    assert article.byline == ["DER SPIEGEL"]


def test_the_outlet_declared_on_every_page_gives_way_to_the_reporter_the_page_shows() -> None:
    # the declaration names none of the people the byline shows: a template default
    article = extract(
        page(
            json_ld_author={"@type": "Organization", "name": "Daily Ledger"},
            byline="<p class='article-byline'>Von Seb Dumitru, Lille</p>",
        )
    )
    assert article.byline == ["Seb Dumitru"]


def test_a_declared_agency_in_the_first_byline_beats_reporters_of_teasers_below() -> None:
    teasers = "".join(
        f"<div class='teaser'><h3><a href='/politik/{i}'>Weitere Meldung {i}</a></h3>"
        f"<span class='article-author'>Von {name}</span></div>"
        for i, name in enumerate(("Christoph Reisinger", "Knut Krohn"))
    )
    article = extract(
        page(
            json_ld_author={"@type": "Organization", "name": "dpa"},
            byline="<span class='article-author'>dpa</span>",
            after=teasers,
        )
    )
    assert article.byline == ["dpa"]


def test_an_agency_byline_without_declaration_is_credited_without_its_date() -> None:
    article = extract(
        page(byline="<div class='byline'>By Associated Press 12:20pm Jan 7, 2024</div>")
    )
    assert article.authors == []
    assert article.byline == ["Associated Press"]


def test_a_plain_text_byline_before_the_section_links_is_credited() -> None:
    byline = "<p class='text-sm'>By TPN,\n in <a href='/news'>News</a>, <a href='/pt'>Portugal</a></p>"
    assert extract(page(byline=byline)).byline == ["TPN"]


def test_a_login_handle_declared_beside_the_full_name_is_the_same_person() -> None:
    article = extract(
        page(
            json_ld_author=[{"@type": "Person", "name": "Edilson La Rosa"}, "edilson.la.rosa"],
            byline="<div class='author'><a href='/autor/edilson-la-rosa'>Edilson La Rosa</a></div>",
        )
    )
    assert article.byline == ["Edilson La Rosa"]


def test_byline_names_are_nfc_and_whitespace_normalised() -> None:
    decomposed = "Lena Mu\u0308ller"  # "Müller" with a combining diaeresis
    article = extract(page(byline=f"<div class='byline'>Von  {decomposed}\n</div>"))
    assert article.byline == ["Lena Müller"]


def test_a_page_crediting_no_one_has_an_empty_byline() -> None:
    assert extract(page()).byline == []


def test_credited_names_keep_agencies_and_outlets_as_written() -> None:
    assert split_credited("von Konstantin Furrer , Deutsche Presse-Agentur") == [
        "Konstantin Furrer",
        "Deutsche Presse-Agentur",
    ]
    assert split_credited("Anna Muster/dpa") == ["Anna Muster", "dpa"]


def test_photo_credits_e_mails_and_interface_words_are_no_credited_names() -> None:
    assert split_credited("Foto: Anna Muster") == []
    assert split_credited("Von Anna Muster, anna.muster@zeitung.example") == ["Anna Muster"]
    assert split_credited("Themen bearbeiten") == []
    assert split_credited("Von unserer Redaktion") == []


def test_the_stored_document_carries_the_byline_beside_people_and_agency_codes() -> None:
    from datetime import UTC, datetime

    from newscrawl.stages import build_record

    html = page(
        json_ld_author=[
            {"@type": "Person", "name": "Konstantin Furrer"},
            {"@type": "Person", "name": "Deutsche Presse-Agentur"},
        ],
        byline="<div class='byline'>von Konstantin Furrer, Deutsche Presse-Agentur</div>",
    )
    doc = build_record(
        html.encode(),
        "https://ledger.example/world/court-upholds-the-law",
        source_name="fixture",
        fetched_at=datetime(2024, 6, 1, 8, 0, tzinfo=UTC),
    )
    assert doc["authors"] == ["Konstantin Furrer"]
    assert doc["agencies"] == ["dpa"]
    assert doc["byline"] == ["Konstantin Furrer", "Deutsche Presse-Agentur"]


def outlet_page(byline: str, opening: str) -> str:
    """A WordPress news theme: the meta line credits whoever posted, the print byline
    opens the text in bold."""
    return (
        "<html><head><title>Mining blasts shatter homes - Lesotho Times</title>"
        "<meta property='og:site_name' content='Lesotho Times'></head><body><article>"
        f"<h1>Mining blasts shatter homes</h1><div class='post-meta'>{byline}</div>"
        f"<div class='entry-content'><p><em>…as communities cry foul</em></p>{opening}"
        f"{PARAGRAPHS}</div></article></body></html>"
    )


def test_a_bold_print_byline_opening_the_text_replaces_the_outlet_credited_as_author() -> None:
    article = extract(
        outlet_page(
            "<span class='author vcard'>by <a href='/author/lestimes/'>Lesotho Times</a></span>",
            "<p><strong>Mathatisi Sebusi/Mohalenyane Phakela</strong></p>",
        )
    )
    assert article.authors == ["Mathatisi Sebusi", "Mohalenyane Phakela"]
    assert article.byline == ["Mathatisi Sebusi", "Mohalenyane Phakela"]


def test_a_bold_name_opening_the_text_leaves_a_reporter_byline_alone() -> None:
    # the bold line may be whom the piece is about; only an outlet credit gives way
    article = extract(
        outlet_page(
            "<span class='author vcard'>by <a href='/author/kmotsamai/'>Keiso Motsamai</a></span>",
            "<p><strong>Mathatisi Sebusi</strong></p>",
        )
    )
    assert article.authors == ["Keiso Motsamai"]


def declared_person(name: str, byline: str):  # type: ignore[no-untyped-def]
    """The article of a page whose JSON-LD declares `name` as its author Person."""
    return extract(page(json_ld_author={"@type": "Person", "name": name}, byline=byline))


def test_a_desk_credited_with_an_agency_in_one_declared_name_is_written_as_declared() -> None:
    byline = "<div class='fig-byline'>Par <a href='/auteur/le-figaro'>Le Figaro</a></div>"
    assert declared_person("Le Figaro et AFP", byline).byline == ["Le Figaro et AFP"]


def test_a_declared_name_in_another_case_leaves_the_name_as_the_page_shows_it() -> None:
    byline = "<p class='story-meta__authors'>By <span class='vcard'>ALLY MUTNICK</span></p>"
    assert declared_person("Ally Mutnick", byline).byline == ["ALLY MUTNICK"]


def test_an_editor_labelled_under_the_reporter_is_no_author_even_when_declared() -> None:
    article = declared_person(
        "Heryadi",
        "<div class='author'><a href='/reporter/naufal-zuhdi'>Naufal Zuhdi</a></div>"
        "<div class='author'>Editor : <span class='name'>Heryadi</span></div>",
    )
    assert article.authors == ["Naufal Zuhdi"]
    assert article.byline == ["Naufal Zuhdi"]


def test_the_people_of_a_staff_sign_off_join_the_byline_as_they_join_authors() -> None:
    from newscrawl.stages import agencies_stage

    text = (
        "Die Verhandlungen über das Budget sind am Freitag ohne Einigung zu Ende gegangen. "
        "Beide Seiten wollen nächste Woche weiterreden. "
        "(Birgit Baumann aus Berlin, Anna Giulia Fink, 3.5.2024)"
    )
    item = {"text": text, "authors": ["Birgit Baumann"], "byline": ["Birgit Baumann"]}
    agencies_stage(item)
    assert item["authors"] == ["Birgit Baumann", "Anna Giulia Fink"]
    assert item["byline"] == ["Birgit Baumann", "Anna Giulia Fink"]


def test_a_wire_story_without_a_byline_is_credited_to_the_agencies_of_its_credit_line() -> None:
    from newscrawl.stages import agencies_stage

    text = (
        "Washington, Moskau – US-Präsident Donald Trump und sein russischer Kollege Wladimir "
        "Putin wollen ihr Vorgehen gegen den Terror abstimmen. Das teilte das Weiße Haus am "
        "Dienstag mit. (APA/AFP/dpa/Reuters)"
    )
    item = {"text": text, "authors": [], "byline": []}
    agencies_stage(item)
    assert item["byline"] == ["APA", "AFP", "dpa", "Reuters"]
    assert item["credit"] == "(APA/AFP/dpa/Reuters)"


def test_a_named_byline_is_not_extended_by_the_credit_line() -> None:
    from newscrawl.stages import agencies_stage

    text = "Die Stimmung in den Chefetagen hat sich überraschend deutlich verbessert. (dpa/lby)"
    item = {"text": text, "authors": ["Anna Berger"], "byline": ["Anna Berger"]}
    agencies_stage(item)
    assert item["byline"] == ["Anna Berger"]
    assert item["agencies"] == ["dpa"]


def test_a_byline_not_known_stays_unknown() -> None:
    from newscrawl.stages import agencies_stage

    item = {"text": "Ein Text mit Quelle am Ende. (APA)", "authors": [], "byline": None}
    agencies_stage(item)
    assert item["byline"] is None
