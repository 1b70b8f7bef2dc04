"""The agency registry: canonical codes, names, countries and aliases, as data.

The bundled ``agencies.toml`` is read with :mod:`tomllib`; a user file (the
``NEWSCRAWL_AGENCY_REGISTRY`` setting) extends it. Alias matching is
case-insensitive, except for *ambiguous* aliases ("AP", "PA", "TT") that are
also ordinary words or abbreviations: those match only with their exact case.
*Credit-only* aliases ("Petra", "Wafa") are also people's given names: they
count in a credit, a dateline or after "news agency", never as a whole author
or meta value. *After-name* aliases ("AFP", "dpa") also count at the end of an
author value after a plain space ("Anna Muster AFP").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from newscrawl.errors import UsageError
from newscrawl.tomlfiles import read_toml

BUNDLED_PATH = Path(__file__).with_name("agencies.toml")

_COUNTRY = re.compile(r"^[A-Z]{2}$")
# Words many agency names share; suggestions compare names without them, so that
# "Kyodo News Agency" is closer to "Kyodo News" than to "Petra News Agency".
_GENERIC_WORDS = re.compile(r"\b(?:the|news|agency|agence|agencia|agenzia|press|presse|"
                            r"nachrichtenagentur)\b")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})


def alias_key(alias: str) -> str:
    """The form aliases are compared in: NFC, one kind of dash, single spaces."""
    text = unicodedata.normalize("NFC", alias).translate(_DASHES)
    return " ".join(text.split())


@dataclass(frozen=True)
class Agency:
    """One news agency. ``code`` is what the archive stores in ``agencies``."""

    code: str
    name: str
    country: str
    aliases: tuple[str, ...]
    ambiguous: frozenset[str] = field(default_factory=frozenset)
    credit_only: frozenset[str] = field(default_factory=frozenset)
    after_name: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Vocabulary:
    """Non-agency words of the credit grammar (see ``[vocabulary]`` in the data)."""

    staff: frozenset[str] = frozenset()
    photo: tuple[str, ...] = ()


class AgencyRegistry:
    """Agencies by code, with alias lookup and did-you-mean suggestions.

    Compiled patterns that depend on the registry (the photo-credit markers)
    are built once per registry and cached on it.
    """

    def __init__(self, agencies: Iterable[Agency], vocabulary: Vocabulary | None = None) -> None:
        self._agencies: dict[str, Agency] = {}
        self._exact: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        self._credit_only: set[str] = set()
        self._after_name: dict[str, str] = {}
        for agency in agencies:
            self._add(agency)
        self.vocabulary = vocabulary or Vocabulary()
        self._staff_folded = frozenset(alias_key(w).casefold() for w in self.vocabulary.staff)

    def _add(self, agency: Agency) -> None:
        self._agencies[agency.code] = agency
        for alias in (agency.code, *agency.aliases):
            key = alias_key(alias)
            if alias in agency.ambiguous:
                self._exact[key] = agency.code
            else:
                self._folded[key.casefold()] = agency.code
            if alias in agency.credit_only:
                self._credit_only.add(key if alias in agency.ambiguous else key.casefold())
            if alias in agency.after_name:
                self._after_name[key] = agency.code

    # -- lookup ---------------------------------------------------------------------
    def lookup(self, alias: str, *, standalone: bool = False) -> Agency | None:
        """The agency an alias names ("dpa/lnw" -> dpa, "Keystone-SDA" -> SDA), or None.

        ``standalone``: the alias is a whole author or meta value with no credit
        context, where a credit-only alias ("Petra", a given name too) names nobody.
        """
        if not alias:
            return None
        key = alias_key(alias)
        code = self._exact.get(key)
        if code is None:
            key = key.casefold()
            code = self._folded.get(key)
        if code is None or (standalone and key in self._credit_only):
            return None
        return self._agencies[code]

    def after_name(self, token: str) -> str | None:
        """Code of an after-name alias ("AFP" in "Anna Muster AFP"), matched in its exact case."""
        return self._after_name.get(alias_key(token))

    def get(self, code: str) -> Agency | None:
        return self._agencies.get(code)

    def canonical(self, name: str) -> str | None:
        """Canonical code for a code or alias (exact code first), or None."""
        if name in self._agencies:
            return name
        agency = self.lookup(name)
        return agency.code if agency else None

    def is_staff(self, token: str) -> bool:
        return alias_key(token).casefold() in self._staff_folded

    def suggest(self, code: str, limit: int = 3) -> list[str]:
        """Codes close to a mistyped code or alias: 'dap' -> ['dpa', ...]."""
        wanted = _distinctive(code)
        if not wanted:
            return []
        names: dict[str, str] = {}
        for agency in self._agencies.values():
            for alias in (agency.code, *agency.aliases):
                names.setdefault(_distinctive(alias), agency.code)
        ranked = [names[k] for k in names if sorted(k) == sorted(wanted) and k != wanted]
        ranked += [names[k] for k in difflib.get_close_matches(wanted, list(names), n=10, cutoff=0.6)]
        out: list[str] = []
        for found in ranked:
            if found not in out:
                out.append(found)
        return out[:limit]

    @cached_property
    def photo_pattern(self) -> re.Pattern[str]:
        """Any photo-agency marker of the vocabulary, as a whole word."""
        words = sorted({alias_key(w) for w in self.vocabulary.photo}, key=len, reverse=True)
        body = "|".join(re.escape(w) for w in words) or r"(?!x)x"
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)

    # -- container protocol ---------------------------------------------------------
    def __iter__(self) -> Iterator[Agency]:
        return iter(self._agencies.values())

    def __len__(self) -> int:
        return len(self._agencies)

    def __contains__(self, code: object) -> bool:
        return code in self._agencies

    @property
    def codes(self) -> list[str]:
        return list(self._agencies)


def _distinctive(name: str) -> str:
    """A name folded and without the generic words, or folded whole if that is all it has."""
    folded = alias_key(name).casefold()
    return " ".join(_GENERIC_WORDS.sub(" ", folded).split()) or folded


# -- loading -----------------------------------------------------------------------------
class AgencyRegistryError(UsageError, ValueError):
    """A registry file cannot be read or holds a bad entry; the message names
    the file, the agency and the field."""


def load_registry(extra_path: str | None = None) -> AgencyRegistry:
    """The bundled registry, extended by the user TOML file at ``extra_path``.

    An entry of the user file whose code exists adds aliases to (and may rename)
    that agency; a new code adds an agency. Bad entries raise ``ValueError``
    naming the file, the agency and the field.
    """
    if not extra_path:
        return _bundled_registry()
    agencies, vocabulary = _bundled_data()
    merged = dict(agencies)
    extra = _read_toml(Path(extra_path))
    for agency in _parse_agencies(extra, str(extra_path), existing=merged):
        merged[agency.code] = agency
    _check_alias_conflicts(merged.values(), str(extra_path))
    return AgencyRegistry(merged.values(), _merge_vocabulary(vocabulary, extra, str(extra_path)))


@lru_cache(maxsize=1)
def _bundled_registry() -> AgencyRegistry:
    agencies, vocabulary = _bundled_data()
    return AgencyRegistry(agencies.values(), vocabulary)


@lru_cache(maxsize=1)
def _bundled_data() -> tuple[dict[str, Agency], Vocabulary]:
    data = _read_toml(BUNDLED_PATH)
    agencies = {a.code: a for a in _parse_agencies(data, str(BUNDLED_PATH), existing={})}
    _check_alias_conflicts(agencies.values(), str(BUNDLED_PATH))
    return agencies, _merge_vocabulary(Vocabulary(), data, str(BUNDLED_PATH))


def _read_toml(path: Path) -> dict[str, Any]:
    return read_toml(path, "agency registry", AgencyRegistryError)


def _parse_agencies(data: Mapping[str, Any], origin: str,
                    existing: Mapping[str, Agency]) -> list[Agency]:
    entries = data.get("agency", [])
    if not isinstance(entries, list):
        raise AgencyRegistryError(f"agency registry '{origin}': 'agency' must be an array of tables "
                         "([[agency]] entries)")
    return [_parse_agency(entry, origin, existing, n) for n, entry in enumerate(entries, 1)]


def _parse_agency(entry: Any, origin: str, existing: Mapping[str, Agency], number: int) -> Agency:
    if not isinstance(entry, dict):
        raise AgencyRegistryError(f"agency registry '{origin}': entry #{number} is not a table")
    code = entry.get("code")
    if not isinstance(code, str) or not code.strip() or code != code.strip():
        raise AgencyRegistryError(f"agency registry '{origin}': entry #{number}: field 'code' must be a "
                         f"non-empty string without surrounding spaces, got {code!r}")
    unknown = set(entry) - {"code", "name", "country", "aliases", *_ALIAS_SETS}
    if unknown:
        raise AgencyRegistryError(f"agency registry '{origin}': agency '{code}': unknown field(s) "
                         f"{sorted(unknown)}; allowed are code, name, country, aliases, "
                         f"{', '.join(_ALIAS_SETS)}")
    base = existing.get(code)
    name = entry.get("name", base.name if base else None)
    if not isinstance(name, str) or not name.strip():
        raise AgencyRegistryError(f"agency registry '{origin}': agency '{code}': field 'name' must be a "
                         f"non-empty string (the agency's full name), got {name!r}")
    country = entry.get("country", base.country if base else None)
    if not isinstance(country, str) or not _COUNTRY.match(country):
        raise AgencyRegistryError(f"agency registry '{origin}': agency '{code}': field 'country' must be a "
                         f"two-letter ISO 3166 code such as 'DE', got {country!r}")
    aliases = _string_list(entry.get("aliases", []), origin, code, "aliases")
    all_aliases = tuple(dict.fromkeys([*(base.aliases if base else ()), *aliases]))
    sets: dict[str, frozenset[str]] = {}
    for name_of_set in _ALIAS_SETS:
        listed = _string_list(entry.get(name_of_set, []), origin, code, name_of_set)
        stray = [a for a in listed if a not in all_aliases and a != code]
        if stray:
            raise AgencyRegistryError(f"agency registry '{origin}': agency '{code}': field '{name_of_set}' "
                             f"lists {stray}, which are not among its aliases; add them to 'aliases'")
        sets[name_of_set] = frozenset([*(getattr(base, name_of_set) if base else ()), *listed])
    return Agency(code, name.strip(), country, all_aliases, **sets)


# Optional per-agency subsets of the aliases, each with its own matching rule.
_ALIAS_SETS = ("ambiguous", "credit_only", "after_name")


def _string_list(value: Any, origin: str, code: str, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise AgencyRegistryError(f"agency registry '{origin}': agency '{code}': field '{name}' must be a "
                         f"list of non-empty strings, got {value!r}")
    return list(value)


def _check_alias_conflicts(agencies: Iterable[Agency], origin: str) -> None:
    owner: dict[str, str] = {}
    for agency in agencies:
        for alias in (agency.code, *agency.aliases):
            key = alias_key(alias) if alias in agency.ambiguous else alias_key(alias).casefold()
            other = owner.setdefault(key, agency.code)
            if other != agency.code:
                raise AgencyRegistryError(f"agency registry '{origin}': agency '{agency.code}': field "
                                 f"'aliases': alias '{alias}' already names agency '{other}'")


def _merge_vocabulary(base: Vocabulary, data: Mapping[str, Any], origin: str) -> Vocabulary:
    section = data.get("vocabulary", {})
    if not isinstance(section, dict):
        raise AgencyRegistryError(f"agency registry '{origin}': 'vocabulary' must be a table")
    lists = {}
    for name in ("staff", "photo"):
        value = section.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise AgencyRegistryError(f"agency registry '{origin}': vocabulary field '{name}' must be a "
                             f"list of non-empty strings, got {value!r}")
        lists[name] = value
    return Vocabulary(staff=base.staff | frozenset(lists["staff"]),
                      photo=tuple(dict.fromkeys([*base.photo, *lists["photo"]])))
