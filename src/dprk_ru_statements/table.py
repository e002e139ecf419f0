"""Assemble the validated corpus into Arrow tables with a fixed schema: the release's API."""

from __future__ import annotations

import pyarrow as pa

from .corpus import Corpus
from .models import ArticleMeta, Statement
from .splits import split_of

STATEMENT_COLUMNS: dict[str, pa.DataType] = {
    "statement_id": pa.string(),
    "article_id": pa.string(),
    "speaker": pa.string(),
    "speaker_type": pa.string(),
    "affiliation": pa.string(),
    "country": pa.string(),
    "date": pa.string(),
    "date_precision": pa.string(),
    "venue": pa.string(),
    "claim_type": pa.string(),
    "quote_kind": pa.string(),
    "text": pa.string(),
    "char_start": pa.int32(),
    "char_end": pa.int32(),
    "speaker_qid": pa.string(),
    "note": pa.string(),
}
ARTICLE_COLUMNS: dict[str, pa.DataType] = {
    "article_id": pa.string(),
    "split": pa.string(),
    "headline": pa.string(),
    "outlet": pa.string(),
    "outlet_evidence": pa.string(),
    "publication_date": pa.string(),
    "publication_date_precision": pa.string(),
    "publication_date_evidence": pa.string(),
    "language": pa.string(),
    "source_file": pa.string(),
    "sha256": pa.string(),
    "split_group": pa.string(),
    "num_statements": pa.int32(),
    "note": pa.string(),
    "text": pa.string(),
}
NOT_NULL = {
    "statement_id",
    "article_id",
    "speaker",
    "speaker_type",
    "date_precision",
    "claim_type",
    "quote_kind",
    "text",
    "char_start",
    "char_end",
    "split",
    "headline",
    "sha256",
    "language",
}


def arrow_schema(columns: dict[str, pa.DataType], drop: frozenset[str] = frozenset()) -> pa.Schema:
    return pa.schema(
        [pa.field(name, kind, nullable=name not in NOT_NULL) for name, kind in columns.items() if name not in drop]
    )


def article_split(meta: ArticleMeta) -> str:
    return split_of(meta.split_group or meta.article_id)


def statements_table(corpus: Corpus) -> pa.Table:
    """Every statement, sorted by id so that the bytes of a release never depend on file order."""
    statements: list[Statement] = sorted(
        (statement for annotation in corpus.annotations.values() for _, statement in annotation.statements),
        key=lambda statement: statement.statement_id,
    )
    rows = [
        {"article_id": statement.statement_id.rsplit(".", 1)[0], **statement.model_dump()} for statement in statements
    ]
    return pa.Table.from_pylist(rows, schema=arrow_schema(STATEMENT_COLUMNS))


def articles_table(corpus: Corpus, with_text: bool = True) -> pa.Table:
    counts = {article_id: len(a.statements) for article_id, a in corpus.annotations.items()}
    rows = []
    for article_id in sorted(corpus.articles):
        article = corpus.articles[article_id]
        row = article.meta.model_dump()
        row.update(split=article_split(article.meta), num_statements=counts.get(article_id, 0))
        if with_text:
            row["text"] = article.text
        rows.append(row)
    drop = frozenset() if with_text else frozenset({"text"})
    return pa.Table.from_pylist(rows, schema=arrow_schema(ARTICLE_COLUMNS, drop))
