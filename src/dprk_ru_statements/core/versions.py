"""Release versions X.Y.Z: the one place they are parsed, compared and bumped."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Three whole numbers without leading zeros: a version names a release folder, so no 'v', no path.
PATTERN = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
BUMPS = ("patch", "minor", "major")  # smallest first
WITHOUT_TEXT = "-without-text"  # the name of a release built without the article texts: 2.0.0-without-text


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    @classmethod
    def of(cls, text: str) -> Version | None:
        """The version `text` spells, or None when it is not X.Y.Z (a release folder's name
        "2.0.0-without-text" is not)."""
        match = PATTERN.fullmatch(text)
        return cls(*(int(part) for part in match.groups())) if match else None

    @classmethod
    def parse(cls, text: str) -> Version:
        version = cls.of(text)
        if version is None:
            raise ValueError(f"{text!r} is not a version X.Y.Z: three whole numbers, no 'v', no path")
        return version

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    def bumped(self, kind: str) -> Version:
        """One `kind` bump above this version ("2.0.0", "minor" -> "2.1.0")."""
        steps = {
            "major": (self.major + 1, 0, 0),
            "minor": (self.major, self.minor + 1, 0),
            "patch": (self.major, self.minor, self.patch + 1),
        }
        return Version(*steps[kind])

    def bump_from(self, older: Version) -> str | None:
        """'major', 'minor' or 'patch' for the step from `older` to this; None if this is not greater."""
        if self <= older:
            return None
        return "major" if self.major > older.major else "minor" if self.minor > older.minor else "patch"
