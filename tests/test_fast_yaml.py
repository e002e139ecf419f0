"""The fast YAML reading (yaml-rs, YAML 1.2) is taken only where PyYAML (YAML 1.1) gives the same data.

Soundness: whenever `parse_fast(text, dates)` returns a value, `parse_yaml(text)` succeeds and gives
equal data (types included; for keys in `dates`, PyYAML's date or year equals the fast reading's ISO
text). Falling back to PyYAML is always allowed; the last test checks that it is not taken for the
canonical files, whose speed-up would otherwise be lost silently.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from random import Random
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dprk_ru_statements.records.corpus import TEXT_DATES
from dprk_ru_statements.records.yamlio import LONGEST_WORD, MAX_FILE_BYTES, NeedsPyYaml, parse_fast, parse_yaml

REPO = Path(__file__).resolve().parents[1]
DATES = TEXT_DATES  # the fields the models read as ISO date text


def same(slow: Any, fast: Any, key: Any = None, dates: frozenset[str] = DATES) -> bool:
    """PyYAML's `slow` equals the fast reading `fast`, types included (True is not 1, 1.0 is not 1)."""
    if key in dates and isinstance(fast, str):
        if isinstance(slow, dt.date) and not isinstance(slow, dt.datetime):
            return slow.isoformat() == fast
        if type(slow) is int:
            return str(slow) == fast
    if type(slow) is not type(fast):
        return False
    if isinstance(slow, dict):
        return slow.keys() == fast.keys() and all(same(slow[k], fast[k], k, dates) for k in slow)
    if isinstance(slow, list):
        return len(slow) == len(fast) and all(same(s, f, None, dates) for s, f in zip(slow, fast, strict=True))
    return bool(slow == fast)


def assert_sound(text: str, dates: frozenset[str] = DATES) -> bool:
    """Check the property for `text`; True when the fast path was taken."""
    try:
        fast = parse_fast(text, dates)
    except NeedsPyYaml:
        return False
    slow, _ = parse_yaml(text)  # must not refuse what the fast path accepted
    assert same(slow, fast, None, dates), f"fast {fast!r} != PyYAML {slow!r}"
    return True


# --- adversarial documents -------------------------------------------------------------------

KEYS = [
    "date", "publication_date", "text", "note", "char_start", "speaker", "a", "b", "x y", "é",
    "yes", "on", "No", "1", "017", "0x1F", "null", "~", "true", "<<", "2024-01-01", "12:30", "1e3",
    "'date'", '"text"', "'yes'", '"1"', '"<<"', "'<<'", '"\\x3c\\x3c"', "? a", "-a", ":a", "a:b",
]  # fmt: skip

PLAIN = [
    "yes", "No", "ON", "off", "y", "n", "Y", "true", "False", "~", "null", "Null", "NULL", "",
    "0", "00", "017", "-017", "+017", "0o17", "-0o17", "0O17", "0x1F", "0X1F", "-0x1F", "+0x1F", "0x_1F",
    "0b11", "0B11", "0b1_1", "0_", "0_1", "_1", "+_1", "1_", "1_000", "1__0", "+5", "-0", "+0", "12",
    "99999999999999999999", "1e3", "1E3", "1.0", "1.", ".5", "._1", "1_0.5", "-.inf", ".inf", ".Inf",
    ".NaN", ".nan", "12:30", "1:30:00", "190:20:30", "-1:30", "2024-01-01", "2024-02-30", "0000-01-01",
    "2024-1-1", "2024-01-01T10:00:00Z", "2024-01-01 10:00:00", "2024-01-01t10:00:00.5+02:00", "2024",
    "0999", "1999", "2024-01", "=", "<<", "a<<b", "plain words", "a: b", "a:b", "a #c", "a#c", "-a", "?a",
    ":a", "a,b", "a[b]", "a{b}", "a]", "it's", 'say "hi"', "AT&T", "a&b", "a*b", "a!b", "wow!", "100%",
    "a: b: c", "é ü ж 北", "x\u00a0y", "x\u3000y", "foo\u200bbar", "emoji 🎉", "x\ty", "x\u2028y",
    "x\x85y", "\ufeffx", "x\x07y", "x\x0cy", "x\\ny", "x\\y", "2024-12-31", "2024-02-29", "2023-02-29",
    "1900-02-29", "0001-01-01", "9999-12-31", "2024-13-01", "2024-00-10", "1000", "0000", "=", "1 000", "a :b",
    "-_0", "+0o7", "0o_7", "1_0_", "0x", "1F_0", "0_x1", "0e1", "1_e1",
]  # fmt: skip

