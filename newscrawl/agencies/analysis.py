"""One call for the pipeline: who supplied a story, and the body without its credit.

Agencies are collected in a fixed order, duplicates removed: the trailing credit
line, then the dateline marker, then a leading byline ("By X, Associated Press"),
then authors and meta names (JSON-LD/meta author, publisher, creator, source)
that are agencies, and only when nothing else named one, ``default_agency``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newscrawl.agencies.credits import _AGENCY_BYLINE, _BYLINE, CreditLine, parse_credit_line
from newscrawl.agencies.datelines import Dateline, parse_dateline
from newscrawl.agencies.registry import AgencyRegistry, load_registry
from newscrawl.agencies.signoff import StaffSignoff, parse_staff_signoff
from newscrawl.agencies.tokens import agency_of_token, is_filler, read_group

_NAME_PREFIX = re.compile(r"^(?:(?:von|by|par|from|text|autor|author|auteur|mit|with|avec)\s*:?\s+)+",
                          re.IGNORECASE)
_NAME_PARTS = re.compile(r"\s*(?:,|/|\||;|\(|\)|\s-\s|\s–\s)\s*|\s+(?:avec|mit|with|für|for)\s+")
# An agency's desk or byline role after its name: "Reuters Staff", "dpa-Redaktion",
# "Associated Press Writer", "AP Business Writer", "Bloomberg Opinion columnist".
_AGENCY_ROLE = re.compile(
    r"(?:\s+|-)(?:staff|Redaktion|newsroom|team|wire|reporters?|writers?|correspondents?|"
    r"columnists?|Korrespondent(?:in)?)$", re.IGNORECASE)
_DESK_WORDS = 2  # "AP Legal Affairs Writer"
_HEAD_LINE = 160


@dataclass
class CreditAnalysis:
    """Result of :func:`analyse_credits`; :meth:`as_fields` gives the stored fields."""

    agencies: list[str]
    credit: str | None
    text: str
    authors: list[str]
    dateline: dict[str, Any] | None
    credit_span: list[int] | None = field(default=None, repr=False)
    #: the staff sign-off read as the credit, with its places and day (not stored)
    signoff: StaffSignoff | None = field(default=None, repr=False)
    #: agencies the text itself credits, by its credit line or dateline (not stored)
    text_agencies: list[str] = field(default_factory=list, repr=False)

    def as_fields(self) -> dict[str, Any]:
        return {"agencies": list(self.agencies), "credit": self.credit, "text": self.text,
                "authors": list(self.authors), "dateline": self.dateline}


def analyse_credits(text: str, *, authors: Sequence[str] = (), meta_names: Sequence[str] = (),
                    language: str | None = None, default_agency: str | None = None,
                    strip_dateline: bool = False,
                    registry: AgencyRegistry | None = None) -> CreditAnalysis:
    """Agencies, credit, dateline and cleaned body and authors of one article.

    ``language`` is accepted for the pipeline's sake; the credit and dateline grammars
    of German, English and French are always all tried. An unknown ``default_agency``
    raises ``ValueError`` with a did-you-mean suggestion.
    """
    registry = registry or load_registry()
    text = text or ""
    credit = parse_credit_line(text, registry=registry)
    signoff = None if credit else parse_staff_signoff(text, registry)
    if signoff is not None:
        credit = CreditLine(signoff.raw, list(signoff.agencies), list(signoff.span), "signoff")
    dateline = parse_dateline(text, registry=registry)
    if dateline and credit and dateline.body_start > credit.span[0]:
        dateline = None  # a text that is only "(dpa)" has a credit, not a dateline
    byline = _leading_byline(text, registry)
    people, author_agencies = split_authors(authors, registry)
    if signoff is not None:
        people = _with_signed(people, signoff.people)
    agencies = _ordered(
        credit.agencies if credit else (),
        dateline.agencies if dateline else (),
        byline.agencies if byline else (),
        author_agencies,
        meta_agencies(meta_names, registry),
    )
    if not agencies and default_agency:
        agencies = [_canonical_default(default_agency, registry)]
    shown = credit or byline
    return CreditAnalysis(
        agencies=agencies,
        credit=shown.raw if shown else None,
        text=_body(text, credit, dateline if strip_dateline else None),
        authors=people,
        dateline=dateline.as_dict() if dateline else None,
        credit_span=credit.span if credit else None,
        signoff=signoff,
        text_agencies=_ordered(credit.agencies if credit else (),
                               dateline.agencies if dateline else ()),
    )


def split_author(name: str, registry: AgencyRegistry) -> tuple[str | None, list[str]]:
    """(person, agencies) of one author string: "Von Anna Müller, dpa" -> ("Anna Müller", ["dpa"])."""
    cleaned = _NAME_PREFIX.sub("", " ".join(name.split())).strip(" ,;")
    code = _agency_name(cleaned, registry)
    if code:
        return None, [code]
    parts = [piece for p in _NAME_PARTS.split(cleaned) if p and p.strip()
             for piece in _after_name_split(_NAME_PREFIX.sub("", p.strip()), registry)]
    codes = list(dict.fromkeys(c for c in (_agency_name(p, registry) for p in parts) if c))
    if not codes:
        return (cleaned or None), []
    people = [p for p in parts if p and not _agency_name(p, registry) and not is_filler(p, registry)]
    return (", ".join(people) or None), codes


def split_authors(authors: Iterable[Any], registry: AgencyRegistry) -> tuple[list[str], list[str]]:
    """People (cleaned, deduplicated) and the agencies hiding among the authors."""
    people: list[str] = []
    agencies: list[str] = []
    for value in authors:
        name = _name_of(value)
        if name is None:
            continue
        person, codes = split_author(name, registry)
        if person and person not in people:
            people.append(person)
        agencies += [c for c in codes if c not in agencies]
    return people, agencies


def meta_agencies(names: Iterable[Any], registry: AgencyRegistry) -> list[str]:
    """Agencies named by JSON-LD/meta author, publisher, creator or source values."""
    found: list[str] = []
    for value in names:
        if (name := _name_of(value)) is not None:
            found += [c for c in split_author(name, registry)[1] if c not in found]
    return found


def _name_of(value: Any) -> str | None:
    """A name from a string or a JSON-LD object such as {"@type": "Organization", "name": "dpa"}."""
    if isinstance(value, dict):
        value = value.get("name")
    return value if isinstance(value, str) and value.strip() else None


def _agency_name(name: str, registry: AgencyRegistry) -> str | None:
    name = name.strip(" .")
    code = agency_of_token(name, registry, standalone=True)
    if code is None and (role := _AGENCY_ROLE.search(name)):
        head = name[:role.start()]
        for _ in range(_DESK_WORDS + 1):
            if code or not head:
                break
            code = agency_of_token(head, registry, standalone=True)
            head = head.rpartition(" ")[0]
    return code


def _after_name_split(part: str, registry: AgencyRegistry) -> list[str]:
    """ "Anna Muster AFP" -> ["Anna Muster", "AFP"] for the registry's after-name aliases."""
    head, _, last = part.rpartition(" ")
    if head.strip() and registry.after_name(last.rstrip(".")):
        return [head.strip(), last]
    return [part]


