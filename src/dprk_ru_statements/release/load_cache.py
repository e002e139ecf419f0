"""`load()`'s per-user cache: each release config converted once to datasets' own Arrow format.

`datasets.load_dataset` of a release re-reads its Parquet files and rewrites them as Arrow cache
files in every fresh cache, which grows with the data (2-5 s cold at 1M statements). A copy saved
with `DatasetDict.save_to_disk` opens with `datasets.load_from_disk` by memory-mapping, in little
more than the time `import datasets` takes (benchmarks/README.md, section 4). So the first `load()`
of a release pays the conversion, and every later one, in any process, opens the copy.

An entry is named after the release folder and config, plus a hash of the release's `SHA256SUMS`,
the config and the `datasets` version: a release whose files change gets a new checksum file and so
a new entry, never a stale one (a file changed without its checksum is a broken release, which
`dprk-ru-statements verify` reports), and a `datasets` upgrade converts again rather than trusting a
format written by another version. Entries are written in a temporary folder and renamed into
place, so a reader never sees half an entry and two processes converting at once both succeed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.checksums import CHECKSUMS
from ..core.files import staging_folder

if TYPE_CHECKING:
    from datasets import DatasetDict

CACHE_ENV = "DPRK_RU_STATEMENTS_CACHE"
# Bump when what an entry holds changes, so old entries are not opened (2: with description,
# citation and licence in the DatasetInfo).
FORMAT = "2"
ABANDONED_SECONDS = 24 * 3600  # a staging folder this old was left by a killed process (converting takes seconds)
SAFE_NAME = re.compile(r"[A-Za-z0-9_.-]+")


def cache_root() -> Path:
    """$DPRK_RU_STATEMENTS_CACHE, else `dprk_ru_statements/` in the datasets cache (it follows
    HF_HOME and HF_DATASETS_CACHE, so clearing the datasets cache clears this one too)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    import datasets

    return Path(datasets.config.HF_DATASETS_CACHE) / "dprk_ru_statements"


def entry_name(release: Path, config: str) -> str | None:
    """The cache entry of `config` of `release`, or None when it cannot be keyed safely."""
    import datasets

    checksums = release / CHECKSUMS
    if not checksums.is_file() or not SAFE_NAME.fullmatch(release.name) or not SAFE_NAME.fullmatch(config):
        return None
    digest = hashlib.sha256()
    for part in (checksums.read_bytes(), config.encode(), datasets.__version__.encode(), FORMAT.encode()):
        digest.update(hashlib.sha256(part).digest())  # hashed apart: no two part lists collide
    return f"{release.name}-{config}-{digest.hexdigest()[:24]}"


def described(loaded: DatasetDict, release: Path) -> DatasetDict:
    """`loaded` with the release's description, citation and licence in every split's DatasetInfo:
    `datasets` takes only features and split sizes from a card, so they come from the Parquet
    key-value metadata the build writes."""
    import pyarrow.parquet as pq

    metadata = pq.read_schema(release / "data" / "articles.parquet").metadata or {}
    info = json.loads(metadata.get(b"dprk_ru_statements", b"{}"))
    for split in loaded.values():
        split.info.description = info.get("description", "")
        split.info.citation = info.get("citation", "")
        split.info.license = info.get("license_details", info.get("license", ""))
    return loaded


def load_cached(release: Path, config: str) -> DatasetDict:
    """`datasets.load_dataset(release, config)`, from the cache entry, converting it if missing."""
    import datasets

    name = entry_name(release, config)
    if name is None:  # no checksums to key on: never risk serving stale data
        return described(datasets.load_dataset(str(release), config), release)
    root = cache_root()
    entry = root / name
    damaged = False
    if entry.is_dir():
        with contextlib.suppress(OSError, ValueError):  # ValueError: pyarrow's ArrowInvalid, bad JSON
            return datasets.load_from_disk(str(entry))
        damaged = True  # e.g. a file deleted by hand: convert again
    try:
        if damaged:
            discard(entry, root)
        convert(release, config, root, entry)
        return datasets.load_from_disk(str(entry))
    except OSError as error:  # unwritable or full cache: load() still works, only slower
        warnings.warn(f"dprk_ru_statements: no cache at {root} ({error}); loading without it", stacklevel=3)
        return described(datasets.load_dataset(str(release), config), release)


def convert(release: Path, config: str, root: Path, entry: Path) -> None:
    """Write the entry: load_dataset into a private folder, save_to_disk, rename into place."""
    import datasets

    root.mkdir(parents=True, exist_ok=True)
    remove_abandoned(root)
    with staging_folder(entry) as staging:
        # A private datasets cache: its Arrow files are only a step to the saved copy, deleted below,
        # so the user's datasets cache does not hold the release twice.
        converted = described(datasets.load_dataset(str(release), config, cache_dir=str(staging / "build")), release)
        converted.save_to_disk(str(staging / "saved"))
        del converted
        try:
            os.rename(staging / "saved", entry)  # atomic; fails if the entry exists
        except OSError:
            if not entry.is_dir():
                raise
            # Another process renamed its copy first: same key, same content; use that one.


def remove_abandoned(root: Path) -> None:
    """Delete staging folders a killed conversion left (they can be hundreds of MB); recent ones may
    belong to a conversion running in another process, so they stay."""
    cutoff = time.time() - ABANDONED_SECONDS
    for folder in root.glob(".*"):
        with contextlib.suppress(OSError):
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


def discard(entry: Path, root: Path) -> None:
    """Move a damaged entry out of the way (atomically, in case another process reads it), then delete it."""
    aside = Path(tempfile.mkdtemp(prefix=".discarded.", dir=root))
    with contextlib.suppress(OSError):  # another process may have moved it already
        os.rename(entry, aside / entry.name)
    shutil.rmtree(aside, ignore_errors=True)
