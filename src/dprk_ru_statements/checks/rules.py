"""Checks across records: spans against the raw text, ids across files, speakers, dates."""

from __future__ import annotations

import difflib
import unicodedata

from ..contract.models import UNREVIEWED, Statement, is_unreviewed
from ..core.problems import Problem
from ..records.corpus import Annotation, Article, Corpus

UNREVIEWED_MESSAGE = "this statement is a suggestion nobody has reviewed yet"
QUOTE_FOLDS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})


def _shorten(value: str, limit: int = 60) -> str:
    """`value` cut to `limit`, with invisible characters (U+200B, U+202E, controls) shown as escapes:
    a hint must show what differs, and an invisible character is what usually does."""
    short = value if len(value) <= limit else value[: limit - 1] + "…"
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in INVISIBLE else ch for ch in short)


INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})


def occurrences(text: str, value: str, limit: int = 3) -> list[int]:
    """The first `limit` offsets of `value` in `text`, found by str.find (no scan in Python)."""
    found: list[int] = []
    at = text.find(value)
    while at != -1 and len(found) < limit:
        found.append(at)
        at = text.find(value, at + 1)
    return found


def span_hint(text: str, value: str, start: int, end: int) -> str:
    """What the article has at the offsets, and where `value` does occur, if anywhere: the offsets
    may be right and the text mistyped, or the reverse."""
    actual = text[start:end]
    if any(unicodedata.category(ch) in INVISIBLE for ch in value):
        return f"the text holds an invisible character: “{_shorten(value)}”; the article has “{_shorten(actual)}”"
    found = occurrences(text, value)
    if found:
        places = ", ".join(f"char_start {i} (char_end {i + len(value)})" for i in found)
        there = f"the article has {_shorten(actual)!r} there; " if actual else ""
        return f"{there}the text occurs at {places}"
    if actual.translate(QUOTE_FOLDS) == value.translate(QUOTE_FOLDS):
        return f"quotation marks or spaces differ: the article has {_shorten(actual)!r}"
    if actual.strip() == value.strip():
        return "leading or trailing whitespace differs"
    return f"the article has {_shorten(actual)!r} there"


def check_span(
    article: Article, annotation: Annotation, prefix: tuple[str, int], start: int, end: int, value: str
) -> list[Problem]:
    lines, path = annotation.lines, annotation.path
    if end > len(article.text):
        return [
            Problem(
                path,
                lines.line((*prefix, "char_end")),
                "char_end",
                f"{end} is past the end of the article ({len(article.text)} characters)",
                span_hint(article.text, value, start, end),
                code="span-out-of-range",
            )
        ]
    if article.text[start:end] != value:
        return [
            Problem(
                path,
                lines.line((*prefix, "text")),
                "text",
                f"is not the article's text at {start}-{end}",
                span_hint(article.text, value, start, end),
                code="span-mismatch",
            )
        ]
    return []


# Double quotation marks, opening and closing. Single marks are left out: at a span's edge a ’ is
# as often an apostrophe ("the allies’").
DOUBLE_MARKS = (("“", "”"), ('"', '"'))


def _marks_around(text: str) -> tuple[bool, bool]:
    """Does `text` start with a mark that belongs around it, and end with one? A mark belongs
    around the span when its partner is outside the span (dangling) or when the two enclose the
    whole span; a quoted phrase inside a sentence ("... are for “threatening peace”") is content."""
    leading = trailing = False
    for opening, closing in DOUBLE_MARKS:
        if text[:1] == opening:
            partner = text.find(closing, 1)
            leading |= partner in (-1, len(text) - 1)
        if text[-1:] == closing:
            partner = text.rfind(opening, 0, len(text) - 1)
            trailing |= partner in (-1, 0)
    return leading, trailing


def check_span_edges(annotation: Annotation, index: int, statement: Statement) -> list[Problem]:
    """A span leaves out the quotation marks around it (codebook rules 2.1 and 2.2)."""
    leading, trailing = _marks_around(statement.text)
    if not (leading or trailing):
        return []
    return [
        Problem(
            annotation.path,
            annotation.lines.line(("statements", index, "text")),
            "text",
            "starts or ends with a quotation mark: a span leaves out the marks around it (codebook 2.1, 2.2)",
            f"char_start {statement.char_start + leading}, char_end {statement.char_end - trailing}",
            code="span-edges",
        )
    ]


