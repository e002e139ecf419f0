"""Cold `load()` variants, each in a fresh process with an empty datasets cache.

    python benchmarks/experiments/load_paths.py RELEASE

Throwaway: compares datasets.load_dataset as load() calls it, the same with keep_in_memory=True
(no Arrow cache files written), the floor of reading the statements Parquet with pyarrow, and
datasets.load_from_disk of the same DatasetDict saved in datasets' own Arrow format.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VARIANTS = {
    "load_dataset(path, 'default') (as load() does)": (
        "import datasets; datasets.load_dataset(sys.argv[1], 'default')"
    ),
    "load_dataset(..., keep_in_memory=True)": (
        "import datasets; datasets.load_dataset(sys.argv[1], 'default', keep_in_memory=True)"
    ),
    "import datasets only": "import datasets",
    "pyarrow.parquet.read_table of the statements (floor)": (
        "import pyarrow.parquet as pq; pq.read_table(sys.argv[1] + '/data/statements')"
    ),
}
SAVE = "import datasets; datasets.load_dataset(sys.argv[1], 'default').save_to_disk(sys.argv[2])"
FROM_DISK = "import datasets; datasets.load_from_disk(sys.argv[2])"


def cold_seconds(code: str, *paths: Path, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            env = os.environ | {"HF_HOME": cache, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}
            started = time.perf_counter()
            command = [sys.executable, "-c", f"import sys; {code}", *(str(path) for path in paths)]
            subprocess.run(command, check=True, env=env, capture_output=True)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    release = Path(sys.argv[1])
    for label, code in VARIANTS.items():
        print(f"{label:<56} {cold_seconds(code, release):6.2f} s (median of 3, cold)", flush=True)
    with tempfile.TemporaryDirectory() as saved:
        cold_seconds(SAVE, release, Path(saved), runs=1)  # the release saved in datasets' own format
        seconds = cold_seconds(FROM_DISK, release, Path(saved))
        print(f"{'load_from_disk of the same, saved with save_to_disk':<56} {seconds:6.2f} s (median of 3, cold)")


if __name__ == "__main__":
    main()
