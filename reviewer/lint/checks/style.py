"""Style: writing that makes text harder to read whatever its words."""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from reviewer.document import Document
from reviewer.language.capitals import shouts
from reviewer.language.vocabulary import acronym_pack
from reviewer.lint.finding import Finding
from reviewer.lint.registry import Context, rule

_WORD = re.compile(r"[^\W_][\w'’-]*")


@rule("style.all-caps", "warning", example="DO NOT STOP TAKING YOUR MEDICINE WITHOUT ASKING.\n")
def all_caps(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A heading or sentence written in capital letters.

    Plain-language guides (NHS, CDC, plainlanguage.gov) agree that text in capitals
    is slower to read: words lose their shape. Use bold for emphasis instead.
    Acronyms (HIV, CD4, NHS) are not capitals text: a sentence is reported only
    when most of its words, and at least two ordinary-length words, are in capitals.
    In plain text files an ALL-CAPS line on its own is the heading syntax and is not reported.
    The suggested sentence case keeps the acronyms the article writes in capitals elsewhere
    and those general readers know (UK, DNA).
    """
    keep: set[str] | None = None  # acronyms to leave in capitals in a suggestion, worked out when first needed
    for block in doc.blocks:
        if block.implicit:
            continue
        if block.kind == "heading":
            if shouts(block.words, heading=True):
                keep = _acronyms_to_keep(doc, context) if keep is None else keep
                yield doc.span_finding(block, 0, len(block.text),
                                       "heading is written in capitals; use sentence case",
                                       suggestion=sentence_case(block.text.strip(), keep))
            continue
        for sentence in block.sentences:
            if shouts(sentence.words, heading=False):
                keep = _acronyms_to_keep(doc, context) if keep is None else keep
                yield doc.span_finding(block, sentence.start, sentence.end,
                                       "sentence is written in capitals, which is harder to read; "
                                       "use sentence case and bold for emphasis",
                                       suggestion=sentence_case(sentence.text, keep))


def sentence_case(text: str, keep: set[str]) -> str:
    """`text` in sentence case, leaving the acronyms in `keep` (HIV, GP) as they are."""
    cased = text.capitalize()
    return _WORD.sub(lambda m: text[m.start():m.end()] if text[m.start():m.end()] in keep else m.group(), cased)


def _acronyms_to_keep(doc, context) -> set[str]:
    """Capitals the article writes outside shouting (its acronyms) and the acronyms readers know."""
    keep = {word.text for block in doc.blocks for sentence in block.sentences
            if not shouts(sentence.words, heading=block.kind == "heading")
            for word in sentence.words if word.text.isupper() and len(word.text) >= 2}
    known = acronym_pack(context.packs).known
    keep.update(word.text for block in doc.blocks for word in block.words
                if word.text.isupper() and word.text.casefold() in known)
    return keep
