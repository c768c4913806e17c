"""Source text -> Document: front matter, prose blocks, sentences and words, each mapped to source offsets.

Markdown goes through markdown-it-py (CommonMark plus GFM tables and strikethrough).
Plain text (`.txt` without Markdown syntax) is split into title, ALL-CAPS headings, paragraphs and "- " bullets.
Every prose character keeps the offset of the source character it came from, so a
finding's line and column come from that map and never from searching the source again.

The parts: `model` (Document, Block, Sentence, Word, Link, Comment), `sentences` (the splitter),
`frontmatter`, `markdown` and `plaintext` (the readers), `syntax` (which reader a file gets), `metadata`
(lines about the page, set apart from the prose), `decode` (bytes to Document) and `links`
(link targets and anchors). `parse` and the model are importable from here.
"""

from __future__ import annotations

from pathlib import Path

from reviewer.document.frontmatter import read_front_matter, simple_front_matter
from reviewer.document.markdown import MarkdownReader
from reviewer.document.metadata import set_apart_metadata
from reviewer.document.model import (
    LINE_END,
    PROSE_KINDS,
    Block,
    Comment,
    Document,
    Link,
    Sentence,
    Word,
    fold_word,
    heading_slug,
    url_spans,
)
from reviewer.document.plaintext import PlainTextReader, assign_sections, mark_plain_headings, split_plain_bullets
from reviewer.document.sentences import split_sentences
from reviewer.document.syntax import MARKDOWN, TEXT, syntax_of

__all__ = ["LINE_END", "PROSE_KINDS", "Block", "Comment", "Document", "Link", "Sentence", "Word", "fold_word",
           "heading_slug", "parse", "simple_front_matter", "split_sentences", "url_spans"]


def parse(source: str, path: str, kind: str | None = None, *, prose: bool = True,
          metadata: bool = True, bom: bool = False, file: Path | None = None) -> Document:
    """Parse decoded text (BOM already removed) into a Document. `kind`: "markdown" or "text" (the syntax
    configured for the file), or None or "auto": Markdown, except a `.txt` file without Markdown syntax
    (see `syntax.py`); `bom` and `file` say whether the bytes began with a BOM and where they were read from.

    With `prose=False` only the front matter is read (no blocks, links or comments): what a
    review report needs, at a fraction of the cost. With `metadata=False` the front matter is
    set apart but its YAML is not read (for a linked page, whose headings are all that matter).
    """
    configured = kind if kind in (MARKDOWN, TEXT) else None
    head = source[:4096]
    newline = "\r\n" if "\r\n" in head else "\r" if "\r" in head and "\n" not in head else "\n"
    doc = Document(path=path, source=source, kind=configured or MARKDOWN, file=file, bom=bom, newline=newline)
    read_front_matter(doc, metadata)
    doc.kind = syntax_of(path, source[doc.front_matter_end:], configured)
    if not prose:
        return doc
    end = doc.front_matter_end
    body = "".join(ch if ch in "\r\n" else " " for ch in source[:end]) + source[end:]
    if kind == "text":
        PlainTextReader(doc, body).read()
    else:
        # A `.txt` found to hold Markdown was written as plain text: an indented line is prose, not code, and a
        # "• " line is a bullet.
        plain_origin = configured is None and path.lower().endswith(".txt")
        MarkdownReader(doc, body, indented_code=not plain_origin).read()
        if plain_origin:
            split_plain_bullets(doc)
    set_apart_metadata(doc)
    mark_plain_headings(doc)
    assign_sections(doc)
    return doc


# Blockquote and list markers at the start of a line (the first line of a list item's paragraph holds them).
# markdown-it's own default (20) drops prose inside ten nested lists; far deeper risks Python's recursion limit.


# --------------------------------------------------------------------------- helpers for checks
