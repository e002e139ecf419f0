"""Put an incremental build's few new articles into the cached, sorted tables without copying them.

A million cached statements stay where they are (memory-mapped); the rows of changed or removed
articles are cut out and each new article's rows are put in at its sorted place, so the result is
a list of slices. With many new articles a plain sort is as cheap and simpler.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from .table import Tables, in_order, sorted_tables

MAX_BLOCKS = 1_000  # new articles; above this, concatenate and sort


def replace_articles(old: Tables, gone: set[str], new: Tables) -> Tables:
    """`old` without the rows of the articles in `gone`, with `new`'s rows in their sorted places."""
    if len(set(new.articles.column("article_id").to_pylist())) > MAX_BLOCKS:
        return sorted_tables(*(pa.concat_tables([_without(t, gone), n]) for t, n in _pairs(old, new)))
    return Tables(
        _replace(old.statements, gone, in_order(new.statements, ["statement_id"]), "statement_id"),
        _replace(old.articles, gone, in_order(new.articles, ["article_id"]), "article_id"),
        # By (article_id, start); an article's spans are one block, placed by its article id.
        _replace(old.uncovered, gone, in_order(new.uncovered, ["article_id", "start"]), "article_id"),
    )


def _pairs(old: Tables, new: Tables) -> list[tuple[pa.Table, pa.Table]]:
    return [(old.statements, new.statements), (old.articles, new.articles), (old.uncovered, new.uncovered)]


def _without(table: pa.Table, gone: set[str]) -> pa.Table:
    if not gone:
        return table
    return table.filter(pc.invert(pc.is_in(table.column("article_id"), value_set=pa.array(sorted(gone)))))


def _bisect(column: pa.ChunkedArray, value: str) -> int:
    """The first row whose value is not less than `value` (the column is sorted)."""
    low, high = 0, len(column)
    while low < high:
        middle = (low + high) // 2
        if column[middle].as_py() < value:
            low = middle + 1
        else:
            high = middle
    return low


def _blocks(new: pa.Table) -> list[tuple[int, int]]:
    """(start, stop) of each article's rows in `new`, which holds each article's rows together."""
    ids = new.column("article_id").to_pylist()
    blocks, start = [], 0
    for row in range(1, len(ids) + 1):
        if row == len(ids) or ids[row] != ids[start]:
            blocks.append((start, row))
            start = row
    return blocks


def _replace(old: pa.Table, gone: set[str], new: pa.Table, key: str) -> pa.Table:
    dropped = (
        pc.indices_nonzero(pc.is_in(old.column("article_id"), value_set=pa.array(sorted(gone)))).to_pylist()
        if gone
        else []
    )
    keys = old.column(key)
    inserts = [(_bisect(keys, new.column(key)[start].as_py()), start, stop) for start, stop in _blocks(new)]
    pieces: list[pa.Table] = []
    cursor, next_drop = 0, 0

    def keep_until(stop: int) -> None:
        nonlocal cursor, next_drop
        while cursor < stop:
            while next_drop < len(dropped) and dropped[next_drop] < cursor:
                next_drop += 1
            end = min(stop, dropped[next_drop]) if next_drop < len(dropped) else stop
            if end > cursor:
                pieces.append(old.slice(cursor, end - cursor))
                cursor = end
            else:
                cursor += 1  # a dropped row

    for position, start, stop in sorted(inserts):
        keep_until(position)
        pieces.append(new.slice(start, stop - start))
    keep_until(old.num_rows)
    return pa.concat_tables(pieces) if pieces else old.slice(0, 0)
