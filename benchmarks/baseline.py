"""The straightforward build the real one has to beat (issue 16): one process, no cache, no line
numbers, no figures or documents.

    python benchmarks/baseline.py CHECKOUT OUT

Reads every article of CHECKOUT with yaml-rs, checks each record with the project's pydantic
models and every span against its text, builds the same rows as the build (`tables.table`), checks
the whole statements table with the project's pandera model on pandas in one call, and writes the
same Parquet files as a release: `data/statements/<split>.parquet` and `data/articles.parquet`.
Prints one JSON line: seconds, peak RSS and counts. It stops at the first bad article: a baseline
for speed, not a validator.
"""

from __future__ import annotations

import hashlib
import json
import resource
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import yaml_rs

from dprk_ru_statements.contract.models import AnnotationFile, ArticleMeta, Entity, NotStatement, Statement
from dprk_ru_statements.contract.table_schema import STATEMENT_WITH_ARTICLE_TEXT
from dprk_ru_statements.contract.vocab import vocabularies
from dprk_ru_statements.records.corpus import Annotation, Article
from dprk_ru_statements.records.yamlio import LineMap
from dprk_ru_statements.release.publish import PARQUET_OPTIONS
from dprk_ru_statements.tables.table import (
    ARTICLE_COLUMNS,
    STATEMENT_COLUMNS,
    arrow_schema,
    article_row,
    statement_rows,
)

RECORDS = {"statements": Statement, "entities": Entity, "not_statements": NotStatement}


def read_article(root: Path, article_id: str) -> tuple[Article, Annotation]:
    raw = (root / "raw" / f"{article_id}.txt").read_bytes()
    meta = ArticleMeta.model_validate(yaml_rs.loads((root / "raw" / f"{article_id}.meta.yaml").read_text("utf-8")))
    if hashlib.sha256(raw).hexdigest() != meta.sha256:
        raise SystemExit(f"{article_id}: sha256 does not match")
    data = yaml_rs.loads((root / "annotations" / f"{article_id}.yaml").read_text("utf-8"), parse_datetime=False)
    AnnotationFile.model_validate({**data, **{key: [] for key in RECORDS}})
    annotation = Annotation(article_id, f"annotations/{article_id}.yaml", LineMap())
    for key, model in RECORDS.items():
        getattr(annotation, key).extend(enumerate(model.model_validate(item) for item in data.get(key) or []))
    text = raw.decode("utf-8")
    for _, statement in annotation.statements:
        if text[statement.char_start : statement.char_end] != statement.text:
            raise SystemExit(f"{statement.statement_id}: text is not the article's at its offsets")
    return Article(meta, text, f"raw/{article_id}.meta.yaml"), annotation


def build(root: Path, out: Path) -> dict[str, object]:
    article_ids = sorted(path.name.removesuffix(".meta.yaml") for path in (root / "raw").glob("*.meta.yaml"))
    statements, articles = [], []
    for article_id in article_ids:
        article, annotation = read_article(root, article_id)
        statements += statement_rows(annotation, article)
        articles.append(article_row(article, annotation))
    statement_table = pa.Table.from_pylist(statements, schema=arrow_schema(STATEMENT_COLUMNS))
    article_table = pa.Table.from_pylist(articles, schema=arrow_schema(ARTICLE_COLUMNS))
    del statements, articles
    statement_table = statement_table.sort_by("statement_id")

    texts = dict(zip(article_ids, article_table.column("article_text").to_pylist(), strict=True))
    frame = statement_table.to_pandas()
    rows = zip(frame["article_id"], frame["char_start"], frame["char_end"], strict=True)
    frame["article_length"] = frame["article_id"].map({a: len(t) for a, t in texts.items()}).astype("int64")
    frame["article_text_at_offsets"] = [texts[article][start:end] for article, start, end in rows]
    STATEMENT_WITH_ARTICLE_TEXT.validate(frame, lazy=True)
    del frame, texts

    folder = out / "data" / "statements"
    folder.mkdir(parents=True, exist_ok=True)
    for split in vocabularies().splits:
        rows = statement_table.filter(pc.equal(statement_table.column("split"), split))
        pq.write_table(rows, folder / f"{split}.parquet", **PARQUET_OPTIONS)
    pq.write_table(article_table, out / "data" / "articles.parquet", **PARQUET_OPTIONS)
    return {"articles": article_table.num_rows, "statements": statement_table.num_rows}


def main(arguments: list[str]) -> None:
    started = time.perf_counter()
    counts = build(Path(arguments[0]), Path(arguments[1]))
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    print(json.dumps({**counts, "seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": usage.ru_maxrss / 1024}))


if __name__ == "__main__":
    main(sys.argv[1:])
