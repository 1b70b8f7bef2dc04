"""The article title: which visible headline or declared title wins, and what is cut."""

from __future__ import annotations

from newscrawl.extraction import page_fields
from newscrawl.extraction.structured import read_page_metadata
from newscrawl.extraction.title import choose_title
from newscrawl.extraction.tree import parse_html


def title_of(
    head: str, body: str, url: str = "https://www.stadtbote.example/lokal/artikel"
) -> str | None:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    tree = parse_html(html, max_depth=180, max_text_node_chars=1_000_000)
    page = read_page_metadata(tree)
    return choose_title(tree, page, url, page_fields.site_name(page, url))


def test_the_headline_that_is_the_whole_declared_title_beats_a_tagline_that_is_part_of_it() -> None:
    head = "<title>Kein Spielplatz an der Talstraße | Talstraße</title>"
    body = (
        "<header><h1>Talstraße</h1><h2>an der Talstraße</h2></header>"
        "<article><h1 class='entry-title'>Kein Spielplatz an der Talstraße</h1></article>"
    )
    assert title_of(head, body) == "Kein Spielplatz an der Talstraße"


def test_the_most_trusted_declared_title_picks_among_exact_headlines() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "headline": "Neue Brücke über die Aare eröffnet"}</script>'
        "<title>News - Stadtbote</title>"
    )
    body = "<h1 class='pagetitle'>News</h1><h1>Neue Brücke über die Aare eröffnet</h1>"
    assert title_of(head, body) == "Neue Brücke über die Aare eröffnet"


def test_a_kicker_marked_up_inside_the_headline_and_set_off_in_the_declared_title_is_cut() -> None:
    head = '<meta property="og:title" content="Hochwasser – Pegel der Elbe steigt weiter">'
    body = (
        "<h1><span class='kicker'>Hochwasser</span><span class='visually-hidden'> – </span>"
        "<span class='headline'>Pegel der Elbe steigt weiter</span></h1>"
    )
    assert title_of(head, body) == "Pegel der Elbe steigt weiter"


def test_a_kicker_inside_a_link_in_the_headline_is_cut() -> None:
    head = "<title>Ankündigung: Neue Serverregeln ab Montag</title>"
    body = "<h1><a href='/t/1'><span class='label'>Ankündigung</span> Neue Serverregeln ab Montag</a></h1>"
    assert title_of(head, body) == "Neue Serverregeln ab Montag"


def test_a_first_word_in_its_own_element_is_not_a_kicker() -> None:
    head = "<title>Nachbarschaftsstreit eskaliert - Jetzt ermittelt die Polizei</title>"
    body = "<h1><b>Nachbarschaftsstreit</b> eskaliert - Jetzt ermittelt die Polizei</h1>"
    assert title_of(head, body) == "Nachbarschaftsstreit eskaliert - Jetzt ermittelt die Polizei"


def test_a_headline_without_kicker_markup_keeps_its_topic_prefix() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "headline": "Streaming: Musiker fordern ein neues Abrechnungsmodell"}</script>'
        "<title>Streaming: Musiker fordern ein neues Abrechnungsmodell | Stadtbote</title>"
    )
    body = (
        "<h1>Streaming: Musiker fordern ein neues Abrechnungsmodell</h1>"
        "<h2 class='headline'><span>Streaming</span> : Musiker fordern ein neues Abrechnungsmodell</h2>"
    )
    assert title_of(head, body) == "Streaming: Musiker fordern ein neues Abrechnungsmodell"


def test_a_kicker_run_together_with_the_headline_is_cut_when_a_declared_title_is_the_rest() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "headline": "SVP-Parteitag zur Migration: Chiesa ruft zum Widerstand auf"}</script>'
        '<meta property="og:title" content="Chiesa ruft zum Widerstand auf">'
        "<title>SVP-Parteitag zur Migration: Chiesa ruft zum Widerstand auf | Stadtbote</title>"
    )
    body = (
        "<nav><a href='/'>Stadtbote</a></nav><article>"
        "<h1>SVP-Parteitag zur Migration: Chiesa ruft zum Widerstand auf</h1>"
        "<p>Der Parteipräsident sprach in Bern vor 400 Delegierten.</p></article>"
    )
    assert title_of(head, body) == "Chiesa ruft zum Widerstand auf"


