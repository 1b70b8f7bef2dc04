"""Credit strings to people: splitting, prefixes, agency credits."""

from __future__ import annotations

import pytest

from newscrawl.extraction.authors import is_agency_credit, split_people
from newscrawl.extraction.structured import names_of
from newscrawl.extraction.title import strip_site_name


@pytest.mark.parametrize(
    ("raw", "people"),
    [
        ("Von Anna Muster und Jan Beispiel", ["Anna Muster", "Jan Beispiel"]),
        ("By Maria Lopez, Tom Okafor and Lee Chen", ["Maria Lopez", "Tom Okafor", "Lee Chen"]),
        ("Anna Muster, dpa", ["Anna Muster"]),
        ("Text: Jan Beispiel (Redakteur)", ["Jan Beispiel"]),
        ("Posted by Maria Lopez on March 12, 2024", ["Maria Lopez"]),
        ("Anna Muster | 17.05.2024", ["Anna Muster"]),
        ("View all posts by Daniel Lemire", ["Daniel Lemire"]),
        ("anna.muster@example.org Anna Muster", ["Anna Muster"]),
        ("Alexa von Heyden", ["Alexa von Heyden"]),
        ("Ursula von der Leyen", ["Ursula von der Leyen"]),
        ("Jose de la Cruz", ["Jose de la Cruz"]),
        ("Perry Bacon Jr.", ["Perry Bacon Jr."]),
        ("Pressemitteilung von Katja Kipping", ["Katja Kipping"]),
        ("Disko Von Ernst Lohoff", ["Ernst Lohoff"]),
        ("Revised Edition Edited by Adrian Parr", []),
        ("Posted on September 21, 2020 by Adi Tzlil", ["Adi Tzlil"]),
        ("Posted by Günter W. Kienitz at 18:52", ["Günter W. Kienitz"]),
        ("Posted by Nesselsetzer under", ["Nesselsetzer"]),
        ("06.11.2023 13:30 von Olga", ["Olga"]),
        (
            "Artikel von Claudia Riedler Leiterin Redaktion Leben und Gesundheit",
            ["Claudia Riedler"],
        ),
        ("Michael Leiter und Anna Schleiter", ["Michael Leiter", "Anna Schleiter"]),
        ("von: Rasender Reporter", ["Rasender Reporter"]),
        ("Kristen Falc'hon Kristen Falc'hon", ["Kristen Falc'hon"]),
        ("VON ANNA MUSTER UND JAN BEISPIEL", ["ANNA MUSTER", "JAN BEISPIEL"]),
        ("BY ZEKE MILLER AND JILL COLVIN, ASSOCIATED PRESS", ["ZEKE MILLER", "JILL COLVIN"]),
        (
            "Sarah Hinger, Staff Attorney, ACLU Racial Justice Program & Sylvia Torres-Guillén",
            ["Sarah Hinger", "Sylvia Torres-Guillén"],
        ),
        ("von lupa am 26/10/13, 03:48 pm", ["lupa"]),
        ("Text & Fotos: Ivan Valetny", ["Ivan Valetny"]),
        ("Fotos: Ingo Schneider", []),
        ("Johanna Kropfitsch Alle Artikel", ["Johanna Kropfitsch"]),
        ("About the Author - Florina Ionescu", ["Florina Ionescu"]),
        ("Auteur : Kossivi Tiassou", ["Kossivi Tiassou"]),
        ("责任编辑：孔德明", ["孔德明"]),
        (
            "Richard David Precht im Gespräch mit Karin Fischer",
            ["Richard David Precht", "Karin Fischer"],
        ),
        ("By Glen Owen And Brendan Carlin For The Mail On Sunday", ["Glen Owen", "Brendan Carlin"]),
    ],
)
def test_split_people(raw: str, people: list[str]) -> None:
    assert split_people(raw) == people


@pytest.mark.parametrize(
    "raw",
    [
        "dpa/lno",
        "APA",
        "Reuters",
        "AFP/The Local",
        "dpa-AFX",
        "Reuters Staff",
        "Von Deutsche Presse-Agentur",
        "The Associated Press",
        "AP",
        "Keystone-SDA",
        "Xinhua",
        "Agence France-Presse (AFP)",
    ],
)
def test_agency_credits_are_not_people(raw: str) -> None:
    assert split_people(raw) == []
    assert is_agency_credit(raw)


def test_an_agency_after_the_name_is_a_credit_of_the_byline() -> None:
    assert split_people("Von Anna Muster, dpa") == ["Anna Muster"]
    assert is_agency_credit("Von Anna Muster, dpa")


@pytest.mark.parametrize("raw", ["Anna Muster/dpa", "Anna Muster AFP", "Von Anna Muster (APA)"])
def test_the_person_of_a_name_and_agency_byline_is_kept(raw: str) -> None:
    """Split as the agency stage splits author values: the person stays an author, the
    agency goes to the agency stage through the raw credit."""
    assert split_people(raw) == ["Anna Muster"]
    assert is_agency_credit(raw)


@pytest.mark.parametrize(
    "raw",
    ["Ap Dijksterhuis", "Sid Meier", "Hina Rabbani Khar", "Michael Bloomberg", "Jacob Zuma"],
)
def test_names_containing_an_agency_word_are_people(raw: str) -> None:
    """The registry's rules decide: an alias counts only as a whole part of the credit,
    and an ambiguous one ("AP", "SID") only in its own case."""
    assert split_people(raw) == [raw]
    assert not is_agency_credit(raw)


