"""Where parse + record validation time goes, and what cheaper variants would cost.

    python benchmarks/experiments/parse_and_records.py CHECKOUT [--limit N]

Throwaway: nothing here is used by the build.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml
from common import best_of, checkout_files, show
from pydantic import TypeAdapter

from dprk_ru_statements.corpus import load_annotation
from dprk_ru_statements.models import NotStatement, Statement
from dprk_ru_statements.yamlio import LineMap, Loader, _map_lines, parse_yaml


def read_texts(files: list[Path]) -> list[str]:
    return [path.read_bytes().decode("utf-8") for path in files]


def compose_only(texts: list[str]) -> None:
    for text in texts:
        loader = Loader(text)
        loader.get_single_node()
        loader.dispose()


def compose_and_map_lines(texts: list[str]) -> None:
    for text in texts:
        loader = Loader(text)
        node = loader.get_single_node()
        _map_lines(node, (), LineMap(), set())
        loader.dispose()


def load_data_only(texts: list[str]) -> list[Any]:
    """The data without the line map: what a lazy line map would cost on valid files."""
    return [yaml.load(text, Loader=Loader) for text in texts]


def rust_parser_or_none() -> Any:
    """yaml-rs, when importable (pip install --target DIR yaml-rs, then PYTHONPATH=DIR): YAML 1.2."""
    try:
        import yaml_rs  # type: ignore[import-not-found]
    except ImportError:
        return None
    return yaml_rs


def load_with_rust(parser: Any, texts: list[str]) -> list[Any]:
    policy = parser.DuplicateKeyPolicy.Error
    return [parser.loads(text, parse_datetime=False, duplicate_key_policy=policy) for text in texts]


def current_parse(texts: list[str]) -> list[Any]:
    return [parse_yaml(text)[0] for text in texts]


def per_record(documents: list[Any]) -> int:
    """As corpus.load_annotation does it: one model_validate per statement."""
    count = 0
    for data in documents:
        for item in data["statements"]:
            Statement.model_validate(item)
            count += 1
        for item in data.get("not_statements") or []:
            NotStatement.model_validate(item)
    return count


STATEMENTS = TypeAdapter(list[Statement])
NOT_STATEMENTS = TypeAdapter(list[NotStatement])


def per_file_adapter(documents: list[Any]) -> int:
    """One TypeAdapter(list[Statement]) call per file (problems would be re-mapped by index)."""
    count = 0
    for data in documents:
        count += len(STATEMENTS.validate_python(data["statements"]))
        NOT_STATEMENTS.validate_python(data.get("not_statements") or [])
    return count


def one_adapter_call(documents: list[Any]) -> int:
    """One TypeAdapter call over every statement of the corpus."""
    items = [item for data in documents for item in data["statements"]]
    return len(STATEMENTS.validate_python(items))


def construct_only(documents: list[Any]) -> int:
    """model_construct: no validation at all, the floor of building the objects."""
    count = 0
    for data in documents:
        for item in data["statements"]:
            Statement.model_construct(**item)
            count += 1
    return count


def whole_load_annotation(project: Any, files: list[Path]) -> None:
    problems: list[Any] = []
    for path in files:
        load_annotation(project, path, problems, set())
    assert not problems


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    project, files = checkout_files(args.root, args.limit)
    runs, count = args.runs, len(files)
    print(f"{count} annotation files of {args.root} (best of {runs})", file=sys.stderr)

    seconds, texts = best_of(runs, lambda: read_texts(files))
    show("read + decode", seconds, count)
    show("compose (C parser, Python nodes)", best_of(runs, lambda: compose_only(texts))[0], count)
    show("compose + _map_lines", best_of(runs, lambda: compose_and_map_lines(texts))[0], count)
    show("yamlio.parse_yaml (compose, map lines, construct)", best_of(runs, lambda: current_parse(texts))[0], count)
    seconds, documents = best_of(runs, lambda: load_data_only(texts))
    show("yaml.load(CSafeLoader): data only, no line map", seconds, count)
    rust = rust_parser_or_none()
    if rust is not None:
        seconds, parsed = best_of(runs, lambda: load_with_rust(rust, texts))
        show("yaml_rs.loads (YAML 1.2, no line map)", seconds, count)
        print(f"  same data as PyYAML: {parsed == documents}", file=sys.stderr)

    statements = per_record(documents)
    print(f"{statements} statements", file=sys.stderr)
    steps = (
        ("pydantic: model_validate per record (as now)", lambda: per_record(documents), statements, "stmt"),
        ("pydantic: TypeAdapter(list[...]) per file", lambda: per_file_adapter(documents), statements, "stmt"),
        ("pydantic: one TypeAdapter call for all", lambda: one_adapter_call(documents), statements, "stmt"),
        ("pydantic: model_construct (no validation)", lambda: construct_only(documents), statements, "stmt"),
        ("corpus.load_annotation (read+parse+validate)", lambda: whole_load_annotation(project, files), count, "file"),
    )
    for label, step, units, unit in steps:
        show(label, best_of(runs, step)[0], units, unit)


if __name__ == "__main__":
    main()
