"""collect_date_candidates: where a page states its own dates (never its body text)."""

import pytest

from newscrawl.dates import DateCandidate
from newscrawl.dates.html import collect_date_candidates
from newscrawl.dates.layout import names_byline_marker

URL = "https://news.example/politik/story-1"


def collect(body: str, head: str = "") -> list[DateCandidate]:
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    return collect_date_candidates(page, URL, use_htmldate=False)


def test_jsonld_graph_article_dates():
    head = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "x"},
        {"@type": "NewsArticle", "datePublished": "2017-05-03T14:32:00+02:00",
         "dateModified": "2017-05-03T16:00:00+02:00"}]}</script>"""
    assert collect("", head) == [
        DateCandidate("jsonld", "published", "2017-05-03T14:32:00+02:00"),
        DateCandidate("jsonld", "modified", "2017-05-03T16:00:00+02:00"),
    ]


def test_jsonld_article_node_comes_before_other_nodes():
    head = """<script type="application/ld+json">[
        {"@type": "WebPage", "datePublished": "2010-01-01"},
        {"@type": ["NewsArticle"], "datePublished": "2017-05-03"}]</script>"""
    assert collect("", head)[0] == DateCandidate("jsonld", "published", "2017-05-03")


def test_json_ld_items_that_are_properties_of_the_page_item_are_other_documents():
    head = """<script type="application/ld+json">{"@type": "LiveBlogPosting",
        "datePublished": "2024-08-04T13:23:00Z",
        "mainEntityOfPage": {"@type": "WebPage", "dateModified": "2024-08-05T19:49:50Z"},
        "image": {"@type": "ImageObject", "datePublished": "2019-01-01"},
        "liveBlogUpdate": [
            {"@type": "BlogPosting", "datePublished": "2024-08-05T21:00:18+01:00"},
            {"@type": "BlogPosting", "datePublished": "2024-08-05T20:42:30+01:00"}]}</script>"""
    assert collect("", head) == [
        DateCandidate("jsonld", "published", "2024-08-04T13:23:00Z"),
        DateCandidate("jsonld", "modified", "2024-08-05T19:49:50Z"),
    ]


def test_broken_jsonld_still_gives_its_dates():
    head = """<script type="application/ld+json">{"@type": "NewsArticle",
        "datePublished": "2017-05-03", "headline": "unterminated }</script>"""
    assert DateCandidate("jsonld", "published", "2017-05-03") in collect("", head)


def test_meta_tags_by_property_and_name():
    head = """<meta property="article:published_time" content="2017-05-03T14:32:00+02:00">
              <meta name="DC.date" content="2017-05-03">
              <meta property="og:updated_time" content="2017-05-04T08:00:00+02:00">"""
    assert collect("", head) == [
        DateCandidate("meta:article:published_time", "published", "2017-05-03T14:32:00+02:00"),
        DateCandidate("meta:dc.date", "published", "2017-05-03"),
        DateCandidate("meta:og:updated_time", "modified", "2017-05-04T08:00:00+02:00"),
    ]


def test_time_element_with_pubdate():
    body = '<article><time pubdate datetime="2017-05-03T14:32">3. Mai</time></article>'
    assert collect(body) == [DateCandidate("time", "published", "2017-05-03T14:32")]


def test_itemprop_date_published_is_a_time_candidate():
    body = '<div itemscope><span itemprop="datePublished" content="2017-05-03">3. Mai</span></div>'
    assert DateCandidate("time", "published", "2017-05-03") in collect(body)


def test_itemprop_dates_of_cited_works_are_ignored():
    body = """<article itemscope><meta itemprop="datePublished" content="2017-01-30">
        <ol><li itemprop="citation" itemscope><meta itemprop="datePublished" content="1988"></li></ol>
        </article>"""
    values = [c.value for c in collect(body)]
    assert values == ["2017-01-30"]


def test_byline_after_headline():
    body = """<h1>Titel</h1><div class="article-byline">Von A. Autor, 3. Mai 2017, 14:32</div>
              <p>Text</p>"""
    assert DateCandidate("byline", "published", "Von A. Autor, 3. Mai 2017, 14:32") in collect(body)


def test_byline_markers_are_read_in_any_case_in_class_or_id():
    body = """<h1>Titel</h1><p>Vorspann des Artikels</p>
              <div class="Article-DATE">3. Mai 2017</div>
              <span class="author" id="PostedOn">4. Mai 2017</span>"""
    found = collect(body)
    assert DateCandidate("byline", "published", "3. Mai 2017") in found
    assert DateCandidate("byline", "published", "4. Mai 2017") in found


def test_a_non_ascii_class_names_a_marker_as_an_ascii_one_does():
    assert names_byline_marker("Übersicht Veröffentlichungs-DATUM")
    assert names_byline_marker("Zeitangabe")
    assert not names_byline_marker("Übersicht Artikel")


def test_marked_elements_before_the_headline_come_after_those_under_it():
    body = """<div class="teaser-date">1. Mai 2017</div><h1 class="date">Titel</h1>
              <div class="byline">3. Mai 2017</div><p>Text des Artikels.</p>"""
    found = [c.value for c in collect(body) if c.source == "byline"]
    assert found == ["3. Mai 2017", "1. Mai 2017"]


def test_byline_with_update_is_split_into_published_and_modified():
    body = '<h1>T</h1><p class="date">3. Mai 2017, aktualisiert 4. Mai 2017</p>'
    found = collect(body)
    assert DateCandidate("byline", "published", "3. Mai 2017") in found
    assert DateCandidate("byline", "modified", "4. Mai 2017") in found


def test_a_label_the_markup_runs_into_the_name_before_it_still_splits_the_byline():
    body = """<h1>T</h1><div class="byline"><a>Joseph Gamp</a><span>Updated</span>
              <span>20:49, 5 Aug 2024</span></div>"""
    body = body.replace("\n              ", "")
    assert collect(body) == [DateCandidate("byline", "modified", "20:49, 5 Aug 2024")]


def test_labelled_date_without_markup():
    body = "<h1>T</h1><p>Veröffentlicht am 16.08.2019<br> Dauer: 1 Stunde</p>"
    assert DateCandidate("byline", "published", "16.08.2019 Dauer: 1 Stunde") in collect(body)


def test_dates_in_body_text_are_not_candidates():
    body = "<h1>T</h1><article><p>Am 3. Mai 2017 beschloss der Rat, am 1.6.2017 zu tagen.</p></article>"
    assert collect(body) == []


def test_dates_in_comments_are_not_candidates():
    body = '<h1>T</h1><div class="comments"><span class="date">5. Mai 2017</span></div>'
    assert collect(body) == []


def test_bytes_in_legacy_encoding_are_decoded():
    page = (
        '<html><head><meta charset="iso-8859-1"></head><body><h1>T</h1>'
        '<p class="date">3. März 2017</p></body></html>'.encode("latin-1")
    )
    found = collect_date_candidates(page, URL, use_htmldate=False)
    assert DateCandidate("byline", "published", "3. März 2017") in found


def test_htmldate_guess_comes_last():
    page = (
        '<html><head><meta property="article:published_time" content="2017-05-03"></head>'
        "<body><h1>T</h1><p>Text</p></body></html>"
    )
    found = collect_date_candidates(page, URL)
    assert found[-1] == DateCandidate("htmldate", "published", "2017-05-03")


def test_empty_page_has_no_candidates():
    assert collect_date_candidates(b"", URL) == []


def test_labelled_dates_are_split_by_their_labels():
    body = "<h1>T</h1><p>Letzte Änderung: 31.10.2023 - 14:49<br>Erschienen am: 01.11.2023</p>"
    found = collect(body)
    assert DateCandidate("byline", "published", "01.11.2023") in found
    assert DateCandidate("byline", "modified", "31.10.2023 - 14:49") in found


def test_relative_byline_without_digits():
    body = '<h1>T</h1><span class="timestamp">vor einer Stunde</span>'
    assert collect(body) == [DateCandidate("byline", "published", "vor einer Stunde")]


def test_xml_declaration_does_not_hide_the_document():
    page = (
        '<?xml version="1.0" encoding="utf-8"?><html><body><h1>T</h1>'
        '<p class="date">3. März 2017</p></body></html>'
    )
    assert DateCandidate("byline", "published", "3. März 2017") in collect_date_candidates(
        page, URL, use_htmldate=False
    )


def test_hostile_json_ld_nesting_falls_back_to_its_plain_dates():
    nested = "[" * 100_000 + "]" * 100_000
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        f'"datePublished": "2017-05-03", "about": {nested}}}</script>'
    )
    assert collect("", head) == [DateCandidate("jsonld", "published", "2017-05-03")]


