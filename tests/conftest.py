"""Shared fixtures: a throwaway copy of the project's data, and one release built from it."""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from dprk_ru_statements.core.paths import Project
from dprk_ru_statements.release.publish import Release, publish

REPO = Path(__file__).resolve().parents[1]
DATA = ["raw", "annotations", "registry", "agreement", "dataset.yaml"]

# Tests never touch the network: datasets must work from local files alone.
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Nor the user's datasets cache: load_dataset in a test writes into a folder of the test run's
# own (set before anything imports datasets, which reads it once), removed when the run ends.
_HF_CACHE = tempfile.mkdtemp(prefix="dprk-ru-statements-hf-")
os.environ["HF_DATASETS_CACHE"] = _HF_CACHE
atexit.register(shutil.rmtree, _HF_CACHE, ignore_errors=True)


@dataclass(frozen=True)
class Shipped:
    """Figures about the shipped data, read from its files with plain YAML, not through the
    package: tests compare the package's results with these, so they hold for any valid checkout."""

    statements: int
    articles: int
    version: str
    releases: list[str]
    claim_types: Counter[str]

    @classmethod
    def read(cls, root: Path = REPO) -> Shipped:
        files = sorted((root / "annotations").glob("*.yaml"))
        statements = [s for f in files for s in yaml.safe_load(f.read_text("utf-8"))["statements"]]
        releases = sorted(
            (p.name for p in (root / "dist").iterdir() if p.is_dir() and p.name[:1].isdigit()),
            key=lambda name: tuple(int(part) for part in name.split(".")),
        )
        return cls(
            statements=len(statements),
            articles=len(list((root / "raw").glob("*.meta.yaml"))),
            version=yaml.safe_load((root / "dataset.yaml").read_text("utf-8"))["version"],
            releases=releases,
            claim_types=Counter(s["claim_type"] for s in statements),
        )


SHIPPED = Shipped.read()


def copy_project(target: Path) -> Project:
    for name in DATA:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return Project(target)


@pytest.fixture(scope="session", autouse=True)
def isolated_load_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """load()'s cache in a temporary folder, so tests never write to (or read from) the user's."""
    folder = tmp_path_factory.mktemp("load-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DPRK_RU_STATEMENTS_CACHE", str(folder))
        yield folder


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A writable copy of the shipped data; tests may break it at will."""
    return copy_project(tmp_path / "checkout")


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    """The release built once from the shipped data, in a temporary dist/."""
    checkout = copy_project(tmp_path_factory.mktemp("release") / "checkout")
    return publish(checkout)


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a data file, failing loudly when the text to replace is not there."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), "utf-8")


def bump_version(root: Path, version: str) -> None:
    """Set dataset.yaml's version, and its release date to the day after the shipped one, as a
    contributor preparing the next release would."""
    path = root / "dataset.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    next_day = dt.date.fromisoformat(str(data["released"])) + dt.timedelta(days=1)
    replace_in(path, f"version: {data['version']}", f"version: {version}")
    replace_in(path, f"released: '{data['released']}'", f"released: '{next_day.isoformat()}'")


def cli(root: Path, *args: str) -> tuple[int, list[str]]:
    """Run a command on the checkout at `root` as a user would: its exit code and output lines."""
    from click.testing import CliRunner

    from dprk_ru_statements.cli import main

    result = CliRunner().invoke(main, [*args, "--root", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.exit_code, result.output.splitlines()


# add-article's options for a text that names no outlet and gives no date.
NO_OUTLET_NO_DATE = [
    "--outlet",
    "",
    "--outlet-evidence",
    "The text names no outlet.",
    "--published",
    "",
    "--precision",
    "unknown",
    "--date-evidence",
    "The text gives no date.",
]
