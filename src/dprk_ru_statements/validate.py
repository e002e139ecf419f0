"""Validation entry point shared by `validate` and `build`: every problem, sorted."""

from __future__ import annotations

from pathlib import Path

from .checks import check_corpus
from .corpus import Corpus, load_corpus
from .paths import Project
from .problems import Problem


def validate(project: Project, paths: list[Path] | None = None) -> tuple[Corpus, list[Problem]]:
    corpus, problems = load_corpus(project, paths)
    problems += check_corpus(corpus)
    return corpus, sorted(set(problems))
