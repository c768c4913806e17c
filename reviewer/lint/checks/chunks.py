"""Chunks: paragraphs and sections short enough to take in (rules of the structure family)."""

from __future__ import annotations

import bisect
from typing import Any, Iterable, Mapping

from reviewer.document import Document
from reviewer.lint.finding import Finding
from reviewer.lint.registry import Context, rule


@rule("structure.long-paragraph", "suggestion", opt_in=True, options={"max_sentences": 8, "max_words": 150},
      example=" ".join(f"This is sentence number {n} of a paragraph that goes on." for n in range(1, 10)) + "\n")
def long_paragraph(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A paragraph of more than `max_sentences` sentences or `max_words` words.

    Short paragraphs, each about one thing, are easier to scan and to take in (Federal Plain Language
    Guidelines, on short sections and paragraphs; NHS content style guide; PEMAT-P item 8, "The material
    breaks or 'chunks' information into short sections"). Split it, or turn a series into a list.

    Options: `max_sentences` (default 8) and `max_words` (default 150). Only paragraphs are counted: list
    items, table cells and quotations are not. In plain text, a line that starts indented (a tab or two
    spaces) starts a new paragraph. On the 68 CDC development pages: 2 findings, both judged true
    (benchmarks/precision/judgements/structure.tsv).

    Opt-in: on the 68 CDC development pages it gave 2 findings, too few to judge the 40 a rule on
    by default must be judged on. Turn it on with `select` (its id or the `structure` family), a severity in
    the config, or for one article with front matter `reviewer: {enable: [structure]}`.
    """
    max_sentences = int(options.get("max_sentences", 8))
    max_words = int(options.get("max_words", 150))
    for block in doc.blocks:
        if block.kind != "paragraph":
            continue
        sentence_starts = [s.start for s in block.sentences]
        for start, end in indented_parts(doc, block):
            sentences = bisect.bisect_left(sentence_starts, end) - bisect.bisect_left(sentence_starts, start)
            words = _words_between(block, start, end)
            if sentences <= max_sentences and words <= max_words:
                continue
            # the whole paragraph, never just its first sentence, which readability.long-sentence may report
            yield doc.span_finding(block, start, len(block.text[:end].rstrip()),
                                   f"paragraph of {sentences} sentences and {words} words (at most "
                                   f"{max_sentences} sentences and {max_words} words); split it or make a list")


def _words_between(block, start: int, end: int) -> int:
    starts = block.word_starts
    return bisect.bisect_left(starts, end) - bisect.bisect_left(starts, start)


def indented_parts(doc: Document, block) -> list[tuple[int, int]]:
    """[start, end) text ranges of a paragraph's parts. In plain text a line that starts indented (a tab or two
    spaces) begins a new paragraph, the typewriter convention, even without a blank line before it."""
    if doc.kind != "text" or not block.words:
        return [(0, len(block.text))]
    parts, begin, previous = [], 0, None
    source = doc.source
    for word in block.words:
        if previous is not None:
            gap = source[block.source_end(previous.end):block.source_offset(word.start)]
            if "\n\t" in gap or "\n  " in gap or "\r\t" in gap or "\r  " in gap:
                cut = previous.end
                parts.append((begin, cut))
                begin = word.start
        previous = word
    parts.append((begin, len(block.text)))
    return parts


@rule("structure.wall-of-text", "suggestion", opt_in=True, options={"max_words": 350, "short_paragraph_words": 40},
      example="# Your treatment\n\n" + "\n\n".join(
          " ".join(f"Sentence {n} of part {p} says something about the treatment you take." for n in range(1, 6))
          for p in range(1, 7)) + "\n")
def wall_of_text(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A long section with nothing to break it up: no list, no subheading, no short paragraph.

    Readers scan before they read; a wall of paragraphs gives them nowhere to start (PEMAT-P items 8,
    "chunks information into short sections", and 9, "sections have informative headers"; CDC Clear
    Communication Index, information design: bulleted or numbered lists, material organised in chunks
    with headings). Reported at the section's heading (or first paragraph) when a section, the text between
    two headings, holds more than `max_words` words (default 350) of paragraphs with no list, no table,
    and no paragraph of at most `short_paragraph_words` words (default 40). Add subheadings, a list or a
    one-line summary. On the 68 CDC development pages (short paragraphs throughout): no findings.

    Opt-in: on the 68 CDC development pages it gave no findings, too few to judge the 40 a rule on
    by default must be judged on. Turn it on with `select` (its id or the `structure` family), a severity in
    the config, or for one article with front matter `reviewer: {enable: [structure]}`.
    """
    max_words = int(options["max_words"])
    short = int(options["short_paragraph_words"])
    blocks = doc.blocks
    headings = [i for i, b in enumerate(blocks) if b.kind == "heading"]
    starts = ([0] if blocks and (not headings or headings[0] > 0) else []) + headings
    for start in starts:
        end = doc.next_heading(start) if blocks[start].kind == "heading" else (headings[0] if headings else len(blocks))
        body = [b for b in blocks[start:end] if b.kind != "heading"]
        words = sum(len(b.words) for b in body)
        broken = any(b.kind != "paragraph" for b in body) or any(
            _words_between(b, part_start, part_end) <= short for b in body
            for part_start, part_end in indented_parts(doc, b))
        if words > max_words and not broken:
            anchor = blocks[start]
            yield doc.span_finding(anchor, 0, 0,  # empty: the heading may carry readability.section-grade
                                   f"{words} words of paragraphs with no list, subheading or short paragraph; "
                                   "break it up so readers can scan it")
