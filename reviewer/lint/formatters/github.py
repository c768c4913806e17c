"""GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per finding."""

from __future__ import annotations

from typing import Sequence

from reviewer.lint.finding import Finding, Severity
from reviewer.lint.formatters.base import FileRenderer, Format, RenderOptions, Tally

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "notice"}


def escape_data(text: str) -> str:
    """GitHub's escaping for a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """GitHub's escaping for a command property value (adds ':' and ',')."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _line(f: Finding) -> str:
    properties = ",".join([
        f"file={escape_property(f.path)}", f"line={f.line}", f"col={f.column}",
        f"endLine={f.end_line}", f"endColumn={f.end_column}", f"title={escape_property(f.rule)}",
    ])
    message = f.message + (f" (suggestion: {f.suggestion})" if f.suggestion else "")
    return f"::{_COMMAND[f.severity]} {properties}::{escape_data(message)}\n"


def file_renderer(options: RenderOptions) -> FileRenderer:
    return FileRenderer("github", lambda findings: "".join([_line(f) for f in findings]))


FORMAT = Format("github", lambda options: "", file_renderer, lambda tally, options, any_finding: "")