def test_a_declared_title_that_goes_on_in_lower_case_after_a_colon_cuts_nothing() -> None:
    # one sentence: "'Ends recession debate': economists weigh in …", declared in title case
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline":'
        " \"'Ends recession debate': economists weigh in on the latest jobs report\"}</script>"
        '<meta property="og:title" content="Economists weigh in on the latest jobs report">'
    )
    body = "<h1>'Ends recession debate': economists weigh in on the latest jobs report</h1>"
    assert title_of(head, body) == (
        "'Ends recession debate': economists weigh in on the latest jobs report"
    )


def test_a_site_name_glued_on_with_a_bar_is_cut_when_the_page_names_its_site() -> None:
    head = (
        '<meta property="og:site_name" content="Kinder Nachrichten">'
        "<title>Kinder Nachrichten|新しい図書館が駅の前にできる</title>"
    )
    assert title_of(head, "<p>本文</p>") == "新しい図書館が駅の前にできる"


def test_a_hyphen_without_spaces_is_part_of_a_word_not_a_site_separator() -> None:
    head = '<meta property="og:site_name" content="ADAC"><title>ADAC-Kindersitztest 2024</title>'
    assert title_of(head, "<p>Text</p>") == "ADAC-Kindersitztest 2024"


def test_a_heading_repeating_the_document_title_with_the_site_name_is_not_the_headline() -> None:
    head = (
        '<meta property="og:site_name" content="Gartenfreunde">'
        "<title>Tote Bienen unter Linden: Die Erklärung | Gartenfreunde</title>"
    )
    body = (
        "<h2 class='screen-reader-text'>Tote Bienen unter Linden: Die Erklärung | Gartenfreunde</h2>"
        "<h1 class='entry-title'>Tote Bienen unter Linden</h1>"
    )
    assert title_of(head, body) == "Tote Bienen unter Linden"


def test_without_a_declared_title_the_heading_the_url_slug_spells_beats_a_category_label() -> None:
    body = (
        "<h2 class='post_cat'>Allgemein</h2>"
        "<h2 class='post_name'>Sevilla, die heiße Stadt am Guadalquivir</h2>"
    )
    url = "http://www.reiseblog.example/sevilla-die-heisse-stadt-am-guadalquivir.html"
    assert title_of("", body, url) == "Sevilla, die heiße Stadt am Guadalquivir"


def test_the_title_is_in_unicode_nfc() -> None:
    decomposed = "Cafe\u0301 am Markt schließt nach 40 Jahren"
    assert title_of(f"<title>{decomposed}</title>", "<p>Text</p>") == (
        "Caf\u00e9 am Markt schließt nach 40 Jahren"
    )


def test_a_run_of_separator_marks_sets_off_the_site_name() -> None:
    head = "<title>fotowerkstatt.example // » Anna Beispiel</title>"
    url = "http://fotowerkstatt.example/anna-beispiel/"
    assert title_of(head, "<h1></h1><p>Text</p>", url) == "Anna Beispiel"


def test_a_headline_that_goes_on_after_the_declared_title_with_a_subtitle_is_kept_whole() -> None:
    head = "<title>Saftiger Apfelkuchen vom Blech | Ofenliebe</title>"
    body = "<h1 class='entry-title'>Saftiger Apfelkuchen vom Blech: einfach und schnell!</h1>"
    assert title_of(head, body) == "Saftiger Apfelkuchen vom Blech: einfach und schnell!"


def test_a_date_and_categories_in_the_headline_element_are_not_title() -> None:
    head = "<title>Zuschauer kehren in die Hallen zurück</title>"
    body = "<h1>Zuschauer kehren in die Hallen zurück 02.02.2022 • Verband, Presse</h1>"
    assert title_of(head, body) == "Zuschauer kehren in die Hallen zurück"


def test_a_domain_name_after_the_headline_is_not_title() -> None:
    head = "<title>Was wir über uns nicht hören wollen</title>"
    body = "<h1 class='title'>Was wir über uns nicht hören wollen | BEISPIELBLOG.NET</h1>"
    assert title_of(head, body) == "Was wir über uns nicht hören wollen"


