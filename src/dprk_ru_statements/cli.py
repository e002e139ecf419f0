"""The `dprk-ru-statements` command line: a thin layer over functions the tests call directly.

Heavy libraries (pandas, pandera, datasets, matplotlib) are imported inside the commands that
need them, so `validate` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from .contract.vocab import vocabularies
from .core.files import replace_file
from .core.paths import Project, find_root
from .core.problems import DataError, Problem


def _project(root: Path | None) -> Project:
    try:
        return Project(find_root(root))
    except FileNotFoundError as error:
        raise click.UsageError(str(error)) from None


def _report_problems(problems: list[Problem], github: bool) -> None:
    for problem in problems:
        click.echo(problem.github() if github else str(problem), err=not github)
    files = len({problem.path for problem in problems})
    click.echo(f"{len(problems)} problem(s) in {files} file(s)", err=True)


PROGRESS_FROM = 300  # articles; smaller builds finish before a bar would help


def _progress(chunks: list[list[str]]) -> Iterable[list[str]]:
    """A progress bar on an interactive terminal for large builds; silent in CI and in pipes."""
    if sum(map(len, chunks)) < PROGRESS_FROM or not sys.stderr.isatty():
        return chunks
    return _bar(chunks)


def _bar(chunks: list[list[str]]) -> Iterator[list[str]]:
    with click.progressbar(
        length=sum(map(len, chunks)), label="checking articles", show_pos=True, file=sys.stderr
    ) as bar:
        for chunk in chunks:
            yield chunk
            bar.update(len(chunk))


root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="The project checkout (default: the one containing the current folder).",
)


no_cache_option = click.option(
    "--no-cache", is_flag=True, help="Check every article again; neither read nor write .cache/."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors (read by `run`).")
def main(debug: bool) -> None:
    """Build, check and explore the dprk-ru-statements dataset."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--github", is_flag=True, help="Print problems as GitHub Actions annotations.")
@no_cache_option
@root_option
def validate(paths: tuple[Path, ...], github: bool, no_cache: bool, root: Path | None) -> None:
    """Check annotation files (default: everything) and report every problem at once.

    Each problem is one line, `path:line: field: message`. Exit status 1 when there is any.
    """
    from .checks.validate import validate as run

    project = _project(root)
    for path in paths:
        if not path.resolve().is_relative_to(project.annotations.resolve()) or path.suffix != ".yaml":
            raise click.BadParameter(
                f"{path} is not an annotation file under {project.relative(project.annotations)}/", param_hint="PATHS"
            )
    if paths:
        corpus, problems = run(project, [path.resolve() for path in paths])
        counts = sum(len(a.statements) for a in corpus.annotations.values()), len(corpus.annotations)
    else:  # everything: the build's own check, on both cores and with its cache
        from .tables.assemble import assemble

        tables, problems = assemble(project, cache=not no_cache)
        counts = (tables.statements.num_rows, tables.articles.num_rows) if tables else (0, 0)
    if problems:
        _report_problems(problems, github)
        sys.exit(1)
    click.echo(f"ok: {counts[0]} statements in {counts[1]} annotation file(s)", err=True)


