"""Credit strings to people: prefixes, roles, dates and page furniture cut off, lists split,
agency, house and organisation credits recognised (agencies by the agency registry).

Pure string logic; `bylines` finds the strings in the page and `authors` chooses among them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..agencies import load_registry, split_author
from .structured import clean_space

_PREFIX = re.compile(
    r"^(?:(?:view|see) all (?:posts|articles|stories) by|about the author|"
    r"über (?:den autor|die autorin)|posted by|written by|published by|article by|words by|"
    r"text (?:und|&) (?:interview|fotos?|bilder?|bild)|text by|story by|reporting by|a post by|"
    r"zum profil von|ein beitrag von|ein kommentar von|ein gastbeitrag von|geschrieben von|"
    r"verfasst von|veröffentlicht von|mehr artikel von|alle artikel von|mehr von|"
    r"interview von|erstellt von|artikel von|beitrag von|bericht von|kommentar von|"
    r"escrito por|escribe|publicado por|publié par|redigiert von|eingestellt von|rezept von|"
    r"interview|post author|autor(?:in)?\s?/\s?autor(?:in)?|autor(?:\*|_|/-?|\(|I)in\)?|"
    r"autor(?:in|es|a)?|auteur|author|texto|text|von|vom|by|par|por|"
    r"di|door|av|af|ved|posted on|publiziert am|veröffentlicht am|"
    r"责任编辑|编辑|作者|记者)\b[\s:：]*",
    re.IGNORECASE,
)
# "Posted on 21 September 2020 by Anna Muster": the date comes before the name
_DATED_PREFIX = re.compile(
    r"^(?:posted|published|veröffentlicht|erstellt|geschrieben)\s+(?:on|am)\s+.{1,40}?\s"
    r"(?:by|von)\s+",
    re.IGNORECASE,
)
# "Pressemitteilung von Katja Kipping", "Disko Von Ernst Lohoff": a kind of piece before
# the name. Only when a full name (two capitalised words) follows, so that "Alexa von
# Heyden" and "Ursula von der Leyen" keep their particle.
_LEAD_IN = re.compile(
    r"^(?:[\w.-]+\s+){1,2}?(?i:von|by|par|por)\s+"
    r"(?=[A-ZÄÖÜ][\w'.-]*\s+[A-ZÄÖÜ][\w'.-]+(?:\s|$))"
)
# "Edited by", "Foto von", "Übersetzt von", "Fotos:", "Editor :": someone other than the
# author
_OTHER_ROLE = re.compile(
    r"\b(?:edited|translated|illustrated|photographed|produced|curated|compiled|foto\w*|"
    r"editor|redaktur|penyunting|"
    r"photo\w*|bild\w*|illustration\w*|grafik\w*|übersetz\w*|bearbeitet|video|kamera|"
    r"schnitt)(?:\s+(?:von|by|par|por)\s|\s?:)",
    re.IGNORECASE,
)
# "Datum: 19.11.2021 Autor: Fritz Imhof Quelle: Livenet": the author label inside a line
_LABELLED = re.compile(
    r"(?:^|\s)(?i:autor(?:in|en)?|author|auteur|text|von|by)\s?:\s*(.+?)(?=\s+[A-ZÄÖÜ]\w+\s?:|$)"
)
# "06.11.2023 13:30 von Olga", "11.12.2019 - Amelie Loevenich": a date before the byline
_LEADING_DATE = re.compile(
    r"^(?:\d{1,4}[./:-]\d{1,2}(?:[./:-]\d{1,4})?\.?(?:\s*uhr)?[\s,|·•–-]*)+"
    r"(?=(?:von|by|par|por)\s|(?:[A-ZÄÖÜ][\w.'-]+\s+){1,2}[A-ZÄÖÜ][\w.'-]+$)",
    re.IGNORECASE,
)
_EMAIL_URL = re.compile(r"\S+@\S+\.\w+|https?://\S+|www\.\S+\.\w+/\S*|(?<!\S)@\w+")
_TRAILING = re.compile(
    r"\s*(?:[|•·,\-–—]\s*)?(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}/\d{1,2}/\d{2,4}|"
    r"\d{1,2}\.?\s+(?:jan|feb|mär|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)\w*|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d{1,2}\b|"
    r"\bam \d{1,2}[./]|\s(?:at|um|@)\s+\d{1,2}[:.]\d{2}|\s\d{1,2}:\d{2}\s?(?:am|pm|uhr)?\b|"
    r"\bon (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|"
    r"\s[|·•]\s|\s[-–—]\s|"
    r"\s(?:am\s)?(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"\s(?:mo|di|mi|do|fr|sa|so|mon|tue|wed|thu|fri|sat|sun)\.?(?:,|\s+\d|$)|"
    r"\b(?:stand|aktualisiert|updated|published|veröffentlicht|publicado|actualizado|hace)\b|"
    r"\bsays\b|\bsagt\b|\s+am$|\s(?:filed\s)?(?:under|unter)\b|"
    r"\s(?:alle|mehr|weitere)\s+(?:artikel|beiträge)\b|"
    r"\s(?:illustration(?:en)?|fotos?|photos?|bilder?|grafiken?)(?:\s+(?:von|by)\s|\s?:)).*$",
    re.IGNORECASE,
)
_SPLIT = re.compile(
    r"\s*(?:;|\s/\s|\s+im gespräch mit\s+|\s+in conversation with\s+|\s+und\s+|\s+and\s+|"
    r"\s+&\s+|\s+sowie\s+|\s+y\s+|\s+et\s+|\s+e\s+|\s+mit\s+|\s+with\s+|\s*\|\s*)\s*",
    re.IGNORECASE,
)
_ROLE_SUFFIX = re.compile(
    r",?\s*\(?\b(?:(?:\w{4,})?redakteur(?:in)?|(?:\w{4,})?korrespondent(?:in)?|reporter(?:in)?|"
    r"editor|correspondent|"
    r"staff writer|senior writer|contributor|chefredakteur(?:in)?|ressortleiter(?:in)?|"
    r"\w{4,}leiter(?:in)?|freie? autor(?:in)?|photographer|fotograf(?:in)?|mitglied|"
    r"member of|leitet|arbeitet|schreibt|is an?|ist|for the)\b\)?.*$",
    re.IGNORECASE,
)
# "Claudia Riedler Leiterin Redaktion Leben und Gesundheit": a job title right after the
# name runs to the end, "und" included (after a comma it may be followed by a second name)
_TITLE_AFTER_NAME = re.compile(
    r"(?<=\w)\s(?:redakteur(?:in)?|korrespondent(?:in)?|chefredakteur(?:in)?|"
    r"\w*leiter(?:in)?)\s+(?!und\b|and\b)\S.*$",
    re.IGNORECASE,
)
# house credits: the newsroom, desk or team ("Redaktion", "Staff", "PETA-Team"), the outlet
# or broadcaster ("Zeitung", "Radio", "ARD"), press-release services and organisations
# ("… e.V.", "Stiftung"), matched as whole words anywhere in the name. News agencies are
# not listed here: the agency registry recognises them (`_names_agency`).
_HOUSE_CREDIT = re.compile(
    r"\b(?:agenturen|agentur|agencies|agences|wire|newswire|pressetext|presseportal|"
    r"red|redaktion|newsroom|staff|team|"
    r"redacci[oó]n|r[ée]daction|redazione|reda[cç][aã]o|noticias|nachrichten|nouvelles|notizie|"
    r"online|zeitung|verlag|gmbh|ag|kg|ltd|inc|media|news|tv|radio|fernsehen|"
    r"ard|zdf|orf|srf|ndr|wdr|swr|mdr|rbb|dlf|bbc|cnn|"
    r"e\.\s?v|stiftung|verband|verein|institut|foundation|association|university|"
    r"program|programme|department|abteilung|office|pressestelle)\b",
    re.IGNORECASE,
)
# page furniture words that end up in byline elements ("Follow", "Alle Artikel", "4 Min Read")
_UI_WORDS = re.compile(
    r"\b(?:posted|follow|folgen|artikel|beiträge|beitrag|author\w*|autor\w*|archiv\w*|"
    r"twitter|facebook|linkedin|instagram|youtube|xing|community|weiter|weitere|donate|"
    r"contact\w*|kontakt\w*|min|read|lesezeit|video|photo\w*|foto\w*|bild|getestet|über|"
    r"about|profil|profile|mehr|more|share|teilen|e-?mail|newsletter|anzeigen|schließen|"
    r"und|and|by|mit|with|name|kommentar\w*|comments?|reply|antworten|says|sagt|"
    r"publiziert|veröffentlicht|published|updated|aktualisiert|anmelden|login|logout|"
    r"registrieren|register|konto|account|abonnieren|subscribe|person|settings|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|tuesday|"
    r"wednesday|thursday|saturday|sunday|anonym\w*|anónimo|unknown|unbekannt)\b",
    re.IGNORECASE,
)
# the CMS's default accounts: whoever set the site up, no one's name
_SYSTEM_ACCOUNT = re.compile(
    r"(?:wp|wordpress|site|web|blog|super)?[\s_-]?admin(?:istrator)?\d*|webmaster|root|"
    r"(?:default|demo|test|super)[\s_-]?user|guest"
)
_NOT_A_NAME = re.compile(
    r"[@#:|/\\{}<>=©®]|^[\W\d]|\s\d+(?:\s|$)|\.(?:de|com|at|ch|org|net)\b", re.IGNORECASE
)
_PARTICLES = frozenset(
    {
        "von",
        "van",
        "de",
        "der",
        "den",
        "da",
        "di",
        "del",
        "la",
        "le",
        "zu",
        "y",
        "bin",
        "al",
        "dos",
        "das",
        "du",
        "ten",
        "ter",
        "vom",
        "zum",
    }
)


# soft hyphens, zero-width spaces and BOMs: hyphenation hints in justified text
# ("Mat\u00adthi\u00adas"), invisible, not part of the name
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


def split_people(raw: str) -> list[str]:
    """People named in one credit string; agency and organisation credits yield nothing."""
    people = (_without_agency(name) for name in _credit_parts(raw))
    return [name for name in people if is_person_name(name)]


def split_credited(raw: str) -> list[str]:
    """Every name one credit string credits, as written: people, agencies, outlets and
    desks ("Anna Muster/dpa" gives "Anna Muster" and "dpa", "By Associated Press 12:20pm"
    "Associated Press"), without prefixes, roles, dates, e-mails or interface words."""
    names: list[str] = []
    for part in _credit_parts(raw):
        name = _DANGLING_WORD.sub("", part)
        person, codes = split_author(name, load_registry())
        if codes and person and name.startswith(person):
            names += [person, name[len(person) :].strip(" /,;-–—()")]
        else:
            names.append(name)
    return [name for name in names if is_credited_name(name)]


# "By TPN, in <a>News</a>": the text before the links of the sections it is filed in
_DANGLING_WORD = re.compile(r",\s*(?:in|im|en|dans|unter|under)$", re.IGNORECASE)


def _credit_parts(raw: str) -> list[str]:
    """The names of one credit string, cut from prefixes, roles, dates and furniture
    words, not yet judged (person, agency, outlet or none)."""
    text = _EMAIL_URL.sub(" ", clean_space(_INVISIBLE.sub("", raw)))
    if _OTHER_ROLE.match(text):
        return []
    labelled = _LABELLED.search(text)
    if labelled:
        text = labelled.group(1)
    text = strip_prefixes(_DATED_PREFIX.sub("", _LEADING_DATE.sub("", text)))
    text = strip_prefixes(_TRAILING.sub("", text).strip(" ,;|-–—"))
    text = _TITLE_AFTER_NAME.sub("", text)
    names: list[str] = []
    for part in _SPLIT.split(text):
        for name in _split_commas(part):
            name = _once(_without_role(strip_prefixes(name)).strip(" ,;-–—'\"()»«›‹…→▶►▸"))
            names.append(_FOOTNOTE.sub("", _UNCLOSED.sub("", name)))
    return names


# "Xiaoying You 0": an affiliation or footnote number after a name in an author list
_FOOTNOTE = re.compile(r"(?<=[^\W\d])\s\d{1,2}$")


_ACTION_OR_FUNCTION_WORD = re.compile(r"[a-zäöüß]{1,3}|[a-zäöüß]+(?:en|ern|eln)")
# "Elena Oberholzer (obe": an editor's code cut off inside its parenthesis
_UNCLOSED = re.compile(r"\s*\([^()]*$")
# the kind of piece, set where a byline stands: "Kurzmeldung", "Analyse", "Live-Ticker"
_GENRE_LABEL = re.compile(
    r"(?i:(?:kurz|eil|agentur|pflicht)?meldung(?:en)?|kurz|nachricht|kommentar|meinung|"
    r"analyse|analysis|interview|gastbeitrag|gastkommentar|kolumne|column|glosse|leitartikel|"
    r"reportage|rezension|kritik|review|opinion|editorial|live-?(?:ticker|blog)|ticker|"
    r"breaking(?: news)?|update|exklusiv|exclusive|sponsored|anzeige|advertorial|"
    r"promotion|partner(?:inhalt|content)?|podcast|newsticker|faktencheck|fact ?check|"
    r"brève|tribune|chronique|entretien|noticia|opinión|crónica|entrevista)"
)


def _without_agency(name: str) -> str:
    """The person of "Anna Muster/dpa" or "Anna Muster AFP", split off as the agency stage
    splits author values; the agency itself stays in the raw credit for that stage. Only a
    person before the agency: "AFP/The Local" is a co-credit of agency and publication."""
    person, codes = split_author(name, load_registry())
    if not codes:
        return name
    return person if person and name.startswith(person) else ""


def _once(name: str) -> str:
    """ "Kristen Falc'hon Kristen Falc'hon" (a visible name and a screen-reader copy)."""
    words = name.split()
    half = len(words) // 2
    return " ".join(words[:half]) if half and words[:half] == words[half:] else name


def _without_role(name: str) -> str:
    """ "Jan Beispiel (Redakteur)" -> "Jan Beispiel"; a pen name such as "Rasender Reporter"
    keeps its second word."""
    stripped = _ROLE_SUFFIX.sub("", name).strip()
    return name if len(name.split()) == 2 and len(stripped.split()) == 1 else stripped


def strip_prefixes(text: str) -> str:
    if not _OTHER_ROLE.search(text[:40]):
        text = _LEAD_IN.sub("", text, count=1)
    for _ in range(3):
        stripped = _PREFIX.sub("", text).strip(" ,;|-–—")
        if stripped == text:
            break
        text = stripped
    return text


def _split_commas(part: str) -> list[str]:
    pieces = [p.strip() for p in part.split(",")]
    if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces if p):
        return pieces
    # "Name, Place" or "Surname, Given": keep the first piece only when it is a full name
    if len(pieces) > 1 and len(pieces[0].split()) >= 2:
        return [pieces[0]]
    return [part]


# what no credited name holds: addresses, markup, a leading digit or sign, a number word
_NOT_CREDITED = re.compile(r"[@#:|\\{}<>=©®]|^[\W\d]|\s\d+(?:\s|$)|^https?\b|\bwww\.")


def is_credited_name(name: str) -> bool:
    """A name a byline may credit: a person, an agency ("dpa", "Associated Press"), an
    outlet or desk ("DER SPIEGEL", "ndr.de", "Guardian staff reporter"); not interface
    words, a label naming the kind of piece, a system account or prose."""
    if not name or len(name) > 80 or _NOT_CREDITED.search(name) or _UI_WORDS.search(name):
        return False
    words = name.split()
    if len(words) > 6 or _SYSTEM_ACCOUNT.fullmatch(name.casefold()) or _GENRE_LABEL.fullmatch(name):
        return False
    # "TPN, in", "Themen bearbeiten": an interface action or a function word ends no name;
    # "unserer Redaktion" ("our newsroom") is prose, "dpa Sport" and "de Oliveira" are not
    if len(words) > 1 and (
        _ACTION_OR_FUNCTION_WORD.fullmatch(words[-1])
        or (len(words[0]) > 3 and words[0].isalpha() and words[0].islower())
    ):
        return False
    return any(ch.isalpha() for ch in name)


def is_person_name(name: str) -> bool:
    if not name or len(name) < 2 or len(name) > 60:
        return False
    if _NOT_A_NAME.search(name) or _HOUSE_CREDIT.search(name) or _UI_WORDS.search(name):
        return False
    if _SYSTEM_ACCOUNT.fullmatch(name.casefold()):
        return False
    words = name.split()
    if len(words) > 5:
        return False
    # "deinen Hochzeitsbloggern", "Tricks für zu Hause": prose, not a name
    lower = [w for w in words if w[0].islower() and w not in _PARTICLES]
    if len(words) > 1 and (words[0] in lower or len(lower) > 1 or (lower and len(words) > 2)):
        return False
    # "Themen bearbeiten", "Artikel merken", "TPN, in": an interface action (an infinitive)
    # or a function word ends no name; a name typed in lower case does ("Mobasir hassan")
    if len(words) > 1 and _ACTION_OR_FUNCTION_WORD.fullmatch(words[-1]):
        return False
    if _GENRE_LABEL.fullmatch(name):
        return False
    return any(ch.isalpha() for ch in name) and not _names_agency(name)


# the parts of a login handle: "christian.stadtfeld", "robert_stitz", "anna-muster"
_HANDLE_PARTS = re.compile(r"[._-]+")


def handle_parts(handle: str) -> list[str]:
    """ "christian.stadtfeld" -> ["christian", "stadtfeld"]; a plain word is one part."""
    return [p for p in _HANDLE_PARTS.split(handle) if p]


def writes_out(short: str, full: str) -> bool:
    """Is `full` the written-out name of the person a first name or a login handle stands
    for? "Nils" -> "Nils Pickert" (a capitalised first name, the same first word);
    "christian.stadtfeld" -> "Christian P. Stadtfeld" (first and last part of the handle
    are the first and last word)."""
    words = full.casefold().split()
    if len(words) < 2 or len(words) > 4 or split_people(full) != [full]:
        return False
    parts = handle_parts(short.casefold())
    if len(parts) >= 2:
        return words[0] == parts[0] and words[-1] == parts[-1]
    return short[:1].isupper() and words[0] == short.casefold()


def names_another_role(text: str) -> bool:
    """Does a byline's text start with another role's label ("Editor : Heryadi", "Foto:
    Anna Muster", "Übersetzt von …")? Then the names in it are not the author's."""
    return bool(_OTHER_ROLE.match(clean_space(text)))


def is_agency_credit(raw: str) -> bool:
    """Does this credit string name a news agency ("dpa/lno", "Reuters Staff", "Anna Muster,
    dpa")? Decided by the agency registry's rules for author values: whole aliases of the
    string or of its parts, ambiguous aliases only in their own case ("AP", not "Ap")."""
    return bool(split_author(raw, load_registry())[1])


@lru_cache(maxsize=4096)
def _names_agency(name: str) -> bool:
    """A news agency, a picture agency ("Keystone", "EPA-EFE") or a desk marker that
    credits nobody ("Agenturen", "ots"), all as the registry lists them."""
    registry = load_registry()
    return bool(
        split_author(name, registry)[1]
        or registry.is_staff(name)
        or registry.photo_pattern.fullmatch(name)
    )


def name_letters(name: str) -> str:
    """A name's letters and digits, case-folded: the spellings of one name compare
    equal ("Arian Schlichenmayer", "arianschlichenmayer", "ALLY MUTNICK")."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())
