"""JSON Schemas for editors (YAML language servers), generated from the pydantic models, with each
field that is a published column described by its meaning in `schema/columns.yaml`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .columns import meanings
from .models import AnnotationFile, ArticleMeta, SpeakerRegistry, Statement

SCHEMAS = {
    "annotation.schema.json": AnnotationFile,
    "article.schema.json": ArticleMeta,
    "speakers.schema.json": SpeakerRegistry,
}
# The records whose fields are published as columns of a table; an article's own fields are
# published with the `article_` prefix where the statements have a column of the same name.
COLUMN_RECORDS: dict[type[BaseModel], str] = {Statement: "statements", ArticleMeta: "articles"}


def described(schema: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """`schema` (a model's JSON Schema) with the column meanings as its fields' descriptions."""
    for record, table in COLUMN_RECORDS.items():
        target = schema if record is model else schema.get("$defs", {}).get(record.__name__)
        if target is None:
            continue
        meaning = meanings(table)
        for name, field in target["properties"].items():
            text = meaning.get(name) or meaning.get(f"article_{name}")
            if text:
                field["description"] = text
    return schema


def render_all(folder: Path) -> dict[Path, str]:
    return {
        folder / name: json.dumps(described(model.model_json_schema(), model), indent=2, ensure_ascii=False) + "\n"
        for name, model in SCHEMAS.items()
    }
