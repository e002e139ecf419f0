"""Figures for the dataset card and datasheet, drawn from the statements table."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ..contract.vocab import vocabularies
from ..core.checksums import CHECKSUMS, intact
from ..core.checksums import render as render_checksums
from ..core.files import staging_folder

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


@dataclass
class FigureData:
    """Everything the figures show: drawing is slow (matplotlib), these counts are not."""

    by_country: dict[tuple[str, str], int]  # (country or "unknown" or "other", claim type) -> statements
    by_month: dict[tuple[str, str], int]  # (YYYY-MM, claim type) -> statements dated to month or day
    dated: int
    statements: int

    def key(self) -> str:
        """Names the drawing of these counts by this code and matplotlib, for the figure cache."""
        from importlib.metadata import version

        content = json.dumps([sorted(self.by_country.items()), sorted(self.by_month.items()), self.dated])
        source = Path(__file__).read_bytes() + repr(list(vocabularies().claim_type)).encode()
        parts = [content.encode(), source, version("matplotlib").encode(), str(self.statements).encode()]
        return hashlib.sha256(b"\0".join(parts)).hexdigest()


def _pairs(table: pa.Table, first: str) -> dict[tuple[str, str], int]:
    counted = table.group_by([first, "claim_type"]).aggregate([([], "count_all")])
    return {
        (a, b): n
        for a, b, n in zip(
            counted.column(first).to_pylist(),
            counted.column("claim_type").to_pylist(),
            counted.column("count_all").to_pylist(),
            strict=True,
        )
    }


def figure_data(statements: pa.Table) -> FigureData:
    countries = pc.fill_null(statements.column("country"), "unknown")
    totals = Counter({value["values"].as_py(): value["counts"].as_py() for value in pc.value_counts(countries)})
    # A readable chart names the most frequent countries and folds the rest into "other".
    shown = [c for c, _ in sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:MAX_COUNTRIES]]
    folded = pc.if_else(pc.is_in(countries, value_set=pa.array(shown, pa.string())), countries, "other")
    by_country = _pairs(pa.table({"country": folded, "claim_type": statements.column("claim_type")}), "country")
    dated = statements.filter(pc.is_in(statements.column("date_precision"), value_set=pa.array(["day", "month"])))
    months = pc.utf8_slice_codeunits(dated.column("date"), 0, 7)
    by_month = _pairs(pa.table({"month": months, "claim_type": dated.column("claim_type")}), "month")
    return FigureData(by_country, by_month, dated.num_rows, statements.num_rows)


def prepare(statements: pa.Table, folder: Path, cache: Path | None = None) -> Callable[[], list[Path]]:
    """Count now, draw into `folder` when called (with `cache`, copy a drawing of the same counts
    instead): the statements may be let go in between, and the drawing (the slow part, matplotlib)
    can run in a thread beside other work."""
    data = figure_data(statements)
    paths = [folder / name for name in FIGURES]
    kept = cache / data.key() if cache is not None else None
    return lambda: _draw_or_copy(data, paths, kept)


def _draw_or_copy(data: FigureData, paths: list[Path], kept: Path | None) -> list[Path]:
    paths[0].parent.mkdir(parents=True, exist_ok=True)
    if kept is not None and intact(kept) and all((kept / path.name).is_file() for path in paths):
        for path in paths:
            shutil.copyfile(kept / path.name, path)
        return paths
    _draw(data, paths)
    if kept is not None:
        with staging_folder(kept) as staging:
            for path in paths:
                shutil.copyfile(path, staging / path.name)
            # What each drawing hashed to: a damaged copy is drawn again, never published.
            (staging / CHECKSUMS).write_text(render_checksums(staging), "utf-8")
            with contextlib.suppress(OSError):  # another build stored the same drawing first
                os.rename(staging, kept)
    return paths


def _draw(data: FigureData, paths: list[Path]) -> None:
    plt = _pyplot()
    by_country = Counter(data.by_country)
    totals: Counter[str] = Counter()
    for (country, _), count in by_country.items():
        totals[country] += count
    countries = sorted(totals, key=lambda c: (c != "other", totals[c], c))
    figure, axis = plt.subplots(figsize=(7, 0.45 * len(countries) + 1.2))
    _stacked(axis, countries, by_country, horizontal=True)
    axis.set_xlabel("statements")
    axis.set_title(
        FIGURES["by_country_and_claim_type.png"] + "\n(XMG: group of states; XIO: international organisation)"
    )
    _save(figure, paths[0])
    plt.close(figure)

    by_month = Counter(data.by_month)
    months = sorted({month for month, _ in by_month})
    figure, axis = plt.subplots(figsize=(7, 3.2))
    if months:
        _stacked(axis, months, by_month, horizontal=False)
    axis.set_ylabel("statements")
    axis.set_title(f"{FIGURES['over_time.png']}: {data.dated} of {data.statements} statements")
    axis.tick_params(axis="x", labelrotation=45)
    _save(figure, paths[1])
    plt.close(figure)
