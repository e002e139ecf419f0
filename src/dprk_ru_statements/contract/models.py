"""Pydantic models of one record each: an article's metadata, a statement, a registry speaker.

Vocabularies come from `schema/vocabularies.yaml`; nothing here lists a label.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from ..core.versions import Version
from .vocab import country_codes, vocabularies

_vocab = vocabularies()
SpeakerType = Literal[tuple(_vocab.speaker_type)]  # type: ignore[valid-type]
ClaimType = Literal[tuple(_vocab.claim_type)]  # type: ignore[valid-type]
QuoteKind = Literal[tuple(_vocab.quote_kind)]  # type: ignore[valid-type]
DatePrecision = Literal[tuple(_vocab.date_precision)]  # type: ignore[valid-type]
NotStatementReason = Literal[tuple(_vocab.not_statement_reason)]  # type: ignore[valid-type]
Position = Literal[tuple(_vocab.position)]  # type: ignore[valid-type]
Genre = Literal[tuple(_vocab.genre)]  # type: ignore[valid-type]
TextRights = Literal[tuple(_vocab.text_rights)]  # type: ignore[valid-type]

ARTICLE_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
STATEMENT_ID = r"^[a-z0-9]+(-[a-z0-9]+)*\.s[0-9]{2,}$"
ArticleId = Annotated[str, Field(pattern=ARTICLE_ID, max_length=80)]
NonEmpty = Annotated[str, Field(min_length=1)]
Offset = Annotated[int, Field(ge=0)]
Qid = Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$")]
ENTITY = r"^e[1-9][0-9]*$"
EntityId = Annotated[str, Field(pattern=ENTITY)]
# The names columns.yaml's `matches` refers to.
PATTERNS = {"article_id": ARTICLE_ID, "statement_id": STATEMENT_ID, "qid": r"^Q[1-9][0-9]*$"}

# Drafts made by `suggest` carry this prefix in `note` until an annotator has checked them.
UNREVIEWED = "UNREVIEWED: "


def is_unreviewed(note: str | None) -> bool:
    return note is not None and note.startswith(UNREVIEWED.strip())


DATE_FORMATS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
# What makes a date at each precision a full day, for engines that check it by parsing one.
DATE_PADDING = {"day": "", "month": "-01", "year": "-01-01"}


@functools.lru_cache(maxsize=8192)  # a corpus repeats its dates many times; this runs per field
def precision_of(value: str) -> str | None:
    """The precision a date string is written at, or None if it is no valid date."""
    for precision, pattern in DATE_FORMATS.items():
        if re.fullmatch(pattern, value):
            parts = [int(part) for part in value.split("-")] + [1, 1]
            try:
                dt.date(*parts[:3])
            except ValueError:
                return None
            return precision
    return None


def check_date_pair(value: str | None, precision: str) -> str | None:
    """Why `value` does not fit `precision`, or None when it does."""
    if precision == "unknown":
        return None if value is None else f"precision 'unknown' needs date null, got {value!r}"
    if value is None:
        return f"precision {precision!r} needs a date written {_vocab.date_precision[precision]}"
    if precision_of(value) != precision:
        return f"date {value!r} is not written at precision {precision!r} ({_vocab.date_precision[precision]})"
    return None


def _date_as_text(value: Any) -> Any:
    # YAML reads 2023-10-17 as a date and 2023 as an int; the canonical form is a string.
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _valid_date(value: str | None) -> str | None:
    if value is not None and precision_of(value) is None:
        raise ValueError(f"{value!r} is not a real date written YYYY-MM-DD, YYYY-MM or YYYY")
    return value


def _valid_day(value: str | None) -> str | None:
    if value is not None and precision_of(value) != "day":
        raise ValueError(f"{value!r} is not a real day written YYYY-MM-DD")
    return value


def date_bounds(value: str | None, precision: str) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day a date written at `precision` covers; (None, None) for no date."""
    if value is None or precision == "unknown":
        return None, None
    parts = [int(part) for part in value.split("-")]
    if precision == "day":
        day = dt.date(*parts)
        return day, day
    if precision == "month":
        first = dt.date(parts[0], parts[1], 1)
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return first, following - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def _valid_country(value: str | None) -> str | None:
    if value is not None and value not in country_codes():
        raise ValueError(
            f"{value!r} is not an ISO 3166-1 alpha-3 code nor one of {', '.join(_vocab.extra_country_codes)}"
        )
    return value


def dated(date_field: str, precision_field: str) -> tuple[Any, Any, Any]:
    """Validators for a date and its precision: read YAML dates as text, refuse impossible dates,
    and refuse a date not written at its precision (the error is reported on the precision)."""

    def fits(cls: type, precision: str, info: ValidationInfo) -> str:
        if date_field in info.data:
            problem = check_date_pair(info.data[date_field], precision)
            if problem:
                raise ValueError(problem)
        return precision

    return (
        field_validator(date_field, mode="before")(classmethod(lambda cls, v: _date_as_text(v))),
        field_validator(date_field)(classmethod(lambda cls, v: _valid_date(v))),
        field_validator(precision_field)(classmethod(fits)),
    )


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Speaker(Record):
    """One entry of `registry/speakers.yaml`: the canonical form of a speaker."""

    name: NonEmpty
    speaker_type: SpeakerType
    affiliation: NonEmpty | None
    country: str | None
    speaker_qid: Qid | None = None
    description: NonEmpty | None = None
    aliases: list[NonEmpty] = Field(default=[], description="the forms articles write the name in")
    named: bool = Field(
        default=True,
        description="false for a role ('Kremlin spokesperson'): its statements name a per-article entity",
    )

    _country = field_validator("country")(classmethod(lambda cls, v: _valid_country(v)))


