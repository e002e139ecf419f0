"""The build's check of the whole corpus: same tables as loading it whole, in workers or not, and a
cache that reuses only what did not change."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from dprk_ru_statements.checks.validate import validate
from dprk_ru_statements.core.paths import Project
from dprk_ru_statements.tables import assemble as assembly
from dprk_ru_statements.tables import buildcache
from dprk_ru_statements.tables.assemble import assemble
from dprk_ru_statements.tables.table import Tables, tables_of

from .conftest import REPO, SHIPPED

sys.path.insert(0, str(REPO / "benchmarks"))
import synthetic

ARTICLE = "us-senators-express-concern"


def same(first: Tables, second: Tables) -> None:
    for name in ("statements", "articles", "uncovered"):
        assert getattr(first, name).equals(getattr(second, name)), name


def checked_ids(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ids that the next assemble() checks (in this process: below PARALLEL_FROM)."""
    seen: list[str] = []
    original = assembly.check_articles

    def recording(root: Path, article_ids: list[str]) -> assembly.Chunk:
        seen.extend(article_ids)
        return original(root, article_ids)

    monkeypatch.setattr(assembly, "check_articles", recording)
    return seen


def test_tables_equal_those_of_the_corpus_loaded_whole(project: Project) -> None:
    corpus, problems = validate(project)
    assert problems == []
    tables, problems = assemble(project, cache=False)
    assert problems == [] and tables is not None
    same(tables, tables_of(corpus))
    assert tables.statements.num_rows == SHIPPED.statements and tables.articles.num_rows == SHIPPED.articles


def test_two_workers_give_the_same_tables_as_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checkout = synthetic.generate(tmp_path / "synthetic", 40)
    project = Project(checkout.root)
    alone, problems = assemble(project, workers=1, cache=False)
    assert problems == [] and alone is not None
    monkeypatch.setattr(assembly, "PARALLEL_FROM", 0)
    monkeypatch.setattr(assembly, "CHUNK", 7)  # several chunks per worker, the last one short
    parallel, problems = assemble(project, workers=2, cache=False)
    assert problems == [] and parallel is not None
    same(parallel, alone)
    assert parallel.statements.num_rows == checkout.counts.statements


