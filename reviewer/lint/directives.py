"""Inline directives: `<!-- reviewer-disable ... -->` comments and the front matter `reviewer:` table.

Both are read from a Document alone; the engine applies them, and the `document.*` rules report
their mistakes (an unknown rule named, a malformed table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from reviewer.document import Document
from reviewer.lint.finding import Finding
from reviewer.lint.registry import builtin_rules, matches

_DIRECTIVE = re.compile(r"^\s*reviewer-(disable-next-line|disable-file|disable|enable)\b\s*(.*?)\s*$", re.S)


@dataclass(frozen=True)
class _Suppression:
    rules: tuple[str, ...]  # empty: every rule
    first_line: int
    last_line: int  # inclusive; a very large number for "to the end"
    exempt: tuple[str, ...] = ()  # rules an `enable RULE` switched back on inside a wider region

    def covers(self, finding: Finding) -> bool:
        if not self.first_line <= finding.line <= self.last_line:
            return False
        if any(matches(p, finding.rule) for p in self.exempt):
            return False
        return not self.rules or any(matches(p, finding.rule) for p in self.rules)


def directives(doc: Document) -> Iterator[tuple[str, tuple[str, ...], int, int, int, int]]:
    """Each `reviewer-...` comment: (action, rule names, start line, end line, start, end offsets)."""
    for comment in doc.comments:
        match = _DIRECTIVE.match(comment.body)
        if match:
            names = tuple(n for n in re.split(r"[\s,]+", match.group(2)) if n)
            yield (match.group(1), names, doc.line_col(comment.start)[0], doc.line_col(comment.end)[0],
                   comment.start, comment.end)


def suppressions(doc: Document) -> list[_Suppression]:
    """The regions that inline suppression comments switch rules off in."""
    result: list[_Suppression] = []
    open_regions: list[tuple[str, tuple[str, ...], int]] = []  # (pattern, exempt, first line), one per pattern
    end_of_file = 10**9
    for action, names, line, end_line, _start, _end in directives(doc):
        if action == "disable-file":
            result.append(_Suppression(names, 1, end_of_file))
        elif action == "disable-next-line":
            target = end_line + 1
            while target < doc.line_count and not doc.line_text(target).strip():
                target += 1
            result.append(_Suppression(names, target, target))
        elif action == "disable":
            open_regions.extend((pattern, (), line) for pattern in names or ("ALL",))
        else:  # enable: switches back on the rules it names (every rule when it names none)
            still_open = []
            for pattern, exempt, start_line in open_regions:
                narrower = tuple(n for n in names if matches(pattern, n) and not matches(n, pattern))
                if not names or any(matches(n, pattern) for n in names):
                    result.append(_Suppression((pattern,), start_line, end_line, exempt))
                elif narrower:  # `disable style` ... `enable style.all-caps`: the rest of style stays off
                    result.append(_Suppression((pattern,), start_line, end_line, exempt))
                    still_open.append((pattern, exempt + narrower, end_line + 1))
                else:
                    still_open.append((pattern, exempt, start_line))
            open_regions = still_open
    result.extend(_Suppression((pattern,), start, end_of_file, exempt) for pattern, exempt, start in open_regions)
    return result


_ARTICLE_KEYS = {"ignore": "a list of rule ids or family prefixes", "enable": "a list of rule ids or family prefixes",
                 "known_acronyms": "a list of acronyms", "accept_words": "a list of words"}


def article_settings(doc: Document) -> tuple[dict[str, tuple[str, ...]], list[Finding]]:
    """The front matter `reviewer:` table: per-article ignore list, opt-in rules enabled, and vocabulary."""
    raw = doc.front_matter.get("reviewer")
    if raw is None:
        return {}, []
    line = doc.front_matter_lines.get("reviewer", 1)
    start = doc.line_offset(line)

    def problem(message: str) -> Finding:
        return doc.finding(start, start + len(doc.line_text(line)), message, rule="document.front-matter")

    if not isinstance(raw, dict):
        return {}, [problem("front matter key 'reviewer' must be a mapping, for example {ignore: [spelling]}")]
    settings: dict[str, tuple[str, ...]] = {}
    problems = []
    for key, value in raw.items():
        if key not in _ARTICLE_KEYS:
            problems.append(problem(f"unknown key reviewer.{key}; allowed: {', '.join(sorted(_ARTICLE_KEYS))}"))
            continue
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(problem(f"reviewer.{key} must be {_ARTICLE_KEYS[key]}"))
            continue
        settings[key] = tuple(value)
    for key in ("ignore", "enable"):
        for pattern in settings.get(key, ()):
            if not any(matches(pattern, r.id) for r in builtin_rules()):
                problems.append(problem(f"reviewer.{key} names unknown rule {pattern!r}"))
    return settings, problems
