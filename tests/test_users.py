"""What researchers and data teams meet when they load a release: the README's own examples, run."""

from __future__ import annotations

from pathlib import Path

import datasets
import duckdb
import pyarrow.compute as pc
import pyarrow.parquet as pq
import yaml

from dprk_ru_statements.release.publish import Release

from .conftest import REPO


def front_matter(release: Release) -> dict:
    return yaml.safe_load((release.path / "README.md").read_text("utf-8").split("---")[1])


def test_the_card_states_mixed_rights_and_how_the_data_was_made(release: Release) -> None:
    card = front_matter(release)
    assert card["license"] == "other" and card["license_name"] and "CC BY 4.0" in card["license_details"]
    for key in ("annotations_creators", "language_creators", "multilinguality", "source_datasets", "task_ids"):
        assert card[key], key


def test_closed_vocabularies_are_class_labels_and_bounds_are_dates(release: Release) -> None:
    train = datasets.load_dataset(str(release.path))["train"]
    for name in ("claim_type", "quote_kind", "speaker_type", "date_precision", "position"):
        assert isinstance(train.features[name], datasets.ClassLabel), name
    assert train.features["date_not_before"] == datasets.Value("date32")
    assert train.features["split"] == datasets.Value("string") and set(train["split"]) == {"train"}


def test_the_readme_filter_by_label_finds_the_denials(release: Release) -> None:
    train = datasets.load_dataset(str(release.path))["train"]
    claim = train.features["claim_type"]
    denials = train.filter(lambda r: r["claim_type"] == claim.str2int("denial"))
    stored = pq.read_table(release.path / "data" / "statements" / "train.parquet", columns=["claim_type"])
    assert len(denials) == pc.sum(pc.equal(stored.column("claim_type"), "denial")).as_py() > 0
    assert len(train.filter(lambda r: r["claim_type"] == "denial")) == 0, "why the README shows str2int"


def test_a_join_of_statements_and_articles_needs_no_aliasing(release: Release) -> None:
    data = release.path / "data"
    joined = duckdb.sql(
        f"SELECT * FROM '{data}/statements/*.parquet' s JOIN '{data}/articles.parquet' a USING (article_id)"
    )
    assert len(joined.columns) == len(set(joined.columns)), joined.columns
    assert joined.count("*").fetchall()[0][0] == release.statements


def test_one_row_per_utterance_by_the_documented_filter(release: Release) -> None:
    data = release.path / "data"
    utterances = duckdb.sql(f"SELECT count(*) FROM '{data}/statements/*.parquet' WHERE repeat_of IS NULL").fetchall()[
        0
    ][0]
    stated = duckdb.sql(f"SELECT sum(num_utterances) FROM '{data}/articles.parquet'").fetchall()[0][0]
    assert utterances == stated < release.statements


def test_tests_use_a_datasets_cache_of_their_own() -> None:
    assert not Path(datasets.config.HF_DATASETS_CACHE).is_relative_to(Path.home() / ".cache"), (
        datasets.config.HF_DATASETS_CACHE
    )
    assert (REPO / "tests" / "conftest.py").read_text("utf-8").count("HF_DATASETS_CACHE") >= 1
