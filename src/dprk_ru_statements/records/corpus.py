"""Read the raw articles, their metadata, the speaker registry and the annotation files.

Everything wrong is collected as `Problem`s; records that are sound are kept, so one run reports
every problem of every file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..contract.models import (
    AnnotationFile,
    ArticleMeta,
    Entity,
    NotStatement,
    Speaker,
    SpeakerRegistry,
    Statement,
    date_bounds,
)
from ..core.paths import Project
from ..core.problems import Problem
from .errors import validate_model
from .yamlio import LineMap, YamlError, read_yaml

MAX_ARTICLE_BYTES = 1_000_000
# C0 and C1 controls but line feed and tab (carriage returns have a message of their own).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The lists of an annotation file whose items are checked one by one, each with its own lines.
RECORD_LISTS = ("statements", "entities", "not_statements")
# Fields the models read as ISO date text, so a plain YAML date there is no doubt for the fast parser.
TEXT_DATES = frozenset({"date", "date_not_before", "date_not_after", "publication_date"})


@dataclass
class Article:
    meta: ArticleMeta
    text: str
    meta_path: str


@dataclass
class Annotation:
    """One annotation file: the statements that passed their model, with their YAML lines."""

    article_id: str
    path: str
    lines: LineMap
    statements: list[tuple[int, Statement]] = field(default_factory=list)
    not_statements: list[tuple[int, NotStatement]] = field(default_factory=list)
    entities: list[tuple[int, Entity]] = field(default_factory=list)
    # Every statement id written in the file, valid record or not: a reference to a statement that
    # failed its own check is not reported a second time.
    written_ids: set[str] = field(default_factory=set)


@dataclass
class Corpus:
    articles: dict[str, Article] = field(default_factory=dict)
    annotations: dict[str, Annotation] = field(default_factory=dict)
    speakers: dict[str, Speaker] = field(default_factory=dict)
    speaker_lines: dict[str, int] = field(default_factory=dict)
    raw_ids: set[str] = field(default_factory=set)  # every id with a file in raw/, sound or not
    named_speakers: set[str] = field(default_factory=set)  # in any statement, valid or not
    annotation_ids: set[str] = field(default_factory=set)  # every annotation file present, sound or not
    incomplete: bool = False  # some annotation file could not be read whole: corpus-wide checks would mislead


def _read(path: Path, shown: str, problems: list[Problem], lines: bool = True) -> tuple[Any, LineMap] | None:
    try:
        return read_yaml(path, lines, TEXT_DATES)
    except YamlError as error:
        problems.append(Problem(shown, error.line, error.field, error.message, error.hint, code="yaml"))
        return None


def load_speakers(project: Project, corpus: Corpus, problems: list[Problem], lines: bool = True) -> None:
    """The registry; with `lines=False` fast but every problem on line 1 (re-run it for the lines)."""
    shown = project.relative(project.speakers)
    parsed = _read(project.speakers, shown, problems, lines)
    if parsed is None:
        return
    data, lines = parsed
    if not isinstance(data, dict) or not isinstance(data.get("speakers"), list):
        problems.append(Problem(shown, 1, "speakers", "expected a mapping with a list `speakers`", code="structure"))
        return
    for index, item in enumerate(data["speakers"]):
        speaker, found = validate_model(Speaker, item, shown, lines, ("speakers", index))
        problems.extend(found)
        if speaker is None:
            continue
        line = lines.line(("speakers", index, "name"))
        if speaker.name in corpus.speakers:
            first = corpus.speaker_lines[speaker.name]
            problems.append(
                Problem(
                    shown,
                    line,
                    "name",
                    f"speaker {speaker.name!r} is listed twice (first on line {first})",
                    code="id-duplicate",
                )
            )
            continue
        corpus.speakers[speaker.name] = speaker
        corpus.speaker_lines[speaker.name] = line
    _, found = validate_model(
        SpeakerRegistry, {"speakers": []} | {k: v for k, v in data.items() if k != "speakers"}, shown, lines
    )
    problems.extend(found)


def load_registry(project: Project, problems: list[Problem]) -> Corpus:
    """A corpus holding the registry, read fast; read again with lines when it has a problem."""
    corpus, found = Corpus(), []
    load_speakers(project, corpus, found, lines=False)
    if found:
        corpus, found = Corpus(), []
        load_speakers(project, corpus, found)
    problems += found
    return corpus


def read_article_text(path: Path, shown: str, problems: list[Problem]) -> tuple[str, bytes] | None:
    """The decoded text of a raw article, refusing anything that would make offsets ambiguous."""
    if path.is_symlink():
        problems.append(Problem(shown, 1, "file", "raw articles must be regular files, not symlinks", code="file"))
        return None
    if not path.is_file():
        problems.append(Problem(shown, 1, "file", "not a regular file (a device, a pipe or a folder)", code="file"))
        return None
    with path.open("rb") as handle:  # never more than the limit: a huge file must not fill memory
        raw = handle.read(MAX_ARTICLE_BYTES + 1)
    if len(raw) > MAX_ARTICLE_BYTES:
        problems.append(Problem(shown, 1, "file", f"article is larger than {MAX_ARTICLE_BYTES} bytes", code="file"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(
            Problem(
                shown,
                line,
                "encoding",
                f"byte {error.start} is not valid UTF-8",
                "save the article as UTF-8",
                code="encoding",
            )
        )
        return None
    found_before = len(problems)
    if text.startswith("\ufeff"):
        problems.append(
            Problem(shown, 1, "encoding", "starts with a byte order mark", "save as UTF-8 without BOM", code="encoding")
        )
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        problems.append(
            Problem(
                shown,
                line,
                "encoding",
                "carriage return (CRLF or CR line ends)",
                "save with LF line ends",
                code="encoding",
            )
        )
    control = CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        problems.append(
            Problem(
                shown,
                line,
                "encoding",
                f"control character U+{ord(control.group()):04X} at offset {control.start()}",
                "a text holds no NUL, escape or other control characters besides line breaks and tabs",
                code="encoding",
            )
        )
    if not unicodedata.is_normalized("NFC", text):
        # Composed per line: a combining mark is only "unnormalised" next to its base letter.
        line = next(n for n, part in enumerate(text.split("\n"), 1) if not unicodedata.is_normalized("NFC", part))
        problems.append(
            Problem(
                shown,
                line,
                "encoding",
                "text is not in Unicode NFC form",
                "normalise to NFC before adding",
                code="encoding",
            )
        )
    if len(problems) > found_before:
        return None  # offsets into a text that will have to change would only produce follow-on errors
    return text, raw


def folder_entries(folder: Path) -> list[os.DirEntry[str]]:
    """The entries of `folder` (none if it is missing), by name: one scan that the listing below
    and the build cache's stat keys share (a DirEntry keeps its stat once taken)."""
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def list_raw(
    project: Project, problems: list[Problem], entries: list[os.DirEntry[str]] | None = None
) -> tuple[set[str], set[str]]:
    """The ids with a text and the ids with metadata in raw/; anything else there is a problem."""
    texts, metas = set(), set()
    for entry in folder_entries(project.raw) if entries is None else entries:
        name = entry.name
        if name.startswith("."):
            continue  # hidden files (editor swap files, .gitkeep) are not the project's
        if name.endswith(".txt"):
            texts.add(name.removesuffix(".txt"))
        elif name.endswith(".meta.yaml"):
            metas.add(name.removesuffix(".meta.yaml"))
        else:
            problems.append(
                Problem(
                    project.relative(Path(entry.path)),
                    1,
                    "file",
                    "unexpected file in raw/",
                    "raw/ holds <article_id>.txt and <article_id>.meta.yaml",
                    code="file",
                )
            )
    return texts, metas


