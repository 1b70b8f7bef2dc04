"""The comparison gate: trafilatura's readability/jusText comparison runs only on pages where
it could change the text, and the article comes out the same either way."""

from __future__ import annotations

from pathlib import Path

import pytest
import trafilatura
from lxml import html as lxml_html
from trafilatura import core as trafilatura_core
from trafilatura import external
from trafilatura.settings import Extractor

from newscrawl.extraction import ExtractionOptions, comparison_gate, extract_article
from newscrawl.extraction.comparison_gate import GatedExtractor, comparison_cannot_change

DATA = Path(__file__).parent / "data" / "extraction"
DE_URL = "https://www.nordkurier-beispiel.de/politik/hochwasser-elbe-pegel-12345.html"
SENTENCE = "Der Pegel der Elbe stieg am Morgen in Dresden auf über sechs Meter und steigt weiter. "
#: a related-stories block three times as long as the article, as section pages append
TEASERS = "".join(
    f'<li><a href="/politik/meldung-{n}.html">Weitere Meldung {n}: Hochwasser, Deiche und '
    f"Pegelstände an Elbe, Mulde und Saale im Überblick des Tages</a></li>"
    for n in range(40)
)


@pytest.fixture
def comparisons(monkeypatch) -> list[str]:
    """The own texts trafilatura's comparison was run on."""
    seen: list[str] = []
    real = external.compare_extraction

    def recording(cleaned_tree, raw_tree, body, text, options):
        seen.append(text)
        return real(cleaned_tree, raw_tree, body, text, options)

    monkeypatch.setattr(external, "compare_extraction", recording)
    return seen


def article(html: bytes, gate: bool):
    return extract_article(html, DE_URL, options=ExtractionOptions(comparison_gate=gate))


def wire_page(extra: str = "") -> bytes:
    page = (DATA / "de_wire_jsonld.html").read_text(encoding="utf-8")
    return page.replace("</body>", f'<aside class="mehr">{extra}</aside></body>', 1).encode()


#: pyproject asks for trafilatura>=2.0, so a fresh machine may install a newer one, on
#: which the gate switches itself off; what needs it on is skipped there, saying so
needs_active_gate = pytest.mark.skipif(
    not comparison_gate.GATE_ACTIVE,
    reason=f"trafilatura {trafilatura.__version__}: the gate is written for {comparison_gate.PINNED_VERSION}",
)


def test_the_gate_is_active_on_the_pinned_trafilatura_only() -> None:
    assert comparison_gate.GATE_ACTIVE == (trafilatura.__version__ == comparison_gate.PINNED_VERSION)


@needs_active_gate
def test_an_article_that_is_most_of_the_page_skips_the_comparison(comparisons) -> None:
    gated = article(wire_page(), gate=True)
    assert comparisons == []
    full = article(wire_page(), gate=False)
    assert len(comparisons) == 1
    assert gated == full


def test_an_article_under_half_of_the_page_text_gets_the_comparison(comparisons) -> None:
    gated = article(wire_page(f"<ul>{TEASERS}</ul>"), gate=True)
    assert len(comparisons) == 1
    assert gated == article(wire_page(f"<ul>{TEASERS}</ul>"), gate=False)


def test_plain_trafilatura_in_the_same_process_always_compares(comparisons) -> None:
    trafilatura.extract(wire_page(), url=DE_URL)
    assert len(comparisons) == 1


def test_another_trafilatura_version_keeps_the_comparison_everywhere(monkeypatch) -> None:
    monkeypatch.setattr(trafilatura_core, "compare_extraction", external.compare_extraction)
    monkeypatch.setattr(trafilatura, "__version__", "2.4.0")
    assert comparison_gate.install() is False
    assert trafilatura_core.compare_extraction is external.compare_extraction


# the rules, each on its own: a page of 1000 characters of text outside scripts


def page(text_chars: int = 1000, script: str = "") -> lxml_html.HtmlElement:
    filler = ("x" * 99 + " ") * (text_chars // 100)
    return lxml_html.document_fromstring(
        f"<html><body><script>{script}</script><div>{filler}</div></body></html>"
    )


def own_body(markup: str) -> lxml_html.HtmlElement:
    return lxml_html.fragment_fromstring(markup, create_parent="body")


def own(chars: int) -> str:
    return (SENTENCE * (chars // len(SENTENCE) + 1))[:chars]


GATED = GatedExtractor()


def test_an_own_text_of_half_the_page_cannot_lose_to_readability() -> None:
    assert comparison_cannot_change(page(), own_body(f"<p>{own(500)}</p>"), own(500), GATED)


def test_an_own_text_under_half_the_page_can() -> None:
    assert not comparison_cannot_change(page(), own_body(f"<p>{own(490)}</p>"), own(490), GATED)


def test_script_text_is_not_page_text_readability_could_return() -> None:
    raw = page(script="var x = 1; " * 500)
    assert comparison_cannot_change(raw, own_body(f"<p>{own(500)}</p>"), own(500), GATED)


def test_a_short_own_text_gets_the_jusText_rescue() -> None:
    short = own(GATED.min_extracted_size - 1)
    assert not comparison_cannot_change(page(300), own_body(f"<p>{short}</p>"), short, GATED)


def test_an_own_body_without_paragraph_text_gets_the_comparison() -> None:
    body = own_body(f"<list><item>{own(800)}</item></list>")
    assert not comparison_cannot_change(page(), body, own(800), GATED)


def test_a_table_dominated_own_body_gets_the_comparison() -> None:
    body = own_body(f"<p>{own(400)}</p><table><tr><td>{own(400)}</td></tr></table>" * 1
                    + "<table><tr><td>1</td></tr></table>")
    assert not comparison_cannot_change(page(), body, own(800), GATED)


def test_an_unclean_own_body_gets_the_jusText_comparison() -> None:
    body = own_body(f"<p>{own(800)}</p><figure>Foto: dpa</figure>")
    assert not comparison_cannot_change(page(), body, own(800), GATED)


def test_recall_and_precision_modes_get_the_comparison() -> None:
    for focus in ("recall", "precision"):
        options = GatedExtractor(recall=focus == "recall", precision=focus == "precision")
        assert not comparison_cannot_change(page(), own_body(f"<p>{own(800)}</p>"), own(800), options)


def test_an_ungated_extractor_is_left_to_trafilatura(comparisons) -> None:
    raw, body = page(), own_body(f"<p>{own(800)}</p>")
    comparison_gate.gated_compare_extraction(raw, raw, body, own(800), Extractor())
    assert comparisons == [own(800)]
