"""Stigma: words that label people by a condition or judge them, from published health language guides."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from reviewer.document import Document
from reviewer.document.model import Block
from reviewer.language.quotes import quoted_spans
from reviewer.lint.finding import Finding
from reviewer.lint.registry import Context, rule
from reviewer.lint.rulepack import Field, PackError, backtracking_risk

SCHEMA = {
    "term": Field(str, required=True),
    "match": Field(list),
    "pattern": Field(str),
    "prefer": Field(str, required=True),
    "reason": Field(str, required=True),
    "source": Field(str, required=True),
}
# A block holding none of these cannot hold a pack term: most blocks are skipped with one scan.
_KEYS = ("hiv", "aids", "diabet", "epilep", "addict", "junkie", "abuser", "clean", "dirty", "suffer", "afflict",
         "stricken", "wheelchair", "suicide")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_LETTERS = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Term:
    term: str
    regex: re.Pattern
    prefer: str
    reason: str


def _build(entries) -> tuple[Term, ...]:
    terms = []
    for entry in entries:
        if ("match" in entry) == ("pattern" in entry):
            raise PackError(f"stigma pack: entry {entry['term']!r} needs exactly one of 'match' or 'pattern'")
        if "pattern" in entry:
            source = entry["pattern"]
            risk = backtracking_risk(source)
            if risk:
                raise PackError(f"stigma pack: entry {entry['term']!r}: pattern {risk}")
        else:
            phrases = sorted((str(p) for p in entry["match"]), key=len, reverse=True)
            source = r"\b(?:" + "|".join(re.escape(p).replace(r"\-", "[- ]").replace(r"\ ", " ") for p in phrases) + r")\b"
        try:
            regex = re.compile(source, re.IGNORECASE)
        except re.error as exc:
            raise PackError(f"stigma pack: entry {entry['term']!r}: invalid pattern: {exc}") from None
        terms.append(Term(entry["term"], regex, entry["prefer"], entry["reason"]))
    # One pass per block: every term's pattern as a named alternative (t0, t1, ...); the first that matches
    # at a place wins, so list the longer phrases of overlapping terms first.
    combined = re.compile("|".join(f"(?P<t{i}>{t.regex.pattern})" for i, t in enumerate(terms)), re.IGNORECASE)
    return tuple(terms), combined


@rule("stigma.label", "warning", opt_in=True, options={"ignore": ()},
      example="Diabetics should check their feet every day.\n")
def label(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """Words that label people by a condition or judge them: "a diabetic", "HIV-infected people", "AIDS victim".

    Health language guides ask for person-first, neutral words: "people with HIV", "a person with
    diabetes", "a person with a substance use disorder", "tested negative". The terms and their sources
    are in the `stigma` rule pack (rules/stigma.yml): UNAIDS Terminology Guidelines and CDC HIV language
    guidance ("HIV-infected people", "AIDS victim", "full-blown AIDS", "AIDS virus", "infected with
    AIDS", "HIV carrier"), ADA/ADCES diabetes language guidance ("diabetic" as a noun), NIDA's "Words
    Matter" ("addict", "clean"/"dirty" test results), the National Center on Disability and Journalism
    ("suffers from", "wheelchair-bound") and suicide reporting guidance ("committed suicide").

    The name of a condition is never reported (HIV, AIDS, diabetes, addiction): only the words that make
    the condition the person, cast them as victims, or judge them. An adjective of a thing stays quiet
    ("diabetic foot ulcer", "diabetic retinopathy", "diabetic diet"), and so do quotations (in quotation
    marks or a blockquote), names and titles (written in Title Case: "Drug Addicts Anonymous", a study title,
    or in italics in Markdown: *Outcomes in diabetic patients after surgery*).

    Options: `ignore`, a list of pack `term` names (rules/stigma.yml) not to report. On the 68 CDC
    development pages (COVID-19 guidance) it finds nothing: 0 findings, so no precision could be measured
    there; its fixtures hold the quiet shapes (conditions named, things described, names, quotations).

    Opt-in: on the 68 CDC development pages it gave no findings, too few to judge the 40 a rule on
    by default must be judged on. Turn it on with `select` (its id or the `stigma` family), a severity in
    the config, or for one article with front matter `reviewer: {enable: [stigma]}`.
    """
    terms, combined = context.packs.built("stigma", SCHEMA, _build)
    ignored = {str(t).casefold() for t in options.get("ignore", ())}
    for block in doc.blocks:
        if block.kind in ("blockquote",) or block.implicit:
            continue
        lower = block.text.lower()
        if not any(key in lower for key in _KEYS):
            continue
        quoted = quoted_spans(block.text) if '"' in lower or "“" in lower or "‘" in lower else []
        italics: list[tuple[int, int]] | None = None  # source spans, found when first needed
        titles: dict[int, bool] = {}  # sentence start -> written in Title Case
        for match in combined.finditer(block.text):
            index = next(int(name[1:]) for name, value in match.groupdict().items() if value is not None)
            term = terms[index]
            start, end = match.span()
            if term.term.casefold() in ignored or _inside(quoted, start, end) or _in_name_or_title(block, start, end,
                                                                                                   titles):
                continue
            if doc.kind == "markdown":
                italics = _italic_spans(doc, block) if italics is None else italics
                if _inside(italics, block.source_offset(start), block.source_end(end)):
                    continue
            yield doc.span_finding(block, start, end, f"\"{match.group()}\" {term.reason}; write \"{term.prefer}\"",
                                   suggestion=term.prefer)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of `spans` (sorted, not overlapping)."""
    index = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= start and end <= spans[index][1]


_ITALICS = re.compile(r"(?<![*\w])\*(?!\*)[^*\n]+\*(?!\*)|(?<![_\w])_(?!_)[^_\n]+_(?![_\w])")


def _italic_spans(doc: Document, block: Block) -> list[tuple[int, int]]:
    """Source spans of the text set in italics (`*...*` or `_..._`) in a Markdown block: the way titles of
    studies and books, and words quoted as words, are written."""
    begin, finish = block.source_offset(0), block.source_end(len(block.text))
    return [m.span() for m in _ITALICS.finditer(doc.source, begin, finish)]


def _in_name_or_title(block: Block, start: int, end: int, titles: dict[int, bool]) -> bool:
    """Whether block text [start, end) is part of a name or a title: its sentence is in Title Case (kept in
    `titles` by sentence start), or the match (not opening the sentence) or the word after it starts with a
    capital."""
    sentence = block.sentence_at(start)
    s_start, s_end = (sentence.start, sentence.end) if sentence else (0, len(block.text))
    if s_start not in titles:
        words = [w for w in _WORD.findall(block.text, s_start, s_end) if len(w) > 3]
        titles[s_start] = len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.6
    if titles[s_start]:
        return True
    text = block.text
    first = _LETTERS.match(text, start)
    if start > s_start and text[start].isupper() and first and not first.group().isupper():
        return True
    if text[start:end].lower().endswith((" from", " with", " by")):
        return False  # "suffers from Alzheimer's disease": the capital is the condition's
    after = _WORD.match(text, end + 1) if end + 1 < len(text) and text[end] == " " else None
    return bool(after and after.group()[0].isupper() and not after.group().isupper())
