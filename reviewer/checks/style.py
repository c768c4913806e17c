"""Style: writing that makes text harder to read whatever its words."""

from __future__ import annotations

from reviewer.registry import rule


def _caps_words(words):
    return [w for w in words if w.text.isupper() and sum(c.isalpha() for c in w.text) >= 2]  # isupper first: cheap


def shouts(words, heading: bool) -> bool:
    """True when a run of words is written in capitals rather than containing a few acronyms."""
    if not words:
        return False
    caps = _caps_words(words)
    long_caps = [w for w in caps if sum(c.isalpha() for c in w.text) >= 4]
    if len(caps) >= 0.6 * len(words) and len(long_caps) >= 2:
        return True
    return heading and len(caps) == len(words) and any(len(w.text) >= 6 for w in caps)


@rule("style.all-caps", "warning", example="DO NOT STOP TAKING YOUR MEDICINE WITHOUT ASKING.\n")
def all_caps(doc, options, context):
    """A heading or sentence written in capital letters.

    Plain-language guides (NHS, CDC, plainlanguage.gov) agree that text in capitals
    is slower to read: words lose their shape. Use bold for emphasis instead.
    Acronyms (HIV, CD4, NHS) are not capitals text: a sentence is reported only
    when most of its words, and at least two ordinary-length words, are in capitals.
    In plain text files an ALL-CAPS line on its own is the heading syntax and is not reported.
    """
    for block in doc.blocks:
        if block.implicit:
            continue
        if block.kind == "heading":
            if shouts(block.words, heading=True):
                yield doc.span_finding(block, 0, len(block.text),
                                       "heading is written in capitals; use sentence case",
                                       suggestion=block.text.strip().capitalize())
            continue
        for sentence in block.sentences:
            if shouts(sentence.words, heading=False):
                yield doc.span_finding(block, sentence.start, sentence.end,
                                       "sentence is written in capitals, which is harder to read; "
                                       "use sentence case and bold for emphasis",
                                       suggestion=sentence.text.capitalize())
