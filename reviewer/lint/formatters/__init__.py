"""Formatters turn findings into text: text, json, sarif, github. They render; they decide nothing.

Every format is a head, one piece per file and a tail (`Format`): a file's piece is the text of its
findings alone, the same wherever the file falls in the run, so the lint cache can keep it and an
unchanged file's piece is copied instead of rendered again. The pieces stream through to the output
instead of the run holding every finding and the whole text in memory. The caller counts the
findings as they pass (`Tally.read_counted` for whole files, `Tally.counted` for findings one at a time);
a format reads the counts only in its tail, after the last piece.
"""

from __future__ import annotations

from reviewer.lint.formatters.base import FileRenderer, Format, RenderOptions, Summary, Tally

__all__ = ["FORMATS", "FileRenderer", "Format", "RenderOptions", "Summary", "Tally", "report_format"]

FORMATS = ("text", "json", "sarif", "github")


def report_format(name: str) -> Format:
    """The format `name` (text, json, sarif, github)."""
    if name == "text":
        from reviewer.lint.formatters.text import FORMAT
    elif name == "json":
        from reviewer.lint.formatters.json import FORMAT
    elif name == "sarif":
        from reviewer.lint.formatters.sarif import FORMAT
    elif name == "github":
        from reviewer.lint.formatters.github import FORMAT
    else:
        raise KeyError(name)
    return FORMAT

