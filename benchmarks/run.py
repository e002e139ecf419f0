"""Benchmark the build on synthetic checkouts of growing size (issue 7).

    python benchmarks/run.py [--articles N ...] [--keep DIR] [--json FILE] [--at COMMIT]
                             [--no-stages-above N]

For each size: generate a checkout in the real formats (not timed), then, each in a fresh process,
time every build stage with its own peak RSS, the end-to-end build (`release.publish`) with the
process's peak RSS, the floor (pyarrow writing the final statements table with the build's Parquet
options), `dprk-ru-statements validate` of one annotation file (median of several cold starts)
`datasets.load_dataset` of the built release with an empty cache, as `load()` called it before
its cache, and `load()`'s cached path: the first call (conversion, empty cache) and later calls
(new processes, cache kept).
See benchmarks/README.md for what each number means and the results.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402  (next to this file, not an installed package)

STAGES = (
    "check",
    "cache_read",
    "cache_write",
    "table_check",
    "report",
    "split",
    "diff",
    "parquet",
    "documents",
)
OFFLINE = {"HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}


@dataclass
class Measurement:
    articles: int
    statements: int
    code: str  # the commit measured
    generated_seconds: float
    stages: dict[str, Any] | None  # None when skipped (--no-stages-above)
    build: dict[str, Any]
    build_wall_seconds: float
    validate_one_file_seconds: list[float]
    load_cold_seconds: list[float]
    load_warm_seconds: float
    load_details: dict[str, Any]
    load_first_call_seconds: list[float] = field(default_factory=list)  # load()'s path, empty cache
    load_later_calls_seconds: list[float] = field(default_factory=list)  # load()'s path, cache kept
    rebuild: dict[str, Any] = field(default_factory=dict)  # one article edited, version bumped, cache warm
    rebuild_wall_seconds: float = 0.0
    validate_all_seconds: float = 0.0  # `validate` of everything, cache warm, one article changed
    baseline: dict[str, Any] = field(default_factory=dict)  # the plain script (baseline.py) on the same checkout

    @property
    def floor_seconds(self) -> float:
        return float(self.build["floor_seconds"])

    @property
    def build_peak_rss_mb(self) -> float:
        return float(self.build["peak_rss_mb"])


# Running things in fresh processes. With --at COMMIT, each of them imports the package from a
# snapshot of that commit.
CODE_ENV: dict[str, str] = {}


def snapshot(commit: str, base: Path) -> str:
    """Export src/ and schema/ of `commit` under `base` and measure that code; its short hash."""
    short = git("rev-parse", "--short", commit)
    if not short:
        raise SystemExit(f"unknown commit {commit!r}")
    target = base / f"code-{short}"
    if not (target / "src").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", short, "src", "schema"], cwd=HERE.parent, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    CODE_ENV["PYTHONPATH"] = str(target / "src")
    return short


def run_probe(name: str, *paths: Path, env: dict[str, str] | None = None) -> tuple[dict[str, Any], float]:
    """Run one probe of probes.py in a new interpreter: its JSON result and the wall time of the process."""
    command = [sys.executable, str(HERE / "probes.py"), name, *(str(path) for path in paths)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ | OFFLINE | CODE_ENV | (env or {}))
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"probe {name} failed ({done.returncode}):\n{done.stderr[-3000:]}\n{done.stdout[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]), wall


def command_line_tool() -> list[str]:
    script = Path(sys.executable).with_name("dprk-ru-statements")
    return [str(script)] if script.is_file() and not CODE_ENV else [sys.executable, "-m", "dprk_ru_statements"]


def time_validate_one_file(root: Path, runs: int) -> list[float]:
    """`dprk-ru-statements validate annotations/<first file>` from the checkout, cold each time."""
    first = min(path.name for path in (root / "annotations").glob("*.yaml"))
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [*command_line_tool(), "validate", f"annotations/{first}"],
            cwd=root,
            capture_output=True,
            text=True,
            env=os.environ | CODE_ENV,
        )
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(f"validate failed: {done.stderr[-2000:]}")
    return times


def time_load(release: Path, cache_root: Path, runs: int) -> tuple[list[float], float, dict[str, Any]]:
    """Cold: a new process and an empty datasets cache each run. Warm: a new process, the cache of the last run."""
    cold, details = [], {}
    for run in range(runs):
        cache = cache_root / f"hf-{run}"
        details, wall = run_probe("load", release, env={"HF_HOME": str(cache)})
        cold.append(wall)
    _, warm = run_probe("load", release, env={"HF_HOME": str(cache_root / f"hf-{runs - 1}")})
    return cold, warm, details


def time_load_cached(release: Path, cache_root: Path, runs: int) -> tuple[list[float], list[float]]:
    """load()'s cache, a new process each run. First call: an empty HF_HOME (and so an empty cache),
    the conversion included. Later calls: the cache the first call wrote."""
    env = {"DPRK_RU_STATEMENTS_CACHE": ""}  # the cache follows HF_HOME
    first, later = [], []
    for run in range(runs):
        result, wall = run_probe("load_cached", release, env=env | {"HF_HOME": str(cache_root / f"cached-{run}")})
        if result["converted"] is None:
            return [], []  # the code measured has no cache
        if not result["converted"]:
            raise RuntimeError(f"load() found a cache in an empty HF_HOME: {result}")
        first.append(wall)
    for _ in range(runs):
        result, wall = run_probe("load_cached", release, env=env | {"HF_HOME": str(cache_root / "cached-0")})
        if result["converted"]:
            raise RuntimeError(f"load() converted again although its cache was kept: {result}")
        later.append(wall)
    return first, later


def time_baseline(root: Path, out: Path) -> dict[str, Any]:
    """benchmarks/baseline.py on the same checkout, in a new process, right after the build: its
    JSON line plus the wall time of the whole process (interpreter start and imports included, as
    for the build). Empty when the measured code has no layout the script knows (before 2.1.0)."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(HERE / "baseline.py"), str(root), str(out)],
        capture_output=True,
        text=True,
        env=os.environ | OFFLINE | CODE_ENV,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        print(f"plain script failed ({done.returncode}): {done.stderr.strip().splitlines()[-1:]}", flush=True)
        return {}
    return json.loads(done.stdout.strip().splitlines()[-1]) | {"wall_seconds": wall}


