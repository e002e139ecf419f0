"""The entry points users call: build.py, python -m, the console script, and load()."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import dprk_ru_statements
from dprk_ru_statements.cli import main
from dprk_ru_statements.core.paths import Project
from dprk_ru_statements.release.publish import Release

from .conftest import REPO, SHIPPED, replace_in


def test_build_py_publishes_and_validate_runs_as_module(project: Project) -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(project.root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.strip()
        == f"published: dist/{SHIPPED.version} ({SHIPPED.statements} statements, {SHIPPED.articles} articles)"
    )
    done = subprocess.run(
        [sys.executable, "-m", "dprk_ru_statements", "validate", "--root", str(project.root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr.strip()) == (
        0,
        f"ok: {SHIPPED.statements} statements in {SHIPPED.articles} annotation file(s)",
    )


def test_broken_file_gives_one_line_and_no_traceback_from_a_real_process(project: Project) -> None:
    path = project.annotation_path("us-senators-express-concern")
    replace_in(path, "claim_type: concern", "claim_type: [concern")
    done = subprocess.run(
        [sys.executable, "-m", "dprk_ru_statements", "validate", "--root", str(project.root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    first = done.stderr.splitlines()[0]
    assert first.startswith("annotations/us-senators-express-concern.yaml:") and ": yaml: " in first


def test_stats_lists_completeness(project: Project) -> None:
    result = CliRunner().invoke(main, ["stats", "--root", str(project.root)])
    assert result.exit_code == 0
    reasons = [n for f in project.annotations.glob("*.yaml") for n in yaml.safe_load(f.read_text())["not_statements"]]
    assert f"{len(reasons)} uncovered quoted span(s), 0 without a reason" in result.output


def test_stats_fails_on_an_unexplained_quote(project: Project) -> None:
    path = project.annotation_path("us-concerned-kim-more-equipment")
    text = path.read_text("utf-8")
    start = text.index("- char_start: 2519")
    end = text.index("- char_start", start + 1)
    path.write_text(text[:start] + text[end:], "utf-8")
    result = CliRunner().invoke(main, ["stats", "--root", str(project.root)])
    assert result.exit_code == 1
    assert "| us-concerned-kim-more-equipment | 2519-2527 | reckless | **none given** |" in result.output


def test_verify_command(release: Release) -> None:
    result = CliRunner().invoke(main, ["verify", str(release.path)])
    assert result.exit_code == 0
    assert result.output.startswith("ok: ")


def test_load_returns_the_newest_release(release: Release, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dprk_ru_statements, "release_folders", lambda: [release.path.parent])
    loaded = dprk_ru_statements.load()
    assert sorted(loaded) == ["test", "train", "validation"]
    assert dprk_ru_statements.load(SHIPPED.version, config="articles")["corpus"].num_rows == SHIPPED.articles
    with pytest.raises(FileNotFoundError, match="not found"):
        dprk_ru_statements.load("0.9.0")


def test_usage_error_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--root", str(tmp_path)])
    assert result.exit_code == 2
    assert "no dprk-ru-statements checkout" in result.output


def test_validate_imports_no_heavy_library(project: Project) -> None:
    """The per-save path stays fast by never importing the build's libraries (no timing asserted)."""
    code = (
        "import sys\n"
        "from dprk_ru_statements.cli import main\n"
        f"main(['validate', '--root', {str(project.root)!r}, "
        f"{str(project.annotation_path('us-senators-express-concern'))!r}], standalone_mode=False)\n"
        "heavy = sorted({'pandas', 'pandera', 'datasets', 'matplotlib', 'pyarrow', 'duckdb'} & set(sys.modules))\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_progress_bar_only_for_large_builds_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from dprk_ru_statements import cli

    ids = [f"a-{n}" for n in range(cli.PROGRESS_FROM)]
    chunks = [ids[i : i + 100] for i in range(0, len(ids), 100)]
    assert cli._progress([ids[:10]]) == [ids[:10]]  # small: the list itself, no bar
    terminal = io.StringIO()
    terminal.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(cli.sys, "stderr", terminal)
    assert list(cli._progress(chunks)) == chunks
    assert "checking articles" in terminal.getvalue()
    assert f"{len(ids)}/{len(ids)}" in terminal.getvalue()  # counted in articles, not chunks
    monkeypatch.setattr(terminal, "isatty", lambda: False)
    assert cli._progress(chunks) == chunks  # CI and pipes: quiet