def test_deep_but_valid_json_ld_is_walked_without_recursion():
    head = (
        '<script type="application/ld+json">'
        + '{"mainEntity": ' * 900
        + '{"@type": "NewsArticle", "datePublished": "2017-05-03"}'
        + "}" * 900
        + "</script>"
    )
    assert collect("", head) == [DateCandidate("jsonld", "published", "2017-05-03")]


def test_json_ld_date_given_as_an_object_is_ignored():
    head = """<script type="application/ld+json">{"@type": "NewsArticle",
        "datePublished": {"$date": "2017-05-02T19:14:00Z"}}</script>"""
    assert collect("", head) == []


def test_json_ld_type_attribute_with_parameters():
    head = """<script type="Application/LD+JSON; charset=utf-8">
        {"@type": "NewsArticle", "datePublished": "2017-05-03"}</script>"""
    assert collect("", head) == [DateCandidate("jsonld", "published", "2017-05-03")]


def test_a_tree_parsed_by_the_caller_gives_the_same_candidates_and_is_left_as_it_was():
    from lxml import etree

    from newscrawl.dates.html import parse_html

    page = (
        '<html><head><meta property="article:published_time" content="2017-05-02T21:14:00+02:00">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "dateModified": "2017-05-03"}'
        '</script></head><body><header><time datetime="2017-05-02">2. Mai 2017</time></header>'
        '<p class="byline">Veröffentlicht am 2. Mai 2017, 21:14</p><article><p>Text.</p></article>'
        "</body></html>"
    )
    tree = parse_html(page)
    before = etree.tostring(tree)
    assert collect_date_candidates(page, URL, tree=tree) == collect_date_candidates(page, URL)
    assert etree.tostring(tree) == before


