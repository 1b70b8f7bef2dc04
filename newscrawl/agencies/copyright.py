"""Copyright lines that credit a text's supplier: "© dpa-infocom, dpa:170503-99-123456/2",
"© Agence France-Presse", "RIPRODUZIONE RISERVATA © Copyright ANSA".

A bare "© Reuters" is how pictures are credited and is not taken: the line must be
marked as a text's (a year, a rights phrase, a dpa id) or name the agency in full.
"""

from __future__ import annotations

import re

from newscrawl.agencies.registry import AgencyRegistry
from newscrawl.agencies.tokens import agency_of_token, is_filler, is_photo_credit

_COPYRIGHT = re.compile(r"^(?:(?:©|\(c\)|Copyright\b)\s*)+(?P<rest>.*?)[.\s]*$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_RIGHTS = re.compile(
    r"all\s+rights\s+reserved|alle\s+rechte\s+vorbehalten|tous\s+droits\s+réservés|"
    r"riproduzione\s+riservata|tutti\s+i\s+diritti\s+riservati|"
    r"todos\s+los\s+derechos\s+reservados|(?:todos\s+os\s+)?direitos\s+reservados|"
    r"alle\s+rechten\s+voorbehouden|"
    r"this\s+material\s+may\s+not\s+be\s+published[^.]*|"
    r"(?:ce|cet)\s+(?:article|contenu)\s+ne\s+peut[^.]*", re.IGNORECASE)
_AGENCY_ID = re.compile(r"\b[a-z]+:\d{6}-\d{2}-\d+(?:/\d+)?")
# "RIPRODUZIONE RISERVATA © Copyright ANSA": ANSA's footer puts the rights phrase first
_RIGHTS_FIRST = re.compile(rf"^(?:{_RIGHTS.pattern})[\s.,:;|-]*(?=©|\(c\)|Copyright)", re.IGNORECASE)


def copyright_line(segment: str) -> str | None:
    """The segment as a copyright line ("© …", "(c) …", "Copyright …"), a leading rights
    phrase moved behind it; None if it is none."""
    if segment.startswith(("©", "(c)", "(C)", "Copyright")):
        return segment
    if found := _RIGHTS_FIRST.match(segment):
        return f"{segment[found.end():]} {found.group(0).strip(' .,:;|-')}"
    return None


def copyright_agencies(line: str, registry: AgencyRegistry) -> tuple[tuple[str, ...], bool]:
    """Agencies of a copyright line that credits a text rather than a picture, and whether
    a year, "all rights reserved" or a dpa id marks it (else only a full name does)."""
    found = _COPYRIGHT.match(line)
    if found is None or is_photo_credit(line, registry):
        return (), False
    rest = found.group("rest")
    marked = bool(_YEAR.search(rest) or _RIGHTS.search(rest) or _AGENCY_ID.search(rest))
    stripped = _RIGHTS.sub(" ", _YEAR.sub(" ", rest))
    names = [t for t in re.split(r"\s*[,/;]\s*|\.\s+", stripped) if t.strip(" .")]
    agencies: list[str] = []
    full_name = False
    for name in names:
        name = name.strip(" .")
        code = agency_of_token(name, registry)
        if code is None:
            if not is_filler(name, registry):
                return (), False
            continue
        full_name = full_name or (len(name) >= 10 and name != code)
        if code not in agencies:
            agencies.append(code)
    return (tuple(agencies), marked) if marked or full_name else ((), False)