# Checkouts: generated once per size, reused from --keep when the generator has not changed.


def generator_fingerprint(articles: int, seed: int) -> dict[str, Any]:
    source = (HERE / "synthetic.py").read_bytes()
    return {"articles": articles, "seed": seed, "generator_sha256": hashlib.sha256(source).hexdigest()}


def prepare_checkout(base: Path, articles: int, seed: int) -> tuple[Path, int, float]:
    """The checkout for `articles`, its statement count and the seconds spent generating it."""
    root, marker = base / f"{articles}-articles", base / f"{articles}-articles.json"
    fingerprint = generator_fingerprint(articles, seed)
    if marker.is_file() and root.is_dir():
        kept = json.loads(marker.read_text())
        if {key: kept.get(key) for key in fingerprint} == fingerprint:
            return root, kept["statements"], 0.0
    checkout = synthetic.generate(root, articles, seed)
    marker.write_text(json.dumps(fingerprint | {"statements": checkout.counts.statements}))
    return root, checkout.counts.statements, checkout.seconds


def git(*arguments: str) -> str:
    done = subprocess.run(["git", *arguments], cwd=HERE.parent, capture_output=True, text=True)
    return done.stdout.strip()


def project_version() -> str:
    """The commit the measured code is at, and whether src/ differs from it."""
    if CODE_ENV:
        return Path(CODE_ENV["PYTHONPATH"]).parent.name.removeprefix("code-")
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + (" + uncommitted changes in src/" if git("status", "--porcelain", "--", "src") else "")


