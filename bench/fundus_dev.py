"""The second development set, ``../shared/eval/fundus-dev``: its pages, gold values and metric.

127 news pages of 88 publishers in 27 countries (Fundus' parser test data). The metric is
the one its README defines, so the plain-trafilatura figures it quotes can be reproduced:

- body: gold = summary paragraphs, then each section's headlines and paragraphs; both
  sides lower-cased, split into ``\\w+`` words, 4-gram shingles counted as bags; per page
  P = |common| / |extracted|, R = |common| / |gold| (an empty side scores 0); P and R are
  averaged over pages and F1 is taken of the averages;
- title: exact after collapsing whitespace;
- every comparison (body words too) is of NFC text without soft hyphens and zero-width
  characters on both sides (``benchdata.collapse``);
- authors: the set of names (whitespace-collapsed, case-folded) equals the gold set;
  "persons": the same with news-agency credits removed on both sides;
- date: the calendar day of the stored date in the outlet's local time equals the day
  written in the gold value.

The outlet's zone is not in the data; the country directory stands in for the source
registry's ``timezone`` (as ``bench/date_accuracy.py`` uses the country TLD).
"""

from __future__ import annotations

import ast
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchdata import SHARED, collapse

FUNDUS_DEV = SHARED / "eval" / "fundus-dev"

#: Country directory -> the zone most of its outlets publish in.
COUNTRY_ZONES = {
    "at": "Europe/Vienna", "au": "Australia/Sydney", "be": "Europe/Brussels",
    "ca": "America/Toronto", "ch": "Europe/Zurich", "de": "Europe/Berlin",
    "dk": "Europe/Copenhagen", "es": "Europe/Madrid", "fr": "Europe/Paris",
    "id": "Asia/Jakarta", "it": "Europe/Rome", "jp": "Asia/Tokyo", "kr": "Asia/Seoul",
    "ls": "Africa/Maseru", "my": "Asia/Kuala_Lumpur", "na": "Africa/Windhoek",
    "no": "Europe/Oslo", "pl": "Europe/Warsaw", "pt": "Europe/Lisbon",
    "ru": "Europe/Moscow", "se": "Europe/Stockholm", "tr": "Europe/Istanbul",
    "tw": "Asia/Taipei", "ua": "Europe/Kyiv", "uk": "Europe/London",
    "us": "America/New_York", "za": "Africa/Johannesburg",
}

#: Credits that name a news agency, not a person ("persons" metric; README's list and kin).
AGENCY_NAMES = frozenset(
    name.casefold()
    for name in (
        "dpa", "AFP", "Reuters", "AP", "Associated Press", "The Associated Press", "SDA",
        "APA", "epd", "KNA", "ANSA", "EFE", "Keystone-SDA", "Belga", "ANP", "TT", "NTB",
        "Ritzau", "PAP", "Kyodo", "Yonhap", "Bernama", "AAP", "CP", "The Canadian Press",
        "Europa Press", "Lusa", "dts", "dts Nachrichtenagentur", "AFP/dpa", "dpa/AFP",
        "Agence France-Presse", "Deutsche Presse Agentur", "Interfax", "TASS", "RIA Novosti",
        "Ukrinform", "NTB/ANB", "SIR", "KNA/epd", "APA/dpa",
    )
)

_WORDS = re.compile(r"\w+")
_WS = re.compile(r"\s+")




@dataclass
class FundusPage:
    """One page with its gold values (``authors`` None where the gold has no key)."""

    url: str
    path: str
    country: str
    publisher: str
    title: str | None
    authors: list[str] | None
    date: str | None
    body: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def timezone(self) -> str:
        return COUNTRY_ZONES.get(self.country, "UTC")


def _version_key(name: str) -> list[int]:
    return [int(part) for part in name.lstrip("V").split("_")]


def _literal(value: Any) -> Any:
    """Fundus' JSON holds some fields as Python reprs of lists and dicts."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value
    return value


def gold_body(body: Any) -> str:
    body = _literal(body) or {}
    parts = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        parts.extend(section.get("headline") or [])
        parts.extend(section.get("paragraphs") or [])
    return "\n".join(parts)


def load_pages(data_dir: Path = FUNDUS_DEV, limit: int | None = None) -> list[FundusPage]:
    pages = []
    for meta_path in sorted((data_dir / "test_data").glob("*/meta.info")):
        country = meta_path.parent.name
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        by_publisher: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for name, info in meta.items():
            publisher = name.rsplit("_", 3)[0]
            by_publisher.setdefault(publisher, []).append((name, info))
        for publisher, entries in sorted(by_publisher.items()):
            gold_path = meta_path.parent / f"{publisher}.json"
            if not gold_path.exists():
                continue
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            versions = sorted(gold, key=_version_key)
            entries.sort(key=lambda entry: entry[1]["crawl_date"])
            for (name, info), version in zip(entries, versions, strict=False):
                record = gold[version]
                authors = _literal(record["authors"]) if "authors" in record else None
                pages.append(FundusPage(
                    url=info["url"], path=str(meta_path.parent / name), country=country,
                    publisher=publisher, title=collapse(record.get("title")) or None,
                    authors=[collapse(a) for a in authors] if authors is not None else None,
                    date=(record.get("publishing_date") or "")[:10] or None,
                    body=gold_body(record.get("body")),
                ))
    return pages[:limit] if limit else pages


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    words = _WORDS.findall(collapse(text).lower())
    return Counter(tuple(words[i:i + size]) for i in range(len(words) - size + 1))


def body_scores(extracted: str, gold: str) -> tuple[float, float]:
    """Per-page precision and recall of 4-gram shingle bags."""
    ours, theirs = shingles(extracted), shingles(gold)
    common = sum((ours & theirs).values())
    precision = common / sum(ours.values()) if ours else 0.0
    recall = common / sum(theirs.values()) if theirs else 0.0
    return precision, recall


def is_agency_credit(name: str) -> bool:
    """A credit naming a news agency, alone or with a desk or place ("AFP Deutschland",
    "AFP, MANILA", "Le Figaro et AFP")."""
    words = _WORDS.findall(name)
    return any(" ".join(words[i:j]) in AGENCY_NAMES
               for i in range(len(words)) for j in range(i + 1, min(len(words), i + 3) + 1))


def name_set(names: list[str] | None, *, persons: bool = False) -> set[str]:
    folded = {collapse(name).casefold() for name in names or [] if collapse(name)}
    return {name for name in folded if not is_agency_credit(name)} if persons else folded


def score(page: FundusPage, text: str, title: str | None, authors: list[str],
          date: str | None) -> dict[str, Any]:
    precision, recall = body_scores(text, page.body)
    result: dict[str, Any] = {"body_p": precision, "body_r": recall}
    result["title"] = collapse(title) == page.title if page.title else None
    if page.authors is None:
        result["authors"] = result["persons"] = None
    else:
        result["authors"] = name_set(authors) == name_set(page.authors)
        gold_persons = name_set(page.authors, persons=True)
        result["persons"] = (name_set(authors, persons=True) == gold_persons
                             if gold_persons else None)
    result["date"] = (date == page.date) if page.date else None
    return result
