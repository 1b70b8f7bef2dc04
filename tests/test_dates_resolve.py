"""resolve_dates: ranking, precision refinement, sanity rejections and flags."""

from datetime import UTC, datetime

import pytest

from newscrawl.dates import DateCandidate, resolve_dates, url_date_candidates

FETCHED = datetime(2017, 5, 4, 8, 0, tzinfo=UTC)


def pub(source, value):
    return DateCandidate(source, "published", value)


def mod(source, value):
    return DateCandidate(source, "modified", value)


def resolve(*candidates, **kwargs):
    kwargs.setdefault("fetched_at", FETCHED)
    return resolve_dates(list(candidates), **kwargs)


def iso(value):
    return value.isoformat().replace("+00:00", "Z")


# --- ranking -------------------------------------------------------------------------------

RANKING = [
    # (higher-ranked source, lower-ranked source)
    ("jsonld", "time"),
    ("meta:article:published_time", "meta:date"),
    ("meta:date", "feed"),
    ("time", "feed"),
    ("feed", "sitemap"),
    ("sitemap", "byline"),
    ("byline", "htmldate"),
]


@pytest.mark.parametrize(("better", "worse"), RANKING)
def test_higher_ranked_source_wins_a_disagreement(better, worse):
    result = resolve(pub(worse, "2017-05-02"), pub(better, "2017-05-03"))
    assert (result.published_source, result.published_local_date) == (better, "2017-05-03")


def test_url_date_ranks_above_byline():
    result = resolve(pub("byline", "2. Mai 2017"), url="https://x.example/2017/05/03/story")
    assert (result.published_source, result.published_local_date) == ("url", "2017-05-03")


def test_url_date_is_used_when_nothing_else_is_known():
    result = resolve(url="https://x.example/politik/2017/05/03/story.html")
    assert (result.published_source, result.published_precision) == ("url", "day")


def test_offset_beats_local_time_within_one_rank():
    result = resolve(
        pub("meta:date", "2017-05-03 14:32"), pub("meta:dc.date", "2017-05-03T09:00:00+02:00")
    )
    assert result.published_raw == "2017-05-03T09:00:00+02:00"


def test_agreeing_finer_candidate_supplies_the_value():
    result = resolve(
        pub("jsonld", "2017-05-03"), pub("meta:article:published_time", "2017-05-03T14:32:00+02:00")
    )
    assert (iso(result.published), result.published_precision, result.published_source) == (
        "2017-05-03T12:32:00Z",
        "second",
        "meta:article:published_time",
    )


def test_disagreeing_finer_candidate_does_not_refine():
    result = resolve(pub("jsonld", "2017-05-03"), pub("time", "2017-05-01T14:32:00+02:00"))
    assert (result.published_precision, result.published_source) == ("day", "jsonld")


def test_day_candidate_agrees_with_local_time_of_the_outlet():
    # 23:30 UTC on 2 May is 3 May in Vienna: the byline refines the JSON-LD day
    result = resolve(
        pub("jsonld", "2017-05-03"), pub("byline", "3. Mai 2017, 01:30"), timezone="Europe/Vienna"
    )
    assert (iso(result.published), result.published_source) == ("2017-05-02T23:30:00Z", "byline")


def test_two_source_families_outvote_the_top_ranked_day():
    result = resolve(
        pub("jsonld", "2017-04-01"), pub("time", "2017-05-03"), pub("byline", "3. Mai 2017")
    )
    assert result.published_local_date == "2017-05-03"


def test_one_family_repeating_itself_does_not_outvote():
    result = resolve(
        pub("jsonld", "2017-04-01"), pub("byline", "3. Mai 2017"), pub("byline", "03.05.2017")
    )
    assert result.published_local_date == "2017-04-01"


def test_corpus_date_is_never_outvoted():
    result = resolve(
        pub("corpus", "2017-05"), pub("jsonld", "2017-06-02"), pub("time", "2017-06-02")
    )
    assert (result.published_source, result.published_precision) == ("corpus", "month")


def test_corpus_month_is_refined_by_an_agreeing_day():
    result = resolve(pub("corpus", "2017-05"), pub("jsonld", "2017-05-03T14:32:00+02:00"))
    assert (result.published_source, result.published_precision) == ("jsonld", "second")


def test_corpus_month_alone_stays_month():
    result = resolve(pub("corpus", "2017-05"))
    assert (iso(result.published), result.published_precision, result.published_local_date) == (
        "2017-05-01T00:00:00Z",
        "month",
        "2017-05",
    )


# --- the day shown to the reader against generic meta tags --------------------------------


