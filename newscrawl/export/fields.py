"""The columns of an export: which fields, in which order, of which type.

A field has the same name in every format; a date is an ISO 8601 string
ending in ``Z`` in JSON Lines and CSV (and a UTC timestamp in Parquet, see
:mod:`newscrawl.export.arrow`); nested values (``dateline``, ``extractor``) are
objects in JSON Lines and JSON text in CSV cells.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from newscrawl.schema import FIELDS

#: Fields an export knows beyond schema v1 (``cluster_id``: near-duplicate
#: cluster of the archive's version tracking; null where not clustered).
EXTRA_FIELDS = ("cluster_id",)

class FieldError(ValueError):
    """A --fields value names no exportable field."""


def all_fields() -> list[str]:
    return [*FIELDS, *(f for f in EXTRA_FIELDS if f not in FIELDS)]


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


def iso_utc(value: datetime) -> str:
    """``2017-05-01T00:00:00Z``: one form, readable by pandas, polars and Arrow."""
    text = value.astimezone(UTC).isoformat(timespec="milliseconds" if value.microsecond else
                                           "seconds")
    return text.replace("+00:00", "Z")


def json_value(value: Any) -> Any:
    """A document value as JSON can hold it (datetimes as ISO strings)."""
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)  # ObjectId, Decimal128 and the like


def json_row(doc: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    return {name: json_value(doc.get(name)) for name in fields}


def csv_cell(value: Any) -> str:
    """A CSV cell: lists and objects as JSON text, null as the empty cell."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(json_value(value), ensure_ascii=False)
    return str(value)
