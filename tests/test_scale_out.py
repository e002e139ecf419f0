"""The same table contract on polars, over a release's Parquet files (the scale-out path)."""

from __future__ import annotations

import polars as pl
import pytest
from pandera.errors import SchemaErrors

from dprk_ru_statements.contract.table_schema import STATEMENT_SCHEMA
from dprk_ru_statements.contract.table_schema_polars import polars_schema
from dprk_ru_statements.release.publish import Release


def statements(release: Release) -> pl.DataFrame:
    return pl.read_parquet(release.path / "data" / "statements" / "*.parquet")


def test_polars_schema_has_the_pandas_models_columns_and_checks() -> None:
    pandas_schema, schema = STATEMENT_SCHEMA, polars_schema()
    assert list(schema.columns) == list(pandas_schema.columns)
    for name, column in schema.columns.items():
        assert [c.name for c in column.checks] == [c.name for c in pandas_schema.columns[name].checks]
        assert column.nullable == pandas_schema.columns[name].nullable


def test_a_release_validates_on_polars(release: Release) -> None:
    frame = statements(release)
    expected = pl.read_parquet(release.path / "data" / "articles.parquet")["num_statements"].sum()
    assert polars_schema().validate(frame).height == expected > 0


def test_broken_rows_fail_on_polars_with_the_checks_named(release: Release) -> None:
    frame = statements(release).with_row_index()
    first, second, third = (pl.col("index") == n for n in (0, 1, 2))
    broken = frame.with_columns(
        pl.when(first).then(pl.lit("bogus")).otherwise(pl.col("claim_type")).alias("claim_type"),
        pl.when(second).then(pl.lit("2023-02-30")).otherwise(pl.col("date")).alias("date"),
        pl.when(second).then(pl.lit("day")).otherwise(pl.col("date_precision")).alias("date_precision"),
        pl.when(third).then(pl.lit(0, pl.Int32)).otherwise(pl.col("char_end")).alias("char_end"),
    ).drop("index")
    with pytest.raises(SchemaErrors) as caught:
        polars_schema().validate(broken, lazy=True)
    failed = {(row["check"].split("(")[0], row["index"]) for row in caught.value.failure_cases.to_dicts()}
    assert {("isin", 0), ("date_fits_precision", 1), ("end_after_start", 2)} <= failed
