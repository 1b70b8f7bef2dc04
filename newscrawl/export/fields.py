"""The columns of an export: which fields, in which order, of which type.

One table of kinds drives every format, so a field is a timestamp in Parquet,
an ISO 8601 string ending in ``Z`` in JSON Lines and CSV, and the same field
name everywhere. Nested values (``dateline``, ``extractor``) are typed structs
in Parquet, objects in JSON Lines and JSON text in CSV cells.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from newscrawl.schema import FIELDS

#: Fields an export knows beyond schema v1 (``cluster_id``: near-duplicate
#: cluster of the archive's version tracking; null where not clustered).
EXTRA_FIELDS = ("cluster_id",)

#: Export field -> Arrow type. Anything not listed is a string.
ARROW_TYPES: dict[str, pa.DataType] = {
    "authors": pa.list_(pa.string()),
    "agencies": pa.list_(pa.string()),
    "date_flags": pa.list_(pa.string()),
    "published": pa.timestamp("ms", tz="UTC"),
    "modified": pa.timestamp("ms", tz="UTC"),
    "fetched_at": pa.timestamp("ms", tz="UTC"),
    "first_seen": pa.timestamp("ms", tz="UTC"),
    "schema_version": pa.int64(),
    "dateline": pa.struct([
        ("places", pa.list_(pa.string())),
        ("raw", pa.string()),
        ("agency", pa.string()),
        ("span", pa.list_(pa.int64())),
    ]),
    "extractor": pa.struct([("name", pa.string()), ("version", pa.string())]),
}


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


def arrow_schema(fields: Iterable[str]) -> pa.Schema:
    return pa.schema([(name, ARROW_TYPES.get(name, pa.string())) for name in fields])


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


def arrow_value(value: Any, kind: pa.DataType) -> Any:
    """A document value as a column of ``kind`` takes it (strings stay strings)."""
    if value is None:
        return None
    if pa.types.is_string(kind) and not isinstance(value, str):
        return csv_cell(value)
    if pa.types.is_struct(kind) and isinstance(value, Mapping):
        return {f.name: arrow_value(value.get(f.name), f.type) for f in kind}
    if pa.types.is_list(kind) and isinstance(value, list | tuple):
        return [arrow_value(v, kind.value_type) for v in value]
    return value
