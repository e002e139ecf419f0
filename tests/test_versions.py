"""Releases users can trust: diffs by id, the versioning policy, Croissant, killed builds."""

from __future__ import annotations

import hashlib
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dprk_ru_statements.cli import main
from dprk_ru_statements.core.paths import Project
from dprk_ru_statements.release.diff import diff, read_snapshot, version_bump
from dprk_ru_statements.release.publish import Release, VersionPolicyError, publish, verify

from .conftest import REPO, SHIPPED, bump_version, replace_in

KAINE = "us-senators-express-concern"
# The shipped version and the versions one bump of each kind above it.
CURRENT = SHIPPED.version
_major, _minor, _patch = (int(part) for part in CURRENT.split("."))
MAJOR, MINOR, PATCH = f"{_major + 1}.0.0", f"{_major}.{_minor + 1}.0", f"{_major}.{_minor}.{_patch + 1}"


def bump(project: Project, version: str) -> None:
    bump_version(project.root, version)


def test_diff_reports_a_deliberate_edit_exactly(project: Project) -> None:
    old = publish(project)
    replace_in(project.annotation_path(KAINE), "claim_type: concern", "claim_type: assessment")
    bump(project, MAJOR)
    new = publish(project)
    changes = diff(read_snapshot(old.path), read_snapshot(new.path))
    assert changes.changed == {f"{KAINE}.s01": [("claim_type", "concern", "assessment")]}
    assert (changes.added, changes.removed, changes.moved, changes.columns) == ([], [], {}, [])
    assert changes.required_bump() == "major"
    result = CliRunner().invoke(main, ["diff", str(old.path), str(new.path)])
    assert f"| {KAINE}.s01 | changed | claim_type: 'concern' → 'assessment' |" in result.output
    card = (new.path / "README.md").read_text("utf-8")
    assert f"Changes from {CURRENT} to {MAJOR}: 1 statement(s) changed (needs a major bump)." in card
    assert f"Changes from {CURRENT} to {MAJOR}" in (project.root / "CHANGELOG.md").read_text("utf-8")


def test_a_bump_too_small_for_the_change_is_refused(project: Project) -> None:
    publish(project)
    replace_in(project.annotation_path(KAINE), "claim_type: concern", "claim_type: assessment")
    bump(project, MINOR)
    with pytest.raises(
        VersionPolicyError, match=rf"is a minor bump from {re.escape(CURRENT)}, but the data change needs a major"
    ):
        publish(project)
    assert sorted(p.name for p in project.dist.iterdir()) == [CURRENT], "nothing new was written"


def test_an_unchanged_corpus_under_a_patch_bump_is_accepted(project: Project) -> None:
    publish(project)
    bump(project, PATCH)
    assert publish(project).path.name == PATCH


def test_version_bump_kinds() -> None:
    assert version_bump("1.2.3", "2.0.0") == "major"
    assert version_bump("1.2.3", "1.3.0") == "minor"
    assert version_bump("1.2.3", "1.2.4") == "patch"
    assert version_bump("1.2.3", "1.2.3") is None


def test_croissant_validates_and_carries_what_the_validator_does_not_check(release: Release) -> None:
    path = release.path / "croissant.json"
    done = subprocess.run(
        [sys.executable, "-m", "mlcroissant", "validate", "--jsonld", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 and "No module named mlcroissant.__main__" in done.stderr:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "mlcroissant"), "validate", "--jsonld", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    document = json.loads(path.read_text("utf-8"))
    for key in ("name", "description", "license", "url", "creator", "citeAs", "version", "datePublished"):
        assert document[key], key
    files = {item["contentUrl"]: item for item in document["distribution"]}
    assert set(files) == {
        "data/articles.parquet",
        "data/statements/train.parquet",
        "data/statements/validation.parquet",
        "data/statements/test.parquet",
    }
    for url, item in files.items():
        assert item["sha256"] == hashlib.sha256((release.path / url).read_bytes()).hexdigest()
        assert item["encodingFormat"] == "application/x-parquet"
    for record_set in document["recordSet"]:
        assert all(
            field["dataType"] in ("sc:Text", "sc:Integer", "sc:Boolean", "sc:Date") for field in record_set["field"]
        )


@pytest.mark.parametrize("delay", [0.5, 1.5, 2.5, 3.5])
def test_a_killed_build_leaves_no_release_behind(project: Project, delay: float) -> None:
    publish(project)
    replace_in(project.annotation_path(KAINE), "claim_type: concern", "claim_type: assessment")
    bump(project, MAJOR)
    before = (project.dist / CURRENT / "SHA256SUMS").read_bytes()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--root", str(project.root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    visible = sorted(p.name for p in project.dist.iterdir() if not p.name.startswith("."))
    assert visible in ([CURRENT], [CURRENT, MAJOR]), visible
    if MAJOR in visible:  # the rename happened before the kill: the release is whole
        assert verify(project.dist / MAJOR) == []
    assert (project.dist / CURRENT / "SHA256SUMS").read_bytes() == before
    assert verify(project.dist / CURRENT) == []
    # The next build clears what the killed one left in its hidden staging folder, and finishes.
    assert publish(project).path.name == MAJOR
    assert [p.name for p in project.dist.iterdir() if p.name.startswith(".")] == []


def test_a_bump_too_small_says_which_version_to_set(project: Project) -> None:
    publish(project)
    replace_in(project.annotation_path(KAINE), "claim_type: concern", "claim_type: assessment")
    bump(project, PATCH)
    with pytest.raises(VersionPolicyError, match=rf"needs a major bump .*: bump to {re.escape(MAJOR)};"):
        publish(project)


def test_a_new_version_with_the_previous_release_date_is_refused(project: Project) -> None:
    publish(project)
    replace_in(project.dataset_file, f"version: {CURRENT}", f"version: {PATCH}")  # the date left as it was
    with pytest.raises(VersionPolicyError, match=r"released: .* is not after"):
        publish(project)
    assert sorted(p.name for p in project.dist.iterdir()) == [CURRENT]


def test_unreleased_notes_become_the_new_release_section(project: Project) -> None:
    changelog = project.root / "CHANGELOG.md"
    changelog.write_text(
        f"# Changelog\n\n## Unreleased\n\n- A note for the next release.\n\n## {CURRENT} (2026-01-01)\n\nOld.\n",
        "utf-8",
    )
    publish(project)
    replace_in(project.annotation_path(KAINE), "claim_type: concern", "claim_type: assessment")
    bump(project, MAJOR)
    publish(project)
    text = changelog.read_text("utf-8")
    assert "Unreleased" not in text
    new, note, block, old = (
        text.index(f"## {MAJOR} ("),
        text.index("- A note for the next release."),
        text.index(f"<!-- data changes {MAJOR}"),
        text.index(f"## {CURRENT} (2026-01-01)"),
    )
    assert new < note < block < old, "heading, the notes, the generated changes, then the older release"
