"""Human-readable text: `path:line:col: severity rule message`, a suggestion line, and a summary."""

from __future__ import annotations

from typing import Iterator, Sequence

from reviewer.lint.finding import Finding, Severity
from reviewer.lint.formatters.base import FileRenderer, Format, RenderOptions, Tally

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.SUGGESTION: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def file_renderer(options: RenderOptions) -> FileRenderer:
    color = options.color

    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    def render(findings: Sequence[Finding]) -> str:
        lines = []
        for f in findings:
            location = paint(f"{f.path}:{f.line}:{f.column}:", _BOLD)
            severity = paint(f.severity.value, _COLORS[f.severity])
            lines.append(f"{location} {severity} {paint(f.rule, _DIM)} {f.message}\n")
            if f.suggestion:
                lines.append(f"    suggestion: {f.suggestion}\n")
        return "".join(lines)

    return FileRenderer("text+color" if color else "text", render)


def tail(tally: Tally, options: RenderOptions, any_finding: bool) -> str:
    summary = tally.summary()
    parts = []
    if options.statistics and summary.by_rule:
        parts.append("\n" + "".join(_statistics_lines(summary.by_rule, tally.words)))
    if not options.quiet:
        if summary.errors or summary.warnings or summary.suggestions:
            counts = ", ".join(_plural(n, w) for n, w in ((summary.errors, "error"), (summary.warnings, "warning"),
                                                          (summary.suggestions, "suggestion")) if n)
            parts.append(f"{counts} in {_plural(summary.files, 'file')}.\n")
        else:
            parts.append(f"No problems found in {_plural(summary.files, 'file')}.\n")
    return "".join(parts)


def _statistics_lines(by_rule, words: int) -> Iterator[str]:
    """Findings per rule and, when the words of prose are known, per 1,000 words (the density an editor
    meets); the last line gives the run's total density."""
    if not words:
        yield from (f"{count:6d}  {rule}\n" for rule, count in by_rule)
        return
    yield f"{'count':>6}  {'/1000w':>6}  rule\n"
    for rule, count in by_rule:
        yield f"{count:6d}  {count * 1000 / words:6.1f}  {rule}\n"
    total = sum(count for _, count in by_rule)
    yield f"{total:6d}  {total * 1000 / words:6.1f}  all rules, in {words:,} words of prose\n"


FORMAT = Format("text", lambda options: "", file_renderer, tail)
