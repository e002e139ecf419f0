"""Suggest candidate statements in a raw article: a draft annotation for a person to review.

Built on a dependency parse (spaCy, `suggest_nlp`): sentences from the parser, attribution cues by
lemma (schema/cues.yaml), the cue's subject as the source and its complement as the content,
quotation marks (`quotes.quoted_spans`) for direct quotes, a rule layer for coreference
("he", "the ministry", "the two officials"), the registry for speakers (`suggest_speakers`), and a
lexicon for claim types with a confidence (`suggest_claims`). Own-voice document text (codebook
1.2) is one record per sentence. Every suggestion's note starts with `models.UNREVIEWED`, which
`validate` refuses. docs/suggest.md describes the method and how well it does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from ..core.paths import Project
from ..core.problems import Problem
from ..records.corpus import read_article_text
from ..records.quotes import QuotedSpan, quoted_spans
from ..records.yamlio import read_yaml
from .suggest_claims import claim_type, lexicon, threshold
from .suggest_speakers import Registry, Speaker, normalise, type_from_parse

OPENING_MARKS = "“‘\"'"
CLOSING_MARKS = "”’\"'"
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
# Parts of a subject phrase that are not the speaker: "Kim, quoted by KCNA,", "X, who ...".
NOT_SPEAKER = {"acl", "relcl", "advcl", "punct", "cc", "prep_channel", "advmod", "aux"}
PERSONAL = {"he", "she", "i", "him", "her", "his"}
PLURAL = {"they", "both", "we"}
OBJECT_PREPOSITIONS = {"about", "over", "at", "to", "for", "against", "on", "upon", "of", "with"}
END_TRIM = ".,;:—– "
DATELINE = re.compile(r"^(?:[A-Z][\w.]*(?: [A-Z][\w.]*)*, \w+ \d{1,2} \(\w+\) --|[A-Z]{3,}(?: [A-Z]{2,})* [–—-]) ")


@dataclass(frozen=True)
class Suggestion:
    start: int
    end: int
    quote_kind: str
    speaker: str
    claim_type: str
    reason: str
    speaker_type: str = "person"
    affiliation: str | None = None
    country: str | None = None
    venue: str | None = None
    channel: str | None = None
    confidence: float = 1.0
    claim_type_secondary: str | None = None
    speaker_how: str = "parse"


@dataclass
class Article:
    text: str
    genre: str
    registry: Registry
    issuer: Speaker | None
    coreference: bool
    quotes: list[QuotedSpan]
    history: list[tuple[Speaker, str]]  # (speaker, head lemma) in text order
    persons: list[str]  # PERSON names in text order, for "the two officials"
    mentions: list[tuple[int, str]] = field(default_factory=list)  # every PERSON mention: offset, name
    in_document: bool = False  # inside the issuer's own text
    sender: Speaker | None = None  # the subject of the last paragraph, for "The message said:"


# --- the lexicon -------------------------------------------------------------------------------


@cache
def cues() -> dict[str, dict[str, Any]]:
    return {lemma: dict(entry or {}) for lemma, entry in lexicon()["cues"].items()}


def _lemma(token: Any) -> str:
    return str(token.lemma_).lower()


# --- paragraphs --------------------------------------------------------------------------------


def _is_body(line: str) -> bool:
    # Headlines, teasers, credits and navigation do not end like sentences; body paragraphs do.
    return bool(re.search(r"(?:[.!?:]|[.!?,][”’\"']|-0-)$", line.rstrip()))


def _offset(token: Any, base: int) -> tuple[int, int]:
    return base + token.idx, base + token.idx + len(token.text)


def _inside_quote(position: int, quotes: list[QuotedSpan]) -> bool:
    return any(q.start <= position < q.end for q in quotes)


def trim(text: str, start: int, end: int, quotes: list[QuotedSpan]) -> tuple[int, int]:
    """A content span by the codebook: no spaces, no marks at its ends, no final comma or stop."""
    while start < end and (text[start].isspace() or text[start] in ",—–:;"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if text.endswith("-0-", start, end):
        end -= 3
        while end > start and text[end - 1].isspace():
            end -= 1
    if text[start : start + 1] in tuple(OPENING_MARKS) and any(q.start == start + 1 for q in quotes):
        start += 1
    if text[end - 1 : end] in tuple(CLOSING_MARKS) and any(q.end == end - 1 for q in quotes):
        return start, end - 1  # the punctuation inside the marks is the speaker's
    if any((q.start, q.end) == (start, end) for q in quotes):
        return start, end
    while end > start and text[end - 1] in END_TRIM:
        end -= 1
    return start, end


def kind_of(start: int, end: int, quotes: list[QuotedSpan], clause: bool) -> str:
    """Direct: one whole quote given as a clause; partial: quotation woven in; else indirect."""
    if any((q.start, q.end) == (start, end) for q in quotes):
        return "direct" if clause else "partial"
    touching = [q for q in quotes if q.start - 1 <= end and start <= q.end]
    return "partial" if touching else "indirect"


# --- speakers ----------------------------------------------------------------------------------


def _subject(cue: Any) -> Any | None:
    """The cue's subject, climbing from a coordinated cue or a participle to the clause it hangs on."""
    token = cue
    if (
        cue.dep_ == "acl"
        and cue.head.dep_ == "ROOT"
        and cue.head.pos_ in {"NOUN", "PROPN"}
        and cue.tag_ in {"VBD", "VBN"}
    ):
        return cue.head  # "The two officials condemned ...", misparsed as a noun with a modifier
    for _ in range(4):
        for child in token.children:
            if child.dep_ in SUBJECTS:
                return child
        if token.dep_ in {"conj", "advcl", "xcomp", "ccomp", "acl"} and token.head.i != token.i:
            if token.dep_ == "ccomp" and any(c.dep_ == "mark" for c in token.children):
                return None
            token = token.head
            continue
        return None
    return None


