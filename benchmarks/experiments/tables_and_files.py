"""After validation: table assembly, the pandera check, Parquet options, figures; and cheaper variants.

    python benchmarks/experiments/tables_and_files.py CHECKOUT

Loads the corpus once (not timed), then times each step as the build does it and as it could be
done. Throwaway: nothing here is used by the build.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from operator import attrgetter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from common import best_of, show

from dprk_ru_statements import figures
from dprk_ru_statements.corpus import Corpus
from dprk_ru_statements.models import STATEMENT_ID
from dprk_ru_statements.paths import Project
from dprk_ru_statements.release import PARQUET_OPTIONS, check_tables
from dprk_ru_statements.table import STATEMENT_COLUMNS, arrow_schema, articles_table, statements_table
from dprk_ru_statements.validate import validate
from dprk_ru_statements.vocab import country_codes, vocabularies

MODEL_FIELDS = [name for name in STATEMENT_COLUMNS if name != "article_id"]


def columnar_statements_table(corpus: Corpus) -> pa.Table:
    """The same table, built column by column from the models instead of row dicts."""
    statements = sorted(
        (s for annotation in corpus.annotations.values() for _, s in annotation.statements),
        key=attrgetter("statement_id"),
    )
    schema = arrow_schema(STATEMENT_COLUMNS)
    columns = {name: [getattr(s, name) for s in statements] for name in MODEL_FIELDS}
    columns["article_id"] = [statement_id.rsplit(".", 1)[0] for statement_id in columns["statement_id"]]
    arrays = [pa.array(columns[field.name], field.type) for field in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def arrow_table_check(statements: pa.Table, article_texts: dict[str, str]) -> list[str]:
    """The pandera model's checks, in pyarrow.compute (vectorised) where they can be."""
    vocab, failed = vocabularies(), []

    def require(name: str, mask: pa.ChunkedArray | pa.Array) -> None:
        if not pc.all(pc.fill_null(mask, True)).as_py():
            failed.append(name)

    column = statements.column
    require("unique ids", pa.scalar(pc.count_distinct(column("statement_id")).as_py() == statements.num_rows))
    require("statement_id pattern", pc.match_substring_regex(column("statement_id"), STATEMENT_ID))
    for name, allowed in (
        ("speaker_type", vocab.speaker_type),
        ("claim_type", vocab.claim_type),
        ("quote_kind", vocab.quote_kind),
        ("date_precision", vocab.date_precision),
    ):
        require(name, pc.is_in(column(name), pa.array(list(allowed))))
    countries = pa.array(sorted(country_codes()))
    require("country", pc.or_(pc.is_null(column("country")), pc.is_in(column("country"), countries)))
    require("char_end > char_start", pc.greater(column("char_end"), column("char_start")))
    prefixes = pc.binary_join_element_wise(column("article_id"), ".", "")
    pairs = zip(column("statement_id").to_pylist(), prefixes.to_pylist(), strict=True)
    starts_with = [statement_id.startswith(prefix) for statement_id, prefix in pairs]
    require("id starts with article", pa.array(starts_with))
    texts = pa.array([article_texts[a] for a in column("article_id").to_pylist()])
    require("span in article", pc.less_equal(column("char_end"), pc.utf8_length(texts)))
    starts, ends = column("char_start").to_pylist(), column("char_end").to_pylist()
    spans = [body[s:e] for body, s, e in zip(texts.to_pylist(), starts, ends, strict=True)]
    require("text at offsets", pc.equal(pa.array(spans), column("text")))
    return failed


def parquet_seconds(table: pa.Table, folder: Path, **changes: Any) -> tuple[float, int]:
    path = folder / "out.parquet"
    seconds, _ = best_of(3, lambda: pq.write_table(table, path, **(PARQUET_OPTIONS | changes)))
    return seconds, path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    args = parser.parse_args()
    corpus, problems = validate(Project(args.root))
    assert not problems
    count = sum(len(a.statements) for a in corpus.annotations.values())
    print(f"{count} statements in {len(corpus.articles)} articles", file=sys.stderr)

    seconds, table = best_of(3, lambda: statements_table(corpus))
    show("table.statements_table (model_dump rows, from_pylist)", seconds, count, "stmt")
    seconds, columnar = best_of(3, lambda: columnar_statements_table(corpus))
    show("columnar: getattr per column, pa.array", seconds, count, "stmt")
    assert columnar.equals(table)

    texts = {a: article.text for a, article in corpus.articles.items()}
    seconds, _ = best_of(3, lambda: check_tables(corpus, table))
    show("release.check_tables (to_pandas + pandera)", seconds, count, "stmt")
    show("  of which table.to_pandas()", best_of(3, lambda: table.to_pandas())[0], count, "stmt")
    seconds, failed = best_of(3, lambda: arrow_table_check(table, texts))
    show("same checks with pyarrow.compute", seconds, count, "stmt")
    assert not failed, failed

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for label, changes in (
            ("statements, zstd 9 (as now)", {}),
            ("statements, zstd 3", {"compression_level": 3}),
            ("statements, zstd 1", {"compression_level": 1}),
        ):
            seconds, size = parquet_seconds(table, folder, **changes)
            show(f"parquet {label}: {size / 1e6:.1f} MB", seconds, count, "stmt")
        articles = articles_table(corpus, True)
        for label, changes in (("articles, zstd 9 (as now)", {}), ("articles, zstd 3", {"compression_level": 3})):
            seconds, size = parquet_seconds(articles, folder, **changes)
            show(f"parquet {label}: {size / 1e6:.1f} MB", seconds, len(corpus.articles), "article")
        figures._pyplot()  # import matplotlib before timing
        countries = len(set(table.column("country").to_pylist()))
        seconds, _ = best_of(1, lambda: figures.draw(table, folder / "f"))
        show(f"figures.draw, one call ({countries} countries; the build calls it twice)", seconds, count, "stmt")


if __name__ == "__main__":
    main()
