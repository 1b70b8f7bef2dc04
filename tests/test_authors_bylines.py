"""Authors from page markup: which byline counts, and which names in it are people.

Each page is a trimmed copy of how real news sites, blogs and forums mark up their bylines.
"""

from __future__ import annotations

from newscrawl.extraction.authors import collect_credits
from newscrawl.extraction.structured import read_page_metadata
from newscrawl.extraction.tree import parse_html

BODY = "<p>Die Gemeindevertretung hat am Montag über den Ausbau der Kreisstraße beraten.</p>"


def authors(html: str, site: str = "Example Zeitung") -> list[str]:
    tree = parse_html(html, max_depth=180, max_text_node_chars=1_000_000)
    return collect_credits(tree, read_page_metadata(tree), site).authors


def test_one_word_handle_in_a_wordpress_byline_is_the_author() -> None:
    html = (
        "<html><body><article><h1>Nie wieder!</h1><div class='entry-meta'>"
        "<span class='meta-sep'>von</span> <span class='author vcard'>"
        "<a class='url fn n' href='/author/admin/' title='Zeige alle Beiträge von uriebe'>"
        f"uriebe</a></span></div>{BODY}</article></body></html>"
    )
    assert authors(html) == ["uriebe"]


def test_link_to_the_author_page_is_a_byline_without_byline_classes() -> None:
    html = (
        "<html><head><meta name='author' content='Matthias Hille - Lukas Balbach'></head>"
        "<body><div class='post'><h2>Podcasts in Plex einbinden</h2><p class='date'>"
        "14. Mai 2019 von <a href='https://www.disfunctions.de/author/fabian/'>Fabian</a>"
        f"</p>{BODY}</div></body></html>"
    )
    assert authors(html) == ["Fabian"]


def test_forum_member_link_showing_the_handle_names_the_thread_starter() -> None:
    html = (
        "<html><body><div class='p-body-header'><h1>Pepe verliert Dreck aus dem Fell</h1>"
        "<ul class='listInline'><li><a href='/members/pepemaus.81656/' class='username'>"
        "Pepemaus</a></li><li>12. Januar 2021</li></ul></div>"
        f"<article class='message'>{BODY}</article></body></html>"
    )
    assert authors(html) == ["Pepemaus"]


def test_account_links_in_the_page_header_are_not_bylines() -> None:
    html = (
        "<html><body><header><div class='account'><a href='/user/settings'>My Settings</a>"
        "<a href='/user/login'>Anmelden</a></div></header>"
        f"<article><h1>Kreisstraße wird ausgebaut</h1>{BODY}</article></body></html>"
    )
    assert authors(html) == []


def test_person_linked_from_a_sentence_is_not_the_author() -> None:
    html = (
        "<html><body><article><h1>Zverev im Viertelfinale</h1><p>"
        "<a href='https://www.tennismagazin.de/profil/herren/alexander-zverev/'>"
        "Alexander Zverev</a> hat nach seiner Enttäuschung bei den Australian Open zügig "
        "wieder in die Spur gefunden und steht in Montpellier im Viertelfinale.</p>"
        "</article></body></html>"
    )
    assert authors(html) == []


def test_name_element_inside_an_author_box_is_the_name() -> None:
    html = (
        "<html><body><article><h1>Siemens und die Kohlemine</h1>"
        "<div itemprop='author'><a rel='author' href='/Ingo-Arzt/!a132/'>"
        "<h4 itemprop='name'>Ingo Arzt</h4><p>Redakteur für Wirtschaft und Umwelt</p>"
        f"</a></div>{BODY}</article></body></html>"
    )
    assert authors(html) == ["Ingo Arzt"]


def test_byline_naming_the_declared_author_wins_over_an_earlier_teaser_byline() -> None:
    html = (
        "<html><head><meta name='cxenseparse:author' content='Lisa Petrich'></head><body>"
        "<main><div class='more'><p class='author'>Von Clara Müller</p></div>"
        "<h1>Wohnungssuche in Freiburg</h1><p class='article-byline author'>Von "
        f"<a href='/lisa-petrich'>Lisa Petrich</a></p>{BODY}</main></body></html>"
    )
    assert authors(html) == ["Lisa Petrich"]


