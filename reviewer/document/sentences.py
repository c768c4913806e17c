"""Sentences: where one ends, without breaking on decimals, abbreviations, initials or units."""

from __future__ import annotations

import re

# Sentence boundaries: terminal punctuation, optional closing quotes/brackets, whitespace,
# then something that can start a sentence. Abbreviations are vetoed afterwards.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


_ABBREVIATIONS = frozenset(
    """e.g i.e etc vs dr mr mrs ms prof st no nos fig approx dept est min max mt jr sr
    inc ltd co jan feb mar apr jun jul aug sep sept oct nov dec ca cf al""".split()
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences of one block of prose.

    Breaks after . ! ? when the next word starts a sentence; never inside decimals
    (5.7%, 2.5 mg), after common abbreviations (e.g., i.e., Dr., vs.) or single initials.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if match.group().startswith(".") and _is_abbreviation(text, match.start()):
            continue
        if text[start:end].strip():
            spans.append(_trim(text, start, end))
        start = end
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    begin = dot
    while begin > 0 and (text[begin - 1].isalpha() or text[begin - 1] == "."):
        begin -= 1
    token = text[begin:dot].lower().rstrip(".")
    if not token:
        return False
    if len(token) == 1 and token.isalpha():
        return True  # an initial: "J. Smith"
    return token in _ABBREVIATIONS


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
