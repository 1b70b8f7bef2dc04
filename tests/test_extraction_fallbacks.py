"""The fallback gate: trafilatura's readability/jusText fallbacks run only when its own
text looks incomplete (ExtractionOptions.fallback_min_chars)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.extraction import ExtractionOptions, extract_article
from newscrawl.extraction import body as body_module
from newscrawl.extraction.body import looks_complete

DATA = Path(__file__).parent / "data" / "extraction"
DE_URL = "https://www.nordkurier-beispiel.de/politik/hochwasser-elbe-pegel-12345.html"
PARAGRAPHS = "\n\n".join(["Der Pegel der Elbe stieg am Morgen auf über sechs Meter."] * 12)


@pytest.fixture
def passes(monkeypatch) -> list[bool]:
    """The ``fallbacks`` flag of every trafilatura pass extraction makes."""
    seen: list[bool] = []
    real = body_module._trafilatura_text

    def recording(*args, fallbacks: bool):
        seen.append(fallbacks)
        return real(*args, fallbacks=fallbacks)

    monkeypatch.setattr(body_module, "_trafilatura_text", recording)
    return seen


def extract(min_chars: int, html: bytes | None = None):
    html = html or (DATA / "de_wire_jsonld.html").read_bytes()
    return extract_article(html, DE_URL, options=ExtractionOptions(fallback_min_chars=min_chars))


def with_article_body(text: str) -> bytes:
    """The fixture page declaring ``text`` as its JSON-LD articleBody."""
    html = (DATA / "de_wire_jsonld.html").read_text(encoding="utf-8")
    script = ('<script type="application/ld+json">'
              + json.dumps({"@type": "NewsArticle", "articleBody": text}) + "</script>")
    return html.replace("</head>", script + "</head>", 1).encode("utf-8")


def test_a_text_as_long_as_the_declared_article_body_is_kept_without_the_fallbacks(
    passes,
) -> None:
    plain = extract(0)
    html = with_article_body(plain.text)
    passes.clear()
    gated = extract(200, html)
    assert passes == [False]
    assert gated.text == plain.text


def test_a_page_without_a_declared_article_body_gets_one_pass_with_the_fallbacks(passes) -> None:
    extract(200)
    assert passes == [True]


def test_a_text_shorter_than_the_declared_article_body_runs_again_with_the_fallbacks(
    passes,
) -> None:
    html = with_article_body(extract(0).text * 2)
    passes.clear()
    extract(200, html)
    assert passes == [False, True]


def test_without_the_gate_one_pass_runs_with_the_fallbacks(passes) -> None:
    extract(0)
    assert passes == [True]


def test_one_paragraph_is_not_a_complete_text() -> None:
    declared = len(PARAGRAPHS)
    assert not looks_complete(PARAGRAPHS.replace("\n\n", " "), 100, declared)
    assert looks_complete(PARAGRAPHS, 100, declared)


def test_a_text_under_most_of_the_declared_article_body_is_not_complete() -> None:
    assert looks_complete(PARAGRAPHS, 100, declared_chars=int(len(PARAGRAPHS) / 0.8))
    assert not looks_complete(PARAGRAPHS, 100, declared_chars=int(len(PARAGRAPHS) / 0.8) + 2)


def test_without_a_declared_article_body_no_text_is_complete() -> None:
    assert not looks_complete(PARAGRAPHS, 100, declared_chars=0)
