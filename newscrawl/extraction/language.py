"""The page's language: what it declares (JSON-LD, <html lang>, meta), else py3langid."""

from __future__ import annotations

import re

from .structured import PageMetadata

_CODE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")


def declared_language(page: PageMetadata) -> str | None:
    in_language = page.article_value("inLanguage")
    if isinstance(in_language, dict):
        in_language = in_language.get("alternateName") or in_language.get("name")
    for value in (
        in_language,
        page.html_lang,
        page.first_meta("content-language", "language", "dc.language", "og:locale"),
    ):
        code = _iso639_1(value)
        if code:
            return code
    return None


def detect_language(text: str) -> str | None:
    if len(text) < 40:
        return None
    import py3langid  # imported lazily: loading the model takes a while

    code, _ = py3langid.classify(text[:5000])
    return code or None


def _iso639_1(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    match = _CODE.match(value.strip().split(",")[0].strip())
    if not match or len(match.group(1)) != 2:
        return None
    return match.group(1).lower()
