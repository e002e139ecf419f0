"""`review` writes static pages: the article verbatim, statements as (possibly nested) highlights, markup escaped."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import yaml
from click.testing import CliRunner

from dprk_ru_statements.checks.validate import validate
from dprk_ru_statements.cli import main
from dprk_ru_statements.contract.models import ArticleMeta, Statement
from dprk_ru_statements.contract.vocab import vocabularies
from dprk_ru_statements.core.paths import Project
from dprk_ru_statements.records.quotes import QuotedSpan
from dprk_ru_statements.release.stats import Uncovered, uncovered_quotes
from dprk_ru_statements.tools.review import Layer, claim_type_hues, render_article, render_layers

from .conftest import SHIPPED, replace_in

OVERLAPPING = "us-concerned-kim-more-equipment"  # s05 lies inside s04


class PageParser(HTMLParser):
    """Reads back what a browser would show: the article's text, each statement's text, the embedded JSON.

    Fails on any end tag that does not close the element opened last, so malformed nesting shows.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict[str, str | None], list[str]]] = []  # inside the article only
        self.article_text: list[str] = []
        self.statement_text: dict[str, list[str]] = defaultdict(list)
        self.statement_attributes: dict[str, dict[str, str | None]] = {}
        self.nesting: set[tuple[str, str]] = set()  # (outer statement id, inner statement id)
        self.uncovered: list[tuple[str, str | None, str | None]] = []  # (text, reason, class)
        self.in_data_script = False
        self.statement_json = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and attributes.get("id") == "statement-data":
            self.in_data_script = True
        if self.open or attributes.get("id") == "article-text":
            self.open.append((tag, attributes, []))
            statement_id = attributes.get("data-statement-id")
            if statement_id:
                self.statement_attributes.setdefault(statement_id, attributes)

    def handle_endtag(self, tag: str) -> None:
        self.in_data_script = False
        if not self.open:
            return
        opened, attributes, text = self.open.pop()
        assert opened == tag, f"</{tag}> closes <{opened}>"
        if "data-uncovered-reason" in attributes:
            self.uncovered.append(("".join(text), attributes["data-uncovered-reason"], attributes.get("class")))

    def handle_data(self, data: str) -> None:
        if self.in_data_script:
            self.statement_json += data
        if not self.open:
            return
        self.article_text.append(data)
        ids = [a["data-statement-id"] for _, a, _ in self.open if a.get("data-statement-id")]
        for position, statement_id in enumerate(ids):
            self.statement_text[statement_id].append(data)
            self.nesting.update((statement_id, inner) for inner in ids[position + 1 :])
        for _, _, text in self.open:
            text.append(data)


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    assert not parser.open, "the article's elements are not all closed"
    return parser


