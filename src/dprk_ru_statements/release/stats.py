"""Numbers about the corpus: counts by label and split, and quoted spans no statement covers."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from ..contract.vocab import vocabularies
from ..records.corpus import Corpus
from ..records.quotes import QuotedSpan
from ..tables.table import Tables, tables_of


@dataclass
class Uncovered:
    article_id: str
    span: QuotedSpan
    reason: str | None  # the annotator's stated reason, or None when nobody looked at it


@dataclass
class Stats:
    articles: int = 0
    statements: int = 0
    utterances: int = 0  # statements that repeat no other (`repeat_of` null)
    speakers: int = 0
    by_split: dict[str, dict[str, int]] = field(default_factory=dict)
    by_claim_type: Counter[str] = field(default_factory=Counter)
    by_quote_kind: Counter[str] = field(default_factory=Counter)
    by_speaker_type: Counter[str] = field(default_factory=Counter)
    by_country: Counter[str] = field(default_factory=Counter)
    by_date_precision: Counter[str] = field(default_factory=Counter)
    by_article: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # genre, statements, utterances
    by_genre: dict[str, dict[str, int]] = field(default_factory=dict)  # genre -> articles, statements, utterances
    by_position: Counter[str] = field(default_factory=Counter)
    claim_type_by_split: dict[str, Counter[str]] = field(default_factory=dict)
    # Quoted spans no statement covers, as Arrow rows: 100,000 articles have hundreds of thousands,
    # and documents show only a few, so they become Python objects only when asked for.
    uncovered_table: pa.Table = field(default_factory=lambda: pa.table({}))
    undated_articles: int = 0
    outlets: list[str] = field(default_factory=list)
    date_range: str | None = None

    @property
    def uncovered_count(self) -> int:
        return self.uncovered_table.num_rows

    def uncovered(self, limit: int | None = None) -> list[Uncovered]:
        """The first `limit` uncovered spans (all of them by default), in article and offset order."""
        rows = self.uncovered_table if limit is None else self.uncovered_table.slice(0, limit)
        return _uncovered(rows)

    @functools.cached_property
    def unexplained(self) -> list[Uncovered]:
        """Uncovered spans without a reason (a test keeps the shipped data free of them)."""
        table = self.uncovered_table
        return _uncovered(table.filter(pc.is_null(table.column("reason")))) if table.num_rows else []


def _counts(column: pa.ChunkedArray) -> Counter[str]:
    return Counter({item["values"].as_py(): item["counts"].as_py() for item in pc.value_counts(column)})


def compute(tables: Tables) -> Stats:
    statements, articles = tables.statements, tables.articles
    stats = Stats(articles=articles.num_rows, statements=statements.num_rows)
    stats.utterances = statements.num_rows - pc.count(statements.column("repeat_of")).as_py()
    splits, counts = articles.column("article_split").to_pylist(), articles.column("num_statements").to_pylist()
    genres, utterances = articles.column("genre").to_pylist(), articles.column("num_utterances").to_pylist()
    stats.by_split = {name: {"articles": 0, "statements": 0} for name in vocabularies().splits}
    stats.by_genre = {name: {"articles": 0, "statements": 0, "utterances": 0} for name in vocabularies().genre}
    for split, genre, count, once in zip(splits, genres, counts, utterances, strict=True):
        stats.by_split[split]["articles"] += 1
        stats.by_split[split]["statements"] += count
        stats.by_genre[genre]["articles"] += 1
        stats.by_genre[genre]["statements"] += count
        stats.by_genre[genre]["utterances"] += once
    ids = articles.column("article_id").to_pylist()
    stats.by_article = {a: (g, n, u) for a, g, n, u in zip(ids, genres, counts, utterances, strict=True)}
    stats.by_position = _counts(statements.column("position"))
    # Counted over the two columns only: filtering the whole table would copy every text.
    pairs = statements.select(["split", "claim_type"]).group_by(["split", "claim_type"]).aggregate([([], "count_all")])
    stats.claim_type_by_split = {name: Counter() for name in vocabularies().splits}
    for split, claim_type, count in zip(*(pairs.column(i).to_pylist() for i in range(3)), strict=True):
        stats.claim_type_by_split[split][claim_type] = count
    stats.speakers = pc.count_distinct(statements.column("speaker")).as_py()
    stats.by_claim_type = _counts(statements.column("claim_type"))
    stats.by_quote_kind = _counts(statements.column("quote_kind"))
    stats.by_speaker_type = _counts(statements.column("speaker_type"))
    stats.by_country = _counts(pc.fill_null(statements.column("country"), "unknown"))
    stats.by_date_precision = _counts(statements.column("date_precision"))
    stats.undated_articles = articles.column("publication_date").null_count
    outlets = articles.column("outlet")
    named = sorted(set(outlets.drop_null().to_pylist()))
    stats.outlets = named + ([f"{outlets.null_count} not named in the text"] if outlets.null_count else [])
    dates = pc.min_max(statements.column("date")).as_py()
    stats.date_range = f"{dates['min']} to {dates['max']}" if dates["min"] is not None else None
    stats.uncovered_table = tables.uncovered
    return stats


def _uncovered(table: pa.Table) -> list[Uncovered]:
    return [
        Uncovered(row["article_id"], QuotedSpan(row["start"], row["end"], row["text"]), row["reason"])
        for row in table.to_pylist()
    ]


def uncovered_quotes(corpus: Corpus) -> list[Uncovered]:
    """Quoted spans that no statement covers, with the reason given under `not_statements`."""
    return _uncovered(tables_of(corpus).uncovered)
