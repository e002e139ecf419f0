"""The statements table model on polars: the scale-out path for teams checking a release on a
frame too large for pandas. Columns and their checks are derived from the pandas model in
table_schema.py, so both validate the same contract; only the frame-wide checks are restated as
polars expressions."""

from __future__ import annotations

import pandera.polars as pp
import polars as pl

from .models import DATE_FORMATS
from .table_schema import StatementTable

POLARS_TYPES = {"string": pl.Utf8, "int32": pl.Int32}


def _polars_type(pandas_type: object) -> pl.DataType:
    name = str(pandas_type)
    return POLARS_TYPES["string" if name.startswith(("str", "string")) else name]


def _date_fits_precision(data: pp.PolarsData) -> pl.LazyFrame:
    date, precision = pl.col("date"), pl.col("date_precision")
    # A day or month must also be a real calendar date: parse it, padded to a full date.
    padding = {"day": "", "month": "-01", "year": "-01-01"}
    written = [
        precision.eq(name)
        & date.str.contains(f"^{pattern}$")
        & (date + padding[name]).str.to_date("%Y-%m-%d", strict=False).is_not_null()
        for name, pattern in DATE_FORMATS.items()
    ]
    unknown = precision.eq("unknown") & date.is_null()
    return data.lazyframe.select(pl.any_horizontal([*written, unknown]).fill_null(False))


FRAME_CHECKS = [
    pp.Check(lambda data: data.lazyframe.select(pl.col("char_end") > pl.col("char_start")), name="end_after_start"),
    pp.Check(
        lambda data: data.lazyframe.select(pl.col("statement_id").str.starts_with(pl.col("article_id") + ".")),
        name="statement_id_starts_with_article_id",
    ),
    pp.Check(_date_fits_precision, name="date_fits_precision"),
]


def polars_schema() -> pp.DataFrameSchema:
    """The release's statements contract as a pandera schema for polars frames."""
    pandas_schema = StatementTable.to_schema()
    columns = {
        name: pp.Column(
            _polars_type(column.dtype), checks=column.checks, nullable=column.nullable, unique=column.unique
        )
        for name, column in pandas_schema.columns.items()
    }
    assert [check.name for check in FRAME_CHECKS] == [check.name for check in pandas_schema.checks]
    return pp.DataFrameSchema(columns, checks=FRAME_CHECKS, strict=True, ordered=True)
