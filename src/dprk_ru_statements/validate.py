"""Validation entry point shared by `validate` and `build`: every problem, sorted."""

from __future__ import annotations

from pathlib import Path

from .checks import check_annotation, unused_speakers
from .corpus import Corpus, Progress, load_corpus
from .paths import Project
from .problems import Problem


def validate(
    project: Project, paths: list[Path] | None = None, progress: Progress | None = None
) -> tuple[Corpus, list[Problem]]:
    corpus, problems = load_corpus(project, paths, progress, check=check_annotation)
    if paths is None and not corpus.incomplete:  # only the whole corpus can tell that a speaker is unused
        problems += unused_speakers(corpus, project.relative(project.speakers))
    return corpus, sorted(set(problems))
