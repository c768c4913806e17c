"""The Markdown reader: markdown-it tokens to prose blocks, links and comments, each character mapped to its
source offset."""

from __future__ import annotations

import html
import re

from reviewer.document.model import COMMENT, LINE_END, Block, Comment, Document, Link, TextBuilder

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


# Blockquote and list markers at the start of a line (the first line of a list item's paragraph holds them).
_CONTAINER_MARKERS = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]|$))[ \t]*)*", re.M)


MAX_NESTING = 100  # levels of blockquotes, lists and inline markup read; deeper content is reported, not read.
# markdown-it's own default (20) drops prose inside ten nested lists; far deeper risks Python's recursion limit.


class MarkdownReader:
    """Walks markdown-it tokens and aligns each inline text with its source span."""

    _parsers: dict[bool, object] = {}

    def __init__(self, doc: Document, body: str, *, indented_code: bool = True) -> None:
        self.doc = doc
        self.body = body  # the source with front matter blanked: same offsets
        self.indented_code = indented_code  # False for plain text holding Markdown: indented lines are prose

    @classmethod
    def parser(cls, indented_code: bool = True):
        if indented_code not in cls._parsers:
            from markdown_it import MarkdownIt

            parser = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(
                ["table", "strikethrough"])
            if not indented_code:
                parser.disable("code")
            # markdown-it drops `javascript:` links to make its HTML safe; we render no HTML and
            # must see every link, including the placeholder ones.
            parser.validateLink = lambda url: True
            cls._parsers[indented_code] = parser
        return cls._parsers[indented_code]

    def read(self) -> None:
        tokens = self.parser(self.indented_code).parse(self.body)
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
            builder = TextBuilder()
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
        for m in COMMENT.finditer(self.body, begin, end):
            self.doc.comments.append(Comment(m.group(1), m.start(), m.end()))

    def _inline(self, children: list, p: int, end: int, out: TextBuilder) -> int:
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

    def _align(self, text: str, p: int, end: int, out: TextBuilder) -> int:
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
