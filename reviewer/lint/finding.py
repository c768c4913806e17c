"""The one currency of lint: a frozen Finding, its Severity and an optional Fix."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from reviewer.document import Block, Document


class Severity(str, enum.Enum):
    """How serious a finding is; ordered error > warning > suggestion."""

    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __str__(self) -> str:
        return self.value


_RANK = {Severity.SUGGESTION: 1, Severity.WARNING: 2, Severity.ERROR: 3}


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace the source characters [start, end) with `replacement` (offsets into the decoded text)."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place in one file.

    line/column are 1-based and counted in characters; end_line/end_column point
    just past the last character of the span (an empty span has end == start).
    `start`/`end` are offsets into the decoded source text; formatters ignore them.
    Slots: a run over ten thousand articles holds a hundred thousand findings or more.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    severity: Severity
    message: str
    suggestion: str | None = None
    fix: Fix | None = None
    start: int = 0
    end: int = 0

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.end_line, self.end_column, self.message)

    def to_dict(self) -> dict:
        """The JSON contract's view of a finding (see README, "JSON output")."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "suggestion": self.suggestion,
        }


def fix_for(doc: "Document", block: "Block", start: int, end: int, replacement: str) -> Fix | None:
    """A Fix replacing block text [start, end), or None when that text is not written as-is in
    the source (markup, an escape or an entity inside it): only then is the edit unambiguous."""
    if start == end:  # an insertion before character `start`: its neighbours must touch in the source
        position = block.source_offset(start)
        if start > 0 and block.source_end(start) != position:
            return None
        return Fix(position, position, replacement)
    source_start, source_end = block.source_offset(start), block.source_end(end)
    if doc.source[source_start:source_end] != block.text[start:end]:
        return None
    return Fix(source_start, source_end, replacement)
