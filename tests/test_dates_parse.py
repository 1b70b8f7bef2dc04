"""parse_date: raw text -> UTC instant with the precision the text really carries."""

from datetime import UTC, datetime

import pytest

from newscrawl.dates import (
    DateParseError,
    format_at_precision,
    parse_corpus_date,
    parse_date,
    parse_date_strict,
)

NOW = datetime(2017, 5, 3, 16, 0, tzinfo=UTC)


def iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


# (raw, outlet zone, expected UTC value, precision)
CASES = [
    # ISO 8601
    ("2017-05-03T14:32:00+02:00", "UTC", "2017-05-03T12:32:00Z", "second"),
    ("2017-05-03T14:32:00Z", "UTC", "2017-05-03T14:32:00Z", "second"),
    ("2017-05-03T14:32Z", "UTC", "2017-05-03T14:32:00Z", "minute"),
    ("2017-05-03T14:32:00.123456Z", "UTC", "2017-05-03T14:32:00.123456Z", "second"),
    ("2017-05-03T14:32:00+0200", "UTC", "2017-05-03T12:32:00Z", "second"),
    ("2017-05-03T14:32:00-05:00", "UTC", "2017-05-03T19:32:00Z", "second"),
    ("2017-05-03T14:32:00.000-04:00", "UTC", "2017-05-03T18:32:00Z", "second"),
    ("2017-05-03 14:32:00", "Europe/Vienna", "2017-05-03T12:32:00Z", "second"),
    ("2017-05-03T14:32", "Europe/Vienna", "2017-05-03T12:32:00Z", "minute"),
    ("2017-05-03", "UTC", "2017-05-03T00:00:00Z", "day"),
    ("2017-05-03", "Europe/Vienna", "2017-05-03T00:00:00Z", "day"),
    ("2017-05-03+02:00", "UTC", "2017-05-03T00:00:00Z", "day"),
    ("2017-05-03-05:00", "UTC", "2017-05-03T00:00:00Z", "day"),
    ("2017-05", "UTC", "2017-05-01T00:00:00Z", "month"),
    ("2017", "UTC", "2017-01-01T00:00:00Z", "year"),
    ("2017/05/03", "UTC", "2017-05-03T00:00:00Z", "day"),
    ("20170503", "UTC", "2017-05-03T00:00:00Z", "day"),
    ("20170503T143200Z", "UTC", "2017-05-03T14:32:00Z", "second"),
    ("2022-1-26T14:32:06+02:00", "UTC", "2022-01-26T12:32:06Z", "second"),
    ("1493821920", "UTC", "2017-05-03T14:32:00Z", "second"),
    # exactly midnight is a serialised date, not an instant
    ("2017-05-03T00:00:00+02:00", "UTC", "2017-05-03T00:00:00Z", "day"),
    ("2017-05-03T00:00:00.000Z", "Europe/Vienna", "2017-05-03T00:00:00Z", "day"),
    ("Wed, 03 May 2017 00:00:00 +0000", "UTC", "2017-05-03T00:00:00Z", "day"),
    ("2017-05-03T00:00:01Z", "UTC", "2017-05-03T00:00:01Z", "second"),
    # RFC 822 / 2822 feed dates
    ("Wed, 03 May 2017 14:32:00 +0200", "UTC", "2017-05-03T12:32:00Z", "second"),
    ("Wed, 03 May 2017 14:32:00 GMT", "Europe/Vienna", "2017-05-03T14:32:00Z", "second"),
    ("Wed, 03 May 2017 14:32:00 CEST", "UTC", "2017-05-03T12:32:00Z", "second"),
    ("Wed, 03 May 2017 14:32:00 EST", "UTC", "2017-05-03T19:32:00Z", "second"),
    ("Wed, 03 May 2017 14:32:00 EDT", "UTC", "2017-05-03T18:32:00Z", "second"),
    ("3 May 2017 14:32:00 -0700", "UTC", "2017-05-03T21:32:00Z", "second"),
    ("Wed, 3 May 2017 14:32 +0000", "UTC", "2017-05-03T14:32:00Z", "minute"),
    (
        "Tue Feb 20 2018 01:00:00 GMT+0100 (Central European Standard Time)",
        "UTC",
        "2018-02-20T00:00:00Z",
        "second",
    ),
    ("Tue Jan 28 15:28:56 CET 2020", "UTC", "2020-01-28T14:28:56Z", "second"),
    ("Fri Feb 18 10:27:24 2022", "Europe/Vienna", "2022-02-18T09:27:24Z", "second"),
    ("২০২০-০৮-২৯T১০:৪৬:০৬+০১:০০", "UTC", "2020-08-29T09:46:06Z", "second"),
    # German and Austrian
    ("3. Mai 2017, 14:32", "Europe/Vienna", "2017-05-03T12:32:00Z", "minute"),
    ("03.05.2017 14:32 Uhr", "Europe/Vienna", "2017-05-03T12:32:00Z", "minute"),
    ("3.5.2017", "Europe/Vienna", "2017-05-03T00:00:00Z", "day"),
    ("03.05.17", "UTC", "2017-05-03T00:00:00Z", "day"),
    ("Mittwoch, 3. Mai 2017", "Europe/Berlin", "2017-05-03T00:00:00Z", "day"),
    ("Stand: 03.05.2017, 14:32 Uhr", "Europe/Berlin", "2017-05-03T12:32:00Z", "minute"),
    ("Aktualisiert am 3. Mai 2017 um 14:32 Uhr", "Europe/Berlin", "2017-05-03T12:32:00Z", "minute"),
    ("12. Jänner 2017", "Europe/Vienna", "2017-01-12T00:00:00Z", "day"),
    ("3. Jän. 2017", "Europe/Vienna", "2017-01-03T00:00:00Z", "day"),
    ("3. Feber 2017", "Europe/Vienna", "2017-02-03T00:00:00Z", "day"),
    ("3. März 2017, 9:05", "Europe/Vienna", "2017-03-03T08:05:00Z", "minute"),
    ("3. Dezember 2017 14.32 Uhr", "Europe/Berlin", "2017-12-03T13:32:00Z", "minute"),
    ("14:32 Uhr, 3. Mai 2017", "Europe/Vienna", "2017-05-03T12:32:00Z", "minute"),
    ("Veröffentlicht am 3. Mai 2017", "Europe/Berlin", "2017-05-03T00:00:00Z", "day"),
    ("3. Mai 2017 14:32 MESZ", "UTC", "2017-05-03T12:32:00Z", "minute"),
    ("Di., 25.01.2022 - 14:45", "Europe/Vienna", "2022-01-25T13:45:00Z", "minute"),
    ("Mai 2017", "Europe/Vienna", "2017-05-01T00:00:00Z", "month"),
    # English
    ("May 3, 2017 2:32 PM EDT", "UTC", "2017-05-03T18:32:00Z", "minute"),
    ("3 May 2017", "UTC", "2017-05-03T00:00:00Z", "day"),
    ("May 3, 2017", "America/New_York", "2017-05-03T00:00:00Z", "day"),
    ("May 3rd, 2017", "UTC", "2017-05-03T00:00:00Z", "day"),
    ("Sept. 3, 2017", "UTC", "2017-09-03T00:00:00Z", "day"),
    ("Wednesday, May 3, 2017 at 2:32 p.m.", "America/New_York", "2017-05-03T18:32:00Z", "minute"),
    (
        "Published: November 8, 2023 at 11:30 p.m.",
        "America/Chicago",
        "2023-11-09T05:30:00Z",
        "minute",
    ),
    ("12:00 AM, May 3, 2017", "America/New_York", "2017-05-03T04:00:00Z", "minute"),
    ("3 May 2017 12:15 pm", "UTC", "2017-05-03T12:15:00Z", "minute"),
    ("3 May 2017 12:15 am", "UTC", "2017-05-03T00:15:00Z", "minute"),
    ("May 2017", "UTC", "2017-05-01T00:00:00Z", "month"),
    # French
    ("3 mai 2017 à 14h32", "Europe/Paris", "2017-05-03T12:32:00Z", "minute"),
    ("mercredi 3 mai 2017", "Europe/Paris", "2017-05-03T00:00:00Z", "day"),
    ("1er mai 2017", "Europe/Paris", "2017-05-01T00:00:00Z", "day"),
    ("Publié le 3 février 2017 à 09h05", "Europe/Paris", "2017-02-03T08:05:00Z", "minute"),
    ("3 août 2017", "Europe/Paris", "2017-08-03T00:00:00Z", "day"),
    ("Mis à jour le 3 décembre 2017 à 14:32", "Europe/Paris", "2017-12-03T13:32:00Z", "minute"),
    # Italian, Spanish, Dutch
    ("3 maggio 2017", "Europe/Rome", "2017-05-03T00:00:00Z", "day"),
    ("3 maggio 2017 alle 14:32", "Europe/Rome", "2017-05-03T12:32:00Z", "minute"),
    ("3 settembre 2017", "Europe/Rome", "2017-09-03T00:00:00Z", "day"),
    ("3 de mayo de 2017", "Europe/Madrid", "2017-05-03T00:00:00Z", "day"),
    ("3 diciembre 2017", "Europe/Madrid", "2017-12-03T00:00:00Z", "day"),
    ("04 de mayo 2022, 12:00 A. M.", "America/Bogota", "2022-05-04T05:00:00Z", "minute"),
    ("3 mei 2017", "Europe/Amsterdam", "2017-05-03T00:00:00Z", "day"),
    ("15 августа 2016, 13:43", "Europe/Moscow", "2016-08-15T10:43:00Z", "minute"),
    ("3 травня 2017", "Europe/Kyiv", "2017-05-03T00:00:00Z", "day"),
    # slash dates: only when the order is known
    ("13/05/2017", "UTC", "2017-05-13T00:00:00Z", "day"),
    ("01.21.2020 07:00 AM", "America/New_York", "2020-01-21T12:00:00Z", "minute"),
    ("05/13/2017", "UTC", "2017-05-13T00:00:00Z", "day"),
    # relative, against NOW = 2017-05-03T16:00Z (18:00 in Vienna)
    ("vor 2 Stunden", "Europe/Vienna", "2017-05-03T14:00:00Z", "minute"),
    ("vor 5 Minuten", "Europe/Vienna", "2017-05-03T15:55:00Z", "minute"),
    ("vor einer Stunde", "Europe/Vienna", "2017-05-03T15:00:00Z", "minute"),
    ("vor 3 Tagen", "Europe/Vienna", "2017-04-30T00:00:00Z", "day"),
    ("vor 2 Wochen", "Europe/Vienna", "2017-04-19T00:00:00Z", "day"),
    ("gestern", "Europe/Vienna", "2017-05-02T00:00:00Z", "day"),
    ("gestern, 14:32", "Europe/Vienna", "2017-05-02T12:32:00Z", "minute"),
    ("heute, 09:15 Uhr", "Europe/Vienna", "2017-05-03T07:15:00Z", "minute"),
    ("2 hours ago", "UTC", "2017-05-03T14:00:00Z", "minute"),
    ("an hour ago", "UTC", "2017-05-03T15:00:00Z", "minute"),
    ("Updated 2 hours ago", "UTC", "2017-05-03T14:00:00Z", "minute"),
    ("yesterday", "UTC", "2017-05-02T00:00:00Z", "day"),
    ("il y a 3 heures", "Europe/Paris", "2017-05-03T13:00:00Z", "minute"),
    ("hier à 14h32", "Europe/Paris", "2017-05-02T12:32:00Z", "minute"),
    ("hace 2 horas", "Europe/Madrid", "2017-05-03T14:00:00Z", "minute"),
    ("2 ore fa", "Europe/Rome", "2017-05-03T14:00:00Z", "minute"),
]


