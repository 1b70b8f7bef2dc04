"""extract_article on realistic fixture pages: one behaviour per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.extraction import (
    EXTRACTOR_NAME,
    ExtractedArticle,
    ExtractionOptions,
    NotAnArticle,
    extract_article,
)

DATA = Path(__file__).parent / "data" / "extraction"
DE_URL = "https://www.nordkurier-beispiel.de/politik/hochwasser-elbe-pegel-12345.html"
EN_URL = "https://www.riversidegazette.example/news/2024/03/12/bike-lanes"


def page(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture(scope="module")
def german() -> ExtractedArticle:
    return extract_article(page("de_wire_jsonld.html"), DE_URL)


@pytest.fixture(scope="module")
def english() -> ExtractedArticle:
    return extract_article(page("en_byline.html"), EN_URL)


def test_text_keeps_paragraph_breaks(german: ExtractedArticle) -> None:
    paragraphs = german.text.split("\n\n")
    assert paragraphs[0].startswith("Der Pegel der Elbe in Dresden")
    assert len(paragraphs) >= 5


def test_subheading_is_its_own_paragraph(german: ExtractedArticle) -> None:
    assert "Anwohner sollen Keller räumen" in german.text.split("\n\n")


def test_german_typographic_quotes_survive(german: ExtractedArticle) -> None:
    assert "„Wir rechnen damit, dass die Marke von sechs Metern" in german.text
    assert "erreicht wird“, sagte" in german.text


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Cookies",
        "Teilen auf Facebook",
        "Mehr zum Thema",
        "Jahrhundertflut 2002",
        "Newsletter",
        "Hoffentlich hält der Damm",
        "Impressum",
        "Küchen zum Sonderpreis",
    ],
)
def test_page_furniture_is_not_in_text(german: ExtractedArticle, boilerplate: str) -> None:
    assert boilerplate not in german.text


def test_title_comes_without_site_name(german: ExtractedArticle) -> None:
    assert german.title == "Hochwasser an der Elbe: Pegel steigt weiter"


def test_title_suffix_cut_by_application_name(english: ExtractedArticle) -> None:
    assert english.title == "Council approves new bike lanes downtown"


def test_authors_are_people_only(german: ExtractedArticle) -> None:
    assert german.authors == ["Anna Muster", "Jan Beispiel"]


def test_agency_credit_goes_to_credit_names(german: ExtractedArticle) -> None:
    assert "dpa" in german.credit_names
    assert "Von Anna Muster und Jan Beispiel, dpa" in german.credit_names


def test_english_byline_split_into_people(english: ExtractedArticle) -> None:
    assert english.authors == ["Maria Lopez", "Tom Okafor"]
    assert "By Maria Lopez and Tom Okafor | Reuters contributed" in english.credit_names


def test_lead_is_kept_separately(german: ExtractedArticle) -> None:
    assert german.lead == (
        "In Dresden wird am Wochenende ein Pegelstand von über sechs Metern "
        "erwartet. Die Stadt bereitet sich vor."
    )


def test_visible_lead_is_stored_once_apart_from_the_body(german: ExtractedArticle) -> None:
    assert german.lead and german.lead_shown
    assert german.text.startswith("Der Pegel der Elbe")
    assert german.lead not in german.text


def test_full_text_is_lead_and_body_as_the_page_shows_them(german: ExtractedArticle) -> None:
    assert german.full_text == f"{german.lead}\n\n{german.text}"


def test_lead_can_be_kept_in_text() -> None:
    article = extract_article(
        page("de_wire_jsonld.html"), DE_URL, options=ExtractionOptions(lead_in_text=True)
    )
    assert article.text.startswith(article.lead or "-")


def test_lead_falls_back_to_meta_description(english: ExtractedArticle) -> None:
    assert english.lead == (
        "The city council voted 7-2 on Tuesday to build protected bike lanes on Main Street."
    )


def test_share_and_read_more_lines_are_dropped(english: ExtractedArticle) -> None:
    assert "Share this" not in english.text
    assert "Residents split on bike lanes" not in english.text


def test_declared_language(german: ExtractedArticle) -> None:
    assert german.language == "de"


def test_language_detected_when_undeclared(english: ExtractedArticle) -> None:
    assert english.language == "en"


def test_page_metadata_fields(german: ExtractedArticle) -> None:
    assert german.site_name == "Nordkurier Beispiel"
    assert german.canonical_url == DE_URL
    assert german.categories == ["Politik"]
    assert german.keywords == ["Hochwasser", "Elbe", "Dresden"]
    assert german.image == "https://www.nordkurier-beispiel.de/bilder/elbe-hochwasser.jpg"
    assert german.page_type == "article"


def test_extractor_names_both_versions(german: ExtractedArticle) -> None:
    import trafilatura

    import newscrawl

    assert german.extractor == {
        "name": EXTRACTOR_NAME,
        "version": f"{newscrawl.__version__}+{trafilatura.__version__}",
    }


def test_date_candidates_come_from_the_dates_collector(german: ExtractedArticle) -> None:
    dates_html = pytest.importorskip("newscrawl.dates.html")
    assert german.date_candidates == dates_html.collect_date_candidates(
        page("de_wire_jsonld.html").decode("utf-8"), DE_URL
    )


def test_as_fields_keeps_candidates_as_objects(german: ExtractedArticle) -> None:
    fields = german.as_fields()
    assert fields["title"] == german.title
    assert fields["date_candidates"] == german.date_candidates
    assert fields["authors"] is not german.authors  # a copy


def test_section_front_is_a_listing_page() -> None:
    with pytest.raises(NotAnArticle) as raised:
        extract_article(page("section_front.html"), "https://www.nordkurier-beispiel.de/politik/")
    assert raised.value.reason == "listing_page"


def test_gallery_is_not_an_article() -> None:
    with pytest.raises(NotAnArticle) as raised:
        extract_article(
            page("gallery.html"),
            "https://www.nordkurier-beispiel.de/bilder/stadtfest-2024-123.html",
        )
    assert raised.value.reason == "gallery"


PAYWALLED_URL = "https://www.nordkurier-beispiel.de/wolgast/werft-investor-999.html"


def test_a_paywalled_teaser_is_kept_and_flagged() -> None:
    article = extract_article(page("paywall_stub.html"), PAYWALLED_URL)
    assert article.access == "paywalled"
    assert article.title == "Exklusiv: Was der Investor mit der Werft vorhat"
    assert article.authors == ["Jan Beispiel"]
    assert "Seit Wochen wird über die Zukunft der Werft in Wolgast spekuliert." in (
        article.full_text)
    assert "Jetzt abonnieren" not in article.full_text


def test_a_paywalled_teaser_is_not_an_article_when_paywalled_pages_are_dropped() -> None:
    with pytest.raises(NotAnArticle) as raised:
        extract_article(page("paywall_stub.html"), PAYWALLED_URL,
                        options=ExtractionOptions(keep_paywalled=False))
    assert raised.value.reason == "paywall_stub"


def test_a_free_article_is_flagged_free() -> None:
    assert extract_article(page("paywall_stub.html").replace(b'"False"', b'"True"'),
                           PAYWALLED_URL, options=ExtractionOptions(min_text_chars=0)
                           ).access == "free"


def test_non_article_checks_can_be_switched_off() -> None:
    article = extract_article(
        page("section_front.html"),
        "https://www.nordkurier-beispiel.de/politik/",
        options=ExtractionOptions(detect_non_articles=False, min_text_chars=0),
    )
    assert article.page_type == "article" and article.text


@pytest.mark.parametrize("html", [b"", "", b"   \n  "])
def test_empty_page(html: bytes | str) -> None:
    with pytest.raises(NotAnArticle) as raised:
        extract_article(html, "https://example.org/a")
    assert raised.value.reason == "empty"


def test_page_without_text() -> None:
    with pytest.raises(NotAnArticle) as raised:
        extract_article(
            "<html><body><div><img src='x.jpg'></div></body></html>", "https://example.org/a"
        )
    assert raised.value.reason in ("no_text", "too_short")


def test_too_large_input_is_refused_before_parsing() -> None:
    with pytest.raises(NotAnArticle) as raised:
        extract_article(
            page("de_wire_jsonld.html"), DE_URL, options=ExtractionOptions(max_input_bytes=1000)
        )
    assert raised.value.reason == "too_large"


def test_str_input_is_accepted() -> None:
    article = extract_article(page("de_wire_jsonld.html").decode("utf-8"), DE_URL)
    assert article.title == "Hochwasser an der Elbe: Pegel steigt weiter"


# The page walks that replaced XPath queries (for speed) must select the same elements, in
# the same order, as the XPath they replaced; these pages carry the corner cases.
_WALK_PAGES = [
    "<html><head><title>T</title></head><body><h2>a</h2><div><h2>b</h2><h2>c</h2><h2>d</h2>"
    "</div><h2>e</h2><h2>f</h2><h2>g</h2><p class='x\theadline'>h</p><span itemprop='headline'>i"
    "</span><div class='entry-titles'>no</div><h1>j</h1><p class='Lead'>k</p>"
    "<p class='intro-text'>l</p><span itemprop='description'>m</span><p class='LEAD'>no</p>"
    + "".join(
        f"<h3><a href='/{i}'>t{i}</a></h3><h2 class='lead'>x{i}</h2><h1>z{i}</h1>"
        for i in range(30)
    )
    + "</body><body class='second'><h1>k</h1><div class='summary'>n</div>"
    "<h4><a href=''>u</a></h4></body></html>",
    # lxml.html.fromstring returns the single element of a fragment, not the document root
    "<div class='article-title'><h1>A</h1><h2>B</h2><p class='dek'>C</p></div>",
    "<h2>one</h2><p class='lead'>two</p><h2>three</h2><h2>four</h2><h3><a href='x'>f</a></h3>",
]


@pytest.mark.parametrize("html", _WALK_PAGES)
def test_page_walks_select_what_the_former_xpaths_did(html: str) -> None:
    from itertools import islice

    from newscrawl.extraction.page_fields import lead_candidates
    from newscrawl.extraction.page_type import count_teaser_headlines
    from newscrawl.extraction.title import headline_elements
    from newscrawl.extraction.tree import parse_html

    tree = parse_html(html, max_depth=180, max_text_node_chars=1_000_000)
    words = " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {w} ')"
        for w in ("entry-title", "post-title", "article-title", "headline")
    )
    headlines = tree.xpath(
        f"//h1 | //*[@itemprop='headline'] | //h2[position() < 3] | //*[{words}]"
    )
    hints = "lead Lead standfirst intro summary abstract excerpt dek subtitle teaser-text"
    hints += " article-teaser kurztext"
    leads = tree.xpath(
        "//body//*[self::p or self::div or self::h2 or self::strong or self::span]"
        "[@itemprop='description' or "
        + " or ".join(f"contains(@class, '{h}')" for h in hints.split())
        + "]"
    )
    teasers = tree.xpath("//body//*[self::h2 or self::h3 or self::h4][.//a[@href]]")
    assert headline_elements(tree) == headlines[:12]
    assert list(islice(lead_candidates(tree), 20)) == leads[:20]
    assert count_teaser_headlines(tree, 8) == min(len(teasers), 8)


def test_a_long_paywalled_article_is_flagged_whatever_the_drop_option() -> None:
    long_page = page("paywall_stub.html").replace(
        b"</p>\n<div class=\"paywalled\">",
        b" " + b"Die Unterlagen zeigen einen Plan fuer die naechsten Jahre. " * 40
        + b"</p>\n<div class=\"paywalled\">")
    for keep in (True, False):
        article = extract_article(long_page, PAYWALLED_URL,
                                  options=ExtractionOptions(keep_paywalled=keep))
        assert article.access == "paywalled"