RAW = [
    "'quoted'", "''", "'it''s'", "'yes'", "'017'", "'2024-01-01'", "'a\n  b'", "'a\n\n  b'", '""',
    '"dq \\u00e9 \\x41 \\/"', '"\\t\\n\\r\\0\\a\\b\\e\\f\\v\\N\\_\\L\\P\\ "', '"\\U0001F389"', '"\\q"',
    '"a\n  b"', '"a \\\n  b"', '"2024-02-30"', '"yes"', '"<<"', '"\\x3c<"', '"\\u2028"', '"x\\\\"',
    "|\n  line one\n  line two\n", "|-\n  kept\n\n", "|+\n  kept\n\n", ">\n  folded\n  text\n\n  para\n",
    ">-\n  a\n    more\n  b\n", "|2\n   indented\n", "|\n\n  leading blank\n", ">\n  \ttab\n", "|\n  a\n\t\n",
    "plain\n  continued\n  lines", "plain\n\n  para", "[a, b]", "[]", "{}", "{a: 1}", "[a, [b, {c: d}]]",
    "{a: 1, a: 2}", "[:a]", "{?a}", "{a:b}", '{"a":1}', "[a, ]", "[a,b", "{a: [b,\n  c]}", "[\n  a\n]",
    "&a x", "*a", "&a [1, 2]", "!!str 1", "!!int '1'", "!!float 1", "!!binary aGk=", "!x y", "! z",
    "!!bool yes", "!!null ''", "!!timestamp 2024-01-01", "--- x", "... x", "%x", "@x", "`x", "#c",
    "x # comment", "x  # comment", "x #", "'x'#c", "'x' #c", '"x"y', "x   ", "x\t", "- a", "? a", ": a",
    "'a \n  b'", '"a \n\n  b "', "plain \n  more ", "'a\n  \n  b'", "plain\n  # comment\n  more", "a\n-b",
    "'a\n b'", "'a\nb'", "a\n  b: c", "a\n  - b", "2024-01-01 # c", "2024-01-01\n  x", "2024-01-01  ",
]  # fmt: skip

MUTATION_CHARS = [
    "\t", "\r", "\n", "\r\n", " ", "\x85", "\u2028", "\u2029", "\ufeff", "\x07", "\x00", "#", ":", "-", "?",
    "&", "*", "!", "%", "@", "'", '"', "[", "]", "{", "}", ",", "|", ">", "<<", "---", "...", "0", "_", "\\",
    "&a ", "*a", "!!str ", "\n---\n", "\n...\n", "\n%YAML 1.1\n", "\n<<: {a: 1}\n", "0o", "0x", "0X", "1_",
]  # fmt: skip


def quoted(value: str) -> list[str]:
    """The plain spelling `value`, and as single- and double-quoted YAML."""
    double = value.replace("\\", "\\\\").replace('"', '\\"')
    return [value, "'" + value.replace("'", "''") + "'", f'"{double}"']


SCALARS = [spelling for value in PLAIN for spelling in quoted(value)] + RAW


def indent(block: str, by: int) -> str:
    return "".join(" " * by + line if line.strip(" ") else line for line in block.splitlines(keepends=True))


def taken_fast(text: str) -> bool:
    try:
        parse_fast(text, DATES)
    except NeedsPyYaml:
        return False
    return True


# Spellings the guard lets through on their own: documents built only of them reach the fast parser
# more often, so that its reading is compared, not only the guard's refusal.
FAST_SCALARS = [s for s in SCALARS if taken_fast(f"key: {s}\n") or taken_fast(f"date: {s}\n")]
FAST_KEYS = [key for key in KEYS if taken_fast(f"{key}: value\n")]


# Scalars of random text from characters that matter to YAML, written plain, single-quoted,
# double-quoted with its backslashes as escapes, or double-quoted with them escaped.
PIECES = [
    *" \n:#-?'\"\\,[]{}&*!|>%@`_.+ax0159eé\u00a0\u2003\u3000\u200b🎉/",
    *["\\x41", "\\u00e9", "\\n", "\\ ", "\\\n", "  ", "\n\n", " \n", "0x", "0o", "1_0", "2024-01-01"],
]
RANDOM_SCALAR = st.builds(
    lambda text, style: [text, *quoted(text), f'"{text}"'][style],
    st.lists(st.sampled_from(PIECES), max_size=10).map("".join),
    st.integers(0, 3),
)


