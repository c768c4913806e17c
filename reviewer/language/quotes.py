"""Quotation marks: the stretches of a paragraph that quote a title or someone's words.

The plain-words rule leaves quoted words alone and `--fix` never rewrites inside quotation marks: both ask
`quoted_spans` the same question.
"""

from __future__ import annotations

import re


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of the stretches of `text` inside quotation marks: "...", “...”, and ‘...’ opened
    before a word (an apostrophe inside a word, as in "don’t", opens nothing). An unclosed mark quotes
    nothing: a stray quote must not silence the rest of a paragraph."""
    spans: list[tuple[int, int]] = []
    straight = [m.start() for m in re.finditer('"', text)]
    spans.extend((straight[i], straight[i + 1] + 1) for i in range(0, len(straight) - 1, 2))
    for match in _CURLY_DOUBLE.finditer(text):
        spans.append(match.span())
    for match in _CURLY_SINGLE.finditer(text):
        spans.append(match.span())
    return spans


_CURLY_DOUBLE = re.compile(r"“[^“”]*”")
_CURLY_SINGLE = re.compile(r"(?<![\w’])‘[^‘’]*(?:’\w[^‘’]*)*’(?!\w)")
