"""What `run.py` measures, each in a fresh process so that its peak RSS is its own.

    python benchmarks/probes.py stages CHECKOUT WORK_DIR   # release.publish, each of its steps timed
    python benchmarks/probes.py build CHECKOUT DIST        # release.publish, end to end
    python benchmarks/probes.py load RELEASE               # datasets.load_dataset, as load() called it
    python benchmarks/probes.py load_cached RELEASE        # load()'s path: its cache, converting if empty

Each prints one JSON object on its last line of stdout.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import re
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

STARTED = time.perf_counter()


# Peak resident memory. Linux resets a process's high-water mark when "5" is written to
# /proc/self/clear_refs, so each stage gets its own peak; elsewhere the peak is the process's.


def reset_peak_rss() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_rss_mb() -> float:
    try:
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]
    except (OSError, AttributeError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def process_peak_rss_mb() -> float:
    """ru_maxrss: the peak of the whole process (only meaningful where clear_refs was never written)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Frame:
    name: str
    started: float
    peak_mb: float = 0.0


@dataclass
class Instrument:
    """Inclusive wall time and peak RSS of each wrapped function, summed over its calls.

    A call resets the high-water mark; the calls around it first take the mark reached so far, and
    take the inner call's peak when it returns, so nested calls still count in their callers.
    """

    seconds: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    active: list[Frame] = field(default_factory=list)

    def enter(self, name: str) -> None:
        reached = peak_rss_mb()
        for frame in self.active:
            frame.peak_mb = max(frame.peak_mb, reached)
        reset_peak_rss()
        self.active.append(Frame(name, time.perf_counter()))

    def leave(self) -> None:
        frame, reached = self.active.pop(), peak_rss_mb()
        for outer in self.active:
            outer.peak_mb = max(outer.peak_mb, reached)
        self.add_time(frame.name, time.perf_counter() - frame.started)
        self.peak_mb[frame.name] = max(self.peak_mb.get(frame.name, 0.0), frame.peak_mb, reached)

    def add_time(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        self.calls[name] = self.calls.get(name, 0) + 1

    def wrap(self, name: str, function: Callable[..., Any], memory: bool) -> Callable[..., Any]:
        """`function`, timed; with its own peak RSS when `memory` (two /proc accesses a call)."""

        @functools.wraps(function)
        def with_memory(*args: Any, **kwargs: Any) -> Any:
            self.enter(name)
            try:
                return function(*args, **kwargs)
            finally:
                self.leave()

        @functools.wraps(function)
        def time_only(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.add_time(name, time.perf_counter() - started)

        return with_memory if memory else time_only


# The functions release.publish calls, wrapped where it looks them up: (module, attribute, whether
# to take its own peak RSS). The per-file readers are only timed: they run once per file,
# interleaved with validation, so load_corpus's peak stands for both.
TIMED = (
    ("dprk_ru_statements.release", "validate", True),
    ("dprk_ru_statements.validate", "load_corpus", True),
    ("dprk_ru_statements.corpus", "_read", False),
    ("dprk_ru_statements.corpus", "read_article_text", False),
    ("dprk_ru_statements.release", "statements_table", True),
    ("dprk_ru_statements.release", "check_tables", True),
    ("dprk_ru_statements.release", "make_report", True),
    ("dprk_ru_statements.release", "split_tables", True),
    ("dprk_ru_statements.release", "articles_table", True),
    ("dprk_ru_statements.release", "write_parquet", True),
    ("dprk_ru_statements.release", "publish", True),
)


def instrumented(instrument: Instrument) -> contextlib.ExitStack:
    stack = contextlib.ExitStack()
    for module_name, attribute, memory in TIMED:
        module = importlib.import_module(module_name)
        if not hasattr(module, attribute):
            print(f"warning: {module_name}.{attribute} is gone; its time counts as documents", file=sys.stderr)
            continue
        wrapped = instrument.wrap(attribute, getattr(module, attribute), memory)
        stack.enter_context(mock.patch.object(module, attribute, wrapped))
    return stack


def stage_seconds(timed: dict[str, float]) -> dict[str, float]:
    """Exclusive stages from the inclusive times of the wrapped functions."""

    def get(*names: str) -> float:
        return sum(timed.get(name, 0.0) for name in names)

    stages = {
        "parse": get("_read", "read_article_text"),
        "records": get("load_corpus") - get("_read", "read_article_text"),
        "checks": get("validate") - get("load_corpus"),
        "table": get("statements_table", "split_tables", "articles_table"),
        "table_check": get("check_tables"),
        "report": get("make_report"),
        "parquet": get("write_parquet"),
    }
    stages["documents"] = (
        get("publish") - get("validate") - sum(stages[name] for name in ("table", "table_check", "report", "parquet"))
    )
    return stages


def stage_peaks(peaks: dict[str, float]) -> dict[str, float]:
    def peak(*names: str) -> float:
        return max((peaks.get(name, 0.0) for name in names), default=0.0)

    return {
        "parse": peak("load_corpus"),  # interleaved with records: the peak of both
        "records": peak("load_corpus"),
        "checks": peak("validate"),
        "table": peak("statements_table", "split_tables", "articles_table"),
        "table_check": peak("check_tables"),
        "report": peak("make_report"),
        "parquet": peak("write_parquet"),
        "documents": peak("publish"),  # the whole publish: what the documents add is not separable
    }


def measure_stages(root: Path, work: Path) -> dict[str, Any]:
    """release.publish with its steps timed where it calls them, then the floor on its statements table."""
    import pyarrow.parquet as pq

    from dprk_ru_statements import release
    from dprk_ru_statements.paths import Project

    imported = time.perf_counter() - STARTED
    instrument, tables = Instrument(), []
    keep_table = mock.patch.object(release, "statements_table", keeping(release.statements_table, tables))
    with keep_table, instrumented(instrument):
        published = release.publish(Project(root), dist=work / "dist")
    statements = tables[0]
    reset_peak_rss()
    started = time.perf_counter()
    pq.write_table(statements, work / "floor.parquet", **release.PARQUET_OPTIONS)
    floor_seconds, floor_peak = time.perf_counter() - started, peak_rss_mb()
    data = published.path / "data" / "statements"
    return {
        "statements": statements.num_rows,
        "articles": published.articles,
        "import_seconds": imported,
        "publish_seconds": instrument.seconds["publish"],
        "seconds": stage_seconds(instrument.seconds) | {"floor": floor_seconds},
        "peak_rss_mb": stage_peaks(instrument.peak_mb) | {"floor": floor_peak},
        "calls": instrument.calls,
        "statements_parquet_bytes": sum(path.stat().st_size for path in data.glob("*.parquet")),
        "floor_parquet_bytes": (work / "floor.parquet").stat().st_size,
    }


def keeping(function: Callable[..., Any], results: list[Any]) -> Callable[..., Any]:
    """`function`, also appending each result to `results`."""

    @functools.wraps(function)
    def kept(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        results.append(result)
        return result

    return kept


def measure_build(root: Path, dist: Path) -> dict[str, Any]:
    """release.publish in this fresh process; then, its peak RSS taken, the floor."""
    from dprk_ru_statements.paths import Project
    from dprk_ru_statements.release import publish

    imported = time.perf_counter()
    release = publish(Project(root), dist=dist)
    result = {
        "statements": release.statements,
        "articles": release.articles,
        "import_seconds": imported - STARTED,
        "publish_seconds": time.perf_counter() - imported,
        "peak_rss_mb": process_peak_rss_mb(),
        "release": str(release.path),
    }
    return result | measure_floor(release.path, dist.parent / "floor.parquet")


def measure_floor(release: Path, target: Path) -> dict[str, Any]:
    """pyarrow writing the release's statements table (read back, all splits, sorted by id as the
    build has it) once, with the build's Parquet options: the least a build can take."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dprk_ru_statements.release import PARQUET_OPTIONS

    parts = [pq.read_table(path) for path in sorted((release / "data" / "statements").glob("*.parquet"))]
    table = pa.concat_tables(parts).sort_by("statement_id").replace_schema_metadata(None)
    started = time.perf_counter()
    pq.write_table(table, target, **PARQUET_OPTIONS)
    return {"floor_seconds": time.perf_counter() - started, "floor_rows": table.num_rows}


def measure_load(release: Path) -> dict[str, Any]:
    import datasets

    imported = time.perf_counter()
    loaded = datasets.load_dataset(str(release), "default")
    return {
        "import_seconds": imported - STARTED,
        "load_seconds": time.perf_counter() - imported,
        "rows": {split: len(data) for split, data in loaded.items()},
        "peak_rss_mb": process_peak_rss_mb(),
    }


def measure_load_cached(release: Path) -> dict[str, Any]:
    """What `load()` does for `release` (any folder, not only the installed releases): open the
    cache entry, or convert the release into it first (`converted`: whether this call did)."""
    import datasets

    try:
        from dprk_ru_statements import load_cache
    except ImportError:  # code measured with --at from before load() had a cache
        return {"converted": None}
    imported = time.perf_counter()
    name = load_cache.entry_name(release, "default")
    converted = name is None or not (load_cache.cache_root() / name).is_dir()
    loaded = load_cache.load_cached(release, "default")
    return {
        "import_seconds": imported - STARTED,
        "load_seconds": time.perf_counter() - imported,
        "converted": converted,
        "rows": {split: len(data) for split, data in loaded.items()},
        "peak_rss_mb": process_peak_rss_mb(),
        "datasets_version": datasets.__version__,
    }


PROBES: dict[str, Callable[..., dict[str, Any]]] = {
    "stages": measure_stages,
    "build": measure_build,
    "load": measure_load,
    "load_cached": measure_load_cached,
}


def main(argv: list[str]) -> None:
    name, *paths = argv
    result = PROBES[name](*(Path(path) for path in paths))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
