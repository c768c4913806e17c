"""`reviewer grade [PATHS]`: the reading grade of each article, as a table, JSON or CSV.

The formula, target and thresholds default to the `readability.grade` rule's options (and so
to the config file's); `--formula` and `--target` override them. The exit code is 0 unless
`--fail-on-target` is given: this command reports, `reviewer lint` gates (readability.grade).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Mapping, Sequence

import click

from reviewer.document import Document
from reviewer.language.readability import FORMULAS, Formula, formula_named, grade, measured_sentences

GRADE_RULE = "readability.grade"
COLUMNS = ("path", "words", "sentences", "smog", "flesch_kincaid", "formula", "grade", "target", "passed",
           "uncertain")


@dataclass(frozen=True)
class GradeSettings:
    """How articles are graded: the readability.grade options after config and flags."""

    formula: Formula
    target: float
    min_sentences: int
    min_words: int


@dataclass(frozen=True)
class ArticleGrade:
    """One row of the report; `passed` is None for an article too short to grade."""

    path: str
    words: int
    sentences: int
    smog: float
    flesch_kincaid: float
    formula: str
    grade: float
    target: float
    passed: bool | None
    uncertain: bool

    def to_dict(self) -> dict:
        return asdict(self)


def settings_from(options: Mapping[str, object], formula: str | None, target: float | None) -> GradeSettings:
    """The rule's options with the command-line overrides; ValueError for an unknown formula."""
    return GradeSettings(formula=formula_named(str(formula or options["formula"])),
                         target=float(target if target is not None else options["target"]),
                         min_sentences=int(options["min_sentences"]), min_words=int(options["min_words"]))


def grade_article(doc: Document, settings: GradeSettings) -> ArticleGrade:
    measured = measured_sentences(doc)
    chosen = grade(measured, settings.formula)
    counts = chosen.counts
    graded = round(chosen.grade, 1)
    long_enough = counts.words >= settings.min_words
    return ArticleGrade(
        path=doc.path, words=counts.words, sentences=counts.sentences,
        smog=round(FORMULAS["smog"].score(counts), 1),
        flesch_kincaid=round(FORMULAS["flesch-kincaid"].score(counts), 1),
        formula=settings.formula.key, grade=graded, target=settings.target,
        passed=(graded <= settings.target) if long_enough else None,
        uncertain=chosen.uncertain(settings.min_sentences),
    )


def article_files(paths: Sequence[str], config, cwd: Path):
    """The articles under PATHS, as `reviewer lint` finds them (include/exclude globs, .gitignore)."""
    from reviewer.lint.discover import discover

    return discover(paths, config, cwd, cache_dir=config.cache_dir)


# --------------------------------------------------------------------------- rendering


def render_json(rows: Sequence[ArticleGrade]) -> str:
    return json.dumps({"version": 1, "articles": [r.to_dict() for r in rows]}, indent=2, ensure_ascii=False) + "\n"


def render_csv(rows: Sequence[ArticleGrade]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_csv_value(getattr(row, column)) for column in COLUMNS])
    return out.getvalue()


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else value


def render_table(rows: Sequence[ArticleGrade], settings: GradeSettings) -> str:
    header = ("article", "words", "sentences", "SMOG", "FK", f"grade ({settings.formula.name})", "target", "result")
    body = [(r.path, str(r.words), str(r.sentences), f"{r.smog:.1f}", f"{r.flesch_kincaid:.1f}", f"{r.grade:.1f}",
             f"{r.target:g}", _result(r)) for r in rows]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) if i in (0, 7) else cell.rjust(w) for i, (cell, w) in
                       enumerate(zip(line, widths))).rstrip() for line in [header, *body]]
    return "\n".join(lines + ["", _summary(rows, settings)]) + "\n"


def _result(row: ArticleGrade) -> str:
    if row.passed is None:
        return "too short to grade"
    verdict = "pass" if row.passed else "fail"
    return f"{verdict} (uncertain: {row.sentences} sentences)" if row.uncertain else verdict


def _summary(rows: Sequence[ArticleGrade], settings: GradeSettings) -> str:
    failed = sum(r.passed is False for r in rows)
    passed = sum(r.passed is True for r in rows)
    short = len(rows) - failed - passed
    parts = [f"{passed} pass", f"{failed} fail"] + ([f"{short} too short"] if short else [])
    noun = "article" if len(rows) == 1 else "articles"
    return f"{len(rows)} {noun}: {', '.join(parts)} (target {settings.target:g}, {settings.formula.name})"


RENDERERS = {"json": lambda rows, settings: render_json(rows), "csv": lambda rows, settings: render_csv(rows),
             "table": render_table}


# --------------------------------------------------------------------------- command


@click.command("grade")
@click.argument("paths", nargs=-1)
@click.option("--formula", type=click.Choice(list(FORMULAS)), default=None,
              help="Formula for the grade column [default: the readability.grade option, smog].")
@click.option("--target", type=click.FloatRange(min=0), default=None,
              help="Grade an article must not exceed [default: the readability.grade option, 8].")
@click.option("--format", "output_format", type=click.Choice(list(RENDERERS)), default="table", show_default=True,
              help="Output format.")
@click.option("--fail-on-target", is_flag=True, help="Exit 1 when any article is above the target.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file.")
def grade_command(paths, formula, target, output_format, fail_on_target, config_path) -> None:
    """Print the reading grade of each article: words, sentences, SMOG, Flesch-Kincaid, the grade by
    the chosen formula, the target and pass or fail.

    PATHS are files or folders (default: the working directory), found as `reviewer lint` finds them.
    An article with fewer sentences than the rule's min_sentences (30) is marked uncertain; one
    under min_words (100) is too short to grade. Files that cannot be read are reported on stderr.
    """
    from reviewer.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageProblem, load_run_config
    from reviewer.lint.discover import read_articles
    from reviewer.lint.engine import rule_options
    from reviewer.lint.registry import rules_by_id

    config = load_run_config(config_path)
    try:
        settings = settings_from(rule_options(rules_by_id()[GRADE_RULE], config), formula, target)
    except ValueError as exc:
        raise UsageProblem(f"rules.{GRADE_RULE}.formula: {exc}") from None
    found = article_files(paths, config, Path.cwd())
    for problem in found.problems():
        click.echo(f"reviewer: error: {problem}", err=True)
    unreadable: list[str] = []
    rows = [grade_article(doc, settings) for doc in read_articles(found, config, unreadable)]
    for problem in unreadable:
        click.echo(f"reviewer: error: {problem}", err=True)
    click.echo(RENDERERS[output_format](rows, settings), nl=False)
    if found.missing:
        raise SystemExit(EXIT_ERROR)
    failed = fail_on_target and any(r.passed is False for r in rows)
    raise SystemExit(EXIT_FINDINGS if failed else EXIT_OK)
