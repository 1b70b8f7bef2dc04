"""Lines that are page furniture, not article text, in any of the usual news languages.

trafilatura keeps some of them because they sit inside the article container: "Lesen Sie
auch: …" teasers, "Teilen mit:", newsletter and subscription pitches, "Keine Kommentare".
A marker line is dropped; a marker heading ("Mehr zum Thema", "Auch interessant") also
takes the short link-like lines that follow it.
"""

from __future__ import annotations

import re

_MARKERS = (
    # German
    r"lesen sie (?:auch|mehr|hier)",
    r"auch (?:lesen|interessant)",
    r"mehr zum thema",
    r"mehr (?:themen|dazu|lesen|zu diesem thema|aus dem ressort|artikel)",
    r"weitere (?:artikel|beiträge|meldungen|themen|nachrichten|informationen zum thema)",
    r"das könnte (?:sie|dich) (?:auch )?interessieren",
    r"empfehlungen der redaktion",
    r"passend (?:dazu|zum thema)",
    r"teilen mit",
    r"artikel teilen",
    r"jetzt teilen",
    r"keine kommentare",
    r"kommentare? (?:anzeigen|schreiben)",
    r"lust auf mehr",
    r"newsletter",
    r"jetzt (?:abonnieren|anmelden|registrieren)",
    r"bewerten:",
    r"zur startseite",
    r"zum artikel",
    r"diesen artikel",
    # English
    r"read (?:more|also|next)",
    r"related(?: articles| stories| posts| coverage)?:?$",
    r"recommended(?: for you| stories)?:?$",
    r"more (?:from|on this|stories|news)",
    r"you (?:may|might) also like",
    r"share (?:this|on|via)",
    r"sign up",
    r"subscribe",
    r"follow us",
    r"we want to hear what you think",
    r"download the .{1,40} app",
    r"no comments",
    r"leave a (?:comment|reply)",
    r"click here to",
    # Spanish, Portuguese, French, Italian
    r"lea (?:también|más)",
    r"le puede interesar",
    r"te puede interesar",
    r"mira:",
    r"s[ií]guenos en",
    r"suscr[ií]bete",
    r"leia (?:também|mais)",
    r"lire aussi",
    r"à lire aussi",
    r"sur le même sujet",
    r"leggi anche",
    r"iscriviti",
)
_MARKER = re.compile(r"^(?:" + "|".join(_MARKERS) + r")", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…\"“”»]$")


def drop_boilerplate_lines(paragraphs: list[str]) -> list[str]:
    kept: list[str] = []
    skipping = 0
    for paragraph in paragraphs:
        if skipping and len(paragraph) < 120 and not _SENTENCE_END.search(paragraph):
            skipping -= 1
            continue
        skipping = 0
        if len(paragraph) < 200 and _MARKER.match(paragraph):
            # a bare heading ("Mehr zum Thema:") introduces a list of teaser links
            if len(paragraph) <= 40:
                skipping = 6
            continue
        kept.append(paragraph)
    return kept
