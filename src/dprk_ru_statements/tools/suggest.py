"""Suggest candidate statements in a raw article: a draft annotation for a person to review.

Rules, not a model: quotation marks (`quotes.quoted_spans`) and the attribution cues of
`schema/cues.yaml`. Every suggestion's note starts with `models.UNREVIEWED`, which `validate` refuses,
so no draft reaches a release before an annotator has checked each record. docs/suggest.md
describes the rules and how well they do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..contract.vocab import schema_dir, vocabularies
from ..core.paths import Project
from ..core.problems import Problem
from ..records.corpus import read_article_text
from ..records.quotes import QuotedSpan, quoted_spans
from ..records.yamlio import parse_yaml

OPENING_MARKS = "“‘\"'"
CLOSING_MARKS = "”’\"'"

# Closed classes of English grammar the rules lean on; the open lexicon is in schema/cues.yaml.
DETERMINERS = {"the", "a", "an"}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "his", "her", "their", "its", "our", "my"}
AUXILIARIES = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "did", "does"}
ADVERBS = {"also", "again", "further", "then", "later", "today", "earlier", "previously", "repeatedly", "once"}
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gen", "sen", "rep", "st", "jr", "no", "sept", "lt", "col", "gov", "prof"}
WORD = r"[\w’'.\-\[\]]+"
# Where a speaker phrase cannot reach back across: a dash, colon, quotation mark, dateline ">>".
PUNCTUATION_BOUNDARY = re.compile(r"[—–:;>“”\"]|\s-\s")
SUBORDINATOR = re.compile(r"\b(?:after|before|when|while|because|since|which|who|that|where|if|but|than|though)\b")
# "said in the message ...", "said on Friday": where or when, not what (unless "that" follows).
PREPOSITION_START = re.compile(r"\s*(?:in|at|on|during|after|before|ahead|while|when|with|from|by|via|through)\b")
THAT_NEARBY = re.compile(rf"\s*(?:{WORD}\s+){{0,3}}?that\b[\s,]*")
# "said at a briefing later in the day that ...": a longer adverbial, when it opens with a preposition.
THAT_AFTER_ADVERBIAL = re.compile(rf"\s*(?:{WORD}\s+){{1,8}}?that\b[\s,]*")
# A cue that shares the previous one's subject: ", adding", " and reaffirmed", " but vowed".
COORDINATED = re.compile(r"(?:,\s*(?:and\s+|but\s+)?|\s+(?:and|but)\s+)(?:(?:also|again|later|then|further)\s+)?$")
# "..., he said." and "...,” the statement said.": an attribution after the content.
TRAILING = re.compile(rf",[”’\"']?\s+(?:{WORD}\s+){{0,6}}$")
# "... in February — which Moscow denied": a relative pronoun as the whole content (codebook 2.7).
RELATIVE = re.compile(rf"\s*(?:,|—|–)\s*((?:which|that)\s+(?:{WORD}\s+){{1,4}})$")
# "told reporters these ...", "told the council,": the listener ends at a determiner, pronoun,
# "that", a capital or punctuation.
ADDRESSEE = re.compile(
    r"\s+(?:(?:the|a|an|his|her|their)\s+)?\w+(?:\s+(?!(?:the|these|this|that|those|it|a|an)\b)[a-z]+)*"
)


@dataclass(frozen=True)
class Cue:
    name: str
    pattern: re.Pattern[str]
    claim_type: str | None
    takes: str  # content, addressee or source (see cues.yaml)


@dataclass(frozen=True)
class Lexicon:
    cues: tuple[Cue, ...]
    act_words: dict[str, re.Pattern[str]]
    content_words: dict[str, re.Pattern[str]]
    speaker_types: dict[str, re.Pattern[str]]


@dataclass(frozen=True)
class CueHit:
    cue: Cue
    start: int
    end: int
    form: str

    @property
    def participle(self) -> bool:
        # "saying", "adding" hang on the clause before them; "according to" is no verb form.
        return self.cue.takes != "source" and self.form.split()[0].endswith("ing")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    quotes: tuple[QuotedSpan, ...]  # offsets into the whole article


@dataclass(frozen=True)
class Suggestion:
    start: int
    end: int
    quote_kind: str
    speaker: str
    claim_type: str
    reason: str


# --- the lexicon -------------------------------------------------------------------------------


def _alternatives(words: list[Any], where: str) -> str:
    # YAML reads an unquoted `false` or `no` as a boolean: say so instead of failing in re.
    if not words or not all(isinstance(word, str) for word in words):
        raise ValueError(f"schema/cues.yaml: {where}: expected a list of quoted strings, got {words!r}")
    return "|".join(words)


def _label(label: str | None, where: str) -> str | None:
    if label is not None and label not in vocabularies().claim_type:
        raise ValueError(f"schema/cues.yaml: {where}: {label!r} is not a claim type")
    return label


def _cue(name: str, entry: dict[str, Any]) -> Cue:
    pattern = re.compile(r"(?<![\w’'-])(?:" + _alternatives(entry["forms"], name) + r")(?![\w’'-])")
    takes = entry.get("takes", "content")
    if takes not in {"content", "addressee", "source"}:
        raise ValueError(f"schema/cues.yaml: {name}: takes must be content, addressee or source")
    return Cue(name, pattern, _label(entry.get("claim_type"), name), takes)


def _table(data: dict[str, Any], key: str) -> dict[str, re.Pattern[str]]:
    return {
        label: re.compile(r"(?<!\w)(?:" + _alternatives(words, f"{key}.{label}") + ")", re.IGNORECASE)
        for label, words in data[key].items()
    }


@cache
def lexicon() -> Lexicon:
    """The cue lexicon of `schema/cues.yaml`, checked against the claim types."""
    data, _ = parse_yaml((schema_dir() / "cues.yaml").read_text("utf-8"))
    cues = tuple(_cue(name, entry) for name, entry in data["cues"].items())
    for key in ("act_words", "content_words"):
        for label in data[key]:
            _label(label, key)
    tables = {key: _table(data, key) for key in ("act_words", "content_words", "speaker_types")}
    return Lexicon(cues, tables["act_words"], tables["content_words"], tables["speaker_types"])


# --- sentences ---------------------------------------------------------------------------------


def _is_body(line: str) -> bool:
    # Headlines, teasers, credits and navigation do not end like sentences; body paragraphs do.
    return bool(re.search(r"(?:[.!?:]|[.!?,][”’\"'])$", line.rstrip()))


def _inside(position: int, quotes: tuple[QuotedSpan, ...]) -> bool:
    return any(q.start <= position < q.end for q in quotes)


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"[\w.]*$", text[:dot]).group()  # type: ignore[union-attr]  # always matches
    return bool(re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", word)) or word.casefold() in ABBREVIATIONS


def _sentence(text: str, start: int, end: int, quotes: tuple[QuotedSpan, ...]) -> Sentence:
    start += len(text[start:end]) - len(text[start:end].lstrip(" \t•*-"))
    end -= len(text[start:end]) - len(text[start:end].rstrip())
    return Sentence(start, end, tuple(q for q in quotes if start <= q.start and q.end < end))


def sentences(text: str) -> list[Sentence]:
    """The sentences of the article's body paragraphs, never split inside quotation marks."""
    found = []
    for line in re.finditer(r"[^\n]+", text):
        if not _is_body(line.group()):
            continue
        offset = line.start()
        quotes = tuple(QuotedSpan(q.start + offset, q.end + offset, q.text) for q in quoted_spans(line.group()))
        start = offset
        for stop in re.finditer(r"[.!?][”’\"']?(?=\s+[A-Z“‘\"'0-9•(])", line.group()):
            end = offset + stop.end()
            if not _inside(end, quotes) and not _is_abbreviation(text, offset + stop.start()):
                found.append(_sentence(text, start, end, quotes))
                start = end
        found.append(_sentence(text, start, line.end(), quotes))
    return [sentence for sentence in found if sentence.end > sentence.start]