@pytest.mark.parametrize(("raw", "zone", "expected", "precision"), CASES)
def test_parse_date_value_and_precision(raw, zone, expected, precision):
    parsed = parse_date(raw, timezone=zone, now=NOW)
    assert parsed is not None, raw
    assert (iso(parsed.value), parsed.precision) == (expected, precision)


def test_parse_date_value_is_aware_utc():
    parsed = parse_date("3. Mai 2017, 14:32", timezone="Europe/Vienna")
    assert parsed.value.utcoffset().total_seconds() == 0


def test_parse_date_keeps_the_offset_written_in_the_raw_text():
    parsed = parse_date("2017-05-03T14:32:00+02:00", timezone="America/New_York")
    assert (parsed.offset, parsed.timezone_used) == ("+02:00", None)


def test_parse_date_records_named_zone_as_offset():
    assert parse_date("May 3, 2017 2:32 PM EDT").offset == "-04:00"


def test_parse_date_records_outlet_zone_for_local_time():
    parsed = parse_date("03.05.2017 14:32 Uhr", timezone="Europe/Vienna")
    assert (parsed.offset, parsed.timezone_used) == (None, "Europe/Vienna")


def test_parse_date_calendar_precision_records_no_zone():
    parsed = parse_date("3. Mai 2017", timezone="Europe/Vienna")
    assert (parsed.offset, parsed.timezone_used) == (None, None)


