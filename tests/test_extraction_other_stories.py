"""Other stories on an article page, each an <article> with its own <h1>: the next story
an infinite-scroll page appends, a teaser marked up as an article, are no text of the
page's article."""

from __future__ import annotations

from pathlib import Path

from newscrawl.extraction import extract_article

DATA = Path(__file__).parent / "data" / "extraction"
URL = "https://www.coastline-courier.example/news/harbour-ferry-fares-rise-48213"


def page() -> str:
    return (DATA / "en_infinite_scroll.html").read_text(encoding="utf-8")


def test_the_next_story_of_an_infinite_scroll_page_is_not_in_the_text() -> None:
    article = extract_article(page().encode("utf-8"), URL)
    assert article.text.startswith("Fares on the two harbour ferry routes will rise")
    assert "The operator has promised a new timetable in March." in article.text
    assert "lighthouse museum" not in article.text.lower()


def test_the_headline_decides_which_article_is_the_page_s_own() -> None:
    # the same page seen from the second story: its article is kept, the first one goes
    html = page().replace(
        "Harbour ferry fares to rise by a fifth in spring</title>",
        "Lighthouse museum reopens after two-year restoration</title>",
    ).replace(
        'content="Harbour ferry fares to rise by a fifth in spring"',
        'content="Lighthouse museum reopens after two-year restoration"',
    )
    article = extract_article(html.encode("utf-8"), URL)
    assert article.text.startswith("The lighthouse museum on the north pier reopened")
    assert "ferry" not in article.text


def test_a_page_with_one_story_keeps_all_of_its_text() -> None:
    start = page().index('<div class="under-article">')
    end = page().index("</main>")
    html = page()[:start] + page()[end:]
    article = extract_article(html.encode("utf-8"), URL)
    assert article.text.count("\n\n") == 3
