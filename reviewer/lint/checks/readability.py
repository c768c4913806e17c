"""Readability: the reading grade of the article and of its sections, and sentences that run long.

The measuring lives in reviewer/language/readability.py (counts and textstat's formulas); these checks
decide when a grade is worth a finding, what it says, and where it lands.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Mapping, Sequence

from reviewer.document import Document, Sentence
from reviewer.language.readability import (
    FORMULAS,
    Grade,
    formula_named,
    grade,
    hardest_sentences,
    measured_blocks,
    measured_sentences,
    section_spans,
)
from reviewer.lint.finding import Finding
from reviewer.lint.registry import Context, rule


@rule("readability.grade", "warning",
      options={"formula": "smog", "target": 8.0, "min_sentences": 30, "min_words": 100},
      choices={"formula": tuple(FORMULAS)})
def article_grade(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """The article reads above the target school grade.

    Health information should be readable by most adults: the NIH and CDC ask for grade 8
    or lower, the AMA for grade 6. The grade is computed on the article's prose (headings
    and list items count as sentences; code, URLs and front matter do not) with the
    `formula` option: `smog` (default; the usual choice for health materials, calibrated
    on full comprehension, so it runs about two grades above Flesch-Kincaid),
    `flesch-kincaid`, `gunning-fog`, `coleman-liau`, `ari` or `dale-chall` (its score is
    turned into the top grade of its band: 7.0-7.9 means grades 9-10). The formulas are
    textstat's; syllables come from the CMU Pronouncing Dictionary.

    Reported at the title (the first heading) when the grade, to one decimal, is above
    `target` (default 8). The message names the lines of the three hardest sentences:
    start there. Split long sentences and swap long words for everyday ones.

    SMOG is calibrated on 30 sentences: an article with fewer than `min_sentences`
    (default 30) is still graded, but the message says the grade is uncertain. Articles
    under `min_words` (default 100) are too short to grade and are not reported.
    A grade is not a verdict on plain language: familiar long words (diabetes,
    medicine) raise it, short jargon (ART, mmHg) lowers it; the jargon and acronym
    rules cover what a formula cannot see.
    """
    formula = formula_named(str(options["formula"]))  # the config allows only known names
    measured = measured_sentences(doc)
    result = grade(measured, formula)
    target = options["target"]
    if result.counts.words < options["min_words"] or not _above(result, target):
        return
    start, end = _title_span(doc)
    hardest = _lines(doc, hardest_sentences(measured, formula), "; the hardest sentences are on ")
    yield doc.finding(start, end, f"article reads at {result.describe(options['min_sentences'])}, "
                                  f"above the target of {target:g}{hardest}")


@rule("readability.section-grade", "suggestion",
      options={"formula": "smog", "target": 8.0, "margin": 2.0, "min_sentences": 3, "min_words": 40},
      choices={"formula": tuple(FORMULAS)},
      example="# High blood pressure\n\nIt rarely causes symptoms.\n\n## Causes and risk factors\n\n"
              "Hypertension frequently originates from multifactorial physiological abnormalities. "
              "Contributory determinants additionally encompass excessive dietary sodium consumption. "
              "Inadequate physical activity, obesity and excessive alcohol consumption exacerbate "
              "cardiovascular vulnerability considerably. Individuals of African or Caribbean heritage "
              "demonstrate elevated susceptibility, particularly with advancing age.\n")
def section_grade(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A section reads well above the target school grade.

    Shows an editor where to start: a section is a heading and everything under it up to
    the next heading of the same or a higher level (so it includes its subsections).
    It is graded with the same formulas as `readability.grade` and reported at its
    heading, naming its hardest sentences, when its grade is more than `margin` (default 2)
    grades above `target` (default 8).

    The margin is there because a section grade rests on a handful of sentences: one long
    word more or less moves a SMOG grade by half a grade or more, so sections of a
    well-written article land anywhere from 6 to 9. Sections under `min_sentences`
    (default 3) or `min_words` (default 40) are not graded at all, and the title's
    section, which is the whole article, is left to `readability.grade`.
    """
    formula = formula_named(str(options["formula"]))  # the config allows only known names
    target = options["target"]
    for start, end in _graded_sections(doc):
        measured = measured_sentences(doc, start, end)
        result = grade(measured, formula)
        if (result.counts.sentences < options["min_sentences"] or result.counts.words < options["min_words"]
                or not _above(result, target + options["margin"])):
            continue
        heading = doc.blocks[start]
        hardest = _lines(doc, hardest_sentences(measured, formula), "; start with the sentences on ")
        yield doc.span_finding(heading, 0, len(heading.text.rstrip()),
                               f"section reads at {formula.describe(result.score)} ({result.counts.sentences} "
                               f"sentences), well above the target of {target:g}{hardest}")


@rule("readability.long-sentence", "suggestion", options={"max_words": 25},
      example="If you find it hard to remember your tablets, you could try setting an alarm on your phone, "
              "using a weekly pill box that you fill up on the same day each week, or asking someone you live "
              "with to remind you.\n")
def long_sentence(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A sentence longer than `max_words` words (default 25).

    Long sentences are the main cause of a high reading grade, and readers with low
    literacy lose the thread of them. Plain-language guides suggest 15 to 20 words on
    average and 25 at most. Split the sentence: one idea per sentence, or turn a list of
    options into bullet points. Numbers such as 1,600 or 2.5 count as one word; headings,
    list items and table cells are sentences of their own.
    """
    limit = options["max_words"]
    for block in measured_blocks(doc):
        for measured in block:
            words = measured.counts.words
            if words > limit:
                sentence = measured.sentence
                yield doc.span_finding(sentence.block, sentence.start, sentence.end,
                                       f"sentence has {words} words (more than {limit}); split it into "
                                       "shorter sentences")


# --------------------------------------------------------------------------- helpers


def _above(result: Grade, limit: float) -> bool:
    """Above the limit as the message shows it: to one decimal, so "8.0" never reads as above 8."""
    return round(result.grade, 1) > limit


def _graded_sections(doc: Document) -> Iterator[tuple[int, int]]:
    """Section spans, less any section that holds all of the article's prose."""
    blocks = doc.blocks
    for start, end in section_spans(doc):
        outside = blocks[:start] + blocks[end:]
        if any(b.words for b in outside):
            yield start, end


def _title_span(doc: Document) -> tuple[int, int]:
    """Where an article-level finding lands: the first heading, else the front matter title, else line 1."""
    for block in doc.blocks:
        if block.kind == "heading" and block.text.strip():
            return block.source_offset(0), block.source_end(len(block.text.rstrip()))
    if "title" in doc.front_matter_lines:
        line = doc.front_matter_lines["title"]
        start = doc.line_offset(line)
        return start, start + len(doc.line_text(line))
    return 0, 0


def _lines(doc: Document, sentences: Sequence[Sentence], lead: str, limit: int = 3) -> str:
    """`lead` + "line 12" or "lines 12, 30 and 41": the first `limit` distinct lines, in the order given."""
    numbers = list(dict.fromkeys(str(doc.line_col(s.source_start)[0]) for s in sentences))[:limit]
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"{lead}line {numbers[0]}"
    return f"{lead}lines {', '.join(numbers[:-1])} and {numbers[-1]}"
