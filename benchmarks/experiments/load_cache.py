"""`load()` before and after its cache, each run in a new process, offline.

    python benchmarks/experiments/load_cache.py RELEASE [RELEASE ...] [--runs 3]

For each release, medians of `--runs` wall times (interpreter start included):
* before: `datasets.load_dataset(release, "default")` as `load()` called it, empty HF_HOME each run;
* before, later calls: the same with the datasets cache of the first run kept;
* first call: `load()`'s path with an empty HF_HOME (so an empty cache): converts, then opens;
* later calls: a new process each run, the cache the first call wrote kept (the datasets cache
  of `load_dataset` does not matter any more: the entry is the only thing read);
* `import datasets` alone, for the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBES = Path(__file__).resolve().parents[1] / "probes.py"
OFFLINE = {"HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}


def timed(command: list[str], hf_home: Path) -> tuple[float, dict[str, object]]:
    """Wall seconds of `command` in a new process with HF_HOME=`hf_home`, and its last JSON line."""
    env = os.environ | OFFLINE | {"HF_HOME": str(hf_home)}
    env.pop("DPRK_RU_STATEMENTS_CACHE", None)  # the cache follows HF_HOME here
    os.sync()  # the previous run's writes are flushed, not competing with this run
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    lines = done.stdout.strip().splitlines()
    return wall, json.loads(lines[-1]) if lines else {}


def probe(name: str, release: Path) -> list[str]:
    return [sys.executable, str(PROBES), name, str(release)]


def measure(release: Path, runs: int, base: Path) -> dict[str, float]:
    before, before_later, first, later, floor = [], [], [], [], []
    for run in range(runs):
        before.append(timed(probe("load", release), base / f"before-{run}")[0])
        floor.append(timed([sys.executable, "-c", "import datasets"], base / f"floor-{run}")[0])
        wall, result = timed(probe("load_cached", release), base / f"cached-{run}")
        assert result["converted"], result
        first.append(wall)
    for _ in range(runs):
        before_later.append(timed(probe("load", release), base / "before-0")[0])
        wall, result = timed(probe("load_cached", release), base / "cached-0")
        assert not result["converted"], result
        later.append(wall)
    return {
        "before": statistics.median(before),
        "before, later calls": statistics.median(before_later),
        "first call": statistics.median(first),
        "later calls": statistics.median(later),
        "import datasets": statistics.median(floor),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("releases", type=Path, nargs="+")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(
        "| release | before: load_dataset, empty cache s | before: load_dataset, its cache kept s"
        " | load() first call s | load() later calls s | import datasets s |"
    )
    print("|---|---|---|---|---|---|")
    for release in args.releases:
        with tempfile.TemporaryDirectory(prefix="load-cache-") as base:
            seconds = measure(release.resolve(), args.runs, Path(base))
        cells = " | ".join(f"{value:.2f}" for value in seconds.values())
        print(f"| {release} | {cells} |", flush=True)


if __name__ == "__main__":
    main()
