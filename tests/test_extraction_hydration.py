"""Script-rendered pages: the article read from a framework's hydration payload (Next.js
flight rows and __NEXT_DATA__, Nuxt __NUXT_DATA__) or from an articleBody the page does
not show, only when the HTML itself holds no article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.extraction import ExtractedArticle, NotAnArticle, extract_article
from newscrawl.extraction.hydration import html_paragraphs

DATA = Path(__file__).parent / "data" / "extraction"
URL = "https://www.hafenkurier-beispiel.de/wirtschaft/hafen-ausbau-gestoppt-a123"
DE_URL = "https://www.nordkurier-beispiel.de/politik/hochwasser-elbe-pegel-12345.html"
FIRST = "Hamburg (dpa) – Die Hafenbehörde hat den geplanten Ausbau des Containerterminals"
LAST = "heißt es aus der Wirtschaftsbehörde."
SUBHEADING = "Kosten steigen weiter"


def page(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def extract(html: str, url: str = URL) -> ExtractedArticle:
    return extract_article(html.encode("utf-8"), url)


@pytest.mark.parametrize(
    "fixture", ["de_nextjs_flight.html", "de_nextjs_data.html", "de_nuxt_data.html"]
)
def test_the_article_of_a_script_rendered_page_is_read_from_its_payload(fixture: str) -> None:
    text = extract(page(fixture)).text
    paragraphs = text.split("\n\n")
    assert paragraphs[0].startswith(FIRST)
    assert paragraphs[-1].endswith(LAST)
    assert SUBHEADING in paragraphs
    assert len(paragraphs) == 6


def test_teasers_and_newsletter_boxes_of_the_payload_stay_out() -> None:
    for fixture in ("de_nextjs_flight.html", "de_nextjs_data.html", "de_nuxt_data.html"):
        text = extract(page(fixture)).text
        assert "HSV gewinnt" not in text
        assert "Newsletter" not in text
        assert "Cookies" not in text


def test_figure_captions_and_template_placeholders_of_payload_html_are_no_text() -> None:
    text = extract(page("de_nextjs_flight.html")).text
    assert "Containerbrücken im Hafen" not in text
    assert "ARTICLEAD" not in text


def test_a_payload_text_without_the_declared_headline_words_is_not_the_article() -> None:
    html = page("de_nextjs_data.html").replace(
        "Hafenbehörde stoppt Ausbau des Containerterminals nach Gutachten",
        "Wetter an der Küste: Sturmflut erwartet",
    ).replace(
        "Ein neues Gutachten zur Elbvertiefung bringt den Ausbau des Containerterminals in "
        "Altenwerder vorerst zum Stillstand.",
        "Der Deutsche Wetterdienst warnt vor Orkanböen an der Nordsee.",
    )
    with pytest.raises(NotAnArticle) as raised:
        extract(html)
    assert raised.value.reason in ("no_text", "too_short")


def test_the_payload_is_not_read_when_the_html_shows_the_article() -> None:
    plain = extract(page("de_wire_jsonld.html"), DE_URL)
    other = "Hochwasser an der Elbe: Pegel steigt weiter. " + "Ein anderer Text. " * 60
    payload = json.dumps({"props": {"pageProps": {"body": other}}})
    html = page("de_wire_jsonld.html").replace(
        "</body>", f'<script id="__NEXT_DATA__" type="application/json">{payload}</script></body>'
    )
    assert extract(html, DE_URL).text == plain.text


def test_an_article_body_the_page_does_not_show_is_the_text_of_an_empty_page() -> None:
    declared = " ".join(
        ["Die Hafenbehörde hat den Ausbau des Terminals gestoppt, teilte sie mit."] * 8
    )
    script = json.dumps({"@type": "NewsArticle", "headline": "Ausbau gestoppt",
                         "articleBody": declared})
    html = page("de_nuxt_data.html").replace(
        "</head>", f'<script type="application/ld+json">{script}</script></head>'
    )
    assert extract(html).text == declared


def test_a_broken_payload_is_no_article_and_no_crash() -> None:
    html = page("de_nextjs_data.html")
    start = html.index('<script id="__NEXT_DATA__"')
    broken = html[:start] + '<script id="__NEXT_DATA__" type="application/json">{"props": [</script>'
    with pytest.raises(NotAnArticle) as raised:
        extract(broken + "</body></html>")
    assert raised.value.reason in ("no_text", "too_short")


def test_payload_html_keeps_one_line_per_block() -> None:
    markup = ('<p>Erster Absatz mit <strong>fettem</strong> Wort.</p><h3>Zwischentitel</h3>'
              '<ul><li>Punkt eins</li><li>Punkt zwei</li></ul>')
    assert html_paragraphs(markup).split("\n") == [
        "Erster Absatz mit fettem Wort.", "Zwischentitel", "Punkt eins", "Punkt zwei",
    ]


def test_a_truncated_flight_stream_is_no_article_and_no_crash() -> None:
    html = page("de_nextjs_flight.html")
    start = html.index("<script>self.__next_f.push([1,\"24:T")
    cut = html[:start] + '<script>self.__next_f.push([1,"24:Tffffff,\\u003cp\\u003eHafen"])</script>'
    with pytest.raises(NotAnArticle) as raised:
        extract(cut + "</body></html>")
    assert raised.value.reason in ("no_text", "too_short")
