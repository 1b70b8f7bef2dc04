"""Datelines at the start of a wire story: "Berlin (dpa) -", "Washington, Moskau – ".

Two forms are recognised within the first ``HEAD_WINDOW`` characters:

* with an agency marker: ``[places][, date] (agency) [dash]`` -- "WASHINGTON (Reuters) -",
  "PARIS, 3 mai (Reuters) -", "NEW YORK (AP) —", "(dpa) Die ...";
* without one: ``places dash Sentence`` -- "Washington, Moskau – US-Präsident ...". This
  is stricter: one to four short capitalised place names before a spaced dash within
  the first ``MAX_PREFIX`` characters, not starting with an article, pronoun or kicker
  word ("Die", "The", "Update"), and a capital letter, digit or quote after the dash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newscrawl.agencies.registry import AgencyRegistry, load_registry
from newscrawl.agencies.tokens import DATE_TOKEN, read_group

HEAD_WINDOW = 300
MAX_PREFIX = 80
MAX_PLACES = 4

_DASH = r"(?:--|[-–—‐‑‒―])"
_MARKER_TAIL = (rf"[ \t\xa0]*\((?P<agency>[^()\n]{{1,60}})\)"
                rf"(?:[ \t\xa0]*\.?[ \t\xa0]*(?P<dash>{_DASH}|:)(?=[ \t\xa0\n]))?")
_MARKERS = (
    re.compile(rf"(?P<pre>[^\n()]{{0,{MAX_PREFIX}}}?){_MARKER_TAIL}"),
    # a place with a parenthesised qualifier: "Halle (Saale) (dpa) -"
    re.compile(rf"(?P<pre>[^\n()]{{1,40}}?\([^\n()]{{1,20}}\)[^\n()]{{0,20}}?){_MARKER_TAIL}"),
    # TASS: "MOSCOW, May 3. /TASS/. Russian ..."
    re.compile(rf"(?P<pre>[^\n()/]{{0,{MAX_PREFIX}}}?)\.?[ \t\xa0]+/(?P<agency>[^/\n()]{{2,30}})/"
               rf"(?:\.?[ \t\xa0]*(?P<dash>{_DASH})(?=[ \t\xa0\n])|\.(?=[ \t\xa0\n]))?"),
)
# Kyodo: "TOKYO, Oct. 1 Kyodo - ..." -- the agency after the date, no parentheses.
_DATED_AGENCY = re.compile(r"^(?P<date>.+?)\s+(?P<agency>[^\s,]+)$")
_DASHED = re.compile(
    rf"(?P<pre>[^\n()–—]{{1,{MAX_PREFIX}}}?)[ \t\xa0]+(?P<dash>{_DASH})[ \t\xa0]+"
    r"(?=[^\W\d_a-zäöüßéèàçâêîôû]|\d|[„\"“«‚'‘])")
_LEADING_BYLINE = re.compile(r"(?:By|Von|Par)\s[^\n]{2,100}\n\s*")
# "," and "/" separate places ("Frankfurt/Main" is one); ". " only before a date
# (Interfax: "MOSCOW. May 3 (Interfax) -").
_PLACE_SPLIT = re.compile(r"\s*,\s*|\s*/\s*(?!(?:Main|M\.|Oder|O\.|Donau|Saale)\b)|"
                          r"(?<=[^\d\s])\.\s+(?=\d|[A-Z][a-zé]{2,}\.?\s+\d)")
_WORD = re.compile(r"^[^\W\d_][\w'’./\-]*$|^\([^\W\d_][\w'’./\-]*\)$")
_DATE_ARTICLE = re.compile(r"^(?:le|am|on|den|du)\s+", re.IGNORECASE)
# People, not places: "Wirtschaftsminister Habeck – Die Pläne ..."
_TITLE = re.compile(
    r"(?:minister(?:in)?|präsident(?:in)?|kanzler(?:in)?|chef(?:in)?|sprecher(?:in)?|leiter(?:in)?|"
    r"direktor(?:in)?|bürgermeister(?:in)?|gouverneur|president|secretary|senator|governor|mayor|"
    r"ministre|président(?:e)?|maire|trainer(?:in)?|coach)$", re.IGNORECASE)
_PARTICLES = frozenset((
    "am", "an", "der", "den", "de", "di", "du", "da", "do", "dos", "das", "del", "della", "la", "le",
    "les", "sur", "sous", "im", "ob", "bei", "vor", "in", "of", "upon", "on", "en", "aux", "y", "von",
    "zu", "unter"))
# Places whose name starts with an article; without an agency marker they would look like
# the start of a sentence.
_ARTICLE_PLACES = frozenset((
    "den haag", "the hague", "le havre", "le mans", "la paz", "la rochelle", "le caire", "la havane",
    "la haye", "le cap", "la valette", "las vegas", "los angeles", "el paso", "la réunion",
    "le touquet"))
# Kicker words, not places: "Heizungsgesetz – Was sich ändert", "Klimakrise – Die ...".
_NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "tion", "ismus", "tät", "chen", "lich", "isch",
                 "gesetz", "gipfel", "krise", "streit", "wahl", "wahlen", "debatte", "reform",
                 "politik", "preis", "preise", "urteil", "prozess", "bericht", "affäre", "skandal",
                 "konflikt", "krieg", "ticker", "blog", "check", "umfrage", "zahlen", "ment", "ness")
# "EU-Gipfel", "US-Wahl", "G7-Treffen": an acronym glued to a noun is a topic, not a place.
_ACRONYM_COMPOUND = re.compile(r"^[A-Z0-9]{1,5}-[A-ZÄÖÜ]?[a-zäöüß]")
# "Frankfurt a.M.", "Freiburg i.Br.", "Mühlheim a.d. Ruhr"
_PLACE_ABBREVIATION = re.compile(r"^[a-zäöü]{1,2}\.(?:[A-Za-zäöü]{1,3}\.)*$")
_STOPWORDS = frozenset(w.casefold() for w in re.findall(r"\S+", """
    der die das den dem des ein eine einer eines einem am im in auf mit nach bei vor für über
    unter zum zur es er sie wir ich man was wer wie wo wenn als auch aber und oder doch noch nur
    so dann heute gestern morgen seit bis um trotz während weil dass diese dieser dieses jetzt
    nun kein keine alle viele mehr hier dort damit dazu dabei zwar ob bereits erst schon
    the a an on at for with by from this that these those it he she they we i you his her
    their our when while after before as but and or if yesterday today tomorrow there here
    le la les l un une des du de au aux dans pour par avec sur ce cette ces il elle ils elles
    nous je mais et ou si quand lors après avant selon
    eilmeldung exklusiv kommentar analyse interview update liveblog live video fotos bilder
    kolumne meinung hintergrund reportage gastbeitrag porträt fazit achtung breaking opinion
    analysis exclusive watch factbox explainer tribune éditorial editorial décryptage entretien
    vidéo info alerte urgent direct wichtig news ticker newsblog podcast
    anzeige werbung sponsored advertisement advertorial publicité annonce promo partner
    liveticker newsletter galerie bildergalerie audio service tipp tipps zitat quiz umfrage
    faktencheck reaktionen bilanz kurzmeldung nachrichten wetter sport kultur wirtschaft politik
    panorama ausland inland gesundheit digital reise leben gesellschaft technik finanzen börse
    karriere world business sports culture politics economy science tech health entertainment
    monde économie société politique international
    millions thousands hundreds dozens many most some several all both few others
    millionen milliarden tausende hunderte dutzende einige mehrere manche beide andere
    milliers centaines dizaines plusieurs beaucoup certains tous toutes
    montag dienstag mittwoch donnerstag freitag samstag sonntag monday tuesday wednesday
    thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche
    januar februar märz april mai juni juli august september oktober november dezember
    january february march june july october december janvier février mars avril juin
    juillet août septembre octobre novembre décembre
    """))


@dataclass(frozen=True)
class Dateline:
    """A dateline; ``span`` indexes the text, ``raw == text[span[0]:span[1]]``. Sequences
    are lists, as in the stored field; ``dateline["places"]`` works too.

    ``body_start`` is where the story proper begins (after the dash and spaces);
    stripping the dateline removes ``text[span[0]:body_start]``.
    """

    places: list[str]
    raw: str
    agency: str | None
    agencies: list[str]
    span: list[int]
    body_start: int

    def as_dict(self) -> dict[str, Any]:
        """The stored ``dateline`` field."""
        return {"places": list(self.places), "raw": self.raw, "agency": self.agency,
                "span": list(self.span)}

    def __getitem__(self, key: str) -> Any:
        return self.as_dict()[key]


def parse_dateline(text: str, *, registry: AgencyRegistry | None = None) -> Dateline | None:
    """The dateline opening ``text``, or None. Reads only the first ``HEAD_WINDOW`` chars."""
    registry = registry or load_registry()
    head = text[:HEAD_WINDOW]
    start = len(head) - len(head.lstrip())
    if byline := _LEADING_BYLINE.match(head, start):
        start = byline.end()
    head = text[start:start + HEAD_WINDOW]
    return _with_marker(head, start, registry) or _dashed(head, start, registry)


def _with_marker(head: str, start: int, registry: AgencyRegistry) -> Dateline | None:
    for pattern in _MARKERS:
        if (found := pattern.match(head)) and (dateline := _marker_dateline(found, start, registry)):
            return dateline
    return None


def _marker_dateline(found: re.Match[str], start: int, registry: AgencyRegistry) -> Dateline | None:
    head = found.string
    reading = read_group(found.group("agency"), registry)
    if not reading.credits_agency:
        return None
    pre = found.group("pre").strip()
    places = _places(pre, strict=False) if pre else ()
    if places is None:
        return None
    end = found.end()
    if not found.group("dash") and not _starts_sentence(head[end:]):
        return None
    return _dateline(head, start, end, places, reading.agencies)


def _dashed(head: str, start: int, registry: AgencyRegistry) -> Dateline | None:
    found = _DASHED.match(head)
    if found is None:
        return None
    pre = found.group("pre").strip()
    agencies: tuple[str, ...] = ()
    *leading, last = pre.rsplit(",", 1)
    dated = _DATED_AGENCY.match(last.strip())
    if leading and dated and DATE_TOKEN.match(dated.group("date")):
        reading = read_group(dated.group("agency"), registry)
        if reading.credits_agency:
            pre, agencies = leading[0], reading.agencies
    places = _places(pre, strict=True)
    if not places:
        return None
    return _dateline(head, start, found.end("dash"), places, agencies)


def _dateline(head: str, start: int, end: int, places: tuple[str, ...],
              agencies: tuple[str, ...]) -> Dateline:
    rest = head[end:]
    body = end + len(rest) - len(rest.lstrip())
    raw = head[:end]
    return Dateline(list(places), raw, agencies[0] if agencies else None, list(agencies),
                    [start, start + end], start + body)


def _starts_sentence(rest: str) -> bool:
    rest = rest.lstrip()
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit() or rest[0] in "„\"“«‚'‘")


def _places(prefix: str, *, strict: bool) -> tuple[str, ...] | None:
    """Place names of a dateline prefix (dates skipped), or None if it is not one."""
    places: list[str] = []
    for segment in _PLACE_SPLIT.split(prefix):
        if not segment:
            return None
        undated = _DATE_ARTICLE.sub("", segment)
        if DATE_TOKEN.match(undated) or undated.isdigit():
            continue
        if not _is_place(segment, strict=strict):
            return None
        places.append(segment)
    if len(places) > MAX_PLACES:
        return None
    return tuple(places)


def _is_place(segment: str, *, strict: bool) -> bool:
    words = segment.split()
    if not 1 <= len(words) <= 4 or len(segment) > 40:
        return False
    if strict and words[0].casefold().strip(".") in _STOPWORDS \
            and segment.casefold() not in _ARTICLE_PLACES:
        return False
    for position, word in enumerate(words):
        if not _WORD.match(word):
            return False
        inner = 0 < position < len(words) - 1
        if position and _PLACE_ABBREVIATION.match(word):
            continue
        if not word.lstrip("(")[0].isupper() and not (inner and word in _PARTICLES):
            return False
    if strict and (words[-1].casefold().endswith(_NOUN_ENDINGS)
                   or _ACRONYM_COMPOUND.match(words[0])):
        return False
    return not (strict and any(_TITLE.search(word) for word in words))
