"""Property tests: text without agency names never credits an agency, and the body
is always the input minus a trailing credit."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newscrawl.agencies import analyse_credits, load_registry

REGISTRY = load_registry()


def _alias_pattern() -> re.Pattern[str]:
    """Any alias of any agency as a token: what "text without agency names" must avoid."""
    folded, exact = set(), set()
    for agency in REGISTRY:
        for alias in (agency.code, *agency.aliases):
            (exact if alias in agency.ambiguous else folded).add(re.escape(alias))
    parts = [rf"(?i:{'|'.join(sorted(folded, key=len, reverse=True))})",
             "|".join(sorted(exact, key=len, reverse=True))]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])")


ALIASES = _alias_pattern()

# Ordinary words plus every structural word of the credit grammar, but no agency name.
WORDS = [
    "Die", "Regierung", "hat", "am", "Montag", "in", "Berlin", "Wien", "Genf", "Paris", "Washington",
    "beschlossen", "sagte", "ein", "Sprecher", "der", "Nachrichtenagentur", "Agenturen", "red",
    "red.", "ag.", "jbo", "mst", "lnw", "Adapter", "Rapport", "dpaX", "TT-Zahl", "AP-Biology",
    "Foto:", "Bild:", "Photo:", "Quelle:", "Source:", "mit", "Material", "von", "avec", "with",
    "By", "Von", "Par", "contributed", "to", "this", "report", "Editing", "Copyright", "©", "(c)",
    "The", "president", "said", "on", "Tuesday", "le", "gouvernement", "a", "annoncé", "selon",
    "3.5.2017", "3", "mai", "May", "2017", "12:30", "Uhr", "Statistik", "Austria", "Bundesamt",
    "New", "York", "NEW", "YORK", "Rio", "de", "Janeiro", "Ipsos", "Getty", "Images", "Keystone",
    "Agentur", "Presse", "Agence", "France", "Associated", "Canadian", "Press-Konferenz", "ATS-Wert",
]
PUNCTUATION = [" ", " ", " ", ". ", ", ", "/", "(", ")", " - ", " – ", " — ", "\n", "\n\n", ": ",
               "; ", "„", "“", "\"", "!", "?"]
TOKENS = st.sampled_from(WORDS + PUNCTUATION)
STRUCTURED = st.lists(TOKENS, max_size=80).map("".join)
UNICODE = st.text(max_size=300)
NO_AGENCY = st.one_of(STRUCTURED, UNICODE).filter(lambda text: not ALIASES.search(text))
RELAXED = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


@RELAXED
@given(NO_AGENCY)
def test_text_without_agency_names_credits_nobody(text):
    assume("eporting by" not in text and "riting by" not in text)
    result = analyse_credits(text)
    assert result.agencies == []
    assert result.credit is None
    assert result.text == text
    if result.dateline:
        assert result.dateline["agency"] is None


@RELAXED
@given(NO_AGENCY, st.sampled_from(["(dpa/AFP)", "(dpa/AFP, 3.5.2017)", "\n\ndpa/AFP",
                                   "\n\nMit Material von dpa und AFP", "(dpa, AFP)"]))
def test_appended_credit_is_found_and_removed(text, credit):
    base = text.rstrip() + "."
    result = analyse_credits(base + " " + credit)
    assert result.agencies[:2] == ["dpa", "AFP"]
    assert result.credit.endswith(credit.strip())
    assert base.startswith(result.text)
    assert result.credit_span[1] == len(base + " " + credit)


@RELAXED
@given(st.one_of(STRUCTURED, st.text(max_size=200)),
       st.sampled_from(["", "(dpa)", "(AP)", "Berlin (dpa) - ", "jbo/dpa", "© AFP 2017"]),
       st.booleans())
def test_body_is_a_prefix_and_spans_index_the_input(text, extra, at_start):
    full = extra + text if at_start else text + extra
    result = analyse_credits(full)
    if result.credit_span is not None:
        start, end = result.credit_span
        assert full[start:end] == result.credit
        rest = full[end:]
        assert result.text == full[:start].rstrip() + (rest if rest.strip() else "")
    else:
        assert result.text == full
    if result.dateline:
        start, end = result.dateline["span"]
        assert full[start:end] == result.dateline["raw"]
    assert len(result.agencies) == len(set(result.agencies))


# Every alias of the registry, in every sentence or picture-credit position that names an
# agency without crediting it.
NOT_CREDITS = [
    "Die Regierung will sparen, sagte ein Sprecher der {a}.",
    "Das berichtete die Nachrichtenagentur {a} am Montag.",
    "The minister told {a} on Tuesday.",
    "according to {a}",
    "selon {a}",
    "Ein {a}-Reporter sah die Zerstörung.",
    "Er sprach mit {a} über die Pläne",
    "Die Firma {a}X meldet Gewinne.",
    "Foto: {a}/Max Mustermann",
    "Bild: {a}",
    "Photo: {a} Photo/John Doe",
    "Trump im Oval Office. © {a}",
    "Donald Trump im Oval Office.\n© {a}",
    "Der Fall wurde von {a} und anderen Medien berichtet.",
    "{a} Biology",
    "Die {a}-Zahl steigt.",
    "Die Regierung hat entschieden.\n\nFoto: {a}",
    "Die Regierung hat entschieden.\n\n(Foto: {a})",
    "Die Regierung hat entschieden.\n\n{a}/Getty Images",
    "Die Regierung hat entschieden.\n\n{a} PHOTO/JIM WATSON",
    "Die Regierung hat entschieden.\n\n{a}/Helmut Fohringer",
]


def test_every_alias_in_a_mention_or_picture_credit_credits_nobody():
    wrong = []
    for agency in REGISTRY:
        for alias in (agency.code, *agency.aliases):
            for template in NOT_CREDITS:
                text = template.format(a=alias)
                result = analyse_credits(text)
                if result.agencies or result.credit:
                    wrong.append((text, result.agencies, result.credit))
    assert wrong == []


def test_every_alias_credits_its_agency():
    """Each alias, as a trailing credit, in a source line and as a dateline marker."""
    wrong = []
    for agency in REGISTRY:
        for alias in (agency.code, *agency.aliases):
            for text in (f"Die Regierung hat entschieden. ({alias})",
                         f"Die Regierung hat entschieden.\n\nQuelle: {alias}",
                         f"Berlin ({alias}) - Die Regierung hat entschieden."):
                if analyse_credits(text).agencies != [agency.code]:
                    wrong.append((text, analyse_credits(text).agencies))
    assert wrong == []
