"""The column-wise diff of releases agrees with a plain row-by-row reference on random changes."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dprk_ru_statements.core.paths import Project
from dprk_ru_statements.release.diff import diff, snapshot_of_tables
from dprk_ru_statements.tables.assemble import assemble
from dprk_ru_statements.tables.table import Splits, Tables

from .conftest import REPO

SPLITS = ["train", "validation", "test"]


@pytest.fixture(scope="module")
def tables() -> Tables:
    assembled, _ = assemble(Project(REPO), cache=False)
    assert assembled is not None
    return assembled


def reference(old: dict[str, list[dict]], new: dict[str, list[dict]]) -> tuple:
    """The diff as rows in dictionaries: what the first implementation did."""

    def by_id(splits: dict[str, list[dict]]) -> dict[str, dict[str, Any]]:
        return {row["statement_id"]: row | {"split": split} for split, rows in splits.items() for row in rows}

    before, after = by_id(old), by_id(new)
    changed, moved = {}, {}
    for statement_id in sorted(set(before) & set(after)):
        a, b = before[statement_id], after[statement_id]
        if a["split"] != b["split"]:
            moved[statement_id] = (a["split"], b["split"])
        fields = [(n, a.get(n), b.get(n)) for n in sorted(set(a) | set(b)) if n != "split" and a.get(n) != b.get(n)]
        if fields:
            changed[statement_id] = fields
    return sorted(set(after) - set(before)), sorted(set(before) - set(after)), changed, moved


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_diff_matches_the_row_by_row_reference(tables: Tables, data: st.DataObject) -> None:
    rows = tables.statements.to_pylist()
    ids = [row["statement_id"] for row in rows]
    old = {split: [] for split in SPLITS}
    new = {split: [] for split in SPLITS}
    for row in rows:
        split = data.draw(st.sampled_from(SPLITS))
        fate = data.draw(st.sampled_from(["same", "same", "same", "edit", "move", "remove", "add"]))
        if fate != "add":
            old[split].append(row)
        if fate == "remove":
            continue
        target = data.draw(st.sampled_from(SPLITS)) if fate == "move" else split
        changed = row | {"claim_type": "warning", "note": None} if fate == "edit" else row
        new[target].append(changed)
    schema = tables.statements.schema

    def as_tables(splits: dict[str, list[dict]]) -> dict[str, pa.Table]:
        return {
            s: pa.Table.from_pylist(sorted(r, key=lambda x: x["statement_id"]), schema=schema)
            for s, r in splits.items()
        }

    result = diff(
        snapshot_of_tables("1.0.0", as_tables(old), tables.articles),
        snapshot_of_tables("2.0.0", as_tables(new), tables.articles),
    )
    added, removed, changed, moved = reference(old, new)
    assert (result.added, result.removed, result.changed, result.moved) == (added, removed, changed, moved)
    assert list(result.changed) == sorted(result.changed) and len(ids) == len(set(ids))


def test_a_release_diffed_with_itself_changes_nothing(tables: Tables) -> None:
    files = Splits.of(tables.statements, tables.articles).tables()
    old, new = (snapshot_of_tables(version, files, tables.articles) for version in ("1.0.0", "1.0.1"))
    result = diff(old, new)
    assert result.required_bump() == "patch" and not (result.added or result.removed or result.changed)