class ArticleMeta(Record):
    """`raw/<article_id>.meta.yaml`: where an article came from and what it is."""

    article_id: ArticleId
    headline: NonEmpty
    outlet: NonEmpty | None = Field(description="as the text names it; null when it does not")
    outlet_evidence: NonEmpty
    publication_date: str | None
    publication_date_precision: DatePrecision
    publication_date_evidence: NonEmpty
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")]
    genre: Genre
    source_file: NonEmpty
    source_url: NonEmpty | None = None
    source_repository: NonEmpty | None = None
    source_path: NonEmpty | None = None
    source_commit: Annotated[str, Field(pattern=r"^[0-9a-f]{40}$")] | None = None
    text_rights: TextRights = "restricted"  # the safe default: redistributed only when known free
    license_note: NonEmpty | None = None
    extraction_changes: list[NonEmpty] = []
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    split_group: ArticleId | None = Field(
        default=None, description="articles reporting one event share it and land in one split"
    )
    note: NonEmpty | None = None

    _date_as_text, _date_is_real, _date_fits_precision = dated("publication_date", "publication_date_precision")


class Statement(Record):
    """One attributed statement: who said what, when, where, and where it is in the article."""

    statement_id: Annotated[str, Field(pattern=STATEMENT_ID)]
    speaker: NonEmpty
    speaker_type: SpeakerType
    affiliation: NonEmpty | None
    country: str | None
    speaker_qid: Qid | None = None
    speaker_entity: EntityId | None = None
    date: str | None
    date_precision: DatePrecision
    date_not_before: str | None = None
    date_not_after: str | None = None
    venue: NonEmpty | None
    channel: NonEmpty | None = None
    claim_type: ClaimType
    claim_type_secondary: ClaimType | None = None
    quote_kind: QuoteKind
    position: Position = "body"  # most mentions; headline, lede and the rest are marked
    repeat_of: Annotated[str, Field(pattern=STATEMENT_ID)] | None = None
    char_start: Offset
    char_end: Offset
    text: NonEmpty
    note: NonEmpty | None = None

    _country = field_validator("country")(classmethod(lambda cls, v: _valid_country(v)))
    _date_as_text, _date_is_real, _date_fits_precision = dated("date", "date_precision")
    _bounds_as_text = field_validator("date_not_before", "date_not_after", mode="before")(
        classmethod(lambda cls, v: _date_as_text(v))
    )

    @field_validator("date_not_before", "date_not_after")
    @classmethod
    def _bound_is_a_day(cls, value: str | None) -> str | None:
        return _valid_day(value)

    @field_validator("date_not_after")
    @classmethod
    def _bounds_agree(cls, after: str | None, info: ValidationInfo) -> str | None:
        before = info.data.get("date_not_before")
        if after is not None and before is not None and after < before:
            raise ValueError(f"{after} is before date_not_before {before}")
        first, last = date_bounds(info.data.get("date"), info.data.get("date_precision", "unknown"))
        if after is not None and first is not None and after < first.isoformat():
            raise ValueError(f"{after} is before the date {info.data['date']} begins")
        if before is not None and last is not None and before > last.isoformat():
            raise ValueError(f"date_not_before {before} is after the date {info.data['date']} ends")
        return after

    @field_validator("claim_type_secondary")
    @classmethod
    def _secondary_differs(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and value == info.data.get("claim_type"):
            raise ValueError(f"repeats claim_type {value!r}: leave it null when only one label fits")
        return value

    @field_validator("char_end")
    @classmethod
    def _end_after_start(cls, end: int, info: ValidationInfo) -> int:
        start = info.data.get("char_start")
        if start is not None and end <= start:
            raise ValueError(f"char_end {end} must be greater than char_start {start}")
        return end


class NotStatement(Record):
    """Quotation marks that the annotator saw and left out on purpose, with the reason."""

    char_start: Offset
    char_end: Offset
    text: NonEmpty
    reason: NotStatementReason


class Entity(Record):
    """One unnamed speaker of one article: a person known only by role."""

    entity: EntityId
    speaker: NonEmpty
    note: NonEmpty | None = None


class AnnotationFile(Record):
    """`annotations/<article_id>.yaml`."""

    article_id: ArticleId
    statements: list[Statement]
    entities: list[Entity] = []
    not_statements: list[NotStatement] = []


class SpeakerRegistry(Record):
    """`registry/speakers.yaml`."""

    speakers: list[Speaker]


class CardLicense(Record):
    """The Hub's fields for mixed rights (`license: other` with a name and the details)."""

    license: NonEmpty
    license_name: NonEmpty
    license_details: NonEmpty


class DatasetFile(Record):
    """`dataset.yaml`: the release's own metadata. `version` names the release folder, so it is
    X.Y.Z and nothing else (no path, no `v1`)."""

    name: NonEmpty
    pretty_name: NonEmpty
    version: NonEmpty
    released: str
    description: NonEmpty
    annotation_license: NonEmpty
    text_rights: NonEmpty
    card_license: CardLicense
    annotations_creators: list[NonEmpty]
    language_creators: list[NonEmpty]
    multilinguality: NonEmpty
    source_datasets: list[NonEmpty]
    task_ids: list[NonEmpty]
    homepage: NonEmpty
    creators: list[NonEmpty]
    citation: NonEmpty
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")]
    task_categories: list[NonEmpty]

    _released_as_text = field_validator("released", mode="before")(classmethod(lambda cls, v: _date_as_text(v)))

    @field_validator("version")
    @classmethod
    def _version_is_x_y_z(cls, value: str) -> str:
        return str(Version.parse(value))

    @field_validator("released")
    @classmethod
    def _released_is_a_day(cls, value: str) -> str:
        if precision_of(value) != "day":
            raise ValueError(f"{value!r} is not a real day written YYYY-MM-DD")
        return value
