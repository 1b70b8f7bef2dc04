"""The fallback gate: trafilatura's readability/jusText fallbacks run only when its own
text looks incomplete (ExtractionOptions.fallback_min_chars)."""

from __future__ import annotations

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


def extract(min_chars: int):
    html = (DATA / "de_wire_jsonld.html").read_bytes()
    return extract_article(html, DE_URL, options=ExtractionOptions(fallback_min_chars=min_chars))


def test_a_complete_text_is_kept_without_running_the_fallbacks(passes) -> None:
    gated = extract(200)
    assert passes == [False]
    assert gated.text == extract(0).text


def test_a_text_shorter_than_the_gate_runs_again_with_the_fallbacks(passes) -> None:
    extract(1_000_000)
    assert passes == [False, True]


def test_without_the_gate_one_pass_runs_with_the_fallbacks(passes) -> None:
    extract(0)
    assert passes == [True]


def test_one_paragraph_is_not_a_complete_text() -> None:
    assert not looks_complete(PARAGRAPHS.replace("\n\n", " "), 100)
    assert looks_complete(PARAGRAPHS, 100)


def test_a_text_under_half_of_the_declared_article_body_is_not_complete() -> None:
    assert looks_complete(PARAGRAPHS, 100, declared_chars=len(PARAGRAPHS) * 2)
    assert not looks_complete(PARAGRAPHS, 100, declared_chars=len(PARAGRAPHS) * 2 + 2)
