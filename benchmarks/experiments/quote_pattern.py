"""The quoted-span pattern as it was (a lookbehind first) against quotes._pattern() (mark first).

    python benchmarks/experiments/quote_pattern.py CHECKOUT

With a lookbehind first the regex engine tries all four alternatives at every character; with the
literal opening mark first (and a two-character lookbehind past it), as quotes.py now does, it
skips to the marks. Checks that both find the same spans. Throwaway.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from dprk_ru_statements.quotes import _pattern
from dprk_ru_statements.vocab import vocabularies


def lookbehind_first_pattern() -> re.Pattern[str]:
    """The pattern quotes.py used before 986e325."""
    alternatives = []
    for opening, closing in vocabularies().quotation_marks:
        o, c = re.escape(opening), re.escape(closing)
        alternatives.append(rf"(?:(?<![^\s(\[—-]){o}(?=\S)((?:(?!{c}(?!\w)).)+?)(?<=\S){c}(?!\w))")
    return re.compile("|".join(alternatives), re.DOTALL)


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    found = []
    for match in pattern.finditer(text):
        group = next(i for i in range(1, (match.lastindex or 0) + 1) if match.group(i) is not None)
        found.append((match.start(group), match.end(group)))
    return found


def timed(pattern: re.Pattern[str], texts: list[str]) -> tuple[float, list[list[tuple[int, int]]]]:
    started = time.perf_counter()
    result = [spans(pattern, text) for text in texts]
    return time.perf_counter() - started, result


def main() -> None:
    texts = [path.read_text("utf-8") for path in sorted(Path(sys.argv[1], "raw").glob("*.txt"))]
    shipped = [path.read_text("utf-8") for path in sorted(Path(__file__).parents[2].glob("raw/*.txt"))]
    characters = sum(map(len, texts)) / 1e6
    now, expected = timed(lookbehind_first_pattern(), texts)
    new, found = timed(_pattern(), texts)
    same = found == expected and timed(_pattern(), shipped)[1] == timed(lookbehind_first_pattern(), shipped)[1]
    print(f"{len(texts)} articles, {characters:.1f} M characters; same spans (synthetic and shipped): {same}")
    print(f"lookbehind first (before)       {now:6.2f} s")
    print(f"quotes._pattern(), mark first   {new:6.2f} s  ({now / new:.0f}x)")


if __name__ == "__main__":
    main()
