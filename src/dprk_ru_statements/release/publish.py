"""Publish a release: validate, assemble, check the tables, write everything into a temporary
folder, then rename it into place. A release folder that exists is never changed."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from ..contract.vocab import vocabularies
from ..core.background import Background
from ..core.checksums import CHECKSUMS, differences
from ..core.checksums import render as render_checksums
from ..core.files import remove_stale_staging, replace_file, staging_folder
from ..core.memory import release_free_memory
from ..core.paths import Project
from ..core.problems import DataError
from ..core.versions import BUMPS, WITHOUT_TEXT, Version
from ..tables.assemble import Progress, assemble
from ..tables.table import Splits
from .changelog import update as update_changelog
from .diff import ReleaseDiff, diff, read_snapshot, snapshot_of_tables, version_bump
from .parquet_files import PARQUET_OPTIONS, write_parquet, write_parquet_pieces, write_with_pages_of
from .report import Report, make_report, render
from .reuse import Baseline, baseline, record


class ReleaseExists(Exception):
    """The release folder exists with other content."""


class VersionPolicyError(Exception):
    """The version in dataset.yaml does not fit the change since the previous release."""


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
        # What `load()` puts into every split's DatasetInfo (load_dataset reads none of it from a card).
        "description": report.dataset["description"],
        "citation": report.dataset["citation"],
        "license_details": report.dataset["card_license"]["license_details"],
    }
    return {b"dprk_ru_statements": json.dumps(info, sort_keys=True).encode()}


def checksums(folder: Path) -> str:
    return render_checksums(folder)


def verify(folder: Path) -> list[str]:
    """Files of a release whose bytes differ from its SHA256SUMS, or that are missing or extra."""
    return differences(folder)


def write_release(
    folder: Path,
    splits: Splits,
    articles: pa.Table,
    report: Report,
    with_text: bool,
    changes: str,
    background: Background,
    figure_cache: Path | None = None,
    unchanged: dict[str, Path] | None = None,
) -> None:
    """Everything of a release into `folder`. The articles are written and the figures drawn in
    the background while the statements are written here, a row group at a time. A data file in
    `unchanged` (path in the release -> the previous release's file) keeps that file's pages."""
    from .card import Sizes, card, field_meanings, parquet_loaded_size
    from .croissant import croissant
    from .figures import prepare

    assert splits.statements is not None
    drawing = background.run(prepare(splits.statements, folder / "figures", figure_cache))
    # The articles (their texts are most of the bytes) are compressed beside the statements.
    unchanged = unchanged or {}
    article_file = folder / "data" / "articles.parquet"
    article_metadata = _metadata(report, "articles", with_text)
    if "data/articles.parquet" in unchanged:
        old = unchanged["data/articles.parquet"]
        articles_written = background.run(
            lambda: write_with_pages_of(old, article_file, articles.schema, article_metadata)
        )
    else:
        articles_written = background.run(lambda: write_parquet(articles, article_file, article_metadata))
    for split in splits.rows:
        path, metadata = f"data/statements/{split}.parquet", _metadata(report, f"statements/{split}", with_text)
        if path in unchanged:
            write_with_pages_of(unchanged[path], folder / path, splits.schema, metadata)
            continue
        write_parquet_pieces(
            splits.pieces(split, PARQUET_OPTIONS["row_group_size"]), splits.schema, folder / path, metadata
        )
    splits.let_go()
    articles_written.result()
    release_free_memory()
    data = folder / "data"
    statement_files = {split: data / "statements" / f"{split}.parquet" for split in splits.rows}
    sizes = Sizes(
        {split: parquet_loaded_size(path, "statements") for split, path in statement_files.items()},
        parquet_loaded_size(data / "articles.parquet", "articles"),
        sum(path.stat().st_size for path in (data / "statements").glob("*.parquet")),
        (data / "articles.parquet").stat().st_size,
    )
    (folder / "README.md").write_text(card(report, splits.counts(), splits.schema, articles, changes, sizes), "utf-8")
    (folder / "DATASHEET.md").write_text(render("DATASHEET.md.tmpl", report.context("figures")), "utf-8")
    drawing.result()  # the figures are part of the release: checksummed below
    (folder / "croissant.json").write_text(croissant(folder, report.dataset, field_meanings()), "utf-8")
    (folder / CHECKSUMS).write_text(checksums(folder), "utf-8")


def release_name(version: str, with_text: bool) -> str:
    return version if with_text else f"{version}{WITHOUT_TEXT}"


def published_releases(dist: Path) -> list[Path]:
    """Release folders built with text, oldest version first."""
    if not dist.is_dir():
        return []
    found = {folder: Version.of(folder.name) for folder in dist.iterdir() if folder.is_dir()}
    return sorted((folder for folder, version in found.items() if version), key=lambda folder: found[folder])


def previous_release(dist: Path, version: str) -> Path | None:
    """The newest release in `dist` older than `version`."""
    older = [folder for folder in published_releases(dist) if version_bump(folder.name, version)]
    return older[-1] if older else None


def check_version(
    dist: Path, version: str, splits: Splits, articles: pa.Table, released: str, base: Baseline | None = None
) -> str:
    """The Markdown summary of changes since the previous release; raise if the bump is too small
    or the release date is still the previous release's. With a `base` vouched for as the previous
    release, only the rows of the articles it names are compared."""
    newer = [folder.name for folder in published_releases(dist) if version_bump(version, folder.name)]
    if newer:
        raise VersionPolicyError(
            f"dataset.yaml: version: {version} is older than the published {newer[-1]}: "
            f"releases only go up; bump to {Version.parse(newer[-1]).bumped('patch')} or higher"
        )
    previous = previous_release(dist, version)
    if previous is None:
        count = sum(splits.counts().values())
        return f"First release: {count} statements in {articles.num_rows} articles."
    changes = release_diff(previous, version, splits, articles, base)
    bump, needed = version_bump(previous.name, version), changes.required_bump()
    if bump is None or BUMPS.index(bump) < BUMPS.index(needed):
        raise VersionPolicyError(
            f"dataset.yaml: version: {version} is a {bump or 'no'} bump from {previous.name}, but the data change "
            f"needs a {needed} bump ({changes.summary()}): bump to {Version.parse(previous.name).bumped(needed)}; "
            "see the versioning policy in CONTRIBUTING.md"
        )
    previous_date = release_date(previous)
    if previous_date is not None and released <= previous_date:
        raise VersionPolicyError(
            f"dataset.yaml: released: {released} is not after {previous.name}'s {previous_date}: set it to the day "
            f"{version} is released (a fixed date, so a rebuild gives the same bytes)"
        )
    return changes.markdown()


def release_diff(
    previous: Path, version: str, splits: Splits, articles: pa.Table, base: Baseline | None
) -> ReleaseDiff:
    if base is not None and base.release == previous:
        return diff(base.old_snapshot(), base.new_snapshot(version, splits, articles))
    return diff(read_snapshot(previous), snapshot_of_tables(version, splits.tables(), articles))


def release_date(release: Path) -> str | None:
    """The publication date a release's Croissant metadata states, if it has one."""
    try:
        return str(json.loads((release / "croissant.json").read_text("utf-8"))["datePublished"])
    except (OSError, ValueError, KeyError):
        return None


def publish(
    project: Project,
    *,
    with_text: bool = True,
    dist: Path | None = None,
    progress: Progress | None = None,
    cache: bool = True,
) -> Release:
    """Validate everything, then publish `dist/<version>/` atomically; raise DataError on bad data."""
    # The cache and the figures are written in threads beside the Parquet files; all of it is
    # finished, and any error raised, before this returns.
    with Background() as background:
        release, generation = _publish(project, with_text, dist, progress, cache, background)
    if generation is not None:  # the cache holds that generation now: the next build may build on both
        record(_cache_folder(project), generation, release.path)
    return release


def _cache_folder(project: Project) -> Path:
    return project.root / ".cache" / "build"


def _publish(
    project: Project, with_text: bool, dist: Path | None, progress: Progress | None, cache: bool, background: Background
) -> tuple[Release, str | None]:
    """The release, and the cache generation it was written from (None when that cannot vouch for it)."""
    tables, problems = assemble(project, progress=progress, cache=cache, background=background)
    if tables is None:
        raise DataError(problems)
    report = make_report(project, tables, cache)
    version = report.dataset["version"]
    dist = dist or project.dist
    splits = Splits.of(tables.statements, tables.articles)
    statement_count = tables.statements.num_rows
    articles = tables.articles if with_text else tables.articles_without_text()
    lineage = tables.lineage
    del tables  # from here `splits` holds the statements, and lets them go once they are written
    released = str(report.dataset["released"])
    base, unchanged = None, {}
    if with_text:
        if cache:
            base = baseline(_cache_folder(project), previous_release(dist, version), lineage)
        changes = check_version(dist, version, splits, articles, released, base)
        if base is not None:
            unchanged = base.unchanged_files(splits, articles)
    else:
        changes = "Built without article texts."
    generation = lineage.saved_as if with_text and lineage is not None else None
    target = dist / release_name(version, with_text)
    dist.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(dist)
    with staging_folder(target) as staging:
        figure_cache = project.root / ".cache" / "figures" if cache else None  # --no-cache: none read, none written
        write_release(staging, splits, articles, report, with_text, changes, background, figure_cache, unchanged)
        if target.exists():
            if (target / CHECKSUMS).is_file() and (target / CHECKSUMS).read_bytes() == (
                staging / CHECKSUMS
            ).read_bytes():
                # A build killed after its rename left the release whole but perhaps not the
                # repository's documents: bring them in step, as the first build would have.
                if with_text:
                    write_repository_docs(project, report, target / "figures")
                    update_changelog(project.root / "CHANGELOG.md", version, released, changes)
                return Release(target, statement_count, articles.num_rows, unchanged=True), generation
            raise ReleaseExists(
                f"{project.relative(target)} exists with different content; releases are immutable: "
                f"bump `version` in dataset.yaml (see CONTRIBUTING.md)"
            )
        os.rename(staging, target)  # atomic on one filesystem: readers see all of it or nothing
    if with_text:
        write_repository_docs(project, report, target / "figures")
        update_changelog(project.root / "CHANGELOG.md", version, str(report.dataset["released"]), changes)
    return Release(target, statement_count, articles.num_rows, unchanged=False), generation


def write_repository_docs(project: Project, report: Report, figures: Path) -> None:
    """DATASHEET.md and its figures at the top of the repository, the same as the release's."""
    folder = project.root / "docs" / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    for figure in sorted(figures.glob("*.png")):
        replace_file(folder / figure.name, figure.read_bytes())
    replace_file(project.root / "DATASHEET.md", render("DATASHEET.md.tmpl", report.context("docs/figures")))