def test_declared_author_is_written_as_the_page_shows_it() -> None:
    json_ld = (
        '{"@type": "NewsArticle", "headline": "Manchester United vs Brighton",'
        ' "author": {"@type": "Person", "name": "edilson.la.rosa"}}'
    )
    html = (
        f"<html><head><script type='application/ld+json'>{json_ld}</script></head><body>"
        "<article><h1>Manchester United vs Brighton</h1><div class='author__details'>"
        "<a href='/autor/edilson-la-rosa'>Edilson La Rosa</a> "
        "<span>edilsonlarosa@gmail.com</span> sábado 07 de mayo del 2022</div>"
        f"{BODY}</article></body></html>"
    )
    assert authors(html) == ["Edilson La Rosa"]


def test_byline_in_capitals_in_the_markup_stays_in_capitals() -> None:
    html = (
        "<html><body><article><h1>Mark Meadows to retire</h1>"
        "<p class='story-meta__authors'>By <span class='vcard'>"
        "<a href='https://www.politico.com/staff/ally-mutnick'>ALLY MUTNICK</a></span> "
        f"12/30/2019 05:03 AM EST</p>{BODY}</article></body></html>"
    )
    assert authors(html) == ["ALLY MUTNICK"]


def test_labelled_author_inside_a_meta_line() -> None:
    html = (
        "<html><body><article><h1>Von Sprachregeln und Gender-Politik</h1>"
        "<div class='liveArticleAuthorDateBlock'>Datum: 19.11.2021 Autor: Fritz Imhof "
        f"Quelle: Livenet</div>{BODY}</article></body></html>"
    )
    assert authors(html) == ["Fritz Imhof"]


def test_translator_in_the_byline_is_not_an_author() -> None:
    html = (
        "<html><body><article><h1>BMW 3er Touring erwischt</h1><div class='author-info'>"
        "<span class='name'>Von : Adrian Padeanu</span> "
        "<span class='name'>Übersetzt von : Roland Hildebrandt</span>"
        f"</div>{BODY}</article></body></html>"
    )
    assert authors(html) == ["Adrian Padeanu"]


def test_organisation_in_the_author_meta_tag_gives_way_to_a_text_byline() -> None:
    html = (
        "<html><head><meta name='author' content='Hanns-Seidel-Stiftung e.V.'></head>"
        "<body><main><h1>Große Aufgaben für die neue Regierung</h1>"
        f"{BODY}<p><strong>Autorin: Uta Staschewski, Projektleiterin der HSS in Tunesien."
        "</strong></p></main></body></html>"
    )
    assert authors(html) == ["Uta Staschewski"]


def test_layout_class_naming_a_sidebar_does_not_make_the_article_furniture() -> None:
    html = (
        "<html><body><div class='main-content has-double-sidebar'><div class='content'>"
        "<h6>Energiepreiskrise: Entlastungen und Rechte</h6><h5><em>Von Leonora Holling</em>"
        f"</h5>{BODY}</div></div></body></html>"
    )
    assert authors(html) == ["Leonora Holling"]


def test_bylines_of_teaser_cards_are_not_the_article_byline() -> None:
    html = (
        "<html><body><main><div class='ccard secondary'><article>"
        "<h2>Gary Medel sale a cortar a Pato Navia</h2><div class='article-author'>"
        "<a href='/autor/diego-ramirez/'>Diego Ramírez</a></div></article></div>"
        "<article class='story'><h1>Pelea en los pasillos</h1><div class='story-author'>"
        f"<a href='/autor/juan-carlos-munoz/'>Juan Carlos Muñoz C.</a></div>{BODY}</article>"
        "</main></body></html>"
    )
    assert authors(html) == ["Juan Carlos Muñoz C."]


def test_breadcrumb_inside_the_byline_box_names_no_one() -> None:
    html = (
        "<html><body><article><h1>Hyundai Santa Fe Plug-in im Test</h1>"
        "<div class='article-author vcard'>von <a class='url fn n' rel='author' "
        "href='/impressum.html'>auto-motor.at Redaktion</a> in Rubrik: <ol>"
        "<li itemprop='itemListElement'><a itemprop='item' href='/Hyundai.html'>"
        "<span itemprop='name'>Hyundai</span></a></li></ol></div>"
        f"{BODY}</article></body></html>"
    )
    assert authors(html) == []


