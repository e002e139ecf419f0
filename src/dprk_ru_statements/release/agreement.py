"""Inter-annotator agreement between two independent annotations of the same articles.

A statement of one annotator matches one of the other when their spans overlap by at least half
the shorter span (lenient) or have the same offsets (strict); pairs are matched one to one,
largest overlap first. Labels are compared on the lenient pairs by Krippendorff's alpha (nominal)
and by a Cohen's kappa that counts a statement only one annotator recorded as labelled "none"
by the other. Intervals are 95 % bootstrap intervals over articles: statements of one article are
not independent, so articles, not statements, are resampled.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.files import replace_file
from ..records.yamlio import read_yaml


@dataclass(frozen=True)
class Span:
    article_id: str
    start: int
    end: int
    record: dict[str, Any]

    def overlap(self, other: Span) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


def matches(first: list[Span], second: list[Span]) -> list[tuple[Span, Span]]:
    candidates = []
    for i, a in enumerate(first):
        for j, b in enumerate(second):
            overlap = a.overlap(b)
            if overlap and overlap * 2 >= min(a.end - a.start, b.end - b.start):
                candidates.append((-overlap, i, j))
    used_a, used_b, pairs = set(), set(), []
    for _, i, j in sorted(candidates):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((first[i], second[j]))
    return pairs


def strict_matches(first: list[Span], second: list[Span]) -> list[tuple[Span, Span]]:
    """Pairs with exactly the same offsets, one to one."""
    by_offsets: dict[tuple[int, int], list[Span]] = {}
    for span in second:
        by_offsets.setdefault((span.start, span.end), []).append(span)
    pairs = []
    for span in first:
        twins = by_offsets.get((span.start, span.end))
        if twins:
            pairs.append((span, twins.pop(0)))
    return pairs


def cohen_kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two raters' labels over the same items."""
    if not pairs:
        return float("nan")
    total = len(pairs)
    observed = sum(a == b for a, b in pairs) / total
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / total**2
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def krippendorff_alpha(pairs: list[tuple[str, str]]) -> float:
    """Krippendorff's alpha (nominal) of two coders over the same units; nan without variation."""
    import numpy as np
    from krippendorff import alpha

    codes = {label: n for n, label in enumerate(sorted({label for pair in pairs for label in pair}))}
    if len(codes) < 2:
        return float("nan")
    data = np.array([[codes[a] for a, _ in pairs], [codes[b] for _, b in pairs]], dtype=float)
    return float(alpha(reliability_data=data, level_of_measurement="nominal"))


def f1(matched: int, first: int, second: int) -> float:
    return 2 * matched / (first + second) if first + second else float("nan")


