"""The statements contract on a local Spark session, over a release's Parquet files."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from dprk_ru_statements.release.publish import Release

pyspark = pytest.importorskip("pyspark", reason="Spark is the `spark` extra: pip install -e '.[spark]' and a JDK")
if shutil.which("java") is None:
    pytest.skip(
        "no Java runtime: install a JDK (Debian: apt-get install default-jdk-headless)", allow_module_level=True
    )

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as f  # noqa: E402

from dprk_ru_statements.contract.table_schema_spark import spark_problems  # noqa: E402


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    session = (
        SparkSession.builder.master("local[2]")
        .appName("dprk-ru-statements-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_a_release_passes_the_contract_on_spark(spark: SparkSession, release: Release) -> None:
    statements = spark.read.parquet(str(release.path / "data" / "statements"))
    articles = spark.read.parquet(str(release.path / "data" / "articles.parquet"))
    assert statements.count() == release.statements
    assert spark_problems(statements, articles) == []


def test_broken_rows_fail_on_spark_with_the_checks_named(spark: SparkSession, release: Release) -> None:
    statements = spark.read.parquet(str(release.path / "data" / "statements"))
    articles = spark.read.parquet(str(release.path / "data" / "articles.parquet"))
    first, second = (row["statement_id"] for row in statements.orderBy("statement_id").limit(2).collect())
    broken = (
        statements.withColumn(
            "claim_type", f.when(f.col("statement_id") == first, f.lit("bogus")).otherwise(f.col("claim_type"))
        )
        .withColumn(
            "char_start",
            f.when(f.col("statement_id") == second, f.col("char_start") + 1).otherwise(f.col("char_start")),
        )
        .withColumn("date", f.when(f.col("statement_id") == second, f.lit("2023-02-30")).otherwise(f.col("date")))
        .withColumn(
            "date_precision", f.when(f.col("statement_id") == second, f.lit("day")).otherwise(f.col("date_precision"))
        )
    )
    problems = spark_problems(broken, articles)
    assert any(line.startswith("statements table: claim_type: isin: 1 row(s)") and first in line for line in problems)
    assert any(
        line.startswith("statements table: date_fits_precision: 1 row(s)") and second in line for line in problems
    )
    assert any("text_equals_article_at_offsets" in line and second in line for line in problems), problems
