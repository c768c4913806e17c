"""Structure: how the article's blocks fit together."""

from __future__ import annotations

import bisect
from typing import Any, Iterable, Mapping

from reviewer.document import Document
from reviewer.lint.finding import Finding
from reviewer.lint.registry import Context, rule

_TERMINAL = ".!?:;…\"”’')]*_"
_SENTENCE_END = ".!?:;…"


def _ends_a_sentence(block) -> bool:
    """True when the block's first sentence ends with terminal punctuation (a closing quote or bracket may follow)."""
    sentences = block.sentences
    if not sentences:
        return False
    last = sentences[0].text.rstrip("\"”’')]*_ ")
    return bool(last) and last[-1] in _SENTENCE_END


def _mostly_links(block, link_spans) -> bool:
    """True when at least half of the block's letters are link text: one entry of a list of links."""
    if not link_spans:
        return False
    letters = inside = 0
    for char, offset in zip(block.text, block.offsets):
        if char.isalnum():
            letters += 1
            index = bisect.bisect_right(link_spans, (offset, float("inf"))) - 1
            inside += index >= 0 and link_spans[index][0] <= offset < link_spans[index][1]
    return letters > 0 and inside * 2 >= letters


@rule("structure.broken-paragraph", "warning",
      example="Take your tablets every day at the same\n\ntime, with or without food.\n")
def broken_paragraph(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A sentence cut in two by a stray blank line.

    Reported when a paragraph of at least three words ends without terminal
    punctuation and the next paragraph, right after one blank line, starts with a
    lower-case letter and finishes the sentence (its first sentence ends with . ! ?
    : or ;): the reader sees two fragments. Remove the blank line between them.
    Lines that are not sentences stay quiet: a list of links one per paragraph
    (a paragraph that is mostly link text), and labels, menu items or names whose
    next line does not end a sentence either. On the 68 CDC development pages it
    reports nothing (their paragraphs end with punctuation).
    """
    link_spans = sorted((link.start, link.end) for link in doc.links)
    for first, second in zip(doc.blocks, doc.blocks[1:]):
        if first.kind != "paragraph" or second.kind != "paragraph":
            continue
        head, tail = first.text.rstrip(), second.text.lstrip()
        if not head or not tail or head[-1] in _TERMINAL or not tail[0].islower():
            continue
        if len(first.words) < 3 or not _ends_a_sentence(second) or _mostly_links(first, link_spans) \
                or _mostly_links(second, link_spans):
            continue
        end_line = doc.line_col(first.source_end(len(head)))[0]
        start_line = doc.line_col(second.source_offset(len(second.text) - len(tail)))[0]
        if start_line - end_line != 2:
            continue
        yield doc.span_finding(first, len(head) - 1, len(head),
                               f"paragraph ends mid-sentence and line {start_line} continues it; "
                               "remove the blank line between them")