def test_parse_date_keeps_raw_text():
    assert parse_date("Stand: 03.05.2017").raw == "Stand: 03.05.2017"


# --- DST: local times are read with fold=0 -------------------------------------------------

DST_CASES = [
    # Vienna, spring forward 2017-03-26 02:00 -> 03:00: 02:30 does not exist, read as +01:00
    ("2017-03-26 02:30", "Europe/Vienna", "2017-03-26T01:30:00Z"),
    # Vienna, fall back 2017-10-29 03:00 -> 02:00: 02:30 happens twice, first (+02:00) wins
    ("2017-10-29 02:30", "Europe/Vienna", "2017-10-29T00:30:00Z"),
    ("15.01.2017 12:00", "Europe/Vienna", "2017-01-15T11:00:00Z"),
    ("15.07.2017 12:00", "Europe/Vienna", "2017-07-15T10:00:00Z"),
    # New York, spring forward 2017-03-12 02:00 -> 03:00: 02:30 read as EST (-05:00)
    ("2017-03-12 02:30", "America/New_York", "2017-03-12T07:30:00Z"),
    # New York, fall back 2017-11-05 02:00 -> 01:00: 01:30 twice, first (EDT, -04:00) wins
    ("2017-11-05 01:30", "America/New_York", "2017-11-05T05:30:00Z"),
]


