"""Files and folders written whole or not at all: the one staging mechanism of the project.

Everything the project writes (generated documents, formatted files, releases, cached drawings,
load()'s converted copies) is first written under a hidden name beside its target, then renamed
into place, so a reader sees the old content or the new, never half of it, and a killed process
leaves only a hidden staging name behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

STAGING_MARK = ".partial-"  # hidden staging names end in .partial-<pid of the writer>


def replace_file(path: Path, data: str | bytes, *, new: bool = False) -> None:
    """Write `path` whole or not at all, and never through a symlink: the new content goes into a
    hidden file beside it, flushed to disk, which then takes the name (a symlink there is replaced,
    its target left alone; a reader sees the old file or the new one, never half of one). With
    `new`, the name must be free: the file is linked into place, which fails, changing nothing, if
    the name was taken meanwhile."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    staging = path.with_name(f".{path.name}{STAGING_MARK}{os.getpid()}")
    try:
        with staging.open("xb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        if new:
            os.link(staging, path)
        else:
            os.replace(staging, path)
    finally:
        staging.unlink(missing_ok=True)


@contextlib.contextmanager
def staging_folder(target: Path) -> Iterator[Path]:
    """A new, empty hidden folder beside `target` to write into, removed on leaving unless it was
    renamed into place meanwhile (`os.rename(staging, target)`: atomic on one filesystem)."""
    staging = target.with_name(f".{target.name}{STAGING_MARK}{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)  # left by an earlier process that had our pid
    staging.mkdir(parents=True)
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def remove_stale_staging(folder: Path) -> None:
    """Staging folders in `folder` of writers that were killed: their process is gone, so nobody
    will finish them."""
    for staging in folder.glob(f".*{STAGING_MARK}*"):
        pid_text = staging.name.rsplit(STAGING_MARK, 1)[1]
        if not pid_text.isdigit() or not staging.is_dir():
            continue  # not a name this project writes: not ours to delete
        try:
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            shutil.rmtree(staging, ignore_errors=True)
        except PermissionError:
            pass  # alive, owned by someone else
