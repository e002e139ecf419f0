"""JSON Schemas for editors (YAML language servers), generated from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path

from .models import AnnotationFile, ArticleMeta, SpeakerRegistry

SCHEMAS = {
    "annotation.schema.json": AnnotationFile,
    "article.schema.json": ArticleMeta,
    "speakers.schema.json": SpeakerRegistry,
}


def render_all(folder: Path) -> dict[Path, str]:
    return {
        folder / name: json.dumps(model.model_json_schema(), indent=2, ensure_ascii=False) + "\n"
        for name, model in SCHEMAS.items()
    }
