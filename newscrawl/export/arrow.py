"""Parquet: typed Arrow columns, written one row group at a time.

Kept apart from the other writers so that pyarrow (some 60 MB of memory) is
imported only when a Parquet file is written, not by every ``newscrawl``
command that imports the CLI. Dates are ``timestamp[ms, tz=UTC]`` (BSON's
resolution), lists are ``list<string>``, ``dateline`` and ``extractor`` are
structs; a field not listed here is a string column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newscrawl.export.fields import csv_cell

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



def arrow_schema(fields: Iterable[str]) -> pa.Schema:
    return pa.schema([(name, ARROW_TYPES.get(name, pa.string())) for name in fields])


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


class ParquetWriter:
    """Typed columns (timestamps in UTC, lists, structs), one row group per
    ``row_group_size`` documents: the only buffer an export keeps."""

    def __init__(self, path: Path, fields: list[str], row_group_size: int = 1000) -> None:
        self.schema = arrow_schema(fields)
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.row_group_size = row_group_size
        self.columns: dict[str, list[Any]] = {name: [] for name in fields}
        self.pending = 0

    def write(self, doc: Mapping[str, Any]) -> bool:
        for column in self.schema:
            self.columns[column.name].append(arrow_value(doc.get(column.name), column.type))
        self.pending += 1
        if self.pending >= self.row_group_size:
            self._flush()
        return True

    def _flush(self) -> None:
        if self.pending:
            self.writer.write_table(pa.Table.from_pydict(self.columns, schema=self.schema))
            self.columns = {name: [] for name in self.columns}
            self.pending = 0

    def close(self) -> None:
        self._flush()
        self.writer.close()
