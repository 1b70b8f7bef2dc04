"""Health monitors judge a finished crawl from its stats dict (and the stored
counts of earlier runs): pure checks, no crawl needed."""

from __future__ import annotations

from scrapy.settings import Settings

from newscrawl.ops.monitors import (
    ErrorRate,
    FinishReason,
    SpiderExceptions,
    Storage,
    TextlessShare,
    UndatedShare,
    ZeroArticles,
    monitors_from_settings,
    problems,
    run_monitors,
)
from newscrawl.settings import defaults


def fetches(requests: int, **statuses: int) -> dict:
    stats = {"downloader/request_count": requests}
    for status, count in statuses.items():
        stats[f"downloader/response_status_count/{status.lstrip('s')}"] = count
    return stats


def test_a_finished_crawl_passes_the_finish_reason_monitor():
    assert FinishReason().check({"finish_reason": "finished"}, []).ok


def test_a_shut_down_crawl_fails_the_finish_reason_monitor_naming_the_reason():
    verdict = FinishReason().check({"finish_reason": "shutdown"}, [])
    assert not verdict.ok
    assert verdict.message == "finish reason shutdown (expected finished)"


def test_an_error_rate_over_the_threshold_fails_with_both_percentages():
    verdict = ErrorRate(max_rate=0.10).check(fetches(100, s200=66, s503=34), [])
    assert not verdict.ok
    assert verdict.message.startswith("error rate 34% > 10%")
    assert verdict.value == 0.34


def test_downloader_exceptions_count_as_errors():
    stats = {**fetches(10, s200=8), "downloader/exception_count": 2}
    assert ErrorRate(max_rate=0.1).check(stats, []).value == 0.2


def test_urls_robots_txt_forbids_are_not_errors():
    # Scrapy counts the IgnoreRequest of a forbidden URL as a downloader exception
    stats = {**fetches(10, s200=10), "downloader/exception_count": 6, "robotstxt/forbidden": 5}
    assert ErrorRate(max_rate=0.1).check(stats, []).value == 0.1


def test_not_found_pages_are_not_errors():
    assert ErrorRate(max_rate=0.1).check(fetches(10, s200=5, s404=5), []).ok


def test_forbidden_and_too_many_requests_are_errors():
    assert ErrorRate(max_rate=0.1).check(fetches(10, s200=8, s403=1, s429=1), []).value == 0.2


def test_request_headers_too_large_are_errors():
    assert ErrorRate(max_rate=0.1).check(fetches(10, s200=9, s431=1), []).value == 0.1


def test_a_run_without_requests_has_no_error_rate_to_fail():
    assert ErrorRate().check({}, []).ok


def test_an_empty_run_of_a_source_that_usually_yields_articles_is_unhealthy():
    verdict = ZeroArticles(lookback=5).check({"newscrawl/store/inserted": 0}, [12, 0, 9])
    assert not verdict.ok
    assert verdict.message == "0 articles stored, but 2 of the last 3 healthy runs stored articles"


def test_an_empty_run_of_a_source_that_is_usually_quiet_is_healthy():
    assert ZeroArticles().check({}, [0, 0, 4, 0]).ok


def test_an_empty_first_run_is_not_judged():
    verdict = ZeroArticles().check({}, [])
    assert verdict.ok and "not judged" in verdict.message


def test_zero_article_monitor_looks_only_at_the_latest_runs():
    assert ZeroArticles(lookback=2).check({}, [0, 0, 8, 8, 8]).ok


def test_replaced_articles_count_as_stored():
    assert ZeroArticles().check({"newscrawl/store/replaced": 3}, [5, 5]).ok


def test_many_undated_articles_fail_the_undated_share_monitor():
    stats = {"newscrawl/dates/missing": 8, "newscrawl/dates/source/jsonld": 12}
    verdict = UndatedShare(max_share=0.3, min_pages=10).check(stats, [])
    assert not verdict.ok
    assert verdict.message == "40% of articles without a date > 30% (8 of 20)"


def test_few_pages_are_not_judged_by_the_share_monitors():
    stats = {"newscrawl/dates/missing": 3, "newscrawl/dates/source/jsonld": 1}
    assert UndatedShare(max_share=0.1, min_pages=10).check(stats, []).ok


