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


# The characters at which an inline rule other than plain text can start (line break, escape, code, strikethrough,
# emphasis, link, image, autolink or HTML, entity): see markdown_it/rules_inline/.
_INLINE_SYNTAX = re.compile(r"[\n\\`~*_\[!<&]")


def _parse_inlines(state) -> None:
    """markdown-it's core `inline` rule, less its work on plain text: an inline holding none of the characters
    that start inline syntax becomes the one text token the inline parser would make of it. Most paragraphs of
    one line, headings and table cells are such text."""
    from markdown_it.token import Token

    md, env = state.md, state.env
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        content = token.content
        if _INLINE_SYNTAX.search(content) is None:
            if content:
                text = Token("text", "", 0)
                text.content = content
                token.children.append(text)
        else:
            md.inline.parse(content, md, env, token.children)


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
            parser.core.ruler.at("inline", _parse_inlines)
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
            ttype = token.type
            if ttype.endswith("_open"):
                stack.append(ttype[:-5])
                if ttype == "heading_open":
                    heading_level = int(token.tag[1:])
                continue
            if ttype.endswith("_close"):
                if stack:
                    stack.pop()
                continue
            if ttype == "html_block" and token.map:
                begin = starts[token.map[0]]
                self._collect_comments(begin, starts[token.map[1]] if token.map[1] < len(starts) else len(self.body))
                continue
            if ttype != "inline" or not token.map:
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
        """Map each character of `text` to the next source position that produces it (see `_align_offsets`)."""
        src = self.body
        if src.startswith(text, p) and p + len(text) <= end:  # verbatim in the source (the usual case)
            out.add(text, list(range(p, p + len(text))))
            return p + len(text)
        offsets, p = _align_offsets(src, text, p, end)
        out.add(text, offsets)
        return p


def _align_offsets(src: str, text: str, p: int, end: int) -> tuple[list[int], int]:
    """The source offset of each character of `text`, searching `src` from `p` to `end`; and where it stopped.

    Markup characters (emphasis markers, brackets, container prefixes) are skipped;
    a backslash escape or an HTML entity counts as the character it stands for.
    A character equal to the source's next one maps to it, so a stretch of text found verbatim at the
    position reached maps in one step (after a heading's "## " or a "**", the rest usually is).
    """
    n = len(text)
    offsets: list[int] = []
    i = 0
    while i < n:
        run = _common_prefix(src, p, end, text, i)
        if run:
            offsets.extend(range(p, p + run))
            p += run
            i += run
            if i == n:
                break
        located = _locate(src, text[i], p, end)
        if located is None:  # not in the source (should not happen): keep the last position, do not advance
            offsets.append(max(0, min(p, len(src) - 1)))
        else:
            offsets.append(located[0])
            p = located[1]
        i += 1
    return offsets, p


def _common_prefix(src: str, p: int, end: int, text: str, i: int) -> int:
    """How many characters of `text` from `i` on equal the source's from `p` on (before `end`): compared a
    stretch at a time, the stretch doubling while they agree and halving where they differ."""
    limit = min(end - p, len(text) - i)
    if limit <= 0 or src[p] != text[i]:
        return 0
    k, step = 1, 16
    while k < limit:
        m = min(step, limit - k)
        if src[p + k:p + k + m] == text[i + k:i + k + m]:
            k += m
            step = min(step * 2, 65536)
        elif m > 8:
            step = m // 2
        else:
            while k < limit and src[p + k] == text[i + k]:
                k += 1
            break
    return k


def _locate(src: str, ch: str, p: int, end: int) -> tuple[int, int] | None:
    """(source position producing `ch`, position after it), searching from `p`: the first of `ch` itself, a
    backslash escape of it or an HTML entity standing for it; None when there is none before `end`."""
    escapable = ch in _ASCII_PUNCT
    q = p
    while q < end:
        plain = src.find(ch, q, end)
        if plain < 0:
            plain = end
        backslash = src.find("\\", q, plain) if escapable else -1
        amp = src.find("&", q, plain)
        if backslash < 0 and amp < 0:
            return (plain, plain + 1) if plain < end else None
        if amp < 0 or 0 <= backslash < amp:
            if backslash + 1 < end and src[backslash + 1] == ch:
                return backslash + 1, backslash + 2
            q = backslash + 1
            continue
        m = _ENTITY.match(src, amp, end)
        if m and html.unescape(m.group()).startswith(ch):
            return amp, m.end()
        q = amp + 1
    return None
