"""pandera models of the assembled tables, derived from schema/columns.yaml: the last check
before anything is written."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc

from ..core.problems import Problem
from .columns import Column, columns
from .models import PATTERNS, check_date_pair
from .vocab import country_codes, vocabularies

# pandas dtypes of the Arrow types; None leaves the dtype to Arrow (dates and lists convert to
# Python objects, and the Parquet schema already fixes their type).
PANDAS_TYPES = {"string": str, "int32": np.int32, "bool": None, "date32": None, "list<string>": None}


def allowed_values(name: str) -> list[str]:
    """The values a column's `label` or `isin` allows."""
    return sorted(country_codes()) if name == "countries" else list(getattr(vocabularies(), name))


def column_checks(column: Column) -> list[pa.Check]:
    checks = []
    if column.allowed:
        checks.append(pa.Check.isin(allowed_values(column.allowed)))
    if column.matches:
        checks.append(pa.Check.str_matches(PATTERNS[column.matches]))
    if column.min_length is not None:
        checks.append(pa.Check.str_length(min_value=column.min_length))
    if column.ge is not None:
        checks.append(pa.Check.ge(column.ge))
    if column.gt is not None:
        checks.append(pa.Check.gt(column.gt))
    return checks


def _end_after_start(df: pd.DataFrame) -> pd.Series:
    return df["char_end"] > df["char_start"]


def _statement_id_starts_with_article_id(df: pd.DataFrame) -> pd.Series:
    pairs = zip(df["statement_id"].tolist(), df["article_id"].tolist(), strict=True)
    return pd.Series([s.startswith(f"{a}.") for s, a in pairs], index=df.index)


def _date_fits_precision(df: pd.DataFrame) -> pd.Series:
    # Checked once per distinct (date, precision): a million statements have a few thousand.
    dates = df["date"].astype(object).where(df["date"].notna(), None).tolist()
    pairs = list(zip(dates, df["date_precision"].tolist(), strict=True))
    fits = {pair: check_date_pair(*pair) is None for pair in set(pairs)}
    return pd.Series([fits[pair] for pair in pairs], index=df.index)


def _bounds_in_order(df: pd.DataFrame) -> pd.Series:
    pairs = zip(df["date_not_before"].tolist(), df["date_not_after"].tolist(), strict=True)
    return pd.Series([pd.isna(b) or pd.isna(a) or b <= a for b, a in pairs], index=df.index)


def _repeat_in_article(df: pd.DataFrame) -> pd.Series:
    """A repeat points at another statement of its own article (the id carries the article)."""
    rows = zip(df["repeat_of"].tolist(), df["statement_id"].tolist(), df["article_id"].tolist(), strict=True)
    return pd.Series([pd.isna(r) or (r != s and r.startswith(f"{a}.")) for r, s, a in rows], index=df.index)


FRAME_CHECKS = {
    "end_after_start": _end_after_start,
    "statement_id_starts_with_article_id": _statement_id_starts_with_article_id,
    "date_fits_precision": _date_fits_precision,
    "bounds_in_order": _bounds_in_order,
    "repeat_in_article": _repeat_in_article,
}


def statement_schema() -> pa.DataFrameSchema:
    """The `statements` table of a release, one row per statement, from schema/columns.yaml."""
    return pa.DataFrameSchema(
        {
            c.name: pa.Column(PANDAS_TYPES[c.type], column_checks(c), nullable=c.nullable, unique=c.unique)
            for c in columns("statements")
        },
        checks=[pa.Check(check, name=name) for name, check in FRAME_CHECKS.items()],
        strict=True,
        ordered=True,
        coerce=False,
        name="StatementTable",
    )


def _span_within_article(df: pd.DataFrame) -> pd.Series:
    return df["char_end"] <= df["article_length"]


def _text_equals_article_at_offsets(df: pd.DataFrame) -> pd.Series:
    return df["text"] == df["article_text_at_offsets"]


SPAN_CHECKS = {
    "span_within_article": _span_within_article,
    "text_equals_article_at_offsets": _text_equals_article_at_offsets,
}


