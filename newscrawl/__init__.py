"""newscrawl: a Scrapy crawler and MongoDB archive for wire-service news.

``newscrawl.extract_record(page, url, source=...)`` returns the full record of
a saved page (text, dates, agencies, dateline) as ``newscrawl extract`` prints
it. It is imported on first use, so ``import newscrawl`` (and the command
line's ``--help``) stay light.
"""

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "extract_record"]


def __getattr__(name: str) -> Any:
    if name == "extract_record":
        from newscrawl.stages import extract_record

        return extract_record
    raise AttributeError(f"module 'newscrawl' has no attribute {name!r}")
