"""Health monitors judge a finished crawl from its stats dict (and the stored
channels and counts of earlier runs): pure checks, no crawl needed."""

from __future__ import annotations

from scrapy.settings import Settings

from newscrawl.ops.monitors import (
    Channels,
    ErrorRate,
    FinishReason,
    NewArticlesStored,
    SpiderExceptions,
    Storage,
    TextlessShare,
    UndatedShare,
    monitors_from_settings,
    problems,
    run_monitors,
)
from newscrawl.settings import defaults


def fetches(pages: int, **failures: int) -> dict:
    """Stats of a crawl that got ``pages`` pages and whose other fetches
    failed for good, by reason (``http_503=2``, ``too_large=1``)."""
    stats = {"newscrawl/fetch/article_pages": pages}
    for reason, count in failures.items():
        stats[f"newscrawl/fetch/failed/{reason}"] = count
    return stats


def test_a_finished_crawl_passes_the_finish_reason_monitor():
    assert FinishReason().check({"finish_reason": "finished"}, []).ok


def test_a_shut_down_crawl_fails_the_finish_reason_monitor_naming_the_reason():
    verdict = FinishReason().check({"finish_reason": "shutdown"}, [])
    assert not verdict.ok
    assert verdict.message == "finish reason shutdown (expected finished)"


def test_an_error_rate_over_the_threshold_fails_with_both_percentages():
    verdict = ErrorRate(max_rate=0.10).check(fetches(66, http_503=34), [])
    assert not verdict.ok
    assert verdict.message == "error rate 34% > 10% (34 of 100 fetches failed)"
    assert verdict.value == 0.34


def test_discovery_pages_count_as_fetches():
    stats = {**fetches(7, timeout=1), "newscrawl/fetch/discovery_pages": 2}
    assert ErrorRate(max_rate=0.1).check(stats, []).value == 0.1


def test_failures_a_user_calls_failures_are_errors():
    stats = fetches(6, too_large=1, http_431=1, data_loss=1, connection_lost=1)
    assert ErrorRate(max_rate=0.1).check(stats, []).value == 0.4


def test_not_found_pages_are_not_errors():
    assert ErrorRate(max_rate=0.1).check(fetches(5, http_404=5), []).ok


def test_urls_robots_txt_forbids_are_not_errors():
    assert ErrorRate(max_rate=0.1).check(fetches(5, robots_txt=20), []).ok


def test_request_headers_too_large_are_errors():
    assert ErrorRate(max_rate=0.1).check(fetches(9, http_431=1), []).value == 0.1


def test_a_429_answered_after_its_retry_after_is_no_error():
    """The 429 attempts are in Scrapy's status counts; the fetch's outcome is a page."""
    stats = {**fetches(10), "downloader/response_status_count/429": 6,
             "downloader/response_status_count/200": 10, "downloader/request_count": 16}
    assert ErrorRate(max_rate=0.1).check(stats, []).value == 0.0


def test_forbidden_and_too_many_requests_after_the_retries_are_errors():
    assert ErrorRate(max_rate=0.1).check(fetches(8, http_403=1, http_429=1), []).value == 0.2


def test_a_run_without_fetches_has_no_error_rate_to_fail():
    assert ErrorRate().check({}, []).ok


def test_a_quiet_run_with_nothing_new_is_healthy_whatever_earlier_runs_stored():
    earlier = [{"counts": {"stored": 12}}, {"counts": {"stored": 9}}]
    verdict = NewArticlesStored().check({"newscrawl/incremental/skipped": 60}, earlier)
    assert verdict.ok and verdict.message == "no new articles listed"


def test_new_articles_listed_but_none_stored_is_unhealthy():
    stats = {"newscrawl/incremental/new": 5, "newscrawl/fetch/failed/timeout": 5}
    verdict = NewArticlesStored().check(stats, [])
    assert not verdict.ok
    assert verdict.message == "5 new articles listed, none stored"


def test_new_pages_that_are_no_articles_or_robots_forbidden_are_no_loss():
    stats = {"newscrawl/incremental/new": 3, "newscrawl/dropped/not_html": 1,
             "newscrawl/dropped/listing_page": 1, "newscrawl/fetch/failed/robots_txt": 1}
    assert NewArticlesStored().check(stats, []).ok


def test_a_transient_drop_of_a_new_article_is_a_loss():
    stats = {"newscrawl/incremental/new": 1, "newscrawl/dropped/extract_timeout": 1}
    assert not NewArticlesStored().check(stats, []).ok


def test_without_incremental_crawling_every_requested_article_is_new():
    stats = {"newscrawl/discovery/articles": 4, "newscrawl/fetch/failed/http_503": 4}
    assert not NewArticlesStored(incremental=False).check(stats, []).ok


def test_replaced_articles_count_as_stored():
    assert NewArticlesStored().check({"newscrawl/incremental/new": 3,
                                      "newscrawl/store/replaced": 3}, []).ok


FEED = "http://127.0.0.1:8001/rss.xml"
SITEMAP = "http://127.0.0.1:8001/news.xml"


def channel_stats(**channels: tuple[int, bool]) -> dict:
    urls = {"feed": FEED, "sitemap": SITEMAP}
    stats = {}
    for kind, (entries, failed) in channels.items():
        stats[f"newscrawl/channels/{kind}/entries/{urls[kind]}"] = entries
        if failed:
            stats[f"newscrawl/channels/{kind}/failed/{urls[kind]}"] = 1
    return stats


def test_an_unreachable_feed_is_unhealthy():
    verdict = Channels().check(channel_stats(feed=(0, True), sitemap=(40, False)), [])
    assert not verdict.ok
    assert verdict.message == f"feed {FEED} unreachable"


def test_a_sitemap_that_listed_entries_before_and_is_empty_now_is_unhealthy():
    earlier = [{"channels": [{"kind": "sitemap", "url": SITEMAP, "entries": 0, "failed": True}]},
               {"channels": [{"kind": "sitemap", "url": SITEMAP, "entries": 35, "failed": False}]}]
    verdict = Channels().check(channel_stats(feed=(20, False), sitemap=(0, False)), earlier)
    assert not verdict.ok
    assert verdict.message == f"sitemap {SITEMAP} empty (35 entries in the last healthy run)"


def test_a_channel_that_was_always_empty_is_not_judged_empty():
    earlier = [{"channels": [{"kind": "sitemap", "url": SITEMAP, "entries": 0, "failed": False}]}]
    assert Channels().check(channel_stats(sitemap=(0, False)), earlier).ok


def test_channels_that_list_entries_are_healthy():
    earlier = [{"channels": [{"kind": "feed", "url": FEED, "entries": 20, "failed": False}]}]
    assert Channels().check(channel_stats(feed=(20, False), sitemap=(3, False)), earlier).ok


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
                            {**fetches(6, http_503=4), "finish_reason": "closespider_timeout"})
    assert problems(verdicts) == []


def test_problems_lists_the_messages_of_failed_monitors_only():
    verdicts = run_monitors([FinishReason(), ErrorRate(max_rate=0.1)],
                            {**fetches(4), "finish_reason": "shutdown"})
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
