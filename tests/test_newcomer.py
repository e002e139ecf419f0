"""A newcomer follows CONTRIBUTING.md: adds a sixth article, gets suggestions, reviews them in the
HTML page, fixes a deliberate error that validate pinpoints, and the build includes the article."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import yaml

from dprk_ru_statements.records.yamlio import dump_yaml
from dprk_ru_statements.release.publish import verify

from .conftest import NO_OUTLET_NO_DATE, REPO, SHIPPED, bump_version, cli, copy_project, replace_in

ARTICLE = """\
Seoul says Pyongyang shipped more shells to Moscow

SEOUL — South Korea's defence minister said on Tuesday that North Korea had sent millions of artillery \
shells to Russia since last summer.

“These transfers threaten the security of the whole region,” the minister told lawmakers.

Russia's foreign ministry denied the claims, calling them “a fabrication from start to finish.”
"""
NEW_ID = "seoul-says-pyongyang-shipped-more-shells"
MINISTER = {
    "name": "South Korean defence minister",
    "speaker_type": "person",
    "affiliation": "Ministry of National Defense of South Korea",
    "country": "KOR",
    "speaker_qid": None,
    "description": "Unnamed in the text",
}
MINISTRY = {
    "name": "Russian foreign ministry",
    "speaker_type": "organization",
    "affiliation": "Government of Russia",
    "country": "RUS",
    "speaker_qid": None,
    "description": None,
}


# The newcomer's decisions after reading the article and the review page, by the words of each span.
DECISIONS = {
    "North Korea had sent": (MINISTER, "accusation", "indirect", "told lawmakers"),
    "These transfers threaten": (MINISTER, "warning", "direct", "told lawmakers"),
    "fabrication": (MINISTRY, "denial", "partial", None),
}


def review_draft(path: Path) -> int:
    """Accept the suggestions the newcomer agrees with, corrected; drop the others. Returns the count kept."""
    data = yaml.safe_load(path.read_text("utf-8"))
    kept = []
    for statement in data["statements"]:
        decision = next((d for words, d in DECISIONS.items() if words in statement["text"]), None)
        if decision is None:
            continue  # e.g. "the claims": rule 2.5 records only what the denial said
        speaker, claim, kind, venue = decision
        statement.update(
            speaker=speaker["name"],
            speaker_type=speaker["speaker_type"],
            affiliation=speaker["affiliation"],
            country=speaker["country"],
            claim_type=claim,
            quote_kind=kind,
            venue=venue,
            note=None,
        )
        kept.append(statement)
    data["statements"] = kept
    path.write_text(dump_yaml(data), "utf-8")
    return len(kept)


def test_a_sixth_article_from_file_to_release(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "checkout").root
    shutil.copytree(REPO / "dist" / SHIPPED.version, root / "dist" / SHIPPED.version)
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, "utf-8")

    # 1. add the article
    code, output = cli(root, "add-article", str(source), "--headline", ARTICLE.splitlines()[0], *NO_OUTLET_NO_DATE)
    assert code == 0, output
    assert (root / "raw" / f"{NEW_ID}.txt").read_bytes() == source.read_bytes()
    assert (
        cli(
            root,
            "add-article",
            str(source),
            "--headline",
            "Again",
            "--outlet",
            "",
            "--outlet-evidence",
            "x",
            "--published",
            "",
            "--precision",
            "unknown",
            "--date-evidence",
            "x",
        )[0]
        == 1
    ), "duplicate refused"

    # 2. suggestions, which validate refuses to publish unreviewed
    code, output = cli(root, "suggest", NEW_ID, "--force")
    assert code == 0, output
    draft = root / "annotations" / f"{NEW_ID}.yaml"
    code, output = cli(root, "validate")
    assert code == 1
    assert all(line.startswith(f"annotations/{NEW_ID}.yaml:") for line in output[:-1])
    assert [
        "note",
        "this statement is a suggestion nobody has reviewed yet "
        "(hint: check its span, speaker and labels against the article, "
        "then delete 'UNREVIEWED:')",
    ] in [line.split(": ", 2)[1:] for line in output]
    # Registry problems of the draft come in the same round, not after the notes are fixed.
    assert any(line.split(": ", 2)[1] == "speaker" for line in output[:-1])
    assert cli(root, "build")[0] == 1

    # 3. the review page highlights every suggestion at its offsets
    code, output = cli(root, "review", "--out", str(tmp_path / "review"))
    assert code == 0, output
    page = next((tmp_path / "review").glob(f"*{NEW_ID}*.html")).read_text("utf-8")
    suggested = yaml.safe_load(draft.read_text("utf-8"))["statements"]
    highlighted = set(re.findall(rf'data-statement-id="({re.escape(NEW_ID)}[^"]*)"', page))
    assert {s["statement_id"] for s in suggested} == highlighted
    assert all(s["text"] in page for s in suggested if "<" not in s["text"] and "&" not in s["text"])

    # 4. the newcomer reviews the draft, adds the speakers, and makes a mistake in one offset
    assert review_draft(draft) == len(DECISIONS)
    registry = yaml.safe_load((root / "registry" / "speakers.yaml").read_text("utf-8"))
    registry["speakers"] += [MINISTER, MINISTRY]
    (root / "registry" / "speakers.yaml").write_text(dump_yaml(registry), "utf-8")
    assert cli(root, "fmt")[0] == 0
    data = yaml.safe_load(draft.read_text("utf-8"))
    first = data["statements"][0]
    replace_in(
        draft,
        f"char_start: {first['char_start']}\n  char_end: {first['char_end']}\n",
        f"char_start: {first['char_start'] + 1}\n  char_end: {first['char_end'] + 1}\n",
    )
    code, output = cli(root, "validate")
    text_line = draft.read_text("utf-8").splitlines().index(f"  text: {first['text']}") + 1
    assert code == 1
    assert output == [
        f"annotations/{NEW_ID}.yaml:{text_line}: text: is not the article's text at "
        f"{first['char_start'] + 1}-{first['char_end'] + 1} (hint: the article has "
        f"{ARTICLE[first['char_start'] + 1 : first['char_end'] + 1][:59] + '…'!r} there; the text occurs at char_start "
        f"{first['char_start']} (char_end {first['char_end']}))",
        "1 problem(s) in 1 file(s)",
    ]

    # 5. the hint says where the text is: fix it, check, bump the version, build
    replace_in(
        draft,
        f"char_start: {first['char_start'] + 1}\n  char_end: {first['char_end'] + 1}\n",
        f"char_start: {first['char_start']}\n  char_end: {first['char_end']}\n",
    )
    total, articles = SHIPPED.statements + len(DECISIONS), SHIPPED.articles + 1
    assert cli(root, "validate") == (0, [f"ok: {total} statements in {articles} annotation file(s)"])
    assert cli(root, "fmt", "--check")[0] == 0
    major, minor, _ = (int(part) for part in SHIPPED.version.split("."))
    new_version = f"{major}.{minor + 1}.0"
    bump_version(root, new_version)
    code, output = cli(root, "build")
    assert (code, output) == (0, [f"published: dist/{new_version} ({total} statements, {articles} articles)"])
    release = root / "dist" / new_version
    assert verify(release) == []
    articles = pq.read_table(release / "data" / "articles.parquet").column("article_id").to_pylist()
    assert NEW_ID in articles
    code, output = cli(root, "diff", "--latest")
    assert output[0] == (
        f"Changes from {SHIPPED.version} to {new_version}: {len(DECISIONS)} statement(s) added; "
        "1 article(s) added (needs a minor bump)."
    )
