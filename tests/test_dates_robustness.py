"""Whatever a page or feed puts in a date field, the dates package never crashes."""

from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawl.dates import DateCandidate, parse_date, resolve_dates

DATE_LIKE = st.lists(
    st.sampled_from([*"0123456789 .:/-+TZ,apmh", "Uhr", "Mai", "vor ", "Jänner", "gestern"]),
    max_size=25,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(DATE_LIKE | st.text(max_size=60))
def test_parse_date_returns_none_or_aware_utc(raw):
    parsed = parse_date(raw, timezone="Europe/Vienna")
    assert parsed is None or parsed.value.utcoffset().total_seconds() == 0


@settings(max_examples=300, deadline=None)
@given(DATE_LIKE | st.text(max_size=60), st.text(max_size=40))
def test_resolve_dates_never_raises_on_page_data(raw, path):
    resolution = resolve_dates([DateCandidate("byline", "published", raw)], url=f"https://x/{path}")
    assert resolution.published is None or resolution.published.tzinfo is not None
