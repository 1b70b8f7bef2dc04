"""The page's language: what it declares (JSON-LD, <html lang>, meta), else py3langid.

Why py3langid and not a lighter identifier: its model costs ~74 MB (held once, in the
extraction fork server), but on the texts newscrawl extracts from both development sets
no lighter identifier (CLD3, fastText lid.176.ftz, CLD2, langdetect, lingua) was right on
as many pages, in full or cut to 500/200 characters; docs/extraction.md, "Language
identification", has the figures and ``bench/language_id.py`` measures them.
"""

from __future__ import annotations

import re

from .structured import PageMetadata

_CODE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")
#: the identifier reads this much of the text: more changes no result, only the time
SAMPLE_CHARS = 5000
#: below this many characters, or letters, a text is too thin to name its language
MIN_CHARS = 40
MIN_LETTERS = 20
#: py3langid's labels for "no language": "zxx" is its class of text without
#: linguistic content (numbers, punctuation), "und" undetermined
_NO_LANGUAGE = frozenset({"zxx", "und"})


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
    """The language py3langid names for ``text``, or None where there is none to
    name: a short text, one of few letters (dates, scores, credits), or one that
    py3langid itself classes as without linguistic content. A guess would be stored
    as the article's language and counted in the archive's statistics."""
    sample = text[:SAMPLE_CHARS]
    if len(sample) < MIN_CHARS or sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    import py3langid  # imported lazily: loading the model takes a while

    code, _ = py3langid.classify(sample)
    return code if code and code not in _NO_LANGUAGE else None


def _iso639_1(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    match = _CODE.match(value.strip().split(",")[0].strip())
    if not match or len(match.group(1)) != 2:
        return None
    return match.group(1).lower()
