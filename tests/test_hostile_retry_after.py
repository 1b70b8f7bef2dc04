"""Reading ``Retry-After`` (RFC 9110 10.2.3): delta-seconds or an HTTP-date.
The crawl-level behaviour (waiting, the cap) is tested in test_hostile.py."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newscrawl.middlewares.retry_after import parse_retry_after

NOW = datetime(2026, 11, 25, 8, 0, 0, tzinfo=UTC)


def test_delta_seconds_are_read_as_seconds():
    assert parse_retry_after(b"120", NOW) == 120.0


def test_an_http_date_is_read_as_the_time_until_it():
    assert parse_retry_after(b"Wed, 25 Nov 2026 08:01:30 GMT", NOW) == 90.0


def test_an_http_date_in_the_past_means_no_wait():
    assert parse_retry_after(b"Wed, 25 Nov 2026 07:00:00 GMT", NOW) == 0.0


@pytest.mark.parametrize("value", [None, b"", b"soon", b"-5", b"1.5", b"Wed, 99 Foo 2026"])
def test_a_missing_or_unreadable_value_is_none(value):
    assert parse_retry_after(value, NOW) is None
