"""The trailing credit line of a wire story: "(APA/AFP/dpa/Reuters)" and its relatives.

Only the tail of the text is read (``TAIL_WINDOW`` characters), so the cost
does not grow with the article. The tail is peeled from the end, one *unit*
at a time (at most ``MAX_UNITS``):

* a parenthesised group after a sentence end or on a line of its own:
  "(APA/AFP/dpa/Reuters)", "(red, APA, 3.5.2017)", "(sda)", "(dpa/lnw)";
* a bare slash group on the last line or after the last sentence:
  "AFP/dpa/jbo", "jbo/dpa", "dpa";
* phrases: "mit Material von dpa und AFP", "Quelle: dpa", "Avec AFP",
  "Le Monde avec AFP", "With reporting by Reuters", "Material from Reuters
  was used in this report", "Associated Press writer X contributed to this
  report.", "By Zeke Miller, Associated Press";
* copyright lines that name the text's supplier strongly (a year, "all rights
  reserved", a dpa id, or a full agency name): "© dpa-infocom,
  dpa:170503-99-123456/2", "© Agence France-Presse". A bare "© Reuters" is
  how pictures are credited and is not taken;
* Reuters' "Reporting by ...; Editing by ..." (a credit without an agency name:
  the agency comes from context such as the dateline).

A unit of only staff markers ("(red)", "jbo") is peeled but credits nobody: it
becomes part of the credit only when a real credit precedes it. Anything that
mentions a photo ("Foto: APA/AFP/JIM WATSON", "AP Photo/Evan Vucci", Getty
Images) or an unrecognised word stops the scan: no credit, text untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newscrawl.agencies.copyright import copyright_agencies, copyright_line
from newscrawl.agencies.registry import AgencyRegistry, load_registry
from newscrawl.agencies.tokens import (
    agency_of_token,
    is_photo_credit,
    read_group,
)
from newscrawl.agencies.wire_signs import read_wire_sign

TAIL_WINDOW = 1500
MAX_UNITS = 4
MAX_PICTURE_LINES = 2
_MAX_UNIT_CHARS = 400
_SENTENCE_END = set('.!?…"“”»«\'’)]')

_MATERIAL = re.compile(
    r"^(?:mit\s+(?:zusätzlichem\s+)?(?:Agentur)?(?:Material|Informationen|Inhalten|Angaben)\s+"
    r"(?:von|der|des|aus)\s+|mit\s+(?:Agenturmaterial|Agenturen)\s+(?:von|der)?\s*|"
    r"Material\s*(?::|von)\s+|"
    r"with\s+(?:additional\s+)?(?:reporting|material|information|input)\s+(?:by|from)\s+|"
    r"(?:this\s+(?:story|article|report)\s+)?(?:includes|contains|uses)\s+(?:additional\s+)?"
    r"(?:reporting|material|information)\s+(?:by|from)\s+|"
    r"avec\s+|d['’]apr[eè]s\s+)"
    r"(?P<group>.+?)[.\s]*$", re.IGNORECASE)
_SOURCE = re.compile(r"^(?:Verwendete\s+)?(?:Quellen?|Sources?)(?:\s*:\s*|\s+)(?P<group>.+?)[.\s]*$",
                     re.IGNORECASE)
# Lines that belong to a credit without crediting anyone: a list header ("Verwendete
# Quellen:"), an APA-OTS transmission number ("OTS0123 2017-05-03/12:00").
_STAFF_LINE = re.compile(r"^(?:(?:Verwendete\s+)?(?:Quellen?|Sources?)\s*:?|OTS\d{3,4}\b[^\n]{0,40})$",
                         re.IGNORECASE)
_OTS = re.compile(r"OTS-ORIGINALTEXT\s+PRESSEAUSSENDUNG", re.IGNORECASE)
# "By The Associated Press" (an agency and no person) as a line of its own.
_AGENCY_BYLINE = re.compile(r"^(?:By|BY|Von|VON|Par|PAR)\s+(?P<group>.{2,60}?)[.\s]*$")
# "franceinfo avec AFP": a one-word outlet may be written in lower case.
_OUTLET_AVEC_LOWER = re.compile(r"^(?P<outlet>[\w.'’-]{2,30})\s+(?P<word>avec)\s+(?P<group>.+?)[.\s]*$")
# "With Reuters and AP", "mit dpa": only as a line of its own or in parentheses.
_WITH = re.compile(r"^(?:with|mit)\s+(?P<group>.+?)[.\s]*$", re.IGNORECASE)
_STANDARDS = re.compile(r"^Our\s+Standards\s*:\s*The\s+Thomson\s+Reuters\s+Trust\s+Principles\.?$",
                        re.IGNORECASE)
_USED = re.compile(
    r"^(?:Material|Reporting|Information)\s+(?:from|by)\s+(?P<group>.+?)\s+(?:was|were|has\s+been)"
    r"\s+used(?:\s+in\s+(?:this|the)\s+(?:report|story|article))?[.\s]*$", re.IGNORECASE)
_CONTRIBUTED = re.compile(
    r"^(?P<who>.+?)\s+contributed(?:\s+(?:to\s+)?(?:this|the)\s+(?:report|story|article)"
    r"|\s+reporting)?(?:\s+(?:from|in)\s+[^.]{1,80})?[.\s]*$", re.IGNORECASE)
# "Le Monde avec AFP"; "(FRANCE 24 with AFP, AP and REUTERS)" -- "with" only in parentheses,
# where it cannot be the end of an ordinary English sentence.
_OUTLET_WITH = re.compile(
    r"^(?:Par\s+)?(?P<outlet>[A-ZÉ0-9][\w'’.-]*(?:\s+(?:[A-ZÉ0-9][\w'’.-]*|de|du|des|la|le|l['’]\w+)){0,3})"
    r"\s+(?P<word>avec|with)\s+(?P<group>.+?)[.\s]*$")
_BYLINE = re.compile(r"^(?:By|BY|Von|VON|Par|PAR)\s+(?P<names>[^,|]{2,80}?)\s*(?:,|\||\s-\s|\s–\s)\s*"
                     r"(?P<group>[^,|]{2,60}?)[.\s]*$")
# Reuters footers. English: every ";"-clause is "<role> by <names>" -- "Reporting by Jane Doe
# in Berlin; Editing by John Roe" -- so that a last paragraph such as "Reported by the BBC,
# the incident ..." is not taken. German and French footers are parenthesised.
_FOOTER_CLAUSE = re.compile(
    r"^\(?\s*(?:(?:Additional|Further)\s+)?(?:Reporting|Writing|Editing|Compiled|Reported|"
    r"Research)\s+by\s+(?P<names>.+?)\s*\)?\.?$", re.IGNORECASE)
_FOOTER_SPLIT = re.compile(
    r";|,\s*(?=(?:(?:Additional|Further)\s+)?(?:Reporting|Writing|Editing)\s+by\b)", re.IGNORECASE)
_NAME_WORDS = frozenset(("and", "in", "from", "the", "de", "da", "van", "von", "der", "al", "bin",
                         "&", "for", "at", "el", "la", "le", "du", "di"))
_REPORTING = re.compile(
    r"^\(\s*(?:Bericht\s+von|Reporter(?:in)?\s*:|Geschrieben\s+von|Redigiert\s+von|Reportage|"
    r"Rédigé\s+par|Rédaction|Version\s+française|[EÉ]dité\s+par|"
    r"Report(?:e|aje|agem)\s+de|Editado\s+(?:en\s+español\s+)?por|Tradotto\s+da)\s+\S.*$",
    re.IGNORECASE)
_REPORTED_BY = re.compile(r"\bby\s+(?P<group>[^;:()]+)", re.IGNORECASE)
_FIRST_PUBLISHED = re.compile(
    r"^This\s+(?:report|story|article)\s+by\s+(?P<group>.+?)\s+was\s+first\s+published\b.*$",
    re.IGNORECASE)
_END_MARK = re.compile(r"^\(END\)\s*|^-+\s*END\s*-+\s*", re.IGNORECASE)
# Deutsche Welle style "mm/se (dpa, AFP)": staff initials before the agencies.
_INITIALS_ONLY = re.compile(r"^[a-zäöü]{2,4}\.?(?:\s*/\s*[a-zäöü]{2,4}\.?)*$")
_SLASH_INLINE = re.compile(r"^[\w.-]+(?:/[\w.-]+)+$")
_OUTLET_NAME = re.compile(r"^(?:[\w-]+\.)+[a-z]{2,6}$|^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}$")


@dataclass(frozen=True)
class CreditLine:
    """A credit found at the end of a text: ``raw == text[span[0]:span[1]]``.

    Sequences are lists, as in the stored fields; ``line["agencies"]`` works too.
    """

    raw: str
    agencies: list[str]
    span: list[int]
    kind: str

    def as_dict(self) -> dict[str, Any]:
        return {"raw": self.raw, "agencies": list(self.agencies), "span": list(self.span),
                "kind": self.kind}

    def __getitem__(self, key: str) -> Any:
        return self.as_dict()[key]


@dataclass(frozen=True)
class _Unit:
    start: int
    agencies: tuple[str, ...]
    kind: str
    credits: bool  # False for staff-only units such as "(red)"


def parse_credit_line(text: str, *, registry: AgencyRegistry | None = None) -> CreditLine | None:
    """The trailing credit of ``text``, or None. Reads only the last ``TAIL_WINDOW`` chars.

    Up to ``MAX_PICTURE_LINES`` picture-credit lines after the credit ("Foto: APA/AFP/JIM
    WATSON", a bare "© Reuters") are stepped over; ``span`` then ends before them.
    """
    registry = registry or load_registry()
    offset = max(0, len(text) - TAIL_WINDOW)
    window = text[offset:]
    end: int | None = len(window.rstrip())
    for _ in range(MAX_PICTURE_LINES + 1):
        if not end:
            return None
        found = _credit_ending_at(window, end, registry)
        if found is not None:
            raw, agencies, (start, stop), kind = found
            return CreditLine(raw, list(agencies), [offset + start, offset + stop], kind)
        end = _before_picture_line(window, end, registry)
    return None


def _credit_ending_at(window: str, end: int, registry: AgencyRegistry
                      ) -> tuple[str, tuple[str, ...], tuple[int, int], str] | None:
    units: list[_Unit] = []
    cursor = end
    while len(units) < MAX_UNITS and cursor > 0:
        unit = _unit_before(window, cursor, registry)
        if unit is None:
            break
        units.append(unit)
        cursor = len(window[:unit.start].rstrip())
    credited = [i for i, unit in enumerate(units) if unit.credits]
    if not credited:
        return None
    last = credited[-1]
    while last + 1 < len(units) and _leads_into(window, units[last + 1], units[last]):
        last += 1
    first = units[last]
    agencies: list[str] = []
    for unit in reversed(units[:last + 1]):
        agencies += [code for code in unit.agencies if code not in agencies]
    return window[first.start:end], tuple(agencies), (first.start, end), units[credited[0]].kind


def _leads_into(window: str, before: _Unit, unit: _Unit) -> bool:
    """A staff unit right before a credit belongs to it: staff initials on the same line
    ("mm/se (dpa, AFP)"), or a list header ("Verwendete Quellen:")."""
    if before.credits:
        return False
    return before.kind == "header" or "\n" not in window[before.start:unit.start]


def _before_picture_line(window: str, end: int, registry: AgencyRegistry) -> int | None:
    """End of the text before a last line that credits a picture, or None if it does not."""
    line_start = window.rfind("\n", 0, end) + 1
    line = window[line_start:end].strip()
    if line_start == 0 or not line or len(line) > 200:
        return None
    if is_photo_credit(line, registry) or line.startswith("©"):
        return len(window[:line_start].rstrip())
    return None


def _unit_before(window: str, end: int, registry: AgencyRegistry) -> _Unit | None:
    """The credit unit ending at ``end``, or None when the text there is no credit."""
    line_start = window.rfind("\n", 0, end) + 1
    tail = window[:end].rstrip(".")
    if tail.endswith(")"):
        unit = _parenthesised(window, len(tail), line_start, registry)
        if unit is not None:
            return unit
    for start in _segment_starts(window, line_start, end):
        segment = window[start:end]
        lead = len(segment) - len(segment.lstrip())
        reading = _read_segment(segment.strip(), registry, inline=start != line_start)
        if reading is not None:
            agencies, kind, credits = reading
            if kind == "copyright-name" and _under_caption(window, line_start):
                return None
            return _Unit(start + lead, agencies, kind, credits)
    return None


def _under_caption(window: str, line_start: int) -> bool:
    """A line right under a short line (no blank line between) credits that line: a
    picture caption. Text credits follow the body after a blank line or a paragraph."""
    if line_start < 2 or window[line_start - 2] == "\n":
        return False
    previous = window[window.rfind("\n", 0, line_start - 1) + 1:line_start - 1]
    return len(previous.strip()) < 150


def _segment_starts(window: str, line_start: int, end: int) -> list[int]:
    """The line start, then the starts of its last sentences (credits may follow inline)."""
    if end - line_start > TAIL_WINDOW:
        return []
    starts = [line_start] if end - line_start <= _MAX_UNIT_CHARS else []
    line = window[line_start:end]
    inline = [m.end() for m in re.finditer(r"[.!?…\"“”»](?=\s)", line)]
    starts += [line_start + pos for pos in reversed(inline[-3:]) if end - line_start - pos <= 200]
    return starts


def _parenthesised(window: str, close: int, line_start: int, registry: AgencyRegistry) -> _Unit | None:
    open_ = window.rfind("(", max(line_start, close - 200), close)
    if open_ < 0 or ")" in window[open_ + 1:close - 1]:
        return None
    content = window[open_ + 1:close - 1].strip()
    if not content or "\n" in content:
        return None
    reading = _read_segment(content, registry, inline=False, in_parentheses=True)
    if reading is None:
        return None
    before = window[line_start:open_].rstrip()
    if (before and before[-1] not in _SENTENCE_END and len(reading[0]) < 2
            and not _INITIALS_ONLY.match(before)):
        return None  # "... der Associated Press (AP)" names, it does not credit
    agencies, kind, credits = reading
    return _Unit(open_, agencies, "parenthesis" if kind == "group" else kind, credits)


def _read_segment(segment: str, registry: AgencyRegistry, *, inline: bool,
                  in_parentheses: bool = False) -> tuple[tuple[str, ...], str, bool] | None:
    """(agencies, kind, credits) for a credit segment, or None if it is none."""
    if not segment or len(segment) > _MAX_UNIT_CHARS:
        return None
    segment = _END_MARK.sub("", segment)
    if (line := copyright_line(segment)) is not None:
        if inline:
            return None  # "Trump im Oval Office. © AFP": the caption's picture credit
        agencies, marked = copyright_agencies(line, registry)
        return (agencies, "copyright" if marked else "copyright-name", True) if agencies else None
    if is_photo_credit(segment, registry):
        return None  # before anything else: "Photo by Evan Vucci" is no footer either
    if _STAFF_LINE.match(segment):
        return (), "header", False
    if _OTS.search(segment):
        return ("APA",) if "APA" in registry else (), "ots", True
    if _REPORTING.match(segment) or _is_reuters_footer(segment):
        return _reporting_agencies(segment, registry), "reporting", True
    if _STANDARDS.match(segment):
        return ("Reuters",) if "Reuters" in registry else (), "standards", True
    patterns = [(_USED, "material", False), (_FIRST_PUBLISHED, "material", False),
                (_MATERIAL, "material", False), (_SOURCE, "source", True)]
    if not inline or in_parentheses:
        patterns.append((_WITH, "material", False))
    for pattern, kind, names in patterns:
        if found := pattern.match(segment):
            agencies = _phrase_agencies(found.group("group"), registry, allow_names=names)
            return (agencies, kind, True) if agencies else None
    if found := _CONTRIBUTED.match(segment):
        named = read_group(found.group("who"), registry)
        if named.credits_agency:
            return named.agencies, "contributed", True
        if code := _leading_agency(found.group("who"), registry):
            return (code,), "contributed", True
    outlet = _OUTLET_WITH.match(segment) or _OUTLET_AVEC_LOWER.match(segment)
    if outlet and (outlet.group("word") == "avec" or in_parentheses):
        agencies = _phrase_agencies(outlet.group("group"), registry, allow_names=False)
        return (agencies, "material", True) if agencies else None
    for pattern in (_BYLINE, _AGENCY_BYLINE):
        if found := pattern.match(segment):
            agencies = _phrase_agencies(found.group("group"), registry, allow_names=False)
            if agencies:
                return agencies, "byline", True
    if not in_parentheses and (sign := read_wire_sign(segment, registry, inline=inline)):
        return sign
    return _slash_group(segment, registry, inline=inline, in_parentheses=in_parentheses)


def _slash_group(segment: str, registry: AgencyRegistry, *, inline: bool,
                 in_parentheses: bool) -> tuple[tuple[str, ...], str, bool] | None:
    if inline and not in_parentheses and not _SLASH_INLINE.match(segment):
        return None
    reading = read_group(segment, registry)
    if reading.unknown or reading.photo:
        return None
    if not reading.agencies:
        return ((), "staff", False) if len(segment) <= 40 else None
    if not in_parentheses and reading.tokens == 1:
        bare = segment.strip(" .").lstrip("-–—•*· ")
        agency = registry.lookup(bare)
        if agency is not None and bare in agency.ambiguous:
            return None  # a lone "AP" or "TT" on the last line is not enough
    return reading.agencies, "group", True


def _phrase_agencies(group: str, registry: AgencyRegistry, *, allow_names: bool) -> tuple[str, ...]:
    """Agencies named after a phrase such as "mit Material von"; () if any token is unknown."""
    reading = read_group(group, registry)
    if reading.photo:
        return ()
    if reading.unknown and not (allow_names and all(_OUTLET_NAME.match(t) for t in reading.unknown)):
        return ()
    return reading.agencies


def _is_reuters_footer(segment: str) -> bool:
    """ "Reporting by Jane Doe in Berlin; Editing by John Roe" (every clause names people)."""
    clauses = [c.strip() for c in _FOOTER_SPLIT.split(segment) if c.strip()]
    if not clauses or len(segment) > _MAX_UNIT_CHARS:
        return False
    for clause in clauses:
        found = _FOOTER_CLAUSE.match(clause)
        if found is None:
            return False
        words = found.group("names").replace(",", " ").split()
        if not all(w[0].isupper() or w.casefold() in _NAME_WORDS for w in words):
            return False
    return True


def _reporting_agencies(segment: str, registry: AgencyRegistry) -> tuple[str, ...]:
    """Agencies among the reporters of a "Reporting by ...; Editing by ..." line (often none)."""
    agencies: list[str] = []
    for found in _REPORTED_BY.finditer(segment):
        reading = read_group(found.group("group").strip(" ."), registry)
        if reading.credits_agency:
            agencies += [code for code in reading.agencies if code not in agencies]
    return tuple(agencies)


def _leading_agency(who: str, registry: AgencyRegistry) -> str | None:
    """The agency a "... contributed" sentence starts with ("Associated Press writer X")."""
    words = who.split()
    for size in range(min(4, len(words)), 0, -1):
        code = agency_of_token(" ".join(words[:size]), registry)
        if code:
            return code
    return None
