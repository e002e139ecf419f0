"""The published release read back the way its users read it: pyarrow, datasets, DuckDB, polars."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import datasets
import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner

from dprk_ru_statements.cli import main
from dprk_ru_statements.contract.vocab import vocabularies
from dprk_ru_statements.core.paths import Project
from dprk_ru_statements.release.publish import Release, ReleaseExists, publish, verify

from .conftest import SHIPPED, copy_project, replace_in

SPLITS = ["train", "validation", "test"]
# The statements' columns of schema 2.0.0, in order: the public API a data team's queries rely on.
CONTRACT = [
    "statement_id",
    "article_id",
    "split",
    "speaker",
    "speaker_key",
    "speaker_type",
    "affiliation",
    "country",
    "speaker_qid",
    "date",
    "date_precision",
    "date_not_before",
    "date_not_after",
    "venue",
    "channel",
    "claim_type",
    "claim_type_secondary",
    "quote_kind",
    "position",
    "repeat_of",
    "text",
    "char_start",
    "char_end",
]


def statements_files(release: Release) -> dict[str, Path]:
    return {split: release.path / "data" / "statements" / f"{split}.parquet" for split in SPLITS}


def test_parquet_splits_read_back_with_the_column_contract(release: Release) -> None:
    tables = {split: pq.read_table(path) for split, path in statements_files(release).items()}
    assert sum(t.num_rows for t in tables.values()) == release.statements == SHIPPED.statements
    for split, table in tables.items():
        assert table.num_rows > 0, split
        assert table.column_names[: len(CONTRACT)] == CONTRACT
        ids = table.column("statement_id").to_pylist()
        assert ids == sorted(ids), "rows are sorted by id"
    article_sets = [set(t.column("article_id").to_pylist()) for t in tables.values()]
    assert sum(len(s) for s in article_sets) == len(set().union(*article_sets)) == SHIPPED.articles, (
        "no article in two splits"
    )


def test_every_span_is_the_article_text_at_its_offsets(release: Release) -> None:
    texts = dict(
        zip(
            *pq.read_table(release.path / "data" / "articles.parquet", columns=["article_id", "article_text"])
            .to_pydict()
            .values(),
            strict=True,
        )
    )
    for path in statements_files(release).values():
        for row in pq.read_table(path).to_pylist():
            assert texts[row["article_id"]][row["char_start"] : row["char_end"]] == row["text"]


def test_key_value_metadata_carries_versions(release: Release) -> None:
    metadata = pq.read_schema(statements_files(release)["train"]).metadata
    info = json.loads(metadata[b"dprk_ru_statements"])
    assert info["dataset_version"] == SHIPPED.version
    assert info["schema_version"] == vocabularies().schema_version
    assert info["table"] == "statements/train"


def test_datasets_loads_offline_with_class_labels(release: Release) -> None:
    loaded = datasets.load_dataset(str(release.path))
    assert list(loaded) == SPLITS
    feature = loaded["train"].features["claim_type"]
    assert isinstance(feature, datasets.ClassLabel)
    assert feature.names == list(vocabularies().claim_type)
    for name in ("quote_kind", "speaker_type"):
        assert isinstance(loaded["train"].features[name], datasets.ClassLabel)
    # The integer label decodes to the string stored in Parquet.
    first = pq.read_table(statements_files(release)["train"]).slice(0, 1).to_pylist()[0]
    assert feature.int2str(loaded["train"][0]["claim_type"]) == first["claim_type"]
    assert sum(loaded[split].num_rows for split in SPLITS) == SHIPPED.statements


def test_articles_config_loads_by_name(release: Release) -> None:
    articles = datasets.load_dataset(str(release.path), "articles")
    assert articles["corpus"].num_rows == SHIPPED.articles
    # Each article's full text, byte for byte as in raw/ of the checkout the release was built from.
    raw = release.path.parents[1] / "raw"
    for article_id, text in zip(articles["corpus"]["article_id"], articles["corpus"]["article_text"], strict=True):
        assert text.encode("utf-8") == (raw / f"{article_id}.txt").read_bytes()


def test_card_front_matter_counts_match_the_files(release: Release) -> None:
    card = (release.path / "README.md").read_text("utf-8")
    matter = yaml.safe_load(card.split("---\n")[1])
    default = next(info for info in matter["dataset_info"] if info["config_name"] == "default")
    counts = {split["name"]: split["num_examples"] for split in default["splits"]}
    assert counts == {split: pq.read_metadata(path).num_rows for split, path in statements_files(release).items()}


def test_duckdb_queries_from_the_readme(release: Release) -> None:
    data = release.path / "data"
    rows = duckdb.sql(f"""
        SELECT claim_type, count(*) AS n FROM '{data}/statements/*.parquet'
        GROUP BY claim_type ORDER BY n DESC, claim_type
    """).fetchall()
    assert sum(n for _, n in rows) == SHIPPED.statements
    assert {label for label, _ in rows} <= set(vocabularies().claim_type)
    denials = duckdb.sql(f"""
        SELECT s.speaker, a.headline FROM '{data}/statements/*.parquet' s
        JOIN '{data}/articles.parquet' a USING (article_id) WHERE s.claim_type = 'denial'
    """).fetchall()
    assert ("Vassily Nebenzia", "US, allies warn of North Korea-Russia military cooperation") in denials
    kv = duckdb.sql(
        f"SELECT value FROM parquet_kv_metadata('{data}/articles.parquet') WHERE key = 'dprk_ru_statements'"
    )
    assert json.loads(kv.fetchall()[0][0])["dataset_version"] == SHIPPED.version


def test_polars_and_pandas_read_the_same_rows(release: Release) -> None:
    glob = str(release.path / "data" / "statements" / "*.parquet")
    by_speaker = pl.scan_parquet(glob).group_by("speaker").len().collect()
    assert by_speaker["len"].sum() == SHIPPED.statements
    import pandas as pd

    frame = pd.read_parquet(statements_files(release)["test"])
    assert set(frame["quote_kind"]) <= set(vocabularies().quote_kind)


def test_rebuild_is_byte_identical(release: Release, tmp_path: Path) -> None:
    second = publish(copy_project(tmp_path / "again"))
    first_files = {p.relative_to(release.path): p.read_bytes() for p in release.path.rglob("*") if p.is_file()}
    second_files = {p.relative_to(second.path): p.read_bytes() for p in second.path.rglob("*") if p.is_file()}
    assert first_files.keys() == second_files.keys()
    assert [name for name in first_files if first_files[name] != second_files[name]] == []


def test_checksums_verify_and_catch_a_change(release: Release, tmp_path: Path) -> None:
    assert verify(release.path) == []
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(release.path, copy)
    (copy / "DATASHEET.md").write_text("edited", "utf-8")
    assert verify(copy) == ["DATASHEET.md: changed"]


def test_same_build_twice_is_a_no_op_and_different_content_is_refused(project: Project) -> None:
    first = publish(project)
    assert publish(project).unchanged
    replace_in(project.annotation_path("us-senators-express-concern"), "claim_type: concern", "claim_type: assessment")
    with pytest.raises(ReleaseExists, match=r"bump `version` in dataset\.yaml"):
        publish(project)
    assert verify(first.path) == [], "the existing release is untouched"
    assert not list(project.dist.glob(".*partial*")), "no staging folder is left behind"


def test_bad_data_publishes_nothing(project: Project) -> None:
    replace_in(project.annotation_path("us-senators-express-concern"), "quote_kind: direct", "quote_kind: verbatim")
    result = CliRunner().invoke(main, ["build", "--root", str(project.root)])
    assert result.exit_code == 1
    assert "quote_kind: 'verbatim' is not one of" in result.output
    assert "nothing was published" in result.output
    assert not project.dist.exists() or not any(project.dist.iterdir())


def test_release_without_text(project: Project) -> None:
    release = publish(project, with_text=False)
    assert release.path.name == f"{SHIPPED.version}-without-text"
    rows = pq.read_table(release.path / "data" / "articles.parquet", columns=["text_rights", "article_text"])
    kept = {rights: {text is not None for text in texts} for rights, texts in _by_rights(rows).items()}
    assert kept == {"restricted": {False}, "public_domain": {True}}, "only restricted texts are left out"
    assert datasets.load_dataset(str(release.path), "articles")["corpus"].num_rows == SHIPPED.articles


def test_figures_of_the_same_counts_are_copied_not_drawn_again(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dprk_ru_statements.release import figures

    first = publish(project, dist=tmp_path / "first")
    monkeypatch.setattr(figures, "_draw", lambda *_: pytest.fail("the same counts were drawn again"))
    second = publish(project, dist=tmp_path / "second")
    for name in figures.FIGURES:
        assert (first.path / "figures" / name).read_bytes() == (second.path / "figures" / name).read_bytes()


def test_writing_row_group_by_row_group_gives_the_same_bytes(
    release: Release, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dprk_ru_statements.release import publish as releasing

    statements = pq.read_table(release.path / "data" / "statements" / "train.parquet")
    monkeypatch.setitem(releasing.PARQUET_OPTIONS, "row_group_size", 5)  # several row groups, the last short
    metadata = {b"key": b"value"}
    releasing.write_parquet(statements, tmp_path / "whole.parquet", metadata)
    pieces = (statements.slice(start, 5) for start in range(0, statements.num_rows, 5))
    releasing.write_parquet_pieces(pieces, statements.schema, tmp_path / "pieces.parquet", metadata)
    assert pq.ParquetFile(tmp_path / "whole.parquet").num_row_groups > 2
    assert (tmp_path / "whole.parquet").read_bytes() == (tmp_path / "pieces.parquet").read_bytes()


def _by_rights(table: pa.Table) -> dict[str, list[str | None]]:
    grouped: dict[str, list[str | None]] = {}
    for rights, text in zip(*table.to_pydict().values(), strict=True):
        grouped.setdefault(rights, []).append(text)
    return grouped


LOAD_BOTH_CONFIGS = """
import sys, datasets
for config in ("default", "articles"):
    loaded = datasets.load_dataset(sys.argv[1], config)
    for name, split in loaded.items():
        print(config, name, split.info.splits[name].num_bytes)
"""


def test_loading_warns_of_nothing_and_the_card_states_the_sizes_datasets_measures(
    release: Release, tmp_path: Path
) -> None:
    env = os.environ | {"HF_DATASETS_CACHE": str(tmp_path / "hf")}
    done = subprocess.run(
        [sys.executable, "-c", LOAD_BOTH_CONFIGS, str(release.path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Ignoring part of dataset_info" not in done.stderr
    assert "warn" not in done.stderr.lower(), done.stderr[-2000:]
    measured = {
        (config, split): int(size) for config, split, size in (line.split() for line in done.stdout.splitlines())
    }
    card = yaml.safe_load((release.path / "README.md").read_text("utf-8").split("---")[1])
    stated = {
        (info["config_name"], split["name"]): split["num_bytes"]
        for info in card["dataset_info"]
        for split in info["splits"]
    }
    assert stated == measured
    for info in card["dataset_info"]:
        assert info["dataset_size"] == sum(split["num_bytes"] for split in info["splits"])
        assert info["download_size"] > 0
