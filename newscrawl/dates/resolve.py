"""Choose the publication and modification dates of one document from its candidates.

Ranking (first wins; docs/dates.md explains why):
  0 corpus   - the date a research corpus assigns; the reference its users cite
  1 jsonld, strong meta (article:published_time, og:updated_time, ...) - machine-readable,
             written by the CMS from its own record, usually with time and offset
  2 other meta (date, dc.date, parsely-pub-date, sailthru.date, ...) - also CMS-written,
             but names that templates reuse for other dates more often
  3 time     - <time datetime> / itemprop on the page, can also mark related articles
  4 feed     - RSS/Atom dates: right article, but feeds get re-stamped
  5 sitemap  - news:publication_date / lastmod: often the crawl-relevant change date
  6 url      - /2017/05/03/ in the path: the day the URL was minted, day precision at best
  7 byline   - visible text: right date, but free text (relative, localised)
  8 htmldate - a heuristic guess over the whole page
Within a rank, a candidate carrying an offset beats a local time, which beats a bare date;
then the caller's order decides. A generic meta (rank 2) or day-only Open Graph winner gives
way to the one day the page shows with ``<time>``/byline when the two lie within two months of
each other (``_shown_instead_of_node_date``). The winner is then refined: the most precise
lower-ranked candidate that agrees with it (same local day for a day-precision winner, same
month for a month one, ...) supplies the value, and its source is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from newscrawl.dates.clock import zoneinfo
from newscrawl.dates.model import (
    EARLIEST_DATE,
    FLAG_MODIFIED_BEFORE_PUBLISHED,
    FLAG_PUBLISHED_SOURCES_DISAGREE,
    FUTURE_SKEW,
    MAX_RAW_CHARS,
    PRECISIONS,
    REJECT_BEFORE_1990,
    REJECT_EPOCH_ZERO,
    REJECT_FUTURE,
    REJECT_UNPARSEABLE,
    DateCandidate,
    DateResolution,
    ParsedDate,
)
from newscrawl.dates.parse import DateParseError, format_at_precision, parse_date_strict
from newscrawl.dates.urls import url_date_candidates

__all__ = ["resolve_dates", "sanity_rejection", "source_rank"]

FIELDS = ("published", "modified")

#: Rank of each candidate source; lower wins. ``meta:<name>`` sources are ranked by name.
SOURCE_RANKS: dict[str, int] = {
    "corpus": 0,
    "jsonld": 1,
    "meta": 2,
    "time": 3,
    "feed": 4,
    "sitemap": 5,
    "url": 6,
    "byline": 7,
    "htmldate": 8,
}
UNKNOWN_SOURCE_RANK = 9
#: Meta names written from the CMS record by Open Graph / article markup: ranked with JSON-LD.
STRONG_META_NAMES = frozenset(
    {
        "article:published_time",
        "article:modified_time",
        "article:published",
        "article:modified",
        "og:published_time",
        "og:updated_time",
        "og:article:published_time",
        "og:article:modified_time",
        "datepublished",
        "datemodified",
    }
)
#: A day named by this many source families (jsonld, meta, time, url, byline, ...) and by more
#: families than the top-ranked candidate's day replaces it.
MIN_OUTVOTING_FAMILIES = 2
#: Sources the resolver does not know never vote. htmldate does: it is a separate heuristic
#: pass over the whole page, and measured, its agreement is evidence.
NON_VOTING_RANK = UNKNOWN_SOURCE_RANK
#: Bare days that can settle the local day of a UTC stamp: what the page states (up to the
#: byline), not htmldate's guess, which often re-reads the same UTC stamp or a change date.
_DAY_EVIDENCE_MAX_RANK = SOURCE_RANKS["byline"]
#: Sources that are the date as shown to the reader.
_SHOWN_RANKS = frozenset({SOURCE_RANKS["time"], SOURCE_RANKS["byline"]})
#: How far a CMS node's date may lie from the date shown to the reader and still belong to
#: the same article (drafting, approval, re-indexing).
NODE_DATE_SLACK = timedelta(days=62)
#: Sources below this rank are hints; disagreement with them is not flagged.
_DISAGREEMENT_MAX_RANK = SOURCE_RANKS["url"]


@dataclass(frozen=True)
class _Ranked:
    rank: int
    detail: int  # 2: time with offset, 1: local time, 0: calendar date
    index: int
    candidate: DateCandidate
    parsed: ParsedDate

    @property
    def order(self) -> tuple[int, int, int]:
        return (self.rank, -self.detail, self.index)


def source_rank(source: str) -> int:
    """Rank of a candidate source (lower wins)."""
    if source.startswith("meta:"):
        name = source[5:].lower()
        return SOURCE_RANKS["jsonld"] if name in STRONG_META_NAMES else SOURCE_RANKS["meta"]
    return SOURCE_RANKS.get(source, UNKNOWN_SOURCE_RANK)


def resolve_dates(
    candidates: Sequence[DateCandidate],
    *,
    url: str | None = None,
    timezone: str = "UTC",
    fetched_at: datetime | None = None,
    languages: Sequence[str] | None = None,
) -> DateResolution:
    """Pick published/modified from ``candidates`` (plus the URL date) for one document.

    ``timezone`` is the outlet's IANA zone: local times without an offset are read in it, and
    it gives ``published_local_date``. ``fetched_at`` is "now" for relative dates and the
    future check (default: the current time).
    """
    zoneinfo(timezone)  # an unknown outlet zone is a configuration error, even without candidates
    now = fetched_at or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    resolution = DateResolution()
    accepted: dict[str, list[_Ranked]] = {name: [] for name in FIELDS}
    for index, candidate in enumerate([*candidates, *url_date_candidates(url)]):
        if candidate.field not in accepted:
            raise ValueError(
                f"date candidate {candidate!r}: field must be 'published' or 'modified'"
            )
        if not isinstance(candidate.value, str):  # e.g. a JSON-LD object where text belongs
            raw = str(candidate.value)[:MAX_RAW_CHARS]
            resolution.rejected.append((candidate.source, raw, REJECT_UNPARSEABLE))
            continue
        try:
            parsed = parse_date_strict(
                candidate.value,
                timezone=timezone,
                now=now,
                languages=None if _machine_written(candidate.source) else languages,
            )
        except DateParseError as error:
            raw = candidate.value[:MAX_RAW_CHARS]
            resolution.rejected.append((candidate.source, raw, error.reason))
            continue
        reason = sanity_rejection(parsed, now)
        if reason:
            resolution.rejected.append((candidate.source, candidate.value, reason))
            continue
        detail = 2 if parsed.offset else (1 if parsed.precision not in _CALENDAR else 0)
        accepted[candidate.field].append(
            _Ranked(source_rank(candidate.source), detail, index, candidate, parsed)
        )
    changed_on = {item.parsed.local_date(timezone) for item in accepted["modified"]}
    published = _choose(accepted["published"], timezone, changed_on)
    modified = _choose(accepted["modified"], timezone)
    if published:
        evidence = accepted["published"] + accepted["modified"]
        day = _reader_day(published, evidence, timezone)
        _set_published(resolution, published, day)
        if _sources_disagree(published, day, accepted["published"], timezone):
            resolution.date_flags.append(FLAG_PUBLISHED_SOURCES_DISAGREE)
    if modified:
        resolution.modified = modified.parsed.value
        resolution.modified_precision = modified.parsed.precision
        resolution.modified_raw = modified.candidate.value
        resolution.modified_source = modified.candidate.source
    if published and modified and _earlier(modified.parsed, published.parsed, timezone):
        resolution.date_flags.append(FLAG_MODIFIED_BEFORE_PUBLISHED)
    return resolution


def _machine_written(source: str) -> bool:
    """JSON-LD and meta values are written by the server in its own culture, not in the
    page's language: ASP.NET's en-US ``11/01/2023 12:43:42`` on a German page is 1 November.
    An ambiguous slash date there stays unread rather than read by the page's language."""
    return source == "jsonld" or source.startswith("meta:")


