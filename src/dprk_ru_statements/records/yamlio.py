"""Safe YAML in and canonical YAML out, keeping the line of every key for error messages.

Only plain data is accepted: PyYAML's safe loader constructs no objects from tags, and anchors,
aliases and duplicate keys are refused here (the first can expand without bound, the second is
silently resolved by PyYAML to the last value).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

import yaml

try:  # Rust parser, ~9x faster than PyYAML's; optional so that a missing wheel only costs speed
    import yaml_rs
except ImportError:  # pragma: no cover
    yaml_rs = None

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

MAX_FILE_BYTES = 2_000_000
CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7})( |$)", re.MULTILINE)

KeyPath = tuple[str | int, ...]


class YamlError(ValueError):
    """A file that is not acceptable YAML; `line` is 1-based."""

    def __init__(self, line: int, field: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.line, self.field, self.message, self.hint = line, field, message, hint


@dataclass
class LineMap:
    """Line numbers of the keys and items of one YAML document."""

    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, path: KeyPath) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


def _map_lines(node: yaml.Node, path: KeyPath, lines: LineMap, seen: set[int], line_used: int = 1) -> None:
    # An alias is the anchored node itself, met a second time; `line_used` is where it is used.
    if id(node) in seen:
        raise YamlError(line_used, "yaml", "anchors and aliases are not allowed")
    seen.add(id(node))
    lines.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        keys: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(line, "yaml", "a key must be plain text, not a mapping or a list")
            key = key_node.value
            if key == "<<":
                raise YamlError(line, "yaml", "merge keys (<<) are not allowed")
            if key in keys:
                raise YamlError(
                    line,
                    str(key),
                    f"duplicate key (first on line {keys[key]})",
                    "keep one of the two; YAML would silently use the last",
                )
            keys[key] = line
            lines.lines[(*path, key)] = line
            _map_lines(value_node, (*path, key), lines, seen, line)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, (*path, index), lines, seen, node.start_mark.line + 1)


def _unreal_date(node: yaml.Node, path: KeyPath) -> tuple[int, str, str]:
    """The line, key and text of the first plain scalar PyYAML reads as a date that does not exist."""
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
        try:
            yaml.constructor.SafeConstructor().construct_yaml_timestamp(node)
        except ValueError:
            return node.start_mark.line + 1, str(path[-1]) if path else "yaml", node.value
    children: list[tuple[KeyPath, yaml.Node]] = []
    if isinstance(node, yaml.MappingNode):
        children = [((*path, key.value), value) for key, value in node.value]
    elif isinstance(node, yaml.SequenceNode):
        children = [((*path, index), item) for index, item in enumerate(node.value)]
    for child_path, child in children:
        found = _unreal_date(child, child_path)
        if found[0]:
            return found
    return 0, "yaml", ""


def parse_yaml(text: str) -> tuple[Any, LineMap]:
    """Parse one YAML document into plain data and the line of each key."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise YamlError(1, "yaml", f"file is larger than {MAX_FILE_BYTES} bytes")
    conflict = CONFLICT_MARKER.search(text)
    if conflict:
        line = text.count("\n", 0, conflict.start()) + 1
        raise YamlError(line, "yaml", "merge conflict marker", "resolve the conflict, then run fmt")
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        lines = LineMap()
        if node is None:
            return None, lines
        _map_lines(node, (), lines, set())
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(line, "yaml", f"{error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise YamlError(1, "yaml", str(error).splitlines()[0]) from None
    except YamlError:
        raise
    except (TypeError, IndexError, RecursionError) as error:
        # PyYAML's own failures on exotic input: a mapping as a key, `!!int ''`, nesting deeper
        # than Python recurses. None of them is data an annotation could hold.
        raise YamlError(1, "yaml", f"not plain data: {type(error).__name__}: {error}") from None
    except ValueError as error:  # PyYAML read a plain date that is no real date, e.g. 2023-02-30
        line, key, value = _unreal_date(node, ())
        raise YamlError(
            line or 1, key, f"{value!r} is not a real date ({error})", "correct the date; write it in quotes"
        ) from None
    finally:
        loader.dispose()
    return data, lines


# The fast parser reads YAML 1.2, PyYAML reads 1.1. A file is taken from the fast parser only when
# nothing in it can be read differently by the two; otherwise PyYAML reads it (the two agree on the
# rest). Node properties (anchor, alias, tag), merge keys, directives and document markers: PyYAML
# refuses or resolves them (after & or *, even a space PyYAML does not count as one, &\u3000x, is an
# anchor's name to yaml-rs and an error to PyYAML). Unicode line breaks other than LF, CR, tabs and
# characters PyYAML refuses: only PyYAML knows its reading (yaml-rs takes tabs and blocks of
# CR-separated documents that PyYAML refuses). Flow collections other than [] and {}, and block
# scalars (| and >): the two parsers differ on their edges, e.g. [:a] or {?a}, and the canonical
# files have none. A plain scalar starting with 0 and a digit or a base letter, or with an
# underscore among its digits: octal or a string in 1.1, decimal in 1.2, or a string in 1.1 and a
# number to yaml-rs (0X1F, 0O17, _1). Several small searches: one alternation of them all was 3x
# slower.
_PROPERTY_CHARS = re.compile(r"[&*!\t\r\x85\u2028\u2029\ufeff\[{|>]")
_NODE_PROPERTY = re.compile(
    r"(?:^|[\s\[{,])[&*!][^ \n]|[\t\r\x85\u2028\u2029\ufeff]|(?:^|[-:?]) *[\[{](?![\]}])|[|>][-+0-9]* *(?:#.*)?$",
    re.MULTILINE,
)
_ZERO_NUMBER = re.compile(r"0(?:[0-9_]+|[bB][01_]*|[oO][0-7_]*|[xX][0-9a-fA-F_]*)[ \t]*(?:$|[#,\]}])", re.MULTILINE)
_UNDERSCORE_NUMBER = re.compile(r"_[0-9a-fA-F_]*[ \t]*(?:$|[#,\]}])", re.MULTILINE)
_MARKERS = ("<<", "\n%", "\n---", "\n...")
# What PyYAML reads as anything but a string when written plain: its own implicit resolvers.
_NOT_TEXT_FIRST = frozenset(yaml.resolver.Resolver.yaml_implicit_resolvers) - {""}
_NOT_TEXT = re.compile(
    "|".join(
        dict.fromkeys(  # each resolver is listed under every first character it accepts
            f"(?:{regexp.pattern})"
            for resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.values()
            for _, regexp in resolvers
        )
    ),
    re.VERBOSE,
)
_TEXT_DATE = re.compile(r"[1-9][0-9]{3}|[0-9]{4}-[0-9]{2}-[0-9]{2}")
# PyYAML reads a plain scalar starting with a letter as something else than text only when it is
# a boolean or null word (yes, False, on, NULL...), five letters at most: a longer one is text.
LONGEST_WORD = 5


MAX_FAST_DEPTH = 64  # canonical files nest 3 deep; deeper ones are left to PyYAML and its errors
# A line opening more block levels than that, by indentation or by "- - - " (each level two
# characters at least), is never given to the fast parser: bounding the depth after parsing
# would be too late.
# Two searches: the first line, then the others (a search anchored by "\n" is 5x faster than one
# by ^ in MULTILINE mode, which tries every position).
_DEEP_FIRST_LINE = re.compile(rf"[ \t?:-]{{{2 * MAX_FAST_DEPTH + 1}}}")
_DEEP_LATER_LINE = re.compile(rf"\n[ \t?:-]{{{2 * MAX_FAST_DEPTH + 1}}}")
# One scan for the first character of either search below; the precise ones run only on a hit
# (a 4 KB file costs 14 us per scan of a character class, whatever the class).
_PROPERTY_OR_NON_PRINTABLE = re.compile(
    _PROPERTY_CHARS.pattern[:-1] + "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)


def _starts_scalar(text: str, index: int) -> bool:
    """Is the number at `index` (after an optional sign) a whole scalar, not the tail of one?"""
    if text[index] == "_":  # 1_000: the number starts at the digits before
        while index and text[index - 1] in "0123456789_":
            index -= 1
    if index and text[index - 1] in "+-":
        index -= 1
    return index == 0 or text[index - 1] in " \t\n[,:"


def _unsure(text: str) -> bool:
    # Cheap searches first; a precise pattern runs only where a cheap one found something.
    if text.startswith(("%", "---", "...")) or any(marker in text for marker in _MARKERS):
        return True
    # yaml-rs overflows its stack (SIGSEGV) on 20,000 levels of "- - -"
    if _DEEP_FIRST_LINE.match(text) or _DEEP_LATER_LINE.search(text):
        return True
    suspect = _PROPERTY_OR_NON_PRINTABLE.search(text) is not None
    if suspect and _PROPERTY_CHARS.search(text) and _NODE_PROPERTY.search(text):
        return True
    for number in _ZERO_NUMBER, _UNDERSCORE_NUMBER:
        if any(_starts_scalar(text, found.start()) for found in number.finditer(text)):
            return True
    return suspect and yaml.reader.Reader.NON_PRINTABLE.search(text) is not None


class NeedsPyYaml(Exception):
    """The fast parser's reading of a file might differ from PyYAML's, or it has an error to locate."""


def _text_as_pyyaml(value: str, key: Any, text_dates: frozenset[str]) -> bool:
    """Would PyYAML read this text as this text, whether it was written quoted or plain?"""
    if value[:1] not in _NOT_TEXT_FIRST or not _NOT_TEXT.match(value):
        return True
    # A date field takes PyYAML's date or year as its ISO text, which is this very string; a
    # plain date that does not exist (2023-02-30, 0000-01-01) is an error to PyYAML.
    if key not in text_dates or _TEXT_DATE.fullmatch(value) is None:
        return False
    try:
        return len(value) == 4 or dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _same_as_pyyaml(data: Any, text_dates: frozenset[str]) -> bool:
    """Would PyYAML give `data`? Plain loops with the common case inline: it runs on every string
    of every file (a text is looked at only when its first character could start a non-string)."""
    first = _NOT_TEXT_FIRST
    if type(data) is not dict and type(data) is not list:
        return _scalar_as_pyyaml(data, None, text_dates)
    containers: list[tuple[Any, int]] = [(data, 0)]
    while containers:
        container, depth = containers.pop()
        if depth >= MAX_FAST_DEPTH:
            return False
        if type(container) is dict:
            for key in container:
                if type(key) is not str or (key[:1] in first and not _text_as_pyyaml(key, None, text_dates)):
                    return False
            pairs: Any = container.items()
        else:
            pairs = zip(repeat(None), container)
        for key, value in pairs:
            kind = type(value)
            if kind is str:
                if (
                    value[:1] in first
                    and (len(value) <= LONGEST_WORD or not value[0].isalpha())
                    and not _text_as_pyyaml(value, key, text_dates)
                ):
                    return False
            elif kind is dict or kind is list:
                containers.append((value, depth + 1))
            elif value is not None and kind is not int:
                return False
    return True


def _scalar_as_pyyaml(value: Any, key: Any, text_dates: frozenset[str]) -> bool:
    if type(value) is str:
        return _text_as_pyyaml(value, key, text_dates)
    # int: _ZERO_NUMBER excluded the only spellings the two read differently; floats and
    # booleans fit no field of the models, so they take the slow path with its error lines.
    return value is None or type(value) is int


def parse_fast(text: str, text_dates: frozenset[str] = frozenset()) -> Any:
    """The data PyYAML would read from `text`, without line numbers; raise NeedsPyYaml when unsure.

    `text_dates` names keys whose values the models read as ISO date text (a YAML date or a year).
    """
    if yaml_rs is None or len(text.encode("utf-8")) > MAX_FILE_BYTES or _unsure(text):
        raise NeedsPyYaml
    # <<<<<<< made _unsure refuse the file already; the cheap searches spare the slow pattern.
    if ("=======" in text or ">>>>>>>" in text) and CONFLICT_MARKER.search(text):
        raise NeedsPyYaml
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # a syntax error: PyYAML gives it a line
        raise NeedsPyYaml from None
    if not _same_as_pyyaml(data, text_dates):
        raise NeedsPyYaml
    return data


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise YamlError(1, "file", f"cannot read: {error.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise YamlError(1, "yaml", f"file is larger than {MAX_FILE_BYTES} bytes")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlError(line, "encoding", "not valid UTF-8") from None


def read_yaml(path: Path, lines: bool = True, text_dates: frozenset[str] = frozenset()) -> tuple[Any, LineMap]:
    """The data of a YAML file and the line of each key; with `lines=False`, an empty line map
    (every line reads as 1) and the fast parser where it is sure to agree with PyYAML."""
    text = read_text(path)
    if not lines:
        try:
            return parse_fast(text, text_dates), LineMap()
        except NeedsPyYaml:
            pass
    return parse_yaml(text)


def dump_yaml(data: Any) -> str:
    """The canonical text of a YAML file: block style, keys in model order, no line folding."""
    return yaml.dump(
        data,
        Dumper=Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,
        default_flow_style=False,
    )
