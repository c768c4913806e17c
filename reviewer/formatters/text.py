"""Human-readable text: `path:line:col: severity rule message`, a suggestion line, and a summary."""

from __future__ import annotations

from typing import Sequence

from reviewer.finding import Finding, Severity
from reviewer.formatters import RenderOptions, Summary

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.SUGGESTION: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render(findings: Sequence[Finding], summary: Summary, options: RenderOptions) -> str:
    color = options.color

    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    lines = []
    for f in findings:
        location = paint(f"{f.path}:{f.line}:{f.column}:", _BOLD)
        severity = paint(f.severity.value, _COLORS[f.severity])
        lines.append(f"{location} {severity} {paint(f.rule, _DIM)} {f.message}")
        if f.suggestion:
            lines.append(f"    suggestion: {f.suggestion}")
    if options.statistics and summary.by_rule:
        lines.append("")
        lines.extend(f"{count:6d}  {rule}" for rule, count in summary.by_rule)
    if not options.quiet:
        if findings:
            counts = ", ".join(_plural(n, w) for n, w in ((summary.errors, "error"), (summary.warnings, "warning"),
                                                          (summary.suggestions, "suggestion")) if n)
            lines.append(f"{counts} in {_plural(summary.files, 'file')}.")
        else:
            lines.append(f"No problems found in {_plural(summary.files, 'file')}.")
    return "\n".join(lines) + ("\n" if lines else "")
