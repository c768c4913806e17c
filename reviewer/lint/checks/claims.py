"""Claims: statements whose truth depends on when they are read."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from reviewer.config import ReviewSettings
from reviewer.document import Document
from reviewer.lint.finding import Finding
from reviewer.lint.registry import Context, rule
from reviewer.lint.rulepack import Field, PackError, backtracking_risk
from reviewer.review.dates import default_interval, read_review_metadata, schedule

CLAIMS_SCHEMA = {
    "phrase": Field(str, required=True),
    "match": Field(list),
    "pattern": Field(str),
    "words": Field(list),
    "reason": Field(str, required=True),
    "advice": Field(str, required=True),
}


@dataclass(frozen=True)
class TimeRelativePhrase:
    """An entry of rules/claims.yml: its compiled pattern and the words one of which every match contains,
    lower case (empty: no such words known, so the pattern is tried on every block)."""

    phrase: str
    pattern: re.Pattern[str]
    words: tuple[str, ...]
    reason: str
    advice: str

    def may_match(self, lowered: str) -> bool:
        """False when `lowered` (a block's text in lower case) holds none of the entry's words."""
        return not self.words or any(word in lowered for word in self.words)


def time_relative_phrases(packs) -> tuple[TimeRelativePhrase, ...]:
    """The entries of the `claims` packs, validated and compiled once per process per set of packs."""
    return packs.built("claims", CLAIMS_SCHEMA, _phrases_of)


def _phrases_of(entries) -> tuple[TimeRelativePhrase, ...]:
    return tuple(_compile(entry) for entry in entries)


def _compile(entry: Mapping[str, Any]) -> TimeRelativePhrase:
    where = f"rule pack claims: {entry['phrase']!r}"
    literal, pattern, words = entry.get("match"), entry.get("pattern"), entry.get("words", [])
    if (literal is None) == (pattern is None):
        raise PackError(f"{where}: give exactly one of 'match' (phrases) or 'pattern' (a regular expression)")
    if not all(isinstance(w, str) and w.strip() and " " not in w.strip() for w in words):
        raise PackError(f"{where}: 'words' must be a list of single words")
    if literal is not None:
        if words:
            raise PackError(f"{where}: 'words' goes with 'pattern'; for 'match' they come from the phrases")
        if not literal or not all(isinstance(p, str) and p.strip() for p in literal):
            raise PackError(f"{where}: 'match' must be a list of phrases")
        forms = sorted(literal, key=len, reverse=True)
        pattern = r"(?<![\w’'])(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in forms) + r")(?![\w’'])"
        words = [max(p.lower().split(), key=len) for p in literal]  # every match holds its phrase's longest word
    try:
        compiled = re.compile(pattern, re.I)
    except re.error as exc:
        raise PackError(f"{where}: invalid pattern: {exc}") from None
    risk = backtracking_risk(pattern)
    if risk:
        raise PackError(f"{where}: unsafe pattern: {risk}")
    return TimeRelativePhrase(entry["phrase"], compiled, tuple(sorted({w.strip().lower() for w in words})),
                              entry["reason"], entry["advice"])


def review_date(doc, settings: ReviewSettings | None) -> str | None:
    """The article's last review as a reader says it ("2 May 2024", "July 2025"), read by the one reader
    of review metadata the review rules and the report use: front matter keys and in-body review lines
    alike. The earliest readable date wins, as it does for them; an unreadable one is shown as written."""
    metadata = read_review_metadata(doc, settings or ReviewSettings())
    last = schedule(metadata, default_interval(settings or ReviewSettings())).last
    if last is not None:
        day = last.value.start
        return f"{day:%B %Y}" if last.value.precision == "month" else f"{day.day} {day:%B %Y}"
    written = next((e.text.strip() for e in metadata.last_reviewed if e.text.strip()), None)
    return written


_YEAR = re.compile(r"(?<![\w.,])(?:19|20)\d\d(?!\w|[.,]\d)")  # 2020, not 2,020 or 20.205


def _dated(block, index: int, known: dict[int, bool]) -> bool:
    """True when the sentence holding block text `index` gives a year ("As of March 2020, there is
    currently no vaccine"): the claim is dated already, which is what the rule asks for. `known` keeps
    the answer per sentence start, so a sentence holding many claims is searched once."""
    sentence = block.sentence_at(index)
    if sentence is None:
        return False
    if sentence.start not in known:
        known[sentence.start] = _YEAR.search(sentence.text) is not None
    return known[sentence.start]


class _DisjointSpans:
    """Spans taken so far, none overlapping another, sorted: a new one is checked against its two neighbours
    by bisection, not against every span (a long paragraph can hold thousands of matches)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def add(self, start: int, end: int) -> bool:
        """Take [start, end) unless it overlaps a span already taken; True when taken."""
        index = bisect.bisect_right(self._starts, start)
        for near in (index - 1, index):
            if 0 <= near < len(self._starts) and start < self._ends[near] and self._starts[near] < end:
                return False
        self._starts.insert(index, start)
        self._ends.insert(index, end)
        return True


@functools.lru_cache(maxsize=8)
def _key_words(phrases: tuple[TimeRelativePhrase, ...]) -> tuple[bool, tuple[str, ...]]:
    """(whether an entry has no key words, so every block must be tried; every entry's key words, once each)."""
    return any(not entry.words for entry in phrases), tuple(dict.fromkeys(w for e in phrases for w in e.words))


@rule("claims.time-relative", "suggestion", example="Recent research shows that starting treatment early helps.\n")
def time_relative_claim(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A claim whose truth depends on when it is read: "recent research", "currently", "this year".

    Health pages are read for years after they are written. "Recent research shows",
    "new studies", "there is currently no cure", "is now recommended", "this year's flu
    vaccine", "the latest guidance says", "there is no information yet" were true on the day
    they were written and quietly stop being true. Give the year or name the source, or
    check each one at every review; the message shows the article's last review date,
    read as the review rules read it (front matter keys from `review.last_reviewed_keys`,
    or an in-body line such as "Reviewed July 2025"), so the reviewer knows how old the claim is.

    Everyday uses stay quiet: "call now", "medicines you are currently taking", "employers
    that do not currently offer sick pay", "at the latest". So do pointers to a source that
    stays current, which send the reader to today's version rather than claim anything:
    "for the latest advice, visit ...", "ask your clinic for the latest advice", "the latest
    updates are available on ...". A sentence that gives a year ("As of March 2020, there
    were no reports") has dated its claim already and is left alone. The phrases are in
    rules/claims.yml.
    """
    when: str | None = None  # read at the first finding: most articles have none
    phrases = time_relative_phrases(context.packs)
    always, key_words = _key_words(phrases)
    for block in doc.blocks:
        lowered = block.text.lower()
        present = {word for word in key_words if word in lowered}  # each key word looked for once, not per entry
        if not present and not always:
            continue
        candidates = [entry for entry in phrases if not entry.words or not present.isdisjoint(entry.words)]
        taken = _DisjointSpans()
        dated: dict[int, bool] = {}
        for entry in candidates:
            for match in entry.pattern.finditer(block.text):
                start, end = match.span()
                if _dated(block, start, dated) or not taken.add(start, end):
                    continue
                if when is None:
                    reviewed = review_date(doc, context.review)
                    when = f"article last reviewed {reviewed}" if reviewed else "the article gives no review date"
                yield doc.span_finding(block, start, end,
                                       f"\"{match.group()}\" will date: {entry.reason}; {entry.advice} ({when})")
