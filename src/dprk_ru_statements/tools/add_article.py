"""`add-article`: copy a new article verbatim into raw/, with its metadata and an empty annotation."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ConfigDict, Field, field_validator

from ..contract.models import ArticleMeta, NonEmpty, Record, _date_as_text, precision_of
from ..core.files import replace_file
from ..core.paths import Project
from ..core.problems import Problem
from ..records.corpus import read_article_text
from ..records.errors import validate_model
from ..records.yamlio import LineMap, YamlError, dump_yaml, read_yaml

MAX_ID_WORDS = 6


@dataclass(frozen=True)
class NewArticle:
    source: Path
    headline: str
    outlet: str | None
    outlet_evidence: str
    publication_date: str | None
    publication_date_precision: str
    publication_date_evidence: str
    language: str = "en"
    article_id: str | None = None
    split_group: str | None = None
    note: str | None = None
    genre: str = "news"
    text_rights: str = "restricted"  # the safe default: nothing is redistributed unless known free
    provenance: dict[str, object] = field(default_factory=dict)  # source_url ... extraction_changes


class SourceRecord(Record):
    """A `<slug>.source.yaml` provenance record: where a text was taken from and what was changed.

    Fields beyond these (a byline, a snapshot commit, a note on the topic) are kept, in the
    article's note: a provenance record is someone else's format, and nothing it says is dropped.
    """

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)

    title: NonEmpty
    outlet: NonEmpty | None = None
    url: NonEmpty | None = None
    published: str | None = None
    repository: NonEmpty | None = None
    path: NonEmpty | None = None
    commit: NonEmpty | None = None
    license_note: NonEmpty | None = None
    changes: list[NonEmpty] = Field(default_factory=list)

    _published_as_text = field_validator("published", mode="before")(classmethod(lambda cls, v: _date_as_text(v)))


def read_source_record(path: Path) -> tuple[SourceRecord | None, list[Problem]]:
    """The provenance record at `path`, or the problems that keep it from being one."""
    shown = str(path)
    try:
        data, lines = read_yaml(path)
    except YamlError as error:
        return None, [Problem(shown, error.line, error.field, error.message, error.hint, code="yaml")]
    return validate_model(SourceRecord, data, shown, lines)


def from_source_record(source: Path, record: SourceRecord, shown: str, **options: object) -> NewArticle:
    """The metadata of a text whose provenance record gives its headline, outlet and date."""
    published = record.published
    precision = (precision_of(published) or "unknown") if published else "unknown"
    return NewArticle(
        source=source,
        headline=record.title,
        outlet=record.outlet,
        outlet_evidence=f"Named by the provenance record {shown} (outlet), not by the text itself.",
        publication_date=published if precision != "unknown" else None,
        publication_date_precision=precision,
        publication_date_evidence=f"The provenance record {shown} gives published: {published}."
        if published
        else f"The provenance record {shown} gives no publication date.",
        # Quoted: `key: 044_000` in free text would look like a YAML number to the fast reader.
        note="; ".join(f'provenance record {key}: "{value}"' for key, value in (record.model_extra or {}).items())
        or None,
        provenance={
            "source_url": record.url,
            "source_repository": record.repository,
            "source_path": record.path,
            "source_commit": record.commit,
            "license_note": record.license_note,
            "extraction_changes": list(record.changes),
        },
        **options,  # type: ignore[arg-type]
    )


def slug(headline: str) -> str:
    """A readable id from a headline: its first words, lowercase ASCII, joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", headline.lower().replace("’", "").replace("'", ""))
    return "-".join(words[:MAX_ID_WORDS])


def existing_hashes(project: Project) -> dict[str, str]:
    hashes = {}
    for path in sorted(project.raw.glob("*.meta.yaml")):
        try:
            data, _ = read_yaml(path)
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("sha256"), str):
            hashes[data["sha256"]] = project.relative(path)
    return hashes


def add_article(project: Project, new: NewArticle) -> tuple[str | None, list[Problem]]:
    """Write the three files of a new article; nothing is written when there is any problem."""
    problems: list[Problem] = []
    shown = str(new.source)
    read = read_article_text(new.source, shown, problems)
    if read is None:
        return None, problems
    _, raw = read
    digest = hashlib.sha256(raw).hexdigest()
    duplicate = existing_hashes(project).get(digest)
    if duplicate:
        return None, [
            Problem(shown, 1, "file", f"this text is already in the dataset ({duplicate})", code="duplicate-text")
        ]
    article_id = new.article_id or slug(new.headline)
    existing = [project.text_path(article_id), project.meta_path(article_id), project.annotation_path(article_id)]
    if any(path.exists() or path.is_symlink() for path in existing):
        return None, [
            Problem(
                shown,
                1,
                "article_id",
                f"{article_id!r} exists already",
                "choose another id with --article-id; ids are permanent",
                code="id-taken",
            )
        ]
    record = {
        "article_id": article_id,
        "headline": new.headline,
        "outlet": new.outlet,
        "outlet_evidence": new.outlet_evidence,
        "publication_date": new.publication_date,
        "publication_date_precision": new.publication_date_precision,
        "publication_date_evidence": new.publication_date_evidence,
        "language": new.language,
        "genre": new.genre,
        "source_file": new.source.name,
        **new.provenance,
        "text_rights": new.text_rights,
        "sha256": digest,
        "split_group": new.split_group,
        "note": new.note,
    }
    meta, problems = validate_model(ArticleMeta, record, "command line", LineMap())
    if meta is None:
        return None, [Problem("command line", 0, p.field, p.message, p.hint, code=p.code) for p in problems]
    project.raw.mkdir(exist_ok=True)
    project.annotations.mkdir(exist_ok=True)
    empty = {"article_id": article_id, "statements": [], "entities": [], "not_statements": []}
    files = {
        project.text_path(article_id): raw,  # verbatim: offsets will point into these bytes
        project.meta_path(article_id): dump_yaml(meta.model_dump()).encode("utf-8"),
        project.annotation_path(article_id): dump_yaml(empty).encode("utf-8"),
    }
    written: list[Path] = []
    try:
        for path, data in files.items():
            replace_file(path, data, new=True)
            written.append(path)
    except OSError as error:  # a full disk: take back what was written, leave nothing half done
        for path in written:
            path.unlink(missing_ok=True)
        return None, [
            Problem(
                shown, 1, "file", f"could not write {project.relative(path)}: {error.strerror}", code="write-failed"
            )
        ]
    return article_id, []