def _channel_in(tokens: list[Any]) -> tuple[str | None, set[int]]:
    """A channel named inside a subject phrase ("Kim, quoted by KCNA,"): its name and the token ids."""
    verbs = set(lexicon().get("channel_verbs", []))
    for token in tokens:
        if token.dep_ == "acl" and _lemma(token) in verbs:
            ids = {t.i for t in token.subtree}
            names = [t for t in token.subtree if t.dep_ == "pobj"]
            if names:
                return " ".join(t.text for t in names[0].subtree if t.dep_ != "det"), ids
            return None, ids
    return None, set()


def _phrase(tokens: list[Any], base: int, text: str) -> str:
    tokens = [t for t in tokens if not t.is_punct or t.text in {"-", "’", "'"}]
    while tokens and tokens[0].dep_ == "det" and tokens[0].lower_ in {"the", "a", "an"}:
        tokens = tokens[1:]
    while tokens and tokens[-1].dep_ in {"case", "punct"}:
        tokens = tokens[:-1]
    if not tokens:
        return ""
    return text[_offset(tokens[0], base)[0] : _offset(tokens[-1], base)[1]]


def speaker_of(subject: Any, base: int, article: Article) -> tuple[Speaker, str | None]:
    """The speaker a subject phrase stands for, and a channel named inside it."""
    channel, skip = _channel_in(list(subject.subtree))
    tokens = [
        t
        for t in subject.subtree
        if t.i not in skip
        and not any(a.dep_ in {"relcl", "acl", "appos"} and a.i != subject.i for a in _ancestors_to(t, subject))
    ]
    persons = [
        e for e in subject.doc.ents if e.label_ == "PERSON" and e.start >= tokens[0].i and e.end <= tokens[-1].i + 1
    ]
    head = subject
    text = article.text
    if head.lower_ in {"i", "we", "my", "our"} and article.in_document and article.issuer is not None:
        return replace(article.issuer, how="coreference"), channel
    possessive = [c for c in head.children if c.dep_ == "poss" and c.lower_ in PERSONAL | {"his", "her", "their"}]
    if possessive and article.coreference:
        resolved = _coreference(possessive[0], article)  # "His government": the person whose speech it continues
        if resolved is not None:
            return resolved, channel
    if head.lower_ in {"he", "she"} and article.in_document and article.coreference:
        # In a document's own text "he" is the person it is about, the last one named before.
        resolved = _person_before(base + head.idx, article)
        if resolved is not None:
            return resolved, channel
    if head.pos_ == "PRON" or _is_anaphoric(head):
        resolved = _coreference(head, article) if article.coreference else None
        if resolved is not None:
            return resolved, channel
    if len(persons) == 1 and not any(t.dep_ == "conj" and t.head.i == head.i for t in tokens):
        name = text[base + persons[0].start_char : base + persons[0].end_char]
        found = article.registry.speaker(name, "person")
        return (found if found.resolved else Speaker(name, "person")), channel
    phrase = _phrase(tokens, base, text)
    if len(persons) >= 2 and any(t.dep_ == "conj" for t in tokens):
        names = [text[base + e.start_char : base + e.end_char] for e in persons]
        phrase = " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 2 else " and ".join(names)
        found = article.registry.speaker(phrase, "group")
        return (found if found.resolved else Speaker(phrase, "group")), channel
    found = article.registry.speaker(phrase, type_from_parse(head, tokens))
    if not found.resolved:
        # "A spokesperson for the Foreign Ministry of the DPRK": the registry may know the whole
        # role; else the name inside it decides nothing and the phrase stays, in the codebook's form.
        found = Speaker(role_name(phrase), found.speaker_type)
    return found, channel


def _person_before(position: int, article: Article) -> Speaker | None:
    """The last person named before `position`, by the fullest form of the name in the article."""
    earlier = [name for start, name in article.mentions if start < position]
    if not earlier:
        return None
    name = earlier[-1]
    fuller = [p for p in article.persons if set(name.split()) < set(p.split())]
    name = fuller[0] if fuller else name
    found = article.registry.speaker(name, "person")
    return replace(found if found.resolved else Speaker(name, "person"), how="coreference")


def role_name(phrase: str) -> str:
    """An unregistered speaker phrase as the codebook names speakers by role (section 3): no article
    or possessive pronoun before it, "spokesperson" for spokesman/spokeswoman, a country's
    possessive as its adjective ("South Korea's senior official": South Korean ...), first letter
    capital."""
    names = lexicon().get("role_names") or {}
    phrase = re.sub(r"^(?:the|a|an|its|their|his|her)\s+", "", phrase.strip(), flags=re.IGNORECASE)
    for form, short in (names.get("words") or {}).items():
        phrase = re.sub(rf"\b{re.escape(form)}\b", short, phrase)
    for country, adjective in (names.get("adjectives") or {}).items():
        phrase = re.sub(rf"^{re.escape(country)}[’']s\s+", adjective + " ", phrase)
    return phrase[:1].upper() + phrase[1:] if phrase else phrase