def sanity_rejection(parsed: ParsedDate, now: datetime) -> str | None:
    """Why a parsed date cannot be a publication or modification date, or ``None``."""
    if parsed.value.date() == date(1970, 1, 1):
        return REJECT_EPOCH_ZERO
    if parsed.value < EARLIEST_DATE:
        return REJECT_BEFORE_1990
    if parsed.value > now + FUTURE_SKEW:
        return REJECT_FUTURE
    return None


_CALENDAR = ("year", "month", "day")
#: Real UTC offsets lie between -12:00 and +14:00, in steps of 15 minutes.
_MAX_OFFSET = timedelta(hours=14)
_MIN_OFFSET = timedelta(hours=12)
_OFFSET_STEP = timedelta(minutes=15)


def _choose(
    ranked: list[_Ranked], timezone: str, changed_on: set[date] | None = None
) -> _Ranked | None:
    """The best candidate of one field; ``changed_on``: the days the page says it changed."""
    if not ranked:
        return None
    ordered = sorted(ranked, key=lambda r: r.order)
    winner = _outvoted_by(ordered, timezone) or ordered[0]
    if changed_on is not None:
        winner = _shown_instead_of_node_date(winner, ordered, timezone, changed_on) or winner
    best = winner
    for other in ordered:
        finer = PRECISIONS.index(other.parsed.precision) > PRECISIONS.index(best.parsed.precision)
        if finer and _agrees(winner.parsed, other.parsed, timezone):
            best = other
    return best


