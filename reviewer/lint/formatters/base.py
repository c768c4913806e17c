"""What every formatter is given: the running counts of a run (Tally, Summary) and the render options."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping

from reviewer.lint.finding import Finding, Severity
from reviewer.lint.registry import Rule


@dataclass(frozen=True)
class Summary:
    """Counts for the end of a run."""

    files: int
    errors: int = 0
    warnings: int = 0
    suggestions: int = 0
    by_rule: tuple[tuple[str, int], ...] = ()

    def to_dict(self) -> dict:
        return {"files": self.files, "errors": self.errors, "warnings": self.warnings,
                "suggestions": self.suggestions}


class Tally:
    """Running counts of the findings of a run, kept while they stream to a formatter."""

    def __init__(self, files: int) -> None:
        self.files = files
        self.words = 0  # words of prose linted, when known (for findings per 1,000 words)
        self.severities: Counter[Severity] = Counter()
        self.rules: Counter[str] = Counter()

    def read(self, results: Iterable[Any]) -> Iterator[Any]:
        """Pass lint results (anything with `words`) through, adding up their words."""
        for result in results:
            self.words += result.words
            yield result

    def counted(self, findings: Iterable[Finding]) -> Iterator[Finding]:
        for finding in findings:
            self.severities[finding.severity] += 1
            self.rules[finding.rule] += 1
            yield finding

    def worst(self) -> Severity | None:
        return max(self.severities, key=lambda s: s.rank, default=None)

    def summary(self) -> Summary:
        return Summary(self.files, self.severities[Severity.ERROR], self.severities[Severity.WARNING],
                       self.severities[Severity.SUGGESTION],
                       tuple(sorted(self.rules.items(), key=lambda kv: (-kv[1], kv[0]))))


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    statistics: bool = False
    quiet: bool = False
    rules: Mapping[str, Rule] | None = None
    version: str = ""
    root_uri: str = ""  # file:// URI of the folder paths are relative to (SARIF)
