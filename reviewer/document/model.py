"""The Document model: an article's prose blocks, sentences, words, links and comments, mapped to source offsets."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any, Iterator, NamedTuple

from reviewer.document.sentences import split_sentences
from reviewer.document.spans import SpanSet
from reviewer.lint.finding import Finding, Fix, Severity

PROSE_KINDS = ("heading", "paragraph", "list_item", "blockquote", "table_cell")


class cached_property:  # noqa: N801: a drop-in for functools.cached_property
    """functools.cached_property without its lock: Python 3.11's takes a lock on every first read, and an article's
    blocks and sentences have hundreds of first reads (Python 3.12 dropped the lock). The value is computed from
    the object alone, so two threads computing it at once would store the same value."""

    def __init__(self, func: Any) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


_WORD = re.compile(r"[^\W_](?:[\w’'\-\u00ad]*[^\W_])?")


_URL = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]")


_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")


# CommonMark's line endings: LF, CR or CRLF. markdown-it counts lines this way, so we must too.
LINE_END = re.compile(r"\r\n|\r|\n")


class Word(NamedTuple):
    """A word of a block: its text and its [start, end) in block text coordinates (a named tuple: an
    article has thousands, and a tuple is built several times faster than a frozen dataclass)."""

    text: str
    start: int
    end: int


@dataclass
class Sentence:
    """A sentence of one prose block: [start, end) in the block's text."""

    block: "Block"
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.block.text[self.start : self.end]

    @cached_property
    def words(self) -> list[Word]:
        words, starts = self.block.words, self.block.word_starts
        return words[bisect.bisect_left(starts, self.start):bisect.bisect_left(starts, self.end)]

    @property
    def source_start(self) -> int:
        return self.block.source_offset(self.start)

    @property
    def source_end(self) -> int:
        return self.block.source_end(self.end)


@dataclass
class Block:
    """A prose block with its normalised text and, per character, the source offset it came from.

    kind is one of PROSE_KINDS. `implicit` marks a heading recognised by plain-text
    convention (a title line or an ALL-CAPS line) rather than by Markdown syntax.
    `section` is the index in Document.blocks of the heading the block falls under (-1: none).
    """

    kind: str
    text: str
    offsets: list[int]
    level: int = 0
    implicit: bool = False
    section: int = -1

    def source_offset(self, index: int) -> int:
        """Source offset of block character `index` (index == len(text) maps past the last one)."""
        if not self.offsets:
            return 0
        if index >= len(self.offsets):
            return self.offsets[-1] + 1
        return self.offsets[index]

    def source_end(self, index: int) -> int:
        """Source offset just past block character `index - 1`: the end of a span ending at `index`."""
        if index <= 0 or not self.offsets:
            return self.source_offset(0)
        return self.offsets[min(index, len(self.offsets)) - 1] + 1

    @cached_property
    def words(self) -> list[Word]:
        """Words of the block, leaving out bare URLs and e-mail addresses."""
        text = self.text
        new, find = tuple.__new__, text.find  # Word(...) without the named tuple's Python __new__: thousands a page
        words, position = [], 0
        for word in _WORD.findall(text):  # a gap between words holds no letter or digit, so find() lands on the match
            start = find(word, position)
            position = start + len(word)
            words.append(new(Word, (word, start, position)))
        if self.bare_urls:
            words = [w for w in words if not self.bare_urls.covers(w.start)]
        return words

    @cached_property
    def bare_urls(self) -> SpanSet:
        """The bare URLs and e-mail addresses in the text: not prose."""
        text = self.text
        if "@" not in text and "://" not in text and "www." not in text:
            return SpanSet()
        return SpanSet(url_spans(text))

    @cached_property
    def word_starts(self) -> list[int]:
        return [w.start for w in self.words]

    @cached_property
    def folded_words(self) -> list[str]:
        """The words as lexicons look them up: lower case, straight apostrophes, no possessive 's."""
        return list(map(fold_word, [w[0] for w in self.words]))

    @cached_property
    def sentences(self) -> list[Sentence]:
        return [Sentence(self, s, e) for s, e in split_sentences(self.text)]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, index: int) -> Sentence | None:
        """The sentence holding text character `index`, if any."""
        i = bisect.bisect_right(self._sentence_starts, index) - 1
        return self.sentences[i] if i >= 0 and index < self.sentences[i].end else None


@dataclass(frozen=True)
class Link:
    """A Markdown link or image. text_* are source offsets of the text; dest_* of the destination."""

    destination: str
    text: str
    start: int
    end: int
    dest_start: int
    dest_end: int
    image: bool = False
    autolink: bool = False


@dataclass(frozen=True)
class Comment:
    """An HTML comment: its inner text and source span."""

    body: str
    start: int
    end: int


