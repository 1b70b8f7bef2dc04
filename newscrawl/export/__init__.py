"""Exporting archive corpora for research: filters, streaming writers per
format (JSON Lines, CSV, Parquet, dated text lines), manifests, and the
archive summaries behind ``newscrawl stats`` and ``newscrawl report``.

Pure pymongo, no Scrapy: a notebook can call :func:`export_archive` directly.
"""

from newscrawl.export.daterange import DateRange, DateRangeError
from newscrawl.export.filters import EmptyExportError, ExportFilters
from newscrawl.export.run import ExportOptions, ExportResult, export_archive

__all__ = [
    "DateRange",
    "DateRangeError",
    "EmptyExportError",
    "ExportFilters",
    "ExportOptions",
    "ExportResult",
    "export_archive",
]
