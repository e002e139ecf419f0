"""A rebuild that diffs only the changed articles and keeps unchanged files' pages gives the same
release, byte for byte, as a build that reads and writes everything."""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dprk_ru_statements.core.paths import Project
from dprk_ru_statements.release import parquet_files
from dprk_ru_statements.release import publish as releasing
from dprk_ru_statements.release.publish import Release, publish

from .conftest import bump_version, replace_in


def _files(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def assert_same_release(one: Path, other: Path) -> None:
    assert _files(one) == _files(other)
    _, mismatch, errors = filecmp.cmpfiles(one, other, _files(one), shallow=False)
    assert (mismatch, errors) == ([], [])


def test_new_footer_over_old_pages_is_what_writing_gives(release: Release, tmp_path: Path, monkeypatch) -> None:
    statements = pq.read_table(release.path / "data" / "statements" / "train.parquet")
    monkeypatch.setitem(parquet_files.PARQUET_OPTIONS, "row_group_size", 7)  # several row groups
    parquet_files.write_parquet(statements, tmp_path / "old.parquet", {b"version": b"1.0.0"})
    parquet_files.write_parquet(statements, tmp_path / "written.parquet", {b"version": b"2.0.0"})
    parquet_files.write_with_pages_of(
        tmp_path / "old.parquet", tmp_path / "reused.parquet", statements.schema, {b"version": b"2.0.0"}
    )
    assert pq.ParquetFile(tmp_path / "written.parquet").num_row_groups > 2
    assert (tmp_path / "reused.parquet").read_bytes() == (tmp_path / "written.parquet").read_bytes()
    assert not (tmp_path / "reused.parquet.footer").exists()


def test_pages_are_not_put_under_another_schema(release: Release, tmp_path: Path) -> None:
    statements = pq.read_table(release.path / "data" / "statements" / "train.parquet")
    parquet_files.write_parquet(statements, tmp_path / "old.parquet", {})
    other = statements.schema.remove(statements.schema.get_field_index("note"))
    with pytest.raises((RuntimeError, pa.ArrowException)):  # pyarrow: "AppendRowGroups requires equal schemas"
        parquet_files.write_with_pages_of(tmp_path / "old.parquet", tmp_path / "new.parquet", other, {})


class Spy:
    """Counts the files written over old pages."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.reused: list[str] = []
        original = releasing.write_with_pages_of

        def spy(old: Path, path: Path, *args: object) -> None:
            self.reused.append(f"{path.parent.name}/{path.name}")
            original(old, path, *args)

        monkeypatch.setattr(releasing, "write_with_pages_of", spy)


def _edit_one_statement(root: Path) -> None:
    annotation = root / "annotations" / "us-allies-warn-military-cooperation.yaml"
    replace_in(annotation, "claim_type: assessment", "claim_type: warning")
    bump_version(root, "3.0.0")


def _next_release_both_ways(project: Project, tmp_path: Path, change) -> tuple[Release, Release]:
    """`change` applied after a first release; then the next release built with the cache (and
    the previous release) and, from a copy of the same previous release, without the cache."""
    dist, plain = tmp_path / "dist", tmp_path / "plain"
    first = publish(project, dist=dist)
    shutil.copytree(first.path, plain / first.path.name, copy_function=shutil.copy2)
    change(project.root)
    reused = publish(project, dist=dist)
    written = publish(project, dist=plain, cache=False)
    return reused, written


def test_one_edit_rewrites_one_split_and_gives_the_full_builds_bytes(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(monkeypatch)
    reused, written = _next_release_both_ways(project, tmp_path, _edit_one_statement)
    edited_split = "validation"  # us-allies-warn-military-cooperation's split
    assert sorted(spy.reused) == ["data/articles.parquet"] + [
        f"statements/{s}.parquet" for s in ("test", "train") if s != edited_split
    ]
    assert_same_release(reused.path, written.path)
    assert "changed" in (reused.path / "README.md").read_text("utf-8")


def test_an_added_article_diffs_and_writes_as_a_full_build(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(monkeypatch)

    def add_a_copy(root: Path) -> None:  # an article more, under a new id (add-article refuses a copy)
        old, new = "us-senators-express-concern", "us-senators-express-concern-again"
        for folder, suffix in (("raw", ".txt"), ("raw", ".meta.yaml"), ("annotations", ".yaml")):
            text = (root / folder / f"{old}{suffix}").read_text("utf-8")
            (root / folder / f"{new}{suffix}").write_text(text if suffix == ".txt" else text.replace(old, new), "utf-8")
        bump_version(root, "2.1.0")

    reused, written = _next_release_both_ways(project, tmp_path, add_a_copy)
    assert "data/articles.parquet" not in spy.reused  # an article more: its file is written
    assert "added" in (reused.path / "README.md").read_text("utf-8")
    assert_same_release(reused.path, written.path)


def test_a_touched_previous_release_is_not_built_on(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(monkeypatch)

    def touch_release_then_edit(root: Path) -> None:
        train = tmp_path / "dist" / "2.0.0" / "data" / "statements" / "train.parquet"
        os.utime(train, ns=(0, 0))  # restored, copied or edited: no longer what the marker vouches for
        _edit_one_statement(root)

    reused, written = _next_release_both_ways(project, tmp_path, touch_release_then_edit)
    assert spy.reused == []
    assert_same_release(reused.path, written.path)
