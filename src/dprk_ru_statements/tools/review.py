"""Static HTML pages for reviewing annotations: each article verbatim, its statements highlighted.

`dprk-ru-statements review` writes one page per article and an index into a folder. The pages
need no server and no network; open them from disk. Only the standard library renders them.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

from ..core.paths import Project
from ..core.problems import Problem

if TYPE_CHECKING:
    from ..contract.models import ArticleMeta, Statement
    from ..records.corpus import Corpus
    from ..release.stats import Uncovered

TEMPLATES = Path(__file__).parent / "templates"
# Problems of a speaker not yet (rightly) in the registry: they change nothing on the pages.
SPEAKER_CODES = frozenset({"speaker-unknown", "speaker-mismatch", "speaker-entity"})


@dataclass(frozen=True)
class Layer:
    """A range of the article to wrap in a <span>, wherever it overlaps other ranges."""

    start: int
    end: int
    attributes: str  # rendered and escaped, with a leading space


@dataclass(frozen=True)
class ArticleSummary:
    """One row of the index page."""

    article_id: str
    headline: str
    outlet: str | None
    published: str
    statements: int
    speakers: frozenset[str]
    uncovered: int
    unexplained: int


def claim_type_hues(labels: list[str]) -> dict[str, int]:
    """Hues spread evenly round the colour wheel in vocabulary order, so no label is hard-coded."""
    return {label: round(index * 360 / len(labels)) for index, label in enumerate(labels)}


def css_name(label: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "-", label.lower())


def claim_type_css(hues: dict[str, int]) -> str:
    return "\n".join(f".claim-{css_name(label)} {{ --hue: {hue}; }}" for label, hue in hues.items())


def attributes(values: dict[str, str]) -> str:
    return "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in values.items())


def render_layers(text: str, layers: list[Layer]) -> str:
    """`text` escaped and cut at every layer boundary, each piece wrapped in the layers covering it.

    Overlapping ranges cannot each be one element, so a range becomes one <span> per piece it
    covers; the outermost range (earliest start, then longest) is the outermost <span>.
    """
    cuts = sorted({0, len(text)} | {layer.start for layer in layers} | {layer.end for layer in layers})
    ordered = sorted(layers, key=lambda layer: (layer.start, -layer.end))
    parts = []
    for start, end in pairwise(cuts):
        covering = [layer for layer in ordered if layer.start <= start and end <= layer.end]
        for depth, layer in enumerate(covering):
            # Outer spans sit lower so the underline of every nested statement stays visible.
            inner = len(covering) - 1 - depth
            style = f' style="padding-bottom: {3 * inner}px"' if inner else ""
            parts.append(f"<span{layer.attributes}{style}>")
        parts.append(html.escape(text[start:end], quote=False))
        parts.append("</span>" * len(covering))
    return "".join(parts)


def statement_title(statement: Statement) -> str:
    """The tooltip: every field a reviewer checks, one topic a line."""
    who = ", ".join(part for part in (statement.affiliation, statement.country) if part)
    lines = [
        f"{statement.statement_id}",
        f"{statement.speaker} ({who or 'no affiliation or country'}), {statement.speaker_type}",
        f"claim: {statement.claim_type} · quote: {statement.quote_kind} · {statement.position}"
        + (f", repeats {statement.repeat_of}" if statement.repeat_of else ""),
        f"date: {statement.date or 'unknown'} ({statement.date_precision}) · venue: {statement.venue or '—'}",
        f"chars {statement.char_start}–{statement.char_end}",
    ]
    if statement.note:
        lines.append(f"note: {statement.note}")
    return "\n".join(lines)


def statement_layer(statement: Statement) -> Layer:
    # A draft nobody has checked yet is marked, so a reviewer sees what is left to do.
    from ..contract.models import is_unreviewed

    unreviewed = " unreviewed" if is_unreviewed(statement.note) else ""
    values = {
        "class": f"statement claim-{css_name(statement.claim_type)}{unreviewed}",
        "data-unreviewed": "true" if unreviewed else "false",
        "data-statement-id": statement.statement_id,
        "data-claim-type": statement.claim_type,
        "data-quote-kind": statement.quote_kind,
        "data-speaker": statement.speaker,
        "data-char-start": str(statement.char_start),
        "data-char-end": str(statement.char_end),
        "title": statement_title(statement),
    }
    return Layer(statement.char_start, statement.char_end, attributes(values))


def uncovered_layer(item: Uncovered, reasons: dict[str, str]) -> Layer:
    if item.reason:
        title = f"quoted, but no statement covers it: {item.reason} ({reasons.get(item.reason, '')})"
    else:
        title = "quoted, but no statement covers it and not_statements gives no reason"
    values = {
        "class": "uncovered" if item.reason else "uncovered unexplained",
        "data-uncovered-reason": item.reason or "",
        "data-char-start": str(item.span.start),
        "data-char-end": str(item.span.end),
        "title": title,
    }
    return Layer(item.span.start, item.span.end, attributes(values))


def script_json(value: Any) -> str:
    """JSON to embed in a <script> element: escaping `<`, `>` and `&` keeps `</script>` out of it."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def legend(labels: dict[str, str], counts: dict[str, int]) -> str:
    items = [
        f'<li title="{html.escape(description)}"><span class="swatch claim-{css_name(label)}"></span>'
        f"{html.escape(label)} ({counts.get(label, 0)})</li>"
        for label, description in labels.items()
    ]
    items.append('<li><span class="swatch unreviewed"></span>suggested, not reviewed yet (UNREVIEWED)</li>')
    items.append('<li><span class="swatch uncovered"></span>quoted, no statement (reason given)</li>')
    items.append('<li><span class="swatch uncovered unexplained"></span>quoted, no statement, no reason</li>')
    return "".join(items)


