"""Claims: statements whose truth depends on when they are read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Mapping

from reviewer.registry import rule
from reviewer.rulepack import Field, PackError

CLAIMS_SCHEMA = {
    "phrase": Field(str, required=True),
    "match": Field(list),
    "pattern": Field(str),
    "reason": Field(str, required=True),
    "advice": Field(str, required=True),
}
DEFAULT_REVIEW_KEYS = ("last_reviewed", "reviewed")


@dataclass(frozen=True)
class TimeRelativePhrase:
    """An entry of rules/claims.yml with its compiled pattern."""

    phrase: str
    pattern: re.Pattern[str]
    reason: str
    advice: str


_COMPILED: dict[int, tuple[object, tuple[TimeRelativePhrase, ...], re.Pattern[str] | None]] = {}


def time_relative_phrases(packs) -> tuple[tuple[TimeRelativePhrase, ...], re.Pattern[str] | None]:
    """The compiled entries of the `claims` packs, and one pattern matching any of them (a quick
    test that lets most blocks skip the per-entry search), once per process per set of packs."""
    entries = packs.entries("claims", CLAIMS_SCHEMA)
    cached = _COMPILED.get(id(entries))
    if cached is None or cached[0] is not entries:
        phrases = tuple(_compile(entry) for entry in entries)
        try:
            any_phrase = re.compile("|".join(f"(?:{p.pattern.pattern})" for p in phrases), re.I)
        except re.error:  # a pack pattern that cannot be combined (inline flags): search entry by entry
            any_phrase = None
        cached = (entries, phrases, any_phrase)
        _COMPILED[id(entries)] = cached
    return cached[1], cached[2]


def _compile(entry: Mapping[str, Any]) -> TimeRelativePhrase:
    where = f"rule pack claims: {entry['phrase']!r}"
    literal, pattern = entry.get("match"), entry.get("pattern")
    if (literal is None) == (pattern is None):
        raise PackError(f"{where}: give exactly one of 'match' (phrases) or 'pattern' (a regular expression)")
    if literal is not None:
        if not literal or not all(isinstance(p, str) and p.strip() for p in literal):
            raise PackError(f"{where}: 'match' must be a list of phrases")
        forms = sorted(literal, key=len, reverse=True)
        pattern = r"(?<![\w’'])(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in forms) + r")(?![\w’'])"
    try:
        compiled = re.compile(pattern, re.I)
    except re.error as exc:
        raise PackError(f"{where}: invalid pattern: {exc}") from None
    return TimeRelativePhrase(entry["phrase"], compiled, entry["reason"], entry["advice"])


def review_date(front_matter: Mapping[str, Any], keys: Iterable[str]) -> str | None:
    """The article's last review date from its front matter, as a reader writes it ("2 May 2024").

    A minimal, tolerant read (the review rules own the full date parser): an ISO date
    string or a date becomes "2 May 2024"; any other non-empty text is shown as written.
    """
    for key in keys:
        value = front_matter.get(key)
        if isinstance(value, date):
            return _spoken(value)
        if isinstance(value, str) and value.strip():
            try:
                return _spoken(date.fromisoformat(value.strip()))
            except ValueError:
                return value.strip()
    return None


def _spoken(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@rule("claims.time-relative", "suggestion", example="Recent research shows that starting treatment early helps.\n")
def time_relative_claim(doc, options, context):
    """A claim whose truth depends on when it is read: "recent research", "currently", "this year".

    Health pages are read for years after they are written. "Recent research shows",
    "new studies", "there is currently no cure", "is now recommended", "this year's flu
    vaccine", "the latest advice", "there is no information yet" were true on the day
    they were written and quietly stop being true. Give the year or name the source, or
    check each one at every review; the message shows the article's last review date
    (front matter keys from the `review.last_reviewed_keys` setting) so the reviewer
    knows how old the claim is. Everyday uses stay quiet: "call now", "medicines you
    are currently taking", "at the latest". The phrases are in rules/claims.yml.
    """
    keys = getattr(context.review, "last_reviewed_keys", None) or DEFAULT_REVIEW_KEYS
    reviewed = review_date(doc.front_matter, keys)
    when = f"article last reviewed {reviewed}" if reviewed else "the article gives no review date"
    phrases, any_phrase = time_relative_phrases(context.packs)
    for block in doc.blocks:
        if any_phrase is not None and not any_phrase.search(block.text):
            continue
        taken: list[tuple[int, int]] = []
        for entry in phrases:
            for match in entry.pattern.finditer(block.text):
                start, end = match.span()
                if any(start < b and a < end for a, b in taken):
                    continue
                taken.append((start, end))
                yield doc.span_finding(block, start, end,
                                       f"\"{match.group()}\" will date: {entry.reason}; {entry.advice} ({when})")
