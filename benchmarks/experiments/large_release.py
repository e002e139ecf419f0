"""A large release in seconds: a published release with its statement rows repeated.

    python benchmarks/experiments/large_release.py RELEASE OUT --statements 1000000

Throwaway, for timing `load()` at 1M statements without a 10-minute build: copies RELEASE to OUT,
rewrites each `data/statements/<split>.parquet` with its rows repeated (statement ids made
unique with a `-r<n>` suffix) in the same Arrow schema, file metadata and Parquet options, sets the
card's `num_examples` to match, and regenerates `SHA256SUMS`. The articles file is left as it is
(so the `articles` config stays small); `croissant.json` keeps the old checksums (nothing loading
the release reads it). Repeated texts compress better than real ones: the Parquet files are
smaller than a real release's, the Arrow data `datasets` builds from them is not.
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dprk_ru_statements.release import CHECKSUMS, checksums, write_parquet


def repeated(table: pa.Table, times: int) -> pa.Table:
    """`table` `times` times over, each copy's statement ids suffixed with its copy number."""
    copies = []
    for copy in range(times):
        ids = (
            table["statement_id"] if copy == 0 else pc.binary_join_element_wise(table["statement_id"], f"-r{copy}", "")
        )
        copies.append(table.set_column(0, table.schema.field(0), ids))
    return pa.concat_tables(copies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("release", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--statements", type=int, default=1_000_000, help="at least this many statement rows")
    args = parser.parse_args()
    shutil.copytree(args.release, args.out)
    paths = sorted((args.out / "data" / "statements").glob("*.parquet"))
    tables = {path.stem: pq.read_table(path) for path in paths}
    times = math.ceil(args.statements / sum(table.num_rows for table in tables.values()))
    card = (args.out / "README.md").read_text("utf-8")
    for path in paths:
        table = tables[path.stem]
        assert table.schema.names[0] == "statement_id"
        write_parquet(repeated(table, times), path, table.schema.metadata)
        card, found = re.subn(
            rf"(- name: {path.stem}\n    num_examples: ){table.num_rows}\n", rf"\g<1>{table.num_rows * times}\n", card
        )
        assert found == 1, f"no num_examples for {path.stem} in the card"
    (args.out / "README.md").write_text(card, "utf-8")
    (args.out / CHECKSUMS).write_text(checksums(args.out), "utf-8")
    total = sum(table.num_rows for table in tables.values()) * times
    size = sum(path.stat().st_size for path in paths)
    print(f"{args.out}: {total:,} statements, {size / 1e6:.1f} MB of statements Parquet")


if __name__ == "__main__":
    main()
