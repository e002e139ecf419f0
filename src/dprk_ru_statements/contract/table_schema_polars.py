"""The statements table model on polars: the scale-out path for teams checking a release on a
frame too large for pandas. Columns and their checks come from the same declarations
(schema/columns.yaml) as the pandas model in table_schema.py, so both validate one contract; only
the frame-wide checks are restated as polars expressions."""

from __future__ import annotations

import pandera.polars as pp
import polars as pl

from .columns import columns
from .models import DATE_FORMATS, DATE_PADDING
from .table_schema import FRAME_CHECKS as PANDAS_FRAME_CHECKS
from .table_schema import column_checks

POLARS_TYPES = {
    "string": pl.Utf8,
    "int32": pl.Int32,
    "bool": pl.Boolean,
    "date32": pl.Date,
    "list<string>": pl.List(pl.Utf8),
}


def _date_fits_precision(data: pp.PolarsData) -> pl.LazyFrame:
    date, precision = pl.col("date"), pl.col("date_precision")
    # A day or month must also be a real calendar date: parse it, padded to a full date.
    written = [
        precision.eq(name)
        & date.str.contains(f"^{pattern}$")
        & (date + DATE_PADDING[name]).str.to_date("%Y-%m-%d", strict=False).is_not_null()
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
    pp.Check(
        lambda data: data.lazyframe.select((pl.col("date_not_before") <= pl.col("date_not_after")).fill_null(True)),
        name="bounds_in_order",
    ),
    pp.Check(
        lambda data: data.lazyframe.select(
            pl.col("repeat_of").is_null()
            | (
                pl.col("repeat_of").ne(pl.col("statement_id"))
                & pl.col("repeat_of").str.starts_with(pl.col("article_id") + ".")
            )
        ),
        name="repeat_in_article",
    ),
]


def polars_schema() -> pp.DataFrameSchema:
    """The release's statements contract as a pandera schema for polars frames."""
    schema = {
        c.name: pp.Column(POLARS_TYPES[c.type], checks=column_checks(c), nullable=c.nullable, unique=c.unique)
        for c in columns("statements")
    }
    assert [check.name for check in FRAME_CHECKS] == list(PANDAS_FRAME_CHECKS)
    return pp.DataFrameSchema(schema, checks=FRAME_CHECKS, strict=True, ordered=True)
