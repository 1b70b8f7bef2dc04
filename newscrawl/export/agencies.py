"""Reading the agency codes a researcher types (``--agency dpa``).

A code is accepted when the agency registry knows it (under its code or an
alias, in any case: ``DPA`` and ``Deutsche Presse-Agentur`` both mean ``dpa``)
or when the archive holds it. Anything else is an error that suggests close
matches, because a typo would otherwise silently export nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class UnknownAgencyError(ValueError):
    """An --agency value that names no known agency."""


def _registry(extra_path: str | None = None):
    """The agency registry (with the user's ``NEWSCRAWL_AGENCY_REGISTRY``
    file), or None where ``newscrawl.agencies`` has none."""
    try:
        from newscrawl.agencies.registry import load_registry
    except ImportError:
        return None
    return load_registry(extra_path or None)


def resolve_agency(name: str, archive_codes: Iterable[str],
                   registry_path: str | None = None) -> str:
    """The canonical code for ``name``, or UnknownAgencyError with suggestions."""
    codes = list(archive_codes)
    if name in codes:
        return name
    registry = _registry(registry_path)
    if registry is not None and (code := registry.canonical(name)):
        return code
    folded = {code.casefold(): code for code in codes}
    if name.casefold() in folded:
        return folded[name.casefold()]
    raise UnknownAgencyError(_unknown_message(name, suggest_agencies(name, codes, registry)))


def suggest_agencies(name: str, archive_codes: list[str], registry=None) -> list[str]:
    """Close matches from the registry first, then from the archive's codes."""
    found = list(registry.suggest(name)) if registry is not None else []
    folded = {code.casefold(): code for code in archive_codes}
    found += [folded[k] for k in difflib.get_close_matches(name.casefold(), list(folded),
                                                           n=3, cutoff=0.6)]
    found += [c for c in archive_codes if sorted(c.casefold()) == sorted(name.casefold())]
    return list(dict.fromkeys(found))[:3]


def _unknown_message(name: str, suggestions: list[str]) -> str:
    if suggestions:
        return (f"unknown agency {name!r} — did you mean {' or '.join(suggestions)}? "
                f"(--agency takes a code such as dpa, APA, Reuters)")
    return (f"unknown agency {name!r}: neither the agency registry nor the archive knows it; "
            f"'newscrawl stats' lists the agencies in the archive")
