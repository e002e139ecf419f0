"""Hostile pull requests and flaky machines: nothing escapes the checkout, nothing half-written stays."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from dprk_ru_statements.checks.rules import occurrences, span_hint
from dprk_ru_statements.cli import main
from dprk_ru_statements.core.paths import Project
from dprk_ru_statements.core.problems import Problem
from dprk_ru_statements.release.publish import VersionPolicyError, publish, verify
from dprk_ru_statements.tools import add_article as adding
from dprk_ru_statements.tools.add_article import NewArticle, add_article

from .conftest import SHIPPED, bump_version, replace_in

ARTICLE = "us-senators-express-concern"


def new_article(source: Path, article_id: str = "a-new-article") -> NewArticle:
    return NewArticle(source, "A new article", None, "none", None, "unknown", "none", article_id=article_id)


def test_add_article_never_replaces_an_annotation_file_left_without_its_article(
    project: Project, tmp_path: Path
) -> None:
    orphan = project.annotation_path("a-new-article")
    orphan.write_text("article_id: a-new-article\nstatements: []\n", "utf-8")
    source = tmp_path / "text.txt"
    source.write_text("A text.\n", "utf-8")
    added, problems = add_article(project, new_article(source))
    assert added is None and "exists already" in problems[0].message
    assert orphan.read_text("utf-8") == "article_id: a-new-article\nstatements: []\n"


def test_add_article_takes_back_what_it_wrote_when_a_write_fails(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "text.txt"
    source.write_text("A text.\n", "utf-8")
    real, calls = adding.replace_file, []

    def full_disk_on_the_second_file(path: Path, data: bytes, *, new: bool = False) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(path, data, new=new)

    monkeypatch.setattr(adding, "replace_file", full_disk_on_the_second_file)
    added, problems = add_article(project, new_article(source))
    assert added is None and "No space left on device" in problems[0].message
    leftovers = [
        p for folder in (project.raw, project.annotations) for p in folder.iterdir() if "a-new-article" in p.name
    ]
    assert leftovers == []


def test_add_article_refuses_a_device_without_reading_it(project: Project) -> None:
    added, problems = add_article(project, new_article(Path("/dev/zero")))
    assert added is None and problems[0].message.startswith("not a regular file")


def test_add_article_without_a_terminal_names_the_missing_options(project: Project, tmp_path: Path) -> None:
    source = tmp_path / "text.txt"
    source.write_text("A text.\n", "utf-8")
    result = CliRunner().invoke(main, ["add-article", str(source), "--root", str(project.root)], input="")
    assert result.exit_code == 2
    assert "missing --headline, --outlet" in result.output and "Aborted" not in result.output


def test_verify_names_a_missing_or_malformed_checksum_file(tmp_path: Path) -> None:
    assert verify(tmp_path)[0].startswith("SHA256SUMS: missing")
    (tmp_path / "a.txt").write_text("a", "utf-8")
    digest = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
    (tmp_path / "SHA256SUMS").write_text(f"{digest}  a.txt\n{'0' * 64}  a.txt\nnonsense\n", "utf-8")
    assert verify(tmp_path) == [
        "SHA256SUMS:2: a.txt is listed twice with different sums",
        "SHA256SUMS:3: not a '<sha256>  <file>' line",
    ]


def test_github_annotations_cannot_be_forged_by_a_file_name_or_key() -> None:
    line = Problem("annotations/x,title=x::\n::warning file=y.yaml", 3, "key:\n::warning", "bad\n::warning x").github()
    assert "\n" not in line and "\r" not in line, "one line: GitHub reads commands only at a line's start"
    header = line.removeprefix("::").split("::", 1)[0]
    assert header.count(",") == 2, f"exactly the three properties file, line, title: {header}"
    assert line.startswith("::error file=annotations/x%2Ctitle=x%3A%3A%0A%3A%3Awarning file=y.yaml,line=3,")


def test_a_file_name_with_a_line_break_stays_one_problem_line() -> None:
    assert "\n" not in str(Problem("annotations/a\nb.yaml", 1, "file", "broken"))


def test_span_hints_find_every_place_without_scanning_in_python() -> None:
    text = "abc " * 10_000
    assert occurrences(text, "abc") == [0, 4, 8]
    assert occurrences(text, "xyz") == []
    assert "the text occurs at char_start 0" in span_hint(text, "abc", 1, 4)


def test_a_downgrade_is_refused(project: Project) -> None:
    publish(project)
    major, minor, patch = (int(part) for part in SHIPPED.version.split("."))
    lower = f"{major - 1}.9.0" if major else f"0.{minor}.{max(patch - 1, 0)}"
    bump_version(project.root, lower)
    with pytest.raises(VersionPolicyError, match=r"is older than the published"):
        publish(project)
    assert sorted(p.name for p in project.dist.iterdir()) == [SHIPPED.version]


def test_nothing_is_written_outside_dist_for_a_version_that_is_a_path(project: Project, tmp_path: Path) -> None:
    replace_in(project.dataset_file, f"version: {SHIPPED.version}", "version: ../../escaped")
    before = set(os.listdir(tmp_path))
    result = CliRunner().invoke(main, ["build", "--without-text", "--root", str(project.root)])
    assert result.exit_code == 1 and "is not a version X.Y.Z" in result.output
    assert set(os.listdir(tmp_path)) == before and not (project.root.parent / "escaped").exists()


def test_fmt_replaces_a_symlink_instead_of_writing_through_it(project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    path = project.annotation_path(ARTICLE)
    outside.write_text(path.read_text("utf-8").replace("statements:\n", "statements:\n\n", 1), "utf-8")
    before = outside.read_text("utf-8")
    path.unlink()
    path.symlink_to(outside)
    CliRunner().invoke(main, ["fmt", "--root", str(project.root)])
    assert outside.read_text("utf-8") == before, "the file outside the checkout is untouched"


def test_a_build_killed_after_its_rename_leaves_documents_the_next_build_brings_in_step(project: Project) -> None:
    release = publish(project)
    datasheet = project.root / "DATASHEET.md"
    written = datasheet.read_text("utf-8")
    datasheet.write_text("stale: the build was killed before it got here\n", "utf-8")
    again = publish(project)
    assert again.unchanged and again.path == release.path
    assert datasheet.read_text("utf-8") == written


def test_a_staging_folder_of_another_name_is_left_alone(project: Project) -> None:
    publish(project)
    foreign = project.dist / ".something.partial-not-a-pid"
    foreign.mkdir()
    publish(project)
    assert foreign.is_dir()


def test_diff_of_a_folder_that_is_no_release_is_one_line(project: Project, tmp_path: Path) -> None:
    release = publish(project)
    result = CliRunner().invoke(main, ["diff", str(release.path), str(tmp_path)])
    assert result.exit_code == 2 and "is not a release folder" in result.output
    assert "Traceback" not in result.output


def test_the_cache_key_sees_an_edit_that_restores_the_mtime(project: Project) -> None:
    from dprk_ru_statements.tables.buildcache import stat_key

    path = project.annotation_path(ARTICLE)
    before = os.stat(path)
    path.write_text(path.read_text("utf-8").replace("claim_type: concern", "claim_type: assessment", 1), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert after.st_mtime_ns == before.st_mtime_ns and after.st_size == before.st_size + 3
    same_size_edit = path.read_text("utf-8").replace("claim_type: assessment", "claim_type: assessmenx", 1)
    path.write_text(same_size_edit, "utf-8")
    os.utime(path, ns=(after.st_atime_ns, after.st_mtime_ns))
    assert stat_key(os.stat(path)) != stat_key(after), "same size, same mtime, same inode: the ctime tells"


def test_deeply_nested_yaml_is_one_line_not_a_crash(project: Project) -> None:
    import subprocess
    import sys

    path = project.annotation_path(ARTICLE)
    path.write_text(f"article_id: {ARTICLE}\nstatements:\n" + "- " * 20_000 + "x\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "dprk_ru_statements", "validate", "--root", str(project.root)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])  # -11 was the fast parser's SIGSEGV
    assert "Traceback" not in done.stderr
    assert any(line.startswith(f"annotations/{ARTICLE}.yaml:") for line in done.stderr.splitlines())


def _flip_a_byte(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def test_a_corrupted_cache_publishes_the_same_bytes_as_a_build_without_it(project: Project, tmp_path: Path) -> None:
    publish(project, dist=tmp_path / "warm-up")  # fills .cache/ (rows and figures)
    generation = next((project.root / ".cache" / "build").glob("gen-*"))
    statements = generation / "statements.arrow"
    _flip_a_byte(statements, statements.stat().st_size // 2)  # somewhere in the rows
    figure = next((project.root / ".cache" / "figures").rglob("*.png"))
    _flip_a_byte(figure, figure.stat().st_size // 2)
    with_cache = publish(project, dist=tmp_path / "with-cache")
    without = publish(project, dist=tmp_path / "without-cache", cache=False)
    assert (with_cache.path / "SHA256SUMS").read_bytes() == (without.path / "SHA256SUMS").read_bytes()
    assert verify(with_cache.path) == []


def test_no_cache_reads_and_writes_no_cache(project: Project, tmp_path: Path) -> None:
    cache = project.root / ".cache"
    assert not cache.exists()
    publish(project, dist=tmp_path / "dist", cache=False)
    assert not cache.exists(), sorted(str(p) for p in cache.rglob("*"))


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KB tmpfs: too small for a release. Needs root (CI and this project's machines are)."""
    import subprocess

    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (not root?): {mounted.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


def test_a_full_disk_is_one_line_and_leaves_no_release_behind(project: Project, tiny_disk: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--root", str(project.root), "--dist", str(tiny_disk)])
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.output and "nothing was published" in result.output
    assert "Traceback" not in result.output
    assert list(tiny_disk.iterdir()) == [], "no release and no staging folder"
