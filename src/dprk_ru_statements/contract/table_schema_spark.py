"""The statements table contract on Spark: the scale-out path for teams whose release copy lives in
a Spark cluster. Columns, types, nullability and column checks come from the same declarations
(schema/columns.yaml) as the pandas and polars models; the frame-wide checks are the same checks,
by the same names, as Spark column expressions. pandera's own pyspark backend is not used: with
pandera 0.35 and pyspark 4.3, `import pandera.pyspark` imports `pyspark.testing`, which without
grpcio prints "Skipping doctests" and exits the interpreter (checked on this project's pins).

Every check is one aggregate over the frame, so a whole release is read once per check at most and
nothing is collected to the driver but counts and a few example ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .columns import Column, columns
from .models import DATE_FORMATS, DATE_PADDING, PATTERNS
from .table_schema import FRAME_CHECKS, SPAN_CHECKS, allowed_values

if TYPE_CHECKING:
    from pyspark.sql import Column as SparkColumn
    from pyspark.sql import DataFrame

EXAMPLES = 3  # ids shown per failed check


def spark_type(kind: str) -> object:
    from pyspark.sql import types

    return {
        "string": types.StringType(),
        "int32": types.IntegerType(),
        "bool": types.BooleanType(),
        "date32": types.DateType(),
        "list<string>": types.ArrayType(types.StringType()),
    }[kind]


def column_conditions(column: Column) -> dict[str, SparkColumn]:
    """Each check of one column as a condition a valid row meets (a null passes but `not_null`)."""
    from pyspark.sql import functions as f

    value = f.col(column.name)
    conditions: dict[str, SparkColumn] = {}
    if not column.nullable:
        conditions["not_null"] = value.isNotNull()
    if column.allowed:
        conditions["isin"] = value.isNull() | value.isin(allowed_values(column.allowed))
    if column.matches:
        conditions["str_matches"] = value.isNull() | value.rlike(PATTERNS[column.matches])
    if column.min_length is not None:
        conditions["str_length"] = value.isNull() | (f.length(value) >= column.min_length)
    if column.ge is not None:
        conditions["greater_than_or_equal_to"] = value.isNull() | (value >= column.ge)
    if column.gt is not None:
        conditions["greater_than"] = value.isNull() | (value > column.gt)
    return conditions


def frame_conditions() -> dict[str, SparkColumn]:
    """The frame-wide checks of table_schema.FRAME_CHECKS, as Spark conditions, by the same names."""
    from pyspark.sql import functions as f

    date, precision = f.col("date"), f.col("date_precision")
    written = [
        (precision == name)
        & date.rlike(f"^{pattern}$")
        & f.try_to_date(f.concat(date, f.lit(DATE_PADDING[name])), "yyyy-MM-dd").isNotNull()
        for name, pattern in DATE_FORMATS.items()
    ]
    fits = (precision == "unknown") & date.isNull()
    for condition in written:
        fits = fits | condition
    before, after = f.col("date_not_before"), f.col("date_not_after")
    repeat = f.col("repeat_of")
    conditions = {
        "end_after_start": f.col("char_end") > f.col("char_start"),
        "statement_id_starts_with_article_id": f.col("statement_id").startswith(
            f.concat(f.col("article_id"), f.lit("."))
        ),
        "date_fits_precision": f.coalesce(fits, f.lit(False)),
        "bounds_in_order": before.isNull() | after.isNull() | (before <= after),
        "repeat_in_article": repeat.isNull()
        | ((repeat != f.col("statement_id")) & repeat.startswith(f.concat(f.col("article_id"), f.lit(".")))),
    }
    assert list(conditions) == list(FRAME_CHECKS), "the same frame checks as the pandas model"
    return conditions


def _failures(frame: DataFrame, conditions: dict[str, SparkColumn]) -> list[str]:
    """One line per check that some row fails: its name, how many rows, and a few of their ids."""
    from pyspark.sql import functions as f

    counts = frame.agg(
        *(f.sum(f.when(~f.coalesce(c, f.lit(False)), 1).otherwise(0)).alias(n) for n, c in conditions.items())
    )
    failed = {name: count for name, count in counts.first().asDict().items() if count}
    lines = []
    for name, count in failed.items():
        rows = frame.where(~f.coalesce(conditions[name], f.lit(False))).select("statement_id").limit(EXAMPLES)
        examples = ", ".join(str(row[0]) for row in rows.collect())
        lines.append(f"statements table: {name}: {count} row(s) fail (e.g. {examples})")
    return lines


def schema_problems(frame: DataFrame) -> list[str]:
    """Columns missing, extra, out of order or of another type than columns.yaml declares."""
    expected = [(c.name, spark_type(c.type)) for c in columns("statements")]
    actual = [(field.name, field.dataType) for field in frame.schema.fields]
    if actual == expected:
        return []
    return [f"statements table: columns are {actual}, expected {expected}"]


def spark_problems(statements: DataFrame, articles: DataFrame | None = None) -> list[str]:
    """Every failure of the statements contract, one line each; [] when the table is sound.

    With the articles, every span is also checked against its article's text (offsets are Python
    string indices, code points, which is what Spark's substring counts).
    """
    from pyspark.sql import functions as f

    problems = schema_problems(statements)
    if problems:
        return problems  # the other checks would only repeat the type errors
    conditions: dict[str, SparkColumn] = {}
    for column in columns("statements"):
        conditions |= {f"{column.name}: {check}": cond for check, cond in column_conditions(column).items()}
    conditions |= frame_conditions()
    problems += _failures(statements, conditions)
    duplicated = statements.groupBy("statement_id").count().where(f.col("count") > 1).limit(EXAMPLES).collect()
    if duplicated:
        problems.append(f"statements table: statement_id: unique fails (e.g. {', '.join(r[0] for r in duplicated)})")
    if articles is not None:
        joined = statements.join(articles.select("article_id", "article_text"), "article_id", "left")
        length = f.col("char_end") - f.col("char_start")
        at_offsets = f.expr("substring(article_text, char_start + 1, char_end - char_start)")
        span_checks = {
            "span_within_article": f.col("char_end") <= f.length(f.col("article_text")),
            "text_equals_article_at_offsets": (at_offsets == f.col("text")) & (length > 0),
        }
        assert list(span_checks) == list(SPAN_CHECKS)
        problems += _failures(joined, span_checks)
    return problems
