"""Source text -> Document: front matter, prose blocks, sentences and words, each mapped to source offsets.

Markdown goes through markdown-it-py (CommonMark plus GFM tables and strikethrough).
Plain text (`.txt`) is split into title, ALL-CAPS headings, paragraphs and "- " bullets.
Every prose character keeps the offset of the source character it came from, so a
finding's line and column come from that map and never from searching the source again.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator, NamedTuple

from reviewer.lint.finding import Finding, Fix, Severity

PROSE_KINDS = ("heading", "paragraph", "list_item", "blockquote", "table_cell")

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_WORD = re.compile(r"[^\W_](?:[\w’'\-\u00ad]*[^\W_])?")
_URL = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
# CommonMark's line endings: LF, CR or CRLF. markdown-it counts lines this way, so we must too.
LINE_END = re.compile(r"\r\n|\r|\n")
_FRONT_MATTER_KEY = re.compile(r"([A-Za-z_][\w.\-]*)[ \t]*:")
_BULLET = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+")
_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

# Sentence boundaries: terminal punctuation, optional closing quotes/brackets, whitespace,
# then something that can start a sentence. Abbreviations are vetoed afterwards.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    """e.g i.e etc vs dr mr mrs ms prof st no nos fig approx dept est min max mt jr sr
    inc ltd co jan feb mar apr jun jul aug sep sept oct nov dec ca cf al""".split()
)


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
            words = [w for w in words if not self.in_bare_url(w.start)]
        return words

    @cached_property
    def bare_urls(self) -> list[tuple[int, int]]:
        """Sorted, disjoint [start, end) spans of the bare URLs and e-mail addresses in the text: not prose."""
        text = self.text
        if "@" not in text and "://" not in text and "www." not in text:
            return []
        merged: list[tuple[int, int]] = []
        for start, end in url_spans(text):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    @cached_property
    def _bare_url_starts(self) -> list[int]:
        return [start for start, _ in self.bare_urls]

    def in_bare_url(self, index: int) -> bool:
        """True when text character `index` is part of a bare URL or e-mail address."""
        i = bisect.bisect_right(self._bare_url_starts, index) - 1
        return i >= 0 and index < self.bare_urls[i][1]

    def bare_urls_within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of the bare URL spans that fall inside [start, end)."""
        spans = self.bare_urls
        i = max(0, bisect.bisect_right(self._bare_url_starts, start) - 1)
        parts = []
        while i < len(spans) and spans[i][0] < end:
            a, b = max(spans[i][0], start), min(spans[i][1], end)
            if a < b:
                parts.append((a, b))
            i += 1
        return parts

    @cached_property
    def word_starts(self) -> list[int]:
        return [w.start for w in self.words]

    @cached_property
    def folded_words(self) -> list[str]:
        """The words as lexicons look them up: lower case, straight apostrophes, no possessive 's."""
        return [fold_word(w.text) for w in self.words]

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


