"""Helpers shared by the throwaway experiments: a checkout's files, a best-of-N timer."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dprk_ru_statements.paths import Project


def checkout_files(root: Path, limit: int | None = None) -> tuple[Project, list[Path]]:
    """The project at `root` and its first `limit` annotation files, sorted."""
    project = Project(root)
    files = sorted(project.annotations.glob("*.yaml"))
    return project, files[:limit] if limit else files


def best_of(runs: int, function: Callable[[], Any]) -> tuple[float, Any]:
    """The fastest of `runs` calls (seconds) and the last result."""
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def show(label: str, seconds: float, count: int, unit: str = "file") -> None:
    print(f"{label:<58} {seconds:8.3f} s   {seconds / count * 1e6:9.1f} µs/{unit}", flush=True)
