"""The published columns, read once from `schema/columns.yaml`: the one declaration of each.

Arrow schemas, the pandera checks, the card's features and every column description derive from
what is read here; nothing else lists a column.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyarrow as pa
import yaml

from .vocab import schema_dir, vocabularies

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "int32": pa.int32(),
    "bool": pa.bool_(),
    "date32": pa.date32(),
    "list<string>": pa.list_(pa.string()),
}
TABLES = ("statements", "articles")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    meaning: str
    nullable: bool = True
    label: str | None = None  # a vocabulary published as ClassLabel
    isin: str | None = None
    matches: str | None = None
    unique: bool = False
    min_length: int | None = None
    ge: int | None = None
    gt: int | None = None
    derived: bool = False

    @property
    def arrow_type(self) -> pa.DataType:
        return ARROW_TYPES[self.type]

    @property
    def allowed(self) -> str | None:
        """The vocabulary the values must come from, if any."""
        return self.label or self.isin


@cache
def columns(table: str) -> tuple[Column, ...]:
    data = yaml.safe_load((schema_dir() / "columns.yaml").read_text("utf-8"))
    return tuple(Column(name=name, **spec) for name, spec in data[table].items())


def column_types(table: str) -> dict[str, pa.DataType]:
    return {column.name: column.arrow_type for column in columns(table)}


def not_null(table: str) -> frozenset[str]:
    return frozenset(column.name for column in columns(table) if not column.nullable)


def meanings(table: str) -> dict[str, str]:
    return {column.name: column.meaning for column in columns(table)}


def class_labels(table: str) -> dict[str, list[str]]:
    """Columns published as ClassLabel, with their label names in integer order."""
    vocab = vocabularies()
    return {column.name: list(getattr(vocab, column.label)) for column in columns(table) if column.label}
