"""Numbers about the corpus: counts by label and split, and quoted spans no statement covers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .corpus import Corpus
from .quotes import QuotedSpan, uncovered
from .table import article_split
from .vocab import vocabularies


@dataclass
class Uncovered:
    article_id: str
    span: QuotedSpan
    reason: str | None  # the annotator's stated reason, or None when nobody looked at it


@dataclass
class Stats:
    articles: int = 0
    statements: int = 0
    speakers: int = 0
    by_split: dict[str, dict[str, int]] = field(default_factory=dict)
    by_claim_type: Counter[str] = field(default_factory=Counter)
    by_quote_kind: Counter[str] = field(default_factory=Counter)
    by_speaker_type: Counter[str] = field(default_factory=Counter)
    by_country: Counter[str] = field(default_factory=Counter)
    by_date_precision: Counter[str] = field(default_factory=Counter)
    by_article: dict[str, int] = field(default_factory=dict)
    uncovered: list[Uncovered] = field(default_factory=list)
    undated_articles: int = 0
    outlets: list[str] = field(default_factory=list)
    date_range: str | None = None

    @property
    def unexplained(self) -> list[Uncovered]:
        return [item for item in self.uncovered if item.reason is None]


def uncovered_quotes(corpus: Corpus) -> list[Uncovered]:
    """Quoted spans that no statement covers, with the reason given under `not_statements`."""
    found = []
    for article_id, annotation in sorted(corpus.annotations.items()):
        article = corpus.articles.get(article_id)
        if article is None:
            continue
        covered = [(s.char_start, s.char_end) for _, s in annotation.statements]
        reasons = {(n.char_start, n.char_end): n.reason for _, n in annotation.not_statements}
        for span in uncovered(article.text, covered):
            reason = next((why for (start, end), why in reasons.items() if start < span.end and span.start < end), None)
            found.append(Uncovered(article_id, span, reason))
    return found


def compute(corpus: Corpus) -> Stats:
    stats = Stats(articles=len(corpus.articles))
    stats.by_split = {name: {"articles": 0, "statements": 0} for name in vocabularies().splits}
    speakers = set()
    for article_id, article in sorted(corpus.articles.items()):
        annotation = corpus.annotations.get(article_id)
        statements = [s for _, s in annotation.statements] if annotation else []
        split = stats.by_split[article_split(article.meta)]
        split["articles"] += 1
        split["statements"] += len(statements)
        stats.by_article[article_id] = len(statements)
        for statement in statements:
            stats.statements += 1
            speakers.add(statement.speaker)
            stats.by_claim_type[statement.claim_type] += 1
            stats.by_quote_kind[statement.quote_kind] += 1
            stats.by_speaker_type[statement.speaker_type] += 1
            stats.by_country[statement.country or "unknown"] += 1
            stats.by_date_precision[statement.date_precision] += 1
    stats.speakers = len(speakers)
    stats.undated_articles = sum(a.meta.publication_date is None for a in corpus.articles.values())
    named = {a.meta.outlet for a in corpus.articles.values() if a.meta.outlet}
    unnamed = sum(a.meta.outlet is None for a in corpus.articles.values())
    stats.outlets = sorted(named) + ([f"{unnamed} not named in the text"] if unnamed else [])
    dates = sorted(s.date for a in corpus.annotations.values() for _, s in a.statements if s.date)
    stats.date_range = f"{dates[0]} to {dates[-1]}" if dates else None
    stats.uncovered = uncovered_quotes(corpus)
    return stats
