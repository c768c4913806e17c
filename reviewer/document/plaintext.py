"""The plain-text reader (title line, ALL-CAPS headings, paragraphs, bullets) and what both readers finish with:
headings recognised by plain-text convention, and the section each block falls under."""

from __future__ import annotations

import re

from reviewer.document.model import COMMENT, Block, Comment, Document, TextBuilder, block_part, line_spans

_BULLET = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+")


class PlainTextReader:
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
        for m in COMMENT.finditer(self.body):
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
            builder = TextBuilder()
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


_NON_MARKDOWN_BULLET = re.compile(r"[•·▪◦‣][ \t]+")


def split_plain_bullets(doc: Document) -> None:
    """In a plain-text file read as Markdown, "• item" lines (bullets Markdown does not know) are list items, as
    the plain-text reader makes them, not one paragraph of run-together lines."""
    blocks: list[Block] = []
    for block in doc.blocks:
        if block.kind != "paragraph" or not _NON_MARKDOWN_BULLET.search(block.text):
            blocks.append(block)
            continue
        items: list[list[int]] = []  # per item: [start, end) of its text
        lead: list[int] | None = None  # lines before the first bullet
        for a, b in line_spans(doc.source, block):
            marker = _NON_MARKDOWN_BULLET.match(block.text, a)
            if marker:
                items.append([marker.end(), b])
            elif items:
                items[-1][1] = b
            elif lead is None:
                lead = [a, b]
            else:
                lead[1] = b
        if not items:
            blocks.append(block)
            continue
        if lead is not None:
            blocks.append(block_part(block, *lead))
        for a, b in items:
            part = block_part(block, a, b)
            part.kind = "list_item"
            blocks.append(part)
    doc.blocks = blocks


def _is_caps_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def mark_plain_headings(doc: Document) -> None:
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


def assign_sections(doc: Document) -> None:
    current = -1
    for index, block in enumerate(doc.blocks):
        if block.kind == "heading":
            current = index
            block.section = index
        else:
            block.section = current
