"""Read articles and check each on its own: the one loop that `validate`, the build's workers and
the build's slow re-check all run."""

from __future__ import annotations

from ..core.paths import Project
from ..core.problems import Problem
from ..records.corpus import Corpus, annotation_ids, load_annotation, load_articles
from ..records.yamlio import LineMap
from .rules import check_annotation


def read_and_check(
    project: Project,
    corpus: Corpus,
    article_ids: set[str] | None = None,
    annotated: set[str] | None = None,
    *,
    lines: bool = True,
    registry: bool = True,
) -> list[Problem]:
    """Read these articles' texts, metadata and annotation files into `corpus` and check each
    annotation: every problem found. `article_ids` None means all of raw/ and annotations/;
    `annotated` are the ids with an annotation file (default: those of `article_ids`). Without
    `lines`, files are read the fast way and problems carry no line numbers (enough to tell sound
    from not sound); without `registry`, speakers are not looked up (the build checks them once,
    over its table)."""
    problems: list[Problem] = []
    load_articles(project, corpus, problems, only=article_ids, lines=lines)
    if article_ids is None:
        annotated = annotation_ids(project)
        article_ids = corpus.raw_ids | annotated
    elif annotated is None:
        annotated = article_ids
    for article_id in sorted(article_ids & annotated):
        corpus.annotation_ids.add(article_id)
        path = project.annotation_path(article_id)
        annotation = load_annotation(project, path, problems, corpus.named_speakers, lines=lines)
        if annotation is None:
            corpus.incomplete = True
            continue
        corpus.annotations[article_id] = annotation
        problems += check_annotation(corpus, annotation, registry=registry)
        annotation.lines = LineMap()  # checked: a million statements' key lines would fill gigabytes
    for article_id in sorted(article_ids - annotated):
        if article_id in corpus.articles:
            corpus.incomplete = True
            problems.append(
                Problem(
                    corpus.articles[article_id].meta_path,
                    1,
                    "file",
                    "article has no annotation file",
                    f"add annotations/{article_id}.yaml",
                    code="file-missing",
                )
            )
    return problems