def test_pages_dropped_for_lack_of_text_fail_the_textless_share_monitor():
    stats = {"item_scraped_count": 10, "item_dropped_count": 10,
             "newscrawl/dropped/no_text": 4, "newscrawl/dropped/too_short": 5}
    verdict = TextlessShare(max_share=0.25, min_pages=10).check(stats, [])
    assert not verdict.ok and verdict.value == 0.45


def test_other_drop_reasons_are_not_missing_text():
    stats = {"item_scraped_count": 10, "item_dropped_count": 10, "newscrawl/dropped/no_title": 10}
    assert TextlessShare(max_share=0.25, min_pages=10).check(stats, []).ok


def test_articles_the_database_did_not_take_fail_the_storage_monitor():
    verdict = Storage().check({"newscrawl/store/unavailable": 7, "newscrawl/store/failed": 1}, [])
    assert not verdict.ok and verdict.value == 8


def test_spooled_and_lost_articles_are_told_apart():
    stats = {"newscrawl/store/unavailable": 10, "newscrawl/store/spooled": 9,
             "newscrawl/store/spool_failed": 1}
    assert Storage().check(stats, []).message == (
        "10 articles not archived (9 spooled for 'newscrawl replay', 1 lost)")


def test_a_run_that_archived_everything_passes_the_storage_monitor():
    assert Storage().check({"newscrawl/store/inserted": 5}, []).ok


def test_exceptions_in_spider_callbacks_are_named_by_class():
    stats = {"spider_exceptions/count": 3, "spider_exceptions/KeyError": 2,
             "spider_exceptions/ValueError": 1}
    verdict = SpiderExceptions(max_count=0).check(stats, [])
    assert not verdict.ok
    assert verdict.message == "3 spider exceptions (KeyError ×2, ValueError ×1) > 0"


def test_spider_exceptions_up_to_the_maximum_are_tolerated():
    stats = {"spider_exceptions/count": 2, "spider_exceptions/KeyError": 2}
    assert SpiderExceptions(max_count=2).check(stats, []).ok


def test_thresholds_come_from_the_settings():
    settings = Settings({k: v for k, v in vars(defaults).items() if k.startswith("NEWSCRAWL_")})
    settings.set("NEWSCRAWL_MONITOR_MAX_ERROR_RATE", "0.5")
    settings.set("NEWSCRAWL_MONITOR_FINISH_REASONS", "finished,closespider_timeout")
    verdicts = run_monitors(monitors_from_settings(settings),
                            {**fetches(10, s200=6, s503=4), "finish_reason": "closespider_timeout"})
    assert problems(verdicts) == []


def test_problems_lists_the_messages_of_failed_monitors_only():
    verdicts = run_monitors([FinishReason(), ErrorRate(max_rate=0.1)],
                            {**fetches(4, s200=4), "finish_reason": "shutdown"})
    assert problems(verdicts) == ["finish reason shutdown (expected finished)"]


def test_feed_exports_monitor_fails_when_items_were_not_written():
    from newscrawl.ops.monitors import FeedExports

    verdict = FeedExports().check({"newscrawl/feedexport/offered": 60,
                                   "newscrawl/feedexport/exported": 0}, ())
    assert not verdict.ok and verdict.message == "feed export failed: 60 of 60 items not written"


def test_feed_exports_monitor_fails_when_scrapy_could_not_store_a_feed():
    from newscrawl.ops.monitors import FeedExports

    verdict = FeedExports().check({"newscrawl/feedexport/offered": 5,
                                   "newscrawl/feedexport/exported": 5,
                                   "feedexport/failed_count/FileFeedStorage": 1}, ())
    assert not verdict.ok and verdict.message == "feed export failed: 1 feed not stored"


def test_feed_exports_monitor_is_content_without_feeds_or_with_every_item_written():
    from newscrawl.ops.monitors import FeedExports

    assert FeedExports().check({}, ()).message == "no feed export"
    written = {"newscrawl/feedexport/offered": 7, "newscrawl/feedexport/exported": 7}
    assert FeedExports().check(written, ()).ok
