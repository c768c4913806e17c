"""Formatters turn findings into text: text, json, sarif, github. They render; they decide nothing.

A formatter takes the findings as an iterable and yields its text in pieces, so a run over
thousands of articles streams its report instead of holding every finding and the whole text in
memory. The caller counts the findings as they pass (`Tally.counted`); a formatter reads the
counts only after the last finding, for its summary.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

from reviewer.lint.finding import Finding
from reviewer.lint.formatters.base import RenderOptions, Summary, Tally

__all__ = ["RenderOptions", "Renderer", "Summary", "Tally", "renderer"]

Renderer = Callable[[Iterable[Finding], Tally, RenderOptions], Iterator[str]]


def renderer(name: str) -> Renderer:
    """The render function of format `name` (text, json, sarif, github)."""
    if name == "text":
        from reviewer.lint.formatters.text import render
    elif name == "json":
        from reviewer.lint.formatters.json import render
    elif name == "sarif":
        from reviewer.lint.formatters.sarif import render
    elif name == "github":
        from reviewer.lint.formatters.github import render
    else:
        raise KeyError(name)
    return render


FORMATS = ("text", "json", "sarif", "github")