def _outvoted_by(ordered: list[_Ranked], timezone: str) -> _Ranked | None:
    """The best candidate of another day when more source families name that day than the
    top-ranked candidate's day (at least ``MIN_OUTVOTING_FAMILIES``): a stale template date in
    JSON-LD loses to the <time> element and byline that agree with each other."""
    top = ordered[0]
    if top.rank == SOURCE_RANKS["corpus"]:
        return None
    families: dict[date, set[str]] = {}
    for item in ordered:
        if item.parsed.precision in ("year", "month") or item.rank >= NON_VOTING_RANK:
            continue
        day = _reader_day(item, ordered, timezone)
        families.setdefault(day, set()).add(_family(item.candidate.source))
    if top.parsed.precision in ("year", "month") or top.rank >= NON_VOTING_RANK:
        top_votes = 0
    else:
        top_votes = len(families.get(_reader_day(top, ordered, timezone), ()))
    for item in ordered:
        if item.parsed.precision in ("year", "month") or item.rank >= NON_VOTING_RANK:
            continue
        votes = len(families[_reader_day(item, ordered, timezone)])
        if votes >= MIN_OUTVOTING_FAMILIES and votes > top_votes:
            return item
    return None


def _shown_instead_of_node_date(
    winner: _Ranked, ordered: list[_Ranked], timezone: str, changed_on: set[date]
) -> _Ranked | None:
    """The date shown to the reader (``<time>``, byline) when a machine date that is likely a
    CMS node's date won alone.

    Such dates are the Dublin-Core style names (``date``, ``dc.date``, ``dcterms.date``) that
    many CMSs (TYPO3, Drupal, Plone, journal platforms) fill from the page node -- its
    creation, approval or re-indexing date, days or weeks off the article's -- and Open Graph
    style meta tags with a bare day where the convention is a timestamp: a date field filled
    in by hand or by a template, not the CMS's publish time. (JSON-LD is left alone: measured,
    its bare days agree with the date the page shows.)

    The date printed with the headline is the one the editors set. It wins when the page
    shows one day only (several days are lists of events or teasers), that day lies within
    ``NODE_DATE_SLACK`` of the machine one (a day years apart is a masthead's "today" or
    another document's date), it is not a day the page says it changed (then the header
    shows the last update), and no other source family names the machine day."""
    if not _node_dated(winner):
        return None
    shown = [item for item in ordered if item.rank in _SHOWN_RANKS and _names_a_day(item)]
    days = {_reader_day(item, ordered, timezone) for item in shown}
    if len(days) != 1:
        return None
    day = days.pop()
    node_day = _reader_day(winner, ordered, timezone)
    if day == node_day or abs(day - node_day) > NODE_DATE_SLACK or day in changed_on:
        return None
    if any(_backs(item, winner, node_day, ordered, timezone) for item in ordered):
        return None
    return shown[0]


def _node_dated(item: _Ranked) -> bool:
    if item.rank == SOURCE_RANKS["meta"]:
        return _names_a_day(item)
    return item.candidate.source.startswith("meta:") and item.parsed.precision == "day"


def _names_a_day(item: _Ranked) -> bool:
    return item.parsed.precision not in ("year", "month")


def _backs(
    item: _Ranked, winner: _Ranked, day: date, ordered: list[_Ranked], timezone: str
) -> bool:
    """Whether ``item`` is another family's date for ``day`` (htmldate's guess does not count:
    it often re-reads the meta tag)."""
    if _family(item.candidate.source) == _family(winner.candidate.source):
        return False
    if item.rank in _SHOWN_RANKS or item.rank >= SOURCE_RANKS["htmldate"]:
        return False
    return _names_a_day(item) and _reader_day(item, ordered, timezone) == day


def _family(source: str) -> str:
    return source.split(":", 1)[0]


