"""Reading a group of credit tokens such as "APA/AFP/dpa/Reuters" or "red, APA, 3.5.2017".

A group is split at "/", ",", ";", "&", "+" and the words und/and/et/sowie.
Every token is an agency alias, a staff marker ("red", "ag.", "Agenturen"),
staff initials ("jbo", "lnw"), a date or time, or unknown. Callers decide
what unknown tokens mean; a group that mentions a photo marker anywhere
("Foto", "AP Photo", "Getty Images") is a picture credit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newscrawl.agencies.registry import AgencyRegistry

_SEPARATOR = re.compile(r"\s*(?:/|,|;|&|\+|\|)\s*|\s+(?:und|and|et|sowie|u\.)\s+", re.IGNORECASE)
_INITIALS = re.compile(r"^[a-zäöüß]{2,4}\.?$")
# Outlet names that sit next to agencies in credits: "(SZ/dpa)", "SN, APA", "ORF.at/Agenturen".
_ACRONYM = re.compile(r"^[A-ZÄÖÜ]{2,4}$")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:de|at|ch|com|net|org|fr|be|lu|it|eu|info|uk)$",
                     re.IGNORECASE)
_NUMBERISH = re.compile(r"^[\d\s.:\-]+(?:\s*Uhr)?$")
_MONTHS = (r"(?:Jan(?:uar|uary|vier)?|Feb(?:ruar|ruary)?|Févr(?:ier)?|März|Mär|Mar(?:ch|s)?|"
           r"Apr(?:il)?|Avr(?:il)?|Mai|May|Juni?|June|Juin|Juli?|July|Juil(?:let)?|"
           r"Aug(?:ust)?|Ao[uû]t|Sep(?:t(?:ember|embre)?)?|O[ck]t(?:ober|obre)?|"
           r"Nov(?:ember|embre)?|De[cz](?:ember)?|Déc(?:embre)?)\.?")
DATE_TOKEN = re.compile(
    rf"^(?:\d{{1,2}}\.?\s*{_MONTHS}(?:\s*\d{{2,4}})?|{_MONTHS}\s*\d{{1,2}}(?:,?\s*\d{{4}})?|"
    r"\d{1,2}\.\d{1,2}\.(?:\d{2,4})?|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}(?:\s*Uhr)?)$",
    re.IGNORECASE)
_AGENCY_ID = re.compile(r"^([A-Za-z][\w-]*):\d{6}-\d{2}-\d+$")
_AGENCY_WORD = re.compile(
    r"^(?:(?:der|den|die|the|l['’]|les?|la)\s*)?(?:Nachrichtenagentur(?:en)?|Agentur(?:en)?|"
    r"news\s+agenc(?:y|ies)|wire\s+services?|agences?|agency)\s+", re.IGNORECASE)
# A desk or regional service of an agency not listed as an alias: "dpa-lsh", "dpa/lxy".
_REGIONAL_SERVICE = re.compile(r"^([A-Za-z]{2,8})[-/][a-z]{2,4}$")
_ARTICLE = re.compile(r"^(?:l['’]|the\s+|die\s+|der\s+|den\s+|la\s+|le\s+)", re.IGNORECASE)
PHOTO_WORDS = re.compile(
    r"(?<![\w-])(?:Fotos?|Photos?|Bild(?:er|quelle|nachweis|unterschrift)?|Titelbild|Aufmacherbild|"
    r"Images?|Grafik|Infografik|"
    r"Illustration|Karte|Videos?|Screenshot|Symbolbild|Archivbild|Archivfoto|Pictures?|"
    r"Crédits?|Credits?|Fotografie|Foto-?Credit|Aufnahme)(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class GroupReading:
    """What a credit group says: agencies in order, and tokens nobody recognised."""

    agencies: tuple[str, ...]
    unknown: tuple[str, ...]
    photo: bool
    tokens: int = 0

    @property
    def credits_agency(self) -> bool:
        """At least one agency, no picture marker, nothing unrecognised."""
        return bool(self.agencies) and not self.photo and not self.unknown


def is_photo_credit(text: str, registry: AgencyRegistry) -> bool:
    return bool(PHOTO_WORDS.search(text) or registry.photo_pattern.search(text))


def agency_of_token(token: str, registry: AgencyRegistry, *, standalone: bool = False) -> str | None:
    """Canonical code of one credit token, or None. ``standalone``: the token is a whole
    author or meta value, where credit-only aliases ("Petra") need "news agency" or an id."""
    token = token.strip(" \t.:;,").lstrip("-–—•*· \t")
    if not token:
        return None
    agency = registry.lookup(token, standalone=standalone)
    if agency is None and (found := _AGENCY_ID.match(token)):
        agency = registry.lookup(found.group(1))
    if agency is None and (prefix := _AGENCY_WORD.match(token) or _ARTICLE.match(token)):
        # "Nachrichtenagentur Petra" is context enough; "the Petra" is not
        agency = registry.lookup(token[prefix.end():],
                                 standalone=standalone and prefix.re is _ARTICLE)
    if agency is None and (service := _REGIONAL_SERVICE.match(token)):
        agency = registry.lookup(service.group(1), standalone=standalone)
    return agency.code if agency else None


def is_filler(token: str, registry: AgencyRegistry) -> bool:
    """Staff markers and initials, outlet acronyms and domains, dates, times and numbers
    credit no agency."""
    bare = token.strip(" \t")
    return bool(registry.is_staff(bare) or registry.is_staff(bare.rstrip("."))
                or _INITIALS.match(bare) or _NUMBERISH.match(bare) or DATE_TOKEN.match(bare)
                or _ACRONYM.match(bare) or _DOMAIN.match(bare))


def read_group(content: str, registry: AgencyRegistry) -> GroupReading:
    """Split a credit group and classify its tokens."""
    agencies: list[str] = []
    unknown: list[str] = []
    count = 0
    for token in _SEPARATOR.split(content):
        token = token.strip()
        if not token:
            continue
        count += 1
        codes = _codes_of(token, registry)
        if codes:
            agencies += [code for code in codes if code not in agencies]
        elif not is_filler(token, registry):
            unknown.append(token)
    return GroupReading(tuple(agencies), tuple(unknown), is_photo_credit(content, registry), count)


# two agencies joined by a hyphen in one token: "ANSA-AFP" (Italian co-credits)
_PAIR = re.compile(r"^([A-Za-z]{2,12})[-–]([A-Za-z]{2,12})$")


def _codes_of(token: str, registry: AgencyRegistry) -> list[str]:
    """The agency of one token, or the two of a hyphenated pair of agencies."""
    if code := agency_of_token(token, registry):
        return [code]
    if (pair := _PAIR.match(token)) and all(
        codes := [agency_of_token(part, registry) for part in pair.groups()]
    ):
        return [code for code in codes if code]
    return []
