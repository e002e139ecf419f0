"""Figures for the dataset card and datasheet, drawn from the statements table."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow as pa

from .vocab import vocabularies

MAX_COUNTRIES = 15
FIGURES = {
    "by_country_and_claim_type.png": "Statements by speaker country and claim type",
    "over_time.png": "Statements over time (dated to the month or day)",
}


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.hashsalt": "dprk-ru-statements", "font.size": 9})
    return plt


def _save(figure, path: Path) -> None:
    # No software/date metadata, so the same data gives the same bytes.
    figure.savefig(path, dpi=110, bbox_inches="tight", metadata={"Software": None})


def _stacked(axis, categories: list[str], counts: Counter[tuple[str, str]], horizontal: bool) -> None:
    labels = list(vocabularies().claim_type)
    colours = _colours(len(labels))
    base = [0] * len(categories)
    for label, colour in zip(labels, colours, strict=True):
        values = [counts[(category, label)] for category in categories]
        if not any(values):
            continue
        if horizontal:
            axis.barh(categories, values, left=base, label=label, color=colour)
        else:
            axis.bar(categories, values, bottom=base, label=label, color=colour)
        base = [b + v for b, v in zip(base, values, strict=True)]
    axis.legend(title="claim type", fontsize=7, title_fontsize=8, frameon=False, loc="best")


def _colours(count: int) -> list:
    plt = _pyplot()
    palette = plt.get_cmap("tab10")
    return [palette(i % 10) for i in range(count)]


def draw(statements: pa.Table, folder: Path) -> list[Path]:
    plt = _pyplot()
    folder.mkdir(parents=True, exist_ok=True)
    rows = statements.select(["country", "claim_type", "date", "date_precision"]).to_pylist()

    totals = Counter(r["country"] or "unknown" for r in rows)
    # A readable chart names the most frequent countries and folds the rest into "other".
    shown = {c for c, _ in sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:MAX_COUNTRIES]}
    folded = [(r["country"] or "unknown") if (r["country"] or "unknown") in shown else "other" for r in rows]
    by_country: Counter[tuple[str, str]] = Counter(zip(folded, (r["claim_type"] for r in rows), strict=True))
    totals = Counter(folded)
    countries = sorted(totals, key=lambda c: (c != "other", totals[c], c))
    figure, axis = plt.subplots(figsize=(7, 0.45 * len(countries) + 1.2))
    _stacked(axis, countries, by_country, horizontal=True)
    axis.set_xlabel("statements")
    axis.set_title(
        FIGURES["by_country_and_claim_type.png"] + "\n(XMG: group of states; XIO: international organisation)"
    )
    paths = [folder / "by_country_and_claim_type.png"]
    _save(figure, paths[0])
    plt.close(figure)

    dated = [r for r in rows if r["date_precision"] in ("day", "month")]
    by_month: Counter[tuple[str, str]] = Counter((r["date"][:7], r["claim_type"]) for r in dated)
    months = sorted({month for month, _ in by_month})
    figure, axis = plt.subplots(figsize=(7, 3.2))
    if months:
        _stacked(axis, months, by_month, horizontal=False)
    axis.set_ylabel("statements")
    axis.set_title(f"{FIGURES['over_time.png']}: {len(dated)} of {len(rows)} statements")
    axis.tick_params(axis="x", labelrotation=45)
    paths.append(folder / "over_time.png")
    _save(figure, paths[1])
    plt.close(figure)
    return paths