# --- labels are found however a page spells and splits them -------------------------------

LABELS = [
    ("Veröffentlicht am", "published"),
    ("Erschienen am", "published"),
    ("Erscheinungsdatum:", "published"),
    ("Erstellt am", "published"),
    ("Publiziert am", "published"),
    ("Published on", "published"),
    ("Posted on", "published"),
    ("Publié le", "published"),
    ("Pubblicato il", "published"),
    ("Publicado el", "published"),
    ("Gepubliceerd op", "published"),
    ("Datum", "published"),
    ("Aktualisiert am", "modified"),
    ("Zuletzt geändert:", "modified"),
    ("Letzte Änderung:", "modified"),
    ("Geändert am", "modified"),
    ("Stand:", "modified"),
    ("Updated", "modified"),
    ("Last edited", "modified"),
    ("Modified on", "modified"),
    ("Mis à jour le", "modified"),
    ("Modifié le", "modified"),
    ("Aggiornato il", "modified"),
    ("Actualizado el", "modified"),
]


@pytest.mark.parametrize(("label", "field"), LABELS)
def test_every_label_is_read_as_written_and_in_capitals(label, field):
    for spelling in (label, label.upper()):
        body = f'<h1>T</h1><div class="article-info"><span>{spelling} 03.05.2017</span></div>'
        assert DateCandidate("byline", field, "03.05.2017") in collect(body), spelling


def test_label_and_date_in_separate_elements_are_read_together():
    body = "<h1>T</h1><p><strong>Veröffentlicht am</strong> <span>16.08.2019</span></p>"
    assert DateCandidate("byline", "published", "16.08.2019") in collect(body)


def test_stand_label_with_its_colon_in_the_next_text():
    body = "<h1>T</h1><p><b>Stand</b>: 28.04.2020 18:00 Uhr</p>"
    assert DateCandidate("byline", "modified", "28.04.2020 18:00 Uhr") in collect(body)


def test_words_that_merely_contain_a_label_are_not_labels():
    body = "<p>Zustand 03.05.2017</p><p>Standard 04.05.2017</p><p>Eintragsdatum 05.05.2017</p>"
    assert collect(body) == []


def test_labels_in_scripts_are_not_read():
    body = '<h1>T</h1><script>var s = "Veröffentlicht am 03.05.2017";</script>'
    assert collect(body) == []


def test_byline_marked_by_id_before_the_headline_comes_after_the_bylines_under_it():
    body = """<div id="teaser-date">1. Mai 2017</div><h1 class="headline">T</h1>
              <p class="meta-date">3. Mai 2017</p>"""
    assert collect(body) == [
        DateCandidate("byline", "published", "3. Mai 2017"),
        DateCandidate("byline", "published", "1. Mai 2017"),
    ]


# --- htmldate only where it can change the result -------------------------------------------