def load_articles(
    project: Project, corpus: Corpus, problems: list[Problem], only: set[str] | None = None, lines: bool = True
) -> None:
    if only is not None:
        # Checking a few files must not cost a scan of the whole raw/ folder.
        # On strings: a build asks this of every article, and each path object costs microseconds.
        raw = f"{project.raw}{os.sep}"
        texts = {a for a in only if os.path.lexists(f"{raw}{a}.txt")}
        metas = {a for a in only if os.path.exists(f"{raw}{a}.meta.yaml")}
    else:
        texts, metas = list_raw(project, problems)
    corpus.raw_ids = texts | metas
    for article_id in sorted(texts | metas):
        if only is not None and article_id not in only:
            continue
        text_path, meta_path = project.text_path(article_id), project.meta_path(article_id)
        shown_text, shown_meta = project.relative(text_path), project.relative(meta_path)
        if article_id not in metas:
            problems.append(
                Problem(
                    shown_text, 1, "file", "raw article has no metadata file", f"add {shown_meta}", code="file-missing"
                )
            )
            continue
        if article_id not in texts:
            problems.append(
                Problem(shown_meta, 1, "file", "metadata has no raw article", f"add {shown_text}", code="file-missing")
            )
            continue
        read = read_article_text(text_path, shown_text, problems)
        parsed = _read(meta_path, shown_meta, problems, lines)
        if read is None or parsed is None:
            continue
        data, lines = parsed
        meta, found = validate_model(ArticleMeta, data, shown_meta, lines)
        problems.extend(found)
        if meta is None:
            continue
        text, raw = read
        if meta.article_id != article_id:
            problems.append(
                Problem(
                    shown_meta,
                    lines.line(("article_id",)),
                    "article_id",
                    f"{meta.article_id!r} does not match the file name {article_id!r}",
                    code="id-mismatch",
                )
            )
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != meta.sha256:
            problems.append(
                Problem(
                    shown_meta,
                    lines.line(("sha256",)),
                    "sha256",
                    f"does not match {shown_text} (its sha256 is {digest}): "
                    "the text changed, so every offset into it may be stale",
                    "restore the original text; raw articles are never edited",
                    code="sha256",
                )
            )
            continue
        first_day = date_bounds(meta.publication_date, meta.publication_date_precision)[0]
        if first_day is not None and first_day > dt.date.today():
            problems.append(
                Problem(
                    shown_meta,
                    lines.line(("publication_date",)),
                    "publication_date",
                    f"{meta.publication_date} is in the future",
                    "a publication date is one the text states; a typo in the year is the usual cause",
                    code="date-future",
                )
            )
            continue
        corpus.articles[article_id] = Article(meta, text, shown_meta)