def cue_hits(text: str, sentence: Sentence) -> list[CueHit]:
    """Cues in the reporter's words of a sentence (never inside quotation marks), longest first."""
    hits = []
    for cue in lexicon().cues:
        for match in cue.pattern.finditer(text, sentence.start, sentence.end):
            if not any(q.start - 1 <= match.start() <= q.end for q in sentence.quotes):
                hits.append(CueHit(cue, match.start(), match.end(), match.group()))
    kept: list[CueHit] = []
    for hit in sorted(hits, key=lambda h: (h.start, h.start - h.end)):
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


# --- spans and kinds ---------------------------------------------------------------------------


def trim(text: str, start: int, end: int, quotes: tuple[QuotedSpan, ...]) -> tuple[int, int]:
    """A content span by the codebook: no spaces, no marks at its ends, no final comma or stop."""
    while start < end and (text[start].isspace() or text[start] in ",—–:"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if text[start : start + 1] in tuple(OPENING_MARKS) and any(q.start == start + 1 for q in quotes):
        start += 1
    if text[end - 1 : end] in tuple(CLOSING_MARKS) and any(q.end == end - 1 for q in quotes):
        return start, end - 1  # the punctuation inside the marks is the speaker's
    if any((q.start, q.end) == (start, end) for q in quotes):
        return start, end
    while end > start and text[end - 1] in ".,;:—– ":
        end -= 1
    return start, end


def quote_kind(start: int, end: int, quotes: tuple[QuotedSpan, ...], introducer: str) -> str:
    """Direct: one whole quote, introduced as a clause; partial: quotation woven in; else indirect."""
    if any((q.start, q.end) == (start, end) for q in quotes):
        # "called it “the largest ...”" is a quoted phrase; "said: “...”", "that “...”" a clause.
        return "direct" if introducer in {"that", ":", ",", "after"} else "partial"
    touching = [q for q in quotes if q.start - 1 <= end and start <= q.end]
    return "partial" if touching else "indirect"


# --- speakers ----------------------------------------------------------------------------------


def _words(phrase: str) -> list[str]:
    return phrase.split()


def _is_name(phrase: str) -> bool:
    return bool(phrase) and all(word[0].isupper() for word in _words(phrase))


def _is_verb(word: str) -> bool:
    return word.islower() and (word.endswith("ed") or word in AUXILIARIES)


def _strip_determiner(phrase: str) -> str:
    words = _words(phrase.strip(" ,.;:—–-"))
    while words and words[0].casefold() in DETERMINERS:
        words = words[1:]
    return " ".join(words)


def _choose_part(phrase: str) -> str:
    # "On Friday, X told": the last part. "X, Y, told": X or its apposition Y, whichever is a
    # name ("The US envoy, Sung Kim,"; "Tim Kaine, a Democrat,"). "A, B, C and D, issued": a list.
    closed = phrase.rstrip().endswith(",")
    parts = [part.strip() for part in phrase.rstrip().rstrip(",").split(",")]
    if closed and len(parts) == 2:
        names = [part for part in parts if _is_name(part)]
        return names[0] if len(names) == 1 else parts[0]
    return ", ".join(parts) if closed else parts[-1]


def speaker_before(text: str, clause_start: int, cue_start: int) -> str:
    """The speaker phrase right before a cue ("the White House said", "Sung Kim, told")."""
    words = _words(text[clause_start:cue_start].lstrip(CLOSING_MARKS + " "))
    while words and words[-1].casefold() in AUXILIARIES | ADVERBS:
        words = words[:-1]
    if words and words[-1].casefold() in PRONOUNS:
        return words[-1]  # "a man it said had tried ..."
    phrase = _choose_part(" ".join(words))
    for boundary in (PUNCTUATION_BOUNDARY, SUBORDINATOR):
        phrase = boundary.split(phrase)[-1]
    kept = _words(phrase)
    verbs = [index for index, word in enumerate(kept) if _is_verb(word)]
    return _strip_determiner(" ".join(kept[verbs[-1] + 1 :] if verbs else kept))


def speaker_after(text: str, cue_end: int, sentence_end: int) -> str:
    """The speaker of an inverted attribution (", said a State Department spokesperson after ...")."""
    stop = r"[,.;:]|\s(?:after|in|at|on|during|who|when|while|as|before|to)\s"
    return _strip_determiner(re.split(stop, text[cue_end:sentence_end])[0])


def main_subject(text: str, sentence: Sentence, before: int) -> str:
    """The subject of the clause a participle hangs on ("North Korea has ..., blaming")."""
    for verb in re.finditer(r"\S+", text[sentence.start : before]):
        phrase = _choose_part(text[sentence.start : sentence.start + verb.start()])
        # "Days before its mandate expired, the panel submitted ...": the subject is "the panel".
        if _is_verb(verb.group()) and phrase.strip() and not SUBORDINATOR.search(phrase):
            return speaker_before(text, sentence.start, sentence.start + verb.start())
    return ""


def resolve(speaker: str, previous: str | None) -> str:
    """A pronoun ("he said", "His government has determined") stands for the previous speaker."""
    words = _words(speaker)
    if previous and (not words or words[0].casefold() in PRONOUNS):
        return previous
    return speaker or "unknown speaker"


def speaker_type(speaker: str) -> str:
    for label in ("group", "organization"):
        if lexicon().speaker_types[label].search(speaker):
            return label
    return "person"


def claim_type(words: str, cue: Cue | None) -> str:
    """The cue's own act, else act words, else content words, by the codebook's precedence."""
    if cue is not None and cue.claim_type:
        return cue.claim_type
    precedence = vocabularies().claim_type_precedence
    for table in (lexicon().act_words, lexicon().content_words):
        labels = [label for label, pattern in table.items() if pattern.search(words)]
        if labels:
            return min(labels, key=precedence.index)
    return "assessment"


# --- content after a cue -----------------------------------------------------------------------


def content_start(text: str, hit: CueHit, end: int) -> tuple[int, str] | None:
    """Where the content after a cue starts and what introduces it; None when the cue has none."""
    position = hit.end
    if hit.cue.takes == "addressee" and (listener := ADDRESSEE.match(text, position, end)):
        position = listener.end()
    rest = text[position:end]
    if introduced := re.match(r"\s*([,:])\s*(?=[“‘\"'])", rest):  # said: “...” / said, “...”
        return position + introduced.end(), introduced.group(1)
    if hit.cue.takes == "source" or re.match(r"\s*(?:[,.;:!?]|$)", rest):
        return None
    adverbial = PREPOSITION_START.match(rest)
    if that := THAT_NEARBY.match(rest) or (adverbial and THAT_AFTER_ADVERBIAL.match(rest)):
        return position + that.end(), "that"
    if adverbial:
        return None
    return position + len(rest) - len(rest.lstrip()), ""


def content_end(text: str, start: int, end: int, later: list[CueHit]) -> int:
    """Where content stops: before a coordinated cue, a source, a trailing attribution or a relative
    clause. A cue inside the content with a subject of its own is nested and stays in (codebook 2.8)."""
    for hit in later:
        before = text[start : hit.start]
        if hit.cue.takes == "source":
            return start + len(before.rstrip())
        if coordinated := _coordinated(before, hit):
            return start + coordinated.start()
        if relative := RELATIVE.search(before):
            return start + relative.start()
        if content_start(text, hit, end) is None and (trailing := TRAILING.search(before)):
            return start + trailing.start() + 1  # keep the comma: it may belong to a quote
    return end


def _coordinated(before: str, hit: CueHit) -> re.Match[str] | None:
    """The connector that makes a cue share the previous cue's subject: ", adding", " but vowed"."""
    match = COORDINATED.search(before)
    if match and (hit.participle or re.search(r"\b(?:and|but)\s", match.group())):
        return match
    return None


def _is_anaphoric(text: str, start: int, end: int) -> bool:
    # "denied these accusations, claiming ...": a short phrase pointing back carries no proposition.
    words = _words(text[start:end])
    return len(words) <= 3 and words[0].casefold() in {"this", "these", "that", "those", "it", "them", "such"}


# --- content before a cue ----------------------------------------------------------------------


def _closes_quote(sentence: Sentence, comma: int) -> bool:
    return any(q.end == comma + 1 for q in sentence.quotes)


def _inverted_comma(text: str, sentence: Sentence, hit: CueHit) -> int | None:
    """The comma of "<clause>, said <speaker>", or None when the cue's subject comes before it.

    "The US is concerned that ..., said a spokesperson" has a verb before the comma; "Sung Kim,
    told" and "Tim Kaine, a Democrat from Virginia, said" end a name or an apposition.
    """
    before = text[sentence.start : hit.start].rstrip()
    comma = sentence.start + len(before) - 1
    if text[comma - 1 : comma] == "," and _closes_quote(sentence, comma - 1):
        return comma - 1
    if not before.endswith(",") or hit.cue.takes == "addressee":
        return None
    part = before[:-1].rsplit(",", 1)[-1].strip()
    if re.match(r"(?:which|who)\b", part) or not any(_is_verb(word) for word in _words(part)):
        return None
    return comma


def _attribution_comma(text: str, sentence: Sentence, hit: CueHit) -> int | None:
    """The comma before "<speaker> said" when a short phrase without a verb sits between."""
    for comma in re.finditer(r",[”’\"']?\s*", text[sentence.start : hit.start]):
        position = sentence.start + comma.start()
        if position == sentence.start or (_inside(position, sentence.quotes) and not _closes_quote(sentence, position)):
            continue
        between = _words(text[sentence.start + comma.end() : hit.start])
        if len(between) <= 8 and not any(_is_verb(word) for word in between):
            return position
    return None


def attribution(text: str, sentence: Sentence, hit: CueHit) -> tuple[int, int, str] | None:
    """Content that comes before its cue, from the sentence start to a comma, and its speaker:
    "“...,” Wood said", "“...,” said Senator Coons", "..., according to TASS"."""
    if hit.participle:
        return None
    inverted = content_start(text, hit, sentence.end) is not None
    comma = _inverted_comma(text, sentence, hit) if inverted else _attribution_comma(text, sentence, hit)
    if comma is None:
        return None
    if inverted or hit.cue.takes == "source":
        speaker = speaker_after(text, hit.end, sentence.end)
    else:
        speaker = speaker_before(text, comma + 1, hit.start)
    if text[sentence.start] in OPENING_MARKS and _closes_quote(sentence, comma):
        return sentence.start + 1, comma + 1, speaker  # a whole quote keeps its comma (codebook 2.1)
    return *trim(text, sentence.start, comma, sentence.quotes), speaker


# --- one sentence ------------------------------------------------------------------------------


def _suggestion(
    text: str, sentence: Sentence, span: tuple[int, int], speaker: str, hit: CueHit | None, introducer: str
) -> Suggestion:
    start, end = span
    # A participle takes its act from the clause it hangs on ("defended ..., saying ...").
    context = text[sentence.start : hit.start] if hit and hit.participle else ""
    words = " ".join((context, hit.form if hit else "", text[start:end]))
    reason = f"the cue {hit.form!r}" if hit else "a paragraph-long quote, speaker carried over"
    kind = quote_kind(start, end, sentence.quotes, introducer)
    return Suggestion(start, end, kind, speaker, claim_type(words, hit.cue if hit else None), reason)


def _speaker_of(text: str, sentence: Sentence, hit: CueHit, last: str | None) -> str:
    if last and _coordinated(text[sentence.start : hit.start], hit):
        return last  # ", adding ...", "... but vowed ...": the same subject
    if hit.participle:
        return main_subject(text, sentence, hit.start)
    return speaker_before(text, sentence.start, hit.start)


def _continued_quote(text: str, sentence: Sentence, previous: str | None) -> list[Suggestion]:
    # A paragraph-long quote with no cue continues the previous speaker (codebook 2.3).
    whole = [q for q in sentence.quotes if (q.start - 1, q.end + 1) == (sentence.start, sentence.end)]
    if not whole or previous is None:
        return []
    return [_suggestion(text, sentence, (whole[0].start, whole[0].end), previous, None, "after")]


def _leading_source(text: str, sentence: Sentence, hit: CueHit, later: list[CueHit]) -> tuple[list[Suggestion], int]:
    # "According to the ministry, the shipments were illegal."
    comma = text.find(",", hit.end, sentence.end)
    if text[sentence.start : hit.start].strip() or comma < 0:
        return [], hit.end
    start, end = trim(text, comma + 1, content_end(text, comma + 1, sentence.end, later), sentence.quotes)
    if end <= start:
        return [], hit.end
    return [_suggestion(text, sentence, (start, end), _strip_determiner(text[hit.end : comma]), hit, ",")], end


def _relative(text: str, sentence: Sentence, hit: CueHit, previous: str | None) -> list[Suggestion]:
    # "— which Moscow denied": the span runs from the pronoun to the cue (codebook 2.7).
    relative = RELATIVE.search(text[sentence.start : hit.start])
    if relative is None:
        return []
    speaker = resolve(" ".join(_words(relative.group(1))[1:]), previous)
    return [_suggestion(text, sentence, (sentence.start + relative.start(1), hit.end), speaker, hit, "")]


def _after_cue(
    text: str, sentence: Sentence, hit: CueHit, later: list[CueHit], last: str | None, previous: str | None
) -> tuple[list[Suggestion], int]:
    """The suggestion whose content follows `hit`, and where that content ends: a cue before that
    end is nested in it (codebook 2.8). `last` is the sentence's previous speaker, if any."""
    if hit.cue.takes == "source":
        return _leading_source(text, sentence, hit, later)
    if (opened := content_start(text, hit, sentence.end)) is None:
        return _relative(text, sentence, hit, last or previous), hit.end
    start, end = trim(text, opened[0], content_end(text, opened[0], sentence.end, later), sentence.quotes)
    if end <= start or _is_anaphoric(text, start, end):
        return [], max(end, hit.end)
    speaker = resolve(_speaker_of(text, sentence, hit, last), last or previous)
    return [_suggestion(text, sentence, (start, end), speaker, hit, opened[1])], end


def sentence_suggestions(text: str, sentence: Sentence, previous: str | None) -> list[Suggestion]:
    """The candidate statements of one sentence; `previous` is the last speaker before it."""
    hits = cue_hits(text, sentence)
    if not hits:
        return _continued_quote(text, sentence, previous)
    found: list[Suggestion] = []
    covered = sentence.start  # text before this belongs to a suggestion or its attribution
    if before := attribution(text, sentence, hits[0]):
        start, end, speaker = before
        found.append(_suggestion(text, sentence, (start, end), resolve(speaker, previous), hits[0], "after"))
        covered = hits[0].end
    for index, hit in enumerate(hits):
        if hit.start >= covered:
            last = found[-1].speaker if found else None
            more, covered = _after_cue(text, sentence, hit, hits[index + 1 :], last, previous)
            found += more
    return found


# --- the article -------------------------------------------------------------------------------


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def suggest(text: str) -> list[Suggestion]:
    """Candidate statements of an article in text order. A text found twice is kept at its last
    occurrence: headline, caption and lede repeats come before the body (codebook 2.9)."""
    found: list[Suggestion] = []
    for sentence in sentences(text):
        found += sentence_suggestions(text, sentence, found[-1].speaker if found else None)
    last = {_key(text[s.start : s.end]): index for index, s in enumerate(found)}
    return [s for index, s in enumerate(found) if last[_key(text[s.start : s.end])] == index]


def draft_records(article_id: str, text: str) -> dict[str, Any]:
    """The draft annotation file as data, every statement checked by `models.AnnotationFile`."""
    from ..contract.models import UNREVIEWED, AnnotationFile  # pydantic loads on first use: the CLI starts fast

    statements = [
        {
            "statement_id": f"{article_id}.s{number:02d}",
            "speaker": suggestion.speaker,
            "speaker_type": speaker_type(suggestion.speaker),
            "affiliation": None,
            "country": None,
            "speaker_qid": None,
            "date": None,
            "date_precision": "unknown",
            "venue": None,
            "claim_type": suggestion.claim_type,
            "quote_kind": suggestion.quote_kind,
            "char_start": suggestion.start,
            "char_end": suggestion.end,
            "text": text[suggestion.start : suggestion.end],
            "note": f"{UNREVIEWED}suggested from {suggestion.reason}; speaker, labels and span are guesses.",
        }
        for number, suggestion in enumerate(suggest(text), start=1)
    ]
    data = {"article_id": article_id, "statements": statements, "not_statements": []}
    return AnnotationFile.model_validate(data).model_dump()


def draft_for_article(project: Project, article_id: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The draft of raw/ARTICLE_ID.txt, or the problems that make its offsets worthless (a text that
    `validate` refuses)."""
    source = project.text_path(article_id)
    problems: list[Problem] = []
    read = read_article_text(source, project.relative(source), problems)
    if read is None or problems:
        return None, problems
    return draft_records(article_id, read[0]), []
