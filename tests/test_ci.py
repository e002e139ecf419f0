"""The pull-request workflow checks what CI checks, and the contributor set-up it documents installs."""

from __future__ import annotations

import re
import tomllib

import yaml

from .conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "pull-request.yml"
CI = REPO / ".ci" / "run"


def workflow_commands() -> str:
    steps = yaml.safe_load(WORKFLOW.read_text("utf-8"))["jobs"]["check"]["steps"]
    return "\n".join(step.get("run", "") for step in steps)


def test_every_linter_of_ci_runs_on_pull_requests() -> None:
    linters = [line.strip() for line in CI.read_text("utf-8").splitlines() if line.startswith(".venv/bin/")]
    assert linters, ".ci/run runs linters"
    commands = workflow_commands()
    missing = [line for line in linters if line not in commands]
    assert missing == [], f"add to {WORKFLOW.name}: {missing}"


def test_generated_files_check_sees_untracked_files() -> None:
    # `git diff` ignores a dist/<version>/ that the build created and nobody added.
    assert "git status --porcelain" in workflow_commands()


def test_pull_request_template_links_resolve_in_a_description() -> None:
    template = (REPO / ".github" / "pull_request_template.md").read_text("utf-8")
    links = re.findall(r"\]\(([^)]+)\)", template)
    assert links and all(link.startswith("https://") for link in links), links


def test_pre_commit_installs_from_the_documented_extra() -> None:
    extras = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]
    assert any(requirement.startswith("pre-commit") for requirement in extras["dev"])
    assert "-e '.[dev]'" in (REPO / "CONTRIBUTING.md").read_text("utf-8")
