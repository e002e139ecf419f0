"""Parquet files of a release: every option that decides their bytes, and the ways to write them."""

from __future__ import annotations

import shutil
import struct
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..core.memory import release_free_memory

# Every option that changes the bytes of a Parquet file is fixed here, so a build is reproducible.
PARQUET_OPTIONS = dict(
    compression="zstd",
    compression_level=3,  # level 9 wrote 4-6x slower for 2-4 % smaller files (benchmarks/README.md)
    use_dictionary=True,
    write_statistics=True,
    data_page_size=1 << 20,
    row_group_size=1 << 17,
    write_page_index=False,
    version="2.6",
)


def write_parquet_pieces(
    pieces: Iterable[pa.Table], schema: pa.Schema, path: Path, metadata: dict[bytes, bytes]
) -> None:
    """Write one row group per piece (each piece holds `row_group_size` rows, the last one fewer):
    the same bytes as `write_parquet` of them all, with only one row group's rows in memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {name: value for name, value in PARQUET_OPTIONS.items() if name != "row_group_size"}
    with pq.ParquetWriter(path, schema.with_metadata(metadata), **options) as writer:
        for piece in pieces:
            writer.write_table(piece.combine_chunks(), row_group_size=PARQUET_OPTIONS["row_group_size"])
            release_free_memory()


def write_parquet(table: pa.Table, path: Path, metadata: dict[bytes, bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # One chunk per column: the bytes of a Parquet file depend on how its table is chunked, and
    # chunking depends on how the rows were gathered (workers, cache), which must not show.
    pq.write_table(table.combine_chunks().replace_schema_metadata(metadata), path, **PARQUET_OPTIONS)
    release_free_memory()  # the one-chunk copy is gone


def footer_start(path: Path) -> int:
    """Where a Parquet file's footer (its metadata, then its length and the magic) begins."""
    with open(path, "rb") as handle:
        handle.seek(-8, 2)
        length, magic = struct.unpack("<I4s", handle.read(8))
        if magic != b"PAR1":
            raise ValueError(f"{path}: not a Parquet file")
        return handle.tell() - 8 - length


def write_with_pages_of(old: Path, path: Path, schema: pa.Schema, metadata: dict[bytes, bytes]) -> None:
    """The file `write_parquet` would write for the rows stored in `old`, under new key-value
    `metadata`: the data pages do not depend on the metadata, so they are copied and only the
    footer is written. pyarrow refuses if `schema` is not the one the pages were written with."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f"{path.name}.footer")
    options = {name: value for name, value in PARQUET_OPTIONS.items() if name != "row_group_size"}
    try:
        # A metadata-only file with the old row groups: the magic, then the footer a full write ends with.
        pq.write_metadata(
            schema.with_metadata(metadata), scratch, metadata_collector=[pq.read_metadata(old)], **options
        )
        footer = scratch.read_bytes()[4:]
    finally:
        scratch.unlink(missing_ok=True)
    pages_end = footer_start(old)
    shutil.copyfile(old, path)  # sendfile where it can: the pages never pass through Python
    with open(path, "r+b") as handle:
        handle.truncate(pages_end)
        handle.seek(pages_end)
        handle.write(footer)
