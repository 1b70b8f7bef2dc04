"""A newsroom's staff sign-off in the credit slot (issue #14, item 3): read like the agency
credit "(APA/AFP/dpa/Reuters)" — out of the body, into `credit`, its names into
`authors`, its places and day parsed — and never taken from ordinary closing brackets.
"""

from __future__ import annotations

import pytest

from newscrawl.agencies import analyse_credits, load_registry, parse_staff_signoff

DE = (
    "Die Aufregung nach dem Aufmarsch von Islamisten in Hamburg bleibt groß. Auch in "
    "Österreich stellt sich nun die Frage, wie die Antwort aussehen soll.\n\n"
    'Ganz generell sei es so: "Alles, was in Deutschland passiert, passiert irgendwann '
    'auch in Österreich - und umgekehrt."'
)
EN = (
    "Russia launched a large missile attack on Kyiv overnight, officials said. At least "
    "nine people were injured.\n\nThe city's mayor urged residents to stay in shelters."
)
FR = (
    "Le gouvernement a présenté mercredi son projet de budget. L'opposition a dénoncé "
    "des coupes dans les services publics.\n\nLe texte sera débattu en octobre."
)


def test_derstandard_style_sign_off_leaves_the_body_and_names_the_authors() -> None:
    signoff = "(Birgit Baumann aus Berlin, Anna Giulia Fink, Jan Michael Marchart, 3.5.2024)"
    result = analyse_credits(f"{DE} {signoff}", authors=["Birgit Baumann"])
    assert result.credit == signoff
    assert result.text == DE
    assert result.authors == ["Birgit Baumann", "Anna Giulia Fink", "Jan Michael Marchart"]
    assert result.agencies == []
    assert result.signoff is not None
    assert result.signoff.places == ["Berlin"]
    assert result.signoff.date == "2024-05-03"


def test_sign_off_with_an_agency_credits_the_agency_too() -> None:
    result = analyse_credits(f"{DE} (Anna Muster aus Wien, APA, 3.5.2024)")
    assert result.agencies == ["APA"]
    assert result.authors == ["Anna Muster"]
    assert result.text == DE


@pytest.mark.parametrize(
    ("text", "people", "places"),
    [
        (f"{EN}\n\n(Jane Doe in Kyiv and John Roe from London)", ["Jane Doe", "John Roe"],
         ["Kyiv", "London"]),
        (f"{FR} (Marie Dupont à Paris, 12 mai 2024)", ["Marie Dupont"], ["Paris"]),
        (f"{DE}\n\n(Hans Gruber, Eva Maria Probst)", ["Hans Gruber", "Eva Maria Probst"], []),
    ],
)
def test_sign_off_in_every_language_of_the_agency_stage(
    text: str, people: list[str], places: list[str]
) -> None:
    found = parse_staff_signoff(text, load_registry())
    assert found is not None
    assert (found.people, found.places) == (people, places)
    assert text[found.span[0]:found.span[1]] == found.raw


def test_authors_already_named_are_not_repeated() -> None:
    result = analyse_credits(f"{DE} (Birgit Baumann, Jan Michael Marchart, 3.5.2024)",
                             authors=["Jan Michael Marchart"])
    assert result.authors == ["Jan Michael Marchart", "Birgit Baumann"]


@pytest.mark.parametrize(
    "ending",
    [
        "Das sagte der Minister (Karl Nehammer, Wien)",  # names inside a sentence
        "Das sagte der Kanzler. (Harry Potter)",  # one bare name: a title or reference
        "Die Kurse stiegen. (AP Biology)",  # an agency word in the name
        "Es regnete.\n\n(Foto: Hans Müller, 3.5.2024)",  # a photo credit
        "Es regnete. (siehe unten, Seite 3)",  # lower-case words
        "Es regnete. (Hans Müller, Berlin 2019)",  # a citation with a year
    ],
)
def test_closing_brackets_that_are_no_sign_off_stay_in_the_text(ending: str) -> None:
    text = f"{DE}\n\n{ending}"
    result = analyse_credits(text)
    assert result.credit is None
    assert result.text == text
    assert result.authors == []


def test_an_agency_credit_wins_over_the_sign_off_reading() -> None:
    result = analyse_credits(f"{DE} (APA/AFP/dpa/Reuters)")
    assert result.credit == "(APA/AFP/dpa/Reuters)"
    assert result.signoff is None
