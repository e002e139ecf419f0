"""dataset.yaml: the release's metadata (name, version, release date, licences), read and checked."""

from __future__ import annotations

from typing import Any

from ..contract.models import DatasetFile
from ..core.paths import Project
from ..core.problems import DataError, Problem
from .errors import validate_model
from .yamlio import YamlError, read_yaml


def dataset_info_problems(project: Project) -> list[Problem]:
    """What is wrong with dataset.yaml, one problem each (none when it is sound)."""
    try:
        load_dataset_info(project)
    except DataError as error:
        return error.problems
    return []


def load_dataset_info(project: Project) -> dict[str, Any]:
    """dataset.yaml, checked: raise DataError with one line per problem (nothing is written)."""
    shown = project.relative(project.dataset_file)
    try:
        data, lines = read_yaml(project.dataset_file)
    except YamlError as error:
        raise DataError([Problem(shown, error.line, error.field, error.message, error.hint, code="yaml")]) from None
    except OSError as error:
        raise DataError([Problem(shown, 1, "file", f"cannot be read ({error.strerror})", code="file")]) from None
    if not isinstance(data, dict):
        raise DataError([Problem(shown, 1, "file", "expected a mapping of the release's metadata", code="structure")])
    model, problems = validate_model(DatasetFile, data, shown, lines)
    if model is None or problems:
        raise DataError(problems)
    return model.model_dump()