def test_photo_credit_in_a_figure_is_not_the_author() -> None:
    html = (
        "<html><body><article><h1>Wie viel CO2 Clickbait-Websites produzieren</h1>"
        "<figure><img src='maus.jpg' alt=''><figcaption><span class='author-name'>"
        "<a class='license-author' href='https://commons.wikimedia.org/'>Nenad Stojkovic</a>"
        "</span></figcaption></figure><div class='author'>Mark Newton</div>"
        f"{BODY}</article></body></html>"
    )
    assert authors(html) == ["Mark Newton"]


def test_byline_is_found_when_a_php_warning_before_the_doctype_leaves_no_body() -> None:
    html = (
        "<br /><b>Warning</b>: mysql_get_server_info(): Access denied in <b>tagging.php</b>"
        "<br /><!DOCTYPE html><html><body><div class='element-box'><header class='element-top-bar'>"
        "<a href='http://www.bibliothek2null.de/author/patrickd/' rel='author'>"
        f"Patrick Danowski</a></header><h2>Alles neu macht der Mai</h2>{BODY}</div></body></html>"
    )
    assert authors(html) == ["Patrick Danowski"]


def test_declared_author_shown_in_the_article_header_without_byline_classes() -> None:
    html = (
        "<html><head><meta name='cxenseparse:author' content='Lisa Petrich'></head><body>"
        "<main><header><h1>Wohnungssuche in Freiburg</h1><div class='info-area__txt'>"
        "<p>Von <a href='/lisa-petrich'>Lisa Petrich</a></p><p>Mi, 18. Oktober 2023</p>"
        f"</div></header>{BODY}<div class='more'><p class='author'>Von Clara Müller</p>"
        "</div></main></body></html>"
    )
    assert authors(html) == ["Lisa Petrich"]


def test_declared_author_named_only_in_a_sidebar_widget_is_not_confirmed() -> None:
    html = (
        "<html><head><meta name='author' content='Matthias Hille'></head><body>"
        "<div class='post'><h2>Podcasts in Plex einbinden</h2><p class='date'>14. Mai 2019"
        f" von <a href='/author/fabian/'>Fabian</a></p>{BODY}</div><div id='rightside'>"
        "<ul><li class='widget widget_links'><ul class='blogroll'><li>"
        "<a href='http://www.matthiashille.com' rel='me'>Matthias Hille</a></li></ul></li>"
        "</ul></div></body></html>"
    )
    assert authors(html) == ["Fabian"]


def test_json_ld_author_with_html_entities_is_decoded() -> None:
    json_ld = (
        '{"@type": "NewsArticle", "headline": "Polic&iacute;a anuncia coordinaci&oacute;n",'
        ' "author": {"@type": "Person", "name": "Mar&iacute;a Jos&eacute; L&oacute;pez"}}'
    )
    html = (
        f"<html><head><script type='application/ld+json'>{json_ld}</script></head><body>"
        f"<article><h1>Policía anuncia coordinación</h1>{BODY}</article></body></html>"
    )
    assert authors(html) == ["María José López"]


def test_chinese_editor_line_names_the_person() -> None:
    html = (
        "<html><body><div id='p-detail'><h1>多地复工复产</h1>"
        f"{BODY}<div class='p-tags'><span class='p-jc'><span class='tiyi1'>责任编辑： 焦鹏"
        "</span></span></div></div></body></html>"
    )
    assert authors(html) == ["焦鹏"]


def test_date_and_name_meta_line_under_the_headline() -> None:
    html = (
        "<html><body><div class='container'><h1>Variablen erklärt</h1>"
        "<p class='text-muted'>11.12.2019 - Amelie Loevenich</p>"
        f"{BODY}</div></body></html>"
    )
    assert authors(html) == ["Amelie Loevenich"]


def test_event_listing_line_is_not_a_byline() -> None:
    html = (
        "<html><body><div class='article item-page'><h1>Konzert-Highlights im November</h1>"
        f"{BODY}<p>17.11.2022 - Aymz- Grelle Forelle</p></div></body></html>"
    )
    assert authors(html) == []


def test_editor_code_gives_way_to_a_byline_naming_a_person() -> None:
    html = (
        "<html><body><article><h1>Kaisers royaler Wochenrückblick</h1>"
        "<span class='elementor-post-info__item--type-author'>JF</span>"
        "<span class='elementor-post-author'>Boris T. Kaiser</span>"
        f"{BODY}</article></body></html>"
    )
    assert authors(html) == ["Boris T. Kaiser"]


