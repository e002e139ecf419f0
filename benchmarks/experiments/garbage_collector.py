"""How much of loading the corpus is Python's cyclic garbage collector walking what is already loaded.

    python benchmarks/experiments/garbage_collector.py CHECKOUT

Runs corpus.load_corpus twice in fresh processes: as is, and with gc.freeze() + a higher gen-0
threshold around it (what a build could do, since it frees nothing until it ends). Throwaway.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CODE = """
import gc, sys, time
from pathlib import Path
from dprk_ru_statements.corpus import load_corpus
from dprk_ru_statements.paths import Project
if sys.argv[2] == "tuned":
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
started = time.perf_counter()
corpus, problems = load_corpus(Project(Path(sys.argv[1])))
seconds = time.perf_counter() - started
collections = sum(s["collections"] for s in gc.get_stats())
print(f"load_corpus, gc {sys.argv[2]:<8} {seconds:7.2f} s  ({collections} collections, {len(problems)} problems)")
"""


def main() -> None:
    root = Path(sys.argv[1])
    for mode in ("default", "tuned"):
        subprocess.run([sys.executable, "-c", CODE, str(root), mode], check=True)


if __name__ == "__main__":
    main()
