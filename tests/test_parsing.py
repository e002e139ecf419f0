"""Safe YAML loading: line numbers kept, duplicate keys, aliases, tags and conflicts refused."""

from __future__ import annotations

import pytest

from dprk_ru_statements.records.yamlio import YamlError, dump_yaml, parse_yaml


def test_lines_of_keys_and_items() -> None:
    data, lines = parse_yaml("article_id: a\nstatements:\n- statement_id: a.s01\n  speaker: X\n")
    assert data == {"article_id": "a", "statements": [{"statement_id": "a.s01", "speaker": "X"}]}
    assert lines.line(("statements", 0, "speaker")) == 4
    assert lines.line(("statements", 0, "missing_field")) == 3  # falls back to the item


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "a", "duplicate key (first on line 1)"),
        ("a: &x [1, 2]\nb: *x\n", 2, "yaml", "anchors and aliases are not allowed"),
        (
            "a: !!python/object/apply:os.system [ls]\n",
            1,
            "yaml",
            "could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'",
        ),
        ("a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> branch\n", 2, "yaml", "merge conflict marker"),
        ("a: [1, 2\nb: 3\n", 2, "yaml", "did not find expected ',' or ']'"),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", 3, "yaml", "merge keys (<<) are not allowed"),
    ],
)
def test_refused(text: str, line: int, field: str, message: str) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert (caught.value.line, caught.value.field, caught.value.message) == (line, field, message)


def test_billion_laughs_is_refused_before_expansion() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    with pytest.raises(YamlError, match="anchors and aliases are not allowed"):
        parse_yaml(bomb)


def test_canonical_dump_round_trips() -> None:
    data = {"text": "“Dangerous,” he said: 'no'", "date": "2023-10-17", "year": "2023", "n": 3, "none": None}
    text = dump_yaml(data)
    assert parse_yaml(text)[0] == data
    assert "“Dangerous,”" in text, "typographic quotes are written as they are, not escaped"
