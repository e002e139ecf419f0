"""SHA256SUMS files, in `sha256sum` format: of a release, of a build-cache generation, of a cached
drawing. Standard library only, so the light modules (load(), the cache) can use it too."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

CHECKSUMS = "SHA256SUMS"
LINE = re.compile(r"([0-9a-f]{64})  (\S.*)")


def sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def render(folder: Path) -> str:
    """The SHA256SUMS of every file under `folder` but itself, by relative path, sorted."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != CHECKSUMS)
    return "".join(f"{sha256(path)}  {path.relative_to(folder).as_posix()}\n" for path in files)


def read(folder: Path) -> tuple[dict[str, str], list[str]]:
    """The file -> sha256 of `folder`'s SHA256SUMS, and one line per line of it that is not one."""
    path = folder / CHECKSUMS
    if not path.is_file():
        return {}, [f"{CHECKSUMS}: missing: not a release folder, or its checksums were deleted"]
    expected: dict[str, str] = {}
    problems = []
    for number, line in enumerate(path.read_bytes().decode("utf-8", errors="replace").splitlines(), 1):
        match = LINE.fullmatch(line)
        if match is None:
            problems.append(f"{CHECKSUMS}:{number}: not a '<sha256>  <file>' line")
        elif expected.setdefault(match.group(2), match.group(1)) != match.group(1):
            problems.append(f"{CHECKSUMS}:{number}: {match.group(2)} is listed twice with different sums")
    return expected, problems


def differences(folder: Path) -> list[str]:
    """Files whose bytes differ from `folder`'s SHA256SUMS, or that are missing or not listed."""
    expected, problems = read(folder)
    if problems:
        return problems
    actual = dict(reversed(line.split("  ", 1)) for line in render(folder).splitlines())
    return [
        f"{name}: {'missing' if name not in actual else 'not listed' if name not in expected else 'changed'}"
        for name in sorted(set(expected) | set(actual))
        if expected.get(name) != actual.get(name)
    ]


def intact(folder: Path) -> bool:
    """Does every file under `folder` still have the bytes its SHA256SUMS lists, and no more?"""
    try:
        return differences(folder) == []
    except OSError:
        return False
