"""What a cold `validate <one file>` and a cold `load()` spend their time on.

    python benchmarks/experiments/startup.py CHECKOUT [RELEASE]

Imports are measured with `python -X importtime` in a fresh process; the work after the imports
is timed in this process, step by step, as validate.validate runs it for one file. Throwaway.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from common import best_of

from dprk_ru_statements.corpus import Corpus, load_annotation, load_articles, load_speakers
from dprk_ru_statements.models import Speaker
from dprk_ru_statements.paths import Project
from dprk_ru_statements.validate import validate
from dprk_ru_statements.yamlio import read_yaml

IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def import_costs(code: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[float, dict[str, float]]:
    """Total seconds of imports, and the cumulative seconds of each top-level package."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=os.environ | (env or {}),
    )
    by_package: dict[str, float] = defaultdict(float)
    for line in done.stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if match and len(match.group(3)) == 1:  # imported at top level, not by another module
            by_package[match.group(4).split(".")[0]] += int(match.group(2)) / 1e6
    return sum(by_package.values()), dict(sorted(by_package.items(), key=lambda item: -item[1]))


def print_imports(title: str, total: float, by_package: dict[str, float]) -> None:
    top = ", ".join(f"{name} {seconds:.2f}" for name, seconds in list(by_package.items())[:8])
    print(f"{title}: imports {total:.2f} s ({top})")


def validate_steps(root: Path) -> None:
    project = Project(root)
    path = min(project.annotations.glob("*.yaml"))
    only = {path.name.removesuffix(".yaml")}
    corpus, problems = Corpus(), []
    print(f"validate(project, [{path.name}]) after imports, best of 5:")
    steps = (
        ("  load_speakers (whole registry)", lambda: load_speakers(project, corpus, problems)),
        ("  load_articles(only=the file's article)", lambda: load_articles(project, corpus, problems, only)),
        ("  load_annotation of the file", lambda: load_annotation(project, path, problems, set())),
        ("  validate.validate(project, [path]), all of it", lambda: validate(project, [path])),
    )
    for label, step in steps:
        seconds, _ = best_of(5, step)
        print(f"{label:<58} {seconds:.3f} s")
    registry_steps(project)


def registry_steps(project: Project) -> None:
    """The registry alone: as read now, and two cheaper ways to get the same data."""
    data, _ = read_yaml(project.speakers)
    cached = project.root / "speakers.cache.json"
    cached.write_text(json.dumps(data), "utf-8")
    steps = {
        f"  registry ({len(data['speakers'])} speakers): yamlio.read_yaml": lambda: read_yaml(project.speakers),
        "  registry: the same data from a JSON cache": lambda: json.loads(cached.read_text("utf-8")),
        "  registry: pydantic Speaker per entry": lambda: [Speaker.model_validate(s) for s in data["speakers"]],
    }
    try:
        import yaml_rs  # type: ignore[import-not-found]

        text = project.speakers.read_text("utf-8")
        steps["  registry: yaml_rs.loads (YAML 1.2)"] = lambda: yaml_rs.loads(text, parse_datetime=False)
    except ImportError:
        pass
    for label, step in steps.items():
        seconds, _ = best_of(5, step)
        print(f"{label:<58} {seconds:.3f} s")
    cached.unlink()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("release", type=Path, nargs="?")
    args = parser.parse_args()
    code = "from dprk_ru_statements.validate import validate; import dprk_ru_statements.cli"
    print_imports("validate command", *import_costs(code, args.root))
    validate_steps(args.root)
    if args.release:
        offline = {"HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}
        print_imports("load()", *import_costs("import datasets", args.root, offline))


if __name__ == "__main__":
    main()