def test_editor_code_alone_is_kept_as_the_page_shows_it() -> None:
    html = (
        "<html><body><article><h1>Was ist der Unterschied?</h1>"
        f"<span class='author'>LD</span>{BODY}</article></body></html>"
    )
    assert authors(html) == ["LD"]


def test_byline_text_names_more_people_than_its_linked_names() -> None:
    html = (
        "<html><body><article><h1>Wir haben bereits die Zusage</h1><div class='author'>"
        "von Marcus Bensmann , Justus von Daniels , <a class='author-name' "
        f"href='/team/ulrich-stoll'>Ulrich Stoll</a></div>{BODY}</article></body></html>"
    )
    assert authors(html) == ["Marcus Bensmann", "Justus von Daniels", "Ulrich Stoll"]


def test_plain_text_byline_with_the_name_in_its_own_element() -> None:
    html = (
        "<html><body><div class='pdb-article'><h1>So war die Auktion für St. Johannes</h1>"
        "<p><em>Von <span itemscope itemtype='http://schema.org/Person'>"
        "<meta itemprop='name' content='Cosima Künzel'>Cosima Künzel</span></em></p>"
        f"{BODY}</div></body></html>"
    )
    assert authors(html) == ["Cosima Künzel"]


def test_json_ld_author_naming_the_publisher_does_not_beat_the_byline() -> None:
    json_ld = (
        '{"@type": "NewsArticle", "headline": "Polémica por buses",'
        ' "author": {"@type": "Person", "name": "El Colombiano"},'
        ' "publisher": {"@type": "Organization", "name": "El Colombiano"}}'
    )
    html = (
        f"<html><head><script type='application/ld+json'>{json_ld}</script></head><body>"
        "<article><h1>Polémica por buses</h1><div class='autor'><h6>Jacobo Betancur Peláez"
        " | Publicado hace 3 horas</h6></div><div class='tools'><span>El Colombiano</span>"
        f"</div>{BODY}</article></body></html>"
    )
    assert authors(html) == ["Jacobo Betancur Peláez"]


def test_plain_text_byline_ends_at_the_line_break() -> None:
    html = (
        "<html><body><article><h1>Streit ums Feuerholz</h1><div class='entry-content'>"
        "<p>Von <strong><a href='http://www.rolandbrockmann.de'>Roland Brockmann</a></strong>"
        " und <strong><a href='https://www.torial.com/sebastian.drescher'>Sebastian Drescher"
        f"</a></strong><br/> Kakuma /Kenia</p>{BODY}</div></article></body></html>"
    )
    assert authors(html) == ["Roland Brockmann", "Sebastian Drescher"]


def test_json_ld_authors_nested_in_a_list_of_lists() -> None:
    json_ld = (
        '{"@type": "NewsArticle", "headline": "Kreisstraße wird ausgebaut", "author": '
        '[[{"@type": "Person", "name": "Petra Beispiel"}, {"@type": "Person", "name": '
        '"Jan Muster"}]]}'
    )
    html = (
        f"<html><head><script type='application/ld+json'>{json_ld}</script></head><body>"
        f"<article><h1>Kreisstraße wird ausgebaut</h1>{BODY}</article></body></html>"
    )
    assert authors(html) == ["Petra Beispiel", "Jan Muster"]


def test_byline_inside_a_teaser_link_is_not_the_article_byline() -> None:
    html = (
        "<html><head><meta name='author' content='Anne Hünninghaus'></head><body><main>"
        "<h1>Gender-Diversity-Revolution im Reallabor</h1>"
        "<div class='fachartikel-listing__item'><a href='/future-of-work/auf-ins-metaverse/'>"
        "<h3>Auf ins Metaverse</h3><div class='fachartikel-listing__item__author'>Von "
        f"<span>Jörn Mecher</span> am <span>08.12.2022</span></div></a></div>{BODY}"
        "</main></body></html>"
    )
    assert authors(html) == ["Anne Hünninghaus"]


def test_article_wrapped_in_a_card_keeps_its_byline() -> None:
    html = (
        "<html><head><meta name='author' content='Webmaster Tarnkappe'></head><body><main>"
        "<div class='card post-282156'><div class='card-content'><h1>Happy Halloween</h1>"
        "<span class='author'>Lars Sobiraj</span>"
        f"{BODY}</div></div></main></body></html>"
    )
    assert authors(html) == ["Lars Sobiraj"]