AGREEING_HEAD = """<script type="application/ld+json">{"@type": "NewsArticle",
    "datePublished": "2017-05-03T14:32:00+02:00"}</script>
    <meta property="article:published_time" content="2017-05-03T14:32:00+02:00">"""


def page_with(head: str, body: str = "<h1>T</h1><p>Text vom 1. April 2016.</p>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_htmldate_is_skipped_when_json_ld_and_meta_agree_on_the_day():
    found = collect_date_candidates(page_with(AGREEING_HEAD), URL)
    assert [c.source for c in found] == ["jsonld", "meta:article:published_time"]


def test_htmldate_is_asked_when_the_page_names_two_days():
    body = '<h1>T</h1><p class="byline">Veröffentlicht am 4. Mai 2017</p>'
    found = collect_date_candidates(page_with(AGREEING_HEAD, body), URL)
    assert found[-1].source == "htmldate"


def test_htmldate_is_asked_when_only_one_machine_readable_source_names_the_day():
    head = '<meta property="article:published_time" content="2017-05-03T14:32:00+02:00">'
    found = collect_date_candidates(page_with(head), URL)
    assert found[-1].source == "htmldate"


# --- the dated line under the headline -----------------------------------------------------


def test_unmarked_date_line_under_the_headline_is_the_byline():
    body = """<h1>Elder: Aus dem Ghetto nach Augusta</h1><div class="spacer"></div>
              <p class="tw-text-14"> 1. Februar 2022 , Daniel Dillenburg </p>
              <p>Der Text beginnt hier.</p>"""
    assert collect(body) == [
        DateCandidate("byline", "published", "1. Februar 2022 , Daniel Dillenburg")
    ]


def test_microdata_after_the_headline_is_not_taken_for_the_byline():
    body = """<h1 itemprop="headline">Anpassung</h1>
              <time itemprop="dateModified" class="hidden">2018-08-29 14:15:57</time>"""
    assert collect(body) == [DateCandidate("time", "modified", "2018-08-29 14:15:57")]


def test_a_long_paragraph_under_the_headline_is_text_not_a_byline():
    first = "Am 3. Mai 2017 beschloss der Rat " + "nach langer Debatte " * 10
    assert collect(f"<h1>T</h1><p>{first}</p>") == []


def test_a_marked_byline_is_preferred_to_the_line_under_the_headline():
    body = """<h1>T</h1><p>Stand 4. Mai 2017</p><p class="article-date">3. Mai 2017</p>"""
    assert collect(body) == [DateCandidate("byline", "published", "3. Mai 2017")]


def test_an_inline_script_in_the_byline_is_not_part_of_its_text():
    body = """<h1>T</h1><div class="author"><p><strong>04.02.2022 | 15:33 Uhr | Dennis Steimels
              <script>$(function() { authorsPlugin.initOpenClick(); });</script></strong></p></div>"""
    assert collect(body) == [
        DateCandidate("byline", "published", "04.02.2022 | 15:33 Uhr | Dennis Steimels")
    ]


def test_layout_classes_of_the_body_do_not_put_the_article_outside_itself():
    page = """<html><body class="page-node no-sidebars"><h1>EU-Taxonomie</h1>
        <div class="article-meta"><time class="date-display-single"
        datetime="2022-01-25T08:00:00+01:00">25.01.2022</time></div></body></html>"""
    found = collect_date_candidates(page, URL, use_htmldate=False)
    assert DateCandidate("time", "published", "2022-01-25T08:00:00+01:00") in found
    assert DateCandidate("byline", "published", "25.01.2022") in found


def test_a_comments_layout_class_on_the_body_does_not_hide_labelled_dates():
    page = """<html><body class="single-post comments-open"><h1>T</h1>
        <p>Veröffentlicht am 16.08.2019</p></body></html>"""
    found = collect_date_candidates(page, URL, use_htmldate=False)
    assert DateCandidate("byline", "published", "16.08.2019") in found


FACTS = (
    "<dt>Herausgeber:</dt><dd>" + "Deutscher Caritasverband, Referat Kommunikation " * 4 + "</dd>"
)


def test_label_and_value_in_a_definition_list():
    body = f"<h1>T</h1><p>Text.</p><dl>{FACTS}<dt>Erschienen am:</dt><dd>13.10.2021</dd></dl>"
    assert collect(body) == [DateCandidate("byline", "published", "13.10.2021")]


def test_label_element_followed_by_its_value_element():
    body = f"""<h1>T</h1><p>Text.</p><div><span class="eventbox__subheadline">Erschienen am:</span>
               <h2>13.10.2021</h2><dl>{FACTS}</dl></div>"""
    assert collect(body) == [DateCandidate("byline", "published", "13.10.2021")]


def test_labels_are_found_on_a_page_whose_text_changes_length_when_lower_cased():
    # "İ".lower() is two characters: text offsets of the lowered page differ
    body = "<h1>İstanbul</h1><p>Text.</p><p>Güncelleme İ</p><p>Published on 03.05.2017</p>"
    assert DateCandidate("byline", "published", "03.05.2017") in collect(body)


# --- dates a marked element keeps apart: badge parts, data attributes ----------------------


def test_a_calendar_leaf_badge_is_read_as_separate_words():
    body = """<h1>Mein Blog</h1><div class="post"><div class="datum"><span class="monat">Feb</span>
              <span class="tag">18</span><span class="jahr">2009</span></div>
              <h2>Ein Ausflug</h2><p>Text.</p></div>"""
    assert collect(body) == [DateCandidate("byline", "published", "Feb 18 2009")]


def test_a_time_glued_to_the_year_by_markup_is_read_apart():
    body = """<h1>T</h1><div class="story-meta-datetime"><span>miércoles, 4 de mayo de 2022</span>
              <span>07:59 hs</span></div>"""
    assert collect(body) == [
        DateCandidate("byline", "published", "miércoles, 4 de mayo de 2022 07:59 hs")
    ]


def test_a_date_kept_in_a_data_attribute_under_the_headline():
    body = """<h1>Achtsam durch die Krise</h1><div class="article-header">
              <div class="timeline"><div class="timeline__arrow" data-date="18. März 2020"></div>
              <span>1945</span></div></div><p>Der Text beginnt hier.</p>"""
    assert collect(body) == [DateCandidate("byline", "published", "18. März 2020")]


def test_a_data_date_in_an_unmarked_element_under_the_headline():
    body = """<h1>T</h1><div class="kopf"><div data-date="2020-03-18"></div></div>
              <p>Der Text beginnt hier.</p>"""
    assert collect(body) == [DateCandidate("byline", "published", "2020-03-18")]


def test_a_data_attribute_that_is_no_date_is_not_a_candidate():
    body = """<h1>T</h1><div class="date-picker" data-date="heute"></div><p>Text.</p>"""
    assert collect(body) == []


# --- the press dateline that opens the text -------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "date"),
    [
        ("29.11.2022 – Mehrfach hatte die Branche gewarnt", "29.11.2022"),
        ("Berlin, 29. November 2022 – Der Verband fordert", "Berlin, 29. November 2022"),
        ("Hamburg, den 2. Dezember 2022 - Die Reederei meldet", "Hamburg, den 2. Dezember 2022"),
    ],
)
def test_a_dateline_opening_one_of_the_first_paragraphs(opening, date):
    body = f"""<h1>Branche protestiert</h1><p class="lead">Der Bund bremst die Bioenergie.</p>
               <p>{opening} vor den Folgen des Gesetzes, das der Bundestag beraten wird.</p>"""
    assert collect(body) == [DateCandidate("byline", "published", date)]


