"""A newsroom's staff sign-off in the credit slot: "(Birgit Baumann aus Berlin, Anna Giulia
Fink, Jan Michael Marchart, 3.5.2024)".

Where wire copy ends with "(APA/AFP/dpa/Reuters)", stories written in the house end with
the writers, where each wrote from, and the day, in parentheses after the last sentence.
It is read like the agency credit: it leaves the body, becomes the `credit`, its names go
to `authors`; agencies among its pieces ("(Anna Muster, APA, 3.5.2024)") count as well.

Every comma-separated piece must be a person's name (two to five capitalised words,
name particles allowed) with an optional place ("aus Berlin", "from Kyiv", "à Paris",
"da Roma", "desde Madrid", "uit Brussel", "in Wien"), an agency or staff token, or a date.
At least one name and a second piece or a place ("(Harry Potter)" alone is a title, not
a sign-off); a name holding an agency word ("AP Biology") is none. Any other piece (a lower-case word, a photo credit, a number) means it
is no sign-off and the text stays untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newscrawl.agencies.registry import AgencyRegistry
from newscrawl.agencies.tokens import DATE_TOKEN, agency_of_token, is_photo_credit

_TAIL = 400
_SENTENCE_END = set('.!?…"“”»«\'’')
_PARTICLE = r"(?:von|van|de|der|den|da|di|del|della|la|le|du|dos|ten|ter|al|bin|zu|y)"
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"
_PERSON = re.compile(
    rf"(?P<name>{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{1,4}})"
    r"(?:\s+(?:aus|in|from|à|a|de|depuis|da|desde|en|uit|vanuit|z|iz)\s+"
    rf"(?P<place>{_NAME_WORD}(?:[\s-]{_NAME_WORD})?))?"
)
_PIECES = re.compile(r"\s*[,;]\s*|\s+(?:und|and|et|e|y|en)\s+")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})$")


@dataclass(frozen=True)
class StaffSignoff:
    """The sign-off at the end of ``text``: ``raw == text[span[0]:span[1]]``."""

    raw: str
    people: list[str]
    places: list[str]
    date: str | None  # ISO day when written in digits ("3.5.2024"), else as written
    agencies: list[str] = field(default_factory=list)
    span: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"raw": self.raw, "people": list(self.people), "places": list(self.places),
                "date": self.date, "agencies": list(self.agencies), "span": list(self.span)}


def parse_staff_signoff(text: str, registry: AgencyRegistry) -> StaffSignoff | None:
    """The staff sign-off that ends ``text``, or None. Reads only the last characters."""
    end = len(text.rstrip())
    tail_start = max(0, end - _TAIL)
    tail = text[tail_start:end].rstrip(".")
    if not tail.endswith(")"):
        return None
    open_ = tail.rfind("(")
    if open_ < 0 or "\n" in tail[open_:]:
        return None
    before = tail[:open_].rstrip()
    if before and before[-1] not in _SENTENCE_END and "\n" not in tail[len(before):open_ + 1]:
        return None  # "... sagte der Minister (Karl Nehammer, ÖVP)": names, does not sign
    content = tail[open_ + 1:-1].strip()
    if not content or is_photo_credit(content, registry):
        return None
    found = _read_pieces(content, registry)
    if found is None:
        return None
    people, places, day, agencies = found
    start = tail_start + open_
    return StaffSignoff(text[start:end], people, places, day, agencies, [start, end])


def _read_pieces(content: str, registry: AgencyRegistry
                 ) -> tuple[list[str], list[str], str | None, list[str]] | None:
    people: list[str] = []
    places: list[str] = []
    agencies: list[str] = []
    day: str | None = None
    pieces = [p for p in (p.strip(" .") for p in _PIECES.split(content)) if p]
    for piece in pieces:
        if DATE_TOKEN.match(piece):
            day = _iso_day(piece)
        elif code := agency_of_token(piece, registry):
            agencies += [code] if code not in agencies else []
        elif registry.is_staff(piece):
            continue
        elif (person := _PERSON.fullmatch(piece)) and not _names_agency(piece, registry):
            people.append(person.group("name"))
            if person.group("place") and person.group("place") not in places:
                places.append(person.group("place"))
        else:
            return None
    # one bare name "(Harry Potter)" may be a title or a cross-reference: a sign-off
    # has a second piece (a co-author, an agency, a day) or a place
    if not people or (len(pieces) < 2 and not places):
        return None
    return people, places, day, agencies


def _names_agency(piece: str, registry: AgencyRegistry) -> bool:
    """ "AP Biology", "Reuters Breakingviews": a word of the piece is an agency."""
    return any(agency_of_token(word, registry) for word in piece.split())


def _iso_day(written: str) -> str:
    found = _NUMERIC_DATE.match(written)
    if found is None:
        return written
    day, month, year = (int(g) for g in found.groups())
    year += 2000 if year < 100 else 0
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return written