@pytest.mark.parametrize(("raw", "zone", "expected"), DST_CASES)
def test_parse_date_dst_changes_are_deterministic(raw, zone, expected):
    assert iso(parse_date(raw, timezone=zone).value) == expected


# --- relative dates ------------------------------------------------------------------------


def test_gestern_is_the_outlet_zone_yesterday_not_utc_yesterday():
    late_evening_utc = datetime(2017, 5, 3, 23, 30, tzinfo=UTC)  # 01:30 on 4 May in Vienna
    parsed = parse_date("gestern", timezone="Europe/Vienna", now=late_evening_utc)
    assert iso(parsed.value) == "2017-05-03T00:00:00Z"


def test_relative_date_without_now_uses_current_time():
    parsed = parse_date("vor 2 Stunden")
    age = datetime.now(UTC) - parsed.value
    assert 7000 < age.total_seconds() < 7400


def test_german_hier_is_not_french_yesterday():
    assert parse_date("Hier klicken", now=NOW) is None


# --- slash order ---------------------------------------------------------------------------


def test_ambiguous_slash_date_without_language_is_not_guessed():
    assert parse_date("05/03/2017") is None


def test_ambiguous_slash_date_is_month_first_in_english():
    assert iso(parse_date("05/03/2017", languages=["en"]).value) == "2017-05-03T00:00:00Z"


