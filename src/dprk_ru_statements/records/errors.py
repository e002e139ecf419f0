"""Turn pydantic's validation errors into one `Problem` per failure, with the YAML line."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from ..core.problems import Problem
from .yamlio import KeyPath, LineMap


def _field_name(loc: KeyPath) -> str:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else "file"


def _allowed_fields(model: type[BaseModel], loc: KeyPath) -> list[str]:
    """The field names of the (possibly nested) model that `loc` points into."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            break
        annotation = field.annotation
        for arg in getattr(annotation, "__args__", ()):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                annotation = arg
        current = annotation
    return list(getattr(current, "model_fields", {}))


def _describe(error: dict[str, Any], model: type[BaseModel]) -> tuple[str, str | None]:
    kind, loc = error["type"], error["loc"]
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"allowed fields: {', '.join(allowed)}"
        return "unknown field", hint
    if kind == "missing":
        return "required field is missing", None
    if kind == "literal_error":
        # pydantic lists the labels as "'a', 'b' or 'c'"; the closest one is the likely intent.
        labels = re.findall(r"'([^']*)'", str(error["ctx"]["expected"]))
        close = difflib.get_close_matches(str(error["input"]), labels, n=1, cutoff=0.6)
        return f"{error['input']!r} is not one of {error['ctx']['expected']}", (
            f"did you mean {close[0]!r}?" if close else None
        )
    if kind in ("greater_than_equal", "greater_than"):
        bound = error["ctx"].get("ge", error["ctx"].get("gt"))
        relation = "at least" if kind == "greater_than_equal" else "greater than"
        return f"{error['input']!r} must be {relation} {bound}", None
    if kind == "string_pattern_mismatch":
        return f"{error['input']!r} does not match the pattern {error['ctx']['pattern']}", None
    message = error["msg"].removeprefix("Value error, ")
    if kind.endswith("_type"):
        message = f"{message}, got {type(error['input']).__name__} {error['input']!r}"
    return message, None


def problems_from(
    error: ValidationError, model: type[BaseModel], path: str, lines: LineMap, prefix: KeyPath = ()
) -> list[Problem]:
    problems = []
    items = error.errors()
    explained = _missing_explained_by_typos(items, model)
    for item in items:
        if item["type"] == "missing" and item["loc"] in explained:
            continue  # the unknown field next to it is that field misspelt: one problem, not two
        loc = (*prefix, *item["loc"])
        message, hint = _describe(item, model)
        line = lines.line(loc if item["type"] != "missing" else loc[:-1])
        problems.append(Problem(path, line, _field_name(loc), message, hint, code="schema"))
    return problems


def _missing_explained_by_typos(items: list[dict[str, Any]], model: type[BaseModel]) -> set[tuple]:
    explained = set()
    for item in items:
        if item["type"] == "extra_forbidden":
            parent, typo = item["loc"][:-1], str(item["loc"][-1])
            for close in difflib.get_close_matches(typo, _allowed_fields(model, parent), n=1):
                explained.add((*parent, close))
    return explained


def validate_model(
    model: type[BaseModel], data: Any, path: str, lines: LineMap, prefix: KeyPath = ()
) -> tuple[Any, list[Problem]]:
    """The model built from `data`, or None and the problems that prevent it."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, problems_from(error, model, path, lines, prefix)
