"""A set of [start, end) spans of a text, asked by bisection: a long paragraph can hold thousands of them."""

from __future__ import annotations

import bisect
from typing import Iterable, Iterator


class SpanSet:
    """Spans merged where they overlap or touch, kept sorted; empty spans cover nothing and are dropped."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            elif start < end:
                merged.append((start, end))
        self._spans = merged
        self._starts = [start for start, _ in merged]

    def __bool__(self) -> bool:
        return bool(self._spans)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self._spans)

    def covers(self, index: int) -> bool:
        """True when offset `index` lies inside a span."""
        i = bisect.bisect_right(self._starts, index) - 1
        return i >= 0 and index < self._spans[i][1]

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of the spans that fall inside [start, end)."""
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        parts = []
        while i < len(self._spans) and self._spans[i][0] < end:
            a, b = max(self._spans[i][0], start), min(self._spans[i][1], end)
            if a < b:
                parts.append((a, b))
            i += 1
        return parts