def measure(base: Path, articles: int, seed: int, options: argparse.Namespace) -> Measurement:
    root, statements, generated = prepare_checkout(base, articles, seed)
    code = project_version()
    print(f"[{articles} articles] checkout ready ({statements} statements, generated in {generated:.1f} s)", flush=True)
    work = base / f"{articles}-work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    stages = None
    if options.no_stages_above is None or articles <= options.no_stages_above:
        shutil.rmtree(root / ".cache", ignore_errors=True)  # a cold build: nothing cached
        stages, _ = run_probe("stages", root, work / "stages")
        print(f"[{articles} articles] stages: {format_seconds(stages['seconds'])}", flush=True)
    shutil.rmtree(root / ".cache", ignore_errors=True)
    build, build_wall = run_probe("build", root, work / "dist")
    if build["statements"] != statements:
        raise RuntimeError(f"the build saw {build['statements']} statements, the generator wrote {statements}")
    print(f"[{articles} articles] build: {build_wall:.2f} s, {build['peak_rss_mb']:.0f} MB", flush=True)
    baseline = time_baseline(root, work / "baseline")
    if baseline:
        print(
            f"[{articles} articles] plain script: {baseline['wall_seconds']:.2f} s, {baseline['peak_rss_mb']:.0f} MB;"
            f" build / script {build_wall / baseline['wall_seconds']:.2f} (wall),"
            f" {build.get('cpu_seconds', 0) / baseline['cpu_seconds']:.2f} (CPU)",
            flush=True,
        )
    rebuild, rebuild_wall = run_probe("rebuild", root, work / "dist")
    print(f"[{articles} articles] rebuild after one edit: {rebuild_wall:.2f} s", flush=True)
    started = time.perf_counter()  # the checkout is back as it was: one article to check again
    subprocess.run([*command_line_tool(), "validate"], cwd=root, capture_output=True, env=os.environ | CODE_ENV)
    validate_all = time.perf_counter() - started
    validate = time_validate_one_file(root, options.validate_runs)
    cold, warm, details = time_load(Path(build["release"]), work / "hf", options.load_runs)
    first, later = time_load_cached(Path(build["release"]), work / "hf", options.load_runs)
    print(
        f"[{articles} articles] validate one file {statistics.median(validate):.2f} s, load_dataset {cold},"
        f" load() first call {first}, later calls {later}",
        flush=True,
    )
    if project_version() != code:
        print(f"[{articles} articles] warning: the code changed while it was measured", flush=True)
        code += " (changed during the measurement)"
    return Measurement(
        articles,
        statements,
        code,
        generated,
        stages,
        build,
        build_wall,
        validate,
        cold,
        warm,
        details,
        first,
        later,
        rebuild,
        rebuild_wall,
        validate_all,
        baseline,
    )


# Reporting.


def format_seconds(seconds: dict[str, float]) -> str:
    return ", ".join(f"{name} {value:.2f}" for name, value in seconds.items())


def median_or_dash(seconds: Sequence[float]) -> str:
    return f"{statistics.median(seconds):.2f}" if seconds else "–"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def summary_table(results: Sequence[Measurement]) -> str:
    header = [
        "articles",
        "statements",
        *STAGES,
        "build s",
        "peak RSS MB",
        "each worker's peak MB (sampled)",
        "floor s",
        "build/floor",
        "plain script s",
        "build/script wall",
        "build/script CPU",
    ]
    rows = [
        [
            f"{m.articles:,}",
            f"{m.statements:,}",
            *(f"{m.stages['seconds'].get(name, 0):.2f}" if m.stages else "–" for name in STAGES),
            f"{m.build_wall_seconds:.2f}",
            f"{m.build_peak_rss_mb:.0f}",
            f"{m.build.get('workers_peak_rss_mb', 0):.0f}",
            f"{m.floor_seconds:.3f}",
            f"{m.build_wall_seconds / m.floor_seconds:.0f}x",
            f"{m.baseline['wall_seconds']:.2f}" if m.baseline else "–",
            f"{m.build_wall_seconds / m.baseline['wall_seconds']:.2f}" if m.baseline else "–",
            f"{m.build.get('cpu_seconds', 0) / m.baseline['cpu_seconds']:.2f}" if m.baseline else "–",
        ]
        for m in results
    ]
    return markdown_table(header, rows)


