"""Validation entry point shared by `validate` and `build`: every problem, sorted."""

from __future__ import annotations

from pathlib import Path

from .checks import check_annotation, unused_speakers
from .corpus import Corpus, Progress, load_corpus, load_speakers
from .paths import Project
from .problems import Problem


def validate(
    project: Project, paths: list[Path] | None = None, progress: Progress | None = None
) -> tuple[Corpus, list[Problem]]:
    corpus, problems = load_corpus(project, paths, progress, check=check_annotation)
    if paths is None and not corpus.incomplete:  # only the whole corpus can tell that a speaker is unused
        problems += unused_speaker_problems(project, corpus)
    if paths is None:
        from .report import dataset_info_problems

        problems += dataset_info_problems(project)
    return corpus, sorted(set(problems))


def unused_speaker_problems(project: Project, corpus: Corpus) -> list[Problem]:
    """Registry entries no statement names, on their lines (the registry is read fast, without)."""
    if not set(corpus.speakers) - corpus.named_speakers:
        return []
    with_lines = Corpus(named_speakers=corpus.named_speakers)
    load_speakers(project, with_lines, [])
    return unused_speakers(with_lines, project.relative(project.speakers))