def _ancestors_to(token: Any, top: Any) -> list[Any]:
    found = []
    while token.i != top.i and token.head.i != token.i:
        found.append(token)
        token = token.head
    return found


def _is_anaphoric(head: Any) -> bool:
    """ "the ministry", "the statement", "the two officials": a definite phrase with no name in it."""
    if head.pos_ != "NOUN":
        return False
    children = list(head.children)
    if any(c.pos_ == "PROPN" or c.ent_type_ in {"ORG", "GPE", "NORP", "PERSON"} for c in head.subtree if c.i != head.i):
        return False
    return any(c.dep_ == "det" and c.lower_ in {"the", "this", "both"} for c in children) or any(
        c.dep_ == "nummod" and c.lower_ in {"two", "three"} for c in children
    )


def _coreference(head: Any, article: Article) -> Speaker | None:
    """The rule layer for coreference: the nearest earlier speaker that fits the phrase."""
    lower, lemma = head.lower_, _lemma(head)
    history = article.history
    if lower in PERSONAL:
        for speaker, _ in reversed(history):
            if speaker.speaker_type == "person":
                return replace(speaker, how="coreference")
        return None
    plural = lower in PLURAL or head.tag_ == "NNS" or any(c.dep_ == "nummod" for c in head.children)
    if plural:
        for speaker, _ in reversed(history[-3:]):
            if speaker.speaker_type == "group":
                return replace(speaker, how="coreference")
        if lower == "we" and article.issuer is not None:
            return replace(article.issuer, how="coreference")
        if len(article.persons) >= 2:
            names = article.persons[:2]
            return Speaker(" and ".join(names), "group", how="coreference")
        return None
    if (lemma in set(lexicon()["document_nouns"]) or lower == "it") and article.issuer is not None:
        return replace(article.issuer, how="coreference")
    if lemma in set(lexicon()["document_nouns"]):  # "the statement said": its authors, spoken of before
        for speaker, _ in reversed(history):
            if speaker.speaker_type == "group":
                return replace(speaker, how="coreference")
    for speaker, seen in reversed(history):
        if seen == lemma or (lower == "it" and speaker.speaker_type == "organization"):
            return replace(speaker, how="coreference")
    return None


# --- contents ----------------------------------------------------------------------------------


def _span(tokens: list[Any], base: int) -> tuple[int, int]:
    return base + min(t.idx for t in tokens), base + max(t.idx + len(t.text) for t in tokens)


def _subtree(token: Any, without: set[int] = frozenset()) -> list[Any]:  # type: ignore[assignment]
    return [t for t in token.subtree if t.i not in without]


def _after_mark(tokens: list[Any]) -> list[Any]:
    while tokens and ((tokens[0].dep_ == "mark" and tokens[0].lower_ == "that") or tokens[0].is_punct):
        tokens = tokens[1:]
    return tokens


def _cut_attribution(tokens: list[Any]) -> list[Any]:
    """Leave out a trailing ", according to X" or ", he said" that the parse hung inside the content."""
    for index, token in enumerate(tokens):
        if _lemma(token) == "accord" and index and tokens[index - 1].is_punct:
            return tokens[: index - 1]
    return tokens


def content_of(cue: Any, entry: dict[str, Any]) -> tuple[list[Any], bool] | None:
    """The content tokens of a cue and whether they form a clause (for direct vs partial)."""
    takes = entry.get("takes", "clause")
    children = list(cue.children)
    by_dep: dict[str, list[Any]] = {}
    for child in children:
        by_dep.setdefault(child.dep_, []).append(child)
    lemma = _lemma(cue)
    if lemma == "call":
        particles = [c for c in children if c.dep_ in {"prt", "prep"} and c.lower_ in {"on", "upon", "for"}]
        if particles and particles[0].lower_ == "for":
            objects = [c for c in particles[0].children if c.dep_ == "pobj"]
            return (_subtree(objects[0]), False) if objects else None
        if particles:
            takes = "request"
        elif "oprd" in by_dep:
            return _subtree(by_dep["oprd"][0]), False
        elif len(by_dep.get("dobj", [])) >= 2:  # "calling them “a fabrication”": the second object names it
            return _subtree(by_dep["dobj"][1]), False
        elif "ccomp" in by_dep:
            return _subtree(by_dep["ccomp"][0]), False
        else:
            return None
    if takes == "request":
        start = [c for c in children if c.dep_ in {"dobj", "pobj"}]
        for prep in (c for c in children if c.dep_ in {"prep", "prt"}):
            start += [c for c in prep.children if c.dep_ == "pobj"]
        goals = by_dep.get("xcomp", []) + by_dep.get("ccomp", [])
        if not goals:
            for obj in start:
                goals += [c for c in obj.children if c.dep_ in {"acl", "xcomp", "relcl"}]
        if start and goals:
            return sorted(_subtree(start[0]) + _subtree(goals[0]), key=lambda t: t.i), False
        if goals:
            return _subtree(goals[0]), False
        takes = "clause"
    if takes == "infinitive" and "xcomp" in by_dep:
        return _subtree(by_dep["xcomp"][0]), False
    if takes == "object":
        for dep in ("dobj", "oprd"):
            if dep in by_dep:
                tokens = _subtree(by_dep[dep][0])
                if "oprd" in by_dep and dep == "dobj":
                    tokens = sorted(tokens + _subtree(by_dep["oprd"][0]), key=lambda t: t.i)
                # "described X as Y": X as Y
                for prep in by_dep.get("prep", []):
                    if prep.lower_ == "as" and prep.i > by_dep[dep][0].i:
                        tokens = sorted(tokens + _subtree(prep), key=lambda t: t.i)
                return tokens, False
        for prep in by_dep.get("prep", []):
            if prep.lower_ in OBJECT_PREPOSITIONS:
                objects = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
                if objects:
                    return _subtree(objects[0]), False
    for dep in ("ccomp", "xcomp"):
        if dep in by_dep:
            return _after_mark(_cut_attribution(_subtree(by_dep[dep][0]))), True
    if takes in {"object", "infinitive"} and "dobj" in by_dep:
        return _subtree(by_dep["dobj"][0]), False
    return None