def test_day_shown_with_the_headline_replaces_a_generic_meta_day():
    # a CMS writes the node's creation day into dcterms.date; the article header shows another
    result = resolve(
        pub("meta:dcterms.date", "2017-04-21T09:43+02:00"),
        pub("time", "2017-04-25T08:00:00+02:00"),
        pub("byline", "25.04.2017"),
        pub("htmldate", "2017-04-21"),
    )
    assert (result.published_local_date, result.published_source) == ("2017-04-25", "time")


def test_day_shown_earlier_than_the_generic_meta_day_also_replaces_it():
    result = resolve(pub("meta:date", "2017-04-30"), pub("byline", "29.04.2017, 12:01 Uhr"))
    assert (result.published_local_date, result.published_precision) == ("2017-04-29", "minute")


def test_generic_meta_day_stays_when_the_page_shows_several_days():
    # a list of upcoming events in the sidebar, no date with the headline
    result = resolve(
        pub("meta:date", "2017-04-11"),
        pub("byline", "29.04.2017 18:00 Uhr"),
        pub("byline", "04.05.2017 18:00 Uhr"),
    )
    assert result.published_local_date == "2017-04-11"


def test_generic_meta_day_stays_when_the_shown_day_is_months_away():
    # the masthead's "today" on an archived article
    result = resolve(
        pub("meta:date", "2016-05-01T17:05:00+0200"), pub("byline", "Mittwoch, 03.05.2017")
    )
    assert result.published_local_date == "2016-05-01"


def test_generic_meta_day_stays_when_the_url_names_it_too():
    result = resolve(
        pub("meta:date", "2017-04-28"),
        pub("byline", "27.04.2017"),
        url="https://verband.example/presse/2017/04/28/mitteilung",
    )
    assert result.published_local_date == "2017-04-28"


def test_generic_meta_day_stays_when_the_shown_day_is_the_last_change():
    # the header shows the day of the last update, which the page's own markup calls so
    result = resolve(
        pub("meta:date", "2017-04-20"),
        mod("meta:last-modified", "2017-04-27T09:12:00+02:00"),
        pub("byline", "27.04.2017"),
    )
    assert result.published_local_date == "2017-04-20"


def test_day_shown_replaces_a_bare_day_in_an_open_graph_tag():
    result = resolve(
        pub("meta:og:article:published_time", "2017-04-15"),
        pub("time", "2017-04-25"),
        pub("byline", "25.04.2017 Kategorien Umwelt"),
        pub("htmldate", "2017-04-15"),
    )
    assert result.published_local_date == "2017-04-25"


def test_day_shown_does_not_replace_a_bare_day_in_json_ld():
    result = resolve(pub("jsonld", "2017-04-15"), pub("byline", "25.04.2017"))
    assert result.published_local_date == "2017-04-15"


def test_day_shown_does_not_replace_a_strong_meta_day():
    result = resolve(
        pub("meta:article:published_time", "2017-04-28T10:00:00+02:00"), pub("byline", "27.04.2017")
    )
    assert result.published_local_date == "2017-04-28"


# --- time zones and the reader's day -------------------------------------------------------


def test_published_offset_is_the_raw_offset():
    result = resolve(pub("jsonld", "2017-05-03T14:32:00+02:00"))
    assert (result.published_offset, result.published_timezone) == ("+02:00", None)


def test_published_timezone_is_the_outlet_zone_for_local_times():
    result = resolve(pub("byline", "03.05.2017 14:32"), timezone="Europe/Vienna")
    assert (result.published_offset, result.published_timezone) == (None, "Europe/Vienna")


def test_local_date_follows_the_outlet_zone():
    result = resolve(pub("jsonld", "2017-05-02T22:04:00Z"), timezone="Europe/Vienna")
    assert result.published_local_date == "2017-05-03"


def test_local_date_follows_the_raw_offset_without_outlet_zone():
    result = resolve(pub("jsonld", "2017-05-03T00:30:00+02:00"))
    assert (iso(result.published), result.published_local_date) == (
        "2017-05-02T22:30:00Z",
        "2017-05-03",
    )


def test_local_date_of_utc_stamp_is_settled_by_local_wall_time():
    result = resolve(pub("jsonld", "2017-05-04T02:25:54Z"), pub("byline", "May 3, 2017 | 9:25pm"))
    assert result.published_local_date == "2017-05-03"


def test_local_date_of_utc_stamp_is_settled_by_same_instant_with_offset():
    result = resolve(
        pub("jsonld", "2017-05-02T22:04:00Z"), pub("meta:date", "Wed, 03 May 2017 00:04:00 +0200")
    )
    assert result.published_local_date == "2017-05-03"


