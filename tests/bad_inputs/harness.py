"""Apply a catalogue case to a fresh copy of the base project."""

from __future__ import annotations

import ast
import hashlib
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
BASE = HERE / "base"
CATALOGUE = HERE / "catalogue.yaml"


def cases() -> list[dict[str, Any]]:
    return yaml.safe_load(CATALOGUE.read_text("utf-8"))["cases"]


def _text(root: Path, text: str) -> str:
    if text.startswith("SIZE:"):
        size = int(text.removeprefix("SIZE:"))
        return "# padding\n" * (size // 10 + 1)
    # A metadata file written by a case gets the real hash of the text it describes.
    return re.sub(r"\{sha256:([^}]+)\}", lambda m: hashlib.sha256((root / m.group(1)).read_bytes()).hexdigest(), text)


def build_case(case: dict[str, Any], root: Path) -> Path:
    shutil.copytree(BASE, root, symlinks=True, ignore=shutil.ignore_patterns(".cache"))
    return apply_edits(case, root)


def apply_edits(case: dict[str, Any], root: Path) -> Path:
    for edit in case["edits"]:
        ((operation, argument),) = edit.items()
        if operation == "replace":
            name, old, new = argument
            path = root / name
            text = path.read_text("utf-8")
            assert old in text, f"{case['name']}: {old!r} not in {name}"
            path.write_text(text.replace(old, new, 1), "utf-8")
        elif operation == "write":
            name, text = argument
            (root / name).write_text(_text(root, text), "utf-8")
        elif operation == "write_bytes":
            name, literal = argument
            (root / name).write_bytes(ast.literal_eval(literal))
        elif operation == "delete":
            (root / argument).unlink()
        elif operation == "rehash":
            meta = root / argument.replace(".txt", ".meta.yaml")
            digest = hashlib.sha256((root / argument).read_bytes()).hexdigest()
            meta.write_text(re.sub(r"sha256: [0-9a-f]{64}", f"sha256: {digest}", meta.read_text("utf-8")), "utf-8")
        elif operation == "symlink":
            name, target = argument
            (root / name).symlink_to(target)
        else:
            raise ValueError(f"unknown edit {operation!r}")
    return root
