"""Split assignment: a pure function of an article's split group, so adding articles moves none."""

from __future__ import annotations

import hashlib

from ..contract.vocab import vocabularies


def bucket(key: str) -> int:
    """A stable number in 0..99 for `key`."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % 100


def split_of(split_group: str) -> str:
    """The split whose share of 0..99 holds the group's bucket (shares from vocabularies.yaml)."""
    position = bucket(split_group)
    upper = 0
    for name, share in vocabularies().splits.items():
        upper += share
        if position < upper:
            return name
    raise ValueError("split shares in schema/vocabularies.yaml must add up to 100")