def noun_content(verb: Any) -> tuple[list[Any], str] | None:
    """ "expressed deep concern about X", "voiced hope that P": X or P, and the label the noun names."""
    nouns = lexicon()["noun_cues"]
    for child in verb.children:
        if child.dep_ == "dobj" and _lemma(child) in nouns:
            after = [c for c in child.children if c.i > child.i and c.dep_ in {"prep", "acl", "ccomp", "relcl"}]
            if not after:
                return None
            tokens = _subtree(after[0])
            if after[0].dep_ == "prep":
                objects = [c for c in after[0].children if c.dep_ in {"pobj", "pcomp"}]
                if not objects:
                    return None
                tokens = _subtree(objects[0])
            return _after_mark(tokens), nouns[_lemma(child)]
    return None


def is_cue(token: Any) -> bool:
    if token.pos_ not in {"VERB", "AUX"} and not (token.pos_ == "NOUN" and token.dep_ == "ROOT"):
        return False
    if token.tag_ == "VBN" and token.dep_ == "amod":
        return False
    return _lemma(token) in cues()


# --- records -----------------------------------------------------------------------------------


def _record(
    article: Article,
    start: int,
    end: int,
    speaker: Speaker,
    clause: bool,
    cue_label: str | None,
    lemmas: list[str],
    reason: str,
    channel: str | None = None,
    venue: str | None = None,
    kind: str | None = None,
) -> Suggestion | None:
    start, end = trim(article.text, start, end, article.quotes)
    for quote in article.quotes:  # a clause that is nearly all one quote is that quote (codebook 2.1)
        if quote.start <= start and end <= quote.end and end - start >= 0.8 * (quote.end - quote.start):
            start, end = quote.start, quote.end
    if end - start < 3 or not any(ch.isalpha() for ch in article.text[start:end]):
        return None
    first_person = set(lexicon().get("first_person") or [])
    label, confidence, secondary = claim_type(cue_label, lemmas, own_conduct=bool(first_person & set(lemmas)))
    if kind == "document" and confidence <= 0.5:
        label = str(lexicon().get("document_default_claim_type", label))
    return Suggestion(
        start,
        end,
        kind or kind_of(start, end, article.quotes, clause),
        speaker.name,
        label,
        reason,
        speaker.speaker_type,
        speaker.affiliation,
        speaker.country,
        venue,
        channel,
        confidence,
        secondary,
        speaker.how,
    )


def _venue(cue: Any) -> str | None:
    """ "told reporters", "in a statement", "at a briefing": as the text says it (codebook 6)."""
    if _lemma(cue) == "tell":
        for child in cue.children:
            if child.dep_ in {"dative", "dobj"} and child.lower_ in {"reporters", "journalists", "lawmakers"}:
                return f"told {child.text}"
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in {"in", "at", "during"}:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].ent_type_ not in {"DATE", "TIME", "GPE"}:
                words = [t for t in objects[0].subtree if t.dep_ not in {"det", "poss"}]
                if words and objects[0].pos_ == "NOUN":
                    return " ".join(t.text for t in words)
    return None


def _channel_of_sentence(sentence: Any, cue: Any) -> str | None:
    outlets = {normalise(name) for name in lexicon().get("channel_outlets", [])}
    for token in sentence:
        if _lemma(token) == "accord" and cue.i in {token.head.i, token.head.head.i}:
            objects = [t for t in token.subtree if t.dep_ == "pobj"]
            if objects:
                name = " ".join(t.text for t in objects[-1].subtree if t.dep_ != "det")
                if normalise(name) in outlets or objects[-1].ent_type_ == "ORG":
                    return name
    return None


