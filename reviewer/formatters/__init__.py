"""Formatters turn findings into text: text, json, sarif, github. They render; they decide nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from reviewer.finding import Finding, Severity
from reviewer.registry import Rule


@dataclass(frozen=True)
class Summary:
    """Counts for the end of a run."""

    files: int
    errors: int = 0
    warnings: int = 0
    suggestions: int = 0
    by_rule: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, findings: Sequence[Finding], files: int) -> "Summary":
        severities = Counter(f.severity for f in findings)
        rules = Counter(f.rule for f in findings)
        return cls(files, severities[Severity.ERROR], severities[Severity.WARNING],
                   severities[Severity.SUGGESTION], tuple(sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))))

    def to_dict(self) -> dict:
        return {"files": self.files, "errors": self.errors, "warnings": self.warnings,
                "suggestions": self.suggestions}


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    statistics: bool = False
    quiet: bool = False
    rules: Mapping[str, Rule] | None = None
    version: str = ""
    root_uri: str = ""  # file:// URI of the folder paths are relative to (SARIF)


Renderer = Callable[[Sequence[Finding], Summary, RenderOptions], str]


def renderer(name: str) -> Renderer:
    """The render function of format `name` (text, json, sarif, github)."""
    if name == "text":
        from reviewer.formatters.text import render
    elif name == "json":
        from reviewer.formatters.json import render
    elif name == "sarif":
        from reviewer.formatters.sarif import render
    elif name == "github":
        from reviewer.formatters.github import render
    else:
        raise KeyError(name)
    return render


FORMATS = ("text", "json", "sarif", "github")
