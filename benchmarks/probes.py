"""What `run.py` measures, each in a fresh process so that its peak RSS is its own.

    python benchmarks/probes.py stages CHECKOUT WORK_DIR   # release.publish, each of its steps timed
    python benchmarks/probes.py build CHECKOUT DIST        # release.publish, end to end
    python benchmarks/probes.py rebuild CHECKOUT DIST      # after `build`: edit one article, publish again
    python benchmarks/probes.py load RELEASE               # datasets.load_dataset, as load() called it
    python benchmarks/probes.py load_cached RELEASE        # load()'s path: its cache, converting if empty

Each prints one JSON object on its last line of stdout.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import importlib
import json
import re
import resource
import sys
import threading
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


class ChildrenPeak(threading.Thread):
    """Samples the peak resident memory (VmHWM, which exec resets) of this process's children, the
    build's worker processes, every 0.1 s. getrusage's RUSAGE_CHILDREN would count the moment
    between fork and exec, when a child still shares its parent's pages."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peaks: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.1):
            for pid in self._children():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                found = re.search(r"VmHWM:\s+(\d+) kB", status)
                if found:
                    self.peaks[pid] = max(self.peaks.get(pid, 0.0), int(found.group(1)) / 1024)

    @staticmethod
    def _children() -> list[int]:
        pids: list[int] = []
        with contextlib.suppress(OSError):
            for task in Path("/proc/self/task").iterdir():
                pids += [int(pid) for pid in (task / "children").read_text().split()]
        return pids

    def stop(self) -> dict[str, float]:
        self.done.set()
        self.join()
        return {"workers": len(self.peaks), "max": max(self.peaks.values(), default=0.0)}


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


# The functions release.publish calls, wrapped where it looks them up: (module or class, attribute,
# whether to take its own peak RSS). Articles are checked in worker processes inside `assemble`;
# from here only the whole of it is seen (the workers' CPU is theirs).
TIMED = (
    ("dprk_ru_statements.release.publish", "assemble", True),
    ("dprk_ru_statements.tables.buildcache:BuildCache", "load", True),
    ("dprk_ru_statements.tables.buildcache:BuildCache", "save", True),
    ("dprk_ru_statements.tables.assemble", "table_problems", True),
    ("dprk_ru_statements.release.publish", "make_report", True),
    ("dprk_ru_statements.tables.table:Splits", "of", True),
    ("dprk_ru_statements.tables.table:Splits", "table", True),
    ("dprk_ru_statements.release.publish", "check_version", True),
    ("dprk_ru_statements.release.publish", "write_parquet", True),
    ("dprk_ru_statements.release.publish", "publish", True),
)


def _owner(name: str) -> Any:
    module_name, _, class_name = name.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, class_name) if class_name else module


def instrumented(instrument: Instrument) -> contextlib.ExitStack:
    stack = contextlib.ExitStack()
    for owner_name, attribute, memory in TIMED:
        owner = _owner(owner_name)
        if not hasattr(owner, attribute):
            print(f"warning: {owner_name}.{attribute} is gone; its time counts as documents", file=sys.stderr)
            continue
        wrapped = instrument.wrap(attribute, getattr(owner, attribute), memory)
        stack.enter_context(mock.patch.object(owner, attribute, wrapped))
    return stack


def stage_seconds(timed: dict[str, float]) -> dict[str, float]:
    """Exclusive stages from the inclusive times of the wrapped functions."""

    def get(*names: str) -> float:
        return sum(timed.get(name, 0.0) for name in names)

    stages = {
        "check": get("assemble") - get("load", "save", "table_problems"),
        "cache_read": get("load"),
        "cache_write": get("save"),
        "table_check": get("table_problems"),
        "report": get("make_report"),
        "split": get("of", "table"),
        "diff": get("check_version"),
        "parquet": get("write_parquet"),
    }
    stages["documents"] = get("publish") - sum(stages.values())
    return stages


def stage_peaks(peaks: dict[str, float]) -> dict[str, float]:
    def peak(*names: str) -> float:
        return max((peaks.get(name, 0.0) for name in names), default=0.0)

    return {
        "check": peak("assemble"),
        "cache_read": peak("load"),
        "cache_write": peak("save"),
        "table_check": peak("table_problems"),
        "report": peak("make_report"),
        "split": peak("of", "table"),
        "diff": peak("check_version"),
        "parquet": peak("write_parquet"),
        "documents": peak("publish"),  # the whole publish: what the documents add is not separable
    }


