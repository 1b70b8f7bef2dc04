"""Datelines at the start of wire copy: places, raw marker, agency, span."""

from __future__ import annotations

import pytest

from newscrawl.agencies import analyse_credits, parse_dateline

DATELINES = [
    # text start, places, agency, raw
    ("WASHINGTON (Reuters) - The", ["WASHINGTON"], "Reuters", "WASHINGTON (Reuters) -"),
    ("NEW YORK (AP) — Stocks", ["NEW YORK"], "AP", "NEW YORK (AP) —"),
    ("Berlin (dpa) - Die", ["Berlin"], "dpa", "Berlin (dpa) -"),
    ("Washington, Moskau – US-Präsident", ["Washington", "Moskau"], None, "Washington, Moskau –"),
    ("PARIS, 3 mai (Reuters) - Le", ["PARIS"], "Reuters", "PARIS, 3 mai (Reuters) -"),
    ("Wien (APA) - Die", ["Wien"], "APA", "Wien (APA) -"),
    ("Genf (sda) - Die", ["Genf"], "SDA", "Genf (sda) -"),
    ("Hamburg (dpa/lno) - Der", ["Hamburg"], "dpa", "Hamburg (dpa/lno) -"),
    ("Wien/Brüssel (APA/dpa) – Die", ["Wien", "Brüssel"], "APA", "Wien/Brüssel (APA/dpa) –"),
    ("BEIJING, May 3 (Xinhua) -- China", ["BEIJING"], "Xinhua", "BEIJING, May 3 (Xinhua) --"),
    ("Zürich (awp) - Der", ["Zürich"], "AWP", "Zürich (awp) -"),
    ("Den Haag – Der Internationale", ["Den Haag"], None, "Den Haag –"),
    ("Frankfurt/Main (dpa-AFX) - Der", ["Frankfurt/Main"], "dpa", "Frankfurt/Main (dpa-AFX) -"),
    ("Kiew/Moskau/Washington/Brüssel – Die", ["Kiew", "Moskau", "Washington", "Brüssel"], None,
     "Kiew/Moskau/Washington/Brüssel –"),
]


@pytest.mark.parametrize("text,places,agency,raw", DATELINES, ids=[d[3] for d in DATELINES])
def test_dateline(text, places, agency, raw):
    dateline = parse_dateline(text)
    assert dateline is not None
    assert dateline.places == dateline["places"] == places
    assert dateline.agency == agency
    assert dateline.raw == raw
    assert text[dateline.span[0]:dateline.span[1]] == raw


NOT_DATELINES = [
    "Die Regierung – so heißt es – will entscheiden.",
    "Am Montag – einen Tag nach der Wahl – trat er zurück.",
    "Berlin ist eine Stadt – das weiß jeder.",
    "Das Ergebnis: Die Union gewinnt.",
    "Kiew, Moskau, Washington, Brüssel, Paris – Die Welt schaut zu.",  # five places: a list
    ("Ein sehr langer erster Satz ohne Punkt und Komma der immer weiter geht bis weit über achtzig "
     "Zeichen hinaus – Dann kommt ein Strich."),
    "Kurz gesagt – Die Lage ist ernst.",
    "Trump (Republikaner) - Der Präsident",
    "„Wir schaffen das“ – Dieser Satz prägte eine Ära.",
    "(Foto) - Ein Bild.",
    "",
    "   ",
]


@pytest.mark.parametrize("text", NOT_DATELINES)
def test_not_a_dateline(text):
    assert parse_dateline(text) is None


def test_dateline_beyond_the_head_window_is_ignored():
    assert parse_dateline(" " * 400 + "Berlin (dpa) - Die Regierung") is None


def test_leading_whitespace_and_byline():
    text = "\n\nBy JOSH BOAK, Associated Press\n\nWASHINGTON (AP) — The economy grew."
    dateline = parse_dateline(text)
    assert dateline.places == ["WASHINGTON"]
    assert text[dateline.span[0]:dateline.span[1]] == "WASHINGTON (AP) —"


def test_strip_dateline_only_on_request():
    text = "Berlin (dpa) - Die Koalition streitet. (dpa)"
    kept = analyse_credits(text)
    assert kept.text == "Berlin (dpa) - Die Koalition streitet."
    stripped = analyse_credits(text, strip_dateline=True)
    assert stripped.text == "Die Koalition streitet."
    assert stripped.dateline == kept.dateline == {
        "places": ["Berlin"], "raw": "Berlin (dpa) -", "agency": "dpa", "span": [0, 14]}


def test_strip_dateline_without_credit():
    text = "Kiew – Die Armee meldet Geländegewinne."
    assert analyse_credits(text, strip_dateline=True).text == "Die Armee meldet Geländegewinne."
    assert analyse_credits(text).text == text


def test_dateline_agency_comes_after_credit_agencies():
    result = analyse_credits("Paris (AFP) - Le gouvernement a tranché. (Reuters)")
    assert result.agencies == ["Reuters", "AFP"]
    assert result.dateline["agency"] == "AFP"


def test_multiple_dateline_agencies_all_count():
    result = analyse_credits("Wien/Brüssel (APA/dpa) – Die EU berät.")
    assert result.agencies == ["APA", "dpa"]
