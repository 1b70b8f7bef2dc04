"""Date ranges meet dates of limited precision: the ``overlap`` and
``within`` rules (docs/export.md), in pure form and as archive queries."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newscrawl.export.daterange import DateRange, DateRangeError, parse_bound
from newscrawl.store.mongo import ARTICLES

MAY = datetime(2017, 5, 1, tzinfo=UTC)  # a month-precision "2017-05" as stored


def test_until_a_month_includes_the_whole_month():
    assert DateRange.parse(None, "2017-05").until == datetime(2017, 6, 1, tzinfo=UTC)


def test_until_december_ends_at_new_year():
    assert parse_bound("2017-12")[1] == datetime(2018, 1, 1, tzinfo=UTC)


def test_times_without_offset_are_utc_and_offsets_are_converted():
    assert parse_bound("2017-05-10T14:30")[0] == datetime(2017, 5, 10, 14, 30, tzinfo=UTC)
    assert parse_bound("2017-05-10T14:30+02:00")[0] == datetime(2017, 5, 10, 12, 30, tzinfo=UTC)


@pytest.mark.parametrize(("since", "until", "rule", "inside"), [
    ("2017-05-10", None, "overlap", True),
    (None, "2017-05-10", "overlap", True),
    ("2017-06", None, "overlap", False),
    ("2017-05-10", None, "within", False),
    ("2017-05", "2017-05", "within", True),
    ("2017-04-30", "2017-05-31", "within", True),
    ("2017-04-30", "2017-05-30", "within", False),
])
def test_month_precision_record_against_ranges(since, until, rule, inside):
    assert DateRange.parse(since, until, rule).contains(MAY, "month") is inside


def test_undated_records_never_match_a_date_filter():
    assert not DateRange.parse("2000", None).contains(None, None)


def test_bad_dates_and_reversed_ranges_are_refused_with_the_fix():
    with pytest.raises(DateRangeError, match="'10.5.2017' is not understood: use 2017"):
        DateRange.parse("10.5.2017", None)
    with pytest.raises(DateRangeError, match="not before --until 2017-04: swap them"):
        DateRange.parse("2017-05", "2017-04")
    with pytest.raises(DateRangeError, match="rule 'inside' is unknown"):
        DateRange.parse("2017", None, "inside")


PRECISIONS = {"year": datetime(2017, 1, 1, tzinfo=UTC), "month": MAY,
              "day": datetime(2017, 5, 10, tzinfo=UTC),
              "minute": datetime(2017, 5, 10, 23, 59, tzinfo=UTC),
              "second": datetime(2017, 5, 31, 23, 59, 59, tzinfo=UTC),
              None: datetime(2017, 5, 11, 0, 0, tzinfo=UTC)}
RANGES = [(s, u, r) for r in ("overlap", "within") for s, u in [
    ("2017-05-10", None), (None, "2017-05-10"), ("2017-05", "2017-05"), ("2017-05-11", "2017-06"),
    ("2017-05-10T23:59", "2017-05-10T23:59"), ("2016", "2017-01"), ("2017-05-31T23:59:59Z", None)]]


@pytest.mark.parametrize(("since", "until", "rule"), RANGES)
def test_archive_query_agrees_with_the_rule(db, since, until, rule):
    db[ARTICLES].insert_many([{"_id": str(p), "published": v, "published_precision": p}
                              for p, v in PRECISIONS.items()])
    dates = DateRange.parse(since, until, rule)
    found = {d["_id"] for d in db[ARTICLES].find(dates.query())}
    assert found == {str(p) for p, v in PRECISIONS.items() if dates.contains(v, p)}
