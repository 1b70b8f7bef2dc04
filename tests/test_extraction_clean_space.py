"""clean_space: the whitespace of a text as readers see it, one space between words."""

import re
import sys

from newscrawl.extraction.structured import clean_space


def test_runs_of_any_unicode_whitespace_become_one_space_and_the_ends_none():
    text = "\u00a0 Von\tAnna\u2028Muster\u3000\n (dpa)\x1c "
    assert clean_space(text) == "Von Anna Muster (dpa)"


def test_zero_width_characters_are_no_whitespace():
    assert clean_space("Anna\u200bMuster \ufeff") == "Anna\u200bMuster \ufeff"


def test_the_same_characters_count_as_whitespace_as_for_a_regex():
    # clean_space splits with str.split(); the regex \s it replaced must agree on every code point
    disagree = [
        code for code in range(sys.maxunicode + 1)
        if bool(re.fullmatch(r"\s", chr(code))) != chr(code).isspace()
    ]
    assert disagree == []


def test_anything_but_a_string_is_empty():
    assert clean_space(None) == ""
    assert clean_space(["Anna Muster"]) == ""
