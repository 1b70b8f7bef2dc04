"""The byline as the page credits it: people, agencies, outlets and desks, as written.

`authors` holds people only and `agencies` canonical codes; `byline` keeps what the
reader is told ("Adam Vidler, AP", "DER SPIEGEL", "Guardian staff reporter", "dpa"),
which is what peers such as Fundus and newspaper4k lose when they strip agencies. It is
built around the people `authors` chose (only rule 2 credits an agency instead of them):

1. people chosen and a declared author list (JSON-LD) naming one of them: the people,
   each as the declaration writes them ("Le Figaro" is credited as "Le Figaro et AFP"),
   then the other names the declaration credits (an agency, the outlet, a desk, a
   co-author), in declared order. A declaration that names none of them (the outlet
   declared on every page) adds nothing;
2. people chosen, but the first byline of the article area credits a declared agency
   exactly ("dpa" above a list of teasers "Von …"): that agency;
3. no one chosen: the declared author list as written; failing that the names of the
   first byline element, of a plain-text byline ("By TPN"), of author <meta> tags.

The agency stage adds the people of a staff sign-off it reads at the end of the text to
`authors`, and to `byline` after the names above (`with_people`); and when no name was
found at all, it credits the agencies of the text's credit line or dateline, as codes
("… (APA/AFP/dpa/Reuters)": `['APA', 'AFP', 'dpa', 'Reuters']`): a wire story whose page
shows no byline is still credited to someone.

Every name whitespace-normalised, without prefixes ("Von", "By", "Par"), e-mails, dates
or interface words; deduplicated case-insensitively (a login handle spelling a chosen
person's name, "arianschlichenmayer", is that person); NFC is applied with the other
text fields (`invisible.visible_forms`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .author_names import (
    is_agency_credit,
    name_letters,
    split_credited,
    split_people,
    strip_prefixes,
)
from .bylines import PageBylines
from .structured import clean_space

__all__ = ["credited_byline", "with_people"]


def credited_byline(
    people: list[str],
    declared: list[str],
    bylines: PageBylines,
    text_lines: Callable[[], list[str]],
    meta: list[str],
) -> list[str]:
    """The names the page credits for the article, in page order (see the module)."""
    written = _declared_as_written(declared)
    if people:
        covering = [next((d for d in written if _covers(d, p)), None) for p in people]
        if any(covering):
            # each person as the declaration writes them ("Le Figaro" in "Le Figaro et
            # AFP"), then what else it credits
            shown = [
                p if d is None or _same(d, p) else d for p, d in zip(people, covering, strict=True)
            ]
            return _unique(shown + written)
        first = bylines.article[0].text if bylines.article else ""
        shown = split_credited(first)
        if (
            len(shown) == 1
            and is_agency_credit(shown[0])
            and name_letters(shown[0]) in {name_letters(d) for d in written}
            and not _shares_a_word(shown[0], people)
        ):
            return shown
        return _unique(people)
    if written:
        return _unique(written)
    marked = [b.text for b in bylines.article if b.marked][:1]
    for raws in (marked, text_lines(), meta):
        names = [name for raw in raws for name in split_credited(raw)]
        if names:
            return _unique(names)
    return []


def with_people(byline: list[str], people: list[str]) -> list[str]:
    """The byline with the people a later stage found (a staff sign-off at the end of
    the text, "(Birgit Baumann aus Berlin, Anna Giulia Fink, 3.5.2024)") after it."""
    return _unique([*byline, *people])


def _declared_as_written(declared: list[str]) -> list[str]:
    """Declared author names without a prefix ("By …") or what is no name (an address):
    a declaration is meant as a name list, so it is otherwise kept as it is."""
    names = (strip_prefixes(clean_space(d)) for d in declared)
    return [n for n in names if n and split_credited(n)]


def _shares_a_word(name: str, people: list[str]) -> bool:
    """ "Stefanus" declared, "Stefanus Stahl" chosen: the same person, written shorter."""
    words = {name_letters(w) for w in name.split()}
    return any(name_letters(w) in words for person in people for w in person.split())


def _unique(names: Iterable[str]) -> list[str]:
    """First occurrence of each name, compared by letters and digits only: case, spaces
    and dots aside ("arianschlichenmayer", "edilson.la.rosa" repeat a person's name)."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        key = name_letters(name)
        if key and key not in seen:
            seen.add(key)
            out.append(clean_space(name))
    return out


def _covers(declared: str, person: str) -> bool:
    """Does a declared name write this person: the same words, or the person and an
    agency in one credit ("Le Figaro et AFP")? Not a declared "A and B" (a list of
    people), nor a role, degree or handle around the name ("FOCUS-Online-Experte Robin
    Tschöpe", "Grant Tinsley, PhD"), which `byline` leaves out."""
    if _same(declared, person):
        return True
    return (
        _words(person) < _words(declared)
        and is_agency_credit(declared)
        and len(split_people(declared)) <= 1
    )


def _same(one: str, other: str) -> bool:
    """The same name, case, spacing and hyphens aside ("ALLY MUTNICK", "Ally Mutnick")."""
    return name_letters(one) == name_letters(other) or _words(one) == _words(other)


def _words(name: str) -> frozenset[str]:
    return frozenset(filter(None, (name_letters(w) for w in name.split())))

