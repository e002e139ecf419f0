"""`validate` reports each bad input on one line, `path:line: field: message`, and exits 1."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dprk_ru_statements.cli import main
from dprk_ru_statements.core.paths import Project

from .conftest import SHIPPED, replace_in

ARTICLE = "us-allies-warn-military-cooperation"


def run_validate(project: Project, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["validate", "--root", str(project.root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output.splitlines()


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line of `path` containing `needle`."""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_shipped_data_is_valid(project: Project) -> None:
    code, output = run_validate(project)
    assert code == 0, output
    assert output == [f"ok: {SHIPPED.statements} statements in {SHIPPED.articles} annotation file(s)"]


def test_span_not_at_its_offsets_names_file_line_field_and_where_it_is(project: Project) -> None:
    path = project.annotation_path(ARTICLE)
    # Shift the first statement's offsets by one: its text now occurs one character earlier.
    lines = path.read_text("utf-8").splitlines()
    data_start = int(next(line for line in lines if "char_start:" in line).split(":")[1])
    data_end = int(next(line for line in lines if "char_end:" in line).split(":")[1])
    replace_in(path, f"char_start: {data_start}\n", f"char_start: {data_start + 1}\n")
    replace_in(path, f"char_end: {data_end}\n", f"char_end: {data_end + 1}\n")
    code, output = run_validate(project)
    text_line = line_of(path, "  text: ")
    assert code == 1
    shifted = project.text_path(ARTICLE).read_text("utf-8")[data_start + 1 : data_end + 1]
    shown = shifted if len(shifted) <= 60 else shifted[:59] + "…"
    assert output[0] == (
        f"annotations/{ARTICLE}.yaml:{text_line}: text: is not the article's text at "
        f"{data_start + 1}-{data_end + 1} (hint: the article has {shown!r} there; "
        f"the text occurs at char_start {data_start} (char_end {data_end}))"
    )
    assert output[-1] == "1 problem(s) in 1 file(s)"


def test_unknown_label_and_typo_field_are_reported_together(project: Project) -> None:
    path = project.annotation_path(ARTICLE)
    replace_in(path, "claim_type: warning", "claim_type: threat")
    replace_in(path, "  speaker: Robert Wood", "  speeker: Robert Wood")
    code, output = run_validate(project)
    assert code == 1
    label_line, typo_line = line_of(path, "claim_type: threat"), line_of(path, "speeker:")
    assert f"annotations/{ARTICLE}.yaml:{label_line}: claim_type: 'threat' is not one of " in output[0] + output[1]
    assert f"annotations/{ARTICLE}.yaml:{typo_line}: speeker: unknown field (hint: did you mean 'speaker'?)" in output
    # The typo explains the missing `speaker`: one problem, not two.
    assert output[-1] == "2 problem(s) in 1 file(s)"


def test_duplicate_key_and_malformed_yaml(project: Project) -> None:
    path = project.annotation_path(ARTICLE)
    replace_in(path, "  quote_kind: indirect\n", "  quote_kind: indirect\n  quote_kind: direct\n")
    other = project.annotation_path("us-senators-express-concern")
    replace_in(other, "statements:\n", "statements: [\n")
    code, output = run_validate(project)
    assert code == 1
    duplicate_line = line_of(path, "quote_kind: direct")
    assert (
        f"annotations/{ARTICLE}.yaml:{duplicate_line}: quote_kind: duplicate key (first on line {duplicate_line - 1})"
        in output[0]
    )
    assert any(
        line.startswith("annotations/us-senators-express-concern.yaml:") and ": yaml: " in line for line in output
    )


def test_one_file_is_checked_alone(project: Project) -> None:
    code, output = run_validate(project, str(project.annotation_path(ARTICLE)))
    assert code == 0
    written = yaml.safe_load(project.annotation_path(ARTICLE).read_text("utf-8"))["statements"]
    assert output == [f"ok: {len(written)} statements in 1 annotation file(s)"]


def test_bad_usage_exits_2(project: Project) -> None:
    code, output = run_validate(project, str(project.meta_path(ARTICLE)))
    assert code == 2
    assert any("is not an annotation file" in line for line in output)


def test_github_annotations(project: Project) -> None:
    path = project.annotation_path(ARTICLE)
    replace_in(path, "quote_kind: indirect", "quote_kind: reported")
    code, output = run_validate(project, "--github")
    line = line_of(path, "quote_kind: reported")
    assert code == 1
    assert output[0].startswith(f"::error file=annotations/{ARTICLE}.yaml,line={line},title=quote_kind::")


@pytest.mark.parametrize(
    ("edit", "field", "message"),
    [
        (
            ("date: null\n  date_precision: unknown", "date: '2023-02-30'\n  date_precision: day"),
            "date",
            "'2023-02-30' is not a real date written YYYY-MM-DD, YYYY-MM or YYYY",
        ),
        (
            ("date: null\n  date_precision: unknown", "date: '2023-02'\n  date_precision: day"),
            "date_precision",
            "date '2023-02' is not written at precision 'day' (YYYY-MM-DD)",
        ),
        (("country: USA", "country: XXX"), "country", "'XXX' is not an ISO 3166-1 alpha-3 code nor one of XMG, XIO"),
        (
            ("speaker_type: person", "speaker_type: human"),
            "speaker_type",
            "'human' is not one of 'person', 'organization' or 'group'",
        ),
    ],
)
def test_field_errors(project: Project, edit: tuple[str, str], field: str, message: str) -> None:
    path = project.annotation_path(ARTICLE)
    replace_in(path, *edit)
    code, output = run_validate(project, str(path))
    assert code == 1
    line = line_of(
        path, edit[1].splitlines()[-1].strip() if field == "date_precision" else edit[1].splitlines()[0].strip()
    )
    assert f"annotations/{ARTICLE}.yaml:{line}: {field}: {message}" in output


def test_edited_raw_text_is_caught_by_its_sha256(project: Project) -> None:
    replace_in(project.text_path(ARTICLE), "Robert Wood", "Robert  Wood")
    code, output = run_validate(project)
    meta = project.meta_path(ARTICLE)
    assert code == 1
    assert output[0].startswith(
        f"raw/{ARTICLE}.meta.yaml:{line_of(meta, 'sha256:')}: sha256: does not match raw/{ARTICLE}.txt"
    )


def test_speaker_must_be_in_the_registry(project: Project) -> None:
    path = project.annotation_path(ARTICLE)
    replace_in(path, "speaker: Robert Wood", "speaker: Bob Wood")
    code, output = run_validate(project)
    assert code == 1
    assert (
        f"annotations/{ARTICLE}.yaml:{line_of(path, 'Bob Wood')}: speaker: 'Bob Wood' is not in registry/speakers.yaml"
        in output[0]
    )


def test_unused_registry_entry_is_reported(project: Project) -> None:
    replace_in(
        project.speakers,
        "speakers:\n",
        "speakers:\n- name: Nobody\n  speaker_type: person\n  affiliation: null\n  country: USA\n",
    )
    code, output = run_validate(project)
    assert code == 1
    assert output[0] == (
        "registry/speakers.yaml:5: name: speaker 'Nobody' is used by no statement "
        "(hint: remove the entry, or correct the annotation that should use it)"
    )
