"""A rebuild that reads and writes only what changed since the previous release.

The build cache knows which articles were checked again since the generation it spliced its rows
from (`Lineage`). When that generation is exactly what the previous release was written from, the
release diff needs only those articles' rows, and a data file none of them changed keeps its data
pages: only its footer, which carries the release's version, is written anew
(`parquet_files.write_with_pages_of`). Both give byte for byte what the full diff and a full write
give; tests build both ways and compare.

"Exactly what the previous release was written from" is a marker the build leaves in the cache
after publishing: the generation its rows were saved as, the code's fingerprint, and the release's
folder with the stat keys of its files. Anything else (another code version, a release copied or
touched, a build without text in between, no marker) falls back to the full diff and full writes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..core.files import replace_file
from ..tables.buildcache import fingerprint, stat_key
from ..tables.table import Lineage, Splits, Tables
from .diff import Snapshot, snapshot_of_tables, type_name

MARKER = "released.json"  # in the build cache's folder


@dataclass(frozen=True)
class Baseline:
    """The previous release, known to hold the cached rows the current tables were spliced from."""

    release: Path
    touched: frozenset[str]  # the articles whose rows may differ from it
    before: Tables  # their rows in it

    def old_snapshot(self) -> Snapshot:
        """The previous release as `read_snapshot` would read it, with the touched articles' rows
        only: the rows of every other article are the same on both sides, so they cannot differ."""
        files = sorted((self.release / "data" / "statements").glob("*.parquet"))
        statements = self.before.statements
        snapshot = snapshot_of_tables(
            self.release.name,
            {path.stem: statements.filter(pc.equal(statements.column("split"), path.stem)) for path in files},
            self.before.articles,
        )
        # The column types as the release stores them (a list's element is named once written).
        snapshot.columns = {
            "statements": {f.name: type_name(f.type) for f in pq.read_schema(files[0])},
            "articles": {f.name: type_name(f.type) for f in pq.read_schema(self.release / "data" / "articles.parquet")},
        }
        return snapshot

    def new_snapshot(self, version: str, splits: Splits, articles: pa.Table) -> Snapshot:
        return snapshot_of_tables(
            version, {name: self._touched_rows(splits, name) for name in splits.rows}, self._touched(articles)
        )

    def unchanged_files(self, splits: Splits, articles: pa.Table) -> dict[str, Path]:
        """Data files (path in the release -> the previous release's file) whose rows are the same:
        no touched article has a row in them that differs, appeared or went."""
        old = self.before
        same = {}
        for name in splits.rows:
            before = old.statements.filter(pc.equal(old.statements.column("split"), name))
            if before.equals(self._touched_rows(splits, name)):
                same[f"data/statements/{name}.parquet"] = self.release / "data" / "statements" / f"{name}.parquet"
        if old.articles.equals(self._touched(articles)):
            same["data/articles.parquet"] = self.release / "data" / "articles.parquet"
        return {path: file for path, file in same.items() if file.is_file()}

    def _touched(self, table: pa.Table) -> pa.Table:
        wanted = pa.array(sorted(self.touched), pa.string())
        return table.filter(pc.is_in(table.column("article_id"), value_set=wanted))

    def _touched_rows(self, splits: Splits, name: str) -> pa.Table:
        assert splits.statements is not None
        rows = self._touched(splits.statements)
        return rows.filter(pc.equal(rows.column("split"), name))


def record(cache_folder: Path, generation: str, release: Path) -> None:
    """Say that `release` was written from the rows of cache generation `generation`."""
    cache_folder.mkdir(parents=True, exist_ok=True)
    replace_file(cache_folder / MARKER, json.dumps(_marker(generation, release), sort_keys=True))


def baseline(cache_folder: Path, previous: Path | None, lineage: Lineage | None) -> Baseline | None:
    """The previous release as a baseline, when the marker vouches for it; else None."""
    if previous is None or lineage is None or lineage.spliced_from is None or lineage.before is None:
        return None
    try:
        marker = json.loads((cache_folder / MARKER).read_text("utf-8"))
        expected = _marker(lineage.spliced_from, previous)
    except (OSError, ValueError):
        return None
    return Baseline(previous, lineage.touched, lineage.before) if marker == expected else None


def _marker(generation: str, release: Path) -> dict[str, object]:
    files = sorted(path for path in release.rglob("*") if path.is_file())
    return {
        "generation": generation,
        "fingerprint": fingerprint(),
        "release": str(release.resolve()),
        # Size, mtime, ctime and inode of every file: a release copied, restored or edited is not vouched for.
        "files": {str(path.relative_to(release)): stat_key(os.stat(path)) for path in files},
    }
