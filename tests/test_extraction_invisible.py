"""Stored text fields are NFC without soft hyphens and zero-width characters."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from newscrawl.extraction import ExtractionOptions
from newscrawl.extraction.invisible import INVISIBLE_CHARACTERS, visible_form, visible_forms
from newscrawl.stages import agencies_stage, extract_stage

PAGE = Path(__file__).parent / "data" / "extraction" / "de_invisible_characters.html"
URL = "https://www.weltspiegel.example/ausland/gaza-hilfe-100.html"


@pytest.fixture(scope="module")
def record() -> dict:
    item = {"url": URL, "_page": {"body": PAGE.read_bytes(), "hints": {}}}
    return agencies_stage(extract_stage(item, ExtractionOptions()))


def stored_strings(record: dict) -> list[str]:
    values = [record.get(key) for key in ("title", "kicker", "lead", "text", "credit")]
    values += record.get("authors") or []
    return [value for value in values if isinstance(value, str)]


def test_the_fixture_carries_soft_hyphens_zero_width_spaces_and_decomposed_letters() -> None:
    html = PAGE.read_text(encoding="utf-8")
    assert "&shy;" in html and "&#8203;" in html and "\u00ad" in html
    assert not unicodedata.is_normalized("NFC", html)


def test_no_stored_field_holds_an_invisible_character(record: dict) -> None:
    for value in stored_strings(record):
        assert not set(value) & set(INVISIBLE_CHARACTERS), value


def test_every_stored_field_is_nfc(record: dict) -> None:
    for value in stored_strings(record):
        assert unicodedata.is_normalized("NFC", value), value


def test_hyphenated_words_are_whole_again(record: dict) -> None:
    assert record["title"] == "Palästinenser fordern Hilfe für Gaza"
    assert "Palästinensischen Autonomiebehörde" in record["text"]
    assert "Gazastreifen" in record["text"]
    assert "Über die Grenzübergänge gelangten" in record["text"]


def test_author_names_lose_zero_width_spaces(record: dict) -> None:
    assert record["authors"] == ["Miriam Schönberg"]


def test_visible_form_keeps_ascii_as_it_is() -> None:
    text = "Council approves new bike lanes"
    assert visible_form(text) is text


def test_visible_forms_drop_values_that_were_only_invisible() -> None:
    assert visible_forms(["\u200b", "Anna\u00adlena Muster"]) == ["Annalena Muster"]