def cue_records(
    sentence: Any, base: int, article: Article, nested_only_other: Speaker | None = None
) -> list[Suggestion]:
    """The reported speech of one sentence, by the parse: one record per cue with content."""
    found: list[Suggestion] = []
    taken: list[tuple[int, int]] = []
    for token in sentence:
        start, _ = _offset(token, base)
        if _inside_quote(start, article.quotes):
            continue
        if _lemma(token) == "accord" and any(c.lower_ == "to" for c in token.children):
            found += _according(token, sentence, base, article, nested_only_other)
            continue
        if not is_cue(token):
            noun = noun_content(token) if _lemma(token) in set(lexicon()["noun_cue_verbs"]) else None
            if noun is None:
                continue
            content, label = noun
            entry: dict[str, Any] = {"claim_type": label}
            clause = False
        else:
            if _predicted(token):
                continue
            entry = cues()[_lemma(token)]
            got = content_of(token, entry)
            if got is None:
                continue
            content, clause = got
        if not content:
            continue
        span = _span(content, base)
        if any(a <= span[0] and span[1] <= b for a, b in taken):
            continue  # a cue inside another cue's content is nested (codebook 2.8)
        subject = _subject(token)
        inverted = _inverted_speaker(token, sentence, base, article) if subject is None else None
        if inverted is not None:
            speaker, channel = inverted, None
        elif subject is None:
            if not found:
                continue
            speaker, channel = _speaker_from(found[-1]), found[-1].channel
        else:
            speaker, channel = speaker_of(subject, base, article)
        if nested_only_other is not None and (speaker.name == nested_only_other.name or subject is None):
            continue
        if subject is not None and subject.lower_ in {"we", "i"} and nested_only_other is not None:
            continue
        channel = channel or _channel_of_sentence(sentence, token)
        lemmas = [_lemma(token)] + [_lemma(t) for t in content]
        if lemma_is_not(token):
            lemmas.insert(0, "deny")
        record = _record(
            article,
            *span,
            speaker,
            clause,
            entry.get("claim_type"),
            lemmas,
            f"the cue '{token.text}'",
            channel,
            _venue(token),
        )
        if record is not None:
            found.append(record)
            taken.append(span)
            _remember(article, speaker, subject)
    return found


def _inverted_speaker(cue: Any, sentence: Any, base: int, article: Article) -> Speaker | None:
    """ "“...,” said Acting Under Secretary ... Bradley T. Smith": a cue right after a quotation with
    the speaker after it, which the parser often fails to make its subject."""
    before = [t for t in sentence if t.i < cue.i]
    if not before or not (before[-1].is_punct or before[-1].is_quote):
        return None
    tail = [t for t in sentence if t.i > cue.i and not (t.is_punct and t.i == sentence.end - 1)]
    if not tail or any(is_cue(t) or t.lower_ in {"that", "he", "she", "they"} for t in tail[:1]):
        return None
    persons = [e for e in sentence.ents if e.label_ == "PERSON" and e.start > cue.i]
    text = article.text
    if persons:
        name = text[base + persons[-1].start_char : base + persons[-1].end_char]
        found = article.registry.speaker(name, "person")
        return found if found.resolved else Speaker(name, "person")
    phrase = _phrase(tail, base, text)
    found = article.registry.speaker(phrase, type_from_parse(tail[-1], tail))
    return found if found.resolved else Speaker(phrase, found.speaker_type)


def _predicted(token: Any) -> bool:
    """ "the Russian people will firmly defend ...": a cue in the future or a modal is no report of speech."""
    return any(
        c.dep_ == "aux" and c.lower_ in {"will", "shall", "may", "might", "could", "'ll"} for c in token.children
    )


def lemma_is_not(token: Any) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def _speaker_from(record: Suggestion) -> Speaker:
    return Speaker(
        record.speaker,
        record.speaker_type,
        record.affiliation,
        record.country,
        record.speaker_how == "registry",
        record.speaker_how,
    )


def _remember(article: Article, speaker: Speaker, subject: Any | None) -> None:
    article.history.append((speaker, _lemma(subject) if subject is not None else ""))


def _according(token: Any, sentence: Any, base: int, article: Article, nested: Speaker | None) -> list[Suggestion]:
    """ "According to X, P" and "P, according to X": speaker (or channel) X, content P."""
    objects = [t for c in token.children if c.lower_ == "to" for t in c.children if t.dep_ == "pobj"]
    if not objects:
        return []
    phrase_ids = {t.i for t in token.subtree}
    content = [t for t in sentence if t.i not in phrase_ids]
    content = [t for t in content if not (t.is_punct and t.i in {sentence.start, sentence.end - 1})]
    if not content:
        return []
    outlets = {normalise(name) for name in lexicon().get("channel_outlets", [])}
    name = _phrase(list(objects[0].subtree), base, article.text)
    if normalise(name) in outlets:
        return []  # a channel: the sentence's own cue carries the statement
    if any(is_cue(t) for t in content):
        return []
    speaker, _ = speaker_of(objects[0], base, article)
    if nested is not None and speaker.name == nested.name:
        return []
    if speaker.name.casefold().startswith("media"):
        speaker = replace(speaker, name="Media reports", speaker_type="group")
    record = _record(
        article, *_span(content, base), speaker, True, None, [_lemma(t) for t in content], "'according to'"
    )
    return [record] if record else []


# --- quotes ------------------------------------------------------------------------------------


def quote_records(paragraph: Any, base: int, article: Article, found: list[Suggestion]) -> list[Suggestion]:
    """Quotes that no cue's content took: a clause in quotation marks next to an attribution
    (“A,” X said, “B.”), or a paragraph that is one quote and continues the last speaker (2.3)."""
    end_of_paragraph = base + len(paragraph.text)
    records = []
    for quote in article.quotes:
        if not base <= quote.start < end_of_paragraph:
            continue
        if len(quote.text.split()) < 4 or not (quote.text[:1].isupper() or quote.text[:1] in "[…."):
            continue
        if any(s.start <= quote.start and quote.end <= s.end for s in found):
            continue
        before = article.text[base : quote.start - 1].rstrip()
        if before and not before.endswith((":", ",", ".", "that", "—")) and not re.search(r"[.!?][”’\"']?$", before):
            continue
        owner = _nearest(found, quote.start)
        if owner is None and article.history:
            owner_speaker = article.history[-1][0]
        elif owner is not None:
            owner_speaker = _speaker_from(owner)
        else:
            continue
        lemmas = [t.lemma_.lower() for t in paragraph if base + t.idx >= quote.start and base + t.idx < quote.end]
        record = _record(
            article,
            quote.start,
            quote.end,
            owner_speaker,
            True,
            None,
            lemmas,
            "a quotation next to an attribution",
            owner.channel if owner else None,
            owner.venue if owner else None,
        )
        if record is not None:
            records.append(record)
    return records


