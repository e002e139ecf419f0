"""Assemble the validated corpus into Arrow tables with a fixed schema: the release's API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from ..contract.columns import column_types, not_null
from ..contract.models import ArticleMeta, date_bounds
from ..contract.vocab import vocabularies
from ..records.corpus import Annotation, Article, Corpus
from ..records.quotes import uncovered
from ..records.yamlio import LineMap
from .splits import split_of

STATEMENT_COLUMNS: dict[str, pa.DataType] = column_types("statements")
ARTICLE_COLUMNS: dict[str, pa.DataType] = column_types("articles")
# Quoted spans no statement covers, with the annotator's reason if one was given (report only).
UNCOVERED_COLUMNS: dict[str, pa.DataType] = {
    "article_id": pa.string(),
    "start": pa.int32(),
    "end": pa.int32(),
    "text": pa.string(),
    "reason": pa.string(),
}
NOT_NULL = not_null("statements") | not_null("articles")


def arrow_schema(columns: dict[str, pa.DataType], drop: frozenset[str] = frozenset()) -> pa.Schema:
    return pa.schema(
        [pa.field(name, kind, nullable=name not in NOT_NULL) for name, kind in columns.items() if name not in drop]
    )


def article_split(meta: ArticleMeta) -> str:
    return split_of(meta.split_group or meta.article_id)


def statement_rows(annotation: Annotation, article: Article) -> list[dict[str, object]]:
    """In id order, so that articles taken in `statement_order` give every statement in id order."""
    statements = sorted((statement for _, statement in annotation.statements), key=lambda s: s.statement_id)
    split, published = article_split(article.meta), _last_day(article.meta)
    rows = []
    for statement in statements:
        row = {"article_id": annotation.article_id, "split": split, **statement.model_dump()}
        first, last = date_bounds(statement.date, statement.date_precision)
        before = _day(statement.date_not_before) or first
        after = min((day for day in (_day(statement.date_not_after) or last, published) if day), default=None)
        entity = statement.speaker_entity
        row.update(
            date_not_before=before,
            date_not_after=after,
            speaker_key=f"{annotation.article_id}/{entity}" if entity else statement.speaker,
        )
        rows.append(row)
    return rows


def _day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _last_day(meta: ArticleMeta) -> dt.date | None:
    """No statement in an article can be later than the last day its publication date covers."""
    return date_bounds(meta.publication_date, meta.publication_date_precision)[1]


def statement_order(article_id: str) -> str:
    """Sorting articles by this sorts their statements' ids: "a-b.s01" comes before "a.s01"."""
    return f"{article_id}."


def article_row(article: Article, annotation: Annotation) -> dict[str, object]:
    row = article.meta.model_dump()
    row["article_note"] = row.pop("note")
    row.update(
        article_split=article_split(article.meta),
        num_statements=len(annotation.statements),
        num_utterances=sum(statement.repeat_of is None for _, statement in annotation.statements),
        article_text=article.text,
    )
    return row


def uncovered_rows(article: Article, annotation: Annotation) -> list[dict[str, object]]:
    """Quoted spans of the article that no statement covers, with the reason under `not_statements`."""
    covered = [(s.char_start, s.char_end) for _, s in annotation.statements]
    reasons = {(n.char_start, n.char_end): n.reason for _, n in annotation.not_statements}
    return [
        {
            "article_id": article.meta.article_id,
            "start": span.start,
            "end": span.end,
            "text": span.text,
            "reason": next(
                (why for (start, end), why in reasons.items() if start < span.end and span.start < end), None
            ),
        }
        for span in uncovered(article.text, covered)
    ]


@dataclass(frozen=True)
class Lineage:
    """How assembled tables stand to the build cache: the generation they are saved as, and, when
    they were spliced from an earlier generation, which articles' rows were not reused from it and
    the rows those articles had there (what a release diff needs when that generation was released)."""

    saved_as: str | None  # the cache generation these tables are written to; None without a cache
    spliced_from: str | None = None  # the generation whose rows were reused
    touched: frozenset[str] = frozenset()  # articles checked again, added or gone since then
    before: Tables | None = None  # the touched articles' rows in `spliced_from`


