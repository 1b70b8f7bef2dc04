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
    # product and desk names of agencies, and their byline roles
    ("AFP Relaxnews", None, ["AFP"]),
    ("AFP-Relaxnews", None, ["AFP"]),
    ("Relaxnews", None, ["AFP"]),
    ("Reuters Breakingviews", None, ["Reuters"]),
    ("Bloomberg Opinion", None, ["Bloomberg"]),
    ("Bloomberg Opinion columnist", None, ["Bloomberg"]),
    ("dpa-AFX", None, ["dpa"]),
    ("dpa-Redaktion", None, ["dpa"]),
    ("Associated Press Writer", None, ["AP"]),
    ("AP Business Writer", None, ["AP"]),
    ("Associated Press Legal Affairs Writer", None, ["AP"]),
    ("Reuters Staff Writer", None, ["Reuters"]),
    ("By Anna Muster, Associated Press Writer", "Anna Muster", ["AP"]),
    ("Anna Muster, dpa-Korrespondentin", "Anna Muster", ["dpa"]),
    ("Staff Writer", "Staff Writer", []),        # no agency before the role
    ("Anna Muster Writer", "Anna Muster Writer", []),
    ("Idea Team", "Idea Team", []),              # "idea" is exact-case
    # a person followed by an agency after a plain space: only after-name aliases
    ("Anna Muster AFP", "Anna Muster", ["AFP"]),
    ("Anna Muster/dpa", "Anna Muster", ["dpa"]),
    ("Von Anna Muster dpa", "Anna Muster", ["dpa"]),
    ("ANNA MUSTER AP", "ANNA MUSTER", ["AP"]),
    ("Jean DUPONT AFP.", "Jean DUPONT", ["AFP"]),
    ("Anna Muster Afp", "Anna Muster Afp", []),  # exact case only
    ("Anna Muster Ap", "Anna Muster Ap", []),
    ("Par László PAP", "László PAP", []),        # surnames in capitals stay
    ("Carlos MENA", "Carlos MENA", []),
    ("Ana EFE", "Ana EFE", []),
    ("Michael Bloomberg", "Michael Bloomberg", []),
    ("Dafydd ap Gwilym", "Dafydd ap Gwilym", []),
    # given names that are also agencies need context as a whole author value
    ("Petra", "Petra", []),
    ("von Petra", "Petra", []),
    ("Petra/dpa", "Petra", ["dpa"]),
    ("Petra Team", "Petra Team", []),
    ("PETRA", None, ["Petra"]),
    ("Petra News Agency", None, ["Petra"]),
    ("Nachrichtenagentur Petra", None, ["Petra"]),
    ("Wafa", "Wafa", []),
    ("WAFA", None, ["WAFA"]),
    ("Tasnim", "Tasnim", []),
    ("Tasnim News Agency", None, ["Tasnim"]),
    ("Antara", "Antara", []),
    ("ANTARA", None, ["Antara"]),
    # one-word aliases that are no common given names still count alone (exact case)
    ("Beta", None, ["Beta"]),
    ("Fars", None, ["Fars"]),
    ("Sputnik", None, ["Sputnik"]),
    ("Lusa", None, ["Lusa"]),
    ("beta", "beta", []),
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


@pytest.mark.parametrize("text,agency", [
    ("AMMAN (Petra) -- King Abdullah II received the delegation.", "Petra"),
    ("Der König empfing die Delegation am Montag. (Petra)", "Petra"),
    ("RAMALLAH (Wafa) - Die Behörden meldeten am Abend neue Zahlen.", "WAFA"),
    ("Die Regierung kündigte neue Hilfen an. (Antara)", "Antara"),
    ("Das Ministerium bestätigte den Bericht am Abend. (Tasnim)", "Tasnim"),
    ("Les ventes de vélos électriques progressent. (ETX Daily Up)", "AFP"),
])
def test_credit_only_aliases_count_in_credits_and_datelines(text, agency):
    """A given name such as "Petra" is no agency as a lone author, but is in a credit."""
    assert analyse_credits(text).agencies == [agency]


def test_given_name_author_beside_an_agency_credit():
    result = analyse_credits("Der König empfing die Delegation am Montag. (Petra)",
                             authors=["von Petra"], meta_names=["Petra"])
    assert result.agencies == ["Petra"]
    assert result.authors == ["Petra"]