def _nearest(found: list[Suggestion], position: int) -> Suggestion | None:
    return min(found, key=lambda s: abs(s.start - position), default=None)


# --- own-voice documents (codebook 1.2) --------------------------------------------------------


def _out_of_scope(sentence: Any, article: Article, previous_in_scope: bool) -> bool:
    """Codebook 1.2.2-1.2.3: boilerplate, headings and the issuer's own acts are out; from an issuer
    that is not North Korean or Russian, so is a sentence that is not about North Korea or others'
    support for Russia's war."""
    own = lexicon()["own_voice"]
    sentence_text = sentence.text
    lower = sentence_text.casefold()
    if any(phrase in lower for phrase in own["not_statements"]):
        return True
    if sentence_text.isupper():
        return True  # a heading
    if _own_act(sentence) or _courtesy(sentence):
        return True
    if not _scope_applies(article):
        return False  # a North Korean or Russian document: everything with content is in scope
    return not in_scope(sentence, list(sentence), previous_in_scope)


def _scope_applies(article: Article) -> bool:
    issuer = article.issuer
    own = lexicon()["own_voice"]
    north_korean_or_russian = issuer is not None and issuer.country in set(own["in_scope_countries"])
    return not (article.genre == "state_media" or north_korean_or_russian)


def _normalised_text(text: str) -> str:
    return " " + re.sub(r"[^\w'-]+", " ", text.casefold().replace("’", "'")) + " "


def _names_north_korea(text: str) -> bool:
    lower = _normalised_text(text)
    return any(re.search(rf"(?<![\w]){re.escape(term)}(?![\w])", lower) for term in lexicon()["scope"]["north_korea"])


def _support_for_russia(sentence: Any) -> bool:
    """A third party's support for Russia's war: a support verb or noun whose recipient is Russia
    ("supplied Russia with", "shipped to Russia", "procurement for Russia's military")."""
    scope = lexicon()["scope"]
    russia = set(scope["russia"])
    support = set(scope["support"])
    for token in sentence:
        if _lemma(token) not in support:
            continue
        for child in token.children:
            targets = [child]
            if child.dep_ == "prep" and child.lower_ in {"to", "for", "into"}:
                targets = [c for c in child.children if c.dep_ == "pobj"]
            elif child.dep_ not in {"dobj", "dative", "nsubjpass"}:
                continue
            for target in targets:
                words = {_lemma(t) for t in target.subtree} | {t.lower_ for t in target.subtree}
                if words & russia:
                    return True
    return False


def _anaphoric(tokens: list[Any]) -> bool:
    """The content points back to what came before ("these weapons", "such activities", "it")."""
    words = set(lexicon()["scope"]["anaphors"])
    return any(t.lower_ in words and t.dep_ in {"det", "nsubj", "nsubjpass", "poss", "dobj"} for t in tokens)


def in_scope(sentence: Any, content: list[Any], previous_in_scope: bool) -> bool:
    """Codebook 1.2.2 for an issuer other than North Korea or Russia: the sentence concerns North
    Korea, or another party's support for Russia's war, or its content refers back to the sentence
    before it in the paragraph when that one was in scope."""
    if _names_north_korea(sentence.text) or _support_for_russia(sentence):
        return True
    return previous_in_scope and _anaphoric(content)


def _courtesy(sentence: Any) -> bool:
    """Thanks and courtesy wishes with no proposition (codebook 5, hard cases): "I express deep
    thanks to you ...", "I heartily wish you good health ..."."""
    courtesy = lexicon()["own_voice"]["courtesies"]
    root = sentence.root
    if _lemma(root) in courtesy["verbs"]:
        return True
    return _lemma(root) in set(lexicon()["noun_cue_verbs"]) and any(
        c.dep_ == "dobj" and _lemma(c) in courtesy["nouns"] for c in root.children
    )


def _tokens_in(sentence: Any, base: int, record: Suggestion) -> list[Any]:
    return [t for t in sentence if record.start <= base + t.idx < record.end]


def _own_act(sentence: Any) -> bool:
    """ "OFAC is designating X", "X are being designated pursuant to ...": the act the document
    reports the issuer doing now (codebook 1.2.3); a past designation's reason stays."""
    root = sentence.root
    if _lemma(root) not in set(lexicon()["own_voice"]["own_acts"]):
        return False
    return any(c.dep_ in {"aux", "auxpass"} and c.tag_ in {"VBZ", "VBP"} for c in root.children)


def _describes_identity(sentence: Any) -> bool:
    """ "GTB is one of the largest financial institutions in ...": a name, a copula, a description,
    no other verb (codebook 1.2.3: bare identity descriptions are not statements)."""
    root = sentence.root
    if _lemma(root) != "be" or not any(c.dep_ == "attr" for c in root.children):
        return False
    subjects = [c for c in root.children if c.dep_ in SUBJECTS]
    if not subjects or subjects[0].pos_ != "PROPN":
        return False
    return not any(t.pos_ == "VERB" and t.dep_ not in {"acl", "amod"} for t in sentence)