def test_a_date_in_the_first_sentence_is_no_dateline():
    body = """<h1>T</h1><p>Am 3. Mai 2022 tagte der Rat – und beschloss den Haushalt.</p>"""
    assert collect(body) == []


def test_a_dateline_without_its_year_is_not_read():
    body = """<h1>T</h1><p>3. und 4. Mai – Die Festtage beginnen mit einem Umzug.</p>"""
    assert collect(body) == []


# --- a label after its date ------------------------------------------------------------------


def test_wordpress_post_footer_names_the_date_before_its_participle():
    body = """<h1>Blog</h1><p>Text.</p><div id="info"><p class="news"><a href="/x">Über Lettern</a>
              wurde am <nobr>19. Mai 2010</nobr> um <nobr>23:03</nobr> Uhr gepostet und unter
              <a href="/c">Literatur</a> abgelegt.</p></div>"""
    assert collect(body) == [DateCandidate("byline", "published", "19. Mai 2010 um 23:03 Uhr")]


def test_a_participle_after_an_event_date_without_wurde_am_is_not_a_label():
    body = """<h1>T</h1><p>Das Buch ist am 3. Mai 2010 im Verlag erschienen.</p>"""
    assert collect(body) == []


# --- the article's own meta box is inside the article ----------------------------------------