def measure_stages(root: Path, work: Path) -> dict[str, Any]:
    """release.publish with its steps timed where it calls them, then the floor on its statements."""
    from dprk_ru_statements.core.paths import Project
    from dprk_ru_statements.release import publish as publishing

    imported = time.perf_counter() - STARTED
    instrument = Instrument()
    with instrumented(instrument):
        published = publishing.publish(Project(root), dist=work / "dist")
    data = published.path / "data" / "statements"
    reset_peak_rss()
    floor = measure_floor(published.path, work / "floor.parquet")
    return {
        "statements": published.statements,
        "articles": published.articles,
        "import_seconds": imported,
        "publish_seconds": instrument.seconds["publish"],
        "seconds": stage_seconds(instrument.seconds) | {"floor": floor["floor_seconds"]},
        "peak_rss_mb": stage_peaks(instrument.peak_mb) | {"floor": peak_rss_mb()},
        "calls": instrument.calls,
        "statements_parquet_bytes": sum(path.stat().st_size for path in data.glob("*.parquet")),
        "floor_parquet_bytes": (work / "floor.parquet").stat().st_size,
    }


def edit_one_article(root: Path) -> tuple[Path, str]:
    """Change one statement's claim type in the middle annotation file: an edit (a major bump)."""
    files = sorted((root / "annotations").glob("*.yaml"))
    path = files[len(files) // 2]
    text = path.read_text("utf-8")
    line = next(line for line in text.splitlines() if line.strip().startswith("claim_type: "))
    label = line.split(": ", 1)[1]
    other = "assessment" if label != "assessment" else "warning"
    path.write_text(text.replace(line, line.replace(label, other), 1), "utf-8")
    return path, text


def next_release(dataset_yaml: str, version: str, bumped: str) -> str:
    """dataset.yaml of the next version, released the day after this one (the policy refuses a new
    version with the previous release date)."""
    released = re.search(r"^released: *'?([0-9-]+)'?", dataset_yaml, re.MULTILINE).group(1)  # type: ignore[union-attr]
    day_after = (dt.date.fromisoformat(released) + dt.timedelta(days=1)).isoformat()
    bumped_yaml = dataset_yaml.replace(f"version: {version}", f"version: {bumped}", 1)
    return re.sub(r"^released: .*$", f"released: '{day_after}'", bumped_yaml, count=1, flags=re.MULTILINE)


def measure_rebuild(root: Path, dist: Path) -> dict[str, Any]:
    """After a build into `dist` (its cache in the checkout), edit one article, bump the version as
    the policy asks (an edit is major), and publish again: timed by stage. The checkout is put back."""
    from dprk_ru_statements.core.paths import Project
    from dprk_ru_statements.release import publish as publishing

    dataset = root / "dataset.yaml"
    original_dataset = dataset.read_text("utf-8")
    version = re.search(r"^version: *'?([0-9.]+)'?", original_dataset, re.MULTILINE).group(1)  # type: ignore[union-attr]
    bumped = f"{int(version.split('.')[0]) + 1}.0.0"
    path, original = edit_one_article(root)
    try:
        dataset.write_text(next_release(original_dataset, version, bumped), "utf-8")
        instrument = Instrument()
        started = time.perf_counter()
        with instrumented(instrument):
            published = publishing.publish(Project(root), dist=dist)
        seconds = time.perf_counter() - started
    finally:
        path.write_text(original, "utf-8")
        dataset.write_text(original_dataset, "utf-8")
    return {
        "edited": path.name,
        "version": bumped,
        "publish_seconds": seconds,
        "seconds": stage_seconds(instrument.seconds),
        "peak_rss_mb": process_peak_rss_mb(),
        "statements": published.statements,
        "release": str(published.path),
    }


def measure_build(root: Path, dist: Path) -> dict[str, Any]:
    """release.publish in this fresh process; then, its peak RSS taken, the floor."""
    from dprk_ru_statements.core.paths import Project
    from dprk_ru_statements.release.publish import publish

    imported = time.perf_counter()
    sampler = ChildrenPeak()
    sampler.start()
    release = publish(Project(root), dist=dist)
    workers = sampler.stop()
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        # CPU of this process and of its worker processes (reaped when the pool shut down).
        "cpu_seconds": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
        "statements": release.statements,
        "articles": release.articles,
        "import_seconds": imported - STARTED,
        "publish_seconds": time.perf_counter() - imported,
        "peak_rss_mb": process_peak_rss_mb(),
        # The largest worker's peak, sampled; the workers run beside the build's own process.
        "workers_peak_rss_mb": workers["max"],
        "workers": workers["workers"],
        "release": str(release.path),
    }
    return result | measure_floor(release.path, dist.parent / "floor.parquet")


def measure_floor(release: Path, target: Path) -> dict[str, Any]:
    """pyarrow writing the release's statements table (read back, all splits, sorted by id as the
    build has it) once, with the build's Parquet options: the least a build can take."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dprk_ru_statements.release.publish import PARQUET_OPTIONS

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
        from dprk_ru_statements.release import load_cache
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
    "rebuild": measure_rebuild,
    "load": measure_load,
    "load_cached": measure_load_cached,
}


def main(argv: list[str]) -> None:
    name, *paths = argv
    result = PROBES[name](*(Path(path) for path in paths))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
