"""Canonical form of the editable YAML files: keys in model order, statements by id, one style.

A file that does not parse is left alone (validate reports it); unknown keys are kept, last, so that
validate still reports them instead of fmt silently dropping a contributor's typo.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..contract.models import AnnotationFile, ArticleMeta, Entity, NotStatement, Speaker, Statement
from ..core.files import replace_file
from ..core.paths import Project
from ..records.yamlio import YamlError, dump_yaml, read_yaml

REGISTRY_HEADER = """\
# The speaker registry: one canonical entry per person or body speaking in the dataset.
# Annotations name speakers by `name`; validate checks their speaker_type, affiliation, country
# and speaker_qid against the entry. A Wikidata id is given only when certain.
"""


@dataclass(frozen=True)
class Formatted:
    path: Path
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def ordered(record: Any, model: type[BaseModel]) -> Any:
    """`record` with the model's fields first, in model order, and any other keys after them."""
    if not isinstance(record, dict):
        return record
    known = [name for name in model.model_fields if name in record]
    return {name: record[name] for name in known} | {k: v for k, v in record.items() if k not in known}


def _statement_key(item: Any) -> tuple:
    number = str(item.get("statement_id", "")).rsplit(".s", 1)[-1] if isinstance(item, dict) else ""
    return (0, int(number)) if number.isdigit() else (1, str(number))


def canonical_annotation(data: Any) -> Any:
    if not isinstance(data, dict):
        return data
    data = ordered(data, AnnotationFile)
    if isinstance(data.get("statements"), list):
        items = [ordered(item, Statement) for item in data["statements"]]
        data["statements"] = sorted(items, key=_statement_key)
    if isinstance(data.get("entities"), list):
        data["entities"] = [ordered(item, Entity) for item in data["entities"]]
    if isinstance(data.get("not_statements"), list):
        items = [ordered(item, NotStatement) for item in data["not_statements"]]
        data["not_statements"] = sorted(
            items, key=lambda i: (i.get("char_start", 0), i.get("char_end", 0)) if isinstance(i, dict) else (0, 0)
        )
    return data


def canonical_registry(data: Any) -> Any:
    if isinstance(data, dict) and isinstance(data.get("speakers"), list):
        speakers = [ordered(item, Speaker) for item in data["speakers"]]
        data = data | {
            "speakers": sorted(speakers, key=lambda s: str(s.get("name", "")).casefold() if isinstance(s, dict) else "")
        }
    return data


def format_text(text: str, kind: str) -> str:
    """The canonical text for a file of `kind` ('annotation', 'meta' or 'registry')."""
    from ..records.yamlio import parse_yaml

    data, _ = parse_yaml(text)
    if kind == "annotation":
        return dump_yaml(canonical_annotation(data))
    if kind == "meta":
        return dump_yaml(ordered(data, ArticleMeta))
    return REGISTRY_HEADER + dump_yaml(canonical_registry(data))


def editable_files(project: Project) -> list[tuple[Path, str]]:
    files = [(path, "annotation") for path in sorted(project.annotations.glob("*.yaml"))]
    files += [(path, "meta") for path in sorted(project.raw.glob("*.meta.yaml"))]
    if project.speakers.is_file():
        files.append((project.speakers, "registry"))
    return files


def format_project(project: Project, write: bool) -> tuple[list[Formatted], list[str]]:
    """Every editable file in canonical form; files that do not parse are named, not touched."""
    results, unparsable = [], []
    for path, kind in editable_files(project):
        before = path.read_text("utf-8", errors="replace")
        try:
            read_yaml(path)
            after = format_text(before, kind)
        except YamlError as error:
            unparsable.append(f"{project.relative(path)}:{error.line}: {error.field}: {error.message}")
            continue
        result = Formatted(path, before, after)
        if write and result.changed:
            replace_file(path, after)
        results.append(result)
    return results, unparsable
