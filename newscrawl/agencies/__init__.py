"""Agency credits and datelines of wire stories: who supplied the story.

Pure functions, no Scrapy: researchers can call them directly.

    >>> from newscrawl.agencies import analyse_credits
    >>> analyse_credits("Berlin (dpa) - Es regnet. (dpa/AFP)").agencies
    ['dpa', 'AFP']

The registry of agencies is data (``agencies.toml``); ``load_registry(path)`` adds a
user file. See docs/agencies.md for the formats and the credit grammar.
"""

from newscrawl.agencies.analysis import CreditAnalysis, analyse_credits, split_author
from newscrawl.agencies.credits import CreditLine, parse_credit_line
from newscrawl.agencies.datelines import Dateline, parse_dateline
from newscrawl.agencies.registry import Agency, AgencyRegistry, load_registry
from newscrawl.agencies.signoff import StaffSignoff, parse_staff_signoff

__all__ = [
    "Agency",
    "AgencyRegistry",
    "CreditAnalysis",
    "CreditLine",
    "Dateline",
    "StaffSignoff",
    "analyse_credits",
    "load_registry",
    "parse_credit_line",
    "parse_dateline",
    "parse_staff_signoff",
    "split_author",
]
