"""scan_page: one walk of the page finds the date markup, the marked date/byline elements
of the body and the elements a caller's test selects (extraction's byline candidates)."""

from lxml import html as lxml_html

from newscrawl.dates.html import collect_date_candidates
from newscrawl.dates.scan import scan_page
from newscrawl.extraction.authors import collect_credits
from newscrawl.extraction.bylines import is_byline_candidate
from newscrawl.extraction.structured import read_page_metadata
from newscrawl.extraction.tree import parse_html

URL = "https://zeitung.example/politik/2023/rat-beschliesst-haushalt"

PAGE = """<!DOCTYPE html>
<html lang="de"><head>
<title>Rat beschließt Haushalt | Beispiel-Zeitung</title>
<meta itemprop="datePublished" content="2023-05-03T14:32:00+02:00">
<meta name="author" content="Anna Muster">
</head><body>
<nav class="main-menu"><a href="/politik">Politik</a> <a href="/sport">Sport</a></nav>
<aside class="teaser-list"><span class="date">01.05.2023</span>
  <a href="/politik/aelter">Ältere Meldung</a></aside>
<article>
  <h1 class="headline">Rat beschließt Haushalt</h1>
  <div class="article-meta">
    <span class="byline">Von <a href="/autoren/anna-muster" rel="author">Anna Muster</a></span>
    <time datetime="2023-05-03T14:32:00+02:00" class="date">3. Mai 2023, 14:32 Uhr</time>
  </div>
  <p>Der Stadtrat hat am Mittwoch den Haushalt für das kommende Jahr beschlossen.</p>
  <p>Die Opposition kritisierte die geplanten Ausgaben für den Straßenbau.</p>
  <div class="author-box"><span itemprop="author">Anna Muster</span> ist Redakteurin.</div>
</article>
<footer id="footer"><p>© Beispiel-Zeitung</p></footer>
</body></html>"""


def page_tree():
    return parse_html(PAGE, max_depth=180, max_text_node_chars=1_000_000)


def test_markup_is_every_time_abbr_and_microdata_element_in_document_order():
    scan = scan_page(page_tree())
    assert [(e.tag, e.get("itemprop")) for e in scan.markup] == [
        ("meta", "datePublished"),
        ("time", None),
        ("span", "author"),
    ]


def test_marked_elements_remember_whether_they_follow_the_headline():
    scan = scan_page(page_tree())
    assert scan.headline.text == "Rat beschließt Haushalt"
    marked = [(e.get("class"), after) for e, after in scan.marked]
    assert ("date", False) in marked  # the teaser's date above the headline
    assert ("byline", True) in marked
    assert all(e is not scan.headline for e, _ in scan.marked)


def test_selected_elements_are_those_a_walk_of_the_tree_with_the_same_test_finds():
    tree = page_tree()
    walked = [e for e in tree.iter() if isinstance(e.tag, str)
              and is_byline_candidate(e, e.tag, e.items())]
    assert scan_page(tree, select=is_byline_candidate).selected == walked
    assert scan_page(tree).selected == []


def test_credits_and_dates_from_the_shared_scan_equal_their_own_walks():
    tree = page_tree()
    page = read_page_metadata(tree)
    scan = scan_page(tree, select=is_byline_candidate)
    assert collect_credits(tree, page, "Beispiel-Zeitung", scan.selected) == collect_credits(
        tree, page, "Beispiel-Zeitung"
    )
    assert collect_date_candidates(PAGE, URL, tree=tree, scan=scan) == collect_date_candidates(
        PAGE, URL, tree=tree
    )


def test_a_fragment_selects_in_its_own_element_and_finds_markup_in_the_whole_document():
    fragment = lxml_html.fromstring(
        '<div class="byline">Von <a href="/autoren/jan-beispiel">Jan Beispiel</a>'
        '<time datetime="2023-05-03">3. Mai 2023</time></div>'
    )
    scan = scan_page(fragment, select=is_byline_candidate)
    assert [e.tag for e in scan.markup] == ["time"]
    assert [e.tag for e in scan.selected] == ["div", "a"]


def test_only_the_first_body_is_searched_for_marked_elements():
    tree = lxml_html.fromstring(
        "<html><body><p class='date'>3. Mai 2023</p></body>"
        "<body><p class='date'>4. Mai 2023</p></body></html>"
    )
    assert [e.text for e, _ in scan_page(tree).marked] == ["3. Mai 2023"]
