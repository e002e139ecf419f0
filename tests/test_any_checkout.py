"""The tests hold for any valid checkout, not only for the data shipped today.

A contributor adds one valid article (text, metadata, annotation, speakers), bumps the version as
the policy asks and builds, all in a temporary copy of the repository; then the suite's tests of
the shipped data run against that copy, in a process of their own, and must pass. A test that
wrote today's counts in (63 statements, 5 articles, release 1.0.0) fails here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from dprk_ru_statements.records.yamlio import dump_yaml

from .conftest import NO_OUTLET_NO_DATE, REPO, SHIPPED, bump_version, cli

INNER = "DPRK_RU_STATEMENTS_INNER_RUN"  # set in the copy's run, so it does not copy itself again
# The tests that read the checkout's own data, releases and generated documents.
DATA_TESTS = [
    "tests/test_data.py",
    "tests/test_generated_docs.py",
    "tests/test_validate.py",
    "tests/test_release.py",
    "tests/test_users.py",
    "tests/test_versions.py",
    "tests/test_splits.py",
    "tests/test_table_check.py",
]
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", ".cache", "review", "__pycache__", ".pytest_cache", ".ruff_cache", "*.egg-info"
)

ARTICLE = """\
Lawmakers in Seoul hear of new shell transfers

SEOUL — A South Korean intelligence official told lawmakers on Wednesday that North Korea had \
loaded more artillery shells onto ships bound for Russia.

“The shipments have not stopped for a single month,” the official said.
"""
ARTICLE_ID = "lawmakers-in-seoul-hear-of-new-shell-transfers"
OFFICIAL = {
    "name": "South Korean intelligence official",
    "speaker_type": "person",
    "affiliation": "National Intelligence Service of South Korea",
    "country": "KOR",
    "speaker_qid": None,
    "description": "Unnamed in the text",
    "named": False,
}


def statement(number: int, words: str, claim_type: str, quote_kind: str) -> dict[str, object]:
    start = ARTICLE.index(words)
    return {
        "statement_id": f"{ARTICLE_ID}.s{number:02d}",
        "char_start": start,
        "char_end": start + len(words),
        "text": words,
        "speaker": OFFICIAL["name"],
        "speaker_entity": "e1",
        "speaker_type": OFFICIAL["speaker_type"],
        "affiliation": OFFICIAL["affiliation"],
        "country": OFFICIAL["country"],
        "speaker_qid": None,
        "date": None,
        "date_precision": "unknown",
        "venue": None,
        "channel": None,
        "claim_type": claim_type,
        "claim_type_secondary": None,
        "quote_kind": quote_kind,
        "position": "body",
        "repeat_of": None,
        "note": None,
    }


def add_valid_article(root: Path, tmp_path: Path) -> None:
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, "utf-8")
    headline = ARTICLE.splitlines()[0]
    code, output = cli(
        root, "add-article", str(source), "--headline", headline, *NO_OUTLET_NO_DATE, "--article-id", ARTICLE_ID
    )
    assert code == 0, output
    annotation = root / "annotations" / f"{ARTICLE_ID}.yaml"
    data = yaml.safe_load(annotation.read_text("utf-8"))
    data["entities"] = [{"entity": "e1", "speaker": OFFICIAL["name"], "note": "the official who briefed lawmakers"}]
    data["statements"] = [
        statement(
            1, "North Korea had loaded more artillery shells onto ships bound for Russia", "accusation", "indirect"
        ),
        statement(2, "The shipments have not stopped for a single month,", "accusation", "direct"),
    ]
    annotation.write_text(dump_yaml(data), "utf-8")
    registry = root / "registry" / "speakers.yaml"
    speakers = yaml.safe_load(registry.read_text("utf-8"))
    speakers["speakers"].append(OFFICIAL)
    registry.write_text(dump_yaml(speakers), "utf-8")
    assert cli(root, "fmt")[0] == 0


@pytest.mark.skipif(os.environ.get(INNER) == "1", reason="already inside the copy's run")
def test_the_data_tests_pass_on_a_checkout_with_one_more_article(tmp_path: Path) -> None:
    root = tmp_path / "checkout"
    shutil.copytree(REPO, root, ignore=NOT_COPIED)
    add_valid_article(root, tmp_path)
    code, output = cli(root, "validate")
    assert code == 0, output
    major, minor, _ = (int(part) for part in SHIPPED.version.split("."))
    bump_version(root, f"{major}.{minor + 1}.0")  # a new article is a minor change
    code, output = cli(root, "build")
    assert code == 0, output

    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *DATA_TESTS],
        cwd=root,
        env=os.environ | {INNER: "1", "PYTHONPATH": str(root / "src")},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and " failed" not in run.stdout