def run_review(project: Project, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["review", "--root", str(project.root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_review_writes_a_page_per_article_and_an_index(project: Project) -> None:
    code, output = run_review(project)
    assert code == 0, output
    assert output.strip() == f"wrote {SHIPPED.articles} article page(s) and review/index.html"
    corpus, _ = validate(project)
    index = (project.root / "review" / "index.html").read_text("utf-8")
    for article_id, annotation in corpus.annotations.items():
        assert (project.root / "review" / f"{article_id}.html").is_file()
        assert f'href="{article_id}.html"' in index
        assert f'<td class="count">{len(annotation.statements)}</td>' in index
    assert f'<td class="count">{SHIPPED.statements}</td>' in index  # the total row


def test_every_page_shows_the_article_verbatim_and_each_statement_exactly(project: Project, tmp_path: Path) -> None:
    code, output = run_review(project, "--out", str(tmp_path / "pages"))
    assert code == 0, output
    corpus, _ = validate(project)
    for article_id, article in corpus.articles.items():
        parsed = parse((tmp_path / "pages" / f"{article_id}.html").read_text("utf-8"))
        assert "".join(parsed.article_text) == article.text
        statements = {s.statement_id: s for _, s in corpus.annotations[article_id].statements}
        assert {key: "".join(parts) for key, parts in parsed.statement_text.items()} == {
            key: s.text for key, s in statements.items()
        }
        for statement_id, attributes in parsed.statement_attributes.items():
            statement = statements[statement_id]
            assert attributes["data-claim-type"] == statement.claim_type
            assert attributes["data-quote-kind"] == statement.quote_kind
            assert attributes["data-speaker"] == statement.speaker
            assert (attributes["data-char-start"], attributes["data-char-end"]) == (
                str(statement.char_start),
                str(statement.char_end),
            )
            assert statement.speaker in (attributes["title"] or "")


def test_a_statement_inside_another_renders_inside_its_spans(project: Project, tmp_path: Path) -> None:
    run_review(project, "--out", str(tmp_path))
    parsed = parse((tmp_path / f"{OVERLAPPING}.html").read_text("utf-8"))
    outer, inner = f"{OVERLAPPING}.s04", f"{OVERLAPPING}.s05"
    assert (outer, inner) in parsed.nesting
    assert (inner, outer) not in parsed.nesting
    assert "it had sold weapons to Russia for its war in Ukraine" in "".join(parsed.statement_text[outer])


def test_crossing_ranges_are_split_at_every_boundary() -> None:
    layers = [Layer(0, 6, ' class="a"'), Layer(3, 9, ' class="b"')]
    assert render_layers("abcdefghij", layers) == (
        '<span class="a">abc</span>'
        '<span class="a" style="padding-bottom: 3px"><span class="b">def</span></span>'
        '<span class="b">ghi</span>'
        "j"
    )


def statement(statement_id: str, text: str, start: int, **fields: str | None) -> Statement:
    values: dict[str, object] = {
        "statement_id": statement_id,
        "speaker": "Ann Envoy",
        "speaker_type": "person",
        "affiliation": None,
        "country": "USA",
        "date": None,
        "date_precision": "unknown",
        "venue": None,
        "claim_type": "warning",
        "quote_kind": "direct",
        "char_start": start,
        "char_end": start + len(text),
        "text": text,
    }
    return Statement.model_validate(values | fields)


def test_markup_in_text_and_fields_is_escaped() -> None:
    quoted = '"x < y & z" then </span><script>alert(1)</script>'
    text = f'Intro & more. The envoy said {quoted} ended.\n\n  Indented "quote" left.'
    meta = ArticleMeta.model_validate(
        {
            "article_id": "escape-test",
            "headline": 'Tags <b>&</b> "quotes"',
            "outlet": None,
            "outlet_evidence": "none",
            "publication_date": None,
            "publication_date_precision": "unknown",
            "genre": "news",
            "publication_date_evidence": "none",
            "language": "en",
            "source_file": "x.txt",
            "sha256": "0" * 64,
        }
    )
    speaker = 'O\'Neil "Oz" <Envoy> & Co'
    tricky = statement("escape-test.s01", quoted, text.index(quoted), speaker=speaker, note="</script><!-- & -->")
    start = text.index("quote")
    page = render_article(meta, text, [tricky], [Uncovered("escape-test", QuotedSpan(start, start + 5, "quote"), None)])

    assert "<script>alert" not in page and "<b>&</b>" not in page
    assert page.count("</script>") == 2  # the JSON block and the details script, nothing smuggled in
    parsed = parse(page)
    assert "".join(parsed.article_text) == text
    assert "".join(parsed.statement_text["escape-test.s01"]) == quoted
    assert parsed.statement_attributes["escape-test.s01"]["data-speaker"] == speaker
    assert parsed.uncovered == [("quote", "", "uncovered unexplained")]
    embedded = json.loads(parsed.statement_json)["escape-test.s01"]
    assert (embedded["speaker"], embedded["note"], embedded["text"]) == (speaker, "</script><!-- & -->", quoted)


def test_uncovered_quotes_carry_their_reasons(project: Project, tmp_path: Path) -> None:
    run_review(project, "--out", str(tmp_path))
    corpus, _ = validate(project)
    expected = defaultdict(list)
    for item in uncovered_quotes(corpus):
        expected[item.article_id].append((item.span.text, item.reason, "uncovered"))
    assert expected, "the shipped data has uncovered quotes to show"
    for article_id in corpus.articles:
        parsed = parse((tmp_path / f"{article_id}.html").read_text("utf-8"))
        assert parsed.uncovered == expected[article_id]


def test_claim_type_colours_follow_the_vocabulary(project: Project, tmp_path: Path) -> None:
    labels = list(vocabularies().claim_type)
    hues = claim_type_hues(labels)
    assert list(hues) == labels and len(set(hues.values())) == len(labels)
    run_review(project, "--out", str(tmp_path))
    page = (tmp_path / f"{OVERLAPPING}.html").read_text("utf-8")
    for label, hue in hues.items():
        assert f".claim-{label} {{ --hue: {hue}; }}" in page
        assert f'<span class="swatch claim-{label}"></span>{label} (' in page  # the legend


def test_review_refuses_invalid_data_and_writes_nothing(project: Project, tmp_path: Path) -> None:
    replace_in(project.annotation_path(OVERLAPPING), "claim_type: denial", "claim_type: denail")
    code, output = run_review(project, "--out", str(tmp_path / "pages"))
    assert code == 1
    assert f"annotations/{OVERLAPPING}.yaml:" in output and "claim_type" in output
    assert not (tmp_path / "pages").exists()


def test_unreviewed_suggestions_are_marked_on_the_page(project: Project, tmp_path: Path) -> None:
    article = "us-senators-express-concern"
    replace_in(project.annotation_path(article), "  note: null\n", "  note: 'UNREVIEWED: suggested'\n")
    run_review(project, "--out", str(tmp_path))
    page = (tmp_path / f"{article}.html").read_text("utf-8")
    marked = re.findall(
        r'data-statement-id="([^"]+)"[^>]*data-unreviewed="true"|'
        r'data-unreviewed="true"[^>]*data-statement-id="([^"]+)"',
        page,
    )
    ids = {first or second for first, second in marked}
    written = yaml.safe_load(project.annotation_path(article).read_text("utf-8"))["statements"]
    drafts = {s["statement_id"] for s in written if (s["note"] or "").startswith("UNREVIEWED")}
    assert ids == drafts and len(drafts) == 1, "exactly the statement whose note says UNREVIEWED"
    assert 'class="statement claim-' in page and " unreviewed" in page
