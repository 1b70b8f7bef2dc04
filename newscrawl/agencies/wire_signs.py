"""How agencies sign their own copy at its end, beyond "(dpa)" and "AFP/dpa/jbo".

Read by `credits` for each trailing segment (a last line, or what follows the last
sentence on it):

* a dash before the agency, as member sites print AP, Reuters and AFP copy: "— Associated
  Press", "– Deutsche Presse-Agentur", "—AP" (the dash makes an ambiguous alias a credit);
* an agency and its desk's initials on the last line: "EFE mgr/jl", "epd lnb mir";
* AFP's desk sign-off, which names no agency: "bur-pdh/kjm", "str-ach/sst" (bureau or
  stringer, then the writers' and editors' initials; the same in every AFP language);
* a bare agency name after the last sentence of the last line: "… kritisierte den Plan.
  dpa" — only an alias that is no ordinary word or name ("dpa", "Reuters", "ANSA",
  "Associated Press"; not "AP", "TT", "Petra").
"""

from __future__ import annotations

import re

from newscrawl.agencies.registry import AgencyRegistry
from newscrawl.agencies.tokens import agency_of_token, read_group

_DASHED = re.compile(r"^[—–-]{1,2}\s*(?P<group>\S.{0,60})$")
_DESK_SIGN = re.compile(r"^(?P<agency>[\w-]{2,12})\s+(?P<desk>[a-z]{2,3}(?:[\s/][a-z]{2,3}){0,3})$")
_AFP_DESK = re.compile(r"^(?:bur|burs|str)-[a-z]{2,4}(?:[/-][a-z]{2,4}){0,4}$")
_MAX_TOKENS = 3


def read_wire_sign(segment: str, registry: AgencyRegistry, *, inline: bool
                   ) -> tuple[tuple[str, ...], str, bool] | None:
    """(agencies, kind, credits) when the segment is one of the sign-offs above, else None."""
    if found := _DASHED.match(segment):
        reading = read_group(found.group("group").strip(" ."), registry)
        if reading.credits_agency and reading.tokens <= _MAX_TOKENS:
            return reading.agencies, "dash", True
        return None
    if inline:
        return _bare_agency(segment.strip(" ."), registry)
    if _AFP_DESK.match(segment) and "AFP" in registry:
        return ("AFP",), "desk", True
    if found := _DESK_SIGN.match(segment):
        code = agency_of_token(found.group("agency"), registry)
        return ((code,), "desk", True) if code else None
    return None


def _bare_agency(token: str, registry: AgencyRegistry) -> tuple[tuple[str, ...], str, bool] | None:
    agency = registry.lookup(token, standalone=True)
    if agency is None or token in agency.ambiguous:
        return None
    return (agency.code,), "group", True
