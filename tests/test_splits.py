"""Splits are a pure function of the split group: adding articles moves none."""

from __future__ import annotations

import shutil
from collections import Counter

from dprk_ru_statements.contract.vocab import vocabularies
from dprk_ru_statements.core.paths import Project
from dprk_ru_statements.release.publish import publish
from dprk_ru_statements.tables.splits import bucket, split_of

from .conftest import SHIPPED, bump_version, replace_in


def test_shares_add_up_and_buckets_spread() -> None:
    assert sum(vocabularies().splits.values()) == 100
    counts = Counter(split_of(f"article-{i}") for i in range(5000))
    for name, share in vocabularies().splits.items():
        assert abs(counts[name] / 5000 - share / 100) < 0.03
    assert bucket("x") == bucket("x")


def test_adding_articles_moves_no_existing_one(project: Project) -> None:
    import pyarrow.parquet as pq

    def assignment(path) -> dict[str, str]:
        rows = pq.read_table(path / "data" / "articles.parquet", columns=["article_id", "article_split"]).to_pylist()
        return {row["article_id"]: row["article_split"] for row in rows}

    before = assignment(publish(project).path)
    for n in range(12):  # copies of one article under new ids, as contributors would add them
        new_id = f"copy-{n}-us-senators-express-concern"
        shutil.copy(project.text_path("us-senators-express-concern"), project.text_path(new_id))
        for source, target in (
            (project.meta_path, project.meta_path),
            (project.annotation_path, project.annotation_path),
        ):
            text = source("us-senators-express-concern").read_text("utf-8")
            target(new_id).write_text(text.replace("us-senators-express-concern", new_id), "utf-8")
    major, minor, _ = (int(part) for part in SHIPPED.version.split("."))
    bump_version(project.root, f"{major}.{minor + 1}.0")
    after = assignment(publish(project).path)
    assert {a: after[a] for a in before} == before
    assert len(after) == len(before) + 12


def test_split_group_keeps_one_event_together(project: Project) -> None:
    meta = project.meta_path("us-allies-warn-military-cooperation")
    replace_in(meta, "split_group: null", "split_group: us-senators-express-concern")
    import pyarrow.parquet as pq

    rows = pq.read_table(publish(project).path / "data" / "articles.parquet").to_pylist()
    split = {row["article_id"]: row["article_split"] for row in rows}
    assert split["us-allies-warn-military-cooperation"] == split["us-senators-express-concern"]
