"""`add-article`: copy a new article verbatim into raw/, with its metadata and an empty annotation."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .corpus import read_article_text
from .errors import validate_model
from .models import ArticleMeta
from .paths import Project
from .problems import Problem
from .yamlio import LineMap, dump_yaml, read_yaml

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
        return None, [Problem(shown, 1, "file", f"this text is already in the dataset ({duplicate})")]
    article_id = new.article_id or slug(new.headline)
    if project.text_path(article_id).exists() or project.meta_path(article_id).exists():
        return None, [
            Problem(
                shown,
                1,
                "article_id",
                f"{article_id!r} exists already",
                "choose another id with --article-id; ids are permanent",
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
        "source_file": new.source.name,
        "sha256": digest,
        "split_group": new.split_group,
        "note": None,
    }
    meta, problems = validate_model(ArticleMeta, record, "command line", LineMap())
    if meta is None:
        return None, [Problem("command line", 0, p.field, p.message, p.hint) for p in problems]
    project.raw.mkdir(exist_ok=True)
    project.annotations.mkdir(exist_ok=True)
    project.text_path(article_id).write_bytes(raw)  # verbatim: offsets will point into these bytes
    project.meta_path(article_id).write_text(dump_yaml(meta.model_dump()), "utf-8")
    empty = {"article_id": article_id, "statements": [], "not_statements": []}
    project.annotation_path(article_id).write_text(dump_yaml(empty), "utf-8")
    return article_id, []
