"""What a rebuild after editing one article could cost with a cache of the validated corpus.

    python benchmarks/experiments/incremental.py CHECKOUT

Prototype, not the build: the validated corpus and the statements table of a full build are kept
(pickle and Arrow IPC); after one annotation file changes, only that file is parsed and validated,
its rows replace the article's rows in the cached table, and the checks run on that article only.
Every step is timed so the sum can be compared with the full build. Throwaway.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.feather as feather
import pyarrow.parquet as pq

from dprk_ru_statements.checks import check_corpus
from dprk_ru_statements.corpus import Corpus, load_annotation
from dprk_ru_statements.paths import Project
from dprk_ru_statements.release import PARQUET_OPTIONS
from dprk_ru_statements.table import statements_table
from dprk_ru_statements.validate import validate

Timings = list[tuple[str, float]]


def timed(timings: Timings, label: str, step: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = step()
    timings.append((label, time.perf_counter() - started))
    return result


def stat_manifest(project: Project) -> dict[str, tuple[int, int]]:
    """(mtime_ns, size) of every input file: how a rebuild finds what changed without reading it."""
    manifest = {}
    for folder in (project.raw, project.annotations):
        with os.scandir(folder) as entries:
            for entry in entries:
                info = entry.stat()
                manifest[entry.path] = (info.st_mtime_ns, info.st_size)
    return manifest


def one_article_corpus(corpus: Corpus, article_id: str) -> Corpus:
    return Corpus(
        articles={article_id: corpus.articles[article_id]},
        annotations={article_id: corpus.annotations[article_id]},
        speakers=corpus.speakers,
        speaker_lines=corpus.speaker_lines,
        raw_ids=corpus.raw_ids,
        named_speakers=corpus.named_speakers,
    )


def replace_rows(table: pa.Table, article_id: str, rows: pa.Table) -> pa.Table:
    kept = table.filter(pc.invert(pc.equal(table.column("article_id"), article_id)))
    merged = pa.concat_tables([kept, rows])
    return merged.take(pc.sort_indices(merged, [("statement_id", "ascending")]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    args = parser.parse_args()
    project = Project(args.root)
    started = time.perf_counter()
    corpus, problems = validate(project)
    print(f"full validate (for reference): {time.perf_counter() - started:.2f} s", file=sys.stderr)
    assert not problems
    table = statements_table(corpus)

    with tempfile.TemporaryDirectory() as temporary:
        cache = Path(temporary)
        (cache / "corpus.pickle").write_bytes(pickle.dumps(corpus, protocol=pickle.HIGHEST_PROTOCOL))
        feather.write_feather(table, cache / "statements.arrow", compression="uncompressed")
        size = (cache / "corpus.pickle").stat().st_size / 1e6
        print(f"cache: corpus pickle {size:.0f} MB", file=sys.stderr)

        edited = min(project.annotations.glob("*.yaml"))
        article_id = edited.name.removesuffix(".yaml")
        timings: Timings = []
        pickled, ipc = cache / "corpus.pickle", cache / "statements.arrow"
        found: list[Any] = []
        timed(timings, "stat every input file (find what changed)", lambda: stat_manifest(project))
        cached = timed(timings, "pickle.load the cached corpus", lambda: pickle.loads(pickled.read_bytes()))
        cached_table = timed(
            timings, "read the cached table (Arrow IPC, mmap)", lambda: feather.read_table(ipc, memory_map=True)
        )
        annotation = timed(
            timings, "parse + validate the edited file", lambda: load_annotation(project, edited, found, set())
        )
        cached.annotations[article_id] = annotation
        one = one_article_corpus(cached, article_id)
        timed(timings, "check_corpus on the edited article", lambda: check_corpus(one))
        rows = timed(timings, "its statements table", lambda: statements_table(one))
        merged = timed(
            timings, "replace its rows in the table, re-sort", lambda: replace_rows(cached_table, article_id, rows)
        )
        timed(
            timings,
            "write statements Parquet (as now: zstd 9)",
            lambda: pq.write_table(merged, cache / "s.parquet", **PARQUET_OPTIONS),
        )
        for label, seconds in timings:
            print(f"{label:<58} {seconds:8.3f} s")
        print(f"{'sum':<58} {sum(s for _, s in timings):8.3f} s")
        started = time.perf_counter()
        check_corpus(cached)
        print(f"{'(for comparison: check_corpus on the whole corpus)':<58} {time.perf_counter() - started:8.3f} s")


if __name__ == "__main__":
    main()
