"""The `suggest` command: candidate statements with exact offsets, drafts, and their evaluation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dprk_ru_statements.checks.validate import validate
from dprk_ru_statements.cli import main
from dprk_ru_statements.contract.models import STATEMENT_ID, UNREVIEWED, AnnotationFile, Statement
from dprk_ru_statements.core.paths import Project
from dprk_ru_statements.records.yamlio import dump_yaml, read_yaml
from dprk_ru_statements.release.agreement import Span, read_folder
from dprk_ru_statements.tools import suggest as suggest_module
from dprk_ru_statements.tools.fmt import format_text
from dprk_ru_statements.tools.suggest import cue_hits, draft_records, sentences, suggest
from dprk_ru_statements.tools.suggest_eval import (
    by_genre,
    evaluate,
    held_out,
    render,
    score_article,
    total,
    written_against,
)

from .conftest import REPO

ARTICLE = """Envoys trade accusations over arms shipments

“We will not accept these transfers,” the foreign minister said on Monday.

The minister said that the shipments violated several council resolutions.

Pyongyang denied the accusations of arms sales.
"""


def test_synthetic_article_gives_exact_spans_kinds_and_speakers() -> None:
    found = suggest(ARTICLE)
    assert [(ARTICLE[s.start : s.end], s.quote_kind, s.speaker) for s in found] == [
        ("We will not accept these transfers,", "direct", "foreign minister"),
        ("the shipments violated several council resolutions", "indirect", "minister"),
        ("the accusations of arms sales", "indirect", "Pyongyang"),
    ]
    assert found[2].claim_type == "denial"  # the cue names the act


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # text between the marks, kind, speaker: codebook 2.1 and section 3
        ("Officials said: “The talks failed.”", [("The talks failed.", "direct", "Officials")]),
        ("“The talks failed,” said a senior diplomat.", [("The talks failed,", "direct", "senior diplomat")]),
        ("The envoy called it “a dangerous step.”", [("a dangerous step.", "partial", "envoy")]),
        # the addressee of "urge" stays in the span (2.2)
        ("The ministry urged Seoul to halt the drills.", [("Seoul to halt the drills", "indirect", "ministry")]),
        # two cues, two contents (2.6), one subject
        (
            "Moscow has denied the claims but vowed to deepen military ties.",
            [("the claims", "indirect", "Moscow"), ("to deepen military ties", "indirect", "Moscow")],
        ),
        # a channel after the content (2.2, section 6)
        (
            "The shipments were illegal, according to the ministry.",
            [("The shipments were illegal", "indirect", "ministry")],
        ),
        # “A” in “B”, then a trailing attribution: one partial record (2.4)
        (
            "“We are concerned” by the shipments in “clear breach” of the embargo, the statement said.",
            [("We are concerned” by the shipments in “clear breach” of the embargo", "partial", "statement")],
        ),
        # a pronoun as the whole content (2.7)
        (
            "Experts detailed new shipments in a report — which Moscow denied.",
            [("new shipments in a report", "indirect", "Experts"), ("which Moscow denied", "indirect", "Moscow")],
        ),
    ],
)
def test_codebook_span_rules(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(sentence[s.start : s.end], s.quote_kind, s.speaker) for s in suggest(sentence + "\n")] == expected


def test_interrupted_quote_keeps_its_speaker_and_headlines_give_nothing() -> None:
    text = (
        "Envoy says “no”\n\n"
        "“We disagree,” Ms. Lee told reporters. “The council must act.”\n\n"
        "She added that talks should resume.\n"
    )
    found = suggest(text)
    assert [(text[s.start : s.end], s.quote_kind, s.speaker) for s in found] == [
        ("We disagree,", "direct", "Ms. Lee"),
        ("The council must act.", "direct", "Ms. Lee"),
        ("talks should resume", "indirect", "Ms. Lee"),
    ]
    assert found[1].claim_type == "demand"  # "must" names the act


def test_every_cue_of_the_codebook_is_in_the_lexicon() -> None:
    codebook = (REPO / "schema" / "codebook.md").read_text("utf-8")
    listed = re.search(r"Attribution cues include: (.+?)\.\s*A written", codebook, re.DOTALL)
    assert listed is not None
    cues = [cue.strip(" *\n") for cue in listed.group(1).replace("\n", " ").split(",")]
    assert len(cues) > 20
    # "X echoed Y's sentiments" reports that someone spoke, with nothing said: not a cue (codebook 1).
    missing = []
    for cue in cues:
        sentence = f"The ministry {cue} that the talks failed.\n"
        if cue != "echoed" and not cue_hits(sentence, sentences(sentence)[0]):
            missing.append(cue)
    assert missing == []


def test_a_bad_lexicon_is_refused_with_its_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cues.yaml").write_text(
        (REPO / "schema" / "cues.yaml").read_text("utf-8").replace("'false'", "false"), "utf-8"
    )
    monkeypatch.setattr(suggest_module, "schema_dir", lambda: tmp_path)
    suggest_module.lexicon.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"content_words\.denial: expected a list of quoted strings"):
            suggest_module.lexicon()
    finally:
        suggest_module.lexicon.cache_clear()


def test_draft_file_parses_validates_and_is_canonical(tmp_path: Path) -> None:
    path = tmp_path / "synthetic-article.yaml"
    path.write_text(dump_yaml(draft_records("synthetic-article", ARTICLE)), "utf-8")
    data, _ = read_yaml(path)
    parsed = AnnotationFile.model_validate(data)
    assert len(parsed.statements) == 3
    for number, item in enumerate(data["statements"], start=1):
        statement = Statement.model_validate(item)
        assert statement.statement_id == f"synthetic-article.s{number:02d}"
        assert re.fullmatch(STATEMENT_ID, statement.statement_id)
        assert statement.note is not None and statement.note.startswith(UNREVIEWED)
        assert statement.text == ARTICLE[statement.char_start : statement.char_end]
    text = path.read_text("utf-8")
    assert format_text(text, "annotation") == text  # fmt would change nothing


def test_drafts_of_the_shipped_articles_pass_the_span_checks(project: Project) -> None:
    # Replace every adjudicated file with a draft: validate then refuses the unreviewed notes,
    # never an offset or a text.
    for path in project.annotations.glob("*.yaml"):
        text = project.text_path(path.stem).read_bytes().decode("utf-8")
        path.write_text(dump_yaml(draft_records(path.stem, text)), "utf-8")
    _, problems = validate(project)
    assert problems, "an unreviewed draft is never clean"
    assert [p for p in problems if p.field in {"text", "char_start", "char_end", "statement_id", "yaml"}] == []


def test_score_counts_direct_quotes_only_against_direct_suggestions() -> None:
    def span(start: int, end: int, kind: str, speaker: str) -> Span:
        return Span("a", start, end, {"quote_kind": kind, "speaker": speaker, "claim_type": "assessment"})

    gold = [span(0, 10, "direct", "Robert Wood"), span(20, 40, "indirect", "Hwang"), span(50, 60, "direct", "X")]
    suggested = [span(0, 10, "partial", "Wood"), span(25, 40, "indirect", "Song Kim"), span(70, 80, "direct", "Y")]
    score = score_article(gold, suggested)
    assert (score.matched, score.recall, score.precision) == (2, 2 / 3, 2 / 3)
    assert (score.matched_direct, score.direct_recall, score.direct_precision) == (0, 0.0, 0.0)
    assert score.speaker_accuracy == 0.5  # "Wood" is Robert Wood; "Song Kim" is not Hwang


def test_evaluation_in_sample_meets_the_recall_targets_it_was_written_for() -> None:
    scores = evaluate(REPO / "annotations", REPO / "raw")
    assert set(scores) == set(read_folder(REPO / "annotations"))
    assert total(scores).gold == sum(len(spans) for spans in read_folder(REPO / "annotations").values())
    tuned = total({article: scores[article] for article in written_against()})
    assert tuned.direct_recall >= 0.95  # the acceptance targets of issue 4, on the articles it was written for
    assert tuned.recall >= 0.70


def test_held_out_articles_are_every_annotated_article_the_rules_never_saw() -> None:
    scores = evaluate(REPO / "annotations", REPO / "raw")
    unseen = held_out(scores)
    assert set(unseen) == set(scores) - written_against() and not set(unseen) & written_against()
    assert total(by_genre(unseen, REPO / "raw")) == total(unseen)


def test_docs_show_the_numbers_the_command_prints() -> None:
    printed = render(evaluate(REPO / "annotations", REPO / "raw"), REPO / "raw")
    assert printed in (REPO / "docs" / "suggest.md").read_text("utf-8"), "rerun suggest-eval, update docs/suggest.md"


def test_cli_suggest_writes_a_draft_and_never_overwrites_by_accident(project: Project) -> None:
    article = "us-senators-express-concern"
    adjudicated = project.annotation_path(article).read_text("utf-8")
    runner = CliRunner()

    result = runner.invoke(main, ["suggest", article, "--root", str(project.root)])
    assert result.exit_code == 2 and "exists" in result.output
    assert project.annotation_path(article).read_text("utf-8") == adjudicated

    target = project.root / "drafts" / f"{article}.yaml"
    target.parent.mkdir()
    result = runner.invoke(main, ["suggest", article, "--root", str(project.root), "--output", str(target)])
    assert result.exit_code == 0, result.output
    data, _ = read_yaml(target)
    assert data["article_id"] == article and len(data["statements"]) == len(
        suggest(project.text_path(article).read_text())
    )
    assert f"{len(data['statements'])} unreviewed suggestion(s)" in result.output

    result = runner.invoke(main, ["suggest", article, "--root", str(project.root), "--output", "-"])
    assert result.exit_code == 0 and result.stdout == target.read_text("utf-8")


def test_cli_suggest_writes_into_annotations_for_a_new_article(project: Project) -> None:
    project.text_path("new-article").write_text(ARTICLE, "utf-8")
    result = CliRunner().invoke(main, ["suggest", "new-article", "--root", str(project.root)])
    assert result.exit_code == 0, result.output
    data, _ = read_yaml(project.annotation_path("new-article"))
    assert data["statements"][0]["text"] == "We will not accept these transfers,"


@pytest.mark.parametrize("article_id", ["../registry/speakers", "Not-An-Id", "missing-article"])
def test_cli_suggest_refuses_bad_article_ids(project: Project, article_id: str) -> None:
    result = CliRunner().invoke(main, ["suggest", article_id, "--root", str(project.root)])
    assert result.exit_code == 2 and "ARTICLE_ID" in result.output


def test_cli_suggest_eval_prints_the_table(project: Project) -> None:
    result = CliRunner().invoke(main, ["suggest-eval", "--root", str(project.root), "--details"])
    assert result.exit_code == 0, result.output
    scores = evaluate(project.annotations, project.raw)
    tuned = total({article: scores[article] for article in written_against()})
    rows = [line for line in result.output.splitlines() if line.startswith("| **all** |")]
    for row, overall in zip(rows, (tuned, total(held_out(scores))), strict=False):
        assert row.split(" | ")[1:4] == [str(overall.gold), str(overall.suggested), str(overall.matched)]
        assert f"{overall.recall:.3f}" in row
    assert len(rows) == 3, "in-sample, held out, and held out by genre"


def test_validate_refuses_an_unreviewed_draft_statement_by_statement(project: Project) -> None:
    article = "us-senators-express-concern"
    result = CliRunner().invoke(main, ["suggest", article, "--root", str(project.root), "--force"])
    assert result.exit_code == 0, result.output
    _, problems = validate(project)
    refused = [p for p in problems if p.path == f"annotations/{article}.yaml" and p.field == "note"]
    assert len(refused) == len(suggest(project.text_path(article).read_text("utf-8")))
    assert all(p.hint is not None and UNREVIEWED.strip() in p.hint for p in refused)
