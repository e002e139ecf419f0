"""The package's layout is its pipeline: each stage imports only the stages below it.

core < contract < records < checks < tables < release < tools < cli. A module may import its own
stage and any stage below; an import upwards (records reaching into release, say) is a defect, so
the pipeline can be followed from the bottom up without returning to a module already left.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dprk_ru_statements.core.paths import PACKAGE_DIR

STAGES = ("core", "contract", "records", "checks", "tables", "release", "tools")
# Modules at the package's top: the command line over everything, and the consumer's `load()`.
TOP = {"cli": len(STAGES), "__main__": len(STAGES) + 1, "__init__": len(STAGES)}


def stage_of(module: tuple[str, ...]) -> int:
    """The rank of a module given as its parts under the package (`("tables", "assemble")`)."""
    if len(module) == 1:
        return TOP[module[0]] if module[0] in TOP else STAGES.index(module[0])
    return STAGES.index(module[0])


def own_module(path: Path) -> tuple[str, ...]:
    parts = path.relative_to(PACKAGE_DIR).with_suffix("").parts
    return parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts


def imported_modules(path: Path, source: str | None = None) -> list[tuple[int, tuple[str, ...]]]:
    """Every module of this package that `path` (or `source` as if it stood at `path`) imports,
    anywhere in it (functions too): (line, parts)."""
    package = path.relative_to(PACKAGE_DIR).parent.parts
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8") if source is None else source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = (*base, *node.module.split(".")) if node.module else base
                names = [alias.name for alias in node.names] if not node.module else []
                found += [(node.lineno, (*target, name)) for name in names] or [(node.lineno, target)]
            elif node.module and node.module.startswith("dprk_ru_statements."):
                found.append((node.lineno, tuple(node.module.split(".")[1:])))
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, tuple(alias.name.split(".")[1:]))
                for alias in node.names
                if alias.name.startswith("dprk_ru_statements.")
            ]
    return [(line, module) for line, module in found if module]


MODULES = sorted(PACKAGE_DIR.rglob("*.py"))


def test_every_module_is_in_a_known_stage() -> None:
    for path in MODULES:
        module = own_module(path)
        assert module[0] in STAGES or module[0] in TOP, f"{path}: not in a stage of {STAGES}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_imports_point_down_the_pipeline(path: Path) -> None:
    own = stage_of(own_module(path))
    upward = [f"line {line}: {'.'.join(module)}" for line, module in imported_modules(path) if stage_of(module) > own]
    assert not upward, f"{path.relative_to(PACKAGE_DIR)} imports a later stage: {upward}"


def test_click_only_in_the_command_line() -> None:
    users = [
        str(path.relative_to(PACKAGE_DIR))
        for path in MODULES
        if path.name != "cli.py"
        and any(
            (isinstance(node, ast.Import) and any(a.name == "click" for a in node.names))
            or (isinstance(node, ast.ImportFrom) and node.module == "click")
            for node in ast.walk(ast.parse(path.read_text("utf-8")))
        )
    ]
    assert users == []


def test_the_checker_catches_an_upward_import() -> None:
    """The rule above can fail: records/corpus.py importing the release stage would be reported."""
    corpus = PACKAGE_DIR / "records" / "corpus.py"
    source = "from ..release.report import make_report\nfrom . import yamlio\nfrom ..core.paths import Project\n"
    found = imported_modules(corpus, source)
    assert found == [(1, ("release", "report")), (2, ("records", "yamlio")), (3, ("core", "paths"))]
    assert [stage_of(module) > stage_of(own_module(corpus)) for _, module in found] == [True, False, False]