@main.command()
@click.option("--without-text", is_flag=True, help="Leave the article texts out of the release.")
@click.option(
    "--dist",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where releases go (default: dist/ of the checkout).",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@no_cache_option
@root_option
def build(without_text: bool, dist: Path | None, quiet: bool, no_cache: bool, root: Path | None) -> None:
    """Validate everything, then publish dist/<version>/ (nothing is written on bad data)."""
    from .release.publish import ReleaseExists, VersionPolicyError, publish

    project = _project(root)
    try:
        release = publish(
            project, with_text=not without_text, dist=dist, progress=None if quiet else _progress, cache=not no_cache
        )
    except DataError as error:
        _report_problems(error.problems, github=False)
        click.echo("nothing was published", err=True)
        sys.exit(1)
    except (ReleaseExists, VersionPolicyError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    except OSError as error:  # a full disk, a read-only dist/: the staging folder is already gone
        where = f" {error.filename}" if error.filename else ""
        click.echo(f"error: could not write{where}: {error.strerror or error}; nothing was published", err=True)
        sys.exit(1)
    state = "already published, identical" if release.unchanged else "published"
    click.echo(
        f"{state}: {project.relative(release.path)} ({release.statements} statements, {release.articles} articles)"
    )


@main.command()
@root_option
def stats(root: Path | None) -> None:
    """Counts by split and label, and quoted spans that no statement covers."""
    from .core.markdown import table
    from .release.report import UNCOVERED_HEADER, make_report
    from .tables.assemble import assemble

    project = _project(root)
    tables, problems = assemble(project)
    if tables is None:
        _report_problems(problems, github=False)
        sys.exit(1)
    report = make_report(project, tables)
    context = report.context("docs/figures")
    for key in ("split_table", "claim_type_table", "quote_kind_table", "country_table"):
        click.echo(context[key] + "\n")
    click.echo(table(UNCOVERED_HEADER, report.uncovered_rows()) + "\n")  # all of them, unlike the card
    unexplained = report.stats.unexplained
    click.echo(f"{report.stats.uncovered_count} uncovered quoted span(s), {len(unexplained)} without a reason")
    if unexplained:
        sys.exit(1)


@main.command()
@click.argument(
    "first", type=click.Path(file_okay=False, exists=True, path_type=Path), default="agreement/v2/annotator_a"
)
@click.argument(
    "second", type=click.Path(file_okay=False, exists=True, path_type=Path), default="agreement/v2/annotator_b"
)
@click.option("--details", is_flag=True, help="List every disagreement.")
def agreement(first: Path, second: Path, details: bool) -> None:
    """Agreement between two annotations of the same articles: strict and lenient span F1,
    Krippendorff's alpha and kappas with 95 % bootstrap intervals over articles (default: the
    blind study of release 2.0.0)."""
    from .release.agreement import agreement as measure
    from .release.agreement import blind_study

    for name, (value, low, high) in blind_study(first, second).items():
        click.echo(f"{name}: {value:.3f} [{low:.3f}, {high:.3f}]")
    result = measure(first, second)
    for key, value in result.items():
        if key != "disagreements":
            click.echo(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}")
    if details:
        click.echo("\n".join(result["disagreements"]))


@main.command()
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file is not in canonical form.")
@root_option
def fmt(check: bool, root: Path | None) -> None:
    """Rewrite annotation, metadata and registry files in canonical form."""
    from .tools.fmt import format_project

    project = _project(root)
    results, unparsable = format_project(project, write=not check)
    for line in unparsable:
        click.echo(line, err=True)
    changed = [project.relative(result.path) for result in results if result.changed]
    for name in changed:
        click.echo(f"{'would reformat' if check else 'reformatted'}: {name}", err=True)
    if (check and changed) or unparsable:
        if check and changed:
            click.echo("run `dprk-ru-statements fmt` to fix", err=True)
        sys.exit(1)
    click.echo(f"{len(results)} file(s) in canonical form", err=True)


@main.command("diff")
@click.argument("old", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.argument("new", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--latest", is_flag=True, help="Compare the two newest releases in dist/.")
@root_option
def diff_command(old: Path | None, new: Path | None, latest: bool, root: Path | None) -> None:
    """Statements added, removed, changed (field by field) and moved between two release folders."""
    from .release.diff import diff, read_snapshot
    from .release.publish import published_releases

    if latest:
        releases = published_releases(_project(root).dist)
        if len(releases) < 2:
            click.echo(f"Only {len(releases)} release(s) in dist/: nothing to compare.")
            return
        old, new = releases[-2], releases[-1]
    if old is None or new is None:
        raise click.UsageError("give two release folders, or --latest")
    for folder in (old, new):
        if not (folder / "data" / "articles.parquet").is_file():
            raise click.BadParameter(f"{folder} is not a release folder (no data/articles.parquet)")
    click.echo(diff(read_snapshot(old), read_snapshot(new)).markdown())


@main.command()
@click.argument("release", type=click.Path(file_okay=False, exists=True, path_type=Path))
def verify(release: Path) -> None:
    """Check a release folder against its SHA256SUMS."""
    from .release.publish import verify as check

    problems = check(release)
    for problem in problems:
        click.echo(f"{release}/{problem}", err=True)
    if problems:
        sys.exit(1)
    click.echo(f"ok: {release} matches its SHA256SUMS")


@main.command("schema")
@click.option("--check", is_flag=True, help="Fail if a committed generated file in schema/ is out of date.")
@root_option
def schema_command(check: bool, root: Path | None) -> None:
    """Write the JSON Schemas for editors into schema/ from the pydantic models, and the country codes."""
    from .contract.jsonschema import render_all
    from .contract.vocab import COUNTRY_CODES_FILE, render_country_codes

    project = _project(root)
    stale = []
    generated = render_all(project.schema) | {project.schema / COUNTRY_CODES_FILE: render_country_codes()}
    for path, text in generated.items():
        if path.is_file() and path.read_text("utf-8") == text:
            continue
        stale.append(project.relative(path))
        if not check:
            replace_file(path, text)
    if check and stale:
        click.echo("out of date: " + ", ".join(stale) + " (run `dprk-ru-statements schema`)", err=True)
        sys.exit(1)
    click.echo(
        ("wrote " if stale else "up to date: ")
        + ", ".join(stale or ["schema/*.schema.json", f"schema/{COUNTRY_CODES_FILE}"])
    )


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the pages go (default: review/ of the checkout).",
)
@root_option
def review(out: Path | None, root: Path | None) -> None:
    """Write static HTML pages that show each article with its statements highlighted."""
    from .tools.review import review_pages

    project = _project(root)
    pages = review_pages(project, out or project.root / "review")
    if pages.blocking:
        _report_problems(pages.blocking, github=False)
        sys.exit(1)
    click.echo(f"wrote {len(pages.written) - 1} article page(s) and {project.relative(pages.written[-1])}")
    if pages.speaker_problems:
        click.echo(f"{pages.speaker_problems} speaker problem(s) left for `validate` to list", err=True)


@main.command("suggest")
@click.argument("article_id")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="Where the draft goes (default: annotations/<ARTICLE_ID>.yaml; '-' for standard output).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@root_option
def suggest_command(article_id: str, output: Path | None, force: bool, root: Path | None) -> None:
    """Draft the statements of raw/ARTICLE_ID.txt, each marked UNREVIEWED for an annotator."""
    import re

    from .contract.models import ARTICLE_ID
    from .records.yamlio import dump_yaml
    from .tools.suggest import draft_for_article
    from .tools.suggest_nlp import MissingExtra

    project = _project(root)
    if not re.fullmatch(ARTICLE_ID, article_id):
        raise click.BadParameter("expected lowercase words joined by hyphens", param_hint="ARTICLE_ID")
    source = project.text_path(article_id)
    if not source.is_file():
        raise click.BadParameter(f"there is no {project.relative(source)}", param_hint="ARTICLE_ID")
    target = None if output is not None and str(output) == "-" else output or project.annotation_path(article_id)
    if target is not None and target.exists() and not force:
        raise click.UsageError(f"{target} exists; pass --force to overwrite it")
    try:
        records, problems = draft_for_article(project, article_id)
    except MissingExtra as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    if records is None:  # offsets into a text that validate refuses would be worthless
        _report_problems(problems, github=False)
        sys.exit(1)
    if target is None:
        click.echo(dump_yaml(records), nl=False)
        return
    replace_file(target, dump_yaml(records))
    count = len(records["statements"])
    click.echo(f"wrote {project.relative(target)}: {count} unreviewed suggestion(s)", err=True)


@main.command("suggest-eval")
@click.option("--details", is_flag=True, help="List misses, extras and wrong labels (seed and development only).")
@click.option("--held-out", "held", is_flag=True, help="Also score the held-out articles (to report, not to tune).")
@click.option("--no-coreference", is_flag=True, help="Switch off the coreference rules (to measure what they add).")
@root_option
def suggest_eval_command(details: bool, held: bool, no_coreference: bool, root: Path | None) -> None:
    """Precision and recall of `suggest` against the adjudicated annotations, by set and genre."""
    from .tools.suggest_eval import report
    from .tools.suggest_nlp import MissingExtra

    project = _project(root)
    try:
        click.echo(report(project.annotations, project.raw, project.speakers, held, details, not no_coreference))
    except MissingExtra as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)


# What add-article asks for when neither an option nor a provenance record gives it.
ADD_ARTICLE_PROMPTS = {
    "headline": "Headline",
    "outlet": "Outlet as the text names it (empty if it names none)",
    "outlet_evidence": "Where the text names the outlet, or why it is empty",
    "published": "Publication date (YYYY-MM-DD, YYYY-MM, YYYY; empty if unknown)",
    "precision": "Precision of the publication date (day, month, year, unknown)",
    "date_evidence": "The words in the text that support the date",
}


def _ask(values: dict[str, str | None]) -> dict[str, str]:
    """Prompt for each missing value on a terminal; without one, name the option instead."""
    missing = [name for name, value in values.items() if value is None]
    if missing and not sys.stdin.isatty():
        options = ", ".join("--" + name.replace("_", "-") for name in missing)
        raise click.UsageError(f"missing {options} (no terminal to ask on; or give --source RECORD)")
    answers = {name: value for name, value in values.items() if value is not None}
    for name in missing:
        answers[name] = click.prompt(ADD_ARTICLE_PROMPTS[name], default="", show_default=False)
    return answers


@main.command("add-article")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--source",
    "source_record",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A provenance record (<slug>.source.yaml: title, outlet, url, published, repository, path, commit, "
    "license_note, changes) giving the headline, outlet, date and provenance.",
)
@click.option("--headline", help="The headline as the page shows it.")
@click.option("--outlet", help="The outlet as the text names it; empty when it names none.")
@click.option("--outlet-evidence", help="Where the text names the outlet, or why it is empty.")
@click.option("--published", help="Publication date at its precision; empty when the text does not give one.")
@click.option(
    "--precision",
    type=click.Choice(["day", "month", "year", "unknown"]),
    help="How precisely the text supports the publication date.",
)
@click.option("--date-evidence", help="The words in the text that support the date.")
@click.option(
    "--genre",
    type=click.Choice(list(vocabularies().genre)),
    default="news",
    show_default=True,
    help="Whose voice the text is in (codebook 1.1).",
)
@click.option(
    "--text-rights",
    type=click.Choice(list(vocabularies().text_rights)),
    default="restricted",
    show_default=True,
    help="public_domain only when the text is free to redistribute (a U.S. federal government work).",
)
@click.option("--article-id", default=None, help="Permanent id (default: from the headline).")
@click.option("--split-group", default=None, help="Id of an article reporting the same event.")
@click.option("--language", default="en", show_default=True)
@root_option
def add_article_command(
    file: Path,
    source_record: Path | None,
    headline: str | None,
    outlet: str | None,
    outlet_evidence: str | None,
    published: str | None,
    precision: str | None,
    date_evidence: str | None,
    genre: str,
    text_rights: str,
    article_id: str | None,
    split_group: str | None,
    language: str,
    root: Path | None,
) -> None:
    """Copy FILE verbatim into raw/ with its metadata and an empty annotation file."""
    from .tools.add_article import NewArticle, add_article, from_source_record, read_source_record

    project = _project(root)
    options = {
        "language": language,
        "article_id": article_id,
        "split_group": split_group,
        "genre": genre,
        "text_rights": text_rights,
    }
    if source_record is not None:
        record, problems = read_source_record(source_record)
        if record is None:
            _report_problems(problems, github=False)
            sys.exit(1)
        new = from_source_record(file, record, source_record.name, **options)
    else:
        answers = _ask(
            {
                "headline": headline,
                "outlet": outlet,
                "outlet_evidence": outlet_evidence,
                "published": published,
                "precision": precision,
                "date_evidence": date_evidence,
            }
        )
        new = NewArticle(
            file,
            answers["headline"],
            answers["outlet"] or None,
            answers["outlet_evidence"],
            answers["published"] or None,
            answers["precision"],
            answers["date_evidence"],
            **options,
        )
    added, problems = add_article(project, new)
    if problems:
        _report_problems(problems, github=False)
        sys.exit(1)
    click.echo(f"added {added}: raw/{added}.txt, raw/{added}.meta.yaml, annotations/{added}.yaml")


def run() -> None:
    """Entry point: never a traceback for the user unless --debug asks for it."""
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as error:  # the last line of defence of a command-line tool
        if "--debug" in sys.argv:
            raise
        click.echo(f"internal error: {type(error).__name__}: {error} (rerun with --debug for details)", err=True)
        sys.exit(3)
