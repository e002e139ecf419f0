"""load() converts a release once into its cache and opens that copy afterwards: same data, never stale."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import datasets
import pyarrow.parquet as pq
import pytest

import dprk_ru_statements
from dprk_ru_statements.release import load_cache
from dprk_ru_statements.release.publish import CHECKSUMS, Release, checksums, write_parquet

from .conftest import SHIPPED, replace_in


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(load_cache.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def dist(release: Release, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the built release, the only one load() sees."""
    folder = tmp_path / "dist"
    shutil.copytree(release.path, folder / release.path.name)
    monkeypatch.setattr(dprk_ru_statements, "release_folders", lambda: [folder])
    return folder / release.path.name


def reference(path: Path, config: str, tmp_path: Path) -> datasets.DatasetDict:
    """What load() returned before it had a cache: load_dataset of the release folder."""
    return datasets.load_dataset(str(path), config, cache_dir=str(tmp_path / f"reference-{config}"))


def info_without_texts(info: datasets.DatasetInfo) -> datasets.DatasetInfo:
    return dataclasses.replace(info, description="", citation="", license="")


def assert_same(loaded: datasets.DatasetDict, expected: datasets.DatasetDict) -> None:
    assert isinstance(loaded, datasets.DatasetDict)
    assert list(loaded) == list(expected)
    for split in expected:
        assert loaded[split].split == expected[split].split
        assert loaded[split].features == expected[split].features
        # config name, builder, features, splits; load() adds what load_dataset cannot read from a card
        assert info_without_texts(loaded[split].info) == info_without_texts(expected[split].info)
        info = loaded[split].info
        assert info.description and info.citation.startswith("@misc") and "CC BY 4.0" in info.license
        assert loaded[split].data.table.equals(expected[split].data.table, check_metadata=True)


def entries(cache: Path) -> list[str]:
    return sorted(path.name for path in cache.iterdir())


@pytest.mark.parametrize("config", ["default", "articles"])
def test_first_and_later_calls_equal_load_dataset(config: str, dist: Path, cache: Path, tmp_path: Path) -> None:
    expected = reference(dist, config, tmp_path)
    first, later = dprk_ru_statements.load(config=config), dprk_ru_statements.load(config=config)
    assert_same(first, expected)
    assert_same(later, expected)
    assert first[next(iter(first))].info.config_name == config
    (entry,) = entries(cache)  # one entry per config; no staging folder left behind
    assert entry.startswith(f"{dist.name}-{config}-")
    for split in later.values():  # memory-mapped from the cache, not from a datasets cache
        assert all(Path(file["filename"]).is_relative_to(cache / entry) for file in split.cache_files)


def test_class_labels_survive_the_cache(dist: Path, cache: Path) -> None:
    dprk_ru_statements.load()
    train = dprk_ru_statements.load()["train"]
    claim = train.features["claim_type"]
    assert isinstance(claim, datasets.ClassLabel)
    first = pq.read_table(dist / "data" / "statements" / "train.parquet").slice(0, 1).to_pylist()[0]
    assert claim.int2str(train[0]["claim_type"]) == first["claim_type"]


def test_later_calls_do_not_read_the_parquet_files(dist: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = dprk_ru_statements.load()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("load_dataset called although the release is cached")

    monkeypatch.setattr(datasets, "load_dataset", refuse)
    assert_same(dprk_ru_statements.load(), expected)


def test_a_changed_release_is_never_served_stale(dist: Path, cache: Path, tmp_path: Path) -> None:
    train = dist / "data" / "statements" / "train.parquet"
    table = pq.read_table(train)
    assert dprk_ru_statements.load()["train"].num_rows == table.num_rows
    write_parquet(table.slice(0, 5), train, table.schema.metadata)
    # datasets checks the split sizes against the card, so a real new release would change it too
    card = dist / "README.md"
    stated = re.search(r"- name: train\n    num_bytes: \d+\n    num_examples: \d+\n", card.read_text("utf-8"))
    assert stated is not None
    replace_in(card, stated.group(), "- name: train\n    num_bytes: 1\n    num_examples: 5\n")
    (dist / CHECKSUMS).write_text(checksums(dist), "utf-8")
    loaded = dprk_ru_statements.load()
    assert loaded["train"].num_rows == 5
    assert_same(loaded, reference(dist, "default", tmp_path))
    assert len(entries(cache)) == 2


def test_a_damaged_entry_is_converted_again(dist: Path, cache: Path, tmp_path: Path) -> None:
    dprk_ru_statements.load()
    (entry,) = cache.iterdir()
    arrow = entry / "train.arrow"
    arrow.write_bytes(arrow.read_bytes()[:100])
    assert_same(dprk_ru_statements.load(), reference(dist, "default", tmp_path))
    assert entries(cache) == [entry.name]


def test_an_unwritable_cache_falls_back_to_load_dataset(
    dist: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(load_cache.CACHE_ENV, str(blocked / "cache"))
    with pytest.warns(UserWarning, match="loading without it"):
        loaded = dprk_ru_statements.load()
    assert_same(loaded, reference(dist, "default", tmp_path))


def test_a_release_without_checksums_is_not_cached(dist: Path, cache: Path, tmp_path: Path) -> None:
    (dist / CHECKSUMS).unlink()
    assert_same(dprk_ru_statements.load(), reference(dist, "default", tmp_path))
    assert not cache.exists()


def test_default_location_follows_the_datasets_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(load_cache.CACHE_ENV)
    assert load_cache.cache_root() == Path(datasets.config.HF_DATASETS_CACHE) / "dprk_ru_statements"


CONVERT = """
import sys
import time
from pathlib import Path
from dprk_ru_statements.release.load_cache import load_cached
loaded = load_cached(Path(sys.argv[1]), "default")
print(sum(split.num_rows for split in loaded.values()))
"""


def test_two_processes_converting_at_once_both_succeed(dist: Path, cache: Path) -> None:
    processes = [
        subprocess.Popen([sys.executable, "-c", CONVERT, str(dist)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()[-3000:]
        assert out.decode().split() == [str(SHIPPED.statements)]
    (entry,) = entries(cache)  # one entry, no staging folders left
    test_rows = pq.read_metadata(dist / "data" / "statements" / "test.parquet").num_rows
    assert load_cache.open_entry(cache / entry)["test"].num_rows == test_rows


def test_a_conversion_finishing_second_keeps_the_first(dist: Path, cache: Path) -> None:
    """The path the slower of two concurrent processes takes, made deterministic."""
    name = load_cache.entry_name(dist, "default")
    assert name is not None
    load_cache.convert(dist, "default", cache, cache / name)
    first = sorted((cache / name).rglob("*"))
    load_cache.convert(dist, "default", cache, cache / name)  # its rename fails: the entry exists
    assert entries(cache) == [name]
    assert sorted((cache / name).rglob("*")) == first


def test_staging_folders_of_killed_conversions_are_removed(dist: Path, cache: Path) -> None:
    abandoned, running = cache / ".1.0.0-default-x.abandoned", cache / ".1.0.0-default-x.running"
    for folder in (abandoned, running):
        (folder / "saved").mkdir(parents=True)
    old = time.time() - load_cache.ABANDONED_SECONDS - 60
    os.utime(abandoned, (old, old))
    dprk_ru_statements.load()
    assert not abandoned.exists()
    assert running.is_dir()  # may be another process's conversion in progress
