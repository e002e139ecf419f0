"""What changed between two releases, by id and field, and the version bump that change needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..core.markdown import table
from ..core.versions import Version

# The article text column: `text` until 1.x, `article_text` since 2.0.0 (it no longer collides
# with the statements' `text` in a join).
TEXT_COLUMNS = frozenset({"text", "article_text"})


@dataclass
class Snapshot:
    """The records of one release: each split's statements and the articles, as Arrow tables
    sorted by id (as a release stores them)."""

    version: str
    statements: dict[str, pa.Table]  # split -> its statements
    articles: pa.Table
    columns: dict[str, dict[str, str]]  # table -> column -> Arrow type


def type_name(kind: pa.DataType) -> str:
    """A column type as readers see it: a list's element field name (`item` in memory, `element`
    once written to Parquet) is not part of it."""
    return f"list<{type_name(kind.value_type)}>" if pa.types.is_list(kind) else str(kind)


def snapshot_of_tables(version: str, splits: dict[str, pa.Table], articles: pa.Table) -> Snapshot:
    any_split = next(iter(splits.values()))
    return Snapshot(
        version,
        dict(splits),
        # An article's text is compared by its sha256 (checked against the text by every build):
        # reading 400 MB of texts back from the previous release only to compare them costs seconds.
        articles.drop_columns([name for name in TEXT_COLUMNS if name in articles.column_names]),
        {
            "statements": {f.name: type_name(f.type) for f in any_split.schema},
            "articles": {f.name: type_name(f.type) for f in articles.schema},
        },
    )


def read_snapshot(folder: Path) -> Snapshot:
    splits = {p.stem: pq.read_table(p) for p in sorted((folder / "data" / "statements").glob("*.parquet"))}
    articles = pq.ParquetFile(folder / "data" / "articles.parquet")
    without_text = [name for name in articles.schema_arrow.names if name not in TEXT_COLUMNS]
    snapshot = snapshot_of_tables(folder.name, splits, articles.read(columns=without_text))
    snapshot.columns["articles"] = {f.name: type_name(f.type) for f in articles.schema_arrow}
    return snapshot


@dataclass
class ReleaseDiff:
    old: str
    new: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[tuple[str, Any, Any]]] = field(default_factory=dict)  # id -> (field, old, new)
    moved: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (old split, new split)
    articles_added: list[str] = field(default_factory=list)
    articles_removed: list[str] = field(default_factory=list)
    articles_changed: dict[str, list[str]] = field(default_factory=dict)  # id -> changed fields
    columns: list[str] = field(default_factory=list)  # "table.column: what changed"

    def required_bump(self) -> str:
        """The smallest version bump this change allows (the policy in CONTRIBUTING.md)."""
        if self.removed or self.changed or self.moved or self.articles_removed or self.articles_changed or self.columns:
            return "major"
        if self.added or self.articles_added:
            return "minor"
        return "patch"

    def summary(self) -> str:
        counts = [
            (len(self.added), "added"),
            (len(self.removed), "removed"),
            (len(self.changed), "changed"),
            (len(self.moved), "moved between splits"),
        ]
        text = ", ".join(f"{n} statement(s) {what}" for n, what in counts if n) or "no statement changed"
        if self.articles_added:
            text += f"; {len(self.articles_added)} article(s) added"
        return text

    def markdown(self) -> str:
        lines = [f"Changes from {self.old} to {self.new}: {self.summary()} (needs a {self.required_bump()} bump)."]
        rows: list[tuple[str, str, str]] = [(i, "added", "") for i in self.added]
        rows += [(i, "removed", "") for i in self.removed]
        rows += [(i, "moved", f"split {a} → {b}") for i, (a, b) in self.moved.items()]
        rows += [
            (i, "changed", "; ".join(f"{f}: {_shown(o)} → {_shown(n)}" for f, o, n in c))
            for i, c in self.changed.items()
        ]
        rows += [(i, "article added", "") for i in self.articles_added]
        rows += [(i, "article removed", "") for i in self.articles_removed]
        rows += [(i, "article changed", ", ".join(f)) for i, f in self.articles_changed.items()]
        rows += [(c, "column", "") for c in self.columns]
        if rows:
            lines += ["", table(["id", "change", "details"], sorted(rows))]
        return "\n".join(lines)


def _shown(value: Any) -> str:
    """A value as a reader writes it: dates in ISO form, not as Python reprs."""
    return repr(value.isoformat()) if isinstance(value, dt.date) else repr(value)


def _field_changes(old: dict[str, Any], new: dict[str, Any], skip: set[str]) -> list[tuple[str, Any, Any]]:
    return [
        (name, old.get(name), new.get(name))
        for name in sorted(set(old) | set(new))
        if name not in skip and old.get(name) != new.get(name)
    ]


def _ids(table: pa.Table, key: str, mask: pa.ChunkedArray | pa.Array) -> list[str]:
    return sorted(table.column(key).filter(mask).to_pylist())


def _same(old: pa.ChunkedArray, new: pa.ChunkedArray) -> pa.Array:
    """Row by row: equal values, or both null."""
    # A changed column type, or a list column (Arrow has no `equal` for lists): compare the
    # Python values, as readers see them.
    if old.type != new.type or pa.types.is_list(old.type):
        return pa.array([a == b for a, b in zip(old.to_pylist(), new.to_pylist(), strict=True)], pa.bool_())
    both_null = pc.and_(pc.is_null(old), pc.is_null(new))
    return pc.or_(pc.fill_null(pc.equal(old, new), False), both_null)


def _compare(old: pa.Table, new: pa.Table, key: str) -> tuple[list[str], list[str], list[tuple[dict, dict]]]:
    """Ids added and removed, and the (old, new) rows of common ids that differ in any column.

    Both tables are sorted by `key` (releases are), so the rows of the common ids line up once
    the others are left out: columns are compared whole, and only rows that differ become Python.
    """
    in_old = pc.is_in(new.column(key), value_set=old.column(key))
    in_new = pc.is_in(old.column(key), value_set=new.column(key))
    added, removed = _ids(new, key, pc.invert(in_old)), _ids(old, key, pc.invert(in_new))
    old_common = old.filter(in_new) if removed else old
    new_common = new.filter(in_old) if added else new
    differs = pa.array([False] * old_common.num_rows, pa.bool_())
    for name in sorted(set(old.column_names) | set(new.column_names)):
        if name not in old.column_names or name not in new.column_names:
            differs = pa.array([True] * old_common.num_rows, pa.bool_())  # every row gains or loses a field
            continue
        differs = pc.or_(differs, pc.invert(_same(old_common.column(name), new_common.column(name))))
    before, after = old_common.filter(differs).to_pylist(), new_common.filter(differs).to_pylist()
    return added, removed, list(zip(before, after, strict=True))


def _rows_by_id(tables: dict[str, pa.Table], ids: set[str]) -> dict[str, dict[str, Any]]:
    wanted = pa.array(sorted(ids), pa.string())
    return {
        row["statement_id"]: row | {"split": split}
        for split, table in tables.items()
        for row in table.filter(pc.is_in(table.column("statement_id"), value_set=wanted)).to_pylist()
    }


def diff(old: Snapshot, new: Snapshot) -> ReleaseDiff:
    result = ReleaseDiff(old.version, new.version)
    added: set[str] = set()
    removed: set[str] = set()
    empty = next(iter(new.statements.values())).schema.empty_table()
    for split in sorted(set(old.statements) | set(new.statements)):
        before_table, after_table = old.statements.get(split, empty), new.statements.get(split, empty)
        split_added, split_removed, changed = _compare(before_table, after_table, "statement_id")
        added.update(split_added)
        removed.update(split_removed)
        for before, after in changed:
            result.changed[before["statement_id"]] = _field_changes(before, after, skip=set())
    # A statement that left one split and arrived in another moved (and may have changed too).
    moved = added & removed
    if moved:
        before_rows, after_rows = _rows_by_id(old.statements, moved), _rows_by_id(new.statements, moved)
        for statement_id in sorted(moved):
            before, after = before_rows[statement_id], after_rows[statement_id]
            result.moved[statement_id] = (before["split"], after["split"])
            changes = _field_changes(before, after, skip={"split"})
            if changes:
                result.changed[statement_id] = changes
    result.changed = dict(sorted(result.changed.items()))
    result.added, result.removed = sorted(added - moved), sorted(removed - moved)
    result.articles_added, result.articles_removed, changed = _compare(old.articles, new.articles, "article_id")
    for before, after in changed:
        # num_statements follows from statements already compared; split moves show as statement moves.
        changes = [
            name
            for name, _, _ in _field_changes(
                before, after, {"num_statements", "num_utterances", "split", "article_split"}
            )
        ]
        if "sha256" in changes and TEXT_COLUMNS & set(old.columns["articles"]) & set(new.columns["articles"]):
            changes = sorted([*changes, "article_text"])  # the sha256 is the text's
        if changes:
            result.articles_changed[before["article_id"]] = changes
    for name in ("statements", "articles"):
        before, after = old.columns[name], new.columns[name]
        result.columns += [f"{name}.{c}: removed" for c in before if c not in after]
        result.columns += [f"{name}.{c}: added" for c in after if c not in before]
        result.columns += [
            f"{name}.{c}: {before[c]} → {after[c]}" for c in before if c in after and before[c] != after[c]
        ]
    return result


def version_bump(old: str, new: str) -> str | None:
    """'major', 'minor' or 'patch' for a step from `old` to `new`; None if `new` is not greater."""
    return Version.parse(new).bump_from(Version.parse(old))
