"""Problems found in the data travel as values until the command line prints them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    hint: str | None = None
    # A stable name for the kind of problem (schema/problem_codes.yaml), for code that acts on
    # problems (review, tests); the message is for people and may be reworded.
    code: str = "invalid"

    def __str__(self) -> str:
        # The path too: a file name may hold a line break, which would split the problem in two.
        text = f"{_printable(self.path)}:{self.line}: {_printable(self.field)}: {_printable(self.message)}"
        return f"{text} (hint: {_printable(self.hint)})" if self.hint else text

    def github(self) -> str:
        """The problem as a GitHub Actions workflow command, shown inline on the pull request.

        File name and title are properties, the message is data; each is escaped as GitHub's
        workflow commands require, so a crafted file name or YAML key cannot end the command early
        and forge another (`,title=x::` or a line break followed by `::warning`)."""
        message = f"{_printable(self.field)}: {self.message}" + (f" (hint: {self.hint})" if self.hint else "")
        file, title = _escape_property(self.path), _escape_property(self.field)
        return f"::error file={file},line={max(self.line, 1)},title={title}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _printable(text: str) -> str:
    """`text` on one line: a key or value from a file may hold line breaks or control characters."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class DataError(Exception):
    """Raised with every problem at once when data cannot be published."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