@pytest.mark.parametrize("raw", ["Keystone", "EPA-EFE", "Getty Images", "Agenturen", "OTS"])
def test_picture_agencies_and_desk_markers_are_not_people(raw: str) -> None:
    assert split_people(raw) == []
    assert not is_agency_credit(raw)


@pytest.mark.parametrize(
    "raw",
    ["red", "Redaktion", "Online-Redaktion", "PETA-Team", "Staff and agencies", "BR24 Redaktion"],
)
def test_newsroom_and_house_credits_are_not_people(raw: str) -> None:
    assert split_people(raw) == []
    assert not is_agency_credit(raw)


@pytest.mark.parametrize(
    "raw",
    ["Hanns-Seidel-Stiftung e.V.", "| ARD", "Wikimedia Foundation", "2 Fictions", "Zur Person"],
)
def test_organisations_and_page_labels_are_not_people(raw: str) -> None:
    assert split_people(raw) == []


def test_site_suffix_is_cut_from_title() -> None:
    assert (
        strip_site_name("Pegel steigt weiter | Nordkurier", {"nordkurier"}) == "Pegel steigt weiter"
    )
    assert (
        strip_site_name("Nordkurier - Pegel steigt weiter", {"nordkurier"}) == "Pegel steigt weiter"
    )


def test_title_without_site_part_is_kept() -> None:
    assert (
        strip_site_name("Kim Jong Un - Der Diktator ist zurück", {"nordkurier"})
        == "Kim Jong Un - Der Diktator ist zurück"
    )


PARAGRAPHS = "".join(
    f"<p>Absatz {i}: Die Gemeindevertretung hat am Montag über den Ausbau der Kreisstraße "
    f"Nummer {i + 10} beraten und einen Beschluss für das Jahr {2020 + i} gefasst.</p>"
    for i in range(6)
)


def extract(html: str):  # type: ignore[no-untyped-def]
    from newscrawl.extraction import extract_article

    return extract_article(html, "https://www.example-zeitung.de/region/kreisstrasse-123.html")


def test_json_ld_author_reference_is_resolved() -> None:
    graph = (
        '{"@context": "https://schema.org", "@graph": ['
        '{"@type": "Article", "headline": "Kreisstraße wird ausgebaut",'
        ' "author": {"@id": "https://www.example-zeitung.de/#/person/1"}},'
        '{"@type": "Person", "@id": "https://www.example-zeitung.de/#/person/1",'
        ' "name": "Petra Beispiel"}]}'
    )
    article = extract(
        f"<html><head><script type='application/ld+json'>{graph}</script>"
        f"</head><body><article><h1>Kreisstraße wird ausgebaut</h1>{PARAGRAPHS}"
        "</article></body></html>"
    )
    assert article.authors == ["Petra Beispiel"]


def test_source_line_is_a_credit_not_an_author() -> None:
    article = extract(
        "<html><body><article><h1>Kreisstraße wird ausgebaut</h1>"
        f"{PARAGRAPHS}<p class='article-source'>Quelle: dpa/lno</p>"
        "</article></body></html>"
    )
    assert article.authors == []
    assert "Quelle: dpa/lno" in article.credit_names


def test_comment_authors_are_never_bylines() -> None:
    article = extract(
        "<html><body><article><h1>Kreisstraße wird ausgebaut</h1>"
        f"{PARAGRAPHS}</article><div id='comments'><div class='comment'>"
        "<span class='comment-author'>Karl Leser</span><p>Endlich!</p></div>"
        "</div></body></html>"
    )
    assert "Karl Leser" not in article.authors


def json_ld_page(json_ld: str, byline: str = "") -> str:
    return (
        f"<html><head><script type='application/ld+json'>{json_ld}</script></head><body>"
        f"<article><h1>Kreisstraße wird ausgebaut</h1>{byline}{PARAGRAPHS}</article></body></html>"
    )


def test_json_ld_credit_with_html_entities_is_recorded_decoded() -> None:
    article = extract(
        json_ld_page(
            '{"@type": "NewsArticle", "headline": "Kreisstraße wird ausgebaut",'
            ' "author": {"@type": "Person", "name": "Redacci&oacute;n Diario Pagina Siete"}}',
            "<span class='author'>Por Redacción Diario Pagina Siete</span>",
        )
    )
    assert article.authors == []
    assert "Redacción Diario Pagina Siete" in article.credit_names
    assert not any("&" in name for name in article.credit_names)


def test_publisher_name_with_html_entities_is_the_site_name() -> None:
    article = extract(
        json_ld_page(
            '{"@type": "NewsArticle", "headline": "Kreisstraße wird ausgebaut",'
            ' "publisher": {"@type": "Organization", "name": "Spider&#039;s Web"}}'
        )
    )
    assert article.site_name == "Spider's Web"


def test_json_ld_names_in_nested_lists_with_entities() -> None:
    value = [
        [{"@type": "Person", "name": "Mar&iacute;a L&oacute;pez"}, "Jan&nbsp;Muster"],
        {"@type": "Organization", "name": "Diario Pagina Siete"},
    ]
    assert names_of(value) == [
        ("María López", False),
        ("Jan Muster", False),
        ("Diario Pagina Siete", True),
    ]


def test_json_ld_name_lists_nested_without_end_are_not_read() -> None:
    value: list[object] = [{"@type": "Person", "name": "Anna Muster"}]
    for _ in range(5_000):
        value = [value]
    assert names_of(value) == []
