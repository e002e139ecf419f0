"""The benchmark's synthetic checkout is a valid corpus in the real formats (no timing is asserted)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from dprk_ru_statements.checks.validate import validate
from dprk_ru_statements.contract.vocab import vocabularies
from dprk_ru_statements.core.paths import Project

GENERATOR = Path(__file__).resolve().parents[1] / "benchmarks" / "synthetic.py"
ARTICLES = 20


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_synthetic", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_generated_checkout_validates_with_zero_problems(tmp_path: Path) -> None:
    checkout = load_generator().generate(tmp_path / "checkout", ARTICLES)

    corpus, problems = validate(Project(checkout.root))

    assert problems == []
    assert checkout.counts.articles == len(corpus.articles) == len(corpus.annotations) == ARTICLES
    assert checkout.counts.statements == sum(len(a.statements) for a in corpus.annotations.values())
    assert checkout.counts.not_statements == sum(len(a.not_statements) for a in corpus.annotations.values())
    assert checkout.speakers == len(corpus.speakers)


def test_generated_checkout_uses_every_label(tmp_path: Path) -> None:
    checkout = load_generator().generate(tmp_path / "checkout", ARTICLES)
    corpus, _ = validate(Project(checkout.root))
    statements = [s for a in corpus.annotations.values() for _, s in a.statements]
    vocab = vocabularies()

    for name in ("speaker_type", "claim_type", "quote_kind", "date_precision"):
        assert {getattr(s, name) for s in statements} == set(getattr(vocab, name)), name
    reasons = {n.reason for a in corpus.annotations.values() for _, n in a.not_statements}
    assert reasons == set(vocab.not_statement_reason)


def test_generation_is_deterministic(tmp_path: Path) -> None:
    generator = load_generator()
    first = generator.generate(tmp_path / "first", 5)
    second = generator.generate(tmp_path / "second", 5)

    def contents(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert contents(first.root) == contents(second.root)
