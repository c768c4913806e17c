"""One finding per span of text: where two rules report the same words, the more specific one speaks.

"currently" can be a formal word (plain.simpler-word) and a claim that dates (claims.time-relative);
an editor needs to read about it once, and the claim is the point. The engine calls
`one_finding_per_span` on a file's findings after the checks ran and suppressions were applied (a
suppressed finding does not silence another rule's).

- A finding of a `general` rule (a word-choice rule, declared with `@rule(..., general=True)`) gives
  way to a finding of a rule that is not general over the same words or a short stretch holding
  them (a phrase, not a sentence: a long-sentence finding does not silence the words inside it).
- Findings of different rules over exactly the same words are one finding: the higher severity
  wins, then the rule that is not general, then the first rule id.
Findings with an empty span (a whole file, a place between words) never collide.
"""

from __future__ import annotations

import bisect
from typing import Collection, Sequence

from reviewer.lint.finding import Finding

PHRASE_CHARACTERS = 80  # longer spans are sentences or sections: they hold words, they do not repeat them


def _short(f: Finding) -> bool:
    return f.start < f.end and f.end - f.start <= PHRASE_CHARACTERS


def one_finding_per_span(findings: Sequence[Finding], general: Collection[str]) -> list[Finding]:
    """`findings` less those another rule already reports on the same words (order kept)."""
    short = [f for f in findings if _short(f)]
    if len(short) < 2 or len({f.rule for f in short}) < 2:
        return list(findings)
    dropped: set[int] = set()
    # exact same span: one finding
    by_span: dict[tuple[int, int], list[Finding]] = {}
    for f in short:
        by_span.setdefault((f.start, f.end), []).append(f)
    for group in by_span.values():
        if len({f.rule for f in group}) < 2:
            continue
        best = max(group, key=lambda f: (f.severity.rank, f.rule not in general, [-ord(c) for c in f.rule]))
        dropped.update(id(f) for f in group if f.rule != best.rule)
    # a general rule's finding inside a specific rule's short finding
    specific = sorted((f for f in short if f.rule not in general and id(f) not in dropped), key=lambda f: f.start)
    starts = [f.start for f in specific]
    for f in short:
        if f.rule not in general or id(f) in dropped:
            continue
        index = bisect.bisect_right(starts, f.start)
        # every specific finding starting at or before f: spans are short, so look back a bounded way
        for other in reversed(specific[max(0, index - 20):index]):
            if other.rule != f.rule and other.start <= f.start and f.end <= other.end:
                dropped.add(id(f))
                break
    return [f for f in findings if id(f) not in dropped]
