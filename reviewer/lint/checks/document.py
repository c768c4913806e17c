"""Problems found while reading and parsing an article, reported as findings like any other."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from reviewer.document import Document
from reviewer.lint.finding import Finding
from reviewer.lint.registry import Context, matches, rule, rules_by_id


def _problems(doc, rule_id):
    return [p for p in doc.problems if p.rule == rule_id]


@rule("document.front-matter", "error", example="---\ntitle: Kidney health: what to know\n---\n")
def malformed_front_matter(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """Front matter that cannot be read.

    The YAML block between `---` lines at the top of an article must parse as a
    mapping of keys to values. When it does not (a colon in an unquoted value, bad
    indentation, a block that is never closed), the finding lands on the line YAML
    complained about and the rest of the article is still linted. The same rule
    reports an invalid front matter `reviewer:` table (per-article settings).
    Fix: quote values that contain a colon, for example `title: "Kidney health: what to know"`.
    """
    from reviewer.lint.directives import article_settings

    return _problems(doc, "document.front-matter") + article_settings(doc)[1]


@rule("document.unreadable", "error")
def unreadable_file(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A file that cannot be read as a UTF-8 text article.

    Binary files, files with invalid UTF-8 bytes, UTF-16 files, files over 5 MB, named
    pipes and devices, and files the operating system refuses to open are reported here, naming the problem
    (for invalid UTF-8, the byte offset and line). The other files are still linted.
    Fix: save the article as UTF-8, or exclude the file in the configuration.
    The engine reports it before a document exists, so this check never adds to it.
    """
    return _problems(doc, "document.unreadable")


@rule("document.check-failed", "error")
def check_failed(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A rule that failed on this article with an unexpected error.

    Reviewer never lets one file sink a run: when a rule raises an error on an article, the
    error becomes this finding on that article (naming the rule and the error) and every other
    rule and file is still checked. The run exits 1, since the article was not fully checked.
    Please report it with the article that caused it; meanwhile, the article can ignore
    the failing rule in its front matter (`reviewer: {ignore: [RULE]}`).
    The engine reports it while running the other rules, so this check never adds to it.
    """
    return ()


@rule("document.too-deep", "warning", example="> " * 60 + "- " * 20 + "Deeply nested advice.\n")
def nesting_too_deep(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """Content nested so deeply that it is not checked.

    Blockquotes, lists and inline markup nested more than 100 levels deep (twenty
    `>` markers inside forty nested lists, say) are beyond what the Markdown parser
    reads, so the prose inside them would go unchecked without a word. The finding
    sits on the line where reading stopped. Readers cannot follow such nesting
    either: flatten it.
    """
    return _problems(doc, "document.too-deep")


@rule("document.unknown-rule", "warning", example="<!-- reviewer-disable spelling.unknwon -->\nText.\n")
def unknown_rule_in_comment(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A suppression comment that names a rule that does not exist.

    `<!-- reviewer-disable RULE -->` and its relatives only work with real rule ids or
    family prefixes; a typo would silently suppress nothing, so it is reported.
    Run `reviewer rules` for the list of ids.
    """
    from reviewer.lint.directives import directives

    known = rules_by_id()
    for action, names, _line, _end_line, start, end in directives(doc):
        for name in names:
            if not any(matches(name, rule_id) for rule_id in known):
                yield doc.finding(start, end, f"reviewer-{action} names unknown rule {name!r}; "
                                              "run `reviewer rules` for the list")


@rule("document.empty", "warning")
def empty_article(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """An article with no prose at all.

    An empty file, or one holding only front matter, comments or code, has nothing
    for a reader; it is usually a file created by mistake or a stub left behind.
    """
    if not any(b.text.strip() for b in doc.blocks):
        yield doc.finding(0, 0, "article has no prose")
