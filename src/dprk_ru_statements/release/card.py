"""The dataset card: YAML front matter that `datasets` reads, and a body generated from the data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from ..contract.columns import TABLES, class_labels, meanings
from ..core.markdown import table
from .load_cache import loaded_size
from .report import Report, render

# How the card writes each Arrow type (the form `datasets.Features._to_yaml_list` gives).
ARROW_TO_FEATURE = {
    pa.string(): {"dtype": "string"},
    pa.int32(): {"dtype": "int32"},
    pa.int64(): {"dtype": "int64"},
    pa.bool_(): {"dtype": "bool"},
    pa.date32(): {"dtype": "date32"},
    pa.list_(pa.string()): {"list": "string"},
}


def features(schema: pa.Schema, table: str) -> list[dict[str, Any]]:
    """`dataset_info.features` for `schema`, with ClassLabel for the vocabulary columns."""
    labels = class_labels(table)
    out = []
    for field in schema:
        if field.name in labels:
            names = {str(i): name for i, name in enumerate(labels[field.name])}
            out.append({"name": field.name, "dtype": {"class_label": {"names": names}}})
        else:
            out.append({"name": field.name, **ARROW_TO_FEATURE[field.type]})
    return out


def parquet_loaded_size(path: Path, name: str) -> int:
    """`num_bytes` of a Parquet file's split as `datasets` measures it: read a row group at a time,
    as its Parquet builder does, so offsets and bitmaps are counted per row group like there."""
    import pyarrow.parquet as pq

    file = pq.ParquetFile(path)
    labels = set(class_labels(name))
    return sum(loaded_size(file.read_row_group(group), labels) for group in range(file.num_row_groups))


@dataclass(frozen=True)
class Sizes:
    """What the card states of a release's sizes, so `datasets` takes its split infos as given."""

    split_bytes: dict[str, int]  # statements split -> num_bytes
    articles_bytes: int
    statements_download: int  # bytes of the statements' Parquet files
    articles_download: int


def size_category(count: int) -> str:
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")):
        if count < limit:
            return label
    return "1M<n<10M"


def front_matter(
    report: Report, split_rows: dict[str, int], statement_schema: pa.Schema, articles: pa.Table, sizes: Sizes
) -> dict[str, Any]:
    dataset = report.dataset
    return {
        "pretty_name": dataset["pretty_name"],
        **dataset["card_license"],
        "language": [dataset["language"]],
        "annotations_creators": dataset["annotations_creators"],
        "language_creators": dataset["language_creators"],
        "multilinguality": dataset["multilinguality"],
        "source_datasets": dataset["source_datasets"],
        "task_categories": dataset["task_categories"],
        "task_ids": dataset["task_ids"],
        "size_categories": [size_category(report.stats.statements)],
        "tags": ["quotation-attribution", "reported-speech", "north-korea", "russia", "claims"],
        "configs": [
            {
                "config_name": "default",
                "default": True,
                "data_files": [{"split": split, "path": f"data/statements/{split}.parquet"} for split in split_rows],
            },
            {"config_name": "articles", "data_files": [{"split": "corpus", "path": "data/articles.parquet"}]},
        ],
        "dataset_info": [
            {
                "config_name": "default",
                "features": features(statement_schema, "statements"),
                "splits": [
                    {"name": split, "num_bytes": sizes.split_bytes[split], "num_examples": rows}
                    for split, rows in split_rows.items()
                ],
                "download_size": sizes.statements_download,
                "dataset_size": sum(sizes.split_bytes.values()),
            },
            {
                "config_name": "articles",
                "features": features(articles.schema, "articles"),
                "splits": [{"name": "corpus", "num_bytes": sizes.articles_bytes, "num_examples": articles.num_rows}],
                "download_size": sizes.articles_download,
                "dataset_size": sizes.articles_bytes,
            },
        ],
    }


def field_meanings() -> dict[str, dict[str, str]]:
    """What each column means, per table, from schema/columns.yaml."""
    return {table: meanings(table) for table in TABLES}


def field_tables(statement_schema: pa.Schema, article_schema: pa.Schema) -> str:
    described = field_meanings()
    parts = []
    for title, schema, key in (
        ("statements", statement_schema, "statements"),
        ("articles", article_schema, "articles"),
    ):
        rows = [(f"`{f.name}`", _type_name(f, key), described[key][f.name]) for f in schema]
        parts.append(f"**{title}**\n\n" + table(["column", "type", "meaning"], rows))
    return "\n\n".join(parts)


def _type_name(field: pa.Field, table: str) -> str:
    kind = "ClassLabel" if field.name in class_labels(table) else str(field.type)
    return kind + ("" if field.nullable else ", never null")


def card(
    report: Report,
    split_rows: dict[str, int],
    statement_schema: pa.Schema,
    articles: pa.Table,
    changes: str,
    sizes: Sizes,
) -> str:
    context = report.context("figures") | {
        "field_tables": field_tables(statement_schema, articles.schema),
        "changes": changes,
    }
    matter = yaml.safe_dump(
        front_matter(report, split_rows, statement_schema, articles, sizes), sort_keys=False, allow_unicode=True
    )
    return f"---\n{matter}---\n\n{render('README.md.tmpl', context)}"