def test_the_sole_h1_beats_a_declared_title_written_for_search_results() -> None:
    head = "<title>Kredit-Zinsen: So berechnen Sie Ihre Kosten | Zinsportal</title>"
    body = "<h1>Wie hoch sind die Zinsen für einen Ratenkredit?</h1><h2>Inhalt</h2>"
    assert title_of(head, body) == "Wie hoch sind die Zinsen für einen Ratenkredit?"


def test_a_sole_h1_that_glues_a_section_to_the_declared_title_does_not_win() -> None:
    head = "<title>Brothel busted in downtown Boston</title>"
    body = "<h1><span>Local News</span> | Brothel busted in downtown Boston</h1>"
    assert title_of(head, body) == "Brothel busted in downtown Boston"


def test_a_sole_h1_that_links_to_the_home_page_is_the_logo() -> None:
    head = "<title>Neue Leinwände für die Kinos im Tal</title>"
    body = "<h1><a href='https://kinoblog.example/'>Kino im Tal</a></h1><p>Text</p>"
    url = "https://kinoblog.example/2013/08/neue-leinwaende/"
    assert title_of(head, body, url) == "Neue Leinwände für die Kinos im Tal"


def test_with_two_article_h1_the_declared_title_stays() -> None:
    head = "<title>Kredit-Zinsen: So berechnen Sie Ihre Kosten | Zinsportal</title>"
    body = (
        "<h1>Wie hoch sind die Zinsen für einen Ratenkredit?</h1>"
        "<h1>Was kostet ein Autokredit im Vergleich?</h1>"
    )
    assert title_of(head, body) == "Kredit-Zinsen: So berechnen Sie Ihre Kosten"


def test_a_one_word_sole_h1_wins_too() -> None:
    head = "<title>Geschichte - Knabenchor Ulm</title>"
    body = "<h1>Chorgeschichte</h1><p>Seit 1968 singen Knaben in der Gemeinde.</p>"
    assert title_of(head, body, "https://www.knabenchor-ulm.example/geschichte.html") == (
        "Chorgeschichte"
    )


def test_a_sole_h1_that_names_the_site_does_not_win() -> None:
    head = "<title>XUM1541: Dateien zwischen Linux und C64 austauschen</title>"
    body = "<h1>bastelkeller.example</h1><p>Text</p>"
    url = "https://bastelkeller.example/art/385_xum1541.html"
    assert title_of(head, body, url) == "XUM1541: Dateien zwischen Linux und C64 austauschen"


def test_besides_a_logo_h1_the_article_h1_counts_as_the_sole_one() -> None:
    head = "<title>Minions malen - mit Rolle & Farbe</title>"
    body = (
        "<h1 class='logo'><a href='http://bastelblog.example/'>Bastelblog</a></h1>"
        "<h1>Minions mit Schablonen malen – mit Malerrolle und bunten Farben</h1>"
    )
    url = "http://bastelblog.example/2016/04/minions-malen/"
    assert title_of(head, body, url) == (
        "Minions mit Schablonen malen – mit Malerrolle und bunten Farben"
    )


def test_the_sole_h1_loses_a_kicker_the_declared_title_sets_off() -> None:
    head = "<title>Initiative Energiesparen - Stromcheck | Bauratgeber</title>"
    body = (
        "<h1><span class='h1small'>Initiative Energiesparen</span>"
        " Kostenloser Stromcheck für private Haushalte</h1>"
    )
    assert title_of(head, body) == "Kostenloser Stromcheck für private Haushalte"


def test_the_first_part_of_the_declared_title_beats_the_blog_name_heading() -> None:
    head = "<title>Kleine Ziegenkunde | Zottel die Ziege – Webcomic</title>"
    body = (
        "<header><h1>Zottel die Ziege – Webcomic</h1></header>"
        "<article><h1 class='entry-title'>Kleine Ziegenkunde</h1></article>"
    )
    assert title_of(head, body, "http://www.comicblog.example/kleine-ziegenkunde/") == (
        "Kleine Ziegenkunde"
    )


def test_a_tagline_glued_to_the_title_by_the_template_is_cut() -> None:
    head = (
        "<title>Waschanlage B12Das etwas andere Firmenverzeichnis"
        " | Das etwas andere Firmenverzeichnis</title>"
    )
    body = "<h1 class='site-title'>Das etwas andere Firmenverzeichnis</h1><p>Text</p>"
    assert title_of(head, body, "http://verzeichnis.example/?p=12") == "Waschanlage B12"
