"""Validation entry point shared by `validate` and `build`: every problem, sorted."""

from __future__ import annotations

from pathlib import Path

from ..core.paths import Project
from ..core.problems import Problem
from ..records.corpus import Corpus, load_registry, load_speakers
from .articles import read_and_check
from .rules import unused_speakers


def validate(project: Project, paths: list[Path] | None = None) -> tuple[Corpus, list[Problem]]:
    """Every problem of the checkout, or of the annotation files in `paths` and their articles."""
    problems: list[Problem] = []
    corpus = load_registry(project, problems)
    ids = None if paths is None else {path.name.removesuffix(".yaml") for path in paths}
    problems += read_and_check(project, corpus, ids)
    if paths is None and not corpus.incomplete:  # only the whole corpus can tell that a speaker is unused
        problems += unused_speaker_problems(project, corpus)
    if paths is None:
        from ..records.dataset_info import dataset_info_problems

        problems += dataset_info_problems(project)
    return corpus, sorted(set(problems))


def unused_speaker_problems(project: Project, corpus: Corpus) -> list[Problem]:
    """Registry entries no statement names, on their lines (the registry is read fast, without)."""
    if not set(corpus.speakers) - corpus.named_speakers:
        return []
    with_lines = Corpus(named_speakers=corpus.named_speakers)
    load_speakers(project, with_lines, [])
    return unused_speakers(with_lines, project.relative(project.speakers))
