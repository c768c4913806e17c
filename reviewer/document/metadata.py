"""Metadata lines: the lines of a page that are about the page, not prose for its reader.

"Page last reviewed: 4 February 2021", "Next review due: 4 February 2024", "Last updated 3 May 2024",
"Content source: NHS England", "Written by ...", "© 2025 ...". Such a line is set apart from the prose blocks
(into `Document.metadata_lines`), so the prose rules (readability, long sentences, plain words, spelling...)
never read it, and its date is never one of the "hardest sentences". The review rules read review dates from
the source text, so they still see it.

A line is metadata when, once emphasis markers and a list bullet are set aside, it starts with a capitalised
label (a review, update, publication, source, author or copyright label), the label is followed by a colon, a
date or a name ("Reviewed by"), and the line is short (at most 24 words; 10 without a colon). Only whole
lines are set apart: a paragraph whose other lines are prose keeps them as prose, split around the metadata line.
"""

from __future__ import annotations

import re

from reviewer.document.model import Block, Document, block_part, line_spans

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_REVIEW = (r"(?:(?:page|content|article|information|this\s+page\s+was)\s+)?(?:last\s+)?"
           r"(?:medically\s+|clinically\s+)?reviewed(?:\s+(?:on|in))?"
           r"|date\s+of\s+(?:last\s+)?review|last\s+review(?:\s+date)?|review\s+date"
           r"|next\s+review(?:\s+(?:due|date))?(?:\s+(?:on|by|in))?|review\s+due(?:\s+(?:on|by|in))?")
_CHANGE = (r"(?:(?:page|content|article|this\s+page\s+was)\s+)?(?:last\s+)?(?:updated|modified|edited|revised)"
           r"(?:\s+(?:on|in))?|date\s+(?:published|updated|modified|created|of\s+publication)"
           r"|(?:first\s+|page\s+)?published(?:\s+(?:on|in))?|page\s+created|created(?:\s+on)?")
# Labels that name a person or a source: only with a colon ("Source: NHS") or "by" ("Written by ...").
_BY = r"(?:(?:medically|clinically)\s+)?reviewed\s+by|written\s+by|(?:content\s+)?(?:supplied|provided)\s+by"
_NAMED = r"content\s+sources?|sources?|authors?|editors?|publisher|reviewers?|contributors?"
_COPYRIGHT = r"copyright\b|©|\(c\)\s*\d{4}"

_LINE = re.compile(
    rf"""^[\s*_>]*(?:[-+•]\s+)?[\s*_]*              # emphasis, a blockquote marker or a bullet
    (?:
        (?P<by>{_BY})\b
      | (?:{_REVIEW}|{_CHANGE})(?:[\s*_]*[:\-–—][\s*_]*\S|(?P<dated>\s+(?:\d|{_MONTHS}\b)))
      | (?:{_NAMED})[\s*_]*:[\s*_]*(?P<named>\S)
      | (?:{_COPYRIGHT})
    )""",
    re.I | re.X,
)
# The look-ahead on the keywords' first letters (and the long s, which re.I folds to "s") lets the search skip
# the places no keyword can start: half the time of the bare alternation, the same matches.
_KEYWORDS = re.compile(r"(?=[rumepcsaw©(\u017f])(?:review|updated|modified|edited|revised|published|created|source|"
                       r"author|editor|publisher|contributor|written|supplied|provided|copyright|©|\(c\))", re.I)
_WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 24
MAX_UNLABELLED_WORDS = 10
_SET_APART = ("paragraph", "list_item", "blockquote")


def is_metadata_line(text: str) -> bool:
    """True when one line of text is a metadata line (see the module docstring)."""
    match = _LINE.match(text)
    if match is None:
        return False
    label = _WORD.search(text, 0)
    if label is None or not (label.group()[0].isupper() or text.lstrip(" *_>-+•").startswith(("©", "(c)", "(C)"))):
        return False
    # Without a colon ("Last updated 3 May 2024", "Written by ..."), only a short line: "Published in 2020, the
    # study found ..." is a sentence.
    if match.group("named") and not (match.group("named")[0].isupper() or match.group("named")[0].isdigit()
                                     or match.group("named") in "[<"):
        return False  # "Source: your GP can tell you ..." is a sentence; a source is a name
    words = len(_WORD.findall(text))
    if match.group("dated") or match.group("by"):
        # "Reviewed by a pharmacist, your prescription is ready." is a sentence; a footer seldom ends with a stop
        return words <= MAX_UNLABELLED_WORDS and not (words > 6 and text.rstrip(" *_").endswith("."))
    return words <= MAX_WORDS


def set_apart_metadata(doc: Document) -> None:
    """Move the metadata lines of the prose blocks into doc.metadata_lines (see the module docstring)."""
    kept: list[Block] = []
    changed = False
    for block in doc.blocks:
        if block.kind not in _SET_APART or not _KEYWORDS.search(block.text):
            kept.append(block)
            continue
        pieces = line_spans(doc.source, block)
        flags = [is_metadata_line(block.text[a:b]) for a, b in pieces]
        if not any(flags):
            kept.append(block)
            continue
        changed = True
        run: list[tuple[int, int]] = []
        for (a, b), metadata in zip(pieces, flags):
            if metadata:
                if run:
                    kept.append(block_part(block, run[0][0], run[-1][1]))
                    run = []
                doc.metadata_lines.append(block_part(block, a, b))
            else:
                run.append((a, b))
        if run:
            kept.append(block_part(block, run[0][0], run[-1][1]))
    if changed:
        doc.blocks = kept