def test_local_date_of_utc_stamp_is_settled_by_url_day():
    result = resolve(
        pub("meta:article:published_time", "2017-05-02T23:11:59+00:00"),
        url="https://blog.example/2017/05/03/post/",
    )
    assert result.published_local_date == "2017-05-03"


def test_local_date_of_utc_stamp_in_a_known_zone_is_the_day_the_page_shows():
    # a Sydney outlet's story stamped 16:34Z (2 July, 02:34 in Sydney) whose byline
    # prints 1 July, and whose URL carries the Sydney day
    result = resolve(
        pub("jsonld", "2017-05-01T16:34:54.488Z"),
        pub("time", "2017-05-01T16:34:54.488Z"),
        pub("byline", "May 1, 2017"),
        url="https://news.example/world/story-20170502-p5abc.html",
        timezone="Australia/Sydney",
    )
    assert (result.published_local_date, result.published_source) == ("2017-05-01", "jsonld")


def test_local_date_of_utc_stamp_in_a_known_zone_without_a_shown_day_is_the_zone_day():
    result = resolve(pub("jsonld", "2017-05-01T16:34:54Z"), timezone="Australia/Sydney")
    assert result.published_local_date == "2017-05-02"


def test_local_date_of_utc_stamp_stays_the_zone_day_when_the_page_shows_two_days():
    # a bare <time> day of the evening before and the byline's wall time of the zone's day
    result = resolve(
        pub("jsonld", "2017-05-03T03:00:00.000Z"),
        pub("time", "2017-05-02"),
        pub("byline", "03.05.2017, 05:00 Uhr"),
        timezone="Europe/Zurich",
    )
    assert result.published_local_date == "2017-05-03"


def test_a_shown_day_the_utc_stamp_cannot_fall_on_leaves_the_zone_day():
    result = resolve(
        pub("jsonld", "2017-05-01T16:34:54Z"),
        pub("byline", "April 29, 2017"),
        timezone="Australia/Sydney",
    )
    assert result.published_local_date == "2017-05-02"


# --- sanity rejections ---------------------------------------------------------------------

REJECTIONS = [
    ("2017-05-06T10:00:00Z", "future"),
    ("1989-12-31", "before_1990"),
    ("1970-01-01T00:00:00Z", "epoch_zero"),
    ("0", "unparseable"),
    ("keine Angabe", "unparseable"),
    ("31.02.2017", "invalid_date"),
]


@pytest.mark.parametrize(("raw", "reason"), REJECTIONS)
def test_rejected_candidate_is_reported_with_reason(raw, reason):
    result = resolve(pub("jsonld", raw), pub("htmldate", "2017-05-03"))
    assert result.rejected == [("jsonld", raw, reason)]


@pytest.mark.parametrize(("raw", "reason"), REJECTIONS)
def test_rejected_candidate_gives_way_to_the_next(raw, reason):
    result = resolve(pub("jsonld", raw), pub("htmldate", "2017-05-03"))
    assert (result.published_source, result.published_local_date) == ("htmldate", "2017-05-03")


def test_future_within_skew_is_accepted():
    result = resolve(pub("jsonld", "2017-05-04T20:00:00Z"))
    assert result.rejected == []


def test_relative_byline_is_resolved_against_fetch_time():
    result = resolve(pub("byline", "vor 2 Stunden"))
    assert iso(result.published) == "2017-05-04T06:00:00Z"


def test_no_candidates_leave_every_field_empty():
    fields = resolve().as_fields()
    assert all(fields[name] is None for name in fields if name not in ("date_flags", "rejected"))


# --- flags ---------------------------------------------------------------------------------


def test_modified_before_published_is_flagged():
    result = resolve(pub("jsonld", "2017-05-03T10:00:00Z"), mod("jsonld", "2017-05-02T10:00:00Z"))
    assert "modified_before_published" in result.date_flags


def test_modified_on_the_published_day_at_day_precision_is_not_flagged():
    result = resolve(pub("jsonld", "2017-05-03T10:00:00Z"), mod("sitemap", "2017-05-03"))
    assert "modified_before_published" not in result.date_flags


def test_trusted_sources_naming_another_day_are_flagged():
    result = resolve(pub("jsonld", "2017-05-03"), pub("feed", "2017-05-01"))
    assert "published_sources_disagree" in result.date_flags