class SourceLines:
    """Lines, columns and findings of a `source` text, from its line starts: `_starts(lines, offset)` gives
    them at least as far as line `lines` (plus the start of the next) and past `offset`, or all of them when
    neither is given. A Document knows them all; the report's ReviewSource finds them only as far as asked."""

    __slots__ = ()
    path: str
    source: str

    def _starts(self, lines: int | None = None, offset: int | None = None) -> list[int]:
        raise NotImplementedError

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a source offset."""
        offset = max(0, min(offset, len(self.source)))
        starts = self._starts(offset=offset)
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def line_offset(self, line: int) -> int:
        """Source offset of the start of 1-based `line`."""
        starts = self._starts(lines=max(1, line))
        return starts[max(0, min(line - 1, len(starts) - 1))]

    @property
    def line_count(self) -> int:
        return len(self._starts())

    def line_text(self, line: int) -> str:
        """The text of 1-based `line`, without its line ending."""
        starts = self._starts(lines=max(1, line) + 1)
        index = max(0, min(line - 1, len(starts) - 1))
        end = starts[index + 1] if index + 1 < len(starts) else len(self.source)
        return self.source[starts[index]:end].rstrip("\r\n")

    def finding(
        self,
        start: int,
        end: int,
        message: str,
        *,
        rule: str = "",
        severity: Severity = Severity.WARNING,
        suggestion: str | None = None,
        fix: Fix | None = None,
    ) -> Finding:
        """A Finding over source span [start, end); the engine fills in rule and severity."""
        line, column = self.line_col(start)
        end_line, end_column = self.line_col(max(start, end))
        return Finding(self.path, line, column, end_line, end_column, rule, severity, message,
                       suggestion, fix, start, max(start, end))


@dataclass
class Document(SourceLines):
    """One article, parsed once: `parse` fills its fields, and after it returns nothing changes them.

    Checks only read a Document. The one thing written later is `memo`, and on purpose: a cache of
    values derived from the document alone (the quantities of each block, its measurements, its review
    metadata), keyed by what computed them, so that the rules needing the same derived facts compute them
    once per article. An entry, once written, is never changed, and no entry alters what a field says.
    """

    path: str
    source: str
    kind: str = "markdown"  # or "text": the syntax it was read in (a .txt holding Markdown is "markdown")
    file: Path | None = None  # where it was read from; None for text linted from memory
    bom: bool = False
    newline: str = "\n"
    front_matter: dict[str, Any] = field(default_factory=dict)
    front_matter_lines: dict[str, int] = field(default_factory=dict)
    front_matter_end: int = 0  # source offset where the body starts
    blocks: list[Block] = field(default_factory=list)
    # Lines about the page, not prose ("Page last reviewed: ...", "Content source: ..."): set apart from
    # `blocks` so prose rules skip them; review rules read review dates from the source.
    metadata_lines: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    memo: dict[str, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def _line_starts(self) -> list[int]:
        source = self.source
        if "\r" not in source:  # LF only: each line's start is one past the end of the one before
            return list(accumulate(map((1).__add__, map(len, source.split("\n")[:-1])), initial=0))
        starts = [0]
        starts.extend(m.end() for m in LINE_END.finditer(source))
        return starts

    def _starts(self, lines: int | None = None, offset: int | None = None) -> list[int]:
        return self._line_starts

    def span_finding(self, block: Block, start: int, end: int, message: str, **kwargs: Any) -> Finding:
        """A Finding over block text [start, end)."""
        return self.finding(block.source_offset(start), block.source_end(end), message, **kwargs)

    @property
    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]

    def next_heading(self, index: int) -> int:
        """The index in `blocks` of the first heading after block `index` (len(blocks) when none follows)."""
        return next((later for later in range(index + 1, len(self.blocks)) if self.blocks[later].kind == "heading"),
                    len(self.blocks))

    def sentences(self) -> Iterator[Sentence]:
        for block in self.blocks:
            yield from block.sentences

    @cached_property
    def title(self) -> str:
        title = self.front_matter.get("title")
        if isinstance(title, str) and title.strip():
            return title.strip()
        for block in self.blocks:
            if block.kind == "heading":
                return block.text.strip()
        return ""


def heading_slug(text: str) -> str:
    """GitHub-style anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    slug = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return slug.replace(" ", "-")


@functools.lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """A word as lexicons look it up: lower case, straight apostrophes, no soft hyphens, no possessive 's."""
    word = word.lower().replace("’", "'").replace("\u00ad", "")
    return word[:-2] if word.endswith("'s") else word


def url_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of bare URLs and e-mail addresses in a block's text: not prose."""
    spans = [m.span() for m in _URL.finditer(text)]
    spans.extend(m.span() for m in _EMAIL.finditer(text))
    return sorted(spans)


COMMENT = re.compile(r"<!--(.*?)-->", re.S)


class TextBuilder:
    """Accumulates prose text with a source offset per character."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets: list[int] = []

    def add(self, text: str, offsets: list[int]) -> None:
        self.chars.append(text)
        self.offsets.extend(offsets)

    def add_char(self, char: str, offset: int) -> None:
        self.chars.append(char)
        self.offsets.append(offset)

    def text(self) -> str:
        return "".join(self.chars)


def line_spans(source: str, block: Block) -> list[tuple[int, int]]:
    """[start, end) spans of block text, one per source line it was read from (a joining space left out)."""
    text, offsets = block.text, block.offsets
    pieces, start = [], 0
    for i in range(len(text)):
        if i >= len(offsets):
            break
        here = offsets[i]
        if here < len(source) and source[here] in "\r\n":  # a line break read as a space (a soft break)
            pieces.append((start, i))
            start = i + 1
        elif i + 1 < len(offsets) and offsets[i + 1] > here + 1 and (
                "\n" in source[here + 1:offsets[i + 1]] or "\r" in source[here + 1:offsets[i + 1]]):
            pieces.append((start, i + 1))
            start = i + 1
    pieces.append((start, len(text)))
    return [(a, b) for a, b in (_strip_span(text, a, b) for a, b in pieces) if a < b]


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def block_part(block: Block, a: int, b: int) -> Block:
    """A block of the same kind holding block text [a, b) and its offsets."""
    return Block(block.kind, block.text[a:b], block.offsets[a:b], block.level, block.implicit)