@dataclass
class Tables:
    """The assembled corpus: what a release is written from."""

    statements: pa.Table  # sorted by statement_id, so a release's bytes never depend on file order
    articles: pa.Table  # with text, sorted by article_id
    uncovered: pa.Table  # sorted by article_id and offset
    lineage: Lineage | None = None  # set by `assemble` when it used the build cache

    def articles_without_text(self) -> pa.Table:
        """The articles with every text that may not be redistributed set to null."""
        restricted = pc.equal(self.articles.column("text_rights"), "restricted")
        texts = pc.if_else(restricted, pa.scalar(None, pa.string()), self.articles.column("article_text"))
        return self.articles.set_column(self.articles.schema.get_field_index("article_text"), "article_text", texts)


def in_order(table: pa.Table, keys: list[str]) -> pa.Table:
    """`table` sorted by `keys`; itself, not a copy, when it already is (a build's usual case)."""
    if table.num_rows > 1:
        first, second = table.slice(0, table.num_rows - 1), table.slice(1)
        before = pc.less(first.column(keys[0]), second.column(keys[0]))
        tied = pc.equal(first.column(keys[0]), second.column(keys[0]))
        if len(keys) > 1:
            tied = pc.and_(tied, pc.less_equal(first.column(keys[1]), second.column(keys[1])))
        if not pc.all(pc.or_(before, tied)).as_py():
            return table.sort_by([(key, "ascending") for key in keys])
    return table


def sorted_tables(statements: pa.Table, articles: pa.Table, uncovered_spans: pa.Table) -> Tables:
    return Tables(
        in_order(statements, ["statement_id"]),
        in_order(articles, ["article_id"]),
        in_order(uncovered_spans, ["article_id", "start"]),
    )


def tables_of(corpus: Corpus) -> Tables:
    """The tables of a corpus loaded whole (small corpora, tests, and the commands that need one)."""
    statements, articles, spans = [], [], []
    for article_id in sorted(corpus.articles):
        article, annotation = corpus.articles[article_id], corpus.annotations.get(article_id)
        articles.append(article_row(article, annotation or Annotation(article_id, "", LineMap())))
        if annotation is not None:
            statements += statement_rows(annotation, article)
            spans += uncovered_rows(article, annotation)
    return sorted_tables(
        pa.Table.from_pylist(statements, schema=arrow_schema(STATEMENT_COLUMNS)),
        pa.Table.from_pylist(articles, schema=arrow_schema(ARTICLE_COLUMNS)),
        pa.Table.from_pylist(spans, schema=arrow_schema(UNCOVERED_COLUMNS)),
    )


@dataclass
class Splits:
    """The statements of each split (a statement is in its article's split), gathered a row group
    at a time for writing. Only the diff against a previous release gathers whole splits, which are
    then kept for writing (at that point the statements are held twice, as the diff needs anyway)."""

    statements: pa.Table | None
    rows: dict[str, pa.Array]  # split -> the row numbers of its statements, in id order
    schema: pa.Schema
    gathered: dict[str, pa.Table] = field(default_factory=dict)  # split -> its statements, once taken

    @classmethod
    def of(cls, statements: pa.Table, articles: pa.Table) -> Splits:
        position = pc.index_in(statements.column("article_id"), value_set=articles.column("article_id"))
        names = pc.take(articles.column("article_split"), position)
        rows = {name: pc.indices_nonzero(pc.equal(names, name)) for name in vocabularies().splits}
        return cls(statements, rows, statements.schema)

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.rows.items()}

    def table(self, name: str) -> pa.Table:
        """One split's statements, in one chunk (what the Parquet writer needs anyway); kept, so
        that writing the split after the release diff read it does not gather its rows again."""
        if self.statements is None:
            raise RuntimeError("the statements were let go")
        if name not in self.gathered:
            self.gathered[name] = self.statements.take(self.rows[name])
        return self.gathered[name]

    def pieces(self, name: str, rows: int) -> Iterator[pa.Table]:
        """One split's statements, `rows` at a time (a Parquet row group each): slices of the
        split when it was gathered already, else gathered a row group at a time."""
        if self.statements is None:
            raise RuntimeError("the statements were let go")
        wanted = self.rows[name]
        for start in range(0, len(wanted), rows):
            if name in self.gathered:
                yield self.gathered[name].slice(start, rows)
            else:
                yield self.statements.take(wanted.slice(start, rows))

    def tables(self) -> dict[str, pa.Table]:
        return {name: self.table(name) for name in self.rows}

    def let_go(self) -> None:
        """Drop the statements once everything that needs them is written."""
        self.statements = None
        self.gathered = {}
