"""A rebuild after one annotation changed, as it is today: the whole build again, plus the diff
against the previous release that the versioning policy needs.

    python benchmarks/experiments/rebuild_after_edit.py CHECKOUT

Works on a copy of CHECKOUT: publishes it (1.0.0), changes one statement's claim_type, bumps the
version to 2.0.0 and publishes again in a fresh process, timed. Throwaway.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PUBLISH = """
import sys
from pathlib import Path
from dprk_ru_statements.paths import Project
from dprk_ru_statements.release import publish
print(publish(Project(Path(sys.argv[1])), dist=Path(sys.argv[2])))
"""


def publish_in_new_process(root: Path, dist: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", PUBLISH, str(root), str(dist)], check=True, capture_output=True)
    return time.perf_counter() - started


def edit_one_statement(root: Path) -> None:
    path = min((root / "annotations").glob("*.yaml"))
    text = path.read_text("utf-8")
    first = re.search(r"claim_type: (\w+)", text)
    assert first is not None
    replacement = "denial" if first.group(1) != "denial" else "support"
    path.write_text(text[: first.start(1)] + replacement + text[first.end(1) :], "utf-8")


def bump_version(root: Path) -> None:
    dataset = root / "dataset.yaml"
    dataset.write_text(re.sub(r"(?m)^version: .*$", "version: 2.0.0", dataset.read_text("utf-8")), "utf-8")


def main() -> None:
    source = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as temporary:
        root, dist = Path(temporary) / "checkout", Path(temporary) / "dist"
        shutil.copytree(source, root, ignore=shutil.ignore_patterns("docs", "DATASHEET.md", "CHANGELOG.md"))
        print(f"first build (1.0.0):                      {publish_in_new_process(root, dist):7.2f} s", flush=True)
        edit_one_statement(root)
        bump_version(root)
        print(f"rebuild after editing one statement (2.0.0): {publish_in_new_process(root, dist):7.2f} s")


if __name__ == "__main__":
    main()
