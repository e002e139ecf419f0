"""Write docs/bad-inputs.md from the catalogue: `python -m tests.bad_inputs.document`."""

from __future__ import annotations

from pathlib import Path

from .harness import cases

DOC = Path(__file__).resolve().parents[2] / "docs" / "bad-inputs.md"
INTRO = """\
# Bad inputs and the errors they give

Generated from `tests/bad_inputs/catalogue.yaml` by `python -m tests.bad_inputs.document`; the test
suite runs every case and fails when this page is stale. Each case breaks a small valid project
(`tests/bad_inputs/base/`) in one way. `dprk-ru-statements validate` then prints exactly the lines
below, one per problem as `path:line: field: message (hint: ...)`, exits with status 1, never shows
a traceback, and `build` publishes nothing.

"""


def render() -> str:
    sections = [INTRO, f"{len(cases())} kinds of bad input are covered.\n"]
    for number, case in enumerate(cases(), start=1):
        lines = "\n".join(case["expect"])
        sections.append(f"\n## {number}. {case['name']}\n\n```text\n{lines}\n```\n")
    sections.append("\n" + FAULTS.read_text("utf-8"))
    return "".join(sections)


# Hostile inputs and failing machines that a one-file edit of the base project cannot show, each
# with the test that shows it: kept as Markdown beside the catalogue.
FAULTS = Path(__file__).with_name("faults.md")


if __name__ == "__main__":
    DOC.write_text(render(), "utf-8")