def nest(scalars: list[str], keys: list[str], inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A scalar spelling (str), ("map", [(key, node)]) or ("seq", [node]) one level deeper than `inner`."""
    return st.one_of(
        st.sampled_from(scalars),
        RANDOM_SCALAR,
        st.lists(inner, min_size=1, max_size=3).map(lambda items: ("seq", items)),
        st.lists(st.tuples(st.one_of(st.sampled_from(keys), RANDOM_SCALAR), inner), min_size=1, max_size=3).map(
            lambda items: ("map", items)
        ),
    )


def tree(scalars: list[str], keys: list[str]) -> st.SearchStrategy[Any]:
    """Collections nested up to 3 deep."""
    return nest(scalars, keys, nest(scalars, keys, nest(scalars, keys, st.sampled_from(scalars))))


FAST_TREE = tree(FAST_SCALARS, FAST_KEYS)
TREE = st.one_of(tree(SCALARS, KEYS), FAST_TREE, FAST_TREE)


def render(tree: Any, rnd: Random, flow: bool = False) -> str:
    """YAML text of a tree: block style (each line ending in a newline) or a one-line flow collection,
    with the layouts YAML allows chosen at random: compact or hanging items, sequences indented under
    their key or not, comments and blank lines between entries."""
    if isinstance(tree, str):
        return tree
    kind, children = tree
    if flow or rnd.random() < 0.05:
        if kind == "seq":
            return "[" + ", ".join(render(child, rnd, True) for child in children) + "]"
        return "{" + ", ".join(f"{key}: {render(child, rnd, True)}" for key, child in children) + "}"
    lines = []
    for item in children:
        key, child = item if kind == "map" else (None, item)
        head = f"{key}:" if kind == "map" else "-"
        text = render(child, rnd)
        if isinstance(child, str) or "\n" not in text.rstrip("\n"):  # a scalar or a flow collection
            first, _, rest = text.partition("\n")
            lines.append(f"{head} {first}\n" + (indent(rest.rstrip("\n") + "\n", 2) if rest.strip() else ""))
        elif kind == "seq" and child[0] == "map" and rnd.random() < 0.5:  # - key: value
            lines.append("- " + indent(text, 2)[2:])
        elif kind == "map" and child[0] == "seq" and rnd.random() < 0.5:  # key:\n- item
            lines.append(f"{head}\n{text}")
        else:
            lines.append(f"{head}\n" + indent(text, 2))
        if rnd.random() < 0.1:
            lines.append(rnd.choice(["\n", "# comment\n", "  # indented comment\n", "#\n"]))
    return "".join(lines)


@st.composite
def document(draw: st.DrawFn) -> str:
    tree = draw(TREE)
    rnd = draw(st.randoms(use_true_random=True))
    text = render(tree, rnd).rstrip("\n") + "\n"
    for _ in range(draw(st.sampled_from([0, 0, 1, 2, 3]))):  # raw text mutations
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "tabs", "double", "indent", "space", "line"]))
        lines = text.splitlines(keepends=True) or [""]
        line = at % len(lines)
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(MUTATION_CHARS)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 3)) :]
        elif action == "tabs":
            text = text[:at] + text[at:].replace("  ", "\t", 1)
        elif action == "double":  # repeat a line: duplicate keys and items
            text = "".join([*lines[: line + 1], *lines[line:]])
        elif action == "indent":  # one space more or less at a line's start
            lines[line] = " " + lines[line] if draw(st.booleans()) else lines[line].removeprefix(" ")
            text = "".join(lines)
        elif action == "space":  # a space YAML does not count as one, or none
            space = draw(st.sampled_from(["\xa0", "\u3000", "\u2003", ""]))
            text = text[:at] + text[at:].replace(" ", space, 1)
        else:
            extra = draw(st.sampled_from(["\n", " \n", "  # c\n", "-\n", "- x\n", "x\n", "? x\n", ": x\n", "x:\n"]))
            text = "".join([*lines[:line], extra, *lines[line:]])
    if draw(st.booleans()):
        text = text.rstrip("\n")
    return text


# Found by the test below (or on the way to it); the fast path took each while PyYAML refused it or
# read it differently.
COUNTEREXAMPLES = [
    "date: 2024-02-30\n",  # no such date: PyYAML refuses it; a date key took the text
    "date: 0000-01-01\n",  # year 0
    '{"a":&x 1, "b":*x}\n',  # anchor and alias right after a flow ':'
    "a: &\u3000x\n",  # an anchor named by a space PyYAML does not count as one
    "- &\xa0x\n",
    '{"a":!x b}\n',  # a tag PyYAML cannot construct
    '{"a":!!binary aGk=}\n',  # bytes to PyYAML
    "[:a]\n",  # ':' starts a plain scalar in a 1.2 flow sequence only
    "{?a}\n",  # '?' is a key indicator in a 1.1 flow mapping
    "a: 0X1F\n",  # yaml-rs reads base prefixes in capitals and underscores anywhere; PyYAML: text
    "a: 0O17\n",
    "a: 0B11\n",
    "a: _1\n",
    "a: +_1\n",
    "a: 017\r\n",  # octal to PyYAML; the CR hid the number's end from the guard
    "a: 1\r---\rb: 2\r",  # documents on CR line breaks: a list to yaml-rs, an error to PyYAML
    "a: 1\r...\rb",
    "\t\n",  # tabs yaml-rs takes as white space, PyYAML refuses
    "- \ta\n",
    "- null\n\t# comment\n",
    "a: |\n  x\n\t\n",
    "|\n|\n  a\n",  # a block scalar's content at column 0
    "a: " + "é" * (MAX_FILE_BYTES // 2 + 1),  # fewer characters than the limit, more bytes
]


@pytest.mark.parametrize("text", COUNTEREXAMPLES, ids=lambda text: repr(text[:30]))
def test_counterexamples(text: str) -> None:
    assert_sound(text)


def test_hex_digests_take_the_fast_path() -> None:
    # A digest starting with 0 and a digit is no number to either parser (a first guard took it for one).
    text = "sha256: 01f3314e344359e9f1f0f739f7e5a8895ab79524688c34205b2effcdee01473f\nsize: 0\n"
    assert assert_sound(text)


def test_deep_nesting_falls_back_without_crashing() -> None:
    # 500 levels: too deep for the fast check's recursion, which raised RecursionError, not NeedsPyYaml.
    assert_sound("- " * 500 + "a\n")
    assert_sound("".join(" " * level + "k:\n" for level in range(500)) + " " * 500 + "v\n")


def test_no_word_pyyaml_reads_as_no_text_is_longer_than_the_fast_check_looks() -> None:
    """The fast check skips letter-initial plain scalars longer than LONGEST_WORD: PyYAML's
    resolvers for a letter are its boolean and null words, and none is longer."""
    letters = [first for first in yaml.resolver.Resolver.yaml_implicit_resolvers if first.isalpha()]
    assert letters, "PyYAML resolves some letter-initial words"
    for first in letters:
        for _, regexp in yaml.resolver.Resolver.yaml_implicit_resolvers[first]:
            words = re.sub(r"\s", "", regexp.pattern).removeprefix("^(?:").removesuffix(")$").split("|")
            assert all(len(word) <= LONGEST_WORD for word in words), words
    # And a word one letter longer than the longest is text to PyYAML, as the fast check assumes.
    assert parse_yaml("a: Falsey\n")[0] == {"a": "Falsey"}
    assert assert_sound("a: Falsey\nc: FALSE_\nd: Nullable\n")  # taken fast, read alike


@settings(max_examples=2500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document())
def test_fast_reading_agrees_with_pyyaml(text: str) -> None:
    assert_sound(text)
    assert_sound(text, frozenset())


# --- the repository's own files ---------------------------------------------------------------

REPO_YAML = sorted(
    path
    for pattern in [
        "annotations/**/*.yaml",
        "raw/**/*.meta.yaml",
        "registry/**/*.yaml",
        "schema/**/*.yaml",
        "tests/bad_inputs/base/**/*.yaml",
    ]
    for path in REPO.glob(pattern)
)
CANONICAL = [path for path in REPO_YAML if path.relative_to(REPO).parts[0] in ("annotations", "raw")]


def test_repository_files_are_found() -> None:
    assert len(CANONICAL) >= 10 and len(REPO_YAML) > len(CANONICAL)


@pytest.mark.parametrize("path", REPO_YAML, ids=lambda path: str(path.relative_to(REPO)))
def test_repository_files_read_alike(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert_sound(text)
    assert_sound(text, frozenset())


# Canonical files the cheap scan sends to PyYAML, each with why; an entry that is no longer needed
# fails, so the list cannot go stale.
SLOW_ON_PURPOSE = {
    f"raw/{article}.meta.yaml": "an extraction change quotes the crawler's '*Crawled at ...*', which the scan takes "
    "for a YAML alias"
    for article in (
        "koreaherald-2025-12-28-nk-russia-leadership-closer-ties",
        "koreaherald-2025-12-31-north-korean-pows-transfer-pending",
    )
}


@pytest.mark.parametrize("path", CANONICAL, ids=lambda path: str(path.relative_to(REPO)))
def test_canonical_files_take_the_fast_path(path: Path) -> None:
    fast = assert_sound(path.read_text(encoding="utf-8"))
    reason = SLOW_ON_PURPOSE.get(path.relative_to(REPO).as_posix())
    assert fast == (reason is None), reason or "parse_fast fell back to PyYAML"
