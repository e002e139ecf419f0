"""A content-addressed cache of checked articles, so a rebuild re-reads only what changed.

An article's key is the sha256 of its three files' sha256s and of everything that decides how
they are checked and turned into rows (the package's code, the schema, the library versions). Its
rows are reused only under the same key, so an edit, a new schema or new code is never served
stale. File hashes are kept by (size, mtime, inode), as git's index keeps them, so an unchanged
file is not read again. Everything lives in Arrow IPC files, memory-mapped when read.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ..contract.vocab import schema_dir
from ..core.checksums import CHECKSUMS, intact
from ..core.checksums import render as render_checksums
from ..core.files import replace_file
from ..core.paths import PACKAGE_DIR, Project
from .table import ARTICLE_COLUMNS, STATEMENT_COLUMNS, UNCOVERED_COLUMNS, Tables, arrow_schema

FORMAT = "1"  # bump when the layout below changes
TABLES = {
    "statements": arrow_schema(STATEMENT_COLUMNS),
    "articles": arrow_schema(ARTICLE_COLUMNS),
    "uncovered": arrow_schema(UNCOVERED_COLUMNS),
}
FILES = pa.schema([("path", pa.string()), ("stat", pa.string()), ("sha256", pa.string())])
KEYS = pa.schema([("article_id", pa.string()), ("key", pa.string())])


@cache
def fingerprint() -> str:
    """What, besides the input files, decides an article's rows and problems."""
    digest = hashlib.sha256(FORMAT.encode())
    for path in sorted(PACKAGE_DIR.rglob("*.py")) + sorted(schema_dir().glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in ("pydantic", "pyarrow", "pyyaml", "yaml-rs", "pycountry"):
        try:
            installed = version(package)
        except PackageNotFoundError:  # yaml-rs is optional: without it every file takes PyYAML
            installed = "absent"
        digest.update(f"{package}=={installed}".encode())
    return digest.hexdigest()


def registry_digest(project: Project) -> str:
    """The registry's sha256 (with the code's fingerprint): cached rows were checked against it."""
    try:
        content = project.speakers.read_bytes()
    except OSError:
        return ""
    return hashlib.sha256(fingerprint().encode() + b"\0" + content).hexdigest()


def stat_key(stat: os.stat_result) -> str:
    # ctime too: an edit in place that restores the mtime (touch -d, an editor keeping it)
    # cannot restore the ctime, which only the kernel sets.
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"


def article_key(digests: list[str]) -> str:
    return hashlib.sha256("\0".join([fingerprint(), *digests]).encode()).hexdigest()


def folder_stats(entries: Iterable[os.DirEntry[str]]) -> dict[str, str]:
    """The stat key of every file among a folder's `entries`, by path (no path objects)."""
    stats = {}
    for entry in entries:
        try:
            stats[entry.path] = stat_key(entry.stat())
        except OSError:
            continue  # gone, or a dangling symlink: the check reports it
    return stats


def files_table(hashed: list[tuple[str, str, str]]) -> pa.Table:
    return pa.table([list(column) for column in zip(*hashed, strict=True)] or [[], [], []], schema=FILES)


def hash_files(paths: Iterable[str]) -> list[tuple[str, str, str]]:
    """(path, stat key, sha256) of each file; the stat is taken first, so a file changed while it is
    read gets a new stat key, and is hashed again by the next build."""
    hashed = []
    for path in paths:
        stat = stat_key(os.stat(path))
        with open(path, "rb") as handle:
            hashed.append((path, stat, hashlib.sha256(handle.read()).hexdigest()))
    return hashed


@dataclass
class Cached:
    tables: Tables  # rows of every article cached last time
    keys: dict[str, str]  # article_id -> key
    registry: str  # registry_digest() of the build that saved them
    generation: str  # the folder they were read from


class BuildCache:
    """`.cache/build/` of a checkout: `current` names the generation folder that is complete."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._hashes: dict[str, tuple[str, str]] = {}  # path -> (stat key, sha256), from the last build
        self._hashed: list[pa.Table] = []  # files hashed in this build (FILES), as the workers sent them
        self._known = files_table([])  # FILES of the last build
        self.next_generation = f"gen-{uuid.uuid4().hex}"  # what `save` will write

    def _current(self) -> Path | None:
        try:
            name = (self.folder / "current").read_text("utf-8").strip()
        except OSError:
            return None
        return self.folder / name if name else None

    def load(self) -> Cached | None:
        """The last build's rows and keys, or None when there are none or they cannot be read."""
        folder = self._current()
        if folder is None:
            return None
        try:
            if not intact(folder):
                return None  # a flipped byte would otherwise be published as data
            read = {name: _read(folder / f"{name}.arrow", schema) for name, schema in TABLES.items()}
            keys = _read(folder / "keys.arrow", KEYS)
            files = _read(folder / "files.arrow", FILES)
            registry = (folder / "registry.sha256").read_text("utf-8")
        except (OSError, pa.ArrowException, ValueError):
            return None  # a damaged cache costs a full build, never a wrong one
        self._known = files
        self._hashes = dict(
            zip(
                files.column("path").to_pylist(),
                zip(files.column("stat").to_pylist(), files.column("sha256").to_pylist(), strict=True),
                strict=True,
            )
        )
        tables = Tables(read["statements"], read["articles"], read["uncovered"])
        ids, article_keys = keys.column("article_id").to_pylist(), keys.column("key").to_pylist()
        return Cached(tables, dict(zip(ids, article_keys, strict=True)), registry, folder.name)

    def known_digest(self, path: str, stat: str | None) -> str | None:
        """The sha256 of a file as last hashed, if its stat key (size, mtime, inode) is unchanged."""
        known = self._hashes.get(path)
        return known[1] if known is not None and known[0] == stat else None

    def remember_all(self, hashed: list[pa.Table]) -> None:
        """Files hashed elsewhere (in workers): path, stat key taken before reading, sha256."""
        self._hashed += hashed

    def save(self, tables: Tables, keys: dict[str, str], registry: str) -> None:
        """Write a new generation, then point `current` at it (atomic), then drop the old ones."""
        self.folder.mkdir(parents=True, exist_ok=True)
        name = self.next_generation
        folder = self.folder / name
        folder.mkdir()
        for table_name, table in (
            ("statements", tables.statements),
            ("articles", tables.articles),
            ("uncovered", tables.uncovered),
        ):
            _write(folder / f"{table_name}.arrow", table)
        _write(folder / "keys.arrow", pa.table([list(keys), list(keys.values())], schema=KEYS))
        (folder / "registry.sha256").write_text(registry, "utf-8")
        hashed = pa.concat_tables([files_table([]), *self._hashed])
        kept = self._known.filter(pc.invert(pc.is_in(self._known.column("path"), value_set=hashed.column("path"))))
        _write(folder / "files.arrow", pa.concat_tables([kept, hashed]))
        (folder / CHECKSUMS).write_text(render_checksums(folder), "utf-8")  # last: it vouches for the rest
        replace_file(self.folder / "current", name)  # readers see the old generation or this one
        for old in self.folder.glob("gen-*"):
            if old.name != name:
                shutil.rmtree(old, ignore_errors=True)


def _write(path: Path, table: pa.Table) -> None:
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _read(path: Path, schema: pa.Schema) -> pa.Table:
    table = pa.ipc.open_file(pa.memory_map(str(path))).read_all()
    if not table.schema.equals(schema):
        raise ValueError(f"{path.name}: schema changed")
    return table