def test_user_name_in_the_post_meta_line_is_the_author() -> None:
    html = (
        "<html><body><div class='post'><h2>Office 365, HBDI, die Dritte</h2><div class='meta'>"
        "<a href='/category/datenschutz/' rel='category tag'>Datenschutz</a> by "
        f"damianduchamps on August 3, 2019</div>{BODY}</div></body></html>"
    )
    assert authors(html) == ["damianduchamps"]


def test_lower_case_word_after_by_outside_a_meta_line_is_no_author() -> None:
    html = (
        "<html><body><article><h1>Firewall einrichten</h1><p>by default on Linux</p>"
        f"{BODY}</article></body></html>"
    )
    assert authors(html) == []


def test_plain_text_byline_after_an_html_comment() -> None:
    html = (
        "<html><body><article><h1>Kreisstraße wird ausgebaut</h1>"
        f"<p><!-- byline -->Von Anna Muster</p>{BODY}</article></body></html>"
    )
    assert authors(html) == ["Anna Muster"]


def test_by_label_in_its_own_element_before_a_profile_link() -> None:
    html = (
        "<html><body><article><h1>Storm closes the coastal highway</h1>"
        "<div data-testid='story-byline'><span class='lbl'>By</span>"
        "<span><a href='https://example-tv.com/about/newsteam/maria-lopez'>Maria Lopez</a>"
        f"</span></div>{BODY}</article></body></html>"
    )
    assert authors(html) == ["Maria Lopez"]


def test_label_in_a_heading_with_the_name_after_it() -> None:
    html = (
        f"<html><body><div class='article'><h1>Der lange Weg zum Strom</h1>{BODY}"
        "<div class='info'><h5>Datum: </h5>03.11.2021 <br><h5>Autor: </h5>Jan Beispiel"
        "</div></div></body></html>"
    )
    assert authors(html) == ["Jan Beispiel"]


def test_press_service_code_after_the_name_is_not_part_of_it() -> None:
    html = (
        f"<html><body><div class='article'><h1>Der lange Weg zum Strom</h1>{BODY}"
        "<p><em>Autor: Jan Beispiel/SP-X</em></p></div></body></html>"
    )
    assert authors(html) == ["Jan Beispiel"]


def test_profession_before_the_name_in_a_labelled_line_after_a_line_break() -> None:
    html = (
        f"<html><body><div class='article'><h1>Kein Wohngeld ohne Bewerbungen</h1>{BODY}"
        "<div class='quelle'>Quelle: Rechtsnews<br><br>Autor: "
        "<a href='/rechtsanwalt/'>Rechtsanwalt</a> Jan Beispiel</div></div></body></html>"
    )
    assert authors(html) == ["Jan Beispiel"]


def test_bracketed_note_after_the_name_is_not_part_of_it() -> None:
    html = (
        f"<html><body><div class='entry'><h1>Neue Hochzeitslocation</h1>{BODY}"
        "<p><em>Autor: <a href='/redner/anna-muster/'>Anna Muster </a>(Gastbeitrag), "
        "Rednerin bei example.com</em></p></div></body></html>"
    )
    assert authors(html) == ["Anna Muster"]


def test_von_in_running_text_before_emphasised_titles_is_no_byline() -> None:
    html = (
        "<html><body><div class='article'><h1>Preis verliehen</h1>"
        "<p>Bild:<br>Logo des <em>Nachhaltigkeitspreises</em> von <em>Bankwelt</em>, "
        f"<em>Versicherungswelt</em> und ANALYSE &amp; ANALYSE</p>{BODY}</div></body></html>"
    )
    assert authors(html) == []


def test_illustrator_after_the_author_in_a_text_line_is_not_an_author() -> None:
    html = (
        "<html><body><div class='story'><h1>Der historische Purzelbaum</h1>"
        "<p class='lead'>Text von Jan Beispiel Illustration von Eva Zeichner</p>"
        f"{BODY}</div></body></html>"
    )
    assert authors(html) == ["Jan Beispiel"]


def test_member_link_by_number_in_the_post_meta_line_names_the_poster() -> None:
    html = (
        "<html><body><article class='box'><header class='entry-header'>"
        "<h1>Kaffee im Doppelpack für 4,80 €</h1><div class='entry-meta'><div class='row'>"
        "<img class='avatar' alt='Profilbild'> <a href='https://www.example-deals.de/"
        "user-uebersicht/?u=79003'>KaffeeKarl</a> 18.10.2019, 15:07 Uhr</div></div></header>"
        f"<div class='entry-content'>{BODY}</div></article></body></html>"
    )
    assert authors(html) == ["KaffeeKarl"]


