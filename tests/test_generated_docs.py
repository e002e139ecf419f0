"""Generated files stay in step with their sources; a failure says which command regenerates them."""

from __future__ import annotations

from pathlib import Path

from dprk_ru_statements.checks.validate import validate
from dprk_ru_statements.contract.columns import ARROW_TYPES, meanings
from dprk_ru_statements.contract.jsonschema import render_all
from dprk_ru_statements.contract.vocab import schema_dir, vocabularies
from dprk_ru_statements.core.paths import Project
from dprk_ru_statements.release.card import ARROW_TO_FEATURE
from dprk_ru_statements.release.report import make_report, render
from dprk_ru_statements.tables.table import ARTICLE_COLUMNS, STATEMENT_COLUMNS, tables_of

from .conftest import REPO


def test_json_schemas_match_the_models() -> None:
    for path, text in render_all(REPO / "schema").items():
        assert path.read_text("utf-8") == text, f"{path.name} is stale: run `dprk-ru-statements schema`"


def test_datasheet_matches_the_data() -> None:
    project = Project(REPO)
    corpus, problems = validate(project)
    assert problems == []
    expected = render("DATASHEET.md.tmpl", make_report(project, tables_of(corpus)).context("docs/figures"))
    assert (REPO / "DATASHEET.md").read_text("utf-8") == expected, "DATASHEET.md is stale: run `python build.py`"


def test_every_built_column_is_declared_with_a_meaning() -> None:
    corpus, problems = validate(Project(REPO))
    assert problems == []
    tables = tables_of(corpus)
    for table, built in (("statements", tables.statements), ("articles", tables.articles)):
        declared = meanings(table)
        assert built.column_names == list(declared), f"{table}: the build writes what columns.yaml declares"
        assert all(len(meaning) > 10 for meaning in declared.values()), table


def test_codebook_defines_every_label() -> None:
    codebook = (schema_dir() / "codebook.md").read_text("utf-8")
    vocab = vocabularies()
    for label in [*vocab.claim_type, *vocab.quote_kind, *vocab.speaker_type, *vocab.not_statement_reason]:
        assert f"| `{label}` |" in codebook, f"the codebook has no table row for {label!r}"
    assert sorted(vocab.claim_type_precedence) == sorted(vocab.claim_type)


def test_arrow_types_are_the_published_ones() -> None:
    used = set(STATEMENT_COLUMNS.values()) | set(ARTICLE_COLUMNS.values())
    assert used <= set(ARROW_TYPES.values())
    assert used <= set(ARROW_TO_FEATURE), "the card can write every type the release uses"


def test_figures_in_the_datasheet_exist() -> None:
    datasheet = (REPO / "DATASHEET.md").read_text("utf-8")
    for name in ("by_country_and_claim_type.png", "over_time.png"):
        assert f"docs/figures/{name}" in datasheet
        assert Path(REPO / "docs" / "figures" / name).is_file()


def test_long_tables_in_the_documents_show_their_first_rows_and_say_where_the_rest_are() -> None:
    from dprk_ru_statements.release.report import LISTED_ROWS, listed

    rows = [(f"article-{n:06d}", n) for n in range(LISTED_ROWS + 7)]
    text = listed(["article", "statements"], rows, "articles are in `data/articles.parquet`")
    assert text.count("\n| article-") == LISTED_ROWS
    assert text.endswith("The other 7 articles are in `data/articles.parquet`.")
    assert listed(["article", "statements"], rows[:3], "unused") == listed(["article", "statements"], rows[:3], "x")
