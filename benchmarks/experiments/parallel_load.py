"""Loading annotation files (read, parse, validate) in worker processes instead of one.

    python benchmarks/experiments/parallel_load.py CHECKOUT [--limit N] [--workers 2]

Each worker returns the `Annotation` objects load_corpus would build (statements as pydantic models,
line maps included), so the pickling cost of sending them back is counted. Throwaway.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from common import checkout_files, show

from dprk_ru_statements.corpus import Annotation, load_annotation
from dprk_ru_statements.paths import Project


def load_files(task: tuple[Path, list[Path]]) -> tuple[list[Annotation], list[Any], set[str]]:
    root, files = task
    project, problems, named = Project(root), [], set()
    loaded = [load_annotation(project, path, problems, named) for path in files]
    return [a for a in loaded if a is not None], problems, named


def serial(root: Path, files: list[Path]) -> int:
    annotations, _, _ = load_files((root, files))
    return len(annotations)


def parallel(root: Path, files: list[Path], workers: int, chunk: int) -> int:
    tasks = [(root, files[start : start + chunk]) for start in range(0, len(files), chunk)]
    count = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for annotations, _, _ in pool.map(load_files, tasks):
            count += len(annotations)
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=250)
    args = parser.parse_args()
    _, files = checkout_files(args.root, args.limit)
    print(f"{len(files)} annotation files, {args.workers} workers", file=sys.stderr)

    started = time.perf_counter()
    annotations, _, _ = load_files((args.root, files))
    show("serial load_annotation", time.perf_counter() - started, len(files))
    started = time.perf_counter()
    payload = pickle.dumps(annotations, protocol=pickle.HIGHEST_PROTOCOL)
    show(f"  pickle.dumps of the result ({len(payload) / 1e6:.0f} MB)", time.perf_counter() - started, len(files))
    started = time.perf_counter()
    pickle.loads(payload)
    show("  pickle.loads of the result", time.perf_counter() - started, len(files))
    started = time.perf_counter()
    parallel(args.root, files, args.workers, args.chunk)
    show(f"process pool, {args.workers} workers (incl. pool start)", time.perf_counter() - started, len(files))


if __name__ == "__main__":
    main()
