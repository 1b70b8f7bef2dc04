"""Authors and meta names: agencies move to `agencies`, people stay, cleaned."""

from __future__ import annotations

import pytest

from newscrawl.agencies import analyse_credits, load_registry, split_author

REGISTRY = load_registry()


@pytest.mark.parametrize("name,person,agencies", [
    ("dpa", None, ["dpa"]),
    ("dpa/lno", None, ["dpa"]),
    ("dpa/dpa-AFX", None, ["dpa"]),
    ("APA-OTS", None, ["APA"]),
    ("Reuters Staff", None, ["Reuters"]),
    ("AFP", None, ["AFP"]),
    ("AP", None, ["AP"]),
    ("The Associated Press", None, ["AP"]),
    ("Mit dpa", None, ["dpa"]),
    ("Von Anna Müller", "Anna Müller", []),
    ("von Anna Müller", "Anna Müller", []),
    ("By Jane Doe", "Jane Doe", []),
    ("Par Jean Dupont", "Jean Dupont", []),
    ("Text: Anna Müller", "Anna Müller", []),
    ("Von Anna Müller, dpa", "Anna Müller", ["dpa"]),
    ("Anna Müller (dpa)", "Anna Müller", ["dpa"]),
    ("Anna Müller (mit dpa)", "Anna Müller", ["dpa"]),
    ("Marc Dupont/AFP", "Marc Dupont", ["AFP"]),
    ("Jane Doe | AP", "Jane Doe", ["AP"]),
    ("By ZEKE MILLER and JILL COLVIN, Associated Press", "ZEKE MILLER and JILL COLVIN", ["AP"]),
    ("APA/red", None, ["APA"]),
    ("jbo/dpa", None, ["dpa"]),
    ("Müller, Anna", "Müller, Anna", []),        # "Last, First" stays one person
    ("ap", "ap", []),                            # initials, not the agency
    ("Sid Meier", "Sid Meier", []),
    ("Pat Adapter", "Pat Adapter", []),
    ("Der Standard", "Der Standard", []),
])
def test_split_author(name, person, agencies):
    assert split_author(name, REGISTRY) == (person, agencies)


def test_authors_and_meta_in_the_analysis():
    result = analyse_credits(
        "Die Preise steigen weiter.",
        authors=["Von Anna Müller", "dpa", "Anna Müller", {"@type": "Person", "name": "By Jane Doe"}, None],
        meta_names=["Der Standard", {"@type": "Organization", "name": "APA-OTS"}, "Reuters"],
    )
    assert result.authors == ["Anna Müller", "Jane Doe"]
    assert result.agencies == ["dpa", "APA", "Reuters"]


def test_order_credit_dateline_byline_authors_meta_default():
    text = "By Zeke Miller, Associated Press\n\nPARIS (AFP) - Le texte. (Reuters)"
    result = analyse_credits(text, authors=["Anna Müller, dpa"], meta_names=["Xinhua"],
                             default_agency="Kyodo")
    # the trailing credit wins the credit field; the byline's agency still counts
    assert result.agencies == ["Reuters", "AFP", "AP", "dpa", "Xinhua"]
    assert result.credit == "(Reuters)"
    assert result.authors == ["Anna Müller"]


def test_default_agency_only_when_nothing_else():
    assert analyse_credits("Text.", default_agency="dpa").agencies == ["dpa"]
    assert analyse_credits("Text.", default_agency="dpa", meta_names=["AFP"]).agencies == ["AFP"]
