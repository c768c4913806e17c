"""What every formatter is given (the running counts of a run: Tally, Summary; the render options) and the
shape every format has (Format: a head, one piece per file, a tail)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

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

    def read_counted(self, results: Iterable[Any]) -> Iterator[Any]:
        """Pass lint results (anything with `words` and `counts`, see `engine.FileResult`) through, adding up
        their words and their findings by rule and severity, without looking at the findings themselves."""
        severities, rules = self.severities, self.rules
        for result in results:
            self.words += result.words
            for rule, severity, count in result.counts:
                severities[severity] += count
                rules[rule] += count
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


class FileRenderer:
    """Renders one file's findings as a piece of a report (see Format). `variant` names everything besides the
    findings that the piece depends on (the format and the render options it reads): the lint cache keeps a
    file's piece under it, so an unchanged file's piece is copied, not rendered again."""

    __slots__ = ("variant", "_render")

    def __init__(self, variant: str, render: Callable[[Sequence[Finding]], str]) -> None:
        self.variant = variant
        self._render = render

    def __call__(self, findings: Sequence[Finding]) -> str:
        return self._render(findings)


@dataclass(frozen=True)
class Format:
    """A report format in three parts, so that one file's findings render apart from the rest of the run:
    `head(options)`, then each file's piece in run order (`file_renderer(options)`), then
    `tail(tally, options, any_finding)`. A piece is its findings' texts joined, each starting with `lead`,
    which the run's first finding leaves out (the comma between JSON's and SARIF's results): so a piece
    reads the same wherever its file falls in the run."""

    name: str
    head: Callable[[RenderOptions], str]
    file_renderer: Callable[[RenderOptions], FileRenderer]
    tail: Callable[[Tally, RenderOptions, bool], str]
    lead: str = ""

    def render(self, pieces: Iterable[str], tally: Tally, options: RenderOptions) -> Iterator[str]:
        """The whole report from the files' pieces; the tally is read only after the last piece."""
        head = self.head(options)
        if head:
            yield head
        written = False
        for piece in pieces:
            if piece:
                yield piece if written else piece[len(self.lead):]
                written = True
        yield self.tail(tally, options, written)

    def render_findings(self, findings: Iterable[Finding], tally: Tally, options: RenderOptions) -> Iterator[str]:
        """The whole report from findings one at a time (already counted by the caller, see `Tally.counted`)."""
        render = self.file_renderer(options)
        return self.render((render((f,)) for f in findings), tally, options)