def test_a_meta_aside_inside_the_article_holds_the_articles_date():
    body = """<article><header><h1>Der Tourenski im Test</h1></header><div class="wrap">
              <aside class="meta"><div class="meta__row meta__row--posted"><p>
              <time datetime="2022-01-21" class="meta__label">21.01.2022 - 13:30</time></p></div>
              </aside><p>Der Text beginnt hier.</p></div></article>"""
    found = collect(body)
    assert DateCandidate("time", "published", "2022-01-21") in found
    assert DateCandidate("byline", "published", "21.01.2022 - 13:30") in found


def test_a_sidebar_aside_stays_outside_the_article():
    body = """<h1>T</h1><p>Der Text beginnt hier.</p><aside class="mehr-lesen">
              <p class="post-date">3. Mai 2017</p><time datetime="2017-05-03">3. Mai</time></aside>"""
    assert collect(body) == []


def test_an_entry_meta_footer_inside_the_article_holds_the_articles_byline():
    body = """<article><h1>Mein Beitrag</h1><p>Der Text des Beitrags.</p>
              <footer class="entry-meta"><span class="posted-on">3. Mai 2017</span></footer>
              </article><footer class="site-footer"><p class="date">1. Januar 2017</p></footer>"""
    assert collect(body) == [DateCandidate("byline", "published", "3. Mai 2017")]


# --- the site's masthead shows the day the page is viewed, not the article's ----------------


def test_a_masthead_header_date_above_the_article_is_not_a_candidate():
    body = """<header class="kopf"><div class="leiste"><span class="datum">Mittwoch,
              25. November 2026</span></div><a href="/" class="logo">Tagesblatt</a></header>
              <div class="inhalt"><h1>Der Stadtrat beschließt den Haushalt</h1>
              <p class="date">18.11.2026, 14:05 Uhr</p><p>Der Text beginnt hier.</p></div>"""
    assert collect(body) == [DateCandidate("byline", "published", "18.11.2026, 14:05 Uhr")]


def test_a_time_in_a_masthead_with_the_site_name_as_h1_is_not_a_candidate():
    body = """<header><h1><a href="/">Tagesblatt</a></h1><p>Heute ist
              <time datetime="2026-11-25">Mittwoch, 25. November 2026</time></p></header>
              <main><h1>Der Stadtrat beschließt den Haushalt</h1>
              <time datetime="2026-11-18T14:05">18.11.2026</time></main>"""
    assert collect(body) == [DateCandidate("time", "published", "2026-11-18T14:05")]


def test_a_topbar_date_is_not_a_candidate():
    body = """<div class="topbar"><span class="date">Wednesday, November 25, 2026</span>
              <a href="/subscribe">Subscribe</a></div><h1>Council passes the budget</h1>
              <div class="byline">By Ann Lee, November 18, 2026</div>"""
    assert collect(body) == [DateCandidate("byline", "published", "By Ann Lee, November 18, 2026")]


@pytest.mark.parametrize(
    "marker", ['class="date today"', 'class="current-date"', 'class="datum" id="datum-heute"']
)
def test_a_widget_showing_todays_date_is_not_a_candidate(marker):
    body = f"""<div class="leiste"><span {marker}>Mittwoch, 25.11.2026</span>
               <a href="/abo">Abo</a></div><h1>Der Stadtrat beschließt den Haushalt</h1>
               <p>Der Text beginnt hier.</p>"""
    assert collect(body) == []


def test_the_articles_own_header_holds_its_date():
    body = """<header class="site-header"><a href="/">Tagesblatt</a></header>
              <article><header><h1>Der Stadtrat beschließt den Haushalt</h1>
              <time datetime="2026-11-18T14:05">18.11.2026</time></header></article>"""
    assert collect(body) == [DateCandidate("time", "published", "2026-11-18T14:05")]


def test_a_header_around_the_headline_holds_the_byline_after_it():
    body = """<header class="page-head"><a href="/">Tagesblatt</a>
              <h1>Der Stadtrat beschließt den Haushalt</h1>
              <p class="byline">18.11.2026 von Eva Roth</p></header>
              <div class="text"><p>Der Text beginnt hier.</p><h1>Mehr aus der Stadt</h1></div>"""
    assert collect(body) == [DateCandidate("byline", "published", "18.11.2026 von Eva Roth")]