def test_htmldate_disagreeing_is_not_flagged():
    result = resolve(pub("jsonld", "2017-05-03"), pub("htmldate", "2017-05-01"))
    assert result.date_flags == []


# --- modified ------------------------------------------------------------------------------


def test_modified_fields_come_from_modified_candidates():
    result = resolve(
        pub("jsonld", "2017-05-03"), mod("meta:og:updated_time", "2017-05-03T16:00:00+02:00")
    )
    assert (iso(result.modified), result.modified_precision, result.modified_source) == (
        "2017-05-03T14:00:00Z",
        "second",
        "meta:og:updated_time",
    )


def test_modified_is_never_used_as_published():
    result = resolve(mod("jsonld", "2017-05-03"))
    assert (result.published, result.modified_precision) == (None, "day")


# --- contract ------------------------------------------------------------------------------


def test_as_fields_has_the_stored_document_fields():
    fields = resolve(pub("jsonld", "2017-05-03")).as_fields()
    assert set(fields) == {
        "published",
        "published_precision",
        "published_raw",
        "published_source",
        "published_offset",
        "published_timezone",
        "published_local_date",
        "modified",
        "modified_precision",
        "modified_raw",
        "modified_source",
        "date_flags",
        "rejected",
    }


def test_unknown_candidate_field_is_an_error():
    with pytest.raises(ValueError, match="field must be"):
        resolve(DateCandidate("jsonld", "created", "2017-05-03"))


# --- URL dates -----------------------------------------------------------------------------

URLS = [
    ("https://x.example/2017/05/03/story", "2017-05-03"),
    ("https://x.example/news/2017-05-03-story.html", "2017-05-03"),
    ("https://x.example/a/20170503/story", "2017-05-03"),
    ("https://x.example/2017/05/story", "2017-05"),
    ("https://x.example/story-123456789", None),
    ("https://x.example/2017/13/40/story", None),
    ("https://x.example/story?date=2017-05-03", None),
]


@pytest.mark.parametrize(("url", "expected"), URLS)
def test_url_date_candidates(url, expected):
    found = url_date_candidates(url)
    assert (found[0].value if found else None) == expected


def test_broken_url_gives_no_url_date():
    assert url_date_candidates("http://[::1/2017/05/03/") == []


def test_unknown_outlet_zone_is_an_error_even_without_candidates():
    with pytest.raises(ValueError, match="Europe/Wein"):
        resolve(timezone="Europe/Wein")


def test_huge_raw_value_is_rejected_and_stored_truncated():
    result = resolve(pub("feed", "2017-05-03" + "x" * 10_000_000))
    assert (result.published, result.rejected[0][2], len(result.rejected[0][1])) == (
        None,
        "unparseable",
        200,
    )


def test_non_text_value_is_rejected_as_unparseable():
    result = resolve(pub("jsonld", {"$date": "2017-05-02T19:14:00Z"}))
    assert result.rejected == [("jsonld", "{'$date': '2017-05-02T19:14:00Z'}", "unparseable")]


# --- the page's language reads what the page shows, not what its server wrote -------------


def test_ambiguous_slash_date_in_a_meta_tag_is_not_read_by_the_page_language():
    # <meta name="date" content="11/01/2023 12:43:42"> from an en-US server on a German page
    resolution = resolve(
        pub("meta:date", "11/01/2023 12:43:42"),
        pub("byline", "Erstellt am: 01.11.2023"),
        fetched_at=datetime(2023, 11, 2, tzinfo=UTC),
        languages=["de"],
    )
    assert resolution.published_local_date == "2023-11-01"
    assert ("meta:date", "11/01/2023 12:43:42", "unparseable") in resolution.rejected


def test_ambiguous_slash_date_in_the_byline_is_read_by_the_page_language():
    resolution = resolve(
        pub("byline", "Publicado el 10/05/2022"),
        fetched_at=datetime(2022, 5, 12, tzinfo=UTC),
        languages=["es"],
    )
    assert resolution.published_local_date == "2022-05-10"


def test_a_last_week_article_keeps_its_meta_day_next_to_the_mastheads_today():
    from newscrawl.dates.html import collect_date_candidates

    page = """<html><head><meta name="date" content="2017-04-27T09:30:00+02:00"></head>
              <body><header><span class="date">Donnerstag, 4. Mai 2017</span>
              <a href="/">Tagesblatt</a></header><article><h1>Der Rat tagt</h1>
              <p>Der Text beginnt hier.</p></article></body></html>"""
    candidates = collect_date_candidates(page, "https://news.example/rat", use_htmldate=False)
    assert resolve(*candidates).published_local_date == "2017-04-27"