def _speaker_hint(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else "add the speaker to the registry, or use its canonical name"


def check_speaker(corpus: Corpus, annotation: Annotation, index: int, statement: Statement) -> list[Problem]:
    line = annotation.lines.line
    speaker = corpus.speakers.get(statement.speaker)
    if speaker is None:
        return [
            Problem(
                annotation.path,
                line(("statements", index, "speaker")),
                "speaker",
                f"{statement.speaker!r} is not in registry/speakers.yaml",
                _speaker_hint(statement.speaker, list(corpus.speakers)),
                code="speaker-unknown",
            )
        ]
    problems = []
    if speaker.named == (statement.speaker_entity is not None):
        if speaker.named:
            message = f"{speaker.name!r} is a named speaker: an entity is only for unnamed ones"
            hint = "remove speaker_entity, or use the registry's role entry if the text does not name the person"
        else:
            message = f"{speaker.name!r} is a role the registry marks unnamed: give the article's entity (e1, ...)"
            hint = "declare the person under `entities:` and name it here (codebook section 3)"
        where = line(("statements", index, "speaker_entity"))
        problems.append(Problem(annotation.path, where, "speaker_entity", message, hint, code="speaker-entity"))
    for name in ("speaker_type", "affiliation", "country", "speaker_qid"):
        mine, registered = getattr(statement, name), getattr(speaker, name)
        if mine != registered:
            problems.append(
                Problem(
                    annotation.path,
                    line(("statements", index, name)),
                    name,
                    f"{mine!r} differs from the registry's {registered!r} for {speaker.name!r}",
                    "use the registry's value, or correct the registry entry",
                    code="speaker-mismatch",
                )
            )
    return problems


def check_date_order(article: Article, annotation: Annotation, index: int, statement: Statement) -> list[Problem]:
    published, statement_date = article.meta.publication_date, statement.date
    if published is None or statement_date is None:
        return []
    width = min(len(published), len(statement_date))  # compare at the coarser precision
    if statement_date[:width] > published[:width]:
        return [
            Problem(
                annotation.path,
                annotation.lines.line(("statements", index, "date")),
                "date",
                f"{statement_date} is after the article's publication date {published}",
                code="date-order",
            )
        ]
    return []


def unused_speakers(corpus: Corpus, registry_path: str) -> list[Problem]:
    """Registry entries no statement uses: stale entries hide typos in canonical names."""
    used = corpus.named_speakers
    if used - set(corpus.speakers):
        return []  # an unknown name is reported already, and is most likely the unused entry misspelt
    return [
        Problem(
            registry_path,
            corpus.speaker_lines[name],
            "name",
            f"speaker {name!r} is used by no statement",
            "remove the entry, or correct the annotation that should use it",
            code="speaker-unused",
        )
        for name in corpus.speakers
        if name not in used
    ]


def check_annotation(corpus: Corpus, annotation: Annotation, registry: bool = True) -> list[Problem]:
    """Spans, ids, speakers and dates of one annotation file, against its article and the registry.

    Statement ids carry their article id, so no check needs another annotation file. With
    `registry=False` the speakers are left for a check of the whole table against the registry.
    """
    article = corpus.articles.get(annotation.article_id)
    if article is None:
        if annotation.article_id in corpus.raw_ids:
            return []  # the article itself is broken, and was reported
        message = f"no valid raw article raw/{annotation.article_id}.txt with metadata"
        return [
            Problem(annotation.path, annotation.lines.line(("article_id",)), "article_id", message, code="id-mismatch")
        ]
    problems = check_ids(annotation) + check_references(annotation)
    for index, statement in annotation.statements:
        problems += check_span(
            article, annotation, ("statements", index), statement.char_start, statement.char_end, statement.text
        )
        if is_unreviewed(statement.note):
            problems.append(
                Problem(
                    annotation.path,
                    annotation.lines.line(("statements", index, "note")),
                    "note",
                    UNREVIEWED_MESSAGE,
                    f"check its span, speaker and labels against the article, then delete {UNREVIEWED.strip()!r}",
                    code="unreviewed",
                )
            )
        if registry:
            problems += check_speaker(corpus, annotation, index, statement)
        problems += check_date_order(article, annotation, index, statement)
        problems += check_span_edges(annotation, index, statement)
    for index, excluded in annotation.not_statements:
        problems += check_span(
            article, annotation, ("not_statements", index), excluded.char_start, excluded.char_end, excluded.text
        )
    return problems


def check_ids(annotation: Annotation) -> list[Problem]:
    """Every id starts with its article's id (so ids cannot clash across files) and is unique."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    prefix = f"{annotation.article_id}."
    for index, statement in annotation.statements:
        line = annotation.lines.line(("statements", index, "statement_id"))
        if not statement.statement_id.startswith(prefix):
            problems.append(
                Problem(
                    annotation.path,
                    line,
                    "statement_id",
                    f"{statement.statement_id!r} must start with {prefix!r}",
                    "the article id prefix is what keeps ids unique across files",
                    code="id-duplicate",
                )
            )
        elif statement.statement_id in seen:
            problems.append(
                Problem(
                    annotation.path,
                    line,
                    "statement_id",
                    f"duplicate id {statement.statement_id!r} "
                    f"(first at {annotation.path}:{seen[statement.statement_id]})",
                    "ids are permanent: give the new statement the next unused number",
                    code="id-duplicate",
                )
            )
        else:
            seen[statement.statement_id] = line
    return problems


def check_references(annotation: Annotation) -> list[Problem]:
    """`repeat_of` names the fullest mention of the same file, which repeats nothing itself, and
    `speaker_entity` names an entity the file declares for that speaker."""
    problems: list[Problem] = []
    line, path = annotation.lines.line, annotation.path
    statements = {statement.statement_id: statement for _, statement in annotation.statements}
    entities = {entity.entity: entity for _, entity in annotation.entities}
    for index, statement in annotation.statements:
        target = statements.get(statement.repeat_of) if statement.repeat_of else None
        where = line(("statements", index, "repeat_of"))
        if statement.repeat_of is not None and target is None:
            # A target that is in the file but broken is reported already, as itself.
            if statement.repeat_of not in annotation.written_ids:
                problems.append(
                    Problem(
                        path,
                        where,
                        "repeat_of",
                        f"{statement.repeat_of!r} is no statement of this file",
                        code="repeat-of",
                    )
                )
        elif target is not None and (target is statement or target.repeat_of is not None):
            problems.append(
                Problem(
                    path,
                    where,
                    "repeat_of",
                    f"{statement.repeat_of!r} is itself a repeat (or this statement)",
                    "point every mention at the fullest one, whose repeat_of is null",
                    code="repeat-of",
                )
            )
        elif target is not None and target.speaker != statement.speaker:
            problems.append(
                Problem(
                    path,
                    where,
                    "repeat_of",
                    f"{statement.repeat_of!r} is by {target.speaker!r}, not {statement.speaker!r}",
                    "a repeat is the same speaker's same proposition (codebook rule 2.9)",
                    code="repeat-of",
                )
            )
        entity = entities.get(statement.speaker_entity) if statement.speaker_entity else None
        where = line(("statements", index, "speaker_entity"))
        if statement.speaker_entity is not None and entity is None:
            problems.append(
                Problem(
                    path,
                    where,
                    "speaker_entity",
                    f"{statement.speaker_entity!r} is not declared under entities",
                    f"add `- entity: {statement.speaker_entity}` with its speaker and a note to `entities:`",
                    code="speaker-entity",
                )
            )
        elif entity is not None and entity.speaker != statement.speaker:
            problems.append(
                Problem(
                    path,
                    where,
                    "speaker_entity",
                    f"{entity.entity} is {entity.speaker!r}, not {statement.speaker!r}",
                    code="speaker-entity",
                )
            )
    seen: set[str] = set()
    for index, entity in annotation.entities:
        if entity.entity in seen:
            problems.append(
                Problem(
                    path,
                    line(("entities", index, "entity")),
                    "entity",
                    f"{entity.entity!r} is declared twice",
                    code="id-duplicate",
                )
            )
        seen.add(entity.entity)
    return problems
