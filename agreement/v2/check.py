"""Check a blind annotator's files before handing them in: spans, labels, ids, references.

Usage: python agreement/v2/check.py agreement/v2/annotator_a [CORPUS]

CORPUS is the folder of the texts (default ../shared/corpus; the 2.1.0 study used its own folder).

Self-contained on purpose: the blind annotators worked before the articles were in raw/, against
the texts in ../shared/corpus, and must not need the package (nor see its annotations).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"  # the 2.0.0 study; another folder as second argument
VOCAB = yaml.safe_load((ROOT / "schema" / "vocabularies.yaml").read_text(encoding="utf-8"))
REGISTRY = {e["name"] for e in yaml.safe_load((ROOT / "registry" / "speakers.yaml").read_text())["speakers"]}
LABELS = {
    "speaker_type": VOCAB["speaker_type"],
    "claim_type": VOCAB["claim_type"],
    "quote_kind": VOCAB["quote_kind"],
    "date_precision": VOCAB["date_precision"],
    "position": VOCAB["position"],
}
DATE = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


def check_file(path: Path, corpus: Path = CORPUS) -> list[str]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = (corpus / f"{doc['article_id']}.txt").read_text(encoding="utf-8")
    new_speakers = {s["name"] for s in doc.get("new_speakers") or []}
    entities = {e["entity"] for e in doc.get("entities") or []}
    problems, ids = [], set()
    for s in doc.get("statements") or []:
        sid = s.get("statement_id", "?")
        where = f"{path.name}: {sid}"
        if not re.fullmatch(re.escape(doc["article_id"]) + r"\.s\d{2,}", sid) or sid in ids:
            problems.append(f"{where}: bad or duplicate statement_id")
        ids.add(sid)
        if text[s["char_start"] : s["char_end"]] != s["text"]:
            at = text.find(s["text"])
            problems.append(f"{where}: text is not at {s['char_start']}..{s['char_end']} (found at {at})")
        for field, allowed in LABELS.items():
            if s.get(field) not in allowed:
                problems.append(f"{where}: {field} {s.get(field)!r} not in {sorted(allowed)}")
        if s.get("claim_type_secondary") not in (None, *VOCAB["claim_type"]):
            problems.append(f"{where}: claim_type_secondary {s['claim_type_secondary']!r}")
        if s["speaker"] not in REGISTRY | new_speakers:
            problems.append(f"{where}: speaker {s['speaker']!r} is neither in the registry nor in new_speakers")
        if s.get("speaker_entity") and s["speaker_entity"] not in entities:
            problems.append(f"{where}: speaker_entity {s['speaker_entity']!r} not declared under entities")
        precision = s.get("date_precision")
        if precision in DATE and not re.fullmatch(DATE[precision], str(s.get("date"))):
            problems.append(f"{where}: date {s.get('date')!r} does not match precision {precision}")
        if precision == "unknown" and s.get("date") is not None:
            problems.append(f"{where}: date must be null when precision is unknown")
    for s in doc.get("statements") or []:
        if s.get("repeat_of") and s["repeat_of"] not in ids:
            problems.append(f"{path.name}: {s['statement_id']}: repeat_of {s['repeat_of']!r} is not a statement here")
    return problems


def main(folder: str, corpus: str | None = None) -> int:
    texts = Path(corpus) if corpus else CORPUS
    problems = [p for f in sorted(Path(folder).glob("*.yaml")) for p in check_file(f, texts)]
    print("\n".join(problems) or "ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
