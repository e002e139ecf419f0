"""Claim type of a suggested statement, from its cue and its content, with a confidence.

A lexicon in schema data (`act_words` of schema/cues.yaml), matched against the lemmas of the cue
and the content, scored per label; the labels found compete by the codebook's precedence
(section 5). The confidence says how the label was reached: the cue names the act (0.9), one
label's words alone (0.75), several labels and precedence chose (0.6), nothing found so
`assessment` by default (0.5). Below `claim_confidence_threshold` the draft's note says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from ..contract.vocab import schema_dir, vocabularies
from ..records.yamlio import read_yaml


@cache
def lexicon() -> dict[str, Any]:
    data, _ = read_yaml(schema_dir() / "cues.yaml", lines=False)
    return data


def _hits(lemmas: Sequence[str]) -> dict[str, int]:
    joined = " " + " ".join(lemmas) + " "
    found: dict[str, int] = {}
    for label, words in lexicon()["act_words"].items():
        count = sum(joined.count(f" {word} ") for word in words)
        if count:
            found[label] = count
    return found


def claim_type(cue_label: str | None, lemmas: Sequence[str], own_conduct: bool = True) -> tuple[str, float, str | None]:
    """Label, confidence and the secondary label (the next one found by precedence, if any).

    Without `own_conduct` (no first-person pronoun in the content), the words of
    `first_person_labels` (`commitment`, `support`) count for nothing: "entities that support the
    DPRK's WMD program" is no support by the speaker, "Kim has coordinated deposits ... to continue"
    no commitment of his (codebook 5: own conduct, the speaker's backing).
    """
    precedence = list(vocabularies().claim_type_precedence)
    found = _hits(lemmas)
    if not own_conduct:
        own = set(lexicon().get("first_person_labels") or [])
        found = {label: n for label, n in found.items() if label not in own}
    ranked = [label for label in precedence if label in found]
    if cue_label:
        rest = [label for label in ranked if label != cue_label]
        return cue_label, 0.9, rest[0] if rest else None
    if not ranked:
        return "assessment", 0.5, None
    if len(ranked) == 1:
        return ranked[0], 0.75, None
    return ranked[0], 0.6, ranked[1]


def threshold() -> float:
    return float(lexicon().get("claim_confidence_threshold", 0.6))
