"""How well `suggest` finds the adjudicated statements: precision, recall, speaker and claim type.

Three sets, fixed in schema/suggest_split.yaml before the parser-based suggester was tuned: the
seed articles the first rules were written against (`written_against` in schema/cues.yaml), the
development articles it was tuned on, and the held-out articles never looked at while writing it.
Only the held-out set says how `suggest` does on a text it has never seen; it is scored only with
`--held-out`, and `--details` never lists its statements. The speaker registry given to `suggest`
holds only the speakers of seed and development annotations, so held-out speakers are not leaked
through it.

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
from ..release.agreement import Span, matches, same_speaker
from .suggest import Suggestion, read_meta, suggest
from .suggest_speakers import Registry


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

    @property
    def claim_accuracy(self) -> float:
        return _ratio(self.same_claim, self.matched)

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


def split() -> dict[str, list[str]]:
    """The seed, development and held-out article ids (schema/suggest_split.yaml)."""
    data, _ = read_yaml(schema_dir() / "suggest_split.yaml", lines=False)
    return {"seed": sorted(written_against()), "development": data["development"], "held_out": data["held_out"]}


def tuning_registry(speakers: Path, annotations: Path) -> Registry:
    """The registry as far as the seed and development annotations name speakers."""
    sets = split()
    names = set()
    for article_id in sets["seed"] + sets["development"]:
        path = annotations / f"{article_id}.yaml"
        if path.is_file():
            data, _ = read_yaml(path, lines=False)
            names |= {statement["speaker"] for statement in data["statements"]}
    return Registry.read(speakers, only=names)


def suggest_article(raw: Path, article_id: str, registry: Registry, coreference: bool = True) -> list[Suggestion]:
    meta = read_meta(raw / f"{article_id}.meta.yaml")
    genre = str(meta.get("genre") or "news")
    return suggest(article_text(raw, article_id), genre, meta, registry, coreference)


def evaluate(
    annotations: Path, raw: Path, articles: list[str], registry: Registry, coreference: bool = True
) -> dict[str, Score]:
    """The score of each of `articles` (those that have an annotation), by article id."""
    scores = {}
    for article_id in articles:
        path = annotations / f"{article_id}.yaml"
        if not path.is_file():
            continue
        data, _ = read_yaml(path, lines=False)
        gold = [Span(article_id, s["char_start"], s["char_end"], s) for s in data["statements"]]
        suggested = as_spans(article_id, suggest_article(raw, article_id, registry, coreference))
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


def by_genre(scores: dict[str, Score], raw: Path) -> dict[str, Score]:
    genres: dict[str, Score] = {}
    for article, score in scores.items():
        genre = genre_of(raw, article)
        genres[genre] = genres.get(genre, Score()) + score
    return dict(sorted(genres.items()))


HEADER = [
    "article",
    "gold",
    "suggested",
    "matched",
    "direct P",
    "direct R",
    "all P",
    "all R",
    "speaker acc.",
    "claim acc.",
]


def _row(name: str, score: Score) -> list[object]:
    counts = [score.gold, score.suggested, score.matched]
    ratios = [
        score.direct_precision,
        score.direct_recall,
        score.precision,
        score.recall,
        score.speaker_accuracy,
        score.claim_accuracy,
    ]
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


TITLES = {
    "seed": "**Seed articles** (the first rules were written against them: in-sample)",
    "development": "**Development** (the parser-based suggester was tuned on them: in-sample)",
    "held_out": "**Held out** (never looked at while writing the suggester)",
}


def render(sets: dict[str, dict[str, Score]], raw: Path) -> str:
    """Per set: a table by article and a table by genre."""
    parts = []
    for name, scores in sets.items():
        parts += [
            TITLES[name],
            _table(scores),
            TITLES[name].split("**")[1] + ", by genre",
            _table(by_genre(scores, raw), "genre"),
        ]
    return "\n\n".join(parts)


def unmatched(annotations: Path, raw: Path, articles: list[str], registry: Registry) -> list[str]:
    """One line per adjudicated statement that no suggestion matches, and per unmatched suggestion."""
    lines = []
    for article_id in articles:
        text = article_text(raw, article_id)
        data, _ = read_yaml(annotations / f"{article_id}.yaml", lines=False)
        gold = [Span(article_id, s["char_start"], s["char_end"], s) for s in data["statements"]]
        suggested = as_spans(article_id, suggest_article(raw, article_id, registry))
        pairs = matches(gold, suggested)
        found, used = {id(a) for a, _ in pairs}, {id(b) for _, b in pairs}
        lines += [f"missed {g.record['statement_id']}: {g.record['text'][:70]!r}" for g in gold if id(g) not in found]
        lines += [
            f"extra {article_id} {s.start}-{s.end}: {text[s.start : s.end][:70]!r}"
            for s in suggested
            if id(s) not in used
        ]
        lines += [
            f"wrong {a.record['statement_id']}: speaker {b.record['speaker']!r} for {a.record['speaker']!r}, "
            f"claim {b.record['claim_type']} for {a.record['claim_type']}"
            for a, b in pairs
            if not same_speaker(a.record["speaker"], b.record["speaker"])
            or a.record["claim_type"] != b.record["claim_type"]
        ]
    return lines


def report(annotations: Path, raw: Path, speakers: Path, held_out: bool, details: bool, coreference: bool) -> str:
    """What `suggest-eval` prints: the seed and development sets (and, when asked, the held-out
    one) scored by article and genre; with `details`, every miss, extra and wrong label of the sets
    the rules were tuned on (never of the held-out set)."""
    registry = tuning_registry(speakers, annotations)
    names = ["seed", "development"] + (["held_out"] if held_out else [])
    sets = {name: evaluate(annotations, raw, split()[name], registry, coreference) for name in names}
    text = render(sets, raw)
    if details:
        tuned = split()["seed"] + split()["development"]
        text += "\n\n" + "\n".join(unmatched(annotations, raw, tuned, registry))
    return text
