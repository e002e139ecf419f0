"""Publish a release: validate, assemble, check the tables, write everything into a temporary
folder, then rename it into place. A release folder that exists is never changed."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .corpus import Corpus
from .paths import Project
from .problems import DataError, Problem
from .report import Report, make_report, render
from .table import articles_table, statements_table
from .validate import validate
from .vocab import vocabularies

CHECKSUMS = "SHA256SUMS"
# Every option that changes the bytes of a Parquet file is fixed here, so a build is reproducible.
PARQUET_OPTIONS = dict(
    compression="zstd",
    compression_level=9,
    use_dictionary=True,
    write_statistics=True,
    data_page_size=1 << 20,
    row_group_size=1 << 17,
    write_page_index=False,
    version="2.6",
)


class ReleaseExists(Exception):
    """The release folder exists with other content."""


@dataclass
class Release:
    path: Path
    statements: int
    articles: int
    unchanged: bool  # the same release already existed, byte for byte


def _metadata(report: Report, table_name: str, with_text: bool) -> dict[bytes, bytes]:
    info = {
        "dataset": report.dataset["name"],
        "dataset_version": report.dataset["version"],
        "schema_version": vocabularies().schema_version,
        "table": table_name,
        "with_text": with_text,
        "license": report.dataset["annotation_license"],
    }
    return {b"dprk_ru_statements": json.dumps(info, sort_keys=True).encode()}


def write_parquet(table: pa.Table, path: Path, metadata: dict[bytes, bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table.replace_schema_metadata(metadata), path, **PARQUET_OPTIONS)


def checksums(folder: Path) -> str:
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != CHECKSUMS):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}")
    return "\n".join(lines) + "\n"


def verify(folder: Path) -> list[str]:
    """Files of a release whose bytes differ from its SHA256SUMS, or that are missing or extra."""
    listed = (folder / CHECKSUMS).read_text("utf-8")
    expected = dict(reversed(line.split("  ", 1)) for line in listed.splitlines() if line)
    actual = dict(reversed(line.split("  ", 1)) for line in checksums(folder).splitlines() if line)
    names = sorted(set(expected) | set(actual))
    return [
        f"{name}: {'missing' if name not in actual else 'not listed' if name not in expected else 'changed'}"
        for name in names
        if expected.get(name) != actual.get(name)
    ]


def split_tables(statements: pa.Table, corpus: Corpus) -> dict[str, pa.Table]:
    from .table import article_split

    split_by_article = {a: article_split(article.meta) for a, article in corpus.articles.items()}
    splits = pa.array([split_by_article[a] for a in statements.column("article_id").to_pylist()], pa.string())
    return {name: statements.filter(pc.equal(splits, name)) for name in vocabularies().splits}


def check_tables(corpus: Corpus, statements: pa.Table) -> list[Problem]:
    from .table_schema import check_tables as pandera_check

    return pandera_check(statements.to_pandas(), {a: article.text for a, article in corpus.articles.items()})


def write_release(
    folder: Path, corpus: Corpus, statements: pa.Table, report: Report, with_text: bool
) -> tuple[int, int]:
    from .card import card
    from .figures import draw

    articles = articles_table(corpus, with_text)
    files = split_tables(statements, corpus)
    for split, table in files.items():
        write_parquet(
            table,
            folder / "data" / "statements" / f"{split}.parquet",
            _metadata(report, f"statements/{split}", with_text),
        )
    write_parquet(articles, folder / "data" / "articles.parquet", _metadata(report, "articles", with_text))
    draw(statements, folder / "figures")
    (folder / "README.md").write_text(card(report, files, articles), "utf-8")
    (folder / "DATASHEET.md").write_text(render("DATASHEET.md.tmpl", report.context("figures")), "utf-8")
    (folder / CHECKSUMS).write_text(checksums(folder), "utf-8")
    return statements.num_rows, articles.num_rows


def release_name(version: str, with_text: bool) -> str:
    return version if with_text else f"{version}-without-text"


def publish(project: Project, *, with_text: bool = True, dist: Path | None = None) -> Release:
    """Validate everything, then publish `dist/<version>/` atomically; raise DataError on bad data."""
    corpus, problems = validate(project)
    if problems:
        raise DataError(problems)
    statements_all = statements_table(corpus)
    problems = check_tables(corpus, statements_all)
    if problems:
        raise DataError(problems)
    report = make_report(project, corpus)
    dist = dist or project.dist
    target = dist / release_name(report.dataset["version"], with_text)
    dist.mkdir(parents=True, exist_ok=True)
    staging = dist / f".{target.name}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        statements, articles = write_release(staging, corpus, statements_all, report, with_text)
        if target.exists():
            if (target / CHECKSUMS).is_file() and (target / CHECKSUMS).read_bytes() == (
                staging / CHECKSUMS
            ).read_bytes():
                return Release(target, statements, articles, unchanged=True)
            raise ReleaseExists(
                f"{project.relative(target)} exists with different content; releases are immutable: "
                f"bump `version` in dataset.yaml (see CONTRIBUTING.md)"
            )
        os.rename(staging, target)  # atomic on one filesystem: readers see all of it or nothing
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    write_repository_docs(project, report, statements_all)
    return Release(target, statements, articles, unchanged=False)


def write_repository_docs(project: Project, report: Report, statements: pa.Table) -> None:
    """DATASHEET.md and its figures at the top of the repository, from the same data."""
    from .figures import draw

    draw(statements, project.root / "docs" / "figures")
    (project.root / "DATASHEET.md").write_text(render("DATASHEET.md.tmpl", report.context("docs/figures")), "utf-8")
