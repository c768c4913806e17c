"""An article read for its review metadata only: decoded text, front matter, and lines on demand.

`reviewer report` reads thousands of articles, and every old version whose review date it compares, for
their front matter and their review lines, never for prose. `read_review_source` gives a `ReviewSource`:
the decoded text and its front matter, read by the very `read_front_matter` the full reader uses, with a
line table built only as far as someone asks (the front matter's lines, as a rule). The review-date reader
(`reviewer.review.dates.read_review_metadata`) and the report's title take it as they take a Document, so
how review dates are read has one source: only the cost differs (no line table of the whole article, no
Markdown, no prose model). A test reads tricky articles both ways and compares what the report keeps.

Bytes the fast path does not expect (a UTF-16 mark, NUL bytes, invalid UTF-8) go to the full decoder, so
an unreadable file is described in the same words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer.document.frontmatter import read_front_matter
from reviewer.document.model import LINE_END, SourceLines
from reviewer.document.syntax import syntax_of
from reviewer.lint.finding import Finding

_BOM = b"\xef\xbb\xbf"


class ReviewSource(SourceLines):
    """The parts of a Document a review reads (same names, same meanings), with lazy line starts."""

    __slots__ = ("path", "source", "kind", "file", "bom", "front_matter", "front_matter_lines",
                 "front_matter_end", "problems", "memo", "_starts_found", "_done")

    def __init__(self, path: str, source: str, file: Path | None = None, bom: bool = False) -> None:
        self.path = path
        self.source = source
        self.kind = "markdown"
        self.file = file
        self.bom = bom
        self.front_matter: dict[str, Any] = {}
        self.front_matter_lines: dict[str, int] = {}
        self.front_matter_end = 0
        self.problems: list[Finding] = []
        self.memo: dict[str, Any] = {}
        self._starts_found = [0]  # line starts found so far (Document._line_starts, as far as asked)
        self._done = False  # every line start is known

    def _starts(self, lines: int | None = None, offset: int | None = None) -> list[int]:
        """Line starts up to `lines` lines, or past `offset`, or (neither given) all of them."""
        starts = self._starts_found
        if self._done:
            return starts
        source = self.source
        search = LINE_END.search
        while (lines is None or len(starts) <= lines) and (offset is None or starts[-1] <= offset):
            found = search(source, starts[-1])
            if found is None:
                self._done = True
                break
            starts.append(found.end())
        return starts


def read_review_source(raw: bytes, display: str, file: Path | None = None):
    """Bytes -> ReviewSource (front matter read, kind decided as the full reader decides it), or, for bytes
    that are not plain UTF-8 text, what the full decoder says: a `document.unreadable` Finding (or a
    Document, for text it can read that this path does not expect)."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw[:8192]:
        return _full(raw, display, file)
    bom = raw[:3] == _BOM
    try:
        text = raw[3:].decode("utf-8") if bom else raw.decode("utf-8")
    except UnicodeDecodeError:
        return _full(raw, display, file)
    doc = ReviewSource(display, text, file, bom)
    read_front_matter(doc)
    doc.kind = syntax_of(display, text[doc.front_matter_end:], None)
    return doc


def _full(raw: bytes, display: str, file: Path | None):
    from reviewer.document.decode import decode_document

    return decode_document(raw, display, file, prose=False)
