"""`load()`'s per-user cache: each release config converted once to Arrow files that open by
memory-mapping.

`datasets.load_dataset` of a release re-reads its Parquet files and rewrites them as Arrow cache
files in every fresh cache, which grows with the data (2-5 s cold at 1M statements). So the first
`load()` of a release converts each split once: the Parquet file read with pyarrow, the ClassLabel
columns encoded as `datasets` encodes them (label strings to their integer ids), written as the
Arrow stream `datasets` itself memory-maps, beside the `DatasetInfo` that `load_dataset` gives;
every later call, in any process, opens those files with `datasets.Dataset.from_file`. A test
compares the result with `load_dataset`'s, table and info, for both configs.

An entry is named after the release folder and config, plus a hash of the release's `SHA256SUMS`,
the config and the `datasets` version: a release whose files change gets a new checksum file and so
a new entry, never a stale one (a file changed without its checksum is a broken release, which
`dprk-ru-statements verify` reports), and a `datasets` upgrade converts again rather than trusting a
format written by another version. Entries are written in a staging folder and renamed into place,
so a reader never sees half an entry and two processes converting at once both succeed.
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

import pyarrow as pa
import pyarrow.compute as pc

from ..core.checksums import CHECKSUMS
from ..core.files import staging_folder

if TYPE_CHECKING:
    from datasets import DatasetDict, DatasetInfo, Features

CACHE_ENV = "DPRK_RU_STATEMENTS_CACHE"
# Bump when what an entry holds changes, so old entries are not opened (2: with description,
# citation and licence in the DatasetInfo; 3: an Arrow stream per split, no longer save_to_disk).
FORMAT = "3"
SPLITS_FILE = "splits.json"  # the splits in the order load_dataset gives them
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
    for split in loaded.values():
        described_info(split.info, release)
    return loaded


def described_info(info: DatasetInfo, release: Path) -> DatasetInfo:
    import pyarrow.parquet as pq

    metadata = pq.read_schema(release / "data" / "articles.parquet").metadata or {}
    stated = json.loads(metadata.get(b"dprk_ru_statements", b"{}"))
    info.description = stated.get("description", "")
    info.citation = stated.get("citation", "")
    info.license = stated.get("license_details", stated.get("license", ""))
    return info


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
        with contextlib.suppress(OSError, ValueError, KeyError):  # ValueError: ArrowInvalid, bad JSON
            return open_entry(entry)
        damaged = True  # e.g. a file deleted by hand: convert again
    try:
        if damaged:
            discard(entry, root)
        convert(release, config, root, entry)
        return open_entry(entry)
    except OSError as error:  # unwritable or full cache: load() still works, only slower
        warnings.warn(f"dprk_ru_statements: no cache at {root} ({error}); loading without it", stacklevel=3)
        return described(datasets.load_dataset(str(release), config), release)


def open_entry(entry: Path) -> DatasetDict:
    """The DatasetDict of an entry: each split memory-mapped from its Arrow stream."""
    import datasets

    splits = {}
    for split in json.loads((entry / SPLITS_FILE).read_text("utf-8")):
        info = datasets.DatasetInfo.from_directory(str(entry))
        splits[split] = datasets.Dataset.from_file(str(entry / f"{split}.arrow"), info=info, split=split)
    return datasets.DatasetDict(splits)


def encoded(table: pa.Table, features: Features) -> pa.Table:
    """`table` as `datasets` stores it under `features`: ClassLabel strings as their int64 ids
    (the label's position among the names, as `ClassLabel.str2int` gives it), the rest cast."""
    import datasets

    columns = []
    for field in features.arrow_schema:
        column, feature = table.column(field.name), features[field.name]
        if isinstance(feature, datasets.ClassLabel):
            column = pc.index_in(column, value_set=pa.array(feature.names, pa.string()))
        columns.append(column.cast(field.type))
    return pa.Table.from_arrays(columns, schema=features.arrow_schema)


def loaded_size(table: pa.Table, labels: set[str]) -> int:
    """The bytes `datasets` holds for `table` as read from Parquet (its split's `num_bytes`):
    every column as read, but ClassLabel columns as int64 (never null, so without a bitmap)."""
    return sum(
        8 * len(column) if field.name in labels else column.nbytes
        for field, column in zip(table.schema, table.columns, strict=True)
    )


def convert(release: Path, config: str, root: Path, entry: Path) -> None:
    """Write the entry in a staging folder, then rename it into place."""
    import datasets
    import pyarrow.parquet as pq

    root.mkdir(parents=True, exist_ok=True)
    remove_abandoned(root)
    with staging_folder(entry) as staging:
        # The builder reads only the card (features, split sizes) and resolves the data files.
        builder = datasets.load_dataset_builder(str(release), config, cache_dir=str(staging / "builder"))
        info = described_info(builder.info, release)
        labels = {name for name, feature in info.features.items() if isinstance(feature, datasets.ClassLabel)}
        saved = staging / "saved"
        saved.mkdir()
        order, files = list(builder.config.data_files), builder.config.data_files
        for split in order:
            table = pa.concat_tables([pq.read_table(path) for path in files[split]])
            # What load_dataset measures once it has read the data (a test keeps the two equal).
            info.splits[split].num_bytes = loaded_size(table, labels)
            info.splits[split].dataset_name = builder.dataset_name
            table = encoded(table, info.features)
            with pa.OSFile(str(saved / f"{split}.arrow"), "wb") as sink, pa.ipc.new_stream(sink, table.schema) as out:
                out.write_table(table)
            del table
        info.dataset_size = sum(split.num_bytes for split in info.splits.values())
        info.download_size = sum(os.path.getsize(path) for paths in files.values() for path in paths)
        info.size_in_bytes = info.dataset_size + info.download_size
        info.write_to_directory(str(saved))  # dataset_info.json, read back by DatasetInfo.from_directory
        (saved / SPLITS_FILE).write_text(json.dumps(order), "utf-8")
        try:
            os.rename(saved, entry)  # atomic; fails if the entry exists
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