def own_voice(paragraph: Any, base: int, article: Article, venue: str | None) -> list[Suggestion]:
    """One `document` record per sentence of the issuer's own text, and the nested statements."""
    records: list[Suggestion] = []
    issuer = article.issuer
    assert issuer is not None
    previous_in_scope = False
    for sentence in paragraph.sents:
        start, end = _span(list(sentence), base)
        quoted = sum(max(0, min(q.end, end) - max(q.start, start)) for q in article.quotes)
        if quoted > (end - start) / 2:
            quoted_records = cue_records(sentence, base, article)
            records += quoted_records
            records += quote_records(paragraph, base, article, records)
            continue
        lemmas = [_lemma(t) for t in sentence]
        if not any(t.pos_ in {"VERB", "AUX"} for t in sentence) or len(sentence) < 4:
            continue
        if _out_of_scope(sentence, article, previous_in_scope) or _describes_identity(sentence):
            previous_in_scope = False
            continue
        previous_in_scope = True
        record = _record(
            article, start, end, issuer, True, None, lemmas, "the issuer's own sentence", None, venue, "document"
        )
        if record is not None:
            records.append(record)
            records += cue_records(sentence, base, article, nested_only_other=issuer)
    return records


def issuer_of(genre: str, meta: dict[str, Any], text: str, registry: Registry) -> Speaker | None:
    """Who speaks in an issued document: the outlet of a press release, the signatories of a joint
    statement ("We, the Finance Ministers of ..."), the headline's body otherwise."""
    if genre == "press_release":
        outlet = str(meta.get("outlet") or "").split(",")[0]
        return registry.speaker(outlet, "organization") if outlet else None
    if genre == "joint_statement":
        match = re.search(r"\b[Ww]e,\s+(?:the\s+)?([^,]+(?:,[^,]+){0,3}?),\s+(?!and\b)", text)
        headline = str(meta.get("headline") or "")
        for candidate in [headline, match.group(1) if match else ""]:
            found = registry.find(candidate)
            if found is not None:
                return registry.speaker(found["name"], "group")
        if match:
            return Speaker(match.group(1).strip(), "group")
        name = re.sub(r"(?i)\b(?:joint\s+)?(?:press\s+)?statement\b|\bof\b", " ", headline).strip(" ’'s")
        return Speaker(re.sub(r"\s+", " ", name) or "Signatories", "group")
    return None


# --- the article -------------------------------------------------------------------------------


def _sender(paragraph: Any, base: int, article: Article) -> Speaker | None:
    """ "Kim Jong Un ... sent a reply message to ...": the subject of a paragraph's first main verb."""
    for sentence in paragraph.sents:
        subjects = [c for c in sentence.root.children if c.dep_ in SUBJECTS]
        if subjects:
            return speaker_of(subjects[0], base, article)[0]
        return None
    return None


def _titled(paragraph: Any, base: int, article: Article, author: Speaker) -> list[Suggestion]:
    """ "issued the following statement titled “X”": X is the author's direct statement (1.2.5)."""
    end = base + len(paragraph.text)
    records = []
    for quote in article.quotes:
        if not base <= quote.start < end:
            continue
        before = article.text[base : quote.start - 1].rstrip().split()
        if before and before[-1].casefold() in set(lexicon()["title_words"]):
            lemmas = [_lemma(t) for t in paragraph if quote.start <= base + t.idx < quote.end]
            record = _record(article, quote.start, quote.end, author, True, None, lemmas, "the document's title")
            if record is not None:
                records.append(replace(record, quote_kind="direct"))
    return records


def _document_intro(paragraph: Any, base: int, article: Article) -> tuple[Speaker, str] | None:
    """ "X released the following press statement on June 27:", "The message said:": the author
    of the document reproduced after it, and the venue."""
    if not paragraph.text.rstrip().endswith(":"):
        return None
    nouns = set(lexicon()["document_nouns"])
    for token in paragraph:
        is_noun = _lemma(token) in nouns and token.pos_ == "NOUN"
        if is_noun or (is_cue(token) and token.i >= len(paragraph) - 3):
            verb = token.head if is_noun else token
            subject = _subject(verb)
            venue_tokens = [t for t in token.lefts if t.dep_ == "compound"] + [token]
            venue = " ".join(t.text for t in venue_tokens) if is_noun else None
            if subject is None:
                continue
            if _lemma(subject) in nouns:  # "The message said:": the author of the message
                if article.history:
                    return article.history[-1][0], _lemma(subject)
                if article.sender is not None:
                    return article.sender, _lemma(subject)
                continue
            speaker, _ = speaker_of(subject, base, article)
            return speaker, venue or "statement"
    return None


