"""How well `suggest` finds the adjudicated statements: precision, recall and speaker accuracy.

Scored apart on the articles the rules were written against (in-sample, `written_against` in
schema/cues.yaml) and on every other annotated article (held out), per genre: only the second
says how `suggest` does on a text it has never seen.

A suggestion matches an adjudicated statement by the agreement rule (`agreement.matches`: spans
overlapping by at least half the shorter one, paired one to one). Direct quotes are scored among
themselves: an adjudicated direct quote counts as found only when a suggestion of kind `direct`
matches it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from ..contract.vocab import schema_dir
from ..core.markdown import table
from ..records.yamlio import read_yaml
from ..release.agreement import Span, matches, read_folder, same_speaker
from .suggest import Suggestion, suggest


@dataclass(frozen=True)
class Score:
    """Counts for one article, or summed over several."""

    gold: int = 0
    suggested: int = 0
    matched: int = 0
    gold_direct: int = 0
    suggested_direct: int = 0
    matched_direct: int = 0
    same_speaker: int = 0
    same_kind: int = 0
    same_claim: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def precision(self) -> float:
        return _ratio(self.matched, self.suggested)

    @property
    def recall(self) -> float:
        return _ratio(self.matched, self.gold)

    @property
    def direct_precision(self) -> float:
        return _ratio(self.matched_direct, self.suggested_direct)

    @property
    def direct_recall(self) -> float:
        return _ratio(self.matched_direct, self.gold_direct)

    @property
    def speaker_accuracy(self) -> float:
        return _ratio(self.same_speaker, self.matched)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else float("nan")


def as_spans(article_id: str, suggestions: list[Suggestion]) -> list[Span]:
    return [
        Span(article_id, s.start, s.end, {"speaker": s.speaker, "quote_kind": s.quote_kind, "claim_type": s.claim_type})
        for s in suggestions
    ]


def score_article(gold: list[Span], suggested: list[Span]) -> Score:
    """Compare the suggestions of one article with its adjudicated statements."""
    pairs = matches(gold, suggested)

    def direct(spans: list[Span]) -> list[Span]:
        return [span for span in spans if span.record["quote_kind"] == "direct"]

    return Score(
        gold=len(gold),
        suggested=len(suggested),
        matched=len(pairs),
        gold_direct=len(direct(gold)),
        suggested_direct=len(direct(suggested)),
        matched_direct=len(matches(direct(gold), direct(suggested))),
        same_speaker=sum(same_speaker(a.record["speaker"], b.record["speaker"]) for a, b in pairs),
        same_kind=sum(a.record["quote_kind"] == b.record["quote_kind"] for a, b in pairs),
        same_claim=sum(a.record["claim_type"] == b.record["claim_type"] for a, b in pairs),
    )


def article_text(raw: Path, article_id: str) -> str:
    # Decoded exactly as the validator does (no newline translation), so offsets agree.
    return (raw / f"{article_id}.txt").read_bytes().decode("utf-8")


def evaluate(annotations: Path, raw: Path) -> dict[str, Score]:
    """The score of every annotated article, by article id."""
    scores = {}
    for article_id, gold in read_folder(annotations).items():
        suggested = as_spans(article_id, suggest(article_text(raw, article_id)))
        scores[article_id] = score_article(gold, suggested)
    return scores


def total(scores: dict[str, Score]) -> Score:
    return sum(scores.values(), Score())


def written_against() -> frozenset[str]:
    """The articles the rules were tuned on (schema/cues.yaml)."""
    data, _ = read_yaml(schema_dir() / "cues.yaml", lines=False)
    return frozenset(data["written_against"])


def genre_of(raw: Path, article_id: str) -> str:
    data, _ = read_yaml(raw / f"{article_id}.meta.yaml", lines=False)
    return str(data["genre"])


def held_out(scores: dict[str, Score]) -> dict[str, Score]:
    tuned = written_against()
    return {article: score for article, score in scores.items() if article not in tuned}


def by_genre(scores: dict[str, Score], raw: Path) -> dict[str, Score]:
    genres: dict[str, Score] = {}
    for article, score in scores.items():
        genre = genre_of(raw, article)
        genres[genre] = genres.get(genre, Score()) + score
    return dict(sorted(genres.items()))


HEADER = ["article", "gold", "suggested", "matched", "direct P", "direct R", "all P", "all R", "speaker acc."]


def _row(name: str, score: Score) -> list[object]:
    counts = [score.gold, score.suggested, score.matched]
    ratios = [score.direct_precision, score.direct_recall, score.precision, score.recall, score.speaker_accuracy]
    return [name, *counts, *ratios]


def _table(scores: dict[str, Score], first: str = "article") -> str:
    """A Markdown table, one row per article (or genre) and one for all, and the label agreement."""
    overall = total(scores)
    rows = [_row(name, score) for name, score in scores.items()] + [_row("**all**", overall)]
    note = (
        f"Over the {overall.matched} matched statements: quote_kind agrees on {overall.same_kind}, "
        f"claim_type on {overall.same_claim}."
    )
    return table([first, *HEADER[1:]], rows) + "\n\n" + note


def render(scores: dict[str, Score], raw: Path) -> str:
    """In-sample and held-out tables, and the held-out articles by genre."""
    tuned = {article: score for article, score in scores.items() if article in written_against()}
    unseen = held_out(scores)
    return "\n\n".join(
        [
            "**In-sample** (the articles the rules were written against: an upper bound)",
            _table(tuned),
            "**Held out** (articles never used while writing the rules)",
            _table(unseen),
            "**Held out, by genre**",
            _table(by_genre(unseen, raw), "genre"),
        ]
    )


def unmatched(annotations: Path, raw: Path) -> list[str]:
    """One line per adjudicated statement that no suggestion matches, and per unmatched suggestion."""
    lines = []
    for article_id, gold in read_folder(annotations).items():
        text = article_text(raw, article_id)
        suggested = as_spans(article_id, suggest(text))
        pairs = matches(gold, suggested)
        found, used = {id(a) for a, _ in pairs}, {id(b) for _, b in pairs}
        lines += [f"missed {g.record['statement_id']}: {g.record['text'][:70]!r}" for g in gold if id(g) not in found]
        lines += [
            f"extra {article_id} {s.start}-{s.end}: {text[s.start : s.end][:70]!r}"
            for s in suggested
            if id(s) not in used
        ]
    return lines
