"""The agreement measure: matching rule, kappa, and the published figures recomputed."""

from __future__ import annotations

import math
from pathlib import Path

from dprk_ru_statements.release.agreement import Span, agreement, cohen_kappa, matches, same_speaker

from .conftest import REPO


def span(start: int, end: int) -> Span:
    return Span("a", start, end, {})


def test_overlap_of_half_the_shorter_span_matches() -> None:
    assert len(matches([span(0, 10)], [span(5, 30)])) == 1  # 5 of the shorter 10
    assert matches([span(0, 10)], [span(6, 30)]) == []  # 4 of 10
    # One to one: the larger overlap wins, the other span stays unmatched.
    pairs = matches([span(0, 10)], [span(0, 9), span(2, 10)])
    assert [(b.start, b.end) for _, b in pairs] == [(0, 9)]


def test_cohen_kappa_known_values() -> None:
    assert cohen_kappa([("x", "x"), ("y", "y")]) == 1.0
    # Observed 0.5, expected 0.5: no agreement beyond chance.
    assert cohen_kappa([("x", "x"), ("x", "y"), ("y", "x"), ("y", "y")]) == 0.0
    # 20 items: 15 agree, marginals 10/10 and 11/9 -> p_e = (10*11 + 10*9) / 400 = 0.5, kappa = 0.5.
    pairs = [("x", "x")] * 8 + [("y", "y")] * 7 + [("x", "y")] * 2 + [("y", "x")] * 3
    assert math.isclose(cohen_kappa(pairs), 0.5)


def test_speaker_names_match_leniently() -> None:
    assert same_speaker("Robert Wood", "Wood")
    assert same_speaker("U.S. government", "US Government")
    assert not same_speaker("Sung Kim", "Song Kim")


def test_published_agreement_is_recomputed_from_the_kept_annotations() -> None:
    result = agreement(REPO / "agreement" / "annotator_a", REPO / "agreement" / "annotator_b")
    assert result["articles"] == 5
    assert result["span_f1"] >= 0.85
    assert result["claim_type_kappa"] >= 0.75
    datasheet = (REPO / "DATASHEET.md").read_text("utf-8")
    assert f"| statement-level span F1 | {result['span_f1']:.3f} |" in datasheet


def test_the_kept_blind_study_is_the_drawn_one_and_a_damaged_copy_is_drawn_again(tmp_path: Path) -> None:
    from dprk_ru_statements.release.agreement import blind_study

    first, second = REPO / "agreement" / "v2" / "annotator_a", REPO / "agreement" / "v2" / "annotator_b"
    drawn = blind_study(first, second)
    assert blind_study(first, second, tmp_path) == drawn  # drawn, then kept
    (kept,) = tmp_path.glob("*.json")
    assert blind_study(first, second, tmp_path) == drawn  # read back
    kept.write_text('{"strict span F1": [1.0', "utf-8")
    assert blind_study(first, second, tmp_path) == drawn  # damaged: drawn again, and kept again
    assert blind_study(first, second, tmp_path) == drawn
