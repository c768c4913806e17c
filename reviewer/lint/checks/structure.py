"""Structure: how the article's blocks fit together."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from reviewer.document import Document
from reviewer.lint.finding import Finding
from reviewer.lint.registry import Context, rule

_TERMINAL = ".!?:;…\"”’')]*_"


@rule("structure.broken-paragraph", "warning",
      example="Take your tablets every day at the same\n\ntime, with or without food.\n")
def broken_paragraph(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A sentence cut in two by a stray blank line.

    Reported when a paragraph ends without terminal punctuation and the next
    paragraph, right after one blank line, starts with a lower-case letter: the
    reader sees two fragments. Remove the blank line between them.
    """
    for first, second in zip(doc.blocks, doc.blocks[1:]):
        if first.kind != "paragraph" or second.kind != "paragraph":
            continue
        head, tail = first.text.rstrip(), second.text.lstrip()
        if not head or not tail or head[-1] in _TERMINAL or not tail[0].islower():
            continue
        end_line = doc.line_col(first.source_end(len(head)))[0]
        start_line = doc.line_col(second.source_offset(len(second.text) - len(tail)))[0]
        if start_line - end_line != 2:
            continue
        yield doc.span_finding(first, len(head) - 1, len(head),
                               f"paragraph ends mid-sentence and line {start_line} continues it; "
                               "remove the blank line between them")