def suggest(
    text: str,
    genre: str = "news",
    meta: dict[str, Any] | None = None,
    registry: Registry | None = None,
    coreference: bool = True,
) -> list[Suggestion]:
    """Candidate statements of an article in text order."""
    from .suggest_nlp import pipeline

    nlp = pipeline()
    registry = registry or Registry([])
    meta = meta or {}
    article = Article(
        text, genre, registry, issuer_of(genre, meta, text, registry), coreference, quoted_spans(text), [], []
    )
    lines = []
    for match in re.finditer(r"[^\n]+", text):
        if _is_body(match.group()):
            # A dateline ("Pyongyang, June 27 (KCNA) --", "WASHINGTON –") is no part of any statement.
            dateline = DATELINE.match(match.group())
            skip = dateline.end() if dateline else 0
            lines.append((match.start() + skip, match.group()[skip:]))
    documents = list(nlp.pipe([line for _, line in lines]))
    for doc, (base, _) in zip(documents, lines, strict=True):
        for entity in doc.ents:
            if entity.label_ == "PERSON" and len(entity) > 1:
                name = text[base + entity.start_char : base + entity.end_char]
                if name not in article.persons:
                    article.persons.append(name)
            if entity.label_ == "PERSON":
                article.mentions.append(
                    (base + entity.start_char, text[base + entity.start_char : base + entity.end_char])
                )
    found: list[Suggestion] = []
    own_from = 0 if genre in {"press_release", "joint_statement"} and article.issuer is not None else None
    own_venue = "joint statement" if genre == "joint_statement" else None
    for index, (doc, (base, _)) in enumerate(zip(documents, lines, strict=True)):
        if own_from is not None and index >= own_from:
            article.in_document = True
            found += own_voice(doc, base, article, own_venue)
            article.in_document = False
            continue
        paragraph: list[Suggestion] = []
        previous_in_scope = False
        for sentence in doc.sents:
            records = cue_records(sentence, base, article)
            if genre == "readout":
                # Codebook 1.2.4: in a readout the scope rule applies to the participants' speech.
                records = [r for r in records if in_scope(sentence, _tokens_in(sentence, base, r), previous_in_scope)]
                previous_in_scope = bool(records) or in_scope(sentence, [], False)
            paragraph += records
        paragraph += quote_records(doc, base, article, paragraph)
        found += paragraph
        if genre == "state_media" and own_from is None:
            intro = _document_intro(doc, base, article)
            if intro is not None:
                article.issuer = intro[0]
                own_venue = intro[1]
                own_from = index + 1
                found += [r for r in _titled(doc, base, article, intro[0]) if (r.start, r.end) not in spans(found)]
            else:
                article.sender = _sender(doc, base, article)
    seen: set[tuple[int, int, str]] = set()
    unique = []
    for suggestion in sorted(found, key=lambda s: (s.start, s.end)):
        key = (suggestion.start, suggestion.end, suggestion.speaker)
        if key not in seen and not any((u.start, u.end) == (suggestion.start, suggestion.end) for u in unique):
            seen.add(key)
            unique.append(suggestion)
    return unique


def spans(found: list[Suggestion]) -> set[tuple[int, int]]:
    return {(s.start, s.end) for s in found}


def read_meta(path: Path) -> dict[str, Any]:
    """An article's metadata (genre, outlet, headline), or nothing when it has none."""
    if not path.is_file():
        return {}
    data, _ = read_yaml(path, lines=False)
    return data if isinstance(data, dict) else {}


def _note(suggestion: Suggestion) -> str:
    from ..contract.models import UNREVIEWED

    parts = [f"suggested from {suggestion.reason}"]
    if suggestion.confidence < threshold():
        parts.append(f"claim type low confidence ({suggestion.confidence:.2f})")
    else:
        parts.append(f"claim type confidence {suggestion.confidence:.2f}")
    parts.append(
        "speaker from the registry"
        if suggestion.speaker_how == "registry"
        else f"speaker from the {suggestion.speaker_how}"
    )
    return f"{UNREVIEWED}{'; '.join(parts)}; span, speaker and labels are guesses."


def draft_records(
    article_id: str,
    text: str,
    genre: str = "news",
    meta: dict[str, Any] | None = None,
    registry: Registry | None = None,
) -> dict[str, Any]:
    """The draft annotation file as data, every statement checked by `models.AnnotationFile`."""
    from ..contract.models import AnnotationFile  # pydantic loads on first use: the CLI starts fast

    statements = [
        {
            "statement_id": f"{article_id}.s{number:02d}",
            "speaker": suggestion.speaker,
            "speaker_type": suggestion.speaker_type,
            "affiliation": suggestion.affiliation,
            "country": suggestion.country,
            "speaker_qid": None,
            "date": None,
            "date_precision": "unknown",
            "venue": suggestion.venue,
            "channel": suggestion.channel,
            "claim_type": suggestion.claim_type,
            "claim_type_secondary": suggestion.claim_type_secondary,
            "quote_kind": suggestion.quote_kind,
            "char_start": suggestion.start,
            "char_end": suggestion.end,
            "text": text[suggestion.start : suggestion.end],
            "note": _note(suggestion),
        }
        for number, suggestion in enumerate(suggest(text, genre, meta, registry), start=1)
    ]
    data = {"article_id": article_id, "statements": statements, "not_statements": []}
    return AnnotationFile.model_validate(data).model_dump()


def draft_for_article(project: Project, article_id: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The draft of raw/ARTICLE_ID.txt, or the problems that make its offsets worthless (a text that
    `validate` refuses). Raises `MissingExtra` when the parser is not installed."""
    source = project.text_path(article_id)
    problems: list[Problem] = []
    read = read_article_text(source, project.relative(source), problems)
    if read is None or problems:
        return None, problems
    meta = read_meta(project.meta_path(article_id))
    genre = str(meta.get("genre") or "news")
    return draft_records(article_id, read[0], genre, meta, Registry.read(project.speakers)), []
