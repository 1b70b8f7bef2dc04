"""Parquet: typed Arrow columns, written one row group at a time.

Kept apart from the other writers so that pyarrow (some 60 MB of memory) is
imported only when a Parquet file is written, not by every ``newscrawl``
command that imports the CLI. The column types derive from the schema
(:data:`newscrawl.schema.SCHEMA`): dates are ``timestamp[ms, tz=UTC]``
(BSON's resolution), ints ``int64``, lists ``list<string>``, ``dateline`` and
``extractor`` structs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newscrawl.schema import (
    FIELD_BY_NAME,
    INT,
    INTS,
    OBJECT,
    STRINGS,
    TIMESTAMP,
    Field,
    typed_value,
)


def arrow_type(field: Field) -> pa.DataType:
    """The Arrow type of a schema field."""
    if field.type == TIMESTAMP:
        return pa.timestamp("ms", tz="UTC")
    if field.type == INT:
        return pa.int64()
    if field.type == STRINGS:
        return pa.list_(pa.string())
    if field.type == INTS:
        return pa.list_(pa.int64())
    if field.type == OBJECT:
        return pa.struct([pa.field(m.name, arrow_type(m), nullable=m.nullable)
                          for m in field.members])
    return pa.string()


def arrow_schema(fields: Iterable[str]) -> pa.Schema:
    """Columns of an export; every column is nullable in Parquet (a filtered
    or partial record may lack any field), the types are the schema's."""
    return pa.schema([(name, arrow_type(FIELD_BY_NAME[name])) for name in fields])


def arrow_value(field: Field, value: Any) -> Any:
    """A document value as the field's Arrow column takes it."""
    value = typed_value(field, value)
    if field.type == OBJECT and value is not None:
        return {m.name: arrow_value(m, value.get(m.name)) for m in field.members}
    return value


class ParquetWriter:
    """Typed columns (timestamps in UTC, ints, lists, structs), one row group
    per ``row_group_size`` documents: the only buffer an export keeps."""

    def __init__(self, out: Any, fields: list[str], row_group_size: int = 1000) -> None:
        self.schema = arrow_schema(fields)
        self.fields = [FIELD_BY_NAME[name] for name in fields]
        self.writer = pq.ParquetWriter(out, self.schema, compression="zstd")
        self.row_group_size = row_group_size
        self.columns: dict[str, list[Any]] = {name: [] for name in fields}
        self.pending = 0

    def write(self, doc: Mapping[str, Any]) -> bool:
        for field in self.fields:
            self.columns[field.name].append(arrow_value(field, doc.get(field.name)))
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
