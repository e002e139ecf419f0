"""Property-based tests (hypothesis, fixed seed): broken files always fail cleanly, one line per
problem; valid files always pass and are already in the canonical form `fmt` writes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dprk_ru_statements.cli import main
from dprk_ru_statements.contract.vocab import vocabularies
from dprk_ru_statements.records.yamlio import dump_yaml, read_yaml
from dprk_ru_statements.tools.fmt import format_text

from .bad_inputs.harness import BASE

# A fixed seed and a bounded number of examples keep CI runs repeatable and short (about 10 s in all).
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROBLEM_LINE = re.compile(r"^(annotations|raw|registry)/[^:]+:\d+: [^:]+: .+$")
ANNOTATION = "annotations/sample-article.yaml"
VOCAB = vocabularies()
REQUIRED = [
    "statement_id",
    "speaker",
    "speaker_type",
    "date_precision",
    "claim_type",
    "quote_kind",
    "char_start",
    "char_end",
    "text",
]
LABELED = {
    "speaker_type": VOCAB.speaker_type,
    "claim_type": VOCAB.claim_type,
    "quote_kind": VOCAB.quote_kind,
    "date_precision": VOCAB.date_precision,
}


def base_annotation() -> dict[str, Any]:
    return read_yaml(BASE / ANNOTATION)[0]


def validate(root: Path) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, ["validate", "--root", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output.splitlines(), result.output


def fresh_copy(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(BASE, root)
    return root


# Each mutation makes a statement invalid on its own, whatever else is done to the file.
mutation = st.one_of(
    st.tuples(st.just("delete"), st.sampled_from(REQUIRED), st.none()),
    st.tuples(st.just("null"), st.sampled_from(REQUIRED), st.none()),
    st.tuples(
        st.just("label"),
        st.sampled_from(sorted(LABELED)),
        st.text(min_size=1, max_size=12).filter(lambda t: all(t not in v for v in LABELED.values())),
    ),
    st.tuples(st.just("offset"), st.sampled_from(["char_start", "char_end"]), st.integers(max_value=-1)),
    st.tuples(st.just("type"), st.sampled_from(["char_start", "char_end"]), st.text(max_size=5)),
    st.tuples(
        st.just("unknown"),
        st.text(min_size=1, max_size=10).filter(
            lambda k: k not in [*REQUIRED, "affiliation", "country", "speaker_qid", "date", "venue", "note"]
        ),
        st.integers(),
    ),
)


def apply(data: dict[str, Any], index: int, change: tuple[str, str, Any]) -> None:
    kind, key, value = change
    statement = data["statements"][index]
    if kind == "delete":
        statement.pop(key, None)
    elif kind == "null":
        statement[key] = None
    else:
        statement[key] = value


@SETTINGS
@given(changes=st.lists(st.tuples(st.integers(0, 1), mutation), min_size=1, max_size=4))
def test_mutated_files_fail_with_one_clean_line_per_problem(tmp_path: Path, changes: list) -> None:
    root = fresh_copy(tmp_path, "mutated")
    data = base_annotation()
    for index, change in changes:
        apply(data, index, change)
    (root / ANNOTATION).write_text(dump_yaml(data), "utf-8")
    code, lines, output = validate(root)
    assert code == 1
    assert "Traceback" not in output
    problems = lines[:-1]
    assert problems and all(PROBLEM_LINE.match(line) for line in problems), problems
    assert lines[-1].startswith(f"{len(problems)} problem(s) in ")


@SETTINGS
@given(position=st.integers(min_value=0), junk=st.text(min_size=1, max_size=20))
def test_text_garbage_never_gives_a_traceback(tmp_path: Path, position: int, junk: str) -> None:
    root = fresh_copy(tmp_path, "garbage")
    path = root / ANNOTATION
    text = path.read_text("utf-8")
    at = position % (len(text) + 1)
    path.write_text(text[:at] + junk + text[at:], "utf-8")
    code, lines, output = validate(root)
    assert code in (0, 1)
    assert "Traceback" not in output
    if code == 1:
        assert all(PROBLEM_LINE.match(line) for line in lines[:-1]), lines


ARTICLE = (BASE / "raw" / "sample-article.txt").read_text("utf-8")
SPEAKERS = read_yaml(BASE / "registry" / "speakers.yaml")[0]["speakers"]


@st.composite
def valid_statement(draw: st.DrawFn, number: int) -> dict[str, Any]:
    start = draw(st.integers(0, len(ARTICLE) - 2))
    end = draw(st.integers(start + 1, min(len(ARTICLE), start + 80)))
    # A span leaves out the quotation marks around it (codebook 2.1, 2.2).
    assume(ARTICLE[start] not in '“"' and ARTICLE[end - 1] not in '”"')
    speaker = draw(st.sampled_from(SPEAKERS))
    precision = draw(st.sampled_from(list(VOCAB.date_precision)))
    date = {"day": "2024-05-03", "month": "2024-04", "year": "2023", "unknown": None}[precision]
    return {
        "statement_id": f"sample-article.s{number:02d}",
        "speaker": speaker["name"],
        "speaker_type": speaker["speaker_type"],
        "affiliation": speaker["affiliation"],
        "country": speaker["country"],
        "speaker_qid": None,
        "date": date,
        "date_precision": precision,
        "venue": draw(st.one_of(st.none(), st.text(min_size=1, max_size=30).filter(str.strip))),
        "claim_type": draw(st.sampled_from(list(VOCAB.claim_type))),
        "quote_kind": draw(st.sampled_from(list(VOCAB.quote_kind))),
        "char_start": start,
        "char_end": end,
        "text": ARTICLE[start:end],
        "note": draw(st.one_of(st.none(), st.text(min_size=1, max_size=40))),
    }


@st.composite
def valid_file(draw: st.DrawFn) -> dict[str, Any]:
    statements = [draw(valid_statement(n)) for n in range(1, draw(st.integers(2, 6)) + 1)]
    # Every registry speaker must be used, or validate reports the unused entry.
    for statement, speaker in zip(statements, SPEAKERS, strict=False):
        statement.update(
            speaker=speaker["name"],
            speaker_type=speaker["speaker_type"],
            affiliation=speaker["affiliation"],
            country=speaker["country"],
        )
    return {"article_id": "sample-article", "statements": statements, "not_statements": []}


@SETTINGS
@given(data=valid_file())
def test_valid_files_pass_and_are_canonical(tmp_path: Path, data: dict[str, Any]) -> None:
    root = fresh_copy(tmp_path, "valid")
    text = dump_yaml(data)
    (root / ANNOTATION).write_text(text, "utf-8")
    code, lines, _ = validate(root)
    assert code == 0, lines
    assert format_text(text, "annotation") == text