def test_ambiguous_slash_date_is_day_first_in_french():
    assert iso(parse_date("05/03/2017", languages=["fr"]).value) == "2017-03-05T00:00:00Z"


# --- traps ---------------------------------------------------------------------------------

UNPARSEABLE = [
    "",
    "   ",
    "Hier klicken",
    "keine Angabe",
    "Seite 3",
    "3. Mai",
    "Preis 19.99 Euro",
    "Updated",
    "vor Ort",
    "n/a",
]


@pytest.mark.parametrize("raw", UNPARSEABLE)
def test_parse_date_returns_none_without_a_date(raw):
    assert parse_date(raw, now=NOW) is None


@pytest.mark.parametrize("raw", UNPARSEABLE)
def test_parse_date_strict_names_unparseable(raw):
    with pytest.raises(DateParseError) as error:
        parse_date_strict(raw, now=NOW)
    assert error.value.reason == "unparseable"


INVALID = [
    "31.02.2017",
    "2017-02-30",
    "30. Februar 2017",
    "2017-13-01T10:00:00Z",
    "03.05.2017 25:00",
    "14:00 pm, 3 May 2017",
]


@pytest.mark.parametrize("raw", INVALID)
def test_parse_date_strict_names_invalid_date(raw):
    with pytest.raises(DateParseError) as error:
        parse_date_strict(raw)
    assert error.value.reason == "invalid_date"


@pytest.mark.parametrize("raw", INVALID)
def test_parse_date_returns_none_for_invalid_date(raw):
    assert parse_date(raw) is None


def test_unknown_outlet_zone_is_a_configuration_error():
    with pytest.raises(ValueError, match="Europe/Wein"):
        parse_date("2017-05-03", timezone="Europe/Wein")


# --- corpora and formatting ----------------------------------------------------------------


def test_corpus_month_is_month_precision_at_first_instant():
    parsed = parse_corpus_date("2017-05")
    assert (iso(parsed.value), parsed.precision) == ("2017-05-01T00:00:00Z", "month")


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        ("year", "2017"),
        ("month", "2017-05"),
        ("day", "2017-05-03"),
        ("minute", "2017-05-03T12:32Z"),
        ("second", "2017-05-03T12:32:07Z"),
    ],
)
def test_format_at_precision(precision, expected):
    value = datetime(2017, 5, 3, 12, 32, 7, tzinfo=UTC)
    assert format_at_precision(value, precision) == expected


def test_format_at_precision_writes_times_in_utc():
    parsed = parse_date("2017-05-03T14:32:00+02:00")
    assert format_at_precision(parsed.value, "minute") == "2017-05-03T12:32Z"


def test_format_at_precision_rejects_unknown_precision():
    with pytest.raises(ValueError, match="hour"):
        format_at_precision(datetime(2017, 5, 3), "hour")


def test_utc_stamp_at_outlet_midnight_is_the_outlet_day():
    # a Berlin CMS keeps the date 7 November as local midnight and writes it in UTC
    parsed = parse_date("2022-11-06T23:00:00.000Z", timezone="Europe/Berlin")
    assert (iso(parsed.value), parsed.precision) == ("2022-11-07T00:00:00Z", "day")


def test_utc_stamp_at_outlet_midnight_in_summer_time_is_the_outlet_day():
    parsed = parse_date("2022-05-02T22:00:00Z", timezone="Europe/Vienna")
    assert (iso(parsed.value), parsed.precision) == ("2022-05-03T00:00:00Z", "day")


def test_utc_stamp_at_midnight_of_no_known_outlet_zone_stays_an_instant():
    parsed = parse_date("2022-11-06T23:00:00.000Z")
    assert (iso(parsed.value), parsed.precision) == ("2022-11-06T23:00:00Z", "second")


def test_utc_stamp_one_second_after_outlet_midnight_stays_an_instant():
    parsed = parse_date("2022-11-06T23:00:01Z", timezone="Europe/Berlin")
    assert parsed.precision == "second"
