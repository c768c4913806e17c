"""`reviewer terms [PATHS]`: the editor's glossary view of each article.

Per article: every acronym with its expansion (or none), the line of its first use and the
line of its definition; every jargon term with whether and where it is explained. The same
analyses drive the acronyms.undefined and jargon.undefined rules, with the same options
(from the config file), so this view explains their findings.

JSON (`--format json`):

    {"version": 1, "articles": [{"path": "...",
        "acronyms": [{"short", "long", "first_use_line", "definition_line"}],
        "terms": [{"term", "line", "explained", "explained_line", "plain"}]}]}

`long` is null when no expansion is known; `definition_line` is null when the article does
not spell the acronym out (it may be a known acronym or in the project glossary);
`explained` is true when the article explains the term anywhere, `explained_line` says where.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Sequence

import click

from reviewer.document import Document
from reviewer.lint.checks.acronyms import AcronymUse, analyse_acronyms
from reviewer.lint.checks.jargon import TermUse, analyse_jargon
from reviewer.lint.registry import Context

ACRONYM_RULE = "acronyms.undefined"
JARGON_RULE = "jargon.undefined"


@dataclass(frozen=True)
class ArticleTerms:
    """The acronyms and jargon terms of one article: JSON rows, and each row's status for the text view."""

    path: str
    acronyms: list[tuple[dict, str]]
    terms: list[tuple[dict, str]]

    def to_dict(self) -> dict:
        return {"path": self.path, "acronyms": [row for row, _ in self.acronyms],
                "terms": [row for row, _ in self.terms]}


def _line(doc: Document, offset: int | None) -> int | None:
    return None if offset is None else doc.line_col(offset)[0]


def acronym_row(doc: Document, use: AcronymUse) -> dict:
    return {"short": use.short, "long": use.long, "first_use_line": _line(doc, use.first_use),
            "definition_line": _line(doc, use.definition)}


def term_row(doc: Document, use: TermUse) -> dict:
    return {"term": use.term, "line": _line(doc, use.first_use), "explained": use.explained_at is not None,
            "explained_line": _line(doc, use.explained_at), "plain": use.plain}


def article_terms(doc: Document, acronym_options, jargon_options, context: Context) -> ArticleTerms:
    """The glossary view of one parsed article."""
    acronyms = [(acronym_row(doc, use), use.status) for use in analyse_acronyms(doc, acronym_options, context)]
    terms = [(term_row(doc, use), use.status) for use in analyse_jargon(doc, jargon_options, context)]
    return ArticleTerms(doc.path, acronyms, terms)


# --------------------------------------------------------------------------- rendering


def render_json(articles: Sequence[ArticleTerms]) -> str:
    return json.dumps({"version": 1, "articles": [a.to_dict() for a in articles]}, indent=2,
                      ensure_ascii=False) + "\n"


_ACRONYM_STATUS = {
    "defined": "defined on line {definition_line}",
    "late": "defined on line {definition_line}, after first use",
    "undefined": "never spelled out",
    "known": "known to general readers",
    "glossary": "defined in the project glossary",
    "explained": "explained in plain words on line {definition_line}",
}
_TERM_STATUS = {
    "explained": "explained on line {explained_line}",
    "late": "explained on line {explained_line}, after first use",
    "unexplained": "not explained",
}


def _acronym_text(row: dict, status: str) -> str:
    expansion = row["long"] or "(no expansion known)"
    return (f"{row['short']}: {expansion}; first used on line {row['first_use_line']}, "
            + _ACRONYM_STATUS[status].format(**row))


def _term_text(row: dict, status: str) -> str:
    plain = f"; plain words: {row['plain']}" if row["plain"] else ""
    return f"{row['term']}: line {row['line']}, " + _TERM_STATUS[status].format(**row) + plain


def render_text(articles: Sequence[ArticleTerms]) -> str:
    lines: list[str] = []
    for article in articles:
        lines.append(article.path)
        lines.append("  acronyms:" if article.acronyms else "  acronyms: none")
        lines.extend(f"    {_acronym_text(row, status)}" for row, status in article.acronyms)
        lines.append("  terms:" if article.terms else "  terms: none")
        lines.extend(f"    {_term_text(row, status)}" for row, status in article.terms)
    return "".join(line + "\n" for line in lines)


RENDERERS = {"text": render_text, "json": render_json}


# --------------------------------------------------------------------------- command


@click.command("terms")
@click.argument("paths", nargs=-1)
@click.option("--format", "output_format", type=click.Choice(list(RENDERERS)), default="text", show_default=True,
              help="Output format.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file.")
def terms_command(paths, output_format, config_path) -> None:
    """List each article's acronyms and medical terms: expansions, first use, and where each is
    defined or explained.

    PATHS are files or folders (default: the working directory), found as `reviewer lint` finds
    them. The options of acronyms.undefined (known, glossary) and jargon.undefined (allow,
    glossary_url_prefix, rarity) come from the config file. Files that cannot be read are
    reported on stderr and the exit code is 2; otherwise it is 0.
    """
    from reviewer.cli import EXIT_ERROR, EXIT_OK, UsageProblem, load_run_config
    from reviewer.lint.discover import discover, read_articles
    from reviewer.lint.engine import option_files, rule_options
    from reviewer.lint.registry import rules_by_id
    from reviewer.lint.rulepack import PackError, Packs

    config = load_run_config(config_path)
    rules = rules_by_id()
    acronym_options = rule_options(rules[ACRONYM_RULE], config)
    jargon_options = rule_options(rules[JARGON_RULE], config)
    chosen = [(rules[ACRONYM_RULE], rules[ACRONYM_RULE].severity, acronym_options),
              (rules[JARGON_RULE], rules[JARGON_RULE].severity, jargon_options)]
    try:
        files = option_files(chosen, config.root)
    except PackError as exc:
        raise UsageProblem(str(exc)) from None
    context = Context(as_of=date.today(), packs=Packs(config.rule_packs), root=config.root,
                      config_dir=config.root, review=config.review, files=files)
    found = discover(paths, config, Path.cwd(), cache_dir=config.cache_dir)
    for problem in found.problems():
        click.echo(f"reviewer: error: {problem}", err=True)
    unreadable: list[str] = []
    try:
        articles = [article_terms(doc, acronym_options, jargon_options, context)
                    for doc in read_articles(found, config, unreadable)]
    except PackError as exc:
        raise UsageProblem(str(exc)) from None
    for problem in unreadable:
        click.echo(f"reviewer: error: {problem}", err=True)
    click.echo(RENDERERS[output_format](articles), nl=False)
    raise SystemExit(EXIT_ERROR if found.missing or unreadable else EXIT_OK)
