"""The controlled vocabularies, read once from `schema/vocabularies.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .paths import PACKAGE_DIR


def schema_dir() -> Path:
    """`schema/` of the checkout, or the copy shipped inside an installed wheel."""
    shipped = PACKAGE_DIR / "schema"
    return shipped if shipped.is_dir() else PACKAGE_DIR.parents[1] / "schema"


@dataclass(frozen=True)
class Vocabularies:
    schema_version: str
    speaker_type: dict[str, str]
    claim_type: dict[str, str]
    claim_type_precedence: list[str]
    quote_kind: dict[str, str]
    date_precision: dict[str, str]
    not_statement_reason: dict[str, str]
    extra_country_codes: dict[str, str]
    quotation_marks: list[tuple[str, str]]
    splits: dict[str, int]

    @property
    def class_labels(self) -> dict[str, list[str]]:
        """Columns published as ClassLabel features, with their names in integer order."""
        return {
            "speaker_type": list(self.speaker_type),
            "claim_type": list(self.claim_type),
            "quote_kind": list(self.quote_kind),
        }


@cache
def vocabularies() -> Vocabularies:
    data = yaml.load((schema_dir() / "vocabularies.yaml").read_text("utf-8"), Loader=yaml.SafeLoader)
    data["quotation_marks"] = [tuple(pair) for pair in data["quotation_marks"]]
    return Vocabularies(**data)


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes (from pycountry) plus the project's user-assigned codes."""
    import pycountry

    return frozenset(country.alpha_3 for country in pycountry.countries) | frozenset(vocabularies().extra_country_codes)