def rebuild_table(results: Sequence[Measurement]) -> str:
    header = ["articles", "rebuild s (process)", "publish s", *STAGES, "peak RSS MB", "validate all s"]
    rows = [
        [
            f"{m.articles:,}",
            f"{m.rebuild_wall_seconds:.2f}",
            f"{m.rebuild.get('publish_seconds', 0):.2f}",
            *(f"{m.rebuild.get('seconds', {}).get(name, 0):.2f}" for name in STAGES),
            f"{m.rebuild.get('peak_rss_mb', 0):.0f}",
            f"{m.validate_all_seconds:.2f}",
        ]
        for m in results
    ]
    return markdown_table(header, rows)


def memory_table(results: Sequence[Measurement]) -> str:
    header = ["articles", *(f"{name} MB" for name in STAGES), "floor MB"]
    rows = [
        [f"{m.articles:,}", *(f"{m.stages['peak_rss_mb'].get(name, 0):.0f}" for name in (*STAGES, "floor"))]
        for m in results
        if m.stages
    ]
    return markdown_table(header, rows)


def latency_table(results: Sequence[Measurement]) -> str:
    header = [
        "articles",
        "build: imports s",
        "build: publish s",
        "validate 1 file cold s (median)",
        "load_dataset cold s (median)",
        "load_dataset warm s",
        "load() first call s (median)",
        "load() later calls s (median)",
    ]
    rows = [
        [
            f"{m.articles:,}",
            f"{m.build['import_seconds']:.2f}",
            f"{m.build['publish_seconds']:.2f}",
            f"{statistics.median(m.validate_one_file_seconds):.2f}",
            f"{statistics.median(m.load_cold_seconds):.2f}",
            f"{m.load_warm_seconds:.2f}",
            median_or_dash(m.load_first_call_seconds),
            median_or_dash(m.load_later_calls_seconds),
        ]
        for m in results
    ]
    return markdown_table(header, rows)


def report(results: Sequence[Measurement]) -> str:
    code = ", ".join(sorted({m.code for m in results}))
    return "\n\n".join(
        [
            f"Code measured: {code}; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}.",
            "Seconds per stage (one instrumented publish in a fresh process); the full build (another fresh"
            " process: wall time, peak RSS); the floor:",
            summary_table(results),
            "Peak RSS during each stage (the stages process; includes what earlier stages still hold):",
            memory_table(results),
            "Rebuild after editing one article (cache warm, version bumped; stages in seconds), and"
            " `validate` of everything after it:",
            rebuild_table(results),
            "Start-up bound commands:",
            latency_table(results),
        ]
    )


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000, 100000], metavar="N")
    parser.add_argument("--keep", type=Path, help="generate into (and reuse checkouts from) DIR, and keep them")
    parser.add_argument("--json", type=Path, help="also write every measurement to FILE")
    parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
    parser.add_argument("--validate-runs", type=int, default=5)
    parser.add_argument("--load-runs", type=int, default=3)
    parser.add_argument(
        "--no-stages-above", type=int, metavar="N", help="time only the whole build for sizes above N articles"
    )
    parser.add_argument(
        "--at", metavar="COMMIT", help="measure src/ and schema/ of COMMIT (exported), not the working tree"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_arguments(argv)
    with tempfile.TemporaryDirectory(prefix="dprk-bench-") as temporary:
        base = args.keep or Path(temporary)
        base.mkdir(parents=True, exist_ok=True)
        if args.at:
            print(f"measuring commit {snapshot(args.at, base.resolve())}", flush=True)
        results = []
        for articles in args.articles:
            results.append(measure(base.resolve(), articles, args.seed, args))
            if args.json:
                records = [asdict(m) for m in results]
                args.json.write_text(json.dumps(records, indent=2))
    print("\n" + report(results))


if __name__ == "__main__":
    main()