def published(meta: ArticleMeta) -> str:
    if meta.publication_date is None:
        return "date unknown"
    return f"{meta.publication_date} ({meta.publication_date_precision})"


def template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text("utf-8"))


def render_article(meta: ArticleMeta, text: str, statements: list[Statement], uncovered: list[Uncovered]) -> str:
    """The review page of one article: its text verbatim with every statement and uncovered quote marked."""
    from ..contract.vocab import vocabularies

    vocab = vocabularies()
    layers = [statement_layer(s) for s in statements]
    layers += [uncovered_layer(item, vocab.not_statement_reason) for item in uncovered]
    counts: dict[str, int] = defaultdict(int)
    for statement in statements:
        counts[statement.claim_type] += 1
    unexplained = sum(item.reason is None for item in uncovered)
    meta_line = " · ".join(
        [
            meta.outlet or "outlet not named",
            published(meta),
            meta.article_id,
            f"{len(statements)} statements",
            f"{len(uncovered)} uncovered quoted spans ({unexplained} without a reason)",
        ]
    )
    ordered = sorted(statements, key=lambda s: (s.char_start, -s.char_end))
    return template("review_article.html.tmpl").substitute(
        headline=html.escape(meta.headline),
        meta_line=html.escape(meta_line),
        legend=legend(vocab.claim_type, counts),
        claim_type_css=claim_type_css(claim_type_hues(list(vocab.claim_type))),
        article_html=render_layers(text, layers),
        statement_json=script_json({s.statement_id: s.model_dump(mode="json") for s in ordered}),
    )


def index_row(summary: ArticleSummary) -> str:
    link = f'<a href="{html.escape(summary.article_id)}.html">{html.escape(summary.headline)}</a>'
    counts = (summary.statements, len(summary.speakers), summary.uncovered)
    unexplained = (
        f'<td class="count unexplained">{summary.unexplained}</td>'
        if summary.unexplained
        else '<td class="count">0</td>'
    )
    return (
        f"<tr><td>{link}<br><small>{html.escape(summary.article_id)}</small></td>"
        f"<td>{html.escape(summary.outlet or '—')}</td><td>{html.escape(summary.published)}</td>"
        + "".join(f'<td class="count">{count}</td>' for count in counts)
        + unexplained
        + "</tr>"
    )


def render_index(summaries: list[ArticleSummary]) -> str:
    statements = sum(s.statements for s in summaries)
    speakers = frozenset().union(*(s.speakers for s in summaries))  # a speaker in two articles counts once
    totals = [statements, len(speakers), sum(s.uncovered for s in summaries), sum(s.unexplained for s in summaries)]
    return template("review_index.html.tmpl").substitute(
        summary=f"{len(summaries)} articles, {statements} statements. Hover a highlight for its fields; click it "
        "for the details panel.",
        rows="\n".join(index_row(summary) for summary in summaries),
        totals='<tr><td colspan="3">total</td>' + "".join(f'<td class="count">{t}</td>' for t in totals) + "</tr>",
    )


def write_review(corpus: Corpus, out: Path) -> list[Path]:
    """Write `<article_id>.html` for every article and `index.html`; the paths written, index last."""
    from ..release.stats import uncovered_quotes

    uncovered: dict[str, list[Uncovered]] = defaultdict(list)
    for item in uncovered_quotes(corpus):
        uncovered[item.article_id].append(item)
    out.mkdir(parents=True, exist_ok=True)
    written, summaries = [], []
    for article_id, article in sorted(corpus.articles.items()):
        annotation = corpus.annotations.get(article_id)
        statements = [s for _, s in annotation.statements] if annotation else []
        page = out / f"{article_id}.html"
        page.write_text(render_article(article.meta, article.text, statements, uncovered[article_id]), "utf-8")
        written.append(page)
        summaries.append(
            ArticleSummary(
                article_id=article_id,
                headline=article.meta.headline,
                outlet=article.meta.outlet,
                published=published(article.meta),
                statements=len(statements),
                speakers=frozenset(s.speaker for s in statements),
                uncovered=len(uncovered[article_id]),
                unexplained=sum(item.reason is None for item in uncovered[article_id]),
            )
        )
    index = out / "index.html"
    index.write_text(render_index(summaries), "utf-8")
    return [*written, index]


@dataclass(frozen=True)
class ReviewPages:
    written: list[Path]  # the article pages, then the index
    blocking: list[Problem]  # problems to fix before pages are worth writing (nothing written then)
    speaker_problems: int  # left for `validate` to list: the pages do not depend on them


# Problems that do not keep pages from being written: an unreviewed draft is what the pages are
# for, and a speaker not yet in the registry changes nothing on them.
NOT_BLOCKING = frozenset({"unreviewed", *SPEAKER_CODES})


def review_pages(project: Project, out: Path) -> ReviewPages:
    """Validate the checkout, then write the pages into `out` unless something blocks them."""
    from ..checks.validate import validate

    corpus, problems = validate(project)
    blocking = [p for p in problems if p.code not in NOT_BLOCKING]
    if blocking:
        return ReviewPages([], blocking, 0)
    speakers = sum(p.code in SPEAKER_CODES for p in problems)
    return ReviewPages(write_review(corpus, out), [], speakers)
