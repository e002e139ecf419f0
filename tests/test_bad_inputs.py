"""Every case of the bad-input catalogue gives exactly its lines, exit 1, and no release."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dprk_ru_statements.checks.validate import validate
from dprk_ru_statements.cli import main
from dprk_ru_statements.core.paths import Project
from dprk_ru_statements.tables.assemble import assemble

from .bad_inputs.document import DOC, render
from .bad_inputs.harness import BASE, apply_edits, build_case, cases

CASES = cases()


def test_the_base_project_is_valid() -> None:
    result = CliRunner().invoke(main, ["validate", "--no-cache", "--root", str(BASE)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_the_build_check_and_the_file_by_file_check_agree(case: dict, tmp_path: Path) -> None:
    """assemble (fast reading, workers, cache; what validate and build run) and validate.validate
    (PyYAML with lines, the whole corpus in one process) give the same problems, whether the
    cache is empty or holds the articles as they were before the break."""
    cold = build_case(case, tmp_path / "cold")
    _, reference = validate(Project(cold))
    assert reference == assemble(Project(cold))[1]
    warm = build_case({"edits": []}, tmp_path / "warm")
    assert assemble(Project(warm))[0] is not None
    apply_edits(case, warm)
    tables, problems = assemble(Project(warm))
    assert tables is None and [str(p) for p in problems] == [str(p) for p in reference]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case_gives_its_exact_lines_and_publishes_nothing(case: dict, tmp_path: Path) -> None:
    root = build_case(case, tmp_path / "project")
    result = CliRunner().invoke(main, ["validate", "--root", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:-1] == case["expect"]
    assert lines[-1].startswith(f"{len(case['expect'])} problem(s) in ")
    built = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert built.exit_code == 1
    assert "nothing was published" in built.output
    assert not (root / "dist").exists() or not any((root / "dist").iterdir())


@pytest.mark.parametrize(
    "name", ["YAML tag that would construct an object", "alias bomb (billion laughs)", "text not in Unicode NFC"]
)
def test_a_real_process_prints_no_traceback(name: str, tmp_path: Path) -> None:
    case = next(case for case in CASES if case["name"] == name)
    root = build_case(case, tmp_path / "project")
    done = subprocess.run(
        [sys.executable, "-m", "dprk_ru_statements", "validate", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[:-1] == case["expect"]


def test_every_kind_the_issue_names_is_covered() -> None:
    assert len(CASES) >= 30
    assert len({case["name"] for case in CASES}) == len(CASES)


def test_contributor_documentation_is_current() -> None:
    assert DOC.read_text("utf-8") == render(), "docs/bad-inputs.md is stale: run `python -m tests.bad_inputs.document`"
