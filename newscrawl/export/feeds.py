"""Scrapy feed exporters that write records as ``newscrawl export`` does.

Scrapy's CSV exporter joins a list with commas (``APA,AFP,dpa,Reuters``:
ambiguous for an author "Smith, John") and writes a nested object as its
Python ``repr``. The records the pipelines emit are JSON-safe already; this
CSV exporter writes their lists and objects as JSON text in the cell and
null as the empty cell, the CSV form of ``newscrawl export``, so
``scrapy crawl ... -O items.csv`` and ``newscrawl export items.csv`` load
alike. Registered for ``csv`` in ``FEED_EXPORTERS`` (project settings).
"""

from __future__ import annotations

from typing import Any

from scrapy.exporters import CsvItemExporter

from newscrawl.export.fields import csv_cell


class RecordCsvExporter(CsvItemExporter):
    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        serializer = field.get("serializer") if hasattr(field, "get") else None
        return serializer(value) if serializer else csv_cell(value)