@dataclass
class Document:
    """One article, parsed once: `parse` fills its fields, and after it returns nothing changes them.

    Checks only read a Document. The one thing written later is `memo`, and on purpose: a cache of
    values derived from the document alone (the quantities of each block, its measurements, its review
    metadata), keyed by what computed them, so that the rules needing the same derived facts compute them
    once per article. An entry, once written, is never changed, and no entry alters what a field says.
    """

    path: str
    source: str
    kind: str = "markdown"  # or "text"
    file: Path | None = None  # where it was read from; None for text linted from memory
    bom: bool = False
    newline: str = "\n"
    front_matter: dict[str, Any] = field(default_factory=dict)
    front_matter_lines: dict[str, int] = field(default_factory=dict)
    front_matter_end: int = 0  # source offset where the body starts
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    memo: dict[str, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        starts.extend(m.end() for m in LINE_END.finditer(self.source))
        return starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a source offset."""
        offset = max(0, min(offset, len(self.source)))
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def line_offset(self, line: int) -> int:
        """Source offset of the start of 1-based `line`."""
        starts = self._line_starts
        return starts[max(0, min(line - 1, len(starts) - 1))]

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def line_text(self, line: int) -> str:
        """The text of 1-based `line`, without its line ending."""
        starts = self._line_starts
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


# --------------------------------------------------------------------------- sentences


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


# --------------------------------------------------------------------------- parsing


def parse(source: str, path: str, kind: str | None = None, *, prose: bool = True,
          metadata: bool = True, bom: bool = False, file: Path | None = None) -> Document:
    """Parse decoded text (BOM already removed) into a Document. `kind`: "markdown" or "text";
    `bom` and `file` say whether the bytes began with a BOM and where they were read from.

    With `prose=False` only the front matter is read (no blocks, links or comments): what a
    review report needs, at a fraction of the cost. With `metadata=False` the front matter is
    set apart but its YAML is not read (for a linked page, whose headings are all that matter).
    """
    if kind is None:
        kind = "text" if path.lower().endswith(".txt") else "markdown"
    head = source[:4096]
    newline = "\r\n" if "\r\n" in head else "\r" if "\r" in head and "\n" not in head else "\n"
    doc = Document(path=path, source=source, kind=kind, file=file, bom=bom, newline=newline)
    _read_front_matter(doc, metadata)
    if not prose:
        return doc
    end = doc.front_matter_end
    body = "".join(ch if ch in "\r\n" else " " for ch in source[:end]) + source[end:]
    if kind == "text":
        _PlainTextReader(doc, body).read()
    else:
        _MarkdownReader(doc, body).read()
    _mark_plain_headings(doc)
    _assign_sections(doc)
    return doc


def _read_front_matter(doc: Document, load: bool = True) -> None:
    """Parse YAML front matter apart: front_matter, front_matter_lines, front_matter_end, problems
    (with `load=False`, only front_matter_end)."""
    source = doc.source
    if doc.line_text(1).rstrip() != "---":
        return
    starts, count = doc._line_starts, doc.line_count
    close = next((line for line in range(2, count + 1)
                  if source[starts[line - 1]:starts[line - 1] + 3] in ("---", "...")
                  and doc.line_text(line).rstrip(" \t") in ("---", "...")), None)
    if close is None:
        doc.problems.append(doc.finding(0, len(doc.line_text(1)),
                                        "front matter opened on line 1 is never closed with '---'",
                                        rule="document.front-matter", severity=Severity.ERROR))
        return
    yaml_start = starts[1] if count > 1 else len(source)
    yaml_text = source[yaml_start:starts[close - 1]]
    doc.front_matter_end = starts[close] if close < count else len(source)
    if not load:
        return
    doc.front_matter_lines = {}
    for line in range(2, close):
        key = _FRONT_MATTER_KEY.match(source, starts[line - 1], starts[line])
        if key:
            doc.front_matter_lines[key.group(1)] = line  # a repeated key: YAML keeps the last
    data, error = load_front_matter_yaml(yaml_text)
    if error is not None:
        line_in_yaml, message = error
        offset = doc.line_offset(2 + line_in_yaml)
        doc.problems.append(doc.finding(offset, offset + len(doc.line_text(2 + line_in_yaml)),
                                        f"malformed front matter: {message}",
                                        rule="document.front-matter", severity=Severity.ERROR))
    else:
        doc.front_matter = data


_SIMPLE_LINE = re.compile(r"([A-Za-z_][\w.\-]*):[ \t]+(.*?)[ \t]*")
_SIMPLE_WORDS = re.compile(r"[A-Za-z][\w ,./()&+'\-]*")  # starts with a letter, no `#` or `:`: plain text
_SIMPLE_DATE = re.compile(r"\d+[-/]\d+(?:[-/]\d+)?")  # 2024-03-12, 03/12/2024: strings (no timestamps)
_SIMPLE_PHRASE = re.compile(r"\d+ [A-Za-z][\w ,]*")  # 12 months, 3 July 2025: not numbers
_SIMPLE_INT = re.compile(r"0|[1-9]\d*")
_YAML_WORDS = frozenset("y yes n no on off true false null ~".split())  # YAML 1.1 booleans and null


def simple_front_matter(text: str) -> dict[str, Any] | None:
    """The mapping of front matter written as plain `key: value` lines, or None for anything else.

    Most articles' front matter is a few such lines. Reading them here gives exactly what the
    YAML loader gives (a test compares the two) without importing or running it; lists,
    nesting, flow style, escapes, comments after values and ambiguous scalars return None
    and go to the YAML loader.
    """
    data: dict[str, Any] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = _SIMPLE_LINE.fullmatch(line)
        if match is None or match.group(1) in data:
            return None
        key, value = match.groups()
        if value[:1] == '"' and value[-1:] == '"' and len(value) > 1 and not any(c in value[1:-1] for c in '"\\'):
            data[key] = value[1:-1]
        elif value[:1] == "'" and value[-1:] == "'" and len(value) > 1 and "'" not in value[1:-1]:
            data[key] = value[1:-1]
        elif _SIMPLE_INT.fullmatch(value):
            data[key] = int(value)
        elif (_SIMPLE_WORDS.fullmatch(value) and value.lower() not in _YAML_WORDS) \
                or _SIMPLE_DATE.fullmatch(value) or _SIMPLE_PHRASE.fullmatch(value):
            data[key] = value
        else:
            return None
    return data


def load_front_matter_yaml(text: str) -> tuple[dict[str, Any], tuple[int, str] | None]:
    """YAML text -> (mapping, None) or ({}, (0-based line, message)). Dates stay strings."""
    simple = simple_front_matter(text)
    if simple is not None:
        return simple, None
    import yaml

    try:
        data = yaml.load(text, Loader=_front_matter_loader())
    except yaml.YAMLError as exc:
        from reviewer.lint.rulepack import yaml_error_summary

        line, _column, problem = yaml_error_summary(exc)
        return {}, ((line - 1 if line else 0), problem)
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return {}, (0, f"expected a mapping of keys to values, found a {type(data).__name__}")
    return {str(k): v for k, v in data.items()}, None


_LOADER = None


def _front_matter_loader():
    """A safe YAML loader that keeps dates as strings, so an impossible date is ours to report."""
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        class FrontMatterLoader(base):  # type: ignore[misc, valid-type]
            pass

        FrontMatterLoader.yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }
        _LOADER = FrontMatterLoader
    return _LOADER


class _TextBuilder:
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


# Blockquote and list markers at the start of a line (the first line of a list item's paragraph holds them).
_CONTAINER_MARKERS = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]|$))[ \t]*)*", re.M)
MAX_NESTING = 100  # levels of blockquotes, lists and inline markup read; deeper content is reported, not read.
# markdown-it's own default (20) drops prose inside ten nested lists; far deeper risks Python's recursion limit.


class _MarkdownReader:
    """Walks markdown-it tokens and aligns each inline text with its source span."""

    _parser = None

    def __init__(self, doc: Document, body: str) -> None:
        self.doc = doc
        self.body = body  # the source with front matter blanked: same offsets

    @classmethod
    def parser(cls):
        if cls._parser is None:
            from markdown_it import MarkdownIt

            parser = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(
                ["table", "strikethrough"])
            # markdown-it drops `javascript:` links to make its HTML safe; we render no HTML and
            # must see every link, including the placeholder ones.
            parser.validateLink = lambda url: True
            cls._parser = parser
        return cls._parser

    def read(self) -> None:
        tokens = self.parser().parse(self.body)
        starts = self.doc._line_starts
        deepest = next((t for t in tokens if t.level >= MAX_NESTING - 1 and t.map), None)
        if deepest is not None:  # markdown-it stops reading a container at its nesting limit: say what was lost
            line = deepest.map[0] + 1
            start = self.doc.line_offset(line)
            self.doc.problems.append(self.doc.finding(
                start, start + len(self.doc.line_text(line)),
                f"content here is nested more than {MAX_NESTING} levels deep (blockquotes or lists), so it is "
                "not checked; flatten the nesting", rule="document.too-deep"))
        cursor = 0
        stack: list[str] = []
        heading_level = 0
        for token in tokens:
            if token.type.endswith("_open"):
                stack.append(token.type[:-5])
                if token.type == "heading_open":
                    heading_level = int(token.tag[1:])
                continue
            if token.type.endswith("_close"):
                if stack:
                    stack.pop()
                continue
            if token.type == "html_block" and token.map:
                begin = starts[token.map[0]]
                self._collect_comments(begin, starts[token.map[1]] if token.map[1] < len(starts) else len(self.body))
                continue
            if token.type != "inline" or not token.map:
                continue
            region_start = starts[token.map[0]]
            region_end = starts[token.map[1]] if token.map[1] < len(starts) else len(self.body)
            cursor = max(cursor, region_start)
            if "list_item" in stack or "blockquote" in stack:  # "1. 1e3IU": the text's 1 is not the marker's
                cursor = _CONTAINER_MARKERS.match(self.body, cursor, region_end).end()
            kind = self._kind(stack)
            builder = _TextBuilder()
            cursor = self._inline(token.children or [], cursor, region_end, builder)
            text = builder.text()
            if kind is None:
                continue
            block = Block(kind, text, builder.offsets, level=heading_level if kind == "heading" else 0)
            if kind == "heading" or text.strip():
                self.doc.blocks.append(block)

    @staticmethod
    def _kind(stack: list[str]) -> str | None:
        if "heading" in stack:
            return "heading"
        if "th" in stack or "td" in stack:
            return "table_cell"
        if "list_item" in stack:
            return "list_item"
        if "blockquote" in stack:
            return "blockquote"
        if "paragraph" in stack:
            return "paragraph"
        return None

    def _collect_comments(self, begin: int, end: int) -> None:
        for m in _COMMENT.finditer(self.body, begin, end):
            self.doc.comments.append(Comment(m.group(1), m.start(), m.end()))

    def _inline(self, children: list, p: int, end: int, out: _TextBuilder) -> int:
        src = self.body
        link_stack: list[tuple[int, int, str, bool, int]] = []  # (start, text_len_before, href, auto, builder len)
        for child in children:
            kind = child.type
            if kind == "text":
                if link_stack and link_stack[-1][3]:
                    p = self._skip_text(child.content, p, end)  # autolink text is a URL, not prose
                else:
                    p = self._align(child.content, p, end, out)
            elif kind in ("softbreak", "hardbreak"):
                line_end = LINE_END.search(src, p, end)
                if line_end is None:
                    out.add_char(" ", max(p - 1, 0))
                else:
                    out.add_char(" ", line_end.end() - 1)
                    p = line_end.end()
            elif kind == "code_inline":
                tick = src.find("`", p, end)
                if tick >= 0:
                    run = len(child.markup) or 1
                    close = src.find("`" * run, tick + run, end)
                    p = end if close < 0 else close + run
                    out.add_char(" ", tick)
            elif kind == "html_inline":
                found = src.find(child.content, p, end)
                if found >= 0:
                    if child.content.startswith("<!--"):
                        self._collect_comments(found, found + len(child.content))
                    p = found + len(child.content)
            elif kind == "link_open":
                auto = child.markup == "autolink" or child.info == "auto"
                opener = src.find("<" if auto else "[", p, end)
                start = p if opener < 0 else opener
                p = start + 1
                link_stack.append((start, len(out.chars), child.attrs.get("href", "") or "", auto, len(out.offsets)))
            elif kind == "link_close" and link_stack:
                start, chars_before, href, auto, offsets_before = link_stack.pop()
                text = "".join(out.chars[chars_before:])
                p, dest_start, dest_end = self._skip_destination(p, end, auto)
                self.doc.links.append(Link(href, text, start, p, dest_start, dest_end, autolink=auto))
            elif kind == "image":
                bang = src.find("![", p, end)
                start = p if bang < 0 else bang
                p = start + 2
                chars_before = len(out.chars)
                p = self._inline(child.children or [], p, end, out)
                alt = "".join(out.chars[chars_before:])
                p, dest_start, dest_end = self._skip_destination(p, end, False)
                self.doc.links.append(Link(child.attrs.get("src", "") or "", alt, start, p, dest_start, dest_end,
                                           image=True))
        return p

    def _skip_destination(self, p: int, end: int, auto: bool) -> tuple[int, int, int]:
        """From the end of a link's text, skip `](dest "title")`, `][ref]` or `>`; return (p, dest span)."""
        src = self.body
        if auto:
            close = src.find(">", p, end)
            return (end if close < 0 else close + 1), p, p
        close = src.find("]", p, end)
        if close < 0:
            return p, p, p
        q = close + 1
        if q < end and src[q] == "(":
            depth, i = 0, q
            dest_start = q + 1
            while i < end:
                ch = src[i]
                if ch == "\\":
                    i += 2
                    continue
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                    if depth == 0:
                        break
                i += 1
            inner = src[dest_start:i]
            stripped = inner.strip()
            lead = len(inner) - len(inner.lstrip())
            dest = stripped.split()[0] if stripped else ""
            if dest.startswith("<") and ">" in stripped:
                dest = stripped[: stripped.index(">") + 1]
            return min(i + 1, end), dest_start + lead, dest_start + lead + len(dest)
        if q < end and src[q] == "[":
            ref_close = src.find("]", q, end)
            return (end if ref_close < 0 else ref_close + 1), q + 1, max(q + 1, ref_close)
        return q, q, q

    def _skip_text(self, text: str, p: int, end: int) -> int:
        found = self.body.find(text, p, end)
        return p if found < 0 else found + len(text)

    def _align(self, text: str, p: int, end: int, out: _TextBuilder) -> int:
        """Map each character of `text` to the next source position that produces it.

        Markup characters (emphasis markers, brackets, container prefixes) are skipped;
        a backslash escape or an HTML entity counts as the character it stands for.
        """
        src = self.body
        if src.startswith(text, p) and p + len(text) <= end:  # verbatim in the source (the usual case)
            out.add(text, list(range(p, p + len(text))))
            return p + len(text)
        offsets: list[int] = []
        for ch in text:
            q = p
            found = -1
            while q < end:
                s = src[q]
                if s == ch:
                    found, p = q, q + 1
                    break
                if s == "\\" and q + 1 < end and src[q + 1] == ch and ch in _ASCII_PUNCT:
                    found, p = q + 1, q + 2
                    break
                if s == "&":
                    m = _ENTITY.match(src, q, end)
                    if m and html.unescape(m.group()).startswith(ch):
                        found, p = q, m.end()
                        break
                q += 1
            if found < 0:  # not in the source (should not happen): keep the last position, do not advance
                found = max(0, min(p, len(src) - 1))
            offsets.append(found)
        out.add(text, offsets)
        return p


class _PlainTextReader:
    """Plain text: a title line, ALL-CAPS heading lines, blank-line paragraphs, "- " bullets."""

    def __init__(self, doc: Document, body: str) -> None:
        self.doc = doc
        self.body = body

    def read(self) -> None:
        self._collect_comments()
        # Comments (reviewer directives) are not prose: blank them, keeping offsets.
        for comment in self.doc.comments:
            self.body = (self.body[: comment.start]
                         + "".join(c if c in "\r\n" else " " for c in self.body[comment.start : comment.end])
                         + self.body[comment.end :])
        starts = self.doc._line_starts
        chunk: list[tuple[int, str]] = []
        for index, offset in enumerate(starts):
            end = starts[index + 1] if index + 1 < len(starts) else len(self.body)
            line = self.body[offset:end].rstrip("\r\n")
            if line.strip():
                chunk.append((offset, line))
            else:
                self._flush(chunk)
                chunk = []
        self._flush(chunk)

    def _collect_comments(self) -> None:
        for m in _COMMENT.finditer(self.body):
            self.doc.comments.append(Comment(m.group(1), m.start(), m.end()))

    def _flush(self, chunk: list[tuple[int, str]]) -> None:
        if not chunk:
            return
        items: list[list[tuple[int, str]]] = []
        bullet = False
        for offset, line in chunk:
            marker = _BULLET.match(line)
            if marker:
                items.append([(offset + marker.end(), line[marker.end():])])
                bullet = True
            elif items and bullet:
                items[-1].append(self._strip_left(offset, line))
            else:
                if not items:
                    items.append([])
                items[-1].append(self._strip_left(offset, line))
        for item in items:
            builder = _TextBuilder()
            for i, (offset, line) in enumerate(item):
                if i:
                    builder.add_char(" ", offset - 1)
                builder.add(line, list(range(offset, offset + len(line))))
            kind = "list_item" if bullet else "paragraph"
            self.doc.blocks.append(Block(kind, builder.text(), builder.offsets))

    @staticmethod
    def _strip_left(offset: int, line: str) -> tuple[int, str]:
        stripped = line.lstrip()
        return offset + len(line) - len(stripped), stripped


def _is_caps_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _mark_plain_headings(doc: Document) -> None:
    """In text without Markdown headings, a one-line ALL-CAPS paragraph without a full stop is a heading,
    and so is a short first line without terminal punctuation (the title)."""
    if any(b.kind == "heading" for b in doc.blocks):
        return
    for index, block in enumerate(doc.blocks):
        if block.kind != "paragraph" or _spans_lines(doc, block):
            continue
        text = block.text.strip()
        if not text or text[-1] in ".!?:;,":
            continue
        if _is_caps_line(text):
            block.kind, block.level, block.implicit = "heading", 1 if index == 0 else 2, True
        elif index == 0 and len(doc.blocks) > 1 and len(text.split()) <= 12 \
                and not doc.blocks[1].text.lstrip()[:1].islower():
            block.kind, block.level, block.implicit = "heading", 1, True


def _spans_lines(doc: Document, block: Block) -> bool:
    if not block.offsets:
        return False
    return doc.line_col(block.offsets[0])[0] != doc.line_col(block.offsets[-1])[0]


def _assign_sections(doc: Document) -> None:
    current = -1
    for index, block in enumerate(doc.blocks):
        if block.kind == "heading":
            current = index
            block.section = index
        else:
            block.section = current


# --------------------------------------------------------------------------- helpers for checks


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
