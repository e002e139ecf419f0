"""The quoted-span pattern of quotes.py with each alternative starting at its literal opening mark.

    python benchmarks/experiments/quote_pattern.py CHECKOUT

quotes._pattern() puts a lookbehind first, so the regex engine tries all four alternatives at
every character. Moving the opening mark first (and checking the character before it with a
two-character lookbehind) lets it skip to the marks. Checks that both find the same spans.
Throwaway.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from dprk_ru_statements.quotes import _pattern
from dprk_ru_statements.vocab import vocabularies


def mark_first_pattern() -> re.Pattern[str]:
    alternatives = []
    for opening, closing in vocabularies().quotation_marks:
        o, c = re.escape(opening), re.escape(closing)
        alternatives.append(rf"(?:{o}(?<![^\s(\[—-]{o})(?=\S)((?:(?!{c}(?!\w)).)+?)(?<=\S){c}(?!\w))")
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
    now, expected = timed(_pattern(), texts)
    new, found = timed(mark_first_pattern(), texts)
    same = found == expected and timed(mark_first_pattern(), shipped)[1] == timed(_pattern(), shipped)[1]
    print(f"{len(texts)} articles, {characters:.1f} M characters; same spans (synthetic and shipped): {same}")
    print(f"quotes._pattern() (as now)      {now:6.2f} s")
    print(f"opening mark first              {new:6.2f} s  ({now / new:.0f}x)")


if __name__ == "__main__":
    main()
