"""Quoted spans: every glyph the seeds use, and apostrophes never taken for quotation marks."""

from __future__ import annotations

import pytest

from dprk_ru_statements.records.quotes import quoted_spans, uncovered


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Dangerous” arms", ["Dangerous"]),
        ("he said ‘gravely concerned’ today", ["gravely concerned"]),
        ('the "reckless" drills', ["reckless"]),
        ("launch of 'ballistic missile' violates", ["ballistic missile"]),
        ("Russia's aid and Ricketts’ sentiments", []),
        ("[“inside brackets”] and —“after a dash”", ["inside brackets", "after a dash"]),
        ("a“glued”b", []),
        ("“A ‘nested’ title,” he said.", ["A ‘nested’ title,"]),
    ],
)
def test_quoted_spans(text: str, expected: list[str]) -> None:
    spans = quoted_spans(text)
    assert [span.text for span in spans] == expected
    assert all(text[span.start : span.end] == span.text for span in spans)


def test_uncovered_are_the_spans_no_range_overlaps() -> None:
    text = "“One,” he said. “Two.”"
    first, second = quoted_spans(text)
    assert uncovered(text, [(first.start, first.end)]) == [second]