def _leading_byline(text: str, registry: AgencyRegistry) -> CreditLine | None:
    """ "By Zeke Miller, Associated Press" as the first line; the text keeps it."""
    head = text[:_HEAD_LINE * 2]
    start = len(head) - len(head.lstrip())
    line_end = head.find("\n", start)
    line = head[start:line_end if line_end >= 0 else len(head)].rstrip()
    found = (_BYLINE.match(line) or _AGENCY_BYLINE.match(line)) if len(line) <= _HEAD_LINE else None
    if found is None:
        return None
    reading = read_group(found.group("group"), registry)
    if not reading.credits_agency:
        return None
    return CreditLine(line, list(reading.agencies), [start, start + len(line)], "byline")


def _with_signed(people: list[str], signed: list[str]) -> list[str]:
    """The authors, then the people of the sign-off they do not already name (a byline
    often names only the first of them)."""
    known = {" ".join(p.casefold().split()) for p in people}
    return people + [p for p in signed if " ".join(p.casefold().split()) not in known]


def _canonical_default(code: str, registry: AgencyRegistry) -> str:
    canonical = registry.canonical(code)
    if canonical is None:
        hints = registry.suggest(code)
        hint = f" – did you mean {' or '.join(hints)}?" if hints else ""
        raise ValueError(f"unknown agency '{code}'{hint} (default_agency must be a code or "
                         "alias of the agency registry; add new agencies with an extra TOML file)")
    return canonical


def _ordered(*groups: Iterable[str]) -> list[str]:
    out: list[str] = []
    for group in groups:
        out += [code for code in group if code not in out]
    return out


def _body(text: str, credit: CreditLine | None, dateline: Dateline | None) -> str:
    """The text without its credit (picture lines after it stay) and, if given, dateline."""
    body = text
    if credit is not None:
        rest = text[credit.span[1]:]
        body = text[:credit.span[0]].rstrip() + (rest if rest.strip() else "")
    if dateline is not None:
        body = body[:dateline.span[0]] + body[dateline.body_start:]
    return body
