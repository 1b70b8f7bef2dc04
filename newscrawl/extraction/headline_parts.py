"""How a heading splits into a kicker (topline) and the headline proper.

Two forms, both confirmed by a title the page declares: the kicker marked up as the first
child of the headline element (`split_kicker`), and the kicker run together with the
headline as plain text, "Kicker: Headline", where a declared title is the headline alone
(`glued_kicker`). title.py cuts the kicker off the title; kicker.py stores it apart.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from lxml.html import HtmlElement

from .structured import clean_space
from .title_site import fold

__all__ = ["KICKER_JOINT", "MAX_KICKER_CHARS", "glued_kicker", "split_kicker", "without_kicker"]

MAX_KICKER_CHARS = 80
# what may stand between a kicker and the headline: "Kicker: Headline", "Kicker – Headline"
KICKER_JOINT = re.compile(r"^[\s|\-–—:·•»›/]+")
_KICKER_SEPARATOR = re.compile(r" ?[|\-:·•»›/] ")  # folded: dashes are "-"
# a kicker run together with the headline as text: only a colon sets it off; a dash also
# joins the two halves of one headline ("Welpen kaufen – Tipps zu jeder Hunderasse")
_GLUED_JOINT = re.compile(r"\s*:\s+")


def without_kicker(element: HtmlElement, declared: list[str]) -> str | None:
    split = split_kicker(element, declared)
    return split[1] if split else None


def split_kicker(element: HtmlElement, declared: list[str]) -> tuple[str, str] | None:
    """(kicker, headline) of a headline element whose first child is a kicker that a
    declared title sets off with a separator; None for other headlines.

    Many news sites put the kicker (topline, "overline") inside the h1 as a span or div
    before the headline words, `<h1><span class="kicker">Brexit</span> Votum vertagt</h1>`,
    and declare the title as "Brexit: Votum vertagt" or "Brexit - Votum vertagt". The
    headline is then what follows. A first child that only starts the sentence ("<b>Zoff</b>
    der Nachbarn") is not set off in the declared title and stays.
    """
    holder = _innermost_wrapper(element)
    if len(holder) == 0 or (holder.text or "").strip() or not isinstance(holder[0].tag, str):
        return None
    shown_kicker = clean_space(holder[0].text_content())
    kicker = fold(shown_kicker)
    rest = KICKER_JOINT.sub("", clean_space(_text_after_first_child(holder)))
    if len(kicker) < 3 or len(rest) < 10 or " " not in rest:
        return None
    return (shown_kicker, rest) if any(_sets_off(kicker, fold(t)) for t in declared) else None


def glued_kicker(text: str, cores: Collection[str]) -> tuple[str, str] | None:
    """(kicker, headline) of a heading that runs a kicker and the headline together as
    text, "Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig", when a
    declared title (`cores`: declared titles without their site name, folded) is the part
    after the colon alone; None otherwise.

    The declared title shows what the page counts as its headline; the words before the
    colon are then a topline. Not when the rest starts in lower case ("'Ends recession
    debate': economists weigh in …" is one sentence), nor when it is no longer than a label.
    """
    for joint in _GLUED_JOINT.finditer(text):
        kicker, rest = text[: joint.start()].strip(), text[joint.end() :].strip()
        if (
            2 <= len(kicker) <= MAX_KICKER_CHARS
            and len(rest) >= 10
            and " " in rest
            and not rest[0].islower()
            and fold(rest) in cores
        ):
            return kicker, rest
    return None


def _innermost_wrapper(element: HtmlElement) -> HtmlElement:
    """The element that holds the headline's parts: `<h1><a href=…>` parts `</a></h1>`."""
    while (
        len(element) == 1
        and not (element.text or "").strip()
        and not (element[0].tail or "").strip()
    ):
        element = element[0]
    return element


def _sets_off(kicker: str, title: str) -> bool:
    """Does the declared title start with the kicker and a separator ("Kicker: …")?"""
    return title.startswith(kicker) and bool(_KICKER_SEPARATOR.match(title, len(kicker)))


def _text_after_first_child(holder: HtmlElement) -> str:
    parts = [holder[0].tail or ""]
    for child in holder[1:]:
        if isinstance(child.tag, str):
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return " ".join(parts)
