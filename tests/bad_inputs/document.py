"""Write docs/bad-inputs.md from the catalogue: `python -m tests.bad_inputs.document`."""

from __future__ import annotations

from pathlib import Path

from .harness import cases

DOC = Path(__file__).resolve().parents[2] / "docs" / "bad-inputs.md"
INTRO = """\
# Bad inputs and the errors they give

Generated from `tests/bad_inputs/catalogue.yaml` by `python -m tests.bad_inputs.document`; the test
suite runs every case and fails when this page is stale. Each case breaks a small valid project
(`tests/bad_inputs/base/`) in one way. `dprk-ru-statements validate` then prints exactly the lines
below, one per problem as `path:line: field: message (hint: ...)`, exits with status 1, never shows
a traceback, and `build` publishes nothing.

"""


def render() -> str:
    sections = [INTRO, f"{len(cases())} kinds of bad input are covered.\n"]
    for number, case in enumerate(cases(), start=1):
        lines = "\n".join(case["expect"])
        sections.append(f"\n## {number}. {case['name']}\n\n```text\n{lines}\n```\n")
    sections.append(FAULTS)
    return "".join(sections)


# Hostile inputs and failing machines that a one-file edit of the base project cannot show; each is
# a test in tests/test_hardening.py (or the test named).
FAULTS = """
## Faults and hostile pull requests

Exit status: 1 for bad data or a write that failed, 2 for bad usage (a missing option, a folder that
is not a release); never a traceback, and never a half-written file or release.

| what | what happens | test |
|---|---|---|
| `version: ../../x` in dataset.yaml | refused by validate and build before anything is written; nothing appears outside `dist/` | `test_nothing_is_written_outside_dist_for_a_version_that_is_a_path` |
| a downgrade (`0.9.0` after `1.0.0`) | refused, naming the newest release and the least version allowed | `test_a_downgrade_is_refused` |
| a new version that keeps the last release's date | refused: set `released` | `tests/test_versions.py` |
| a file name or YAML key with `,`, `:` or a line break in `validate --github` | escaped: one workflow command, no forged `::warning` | `test_github_annotations_cannot_be_forged_by_a_file_name_or_key` |
| a file name with a line break | one problem line | `test_a_file_name_with_a_line_break_stays_one_problem_line` |
| an annotation file, metadata or DATASHEET.md that is a symlink | `fmt` and the build replace the link; its target is never written | `test_fmt_replaces_a_symlink_instead_of_writing_through_it` |
| `add-article` over an annotation file left without its article | refused; the file is kept | `test_add_article_never_replaces_an_annotation_file_left_without_its_article` |
| a full disk during `add-article` | what was written is taken back | `test_add_article_takes_back_what_it_wrote_when_a_write_fails` |
| a full disk during `build` (a 256 KB tmpfs) | one line, no release and no staging folder | `test_a_full_disk_is_one_line_and_leaves_no_release_behind` |
| `/dev/zero` as `add-article FILE` | refused without reading it: not a regular file | `test_add_article_refuses_a_device_without_reading_it` |
| `add-article` without a terminal | names the missing options, exit 2 | `test_add_article_without_a_terminal_names_the_missing_options` |
| a flipped byte in `.cache/` (rows or a drawn figure) | detected by checksum: the build checks and draws again; the release is byte-identical to a `--no-cache` build | `test_a_corrupted_cache_publishes_the_same_bytes_as_a_build_without_it` |
| an edit in place that restores the mtime | seen: the cache key has the ctime | `test_the_cache_key_sees_an_edit_that_restores_the_mtime` |
| `--no-cache` | reads and writes no `.cache/` | `test_no_cache_reads_and_writes_no_cache` |
| a build killed after its rename | the next build finds the release identical and brings DATASHEET.md and CHANGELOG.md in step | `test_a_build_killed_after_its_rename_leaves_documents_the_next_build_brings_in_step` |
| a build killed at 0.5, 1.5, 2.5 or 3.5 s | no release, or a whole one; the next build finishes | `tests/test_versions.py::test_a_killed_build_leaves_no_release_behind` |
| 20,000 levels of block YAML (40 KB) | one line from PyYAML; the fast parser, which overflowed its stack, is never given it | `test_deeply_nested_yaml_is_one_line_not_a_crash` |
| 400 bad spans in one article | hints by `str.find`, no scan in Python | `test_span_hints_find_every_place_without_scanning_in_python` |
| a missing, malformed or self-contradicting SHA256SUMS in `verify` | one line per problem | `test_verify_names_a_missing_or_malformed_checksum_file` |
| a staging folder name without a pid | left alone | `test_a_staging_folder_of_another_name_is_left_alone` |
| `diff` on a folder that is not a release | one line, exit 2 | `test_diff_of_a_folder_that_is_no_release_is_one_line` |
"""


if __name__ == "__main__":
    DOC.write_text(render(), "utf-8")