def _reader_day(chosen: _Ranked, ranked: list[_Ranked], timezone: str) -> date:
    """The day readers saw. Without an outlet zone, a time stamped "+00:00"/"Z" leaves the
    local day open by one either way; another candidate settles it: the same instant with a
    real offset, the same instant written as local wall time, or a bare day the page states
    that the instant falls on at some offset between -12:00 and +14:00."""
    parsed = chosen.parsed
    if parsed.precision in _CALENDAR or not _utc_stamped(parsed):
        return parsed.local_date(timezone)
    if timezone != "UTC":
        return _shown_day(parsed, ranked, timezone) or parsed.local_date(timezone)
    others = [item.parsed for item in ranked if item is not chosen]
    published_days = [
        item.parsed
        for item in ranked
        if item.candidate.field == "published"
        and item.parsed.precision == "day"
        and item.rank <= _DAY_EVIDENCE_MAX_RANK
    ]
    for other in others:
        if other.precision in _CALENDAR:
            continue
        if other.offset and other.offset != "+00:00" and other.value == parsed.value:
            return other.local_date(timezone)
        shift = other.value - parsed.value.replace(second=0, microsecond=0)
        if other.precision == "second":
            shift = other.value - parsed.value
        if (
            other.timezone_used
            and shift
            and abs(shift) <= _MAX_OFFSET
            and shift % _OFFSET_STEP == timedelta(0)
        ):
            return other.value.date()  # wall time read as UTC: its date is the local date
    for other in published_days:
        start = other.value
        if start - _MAX_OFFSET <= parsed.value < start + timedelta(days=1) + _MIN_OFFSET:
            return other.value.date()
    return parsed.local_date(timezone)


def _shown_day(stamp: ParsedDate, ranked: list[_Ranked], timezone: str) -> date | None:
    """The one day the page shows (``<time>`` text, byline) on which a UTC stamp falls at
    some offset between -12:00 and +14:00, if there is exactly one such day. A CMS that
    stores UTC also prints the day it means; the outlet's zone is where the newsroom sits,
    not necessarily the clock the page was dated by (a Sydney site's "June 30" for a story
    stamped 16:34Z, which is 1 July in Sydney). A shown time counts with its day in the
    outlet's zone ("19.10.2019, 05:00 Uhr" beside 03:00Z: the zone's day stands)."""
    days = set()
    for item in ranked:
        shown = item.parsed
        if (
            item.candidate.field != "published"
            or item.rank not in _SHOWN_RANKS
            or not _names_a_day(item)
            or (shown.precision not in _CALENDAR and _utc_stamped(shown))
        ):
            continue
        day = shown.local_date(timezone)
        start = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
        if start - _MAX_OFFSET <= stamp.value < start + timedelta(days=1) + _MIN_OFFSET:
            days.add(day)
    return days.pop() if len(days) == 1 else None


def _utc_stamped(parsed: ParsedDate) -> bool:
    # A wall time read in UTC for want of an outlet zone still carries its local date.
    return parsed.offset == "+00:00"


def _agrees(coarse: ParsedDate, fine: ParsedDate, timezone: str) -> bool:
    """Whether ``fine`` lies in the period ``coarse`` names (its day, month, year, minute)."""
    if coarse.precision in _CALENDAR:
        return _truncate(fine.local_date(timezone), coarse.precision) == coarse.value.date()
    if coarse.precision == "minute":
        return fine.value.replace(second=0, microsecond=0) == coarse.value
    return False


def _truncate(day: date, precision: str) -> date:
    if precision == "year":
        return day.replace(month=1, day=1)
    if precision == "month":
        return day.replace(day=1)
    return day


def _sources_disagree(chosen: _Ranked, day: date, ranked: list[_Ranked], timezone: str) -> bool:
    """A trusted candidate names another day (or month/year, at the coarser precision)."""
    for other in ranked:
        if other.rank > _DISAGREEMENT_MAX_RANK or other is chosen:
            continue
        coarser = min(chosen.parsed.precision, other.parsed.precision, key=_precision_index)
        level = coarser if coarser in _CALENDAR else "day"
        mine = _truncate(day, level)
        theirs = _truncate(other.parsed.local_date(timezone), level)
        if mine != theirs:
            return True
    return False


def _earlier(modified: ParsedDate, published: ParsedDate, timezone: str) -> bool:
    coarse = {modified.precision, published.precision} & set(_CALENDAR)
    if not coarse:
        return modified.value < published.value
    level = min(coarse, key=_precision_index)
    return _truncate(modified.local_date(timezone), level) < _truncate(
        published.local_date(timezone), level
    )


def _precision_index(precision: str) -> int:
    return PRECISIONS.index(precision)


def _set_published(resolution: DateResolution, chosen: _Ranked, day: date) -> None:
    parsed = chosen.parsed
    resolution.published = parsed.value
    resolution.published_precision = parsed.precision
    resolution.published_raw = chosen.candidate.value
    resolution.published_source = chosen.candidate.source
    resolution.published_offset = parsed.offset
    resolution.published_timezone = parsed.timezone_used
    level = parsed.precision if parsed.precision in _CALENDAR else "day"
    resolution.published_local_date = format_at_precision(
        datetime(day.year, day.month, day.day), level
    )
