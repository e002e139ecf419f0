"""The `suggest` command: candidate statements by a dependency parse, drafts, and their evaluation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dprk_ru_statements.checks.validate import validate
from dprk_ru_statements.cli import main
from dprk_ru_statements.contract.models import UNREVIEWED, AnnotationFile, Statement
from dprk_ru_statements.core.paths import Project
from dprk_ru_statements.records.yamlio import dump_yaml, read_yaml
from dprk_ru_statements.tools import suggest_nlp
from dprk_ru_statements.tools.fmt import format_text
from dprk_ru_statements.tools.suggest import draft_records, read_meta, suggest
from dprk_ru_statements.tools.suggest_eval import Score, by_genre, score_article, split, total, tuning_registry
from dprk_ru_statements.tools.suggest_speakers import Registry

from .conftest import REPO

pytest.importorskip("spacy")  # the `suggest` extra; the test extra installs it

REGISTRY = Registry(
    [
        {
            "name": "Kim Song",
            "speaker_type": "person",
            "affiliation": "Permanent Mission of North Korea to the United Nations",
            "country": "PRK",
            "aliases": ["Song Kim"],
        },
        {"name": "Kim Yo Jong", "speaker_type": "person", "affiliation": None, "country": "PRK"},
    ]
)


def found(text: str, registry: Registry | None = None) -> list[tuple[str, str, str]]:
    return [(text[s.start : s.end], s.quote_kind, s.speaker) for s in suggest(text, registry=registry)]


def test_interrupted_quote_gives_two_direct_records_with_one_speaker() -> None:
    text = "“We will not accept these transfers,” the foreign minister said on Monday. “The shipments must stop.”\n"
    assert found(text) == [
        ("We will not accept these transfers,", "direct", "Foreign minister"),
        ("The shipments must stop.", "direct", "Foreign minister"),
    ]


def test_quoted_by_names_a_channel_not_a_speaker() -> None:
    text = "Kim Yo Jong, quoted by KCNA, said the reports were groundless.\n"
    [record] = suggest(text, registry=REGISTRY)
    assert text[record.start : record.end] == "the reports were groundless"
    assert (record.speaker, record.channel, record.country, record.speaker_how) == (
        "Kim Yo Jong",
        "KCNA",
        "PRK",
        "registry",
    )


def test_speaker_resolved_through_a_registry_alias() -> None:
    text = "Song Kim told the council that the allegations were false.\n"
    [record] = suggest(text, registry=REGISTRY)
    assert (text[record.start : record.end], record.speaker, record.speaker_type) == (
        "the allegations were false",
        "Kim Song",
        "person",
    )
    assert record.affiliation == "Permanent Mission of North Korea to the United Nations"
    assert record.claim_type == "denial"  # "false" names the act


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The ministry cautioned that the drills would raise tensions.\n",
            ("the drills would raise tensions", "warning"),
        ),
        ("A spokesman called the reports “a fabrication.”\n", ("a fabrication.", "denial")),
        ("The ministry urged Seoul to halt the drills.\n", ("Seoul to halt the drills", "demand")),
        ("Pyongyang denied the accusations of arms sales.\n", ("the accusations of arms sales", "denial")),
    ],
)
def test_cues_the_old_rules_missed_and_codebook_spans(text: str, expected: tuple[str, str]) -> None:
    [record] = suggest(text)
    assert (text[record.start : record.end], record.claim_type) == expected


def test_pronoun_takes_the_previous_person() -> None:
    text = "Robert Wood told reporters that the transfers were illegal. He added that Washington would respond.\n"
    records = suggest(text)
    assert [r.speaker for r in records] == ["Robert Wood", "Robert Wood"]
    assert records[0].venue == "told reporters"
    assert records[1].speaker_how == "coreference"


def test_low_confidence_claim_type_says_so_in_the_note() -> None:
    text = "The envoy said that the meeting took place in a calm atmosphere.\n"
    [statement] = draft_records("synthetic-article", text)["statements"]
    assert statement["claim_type"] == "assessment"
    assert statement["note"].startswith(UNREVIEWED) and "claim type low confidence (0.50)" in statement["note"]


def test_reproduced_statement_is_document_text_of_its_author() -> None:
    text = (
        "Pyongyang, June 27 (KCNA) -- Kang Sun Nam, minister of National Defence of the DPRK, released the"
        " following press statement on June 27:\n\nThe puppet clique perpetrated a brutal atrocity again.\n"
    )
    [record] = suggest(text, genre="state_media")
    assert (text[record.start : record.end], record.quote_kind) == (
        "The puppet clique perpetrated a brutal atrocity again",
        "document",
    )
    assert (record.speaker, record.venue) == ("Kang Sun Nam", "press statement")


def test_drafts_of_every_raw_article_have_verbatim_spans_and_pass_the_span_checks(project: Project) -> None:
    registry = Registry.read(project.speakers)
    for path in sorted(project.raw.glob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        meta = read_meta(project.meta_path(path.stem))
        records = draft_records(path.stem, text, str(meta["genre"]), meta, registry)
        assert records["statements"], path.stem
        for statement in records["statements"]:
            assert statement["text"] == text[statement["char_start"] : statement["char_end"]]
            assert statement["note"].startswith(UNREVIEWED)
        if project.annotation_path(path.stem).exists():
            project.annotation_path(path.stem).write_text(dump_yaml(records), "utf-8")
    _, problems = validate(project)
    assert problems, "an unreviewed draft is never clean"
    assert [p for p in problems if p.field in {"text", "char_start", "char_end", "statement_id", "yaml"}] == []


def test_draft_file_parses_and_is_canonical(tmp_path: Path) -> None:
    text = "“We will not accept these transfers,” the foreign minister said on Monday.\n"
    path = tmp_path / "synthetic-article.yaml"
    path.write_text(dump_yaml(draft_records("synthetic-article", text)), "utf-8")
    data, _ = read_yaml(path)
    [statement] = AnnotationFile.model_validate(data).statements
    assert isinstance(statement, Statement) and statement.text == "We will not accept these transfers,"
    assert format_text(path.read_text("utf-8"), "annotation") == path.read_text("utf-8")


def test_score_counts_direct_quotes_and_labels() -> None:
    from dprk_ru_statements.release.agreement import Span

    def span(start: int, end: int, kind: str, speaker: str, claim: str = "assessment") -> Span:
        return Span("a", start, end, {"quote_kind": kind, "speaker": speaker, "claim_type": claim})

    gold = [
        span(0, 10, "direct", "Robert Wood"),
        span(20, 40, "indirect", "Hwang", "denial"),
        span(50, 60, "direct", "X"),
    ]
    suggested = [span(0, 10, "partial", "Wood"), span(25, 40, "indirect", "Song Kim"), span(70, 80, "direct", "Y")]
    score = score_article(gold, suggested)
    assert (score.matched, score.recall, score.precision) == (2, 2 / 3, 2 / 3)
    assert (score.matched_direct, score.direct_recall) == (0, 0.0)
    assert (score.speaker_accuracy, score.claim_accuracy) == (0.5, 0.5)


def test_split_is_disjoint_and_holds_out_every_genre() -> None:
    sets = split()
    seed, development, held = set(sets["seed"]), set(sets["development"]), set(sets["held_out"])
    assert not (seed & development or seed & held or development & held)
    annotated = {path.stem for path in (REPO / "annotations").glob("*.yaml")}
    assert seed | development | held == annotated
    genres = {str(read_meta(REPO / "raw" / f"{a}.meta.yaml")["genre"]) for a in held}
    assert genres == {"news", "state_media", "press_release", "joint_statement", "readout"}


def test_tuning_registry_leaves_out_speakers_only_held_out_articles_name() -> None:
    registry = tuning_registry(REPO / "registry" / "speakers.yaml", REPO / "annotations")
    names = {entry["name"] for entry in registry.entries}
    tuned = set()
    for article in split()["seed"] + split()["development"]:
        data, _ = read_yaml(REPO / "annotations" / f"{article}.yaml", lines=False)
        tuned |= {s["speaker"] for s in data["statements"]}
    assert names and names <= tuned


def test_by_genre_sums_to_the_total() -> None:
    scores = {
        "us-senators-express-concern": Score(gold=3, matched=2),
        "wh-2024-01-09-readout-sullivan-chang-hojin": Score(gold=1),
    }
    assert total(by_genre(scores, REPO / "raw")) == total(scores)


def test_cli_suggest_writes_a_draft_and_never_overwrites_by_accident(project: Project) -> None:
    article = "us-senators-express-concern"
    adjudicated = project.annotation_path(article).read_text("utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["suggest", article, "--root", str(project.root)])
    assert result.exit_code == 2 and "exists" in result.output
    assert project.annotation_path(article).read_text("utf-8") == adjudicated
    target = project.root / "draft.yaml"
    result = runner.invoke(main, ["suggest", article, "--root", str(project.root), "--output", str(target)])
    assert result.exit_code == 0, result.output
    data, _ = read_yaml(target)
    assert data["article_id"] == article and f"{len(data['statements'])} unreviewed suggestion(s)" in result.output
    result = runner.invoke(main, ["suggest", article, "--root", str(project.root), "--output", "-"])
    assert result.exit_code == 0 and result.stdout == target.read_text("utf-8")


@pytest.mark.parametrize("article_id", ["../registry/speakers", "Not-An-Id", "missing-article"])
def test_cli_suggest_refuses_bad_article_ids(project: Project, article_id: str) -> None:
    result = CliRunner().invoke(main, ["suggest", article_id, "--root", str(project.root)])
    assert result.exit_code == 2 and "ARTICLE_ID" in result.output


def test_cli_suggest_without_the_extra_says_so_in_one_line(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise suggest_nlp.MissingExtra(f"spaCy is not installed; {suggest_nlp.EXTRA_HINT}")

    monkeypatch.setattr(suggest_nlp, "pipeline", missing)
    result = CliRunner().invoke(
        main, ["suggest", "us-senators-express-concern", "--root", str(project.root), "--output", "-"]
    )
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"error: spaCy is not installed; {suggest_nlp.EXTRA_HINT}"]
    assert "Traceback" not in result.output


def test_package_and_cli_import_without_spacy() -> None:
    code = (
        "import sys; import dprk_ru_statements, dprk_ru_statements.cli, dprk_ru_statements.tools.suggest, "
        "dprk_ru_statements.tools.suggest_eval; assert 'spacy' not in sys.modules, 'spacy imported eagerly'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_validate_refuses_an_unreviewed_draft_statement_by_statement(project: Project) -> None:
    article = "us-senators-express-concern"
    result = CliRunner().invoke(main, ["suggest", article, "--root", str(project.root), "--force"])
    assert result.exit_code == 0, result.output
    data, _ = read_yaml(project.annotation_path(article))
    _, problems = validate(project)
    refused = [p for p in problems if p.path == f"annotations/{article}.yaml" and p.field == "note"]
    assert len(refused) == len(data["statements"]) > 0


def test_out_of_scope_own_voice_sentence_gives_no_record() -> None:
    # Codebook 1.2.2: from an issuer that is not North Korean or Russian, only sentences about North
    # Korea (or others' support for Russia's war) are statements.
    text = (
        "We will continue to consult closely on foreign exchange market developments.\n"
        "We strongly condemn the DPRK’s exports of ballistic missiles to Russia.\n"
    )
    registry = Registry([{"name": "Finance ministers", "speaker_type": "group", "country": "XMG"}])
    records = suggest(text, "joint_statement", {"headline": "Finance ministers"}, registry)
    assert [(text[r.start : r.end], r.quote_kind) for r in records] == [
        ("We strongly condemn the DPRK’s exports of ballistic missiles to Russia", "document")
    ]


def test_present_designation_is_the_issuers_own_act_and_a_past_one_is_an_accusation() -> None:
    text = (
        "Vostok LLC is being designated pursuant to E.O. 13810 for trade with North Korea.\n"
        "KKBC was designated in 2009 for providing financial services to the DPRK.\n"
    )
    registry = Registry([{"name": "U.S. Department of the Treasury", "speaker_type": "organization"}])
    records = suggest(text, "press_release", {"outlet": "U.S. Department of the Treasury"}, registry)
    assert [(text[r.start : r.end], r.claim_type) for r in records] == [
        ("KKBC was designated in 2009 for providing financial services to the DPRK", "accusation")
    ]


def test_readout_keeps_only_participants_speech_in_scope() -> None:
    # Sentences of wh-2024-01-09-readout-sullivan-chang-hojin (development), the last one out of scope.
    text = (
        "The two officials condemned in the strongest possible terms the DPRK’s transfer of ballistic missiles"
        " to Russia and Russia’s use of these missiles against Ukraine. They noted that the transfer and use of"
        " these weapons increases the suffering of the Ukrainian people.\n\n"
        "They also committed to maintain close collaboration on shared security challenges to bolster peace"
        " and security across the Indo-Pacific region and around the globe.\n"
    )
    records = suggest(text, "readout")
    assert [text[r.start : r.end] for r in records] == [
        "the DPRK’s transfer of ballistic missiles to Russia and Russia’s use of these missiles against Ukraine",
        "the transfer and use of these weapons increases the suffering of the Ukrainian people",
    ]
    assert {r.speaker_type for r in records} == {"group"}


def test_unregistered_speaker_phrase_is_kept_in_role_form_with_a_parse_type() -> None:
    text = "A spokesman for the Foreign Ministry of Belarus said the reports were lies.\n"
    [record] = suggest(text, registry=REGISTRY)
    assert (record.speaker, record.speaker_type, record.speaker_how) == (
        "Spokesperson for the Foreign Ministry of Belarus",
        "person",
        "parse",
    )
    text = "South Korea’s presidential office said the troops had arrived in Russia.\n"
    [record] = suggest(text)
    assert record.speaker == "South Korean presidential office"


def test_speaker_after_an_inverted_said_is_the_person_named_after_it() -> None:
    # The paragraph of treasury-2024-12-16 (development): the parser makes "Acting" a verb.
    text = (
        "“The Kim regime’s continued provocative actions—including its most recent ICBM test and its deepening"
        " military support to Russia—undermine the stability of the region and sustain Putin’s continued"
        " aggression in Ukraine,” said Acting Under Secretary of the Treasury for Terrorism and Financial"
        " Intelligence Bradley T. Smith.\n"
    )
    [record] = suggest(text)
    assert (record.quote_kind, record.speaker, record.speaker_type) == ("direct", "Bradley T. Smith", "person")
    assert text[record.start : record.end].endswith("aggression in Ukraine,")


def test_document_title_is_the_authors_direct_statement() -> None:
    text = (
        "Pyongyang, October 6 (KCNA) -- A spokesperson for the Foreign Ministry of the DPRK issued the following"
        ' statement titled "NATO should be thrown into the dump of history" on Sunday:\n\n'
        "NATO let loose a string of unreasonable remarks against the DPRK.\n"
    )
    records = suggest(text, genre="state_media")
    assert [(text[r.start : r.end], r.quote_kind) for r in records] == [
        ("NATO should be thrown into the dump of history", "direct"),
        ("NATO let loose a string of unreasonable remarks against the DPRK", "document"),
    ]
    assert records[0].claim_type == "demand"  # "should"


def test_message_after_a_sender_is_his_document_and_thanks_are_no_statement() -> None:
    text = (
        "Pyongyang, August 16 (KCNA) -- Kim Jong Un sent a reply message to Vladimir Putin on August 15.\n\n"
        "The message said:\n\n"
        "I express deep thanks to you for your warm congratulations.\n\n"
        "The friendship of the two countries serves as a strong driving force for the alliance.\n"
    )
    records = suggest(text, genre="state_media")
    assert [(text[r.start : r.end], r.speaker, r.quote_kind) for r in records] == [
        (
            "The friendship of the two countries serves as a strong driving force for the alliance",
            "Kim Jong Un",
            "document",
        )
    ]


def test_support_words_about_a_third_party_give_no_support_label() -> None:
    text = "The ministry said that the bank has provided support to the DPRK’s weapons program.\n"
    [record] = suggest(text)
    assert record.claim_type == "accusation"
    text = "The minister said that we support the Russian people in their just struggle.\n"
    [record] = suggest(text)
    assert record.claim_type == "support"
