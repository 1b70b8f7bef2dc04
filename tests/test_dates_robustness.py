"""Whatever a page or feed puts in a date field, the dates package never crashes."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawl.dates import DateCandidate, parse_date, resolve_dates
from newscrawl.dates.html import collect_date_candidates

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


def test_a_page_of_many_sibling_elements_is_collected_in_linear_time():
    # XPath unions and filters on big node-sets make libxml2 sort them by walking
    # siblings: seconds to minutes on such a page before the collector avoided them
    rows = "".join(
        f'<span class="c{i} date" id="r{i}">Updated</span> <time>x</time>'
        '<span itemprop="name">z</span>'
        for i in range(20_000)
    )
    page = f"<html><body><h1>T</h1>{rows}</body></html>"
    started = time.process_time()
    collect_date_candidates(page, "https://news.example/a", use_htmldate=False)
    assert time.process_time() - started < 5
