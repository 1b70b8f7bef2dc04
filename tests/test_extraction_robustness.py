"""Decoding and libxml2 limits: what trafilatura alone silently gets wrong."""

from __future__ import annotations

import pytest

from newscrawl.extraction import ExtractionOptions, NotAnArticle, extract_article
from newscrawl.extraction.decoding import decode_html

PARAGRAPHS = "".join(
    f"<p>Absatz {i}: Der Stadtrat hat am Dienstag über den Haushalt für das Jahr {2000 + i} "
    f"beraten und mehrere Änderungen an der Vorlage Nummer {i * 7} beschlossen.</p>"
    for i in range(8)
)
GERMAN = "Grüße aus Köln: „Zitat“ – Straßenbahn"


def html_page(body: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html lang='de'><head>{head}<title>Haushalt</title></head>"
        f"<body><article><h1>Haushalt beschlossen</h1>{body}</article></body></html>"
    )


def test_deep_nesting_is_flattened_not_lost() -> None:
    deep = "<div>" * 400 + PARAGRAPHS + "</div>" * 400
    article = extract_article(html_page(deep), "https://example.org/haushalt")
    assert "Absatz 7: Der Stadtrat" in article.text


def test_nesting_past_the_parsers_lifted_limit_keeps_the_text() -> None:
    deep = "<div>" * 100_000 + PARAGRAPHS + "</div>" * 100_000
    article = extract_article(html_page(deep), "https://example.org/haushalt")
    assert "Absatz 0: Der Stadtrat" in article.text
    assert "Absatz 7: Der Stadtrat" in article.text


def test_json_ld_nested_past_the_recursion_limit_is_ignored() -> None:
    deep = '{"a":' * 100_000 + "1" + "}" * 100_000
    head = f'<script type="application/ld+json">{deep}</script>'
    article = extract_article(html_page(PARAGRAPHS, head), "https://example.org/haushalt")
    assert "Absatz 7: Der Stadtrat" in article.text


def test_huge_text_node_does_not_truncate_the_page() -> None:
    blob = "<script>var data = '" + "x" * 11_000_000 + "';</script>"
    article = extract_article(html_page(blob + PARAGRAPHS), "https://example.org/haushalt")
    assert "Absatz 7: Der Stadtrat" in article.text


def test_wrong_header_charset_loses_to_meta_charset() -> None:
    raw = html_page(f"<p>{GERMAN}</p>", "<meta charset='utf-8'>").encode("utf-8")
    text, encoding = decode_html(raw, "iso-8859-1")
    assert GERMAN in text and encoding == "utf-8"


def test_header_charset_wins_when_it_decodes_cleanly() -> None:
    raw = html_page(f"<p>{GERMAN}</p>", "<meta charset='utf-8'>").encode("cp1252")
    text, encoding = decode_html(raw, "windows-1252")
    assert GERMAN in text and encoding == "cp1252"


def test_windows_1252_page_with_utf8_header() -> None:
    raw = html_page(f"<p>{GERMAN}</p>", "<meta charset='windows-1252'>").encode("cp1252")
    text, _ = decode_html(raw, "utf-8")
    assert GERMAN in text


def test_byte_order_mark_wins() -> None:
    raw = b"\xef\xbb\xbf" + html_page(f"<p>{GERMAN}</p>").encode("utf-8")
    text, encoding = decode_html(raw, "iso-8859-1")
    assert GERMAN in text and encoding == "utf-8"


def test_undeclared_encoding_is_detected() -> None:
    raw = html_page(f"<p>{GERMAN} {PARAGRAPHS}</p>").encode("cp1252")
    text, _ = decode_html(raw, None)
    assert "Grüße aus Köln" in text


def test_declared_encoding_reaches_extraction() -> None:
    raw = html_page(PARAGRAPHS.replace("Änderungen", "Änderungen"), "<meta charset='utf-8'>")
    article = extract_article(
        raw.encode("utf-8"), "https://example.org/haushalt", declared_encoding="ISO-8859-1"
    )
    assert "mehrere Änderungen" in article.text


def test_options_reject_precision_with_recall() -> None:
    with pytest.raises(ValueError, match="favor_precision and favor_recall"):
        ExtractionOptions(favor_precision=True, favor_recall=True)


def test_options_are_frozen() -> None:
    with pytest.raises(AttributeError):
        ExtractionOptions().min_text_chars = 1  # type: ignore[misc]


def test_short_text_is_too_short() -> None:
    with pytest.raises(NotAnArticle) as raised:
        extract_article(
            html_page(PARAGRAPHS),
            "https://example.org/haushalt",
            options=ExtractionOptions(min_text_chars=100_000),
        )
    assert raised.value.reason == "too_short"


def test_unknown_header_charset_is_ignored() -> None:
    raw = html_page(f"<p>{GERMAN}</p>", "<meta charset='utf-8'>").encode("utf-8")
    text, encoding = decode_html(raw, "x-no-such-charset")
    assert GERMAN in text and encoding == "utf-8"


def test_furniture_lines_go_real_sentences_stay() -> None:
    from newscrawl.extraction.boilerplate import drop_boilerplate_lines

    lines = [
        "Der Stadtrat hat den Haushalt beschlossen.",
        "Lesen Sie auch: Kämmerer warnt vor Defizit",
        "Newsletter",
        (
            "Newsletter sind für viele Vereine das wichtigste Mittel, um Mitglieder über "
            "Termine, Beschlüsse und neue Angebote zu informieren."
        ),
        "Mehr zum Thema",
        "Kämmerer warnt vor Defizit",
        "Schulsanierung verzögert sich",
        "Die Opposition kündigte Widerstand an.",
    ]
    assert drop_boilerplate_lines(lines) == [lines[0], lines[3], lines[7]]


@pytest.mark.parametrize("body", [
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"\x00\x01\x02\x03 binary garbage " * 100,
])
def test_binary_content_served_as_html_is_not_html(body: bytes) -> None:
    with pytest.raises(NotAnArticle) as raised:
        extract_article(body, "https://example.org/datei")
    assert raised.value.reason == "not_html"


def test_utf16_page_with_a_byte_order_mark_is_not_binary() -> None:
    data = "\ufeff".encode("utf-16-le") + html_page(PARAGRAPHS).encode("utf-16-le")
    assert "Absatz 7" in extract_article(data, "https://example.org/haushalt").text


def test_a_declared_utf8_page_with_a_few_invalid_bytes_stays_utf8() -> None:
    raw = html_page(f"<p>{GERMAN} {PARAGRAPHS}</p>", "<meta charset='utf-8'>").encode("utf-8")
    raw = raw.replace("Straßenbahn".encode(), b"Stra\xdfenbahn").replace(b"Absatz 3", b"Absatz\xff 3")
    raw = raw.replace(b"Absatz 5", b"Absatz\xc3 5")
    text, encoding = decode_html(raw, "utf-8")
    assert encoding == "utf-8"
    assert "Grüße aus Köln: „Zitat“" in text and "Stra\ufffdenbahn" in text
    assert "Ð" not in text and "Ñ" not in text  # not windows-1251 mojibake


def test_a_declared_utf8_page_that_is_mostly_invalid_is_not_forced_into_utf8() -> None:
    raw = html_page(f"<p>{GERMAN} {PARAGRAPHS}</p>", "<meta charset='utf-8'>").encode("cp1252")
    text, _ = decode_html(raw, "utf-8")
    assert "Grüße aus Köln" in text and "\ufffd" not in text
