"""Speakers for `suggest`: the registry's canonical names and aliases, else what the parse says.

A speaker phrase from the parse is looked up in `registry/speakers.yaml` by `name` and `aliases`
(case, full stops, a leading article and a possessive ignored): the whole phrase first, else the
longest registry form inside it as whole words ("U.S. Secretary of State Antony Blinken" is
`Antony Blinken`). A resolved speaker takes `speaker_type`, `affiliation` and `country` from its
entry. An unresolved one takes its type from the parse (`type_from_parse`), never from substrings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..records.yamlio import read_yaml


@dataclass(frozen=True)
class Speaker:
    name: str
    speaker_type: str
    affiliation: str | None = None
    country: str | None = None
    resolved: bool = False  # from the registry
    how: str = "parse"  # parse, registry, coreference, issuer


def normalise(phrase: str) -> str:
    phrase = phrase.casefold().replace("’", "'").replace("‘", "'")
    phrase = re.sub(r"'s\b|'(?=\s|$)", "", phrase)
    phrase = re.sub(r"[.,\"“”]", "", phrase)
    phrase = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip())
    return re.sub(r"\s+", " ", phrase).strip()


STOP_WORDS = {"the", "a", "an", "of", "for", "to", "in", "and", "s"}


def _content_words(phrase: str) -> set[str]:
    from .suggest_claims import lexicon

    phrase = " " + phrase + " "
    for form, short in (lexicon().get("name_equivalents") or {}).items():
        phrase = phrase.replace(f" {normalise(form)} ", f" {short} ")
    return {word for word in phrase.split() if word not in STOP_WORDS}


class Registry:
    """Canonical speakers by every form they are written in."""

    def __init__(self, entries: Iterable[dict[str, Any]]) -> None:
        self.entries = list(entries)
        self.forms: dict[str, dict[str, Any]] = {}
        for entry in self.entries:
            for form in [entry["name"], *(entry.get("aliases") or [])]:
                self.forms.setdefault(normalise(form), entry)
        # Longest first, so "Kim Jong Un" wins over "Kim" inside a phrase.
        self._inside = sorted(self.forms, key=len, reverse=True)

    @classmethod
    def read(cls, path: Path, only: Iterable[str] | None = None) -> Registry:
        """The registry file; with `only`, just the entries of those names (to keep held-out
        articles' speakers out of an evaluation)."""
        if not path.is_file():
            return cls([])
        data, _ = read_yaml(path, lines=False)
        entries = data.get("speakers") or []
        if only is not None:
            names = set(only)
            entries = [entry for entry in entries if entry["name"] in names]
        return cls(entries)

    def find(self, phrase: str) -> dict[str, Any] | None:
        key = normalise(phrase)
        if not key:
            return None
        if key in self.forms:
            return self.forms[key]
        for form in self._inside:
            if len(form) >= 4 and re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", key):
                return self.forms[form]
        # Word by word: every word of a registry form of two or more words among the phrase's
        # ("spokesperson for the Foreign Ministry of the DPRK" is "DPRK Foreign Ministry spokesperson").
        words = _content_words(key)
        best = None
        for form, entry in self.forms.items():
            needed = _content_words(form)
            if len(needed) >= 2 and needed <= words and (best is None or len(needed) > best[0]):
                best = (len(needed), entry)
        return best[1] if best else None

    def speaker(self, phrase: str, fallback_type: str) -> Speaker:
        entry = self.find(phrase)
        if entry is None:
            return Speaker(phrase, fallback_type)
        return Speaker(
            entry["name"], entry["speaker_type"], entry.get("affiliation"), entry.get("country"), True, "registry"
        )


def type_from_parse(head: Any, tokens: list[Any]) -> str:
    """`person`, `organization` or `group` from a phrase's head token and named entities."""
    ids = {token.i for token in tokens}
    if any(token.dep_ == "conj" and token.head.i in ids for token in tokens if token.pos_ in {"PROPN", "NOUN"}):
        return "group"
    lower = head.lower_
    if lower in {"they", "we", "them"}:
        return "group"
    if lower == "it":
        return "organization"
    if head.pos_ == "PRON":
        return "person"
    if head.ent_type_ == "PERSON":
        return "person"
    if head.ent_type_ in {"ORG", "GPE", "NORP", "FAC"}:
        return "organization"
    if head.tag_ in {"NNS", "NNPS"}:
        return "group"
    return "person"