def test_member_link_by_number_in_a_comment_meta_line_is_a_commenter() -> None:
    html = (
        f"<html><body><article><h1>Kaffee im Doppelpack</h1>{BODY}</article>"
        "<div class='comment'><header class='comment-meta'>"
        "<a href='/user-uebersicht/?u=12345'>Schnäppchenjäger</a></header>"
        "<p>Danke für den Tipp!</p></div></body></html>"
    )
    assert authors(html) == []


def test_redaktion_label_before_a_full_name_names_the_writer() -> None:
    html = (
        "<html><body><div class='news-single-item'><h1>Faire Lieferketten</h1>"
        "<div class='news-single-timedata'>05.02.2020 <span>- Redaktion: Anna Muster "
        f"(Pressesprecherin des Verbands)</span></div>{BODY}</div></body></html>"
    )
    assert authors(html) == ["Anna Muster"]


def test_redaktion_label_before_a_desk_names_no_one() -> None:
    html = (
        "<html><body><div class='news-single-item'><h1>Faire Lieferketten</h1>"
        f"<div class='meta'>Redaktion: Wirtschaft</div>{BODY}</div></body></html>"
    )
    assert authors(html) == []


def test_member_link_by_number_after_a_by_label_names_the_writer() -> None:
    html = (
        "<html><body><div class='fic-header'><a href='/fiction/3479/nachtfalter'>"
        "<h2>Nachtfalter</h2></a><span> by </span><h3> <a href='/profile/142450'>"
        f"schreiberling42</a></h3><h1>Kapitel 1: Prolog</h1></div>{BODY}</body></html>"
    )
    assert authors(html) == ["schreiberling42"]


def test_byline_inside_a_mailto_link_with_the_label_above_the_name() -> None:
    html = (
        f"<html><body><div class='news-single-item'><h1>Windkraft an Bord</h1>{BODY}"
        "<a href=\"javascript:linkTo_UnCryptMailto('nbjmup+bvups');\"><b>Von:</b><br><br>"
        "Anna Muster</a></div></body></html>"
    )
    assert authors(html) == ["Anna Muster"]


def test_link_text_outside_mailto_links_is_still_no_text_byline() -> None:
    html = (
        "<html><body><div class='article'><h1>Windkraft an Bord</h1>"
        f"<a href='/suche?q=von'>Von Anna Muster</a>{BODY}</div></body></html>"
    )
    assert authors(html) == []


def test_teaser_class_on_the_article_meta_span_does_not_make_it_furniture() -> None:
    html = (
        "<html><body><main><article class='post-page'><h1>US-Sport in Zeiten von Corona</h1>"
        "<div class='item-caption'><span class='teaser-cat'> von Anna Muster </span>"
        f"<p class='item-description'>Der Sport steht still.</p></div>{BODY}</article>"
        "</main></body></html>"
    )
    assert authors(html) == ["Anna Muster"]


def test_text_byline_in_a_teaser_container_stays_furniture() -> None:
    html = (
        f"<html><body><article><h1>US-Sport in Zeiten von Corona</h1>{BODY}</article>"
        "<div class='teaser-list'><div class='teaser'><h3>Eishockey ohne Zuschauer</h3>"
        "<span class='teaser-cat'>von Jan Beispiel</span></div></div></body></html>"
    )
    assert authors(html) == []


def test_name_before_a_link_to_all_pieces_by_the_author_is_the_author() -> None:
    html = (
        f"<html><body><div class='recipe'><h1>Hafer-Porridge mit Apfel</h1>{BODY}"
        "<div class='recipe-expert'><div class='recipe-expert-name'>Anna Muster-Beispiel</div>"
        "<a href='/experten/anna-muster-beispiel' title='zu allen Rezepten vom Autor'>"
        "zu allen Rezepten vom Autor</a></div></div></body></html>"
    )
    assert authors(html) == ["Anna Muster-Beispiel"]


def test_name_before_an_author_link_to_someone_else_is_not_the_author() -> None:
    html = (
        f"<html><body><div class='recipe'><h1>Hafer-Porridge mit Apfel</h1>{BODY}"
        "<div class='tipp'><div>Jan Beispiel</div>"
        "<a href='/experten/'>Alle Autoren im Überblick</a></div></div></body></html>"
    )
    assert authors(html) == []
