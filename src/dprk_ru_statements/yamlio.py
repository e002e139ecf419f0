"""Safe YAML in and canonical YAML out, keeping the line of every key for error messages.

Only plain data is accepted: PyYAML's safe loader constructs no objects from tags, and anchors,
aliases and duplicate keys are refused here (the first can expand without bound, the second is
silently resolved by PyYAML to the last value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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
            key = key_node.value
            line = key_node.start_mark.line + 1
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
    finally:
        loader.dispose()
    return data, lines


def read_yaml(path: Path) -> tuple[Any, LineMap]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise YamlError(1, "file", f"cannot read: {error.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise YamlError(1, "yaml", f"file is larger than {MAX_FILE_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlError(line, "encoding", "not valid UTF-8") from None
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