def with_article_text(schema: pa.DataFrameSchema) -> pa.DataFrameSchema:
    """Statements with what their article holds at their offsets, to check every span against it.

    The article's length and its text at the statement's offsets are looked up per row, not the
    whole article text: a million rows repeating 4 KB articles would not fit in memory.
    """
    extended = schema.add_columns({"article_length": pa.Column(np.int64), "article_text_at_offsets": pa.Column(str)})
    extended.checks = [*schema.checks, *(pa.Check(check, name=name) for name, check in SPAN_CHECKS.items())]
    return extended


STATEMENT_SCHEMA = statement_schema()
STATEMENT_WITH_ARTICLE_TEXT = with_article_text(STATEMENT_SCHEMA)


CHECK_ROWS = 20_000  # statements per pandera call: memory stays bounded (100,000 took 200 MB more)


def check_tables(statements: pyarrow.Table, articles: pyarrow.Table) -> list[Problem]:
    """Every failure of the table model, as problems naming the release table and row.

    `statements` is sorted by id, so each article's statements are contiguous (ids are the article
    id, a dot, and a number; article ids have no dot). It is checked in chunks that end where an
    article does: `unique` holds within a chunk, and the prefix check keeps ids of different
    articles apart, so together they hold for the whole table.
    """
    problems: list[Problem] = []
    start, count = 0, statements.num_rows
    while start < count:
        stop = _article_boundary(statements.column("article_id"), min(start + CHECK_ROWS, count))
        problems += _check_chunk(statements.slice(start, stop - start), articles)
        start = stop
    return sorted(set(problems))


def _article_boundary(article_ids: pyarrow.ChunkedArray, stop: int) -> int:
    """`stop`, moved forward to the first row of the next article."""
    while 0 < stop < len(article_ids) and article_ids[stop] == article_ids[stop - 1]:
        stop += 1
    return stop


def _check_chunk(chunk: pyarrow.Table, articles: pyarrow.Table) -> list[Problem]:
    # Only the texts of this chunk's articles, as Python strings, and only while it is checked.
    wanted = pc.is_in(articles.column("article_id"), value_set=pc.unique(chunk.column("article_id")))
    present = articles.filter(wanted).select(["article_id", "article_text"])
    texts = dict(zip(present.column("article_id").to_pylist(), present.column("article_text").to_pylist(), strict=True))
    frame = chunk.to_pandas()
    rows = zip(frame["article_id"].tolist(), frame["char_start"].tolist(), frame["char_end"].tolist(), strict=True)
    at_offsets = [texts[article][start:end] for article, start, end in rows]
    checked = frame.assign(
        article_length=frame["article_id"].map({a: len(t) for a, t in texts.items()}).astype(np.int64),
        article_text_at_offsets=pd.Series(at_offsets, index=frame.index, dtype=frame["text"].dtype),
    )
    try:
        STATEMENT_WITH_ARTICLE_TEXT.validate(checked, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return _problems(errors.failure_cases, frame)
    return []


def _problems(cases: pd.DataFrame, statements: pd.DataFrame) -> list[Problem]:
    """One problem per failed check and row (a dataframe check fails once per row, not per column)."""
    problems = {}
    for case in cases.to_dict("records"):
        check, index = str(case["check"]), case.get("index")
        row = None if pd.isna(index) else int(index)
        where = f"statement {statements['statement_id'].iloc[row]}" if row is not None else "table"
        column = case.get("column")
        is_frame_check = case.get("schema_context") == "DataFrameSchema" and check in _FRAME_CHECKS
        field = check if is_frame_check or not isinstance(column, str) else column
        value = "" if is_frame_check else f" for {case.get('failure_case')!r}"
        problems[(field, row)] = Problem(
            "statements table", 0, field, f"{where}: {check} failed{value}", code="table-check"
        )
    return sorted(problems.values())


_FRAME_CHECKS = set(FRAME_CHECKS) | set(SPAN_CHECKS)
