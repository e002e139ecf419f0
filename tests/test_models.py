"""Record models: vocabularies from schema/, dates against precision, offsets."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from dprk_ru_statements.contract.models import Statement, check_date_pair, precision_of
from dprk_ru_statements.contract.vocab import vocabularies

VALID: dict[str, Any] = {
    "statement_id": "an-article.s01",
    "speaker": "Robert Wood",
    "speaker_type": "person",
    "affiliation": "U.S. Mission to the United Nations",
    "country": "USA",
    "speaker_qid": None,
    "date": "2024-06",
    "date_precision": "month",
    "venue": None,
    "claim_type": "concern",
    "quote_kind": "direct",
    "char_start": 10,
    "char_end": 20,
    "text": "We are ...",
    "note": None,
}


def errors(**changes: Any) -> list[tuple[tuple, str]]:
    try:
        Statement.model_validate(VALID | changes)
    except ValidationError as error:
        return [(item["loc"], item["type"]) for item in error.errors()]
    return []


def test_valid_record() -> None:
    assert errors() == []


@pytest.mark.parametrize("label", list(vocabularies().claim_type))
def test_every_claim_type_from_the_vocabulary_is_accepted(label: str) -> None:
    assert errors(claim_type=label) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"claim_type": "threat"}, [(("claim_type",), "literal_error")]),
        ({"char_end": 10}, [(("char_end",), "value_error")]),
        ({"char_start": -1}, [(("char_start",), "greater_than_equal")]),
        ({"char_start": "10"}, [(("char_start",), "int_type")]),
        ({"country": "US"}, [(("country",), "value_error")]),
        ({"speaker_qid": "42"}, [(("speaker_qid",), "string_pattern_mismatch")]),
        ({"statement_id": "an-article-1"}, [(("statement_id",), "string_pattern_mismatch")]),
        ({"speeker": "x"}, [(("speeker",), "extra_forbidden")]),
        ({"date": "2024-13"}, [(("date",), "value_error")]),
        ({"date": None}, [(("date_precision",), "value_error")]),
    ],
)
def test_invalid_records(changes: dict[str, Any], expected: list) -> None:
    assert errors(**changes) == expected


def test_yaml_dates_and_years_become_strings() -> None:
    import datetime as dt

    statement = Statement.model_validate(VALID | {"date": dt.date(2023, 10, 17), "date_precision": "day"})
    assert statement.date == "2023-10-17"
    assert Statement.model_validate(VALID | {"date": 2022, "date_precision": "year"}).date == "2022"


def test_date_rules() -> None:
    assert precision_of("2024-02-29") == "day"
    assert precision_of("2023-02-29") is None
    assert check_date_pair(None, "unknown") is None
    assert check_date_pair("2023", "unknown") == "precision 'unknown' needs date null, got '2023'"
    assert check_date_pair("2023-10", "day") == "date '2023-10' is not written at precision 'day' (YYYY-MM-DD)"


def test_json_schema_descriptions_are_the_column_meanings() -> None:
    """schema/columns.yaml is the one place a column's meaning is written; the editors' JSON
    Schemas take it from there."""
    import json

    from dprk_ru_statements.contract.columns import meanings
    from dprk_ru_statements.contract.vocab import schema_dir

    annotation = json.loads((schema_dir() / "annotation.schema.json").read_text("utf-8"))
    statement = annotation["$defs"]["Statement"]["properties"]
    for name, meaning in meanings("statements").items():
        if name in statement:
            assert statement[name]["description"] == meaning, name
    article = json.loads((schema_dir() / "article.schema.json").read_text("utf-8"))["properties"]
    assert article["note"]["description"] == meanings("articles")["article_note"]