def load_annotation(
    project: Project,
    path: Path,
    problems: list[Problem],
    named_speakers: set[str] | None = None,
    lines: bool = True,
) -> Annotation | None:
    shown = project.relative(path)
    if path.is_symlink():
        problems.append(Problem(shown, 1, "file", "annotation files must be regular files, not symlinks", code="file"))
        return None
    parsed = _read(path, shown, problems, lines)
    if parsed is None:
        return None
    data, lines = parsed
    if not isinstance(data, dict):
        problems.append(
            Problem(shown, 1, "file", "expected a mapping with article_id and statements", code="structure")
        )
        return None
    header = {key: ([] if key in RECORD_LISTS else value) for key, value in data.items()}
    _, found = validate_model(AnnotationFile, header, shown, lines)
    problems.extend(found)
    article_id = data.get("article_id")
    if not isinstance(article_id, str):
        return None
    expected = path.name.removesuffix(".yaml")
    if any(problem.field == "article_id" and problem.path == shown for problem in found):
        return None  # already reported as malformed; a name mismatch would say the same twice
    if article_id != expected:
        problems.append(
            Problem(
                shown,
                lines.line(("article_id",)),
                "article_id",
                f"{article_id!r} does not match the file name {expected!r}",
                code="id-mismatch",
            )
        )
        return None
    annotation = Annotation(article_id, shown, lines)
    for key, model, bucket in (
        ("statements", Statement, annotation.statements),
        ("entities", Entity, annotation.entities),
        ("not_statements", NotStatement, annotation.not_statements),
    ):
        items = data.get(key) or []
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if named_speakers is not None and isinstance(item, dict) and isinstance(item.get("speaker"), str):
                named_speakers.add(item["speaker"])
            if key == "statements" and isinstance(item, dict) and isinstance(item.get("statement_id"), str):
                annotation.written_ids.add(item["statement_id"])
            record, found = validate_model(model, item, shown, lines, (key, index))
            problems.extend(found)
            if record is not None:
                bucket.append((index, record))
    return annotation


def annotation_ids(project: Project, entries: list[os.DirEntry[str]] | None = None) -> set[str]:
    """The ids of the annotation files present (from their names, without path objects)."""
    names = [entry.name for entry in (folder_entries(project.annotations) if entries is None else entries)]
    return {name.removesuffix(".yaml") for name in names if name.endswith(".yaml") and not name.startswith(".")}