def normalise_name(name: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", name.casefold().replace("u.s.", "us")).strip()


def same_speaker(a: str, b: str) -> bool:
    """Lenient: the same name, or one name's words all among the other's ("Wood", "Robert Wood")."""
    words_a, words_b = set(normalise_name(a).split()), set(normalise_name(b).split())
    return bool(words_a) and bool(words_b) and (words_a <= words_b or words_b <= words_a)


def read_folder(folder: Path) -> dict[str, list[Span]]:
    spans = {}
    for path in sorted(folder.glob("*.yaml")):
        data, _ = read_yaml(path)
        article_id = data["article_id"]
        spans[article_id] = [
            Span(article_id, item["char_start"], item["char_end"], item) for item in data["statements"]
        ]
    return spans


def agreement(first_folder: Path, second_folder: Path) -> dict[str, Any]:
    first, second = read_folder(first_folder), read_folder(second_folder)
    articles = sorted(set(first) & set(second))
    pairs = [pair for article_id in articles for pair in matches(first[article_id], second[article_id])]
    count_a = sum(len(first[a]) for a in articles)
    count_b = sum(len(second[a]) for a in articles)
    direct_a = [s for a in articles for s in first[a] if s.record["quote_kind"] == "direct"]
    direct_b = [s for a in articles for s in second[a] if s.record["quote_kind"] == "direct"]
    direct_pairs = [
        p
        for a in articles
        for p in matches(
            [s for s in first[a] if s.record["quote_kind"] == "direct"],
            [s for s in second[a] if s.record["quote_kind"] == "direct"],
        )
    ]
    labels = [(a.record["claim_type"], b.record["claim_type"]) for a, b in pairs]
    kinds = [(a.record["quote_kind"], b.record["quote_kind"]) for a, b in pairs]
    return {
        "articles": len(articles),
        "statements_a": count_a,
        "statements_b": count_b,
        "matched": len(pairs),
        "span_f1": f1(len(pairs), count_a, count_b),
        "exact_span_share": sum(a.start == b.start and a.end == b.end for a, b in pairs) / max(len(pairs), 1),
        "direct_f1": f1(len(direct_pairs), len(direct_a), len(direct_b)),
        "claim_type_kappa": cohen_kappa(labels),
        "claim_type_agreement": sum(a == b for a, b in labels) / max(len(labels), 1),
        "quote_kind_kappa": cohen_kappa(kinds),
        "speaker_agreement": sum(same_speaker(a.record["speaker"], b.record["speaker"]) for a, b in pairs)
        / max(len(pairs), 1),
        "country_agreement": sum(a.record["country"] == b.record["country"] for a, b in pairs) / max(len(pairs), 1),
        "date_precision_agreement": sum(a.record["date_precision"] == b.record["date_precision"] for a, b in pairs)
        / max(len(pairs), 1),
        "disagreements": _disagreements(first, second, articles),
    }


def _disagreements(first: dict[str, list[Span]], second: dict[str, list[Span]], articles: list[str]) -> list[str]:
    lines = []
    for article_id in articles:
        pairs = matches(first[article_id], second[article_id])
        paired_a = {id(a) for a, _ in pairs}
        paired_b = {id(b) for _, b in pairs}
        for span in first[article_id]:
            if id(span) not in paired_a:
                lines.append(f"{span.record['statement_id']}: only A: {span.record['text'][:70]!r}")
        for span in second[article_id]:
            if id(span) not in paired_b:
                lines.append(f"{span.record['statement_id']}: only B: {span.record['text'][:70]!r}")
        for a, b in pairs:
            pair = f"{a.record['statement_id']}~{b.record['statement_id']}"
            for name in ("claim_type", "quote_kind", "date_precision", "country"):
                if a.record[name] != b.record[name]:
                    lines.append(f"{pair}: {name} A={a.record[name]} B={b.record[name]}")
            if not same_speaker(a.record["speaker"], b.record["speaker"]):
                lines.append(f"{pair}: speaker A={a.record['speaker']!r} B={b.record['speaker']!r}")
            if (a.start, a.end) != (b.start, b.end):
                lines.append(f"{pair}: span A={a.start}-{a.end} B={b.start}-{b.end}")
    return lines


# Labels compared on matched statements, by alpha with intervals.
LABEL_FIELDS = ("claim_type", "quote_kind", "speaker_type", "date_precision", "position")
BOOTSTRAP_REPLICATES = 1000
BOOTSTRAP_SEED = 20261203  # fixed: the datasheet is generated, and a rebuild gives the same bytes


@dataclass(frozen=True)
class ArticlePairs:
    """One article's statements by both annotators, matched both ways."""

    first: list[Span]
    second: list[Span]
    lenient: list[tuple[Span, Span]]
    strict: list[tuple[Span, Span]]

    @classmethod
    def of(cls, first: list[Span], second: list[Span]) -> ArticlePairs:
        return cls(first, second, matches(first, second), strict_matches(first, second))

    def with_none(self, name: str) -> list[tuple[str, str]]:
        """Label pairs over every statement either annotator recorded, "none" where one did not."""
        paired_a = {id(a) for a, _ in self.lenient}
        paired_b = {id(b) for _, b in self.lenient}
        pairs = [(a.record[name], b.record[name]) for a, b in self.lenient]
        pairs += [(a.record[name], "none") for a in self.first if id(a) not in paired_a]
        pairs += [("none", b.record[name]) for b in self.second if id(b) not in paired_b]
        return pairs


Measure = Callable[[list[ArticlePairs]], float]


def _span_f1(kind: str) -> Measure:
    def measure(articles: list[ArticlePairs]) -> float:
        matched = sum(len(getattr(a, kind)) for a in articles)
        return f1(matched, sum(len(a.first) for a in articles), sum(len(a.second) for a in articles))

    return measure


def _alpha(name: str) -> Measure:
    return lambda articles: krippendorff_alpha(
        [(a.record[name], b.record[name]) for article in articles for a, b in article.lenient]
    )


def _kappa_with_none(name: str) -> Measure:
    return lambda articles: cohen_kappa([pair for article in articles for pair in article.with_none(name)])


def _speaker(articles: list[ArticlePairs]) -> float:
    pairs = [(a, b) for article in articles for a, b in article.lenient]
    return sum(same_speaker(a.record["speaker"], b.record["speaker"]) for a, b in pairs) / max(len(pairs), 1)


BLIND_MEASURES: dict[str, Measure] = {
    "span F1, strict (same offsets)": _span_f1("strict"),
    "span F1, lenient (half the shorter span)": _span_f1("lenient"),
    **{f"{name} alpha (matched)": _alpha(name) for name in LABEL_FIELDS},
    "claim_type kappa, unmatched as none": _kappa_with_none("claim_type"),
    "quote_kind kappa, unmatched as none": _kappa_with_none("quote_kind"),
    "same speaker (matched)": _speaker,
}


def bootstrap_interval(articles: list[ArticlePairs], measure: Measure) -> tuple[float, float]:
    """The 2.5 and 97.5 percentiles of `measure` over articles resampled with replacement."""
    import numpy as np

    generator = np.random.default_rng(BOOTSTRAP_SEED)
    values = []
    for _ in range(BOOTSTRAP_REPLICATES):
        sample = [articles[i] for i in generator.integers(0, len(articles), len(articles))]
        value = measure(sample)
        if not math.isnan(value):
            values.append(value)
    if not values:
        return float("nan"), float("nan")
    low, high = np.percentile(values, [2.5, 97.5])
    return float(low), float(high)


def blind_study(
    first_folder: Path, second_folder: Path, cache: Path | None = None
) -> dict[str, tuple[float, float, float]]:
    """Each measure of the blind study with its 95 % bootstrap interval: (value, low, high).

    The bootstrap takes most of a small build's time and its result depends only on the two
    folders, this code and NumPy (the draws are seeded): with `cache`, a folder, the result is kept
    there under a key over all of them, and read back instead of drawn again."""
    kept = cache / f"{_blind_key(first_folder, second_folder)}.json" if cache is not None else None
    if kept is not None:
        with contextlib.suppress(OSError, ValueError, TypeError):  # missing or damaged: draw again
            stored = json.loads(kept.read_text("utf-8"))
            return {name: (float(v), float(low), float(high)) for name, (v, low, high) in stored.items()}
    result = _blind_study(first_folder, second_folder)
    if kept is not None:
        with contextlib.suppress(OSError):  # an unwritable cache only costs time
            kept.parent.mkdir(parents=True, exist_ok=True)
            replace_file(kept, json.dumps(result))
    return result


def _blind_key(*folders: Path) -> str:
    import numpy

    digest = hashlib.sha256(Path(__file__).read_bytes() + numpy.__version__.encode())
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _blind_study(first_folder: Path, second_folder: Path) -> dict[str, tuple[float, float, float]]:
    first, second = read_folder(first_folder), read_folder(second_folder)
    articles = [ArticlePairs.of(first[a], second[a]) for a in sorted(set(first) & set(second))]
    return {
        name: (measure(articles), *bootstrap_interval(articles, measure)) for name, measure in BLIND_MEASURES.items()
    }