def test_rebuild_rechecks_only_the_edited_article(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = assemble(project)
    assert (project.root / ".cache" / "build" / "current").is_file()
    path = project.annotation_path(ARTICLE)
    path.write_text(path.read_text("utf-8").replace("claim_type: concern", "claim_type: warning", 1), "utf-8")
    seen = checked_ids(monkeypatch)
    second, problems = assemble(project)
    assert problems == [] and first is not None and second is not None
    assert seen == [ARTICLE]
    corpus, _ = validate(project)
    same(second, tables_of(corpus))  # the edit is in, the rest came from the cache unchanged
    assert second.statements.column("claim_type").to_pylist() != first.statements.column("claim_type").to_pylist()


def test_unchanged_corpus_is_read_from_the_cache_alone(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = assemble(project)
    seen = checked_ids(monkeypatch)
    second, _ = assemble(project)
    assert seen == [] and first is not None and second is not None
    same(second, first)


def test_an_edit_that_breaks_a_span_is_reported_with_its_line(project: Project) -> None:
    assemble(project)
    path = project.annotation_path(ARTICLE)
    text = path.read_text("utf-8")
    end = re.search(r"char_end: (\d+)", text)
    assert end is not None
    path.write_text(text.replace(end.group(0), f"char_end: {int(end.group(1)) - 1}", 1), "utf-8")
    tables, problems = assemble(project)
    assert tables is None
    assert [(p.path, p.field) for p in problems] == [(f"annotations/{ARTICLE}.yaml", "text")]
    assert problems[0].line > 1  # the slow re-check gave the real line


def test_a_registry_change_is_checked_against_cached_rows(project: Project) -> None:
    assemble(project)
    registry = project.speakers
    text = registry.read_text("utf-8")
    registry.write_text(text.replace("country: USA", "country: CAN", 1), "utf-8")
    tables, problems = assemble(project)
    assert tables is None
    assert {p.field for p in problems} == {"country"}
    assert all(p.path.startswith("annotations/") and "differs from the registry's 'CAN'" in p.message for p in problems)


def test_new_code_or_schema_invalidates_every_entry(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    assemble(project)
    monkeypatch.setattr(buildcache, "fingerprint", lambda: "another version of the code")
    seen = checked_ids(monkeypatch)
    tables, _ = assemble(project)
    assert sorted(seen) == sorted(p.name.removesuffix(".yaml") for p in project.annotations.glob("*.yaml"))
    assert tables is not None and tables.statements.num_rows == SHIPPED.statements


def test_a_damaged_cache_costs_a_full_check_not_a_wrong_result(project: Project) -> None:
    first, _ = assemble(project)
    folder = project.root / ".cache" / "build"
    generation = folder / (folder / "current").read_text("utf-8")
    (generation / "statements.arrow").write_bytes(b"not arrow at all")
    second, problems = assemble(project)
    assert problems == [] and first is not None and second is not None
    same(second, first)


def test_a_cached_table_with_another_schema_is_not_used(project: Project) -> None:
    assemble(project)
    folder = project.root / ".cache" / "build"
    generation = folder / (folder / "current").read_text("utf-8")
    wrong = pa.table({"statement_id": ["x.s01"]})
    with pa.OSFile(str(generation / "statements.arrow"), "wb") as sink, pa.ipc.new_file(sink, wrong.schema) as w:
        w.write_table(wrong)
    tables, problems = assemble(project)
    assert problems == [] and tables is not None and tables.statements.num_rows == SHIPPED.statements


def test_the_table_check_sees_every_row_cold_and_only_new_rows_warm(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dprk_ru_statements.contract import table_schema

    checked: list[int] = []
    original = table_schema.check_tables

    def counting(statements: pa.Table, articles: pa.Table) -> list:
        checked.append(statements.num_rows)
        return original(statements, articles)

    monkeypatch.setattr(table_schema, "check_tables", counting)
    assemble(project)
    assemble(project)  # nothing changed: no table check at all
    path = project.annotation_path(ARTICLE)
    path.write_text(path.read_text("utf-8").replace("claim_type: concern", "claim_type: warning", 1), "utf-8")
    tables, _ = assemble(project)
    assert tables is not None
    edited = pc.sum(pc.equal(tables.statements.column("article_id"), ARTICLE)).as_py()
    assert checked == [SHIPPED.statements, edited]


def test_nothing_is_cached_when_the_table_check_fails(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from dprk_ru_statements.contract import table_schema
    from dprk_ru_statements.core.problems import Problem

    failing = [Problem("statements table", 0, "text", "statement x: check failed")]
    monkeypatch.setattr(table_schema, "check_tables", lambda *_: failing)
    tables, problems = assemble(project)
    assert tables is None and problems == failing
    assert not (project.root / ".cache" / "build" / "current").exists()
    monkeypatch.undo()
    tables, problems = assemble(project)  # every article is checked again, and passes
    assert problems == [] and tables is not None


def test_a_registry_edit_rechecks_cached_rows_against_it(project: Project) -> None:
    assemble(project)
    registry = project.speakers
    registry.write_text(registry.read_text("utf-8") + "", "utf-8")  # same content: rows stay trusted
    assert assemble(project)[1] == []
    text = registry.read_text("utf-8")
    registry.write_text(text.replace("speaker_type: person", "speaker_type: group", 1), "utf-8")
    tables, problems = assemble(project)
    assert tables is None and problems and all(p.field == "speaker_type" for p in problems)


def test_reading_ahead_passes_over_files_that_are_not_there(project: Project) -> None:
    project.text_path(ARTICLE).unlink()
    assert assembly._read_ahead(project, [ARTICLE, "no-such-article"]) is None
