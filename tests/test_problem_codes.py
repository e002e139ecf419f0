"""Every problem carries a stable code from schema/problem_codes.yaml, and code acts on codes."""

from __future__ import annotations

import ast

import yaml

from dprk_ru_statements.checks.validate import validate
from dprk_ru_statements.contract.vocab import schema_dir
from dprk_ru_statements.core.paths import PACKAGE_DIR, Project
from dprk_ru_statements.records.yamlio import dump_yaml

CATALOGUE = yaml.safe_load((schema_dir() / "problem_codes.yaml").read_text("utf-8"))["codes"]


def problem_calls() -> list[tuple[str, ast.Call]]:
    """Every `Problem(...)` the package makes, with where."""
    calls = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem":
                calls.append((f"{path.relative_to(PACKAGE_DIR)}:{node.lineno}", node))
    return calls


def test_every_problem_the_package_makes_names_its_code() -> None:
    assert [where for where, call in problem_calls() if not any(k.arg == "code" for k in call.keywords)] == []


def test_every_code_used_is_in_the_catalogue_and_every_entry_is_used() -> None:
    used = {
        keyword.value.value
        for _, call in problem_calls()
        for keyword in call.keywords
        if keyword.arg == "code" and isinstance(keyword.value, ast.Constant)
    }
    assert used - set(CATALOGUE) == set(), "codes missing from schema/problem_codes.yaml"
    # "invalid" is the default for a Problem made without a code.
    assert set(CATALOGUE) - used - {"invalid"} == set(), "catalogue entries no code uses"


def test_problems_found_in_real_files_carry_their_codes(project: Project) -> None:
    annotation = next(project.annotations.glob("us-senators-*.yaml"))
    data = yaml.safe_load(annotation.read_text("utf-8"))
    first, second, third = data["statements"][:3]
    first["text"] += " and more"
    second["speaker"] = "Nobody Registered"
    third["claim_type"] = "worry"
    annotation.write_text(dump_yaml(data), "utf-8")
    _, problems = validate(project, [annotation])
    codes = {(problem.field, problem.code) for problem in problems}
    assert {("text", "span-mismatch"), ("speaker", "speaker-unknown"), ("claim_type", "schema")} <= codes
    assert all(problem.code in CATALOGUE for problem in problems)
