"""What the build holds in memory, per statement: the loaded corpus, its line maps, the tables.

    python benchmarks/experiments/memory.py CHECKOUT

Resident memory (VmRSS) after each step, in one process; gc.collect() before each reading.
Throwaway.
"""

from __future__ import annotations

import gc
import re
import sys
from pathlib import Path

from dprk_ru_statements.paths import Project
from dprk_ru_statements.table import statements_table
from dprk_ru_statements.validate import validate


def resident_mb() -> float:
    gc.collect()
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]


def main() -> None:
    import pandas  # noqa: F401  (imported up front so it does not count as data)
    import pyarrow  # noqa: F401

    baseline = resident_mb()
    corpus, problems = validate(Project(Path(sys.argv[1])))
    assert not problems
    statements = sum(len(a.statements) for a in corpus.annotations.values())
    text_mb = sum(len(a.text.encode()) for a in corpus.articles.values()) / 1e6
    loaded = resident_mb()

    def per_statement(megabytes: float) -> str:
        return f"{megabytes:7.0f} MB  {megabytes * 1e6 / statements:7.0f} B/statement"

    print(f"{statements} statements, article texts {text_mb:.0f} MB (UTF-8)")
    print(f"loaded corpus (models, line maps, texts)      {per_statement(loaded - baseline)}")
    for annotation in corpus.annotations.values():
        annotation.lines.lines.clear()
    for article in corpus.articles.values():
        article.meta_lines.lines.clear()
    without_lines = resident_mb()
    print(f"  of which line maps                          {per_statement(loaded - without_lines)}")
    table = statements_table(corpus)
    with_table = resident_mb()
    label = f"statements table (Arrow, {table.nbytes / 1e6:.0f} MB of buffers)"
    print(f"{label:<46}{per_statement(with_table - without_lines)}")
    frame = table.to_pandas()
    texts = {a: article.text for a, article in corpus.articles.items()}
    joined = frame.assign(article_text=frame["article_id"].map(texts))
    with_join = resident_mb()
    print(f"to_pandas + article_text join (before 0f2c178) {per_statement(with_join - with_table)}")
    del joined


if __name__ == "__main__":
    main()
