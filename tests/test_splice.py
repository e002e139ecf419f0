"""Putting new articles' rows into cached sorted tables gives what a full sort gives."""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from dprk_ru_statements.tables import splice
from dprk_ru_statements.tables.table import (
    ARTICLE_COLUMNS,
    STATEMENT_COLUMNS,
    UNCOVERED_COLUMNS,
    Tables,
    arrow_schema,
    sorted_tables,
)

# Ids where sorting articles and sorting their statements' ids disagree ("a-b.s01" < "a.s01").
IDS = ["a", "a-b", "a-b-c", "a1", "a-1", "ab", "b", "b-a", "z"]


def article_tables(articles: dict[str, tuple[int, int, str]]) -> Tables:
    """Tables for articles given as id -> (statements, uncovered spans, version label)."""
    statements, rows, spans = [], [], []
    for article_id, (count, uncovered, label) in articles.items():
        rows.append({"article_id": article_id, "split": "train", "headline": label, "sha256": "0", "language": "en"})
        statements += [
            {"statement_id": f"{article_id}.s{n:02d}", "article_id": article_id, "speaker": label, "text": label}
            for n in range(1, count + 1)
        ]
        spans += [
            {"article_id": article_id, "start": 10 * n, "end": 10 * n + 5, "text": label} for n in range(uncovered)
        ]
    return Tables(
        pa.Table.from_pylist(statements, schema=arrow_schema(STATEMENT_COLUMNS)),
        pa.Table.from_pylist(rows, schema=arrow_schema(ARTICLE_COLUMNS)),
        pa.Table.from_pylist(spans, schema=arrow_schema(UNCOVERED_COLUMNS)),
    )


def parts(tables: Tables) -> tuple[pa.Table, pa.Table, pa.Table]:
    return tables.statements, tables.articles, tables.uncovered


shapes = st.tuples(st.integers(0, 12), st.integers(0, 3))


@settings(max_examples=300, deadline=None)
@given(
    old=st.dictionaries(st.sampled_from(IDS), shapes),
    new=st.dictionaries(st.sampled_from(IDS), shapes),
    dropped=st.sets(st.sampled_from(IDS)),
    small_blocks=st.booleans(),
)
def test_splicing_equals_sorting_everything(
    old: dict[str, tuple[int, int]], new: dict[str, tuple[int, int]], dropped: set[str], small_blocks: bool
) -> None:
    # An article checked again replaces its cached rows; one that is gone is only dropped.
    gone = (set(new) | dropped) & set(old)
    cached = sorted_tables(*parts(article_tables({a: (*shape, "old") for a, shape in old.items()})))
    fresh = article_tables({a: (*shape, "new") for a, shape in new.items()})
    kept = {a: (*shape, "old") for a, shape in old.items() if a not in gone}
    expected = sorted_tables(*parts(article_tables(kept | {a: (*shape, "new") for a, shape in new.items()})))
    blocks = splice.MAX_BLOCKS
    splice.MAX_BLOCKS = 2 if small_blocks else blocks  # both ways: slices, and concatenate-and-sort
    try:
        result = splice.replace_articles(cached, gone, fresh)
    finally:
        splice.MAX_BLOCKS = blocks
    for name in ("statements", "articles", "uncovered"):
        assert getattr(result, name).equals(getattr(expected, name)), name
