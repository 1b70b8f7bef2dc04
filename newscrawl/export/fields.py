"""The columns of an export: which fields, in which order, of which type.

A field has the same name and type in every format, as the schema
(:data:`newscrawl.schema.SCHEMA`) defines it: a date is ISO 8601 text
``2017-05-02T08:00:00.000Z`` in JSON Lines and CSV (always milliseconds,
always ``Z``) and a UTC timestamp in Parquet (:mod:`newscrawl.export.arrow`);
nested values (``dateline``, ``extractor``) are objects in JSON Lines and JSON
text in CSV cells.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from newscrawl.schema import SCHEMA, to_record


class FieldError(ValueError):
    """A --fields value names no exportable field."""


def all_fields() -> list[str]:
    return [field.name for field in SCHEMA]


def select_fields(requested: Iterable[str] | None) -> list[str]:
    """The export's columns: all fields, or the requested ones in the order given."""
    known = all_fields()
    if not requested:
        return known
    chosen = [name.strip() for name in requested if name.strip()]
    unknown = [name for name in chosen if name not in known]
    if unknown:
        raise FieldError(f"unknown field(s) {', '.join(map(repr, unknown))} in --fields: "
                         f"choose from {', '.join(known)}")
    return list(dict.fromkeys(chosen))


def json_row(doc: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """The record of ``doc`` with ``fields``, each typed as the schema says."""
    return to_record(doc, list(fields))


def csv_cell(value: Any) -> str:
    """A CSV cell of a record value: lists and objects as JSON text, null as
    the empty cell."""
    if value is None:
        return ""
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def csv_row(doc: Mapping[str, Any], fields: list[str]) -> list[str]:
    record = json_row(doc, fields)
    return [csv_cell(record[name]) for name in fields]
