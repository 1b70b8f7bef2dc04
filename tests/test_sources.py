"""The source registry: sources as validated data."""

import pytest

from newscrawl.sources import (
    SourceError,
    get_source,
    load_registry,
    load_sources_file,
    source_from_mapping,
)

GOOD = {"feeds": ["https://www.example-news.at/rss"], "language": "de", "timezone": "Europe/Vienna"}


def test_bundled_registry_loads_and_validates():
    registry = load_registry()
    assert {"derstandard", "tagesschau", "apnews"} <= set(registry)
    assert registry["apnews"].default_agency == "AP"


def test_allowed_domains_default_to_the_hosts_of_the_urls():
    source = source_from_mapping("x", GOOD)
    assert source.allowed_domains == ("www.example-news.at",)


def test_bad_feed_url_names_source_and_field():
    with pytest.raises(SourceError, match=r"source 'derstandard' .*field 'feeds': 'htp://x' is not a valid"):
        source_from_mapping("derstandard", {**GOOD, "feeds": ["htp://x"]})


def test_unknown_time_zone_is_rejected_with_an_example():
    with pytest.raises(SourceError, match=r"field 'timezone': 'Europe/Wein' is not an IANA"):
        source_from_mapping("x", {**GOOD, "timezone": "Europe/Wein"})


def test_invalid_article_pattern_is_rejected():
    with pytest.raises(SourceError, match=r"field 'article_patterns'"):
        source_from_mapping("x", {**GOOD, "article_patterns": ["/story/(\\d+"]})


def test_unknown_field_is_rejected():
    with pytest.raises(SourceError, match=r"field 'feed': unknown field"):
        source_from_mapping("x", {"feed": ["https://a.example/rss"], "language": "de"})


def test_source_without_any_start_url_is_rejected():
    with pytest.raises(SourceError, match="needs feeds, sitemaps or listing_pages"):
        source_from_mapping("x", {"language": "de"})


def test_a_string_where_a_list_belongs_is_rejected():
    with pytest.raises(SourceError, match="must be a list of strings"):
        source_from_mapping("x", {**GOOD, "feeds": "https://a.example/rss"})


def test_user_file_adds_and_overrides_sources(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[mine]\nfeeds = ["https://mine.example/feed"]\nlanguage = "en"\n'
                    '[orf]\nfeeds = ["https://orf.example/rss"]\nlanguage = "de"\n')
    registry = load_registry([path])
    assert registry["mine"].language == "en"
    assert registry["orf"].feeds == ("https://orf.example/rss",)


def test_invalid_toml_names_the_file(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[x\nfeeds=")
    with pytest.raises(SourceError, match="broken.toml.*not valid TOML"):
        load_sources_file(path)


def test_unknown_source_lists_known_ones():
    with pytest.raises(SourceError, match="unknown source 'nope'; known sources: .*derstandard"):
        get_source(load_registry(), "nope")


def test_article_url_patterns_and_deny_patterns():
    source = source_from_mapping("x", {**GOOD, "article_patterns": [r"/story/\d+"],
                                       "deny_patterns": ["/video/"]})
    assert source.is_article_url("https://www.example-news.at/story/123/titel")
    assert not source.is_article_url("https://www.example-news.at/video/story/123")
    assert not source.is_article_url("https://www.example-news.at/sport")


def test_subdomains_are_allowed_but_lookalike_domains_are_not():
    source = source_from_mapping("x", {**GOOD, "allowed_domains": ["example-news.at"]})
    assert source.is_allowed("https://m.example-news.at/a")
    assert not source.is_allowed("https://evil-example-news.at/a")


def test_unknown_default_agency_suggests_close_codes():
    with pytest.raises(SourceError, match=r"field 'default_agency': unknown agency 'dap'; did you mean dpa"):
        source_from_mapping("x", {**GOOD, "default_agency": "dap"})


def test_default_agency_alias_becomes_its_canonical_code():
    assert source_from_mapping("x", {**GOOD, "default_agency": "Associated Press"}).default_agency == "AP"
