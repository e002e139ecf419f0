"""The pandera check of the assembled tables, run in chunks that never split an article."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from dprk_ru_statements.contract import table_schema
from dprk_ru_statements.core.paths import Project
from dprk_ru_statements.tables.assemble import assemble
from dprk_ru_statements.tables.table import Tables

from .conftest import REPO


@pytest.fixture(scope="module")
def tables() -> Tables:
    assembled, problems = assemble(Project(REPO), cache=False)
    assert problems == [] and assembled is not None
    return assembled


def replace(table: pa.Table, column: str, row: int, value: object) -> pa.Table:
    values = table.column(column).to_pylist()
    values[row] = value
    return table.set_column(
        table.schema.get_field_index(column), column, pa.array(values, table.schema.field(column).type)
    )


@pytest.mark.parametrize("chunk_rows", [1, 7, 1_000_000])
def test_the_shipped_tables_pass_in_any_chunking(
    tables: Tables, chunk_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table_schema, "CHECK_ROWS", chunk_rows)
    assert table_schema.check_tables(tables.statements, tables.articles) == []


def test_chunks_end_only_where_an_article_ends(tables: Tables) -> None:
    ids = tables.statements.column("article_id")
    for stop in range(1, tables.statements.num_rows):
        boundary = table_schema._article_boundary(ids, stop)
        assert boundary == tables.statements.num_rows or ids[boundary] != ids[boundary - 1]
        assert boundary >= stop


@pytest.mark.parametrize("chunk_rows", [2, 1_000_000])
def test_a_span_that_is_not_the_article_text_is_named(
    tables: Tables, chunk_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table_schema, "CHECK_ROWS", chunk_rows)
    statements = replace(tables.statements, "text", 10, "words nobody wrote")
    problems = table_schema.check_tables(statements, tables.articles)
    wrong = statements.column("statement_id")[10].as_py()
    assert [str(p) for p in problems] == [
        f"statements table:0: text_equals_article_at_offsets: statement {wrong}: text_equals_article_at_offsets failed"
    ]


@pytest.mark.parametrize("chunk_rows", [2, 1_000_000])
def test_a_duplicate_id_is_caught_however_the_table_is_chunked(
    tables: Tables, chunk_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table_schema, "CHECK_ROWS", chunk_rows)
    first = tables.statements.column("statement_id")[0].as_py()
    statements = replace(tables.statements, "statement_id", 1, first)  # same article, next row
    problems = table_schema.check_tables(statements, tables.articles)
    assert any(p.field == "statement_id" and "field_uniqueness" in p.message for p in problems)


def test_a_date_that_does_not_fit_its_precision_is_named(tables: Tables) -> None:
    dated = pc.index(tables.statements.column("date_precision"), "day").as_py()
    statements = replace(tables.statements, "date", dated, "2024-05")
    problems = table_schema.check_tables(statements, tables.articles)
    wrong = statements.column("statement_id")[dated].as_py()
    assert [p.field for p in problems] == ["date_fits_precision"]
    assert wrong in problems[0].message
