"""The controlled vocabularies, read once from `schema/vocabularies.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from ..core.paths import PACKAGE_DIR

# The C loader when PyYAML has it: ten times faster on every cold start of the command line.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

COUNTRY_CODES_FILE = "country_codes.txt"
_COUNTRY_CODES_HEADER = (
    "# ISO 3166-1 alpha-3 codes, one a line, generated from pycountry by `dprk-ru-statements schema`:\n"
    "# do not edit. The project's user-assigned codes are `extra_country_codes` in vocabularies.yaml.\n"
)


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
    position: dict[str, str]
    genre: dict[str, str]
    date_precision: dict[str, str]
    not_statement_reason: dict[str, str]
    text_rights: dict[str, str]
    extra_country_codes: dict[str, str]
    quotation_marks: list[tuple[str, str]]
    splits: dict[str, int]


@cache
def vocabularies() -> Vocabularies:
    data = yaml.load((schema_dir() / "vocabularies.yaml").read_text("utf-8"), Loader=_Loader)
    data["quotation_marks"] = [tuple(pair) for pair in data["quotation_marks"]]
    return Vocabularies(**data)


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes (from `schema/country_codes.txt`) plus the project's user-assigned codes."""
    # A generated list rather than pycountry itself: importing pycountry and loading its database
    # would be a large share of a one-file `validate`.
    lines = (schema_dir() / COUNTRY_CODES_FILE).read_text("utf-8").splitlines()
    iso = frozenset(line for line in lines if line and not line.startswith("#"))
    return iso | frozenset(vocabularies().extra_country_codes)


def render_country_codes() -> str:
    """The text of `schema/country_codes.txt` from the installed pycountry (written by `schema`)."""
    import pycountry  # only here: the generator, not the readers

    return _COUNTRY_CODES_HEADER + "".join(f"{code}\n" for code in sorted(c.alpha_3 for c in pycountry.countries))
