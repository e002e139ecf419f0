"""The shipped data itself: verbatim articles, complete annotation, one registry."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from dprk_ru_statements.checks.validate import validate
from dprk_ru_statements.core.paths import Project
from dprk_ru_statements.records.quotes import quoted_spans
from dprk_ru_statements.records.yamlio import read_yaml
from dprk_ru_statements.release.stats import compute
from dprk_ru_statements.tables.table import tables_of

from .conftest import REPO

SEEDS = REPO.parent / "shared" / "seeds"
CORPUS = REPO.parent / "shared" / "corpus"  # the texts added with their provenance records


@pytest.fixture(scope="module")
def shipped():
    corpus, problems = validate(Project(REPO))
    assert problems == []
    return corpus


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed folder is not beside this checkout")
def test_raw_articles_are_the_seeds_byte_for_byte(shipped) -> None:
    for article in shipped.articles.values():
        seed = (CORPUS if article.meta.source_repository else SEEDS) / article.meta.source_file
        assert (REPO / "raw" / f"{article.meta.article_id}.txt").read_bytes() == seed.read_bytes()


def test_metadata_hashes_match_the_bytes(shipped) -> None:
    for article_id, article in shipped.articles.items():
        assert hashlib.sha256((REPO / "raw" / f"{article_id}.txt").read_bytes()).hexdigest() == article.meta.sha256


def test_no_quoted_span_is_left_without_a_statement_or_a_reason(shipped) -> None:
    stats = compute(tables_of(shipped))
    assert [(u.article_id, u.span.text) for u in stats.unexplained] == []
    # Every exclusion names a real quoted span: none is stale.
    for article_id, annotation in shipped.annotations.items():
        spans = {(s.start, s.end) for s in quoted_spans(shipped.articles[article_id].text)}
        for _, excluded in annotation.not_statements:
            assert (excluded.char_start, excluded.char_end) in spans, excluded


def test_every_direct_quote_is_exactly_a_quoted_span(shipped) -> None:
    for article_id, annotation in shipped.annotations.items():
        text = shipped.articles[article_id].text
        inner = {(s.start, s.end) for s in quoted_spans(text)}
        for _, statement in annotation.statements:
            if statement.quote_kind == "direct":
                assert (statement.char_start, statement.char_end) in inner, statement.statement_id


def test_statement_ids_are_numbered_without_gaps_or_reuse(shipped) -> None:
    for article_id, annotation in shipped.annotations.items():
        numbers = [int(s.statement_id.rsplit(".s", 1)[1]) for _, s in annotation.statements]
        assert numbers == list(range(1, len(numbers) + 1)), article_id


def test_annotation_files_are_in_canonical_form() -> None:
    from dprk_ru_statements.records.yamlio import dump_yaml

    for path in sorted((REPO / "annotations").glob("*.yaml")):
        data, _ = read_yaml(path)
        assert dump_yaml(data) == path.read_text("utf-8"), f"{path.name} is not in canonical form"


def test_registry_is_sorted_by_name() -> None:
    data, _ = read_yaml(REPO / "registry" / "speakers.yaml")
    names = [speaker["name"] for speaker in data["speakers"]]
    assert names == sorted(names, key=str.casefold)


def test_only_known_files_in_data_folders() -> None:
    assert {p.suffix for p in (REPO / "annotations").iterdir()} == {".yaml"}
    assert all(p.name.endswith((".txt", ".meta.yaml")) for p in Path(REPO / "raw").iterdir())
