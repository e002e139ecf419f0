"""Cold `validate <one file>`: wall time of new processes, and where one run spends it.

    python benchmarks/experiments/cold_validate.py CHECKOUT [--runs 10] [--file annotations/X.yaml]

Like hyperfine: the command line is run `--runs` times in new processes (after one warm-up run
for the page cache) and the median, min and max are printed. Then, in as many new processes, one
run is split into imports, the registry's `read_yaml` and the rest, so the time without the
registry parse (which a faster YAML parser removes) can be read off. Throwaway.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

# Runs in a new process inside the checkout: imports, then validate() with the registry's
# read_yaml timed on its own; prints four numbers in ms.
SPLIT = """
import sys, time
started = time.perf_counter()
import dprk_ru_statements.cli
from dprk_ru_statements import corpus
from dprk_ru_statements.paths import Project, find_root
from dprk_ru_statements.validate import validate
from pathlib import Path
imported = time.perf_counter()
project = Project(find_root())
registry = [0.0]
read_yaml = corpus.read_yaml

def timed(path):
    begun = time.perf_counter()
    result = read_yaml(path)
    if path == project.speakers:
        registry[0] += time.perf_counter() - begun
    return result

corpus.read_yaml = timed
validate(project, [Path(sys.argv[1]).resolve()])
done = time.perf_counter()
print(*(round(1000 * s, 2) for s in (imported - started, registry[0], done - imported - registry[0], done - started)))
"""


def cold_runs(command: list[str], cwd: Path, runs: int) -> list[float]:
    subprocess.run(command, cwd=cwd, capture_output=True, check=True)  # warm the page cache
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=True)
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--file", default=None, help="annotation file (default: the first one)")
    args = parser.parse_args()
    file = args.file or str(min(args.root.glob("annotations/*.yaml")).relative_to(args.root))
    command = [str(Path(sys.executable).with_name("dprk-ru-statements")), "validate", file]
    wall = cold_runs(command, args.root, args.runs)
    print(f"{' '.join(command[1:])}: {args.runs} cold runs")
    print(f"  wall median {statistics.median(wall):.3f} s  (min {min(wall):.3f}, max {max(wall):.3f})")
    rows = []
    for _ in range(args.runs):
        done = subprocess.run(
            [sys.executable, "-c", SPLIT, file], cwd=args.root, capture_output=True, text=True, check=True
        )
        rows.append([float(value) for value in done.stdout.split()])
    imports, registry, rest, total = (statistics.median(column) for column in zip(*rows, strict=True))
    print(
        f"  in-process medians: imports {imports:.1f} ms, registry read_yaml {registry:.1f} ms,"
        f" rest {rest:.1f} ms, all {total:.1f} ms"
    )
    print(f"  wall median minus the registry's read_yaml: {statistics.median(wall) - registry / 1000:.3f} s")


if __name__ == "__main__":
    main()
