"""Check the whole corpus and assemble its tables: what `validate` and `build` run on everything.

Each article (text, metadata, annotation file) is checked on its own, with the fast YAML reading
and without line numbers, in worker processes when there are many, and its rows are cached by
content (`buildcache.py`). Statements are checked against the registry once, over the table.
An article with any problem is checked again the slow way, with PyYAML's line numbers, by the
functions `validate PATHS` uses; so every message is the one those functions give, and the fast
way only has to tell "sound" from "not sound".
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..checks.articles import read_and_check
from ..checks.validate import unused_speaker_problems
from ..core.background import Background
from ..core.paths import Project
from ..core.problems import Problem
from ..records.corpus import (
    Corpus,
    annotation_ids,
    folder_entries,
    list_raw,
    load_registry,
)
from ..records.dataset_info import dataset_info_problems
from .buildcache import (
    BuildCache,
    Cached,
    article_key,
    files_table,
    folder_stats,
    hash_files,
    registry_digest,
)
from .splice import replace_articles
from .table import (
    ARTICLE_COLUMNS,
    STATEMENT_COLUMNS,
    UNCOVERED_COLUMNS,
    Lineage,
    Tables,
    arrow_schema,
    article_row,
    in_order,
    sorted_tables,
    statement_order,
    statement_rows,
    tables_of,
    uncovered_rows,
)

CHUNK = 1000  # articles per task sent to a worker (each also one pandera call)
PARALLEL_FROM = 400  # articles to check; below this, starting workers costs more than it saves
REGISTRY_FIELDS = ("speaker_type", "affiliation", "country", "speaker_qid")
# The columns the registry check over the table reads: the speaker_key tells an entity's statements.
SPEAKER_COLUMNS = ["speaker", "speaker_key", *REGISTRY_FIELDS]

# Wraps the chunks of article ids as they are checked (a progress bar on a terminal).
Progress = Callable[[list[list[str]]], Iterable[list[str]]]


@dataclass
class Checked:
    """Rows of the articles that are sound, and the ids of those that are not."""

    statements: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    uncovered: list[dict[str, Any]] = field(default_factory=list)
    unsound: list[str] = field(default_factory=list)
    hashed: list[tuple[str, str, str]] = field(default_factory=list)  # for the cache: path, stat, sha256
    keys: dict[str, str] = field(default_factory=dict)  # article_id -> cache key, sound articles only

    def tables(self) -> Tables:
        return Tables(
            pa.Table.from_pylist(self.statements, schema=arrow_schema(STATEMENT_COLUMNS)),
            pa.Table.from_pylist(self.articles, schema=arrow_schema(ARTICLE_COLUMNS)),
            pa.Table.from_pylist(self.uncovered, schema=arrow_schema(UNCOVERED_COLUMNS)),
        )


@dataclass
class Chunk:
    """What a worker sends back: Arrow tables (pickled as Arrow buffers, not Python objects)."""

    tables: Tables
    unsound: list[str]
    hashed: pa.Table  # buildcache.FILES: path, stat key, sha256
    keys: dict[str, str]
    table_problems: list[Problem]  # the table model's, on this chunk's rows


def check_articles(root: Path, article_ids: list[str]) -> Chunk:
    """Check articles on their own (a worker's task): their rows, and the ids that are not sound."""
    project, checked = Project(root), Checked()
    names = file_names(project)
    for article_id in article_ids:
        paths = names(article_id)
        try:
            hashed = [] if any(os.path.islink(path) for path in paths) else hash_files(paths)
        except OSError:
            hashed = []  # gone meanwhile: the check below reports it
        corpus = Corpus()
        problems = read_and_check(project, corpus, {article_id}, lines=False, registry=False)
        article, annotation = corpus.articles.get(article_id), corpus.annotations.get(article_id)
        if problems or annotation is None or article is None:
            checked.unsound.append(article_id)
            continue
        checked.statements += statement_rows(annotation, article)
        checked.articles.append(article_row(article, annotation))
        checked.uncovered += uncovered_rows(article, annotation)
        if hashed:  # a symlink is reported, never cached
            checked.hashed += hashed
            checked.keys[article_id] = article_key([sha for _, _, sha in hashed])
    tables = checked.tables()
    return Chunk(tables, checked.unsound, files_table(checked.hashed), checked.keys, _table_check(tables))


def _table_check(tables: Tables) -> list[Problem]:
    """The table model on one chunk's rows, in the worker: a chunk holds whole articles, so with
    the ids' article prefix and one uniqueness check over everything, chunks add up to the table."""
    if tables.statements.num_rows == 0:
        return []
    from ..contract.table_schema import check_tables

    return check_tables(in_order(tables.statements, ["statement_id"]), tables.articles)


def file_names(project: Project) -> Callable[[str], tuple[str, str, str]]:
    """An article's text, metadata and annotation file, as strings: 300,000 path objects cost seconds."""
    raw, annotations = f"{project.raw}{os.sep}", f"{project.annotations}{os.sep}"

    def names(article_id: str) -> tuple[str, str, str]:
        return f"{raw}{article_id}.txt", f"{raw}{article_id}.meta.yaml", f"{annotations}{article_id}.yaml"

    return names


def _read_ahead(project: Project, article_ids: list[str]) -> None:
    """Ask the kernel to read the articles' files ahead, in the order the workers will need them:
    reading 300,000 small files one after another from a cold disk waits more than it computes."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    names = file_names(project)
    for article_id in article_ids:
        for name in names(article_id):
            try:
                descriptor = os.open(name, os.O_RDONLY)
            except OSError:
                continue
            try:
                advise(descriptor, 0, 0, os.POSIX_FADV_WILLNEED)
            finally:
                os.close(descriptor)


def _in_workers(root: Path, chunks: list[list[str]], workers: int) -> Iterator[Chunk]:
    """Each chunk's result, in order."""
    if workers <= 1 or sum(map(len, chunks)) < PARALLEL_FROM:
        for chunk in chunks:
            yield check_articles(root, chunk)
        return
    # spawn, not fork: the parent may already run Arrow's threads, which fork does not copy safely
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures: list[Future[Chunk]] = [pool.submit(check_articles, root, chunk) for chunk in chunks]
        for future in futures:
            yield future.result()


def registry_mismatches(statements: pa.Table, corpus: Corpus) -> set[str]:
    """Articles with a statement whose speaker is not registered, or differs from its entry."""
    speaker_fields = SPEAKER_COLUMNS

    def wrong(row: dict[str, Any]) -> bool:
        entry = corpus.speakers.get(row["speaker"])
        has_entity = row["speaker_key"] != row["speaker"]
        return (
            entry is None
            or entry.named == has_entity
            or any(getattr(entry, name) != row[name] for name in REGISTRY_FIELDS)
        )

    # Distinct speaker entries first (a few thousand), rows only for the names that need them.
    distinct = statements.group_by(speaker_fields).aggregate([])
    names = sorted({row["speaker"] for row in distinct.to_pylist() if wrong(row)})
    if not names:
        return set()
    rows = statements.filter(pc.is_in(statements.column("speaker"), value_set=pa.array(names, pa.string())))
    return {row["article_id"] for row in rows.select(["article_id", *speaker_fields]).to_pylist() if wrong(row)}


def recheck(project: Project, corpus: Corpus, ids: set[str], raw_ids: set[str], annotated: set[str]) -> list[Problem]:
    """Every problem of these articles, with lines: what `validate PATHS` finds."""
    problems = read_and_check(project, corpus, ids & (raw_ids | annotated), annotated)
    corpus.raw_ids = raw_ids
    return problems


def assemble(
    project: Project,
    progress: Progress | None = None,
    workers: int | None = None,
    cache: bool = True,
    background: Background | None = None,
) -> tuple[Tables | None, list[Problem]]:
    """The tables of the whole corpus, or None and every problem, sorted. With `background`, the
    cache is written there, beside the caller's next steps."""
    problems: list[Problem] = []
    corpus = load_registry(project, problems)
    raw_entries, annotation_entries = folder_entries(project.raw), folder_entries(project.annotations)
    texts, metas = list_raw(project, problems, raw_entries)
    annotated = annotation_ids(project, annotation_entries)
    complete = sorted(texts & metas & annotated)
    unsound = (texts | metas | annotated) - set(complete)

    store = BuildCache(project.root / ".cache" / "build")
    cached = store.load() if cache else None
    keys = _reusable(
        project, store, cached, complete, raw_entries + annotation_entries
    )  # sound articles' keys, for the next build
    reused = set(keys)
    # In the order of their statements' ids, so that the statements need no sorting (a copy).
    todo = sorted((a for a in complete if a not in reused), key=statement_order)
    new, checked = _check_in_chunks(project, todo, workers, progress)
    unsound |= checked.unsound
    store.remember_all(checked.hashed)
    keys |= checked.keys
    lineage = Lineage(store.next_generation if cache else None)
    if cached is not None and reused:
        # Articles that were cached and are not reused now: edited, broken or gone.
        gone = set(cached.tables.articles.column("article_id").to_pylist()) - reused
        tables = replace_articles(cached.tables, gone, new)
        touched = frozenset(gone | set(todo))
        lineage = Lineage(lineage.saved_as, cached.generation, touched, tables_of_articles(cached.tables, touched))
    else:
        tables = sorted_tables(new.statements, new.articles, new.uncovered)
    del new

    unchecked = set(unsound)  # no rows: the fast check found them unsound
    # Rows from the cache passed every check below against this very registry when they were
    # cached (a cache is saved only after a build whose checks all passed), so with the same
    # registry only the articles checked now need them again.
    registry = registry_digest(project)
    if cached is not None and reused and cached.registry == registry:
        unsound |= registry_mismatches(rows_of_articles(tables.statements, set(todo)), corpus)
    else:
        unsound |= registry_mismatches(tables.statements, corpus)
    if unsound:
        problems += recheck(project, corpus, unsound, texts | metas, annotated)
        if not problems and unchecked:
            # The slow check is the reference: what it finds sound is published, even if the fast
            # check could not tell (it should always tell; a test compares the two).
            tables = _with_rows_of(tables, corpus, unchecked)
    corpus.named_speakers |= set(pc.unique(tables.statements.column("speaker")).to_pylist())
    if not corpus.incomplete:
        problems += unused_speaker_problems(project, corpus)
    if not problems:
        problems = table_problems(tables, checked.table_problems, unchecked)
    problems += dataset_info_problems(project)  # the release metadata a pull request bumps
    if problems:
        return None, sorted(set(problems))
    tables.lineage = lineage
    if cache:

        def save() -> None:
            with contextlib.suppress(OSError):  # another build replaced the cache meanwhile: it holds theirs
                store.save(tables, keys, registry)

        if background is None:
            save()
        else:
            background.run(save)
    return tables, []


def _reusable(
    project: Project, store: BuildCache, cached: Cached | None, complete: list[str], entries: list[os.DirEntry[str]]
) -> dict[str, str]:
    """The cached articles whose files are unchanged, with their keys: stat keys first, sha256
    only of the files whose size, mtime or inode changed."""
    if cached is None:
        return {}
    reused: dict[str, str] = {}
    stats = folder_stats(entries)
    names = file_names(project)
    for article_id in complete:
        digests = [store.known_digest(name, stats.get(name)) for name in names(article_id)]
        if all(digests) and cached.keys.get(article_id) == (key := article_key(digests)):  # type: ignore[arg-type]
            reused[article_id] = key
    return reused


@dataclass
class Gathered:
    """What the workers found besides their rows, over all chunks."""

    unsound: set[str] = field(default_factory=set)
    hashed: list[pa.Table] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    table_problems: list[Problem] = field(default_factory=list)


def _check_in_chunks(
    project: Project, todo: list[str], workers: int | None, progress: Progress | None
) -> tuple[Tables, Gathered]:
    """Check `todo` in chunks, in worker processes when there are many: their rows, concatenated."""
    workers = workers or min(2, os.cpu_count() or 1)
    parallel = workers > 1 and len(todo) >= PARALLEL_FROM
    # In parallel, at least four chunks per worker, so that both stay busy to the end.
    size = max(1, min(CHUNK, -(-len(todo) // (4 * workers)))) if parallel else CHUNK
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    if len(todo) >= PARALLEL_FROM:
        threading.Thread(target=_read_ahead, args=(project, todo), daemon=True).start()
    parts, gathered = [Checked().tables()], Gathered()
    results = _in_workers(project.root, chunks, workers)
    for _, chunk in zip(progress(chunks) if progress else chunks, results, strict=True):
        parts.append(chunk.tables)
        gathered.unsound.update(chunk.unsound)
        gathered.hashed.append(chunk.hashed)
        gathered.keys.update(chunk.keys)
        gathered.table_problems += chunk.table_problems
    return Tables(*(pa.concat_tables([getattr(part, name) for part in parts]) for name in _TABLE_NAMES)), gathered


def rows_of_articles(statements: pa.Table, article_ids: set[str]) -> pa.Table:
    wanted = pa.array(sorted(article_ids), pa.string())
    return statements.filter(pc.is_in(statements.column("article_id"), value_set=wanted))


def tables_of_articles(tables: Tables, article_ids: frozenset[str]) -> Tables:
    """The rows of these articles only."""
    wanted = pa.array(sorted(article_ids), pa.string())
    return Tables(*(table.filter(pc.is_in(table.column("article_id"), value_set=wanted)) for table in _parts(tables)))


def _parts(tables: Tables) -> list[pa.Table]:
    return [getattr(tables, name) for name in _TABLE_NAMES]


def table_problems(tables: Tables, found: list[Problem], unchecked: set[str]) -> list[Problem]:
    """The table model's problems: those the workers `found` on their chunks, and the model on the
    rows no worker checked (`unchecked` articles, which only the slow path found sound). Cached rows
    passed the same check with the same code and schema. Ids must also be unique across chunks."""
    statements = tables.statements
    if pc.count_distinct(statements.column("statement_id")).as_py() != statements.num_rows:
        from ..contract.table_schema import check_tables

        return sorted(set(found) | set(check_tables(statements, tables.articles)))  # names the duplicates
    if unchecked:
        from ..contract.table_schema import check_tables

        found = found + check_tables(rows_of_articles(statements, unchecked), tables.articles)
    return sorted(set(found))


_TABLE_NAMES = ("statements", "articles", "uncovered")


def _with_rows_of(tables: Tables, corpus: Corpus, article_ids: set[str]) -> Tables:
    subset = Corpus(
        articles={a: corpus.articles[a] for a in article_ids if a in corpus.articles},
        annotations={a: corpus.annotations[a] for a in article_ids if a in corpus.annotations},
    )
    extra = tables_of(subset)
    return sorted_tables(*(pa.concat_tables([getattr(tables, n), getattr(extra, n)]) for n in _TABLE_NAMES))
