"""The review pages in a real headless Chromium: highlights, the details panel, uncovered quotes, a screenshot.

Needs Debian's chromium at /usr/bin/chromium (`apt-get install -y chromium`), driven by Playwright;
skipped, with the reason shown, only when that browser is absent.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, sync_playwright

from dprk_ru_statements.checks.validate import validate
from dprk_ru_statements.records.corpus import Corpus
from dprk_ru_statements.release.stats import uncovered_quotes
from dprk_ru_statements.tools.review import write_review

from .conftest import REPO, copy_project

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTICLE_IDS = sorted(path.stem for path in (REPO / "annotations").glob("*.yaml"))
OVERLAPPING = "us-concerned-kim-more-equipment"  # s05 lies inside s04

pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(), reason=f"no Chromium at {CHROMIUM}: install it with `apt-get install -y chromium`"
)

# Per highlighted statement: its elements' texts joined, their offsets, and one element a click
# reaches (one with no statement nested inside, else the click lands on the inner one).
HIGHLIGHTS_JS = """() => {
  const found = {};
  document.querySelectorAll("#article-text [data-statement-id]").forEach((element, index) => {
    const id = element.dataset.statementId;
    const entry = found[id] ??= {text: "", starts: [], ends: [], clickable: null};
    entry.text += element.textContent;
    entry.starts.push(element.dataset.charStart);
    entry.ends.push(element.dataset.charEnd);
    if (entry.clickable === null && !element.querySelector("[data-statement-id]")) entry.clickable = index;
  });
  return found;
}"""

DETAILS_JS = """() => Object.fromEntries(
  Array.from(document.querySelectorAll("#details-fields dt"),
             (term) => [term.textContent, term.nextElementSibling.textContent])
)"""


@dataclass
class Site:
    corpus: Corpus
    folder: Path

    def url(self, name: str) -> str:
        return (self.folder / f"{name}.html").as_uri()


@dataclass
class Browsed:
    """A page and the script errors and console errors it raised."""

    page: Page
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    project = copy_project(tmp_path_factory.mktemp("review") / "checkout")
    corpus, problems = validate(project)
    assert not problems
    folder = project.root / "review"
    write_review(corpus, folder)
    return Site(corpus, folder)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    profile = tmp_path_factory.mktemp("chromium-profile")  # fresh: no state from earlier runs
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(10_000)  # fail fast rather than hang on a missing element
        yield context
        context.close()


@pytest.fixture
def browsed(browser: BrowserContext) -> Iterator[Browsed]:
    page = browser.new_page()
    result = Browsed(page)
    page.on("pageerror", lambda error: result.errors.append(str(error)))
    page.on("console", lambda message: result.errors.append(message.text) if message.type == "error" else None)
    yield result
    page.close()


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_each_statement_is_highlighted_with_its_exact_text(site: Site, browsed: Browsed, article_id: str) -> None:
    page = browsed.page
    page.goto(site.url(article_id))
    article = site.corpus.articles[article_id]
    statements = {s.statement_id: s for _, s in site.corpus.annotations[article_id].statements}

    assert page.locator("#article-text").text_content() == article.text
    highlights = page.evaluate(HIGHLIGHTS_JS)
    assert len(highlights) == len(statements)
    for statement_id, found in highlights.items():
        statement = statements[statement_id]
        assert found["text"] == statement.text
        assert set(found["starts"]) == {str(statement.char_start)}
        assert set(found["ends"]) == {str(statement.char_end)}
        assert article.text[statement.char_start : statement.char_end] == found["text"]
    assert browsed.errors == []


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_clicking_a_highlight_shows_its_fields(site: Site, browsed: Browsed, article_id: str) -> None:
    page = browsed.page
    page.goto(site.url(article_id))
    highlights = page.evaluate(HIGHLIGHTS_JS)
    every_highlight = page.locator("#article-text [data-statement-id]")
    statements = [statement for _, statement in site.corpus.annotations[article_id].statements]
    for statement in statements:
        index = highlights[statement.statement_id]["clickable"]
        if index is not None:
            every_highlight.nth(index).click()
        else:
            # Its span is another record's too: clicking the shared place again shows the next one.
            own = page.locator(f'[data-statement-id="{statement.statement_id}"]').first
            for _ in range(len(statements)):
                own.click()
                if page.evaluate(DETAILS_JS).get("statement_id") == statement.statement_id:
                    break
        details = page.evaluate(DETAILS_JS)
        assert details["statement_id"] == statement.statement_id
        assert details["speaker"] == statement.speaker
        assert details["claim_type"] == statement.claim_type
        selected = page.locator(".selected")
        assert selected.count() == page.locator(f'[data-statement-id="{statement.statement_id}"]').count()
    assert browsed.errors == []


def test_uncovered_quotes_are_marked_with_their_reasons(site: Site, browsed: Browsed) -> None:
    page = browsed.page
    expected: dict[str, list[tuple[str, str]]] = {}
    for item in uncovered_quotes(site.corpus):
        expected.setdefault(item.article_id, []).append((item.span.text, item.reason or ""))
    assert expected, "the shipped data has uncovered quotes to show"
    for article_id, spans in expected.items():
        page.goto(site.url(article_id))
        markers = page.locator("#article-text [data-uncovered-reason]")
        found = [(marker.text_content(), marker.get_attribute("data-uncovered-reason")) for marker in markers.all()]
        assert found == spans
        assert markers.first.evaluate("(element) => getComputedStyle(element).outlineStyle") == "dashed"
        markers.first.click()
        assert page.evaluate(DETAILS_JS)["reason"] == spans[0][1]
    assert browsed.errors == []


def test_claim_types_have_distinct_colours_and_a_legend(site: Site, browsed: Browsed) -> None:
    page = browsed.page
    page.goto(site.url(OVERLAPPING))
    colours = page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll(".legend [class*='claim-']"),
             (swatch) => [swatch.className, getComputedStyle(swatch).backgroundColor]))"""
    )
    assert len(colours) == 10 and len(set(colours.values())) == 10
    background = page.locator("#article-text [data-statement-id]").first.evaluate(
        "(element) => getComputedStyle(element).backgroundColor"
    )
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")


def test_index_links_every_article_with_its_counts(site: Site, browsed: Browsed) -> None:
    page = browsed.page
    page.goto(site.url("index"))
    links = page.locator("tbody a")
    assert links.count() == len(site.corpus.articles)
    row = page.locator("tbody tr", has=page.locator(f'a[href="{OVERLAPPING}.html"]'))
    cells = row.locator("td.count").all_text_contents()
    assert cells[0] == str(len(site.corpus.annotations[OVERLAPPING].statements))
    row.locator("a").click()
    page.wait_for_url(site.url(OVERLAPPING))
    assert page.locator("#article-text").is_visible()
    assert browsed.errors == []


def test_screenshot_is_a_real_image(site: Site, browsed: Browsed, tmp_path: Path) -> None:
    from PIL import Image  # pillow comes with matplotlib

    page = browsed.page
    page.goto(site.url(OVERLAPPING))
    page.locator(f'[data-statement-id="{OVERLAPPING}.s05"]').first.click()
    shot = tmp_path / f"{OVERLAPPING}.png"
    page.screenshot(path=str(shot), full_page=True)

    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 1280 and height >= 900
    with Image.open(shot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 200, "a page of highlighted text has many colours; a blank page has one"
