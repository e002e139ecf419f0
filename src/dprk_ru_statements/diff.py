"""What changed between two releases, by id and field, and the version bump that change needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .markdown import table

BUMPS = ["patch", "minor", "major"]


@dataclass
class Snapshot:
    """The records of one release: statements (with their split) and articles, by id."""

    version: str
    statements: dict[str, dict[str, Any]]
    articles: dict[str, dict[str, Any]]
    columns: dict[str, dict[str, str]]  # table -> column -> Arrow type


def snapshot_of_tables(version: str, splits: dict[str, pa.Table], articles: pa.Table) -> Snapshot:
    statements = {row["statement_id"]: row | {"split": split} for split, t in splits.items() for row in t.to_pylist()}
    any_split = next(iter(splits.values()))
    return Snapshot(
        version,
        statements,
        {row["article_id"]: row for row in articles.to_pylist()},
        {
            "statements": {f.name: str(f.type) for f in any_split.schema},
            "articles": {f.name: str(f.type) for f in articles.schema},
        },
    )


def read_snapshot(folder: Path) -> Snapshot:
    splits = {p.stem: pq.read_table(p) for p in sorted((folder / "data" / "statements").glob("*.parquet"))}
    return snapshot_of_tables(folder.name, splits, pq.read_table(folder / "data" / "articles.parquet"))


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
        rows += [(i, "changed", "; ".join(f"{f}: {o!r} → {n!r}" for f, o, n in c)) for i, c in self.changed.items()]
        rows += [(i, "article added", "") for i in self.articles_added]
        rows += [(i, "article removed", "") for i in self.articles_removed]
        rows += [(i, "article changed", ", ".join(f)) for i, f in self.articles_changed.items()]
        rows += [(c, "column", "") for c in self.columns]
        if rows:
            lines += ["", table(["id", "change", "details"], sorted(rows))]
        return "\n".join(lines)


def _field_changes(old: dict[str, Any], new: dict[str, Any], skip: set[str]) -> list[tuple[str, Any, Any]]:
    return [
        (name, old.get(name), new.get(name))
        for name in sorted(set(old) | set(new))
        if name not in skip and old.get(name) != new.get(name)
    ]


def diff(old: Snapshot, new: Snapshot) -> ReleaseDiff:
    result = ReleaseDiff(old.version, new.version)
    result.added = sorted(set(new.statements) - set(old.statements))
    result.removed = sorted(set(old.statements) - set(new.statements))
    for statement_id in sorted(set(old.statements) & set(new.statements)):
        before, after = old.statements[statement_id], new.statements[statement_id]
        if before["split"] != after["split"]:
            result.moved[statement_id] = (before["split"], after["split"])
        changes = _field_changes(before, after, skip={"split"})
        if changes:
            result.changed[statement_id] = changes
    result.articles_added = sorted(set(new.articles) - set(old.articles))
    result.articles_removed = sorted(set(old.articles) - set(new.articles))
    for article_id in sorted(set(old.articles) & set(new.articles)):
        # num_statements follows from statements already compared; split moves show as statement moves.
        changes = _field_changes(old.articles[article_id], new.articles[article_id], {"num_statements", "split"})
        if changes:
            result.articles_changed[article_id] = [name for name, _, _ in changes]
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
    a, b = (tuple(int(part) for part in v.split(".")) for v in (old, new))
    if b <= a:
        return None
    return "major" if b[0] > a[0] else "minor" if b[1] > a[1] else "patch"
