"""Lines that are page furniture, not article text, in any of the usual news languages.

trafilatura keeps some of them because they sit inside the article container: "Lesen Sie
auch: …" teasers, "Teilen mit:", newsletter and subscription pitches, "Keine Kommentare".
A marker line is dropped; a marker heading ("Mehr zum Thema", "Auch interessant") also
takes the short link-like lines that follow it.
"""

from __future__ import annotations

import re

# headings that introduce a list of teaser links: the short lines after them go too
_LIST_HEADINGS = (
    r"lesen sie auch",
    r"auch (?:lesen|interessant)",
    r"mehr zum thema",
    r"mehr (?:themen|zu diesem thema|aus dem ressort|artikel)",
    r"weitere (?:artikel|beiträge|meldungen|themen|nachrichten)",
    r"das könnte (?:sie|dich) (?:auch )?interessieren",
    r"empfehlungen der redaktion",
    r"passend zum thema",
    r"related(?: articles| stories| posts| coverage)?",
    r"recommended(?: for you| stories)?",
    r"more (?:from|on this|stories)",
    r"you (?:may|might) also like",
    r"le puede interesar",
    r"te puede interesar",
    r"sur le même sujet",
    r"leggi anche",
    r"ähnliche(?: artikel| beiträge| themen)?",
    r"les (?:også|mer)",
    r"læs (?:også|mere)",
    r"läs (?:också|mer)",
    r"lees (?:ook|meer)",
    r"czytaj (?:więcej|też|także)",
)
# phrases that do not open article sentences
_LINE_MARKERS = (
    r"lesen sie (?:auch|mehr|hier):",
    r"mehr (?:dazu|lesen):",
    r"passend dazu:",
    r"teilen mit",
    r"artikel teilen",
    r"jetzt teilen",
    r"keine kommentare",
    r"kommentare? (?:anzeigen|schreiben)",
    r"lust auf mehr\?",
    r"jetzt (?:abonnieren|anmelden|registrieren)",
    r"bewerten:",
    r"zur startseite",
    r"read (?:more|also|next):",
    r"share (?:this|on|via)",
    r"we want to hear what you think",
    r"download the .{1,40} app",
    r"no comments",
    r"leave a (?:comment|reply)",
    r"lea (?:también|más):",
    r"mira:",
    r"s[ií]guenos en",
    r"suscr[ií]bete",
    r"leia (?:também|mais):",
    r"(?:à )?lire aussi",
    r"iscriviti",
    r"les også:",
    r"læs også:",
    r"läs (?:också|även):",
    r"lees ook:",
    r"czytaj (?:też|także|również|więcej):",
    r"zobacz (?:też|także|również):",
    r"fehler gefunden\?",
    r"folgst du (?:schon|uns)",
    r"you must be logged in",
    r"story continues below",
    r"copyright ©",
)
# words that also open real sentences: only short lines count
_SHORT_LINE_MARKERS = (
    r"newsletter",
    r"sign up",
    r"subscribe",
    r"follow us",
    r"click here",
    r"read more",
    r"mehr lesen",
    r"advertisement",
    # the German ad label, not "Anzeige gegen …" (a criminal complaint)
    r"anzeige(?:\s*[,:|–-]|$)",
    r"©",
    # picture credits left from a caption: "Photo: AFP", "Image: Jane Doe"
    r"(?:photo|image|picture|foto|bild|фото)s?\s*:",
)
_LIST_HEADING = re.compile(r"^(?:" + "|".join(_LIST_HEADINGS) + r")\s*:?$", re.IGNORECASE)
_LINE_MARKER = re.compile(r"^(?:" + "|".join(_LINE_MARKERS + _LIST_HEADINGS) + ")", re.IGNORECASE)
_SHORT_LINE_MARKER = re.compile(r"^(?:" + "|".join(_SHORT_LINE_MARKERS) + ")", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…\"“”»]$")
SHORT_LINE_CHARS = 100


def drop_boilerplate_lines(paragraphs: list[str]) -> list[str]:
    kept: list[str] = []
    skipping = 0
    for paragraph in paragraphs:
        if skipping and len(paragraph) < 120 and not _SENTENCE_END.search(paragraph):
            skipping -= 1
            continue
        skipping = 0
        if _LIST_HEADING.match(paragraph):
            skipping = 6
            continue
        # (list items are read without their bullet: "- Advertisement")
        line = paragraph.lstrip("-•· ")
        if (len(line) < 200 and _LINE_MARKER.match(line)) or (
            len(line) <= SHORT_LINE_CHARS and _SHORT_LINE_MARKER.match(line)
        ):
            continue
        kept.append(paragraph)
    return kept
