"""Authors from a signature under the article: a name alone in bold or italics as the
last paragraph (or set flush right), as print titles sign their pieces; a blogger's name
over the date, a chairwoman's name over her office. Only a name, only after article text.
"""

from __future__ import annotations

from newscrawl.extraction.authors import collect_credits
from newscrawl.extraction.structured import read_page_metadata
from newscrawl.extraction.tree import parse_html

PROSE = (
    "<p>Der EHC verlor am Dienstagabend das Halbfinale in Tampere mit 0:3 und verpasst damit "
    "das Endspiel der Champions League. Zweimal traf der Gastgeber im Powerplay, einmal nach "
    "einem Konter.</p><p>Die Münchner bemühten sich bis zur Schlusssirene um einen "
    "Ehrentreffer, doch der Torhüter der Finnen sicherte sich mit 25 Paraden ein Shutout. "
    "Tampere gastiert nun im März zum Finale in Schweden.</p>"
)


def authors(html: str) -> list[str]:
    tree = parse_html(html, max_depth=180, max_text_node_chars=1_000_000)
    return collect_credits(tree, read_page_metadata(tree), "Example Zeitung").authors


def page(article: str) -> str:
    return (
        "<html><body><div class='article'><h1>München verpasst das Finale</h1>"
        f"{article}</div><footer><p>© Example Zeitung</p></footer></body></html>"
    )


def test_name_in_bold_italics_as_the_last_paragraph_signs_the_article() -> None:
    assert authors(page(f"{PROSE}<p><b><i>Anna Muster</i></b></p>")) == ["Anna Muster"]


def test_signature_in_strong_with_whitespace_around_it() -> None:
    assert authors(page(f"{PROSE}<p class='clearfix'> <strong>Jan Beispiel</strong> </p>")) == [
        "Jan Beispiel"
    ]


def test_bold_name_followed_by_more_text_is_no_signature() -> None:
    html = page(f"{PROSE}<p><b>Anna Muster</b></p><p>Das Spiel im Liveticker zum Nachlesen.</p>")
    assert authors(html) == []


def test_bold_line_that_is_not_a_name_is_no_signature() -> None:
    assert authors(page(f"{PROSE}<p><strong>Foto: Jan Beispiel</strong></p>")) == []
    assert authors(page(f"{PROSE}<p><strong>Mehr zum Thema</strong></p>")) == []


def test_name_without_emphasis_is_no_signature() -> None:
    assert authors(page(f"{PROSE}<p>Anna Muster</p>")) == []


def test_bold_name_without_article_text_before_it_is_no_signature() -> None:
    html = page("<p>Kurz notiert.</p><p><b>Anna Muster</b></p>")
    assert authors(html) == []


def test_bold_name_in_a_sidebar_is_no_signature() -> None:
    html = page(f"<aside class='sidebar'>{PROSE}<p><b>Anna Muster</b></p></aside>")
    assert authors(html) == []


def test_first_name_over_a_date_signs_off_a_blog_post() -> None:
    assert authors(page(f"{PROSE}<p>Benni<br>\n10. September 2017</p>")) == ["Benni"]


def test_name_over_a_line_that_is_not_a_date_is_no_sign_off() -> None:
    assert authors(page(f"{PROSE}<p>Benni<br>Musterstraße 12</p>")) == []


def test_full_name_over_the_signers_office_signs_a_statement() -> None:
    html = page(f"{PROSE}<p>Anna Muster<br>Landesvorsitzende</p>")
    assert authors(html) == ["Anna Muster"]


def test_full_name_over_an_address_line_is_a_contact_not_a_signature() -> None:
    assert authors(page(f"{PROSE}<p>Anna Muster<br>Hauptstraße 5, Kassel</p>")) == []


def test_flush_right_name_signs_the_article_though_an_inset_box_follows() -> None:
    html = page(
        f"{PROSE}<p align='right'><em>Anna Muster</em></p>"
        "<table><tr><td>Der Arbeitsmarkt in Zahlen: 2,3 Millionen Arbeitslose</td></tr></table>"
    )
    assert authors(html) == ["Anna Muster"]


def test_flush_right_name_after_a_quotation_is_whom_it_quotes() -> None:
    html = page(
        f"{PROSE}<blockquote>Wir haben bis zur letzten Minute gekämpft.</blockquote>"
        "<p style='text-align: right;'><em>Jan Beispiel</em></p><p>Das nächste Spiel folgt am "
        "Freitag in Köln.</p>"
    )
    assert authors(html) == []
