"""pandera models of the assembled tables: the last check before anything is written."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc
from pandera.typing import Series

from .models import ARTICLE_ID, STATEMENT_ID, check_date_pair
from .problems import Problem
from .vocab import country_codes, vocabularies

_vocab = vocabularies()


class StatementTable(pa.DataFrameModel):
    """The `statements` table of a release, one row per statement."""

    statement_id: Series[str] = pa.Field(unique=True, str_matches=STATEMENT_ID)
    article_id: Series[str] = pa.Field(str_matches=ARTICLE_ID)
    speaker: Series[str] = pa.Field(str_length={"min_value": 1})
    speaker_type: Series[str] = pa.Field(isin=list(_vocab.speaker_type))
    affiliation: Series[str] = pa.Field(nullable=True)
    country: Series[str] = pa.Field(nullable=True, isin=sorted(country_codes()))
    date: Series[str] = pa.Field(nullable=True)
    date_precision: Series[str] = pa.Field(isin=list(_vocab.date_precision))
    venue: Series[str] = pa.Field(nullable=True)
    claim_type: Series[str] = pa.Field(isin=list(_vocab.claim_type))
    quote_kind: Series[str] = pa.Field(isin=list(_vocab.quote_kind))
    text: Series[str] = pa.Field(str_length={"min_value": 1})
    char_start: Series[np.int32] = pa.Field(ge=0)
    char_end: Series[np.int32] = pa.Field(gt=0)
    speaker_qid: Series[str] = pa.Field(nullable=True, str_matches=r"^Q[1-9][0-9]*$")
    note: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        ordered = True
        coerce = False

    @pa.dataframe_check
    def end_after_start(cls, df: pd.DataFrame) -> Series[bool]:
        return df["char_end"] > df["char_start"]

    @pa.dataframe_check
    def statement_id_starts_with_article_id(cls, df: pd.DataFrame) -> Series[bool]:
        pairs = zip(df["statement_id"].tolist(), df["article_id"].tolist(), strict=True)
        return pd.Series([s.startswith(f"{a}.") for s, a in pairs], index=df.index)

    @pa.dataframe_check
    def date_fits_precision(cls, df: pd.DataFrame) -> Series[bool]:
        # Checked once per distinct (date, precision): a million statements have a few thousand.
        dates = df["date"].astype(object).where(df["date"].notna(), None).tolist()
        pairs = list(zip(dates, df["date_precision"].tolist(), strict=True))
        fits = {pair: check_date_pair(*pair) is None for pair in set(pairs)}
        return pd.Series([fits[pair] for pair in pairs], index=df.index)


class StatementWithArticleText(StatementTable):
    """Statements with what their article holds at their offsets, to check every span against it.

    The article's length and its text at the statement's offsets are looked up per row, not the
    whole article text: a million rows repeating 4 KB articles would not fit in memory.
    """

    article_length: Series[np.int64]
    article_text_at_offsets: Series[str]

    @pa.dataframe_check
    def span_within_article(cls, df: pd.DataFrame) -> Series[bool]:
        return df["char_end"] <= df["article_length"]

    @pa.dataframe_check
    def text_equals_article_at_offsets(cls, df: pd.DataFrame) -> Series[bool]:
        return df["text"] == df["article_text_at_offsets"]


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
    present = articles.filter(wanted).select(["article_id", "text"])
    texts = dict(zip(present.column("article_id").to_pylist(), present.column("text").to_pylist(), strict=True))
    frame = chunk.to_pandas()
    rows = zip(frame["article_id"].tolist(), frame["char_start"].tolist(), frame["char_end"].tolist(), strict=True)
    at_offsets = [texts[article][start:end] for article, start, end in rows]
    checked = frame.assign(
        article_length=frame["article_id"].map({a: len(t) for a, t in texts.items()}).astype(np.int64),
        article_text_at_offsets=pd.Series(at_offsets, index=frame.index, dtype=frame["text"].dtype),
    )
    try:
        StatementWithArticleText.validate(checked, lazy=True)
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
        problems[(field, row)] = Problem("statements table", 0, field, f"{where}: {check} failed{value}")
    return sorted(problems.values())


_FRAME_CHECKS = {
    name
    for model in (StatementTable, StatementWithArticleText)
    for name in dir(model)
    if not name.startswith("_") and name not in StatementTable.__annotations__
}
