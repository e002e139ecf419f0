"""The numbers and tables that the dataset card and the datasheet share, computed once."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..contract.vocab import vocabularies
from ..core.markdown import percent, table
from ..core.paths import Project
from ..records.dataset_info import load_dataset_info
from ..tables.table import Tables
from .agreement import agreement, blind_study
from .stats import Stats, compute


@dataclass
class Report:
    dataset: dict[str, Any]
    stats: Stats
    agreement: dict[str, dict[str, Any]]  # seed articles: second annotator's folder name -> measures against A
    blind: dict[str, tuple[float, float, float]]  # blind study: measure -> (value, 95 % interval)

    def context(self, figure_dir: str) -> dict[str, str]:
        """Template variables ($name) for the card and the datasheet."""
        return self._context | {"figure_dir": figure_dir}

    @functools.cached_property
    def _context(self) -> dict[str, str]:
        # Computed once: the card, the release's datasheet and the repository's share it.
        stats, vocab = self.stats, vocabularies()
        total = stats.statements
        targets = vocab.splits
        return {
            "name": self.dataset["name"],
            "pretty_name": self.dataset["pretty_name"],
            "version": self.dataset["version"],
            "schema_version": vocab.schema_version,
            "description": self.dataset["description"],
            "license": self.dataset["annotation_license"],
            "text_rights": self.dataset["text_rights"],
            "citation": self.dataset["citation"],
            "articles": str(stats.articles),
            "statements": str(total),
            "speakers": str(stats.speakers),
            "split_table": table(
                [
                    "split",
                    "articles",
                    "share of articles",
                    "target share of articles",
                    "statements",
                    "share of statements",
                ],
                [
                    (
                        name,
                        c["articles"],
                        percent(c["articles"], stats.articles),
                        f"{targets[name]}%",
                        c["statements"],
                        percent(c["statements"], total),
                    )
                    for name, c in stats.by_split.items()
                ],
            ),
            "claim_type_count": str(len(vocab.claim_type)),
            "claim_type_table": self._label_table("claim type", stats.by_claim_type, vocab.claim_type),
            "quote_kind_table": self._label_table("quote kind", stats.by_quote_kind, vocab.quote_kind),
            "speaker_type_table": self._label_table("speaker type", stats.by_speaker_type, vocab.speaker_type),
            "date_precision_table": self._label_table("date precision", stats.by_date_precision, vocab.date_precision),
            "country_table": table(
                ["country", "statements"], sorted(stats.by_country.items(), key=lambda item: (-item[1], item[0]))
            ),
            "utterances": str(stats.utterances),
            "repeats": str(total - stats.utterances),
            "article_table": listed(
                ["article", "genre", "statements (mentions)", "utterances"],
                [(a, *values) for a, values in sorted(stats.by_article.items())],
                "articles, with their numbers, are in `data/articles.parquet` (`num_statements`, `num_utterances`)",
            ),
            "genre_table": table(
                ["genre", "articles", "statements (mentions)", "utterances", "meaning"],
                [(g, *stats.by_genre[g].values(), meaning) for g, meaning in vocab.genre.items()],
            ),
            "position_table": self._label_table("position", stats.by_position, vocab.position),
            "claim_type_split_table": table(
                ["claim type", *vocab.splits],
                [(c, *(stats.claim_type_by_split[s][c] for s in vocab.splits)) for c in vocab.claim_type],
            ),
            "claim_types_missing_from_train": ", ".join(
                c for c in vocab.claim_type if not stats.claim_type_by_split["train"][c]
            )
            or "none",
            "agreement_table": self._agreement_table(),
            "blind_agreement_table": self._blind_table(),
            "uncovered_table": listed(
                UNCOVERED_HEADER,
                self.uncovered_rows(LISTED_ROWS),
                "spans are listed by `dprk-ru-statements stats`",
                total=stats.uncovered_count,
            ),
            "unexplained": str(len(stats.unexplained)),
            "undated_articles": str(stats.undated_articles),
            "date_range": stats.date_range or "no dated statements",
            "outlets": ", ".join(stats.outlets),
            "countries_named": ", ".join(sorted(c for c in stats.by_country if c != "unknown")),
            "uncovered": str(stats.uncovered_count),
        }

    def uncovered_rows(self, limit: int | None = None) -> list[tuple[object, ...]]:
        return [
            (u.article_id, f"{u.span.start}-{u.span.end}", _short(u.span.text), u.reason or "**none given**")
            for u in self.stats.uncovered(limit)
        ]

    def _label_table(self, title: str, counts: Any, labels: dict[str, str]) -> str:
        total = self.stats.statements
        return table(
            [title, "statements", "share", "meaning"],
            [(label, counts[label], percent(counts[label], total), meaning) for label, meaning in labels.items()],
        )

    def _blind_table(self) -> str:
        if not self.blind:
            return "The blind study's annotations are not present in this checkout."
        rows = [(name, f"{value:.3f}", f"[{low:.3f}, {high:.3f}]") for name, (value, low, high) in self.blind.items()]
        return table(["measure (A against B, 16 articles)", "value", "95 % bootstrap interval"], rows)

    def _agreement_table(self) -> str:
        if not self.agreement:
            return "No second annotation is present in this checkout."
        names = list(self.agreement)
        rows = [(label, *(_measure(self.agreement[name], key) for name in names)) for label, key in AGREEMENT_ROWS]
        header = ["measure (annotator A against:)", *(SECOND_ANNOTATORS.get(name, name) for name in names)]
        return table(header, rows)


AGREEMENT_ROWS = [
    ("statements by A / by the other", "counts"),
    ("matched statements (overlap ≥ half the shorter span)", "matched"),
    ("statement-level span F1", "span_f1"),
    ("direct-quote span F1", "direct_f1"),
    ("matched spans with identical offsets", "exact_span_share"),
    ("claim_type Cohen's kappa (matched)", "claim_type_kappa"),
    ("claim_type raw agreement (matched)", "claim_type_agreement"),
    ("quote_kind Cohen's kappa (matched)", "quote_kind_kappa"),
    ("same speaker (matched)", "speaker_agreement"),
    ("same country (matched)", "country_agreement"),
    ("same date precision (matched)", "date_precision_agreement"),
]
SECOND_ANNOTATORS = {
    "annotator_b": "B (codebook v1, blind to A)",
    "annotator_c": "C (brief guidance only, blind to A and B)",
}


UNCOVERED_HEADER = ["article", "offsets", "quoted text", "reason"]
LISTED_ROWS = 100  # rows a generated table shows; a corpus of 100,000 articles is summarised


def listed(header: list[str], rows: list[tuple[object, ...]], rest: str, total: int | None = None) -> str:
    """A Markdown table of the first LISTED_ROWS rows, and a line saying where the others are
    (`total` rows in all, when `rows` holds only the first ones)."""
    total = len(rows) if total is None else total
    if total <= LISTED_ROWS:
        return table(header, rows)
    return table(header, rows[:LISTED_ROWS]) + f"\n\nThe other {total - LISTED_ROWS:,} {rest}."


def _measure(result: dict[str, Any], key: str) -> str:
    if key == "counts":
        return f"{result['statements_a']} / {result['statements_b']}"
    value = result[key]
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def make_report(project: Project, tables: Tables, cache: bool = True) -> Report:
    """The figures of the card and datasheet; with `cache`, the blind study's bootstrap is kept in
    `.cache/agreement/` of the checkout."""
    folder = project.root / "agreement"
    first = folder / "annotator_a"
    measured = {
        other.name: agreement(first, other)
        for other in sorted(folder.glob("annotator_*"))
        if first.is_dir() and other.is_dir() and other != first
    }
    blind_a, blind_b = folder / "v2" / "annotator_a", folder / "v2" / "annotator_b"
    kept = project.root / ".cache" / "agreement" if cache else None
    blind = blind_study(blind_a, blind_b, kept) if blind_a.is_dir() and blind_b.is_dir() else {}
    return Report(load_dataset_info(project), compute(tables), measured, blind)


def render(template_name: str, context: dict[str, str]) -> str:
    from string import Template

    template = (Path(__file__).parent / "templates" / template_name).read_text("utf-8")
    return Template(template).substitute(context)
