"""Readability: the reading grade of the article and of its sections, and sentences that run long.

The measuring lives in reviewer/language/readability.py (counts and textstat's formulas); these checks
decide when a grade is worth a finding, what it says, and where it lands.
"""

from __future__ import annotations

import re
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
    prose_words,
    section_spans,
)
from reviewer.lint.finding import Finding
from reviewer.lint.registry import Context, rule


@rule("readability.grade", "warning",
      options={"formula": "smog", "target": 8.0, "margin": 4.5, "min_sentences": 30, "min_words": 100},
      choices={"formula": tuple(FORMULAS)})
def article_grade(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """The article reads well above the target school grade.

    Health information should be readable by most adults: the NIH and CDC ask for grade 8
    or lower, the AMA for grade 6. The grade is computed on the article's prose with the
    `formula` option: `smog` (default; the usual choice for health materials),
    `flesch-kincaid`, `gunning-fog`, `coleman-liau`, `ari` or `dale-chall` (its score is
    turned into the top grade of its band: 7.0-7.9 means grades 9-10). The formulas are
    textstat's; syllables come from the CMU Pronouncing Dictionary.

    What is graded: headings, list items and table cells are sentences of their own, however
    short (as the NHS asks before running SMOG: a page of short bullets must not count their
    words without their sentences). Left out: code, URLs, front matter, metadata lines ("Page
    last reviewed: ..."), titles and runs of names in Title Case, and list items that are all
    link text: an editor cannot rewrite another page's title.

    Reported at the title (the first heading) when the grade, to one decimal, is more than
    `margin` (default 4.5) above `target` (default 8): with SMOG, pages above 12.5, beyond
    what about half of adults read with full comprehension (the NHS puts SMOG 12-13 at
    about 51% of UK adults). SMOG is calibrated on full comprehension and runs about two
    grades above Flesch-Kincaid, its standard error is about 1.5 grades, and familiar long
    words (COVID-19, medicine, diabetes) raise it further: on 68 CDC pages an editor judged
    the pages at SMOG 12.2 to 12.4 readable at about grade 7 to 8, and the pages above 12.5
    hard. Set `margin = 0` to hold every page to the target itself. The message names the
    lines of the three hardest sentences: start there.

    SMOG is calibrated on 30 sentences: an article with fewer than `min_sentences`
    (default 30) is still graded, but the message says the grade is uncertain. Articles
    under `min_words` (default 100) are too short to grade and are not reported.
    A grade is not a verdict on plain language: familiar long words raise it, short jargon
    (ART, mmHg) lowers it; the jargon and acronym rules cover what a formula cannot see.
    """
    formula = formula_named(str(options["formula"]))  # the config allows only known names
    measured = measured_sentences(doc)
    result = grade(measured, formula)
    target = options["target"]
    if result.counts.words < options["min_words"] or not _above(result, target + options["margin"]):
        return
    start, end = _title_span(doc)
    hardest = _lines(doc, hardest_sentences(measured, formula), "; the hardest sentences are on ")
    above = "well above" if options["margin"] else "above"
    yield doc.finding(start, end, f"article reads at {result.describe(options['min_sentences'])}, "
                                  f"{above} the target of {target:g}{hardest}")


@rule("readability.section-grade", "suggestion",
      options={"formula": "flesch-kincaid", "target": 8.0, "margin": 2.0, "min_sentences": 3, "min_words": 100},
      choices={"formula": tuple(FORMULAS)},
      example="# High blood pressure\n\nIt rarely causes symptoms.\n\n## Causes and risk factors\n\n"
              "Hypertension frequently originates from multifactorial physiological abnormalities, and "
              "contributory determinants additionally encompass excessive dietary sodium consumption. "
              "Inadequate physical activity, obesity and excessive alcohol consumption exacerbate "
              "cardiovascular vulnerability considerably in susceptible populations. Individuals of African or "
              "Caribbean heritage demonstrate elevated susceptibility, particularly with advancing age, and "
              "consequently necessitate earlier and more intensive pharmacological intervention. Persistently "
              "elevated arterial pressure progressively damages cerebral, cardiac and renal vasculature, "
              "frequently without producing any discernible symptoms whatsoever. Consequently, opportunistic "
              "measurement during unrelated consultations constitutes the principal mechanism of identification, "
              "and ambulatory monitoring subsequently confirms or refutes the provisional diagnosis before "
              "pharmacological management is initiated.\n")
def section_grade(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A section reads well above the target school grade.

    Shows an editor where to start: a section is a heading and everything under it up to
    the next heading of the same or a higher level (so it includes its subsections).
    It is reported at its heading, naming its hardest sentences, when its grade is more
    than `margin` (default 2) grades above `target` (default 8).

    A section is short, so it is judged with a measure meant for short text: `formula`
    defaults to `flesch-kincaid`, whose two ratios (words per sentence, syllables per word)
    settle on a sample of about 100 words, as Fry's graph uses. SMOG counts long words per
    sentence and is calibrated on 30 sentences: on the 3 to 8 sentences of a section one
    long word more or less moves it by half a grade, and on NHS pages a SMOG section grade
    was right only one time in four. Sections under `min_words` (default 100) or
    `min_sentences` (default 3) are not graded at all, and the title's section, which is
    the whole article, is left to `readability.grade`. Choose `formula = "smog"` only with
    `min_sentences` near 30.
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


@rule("readability.long-sentence", "suggestion", options={"max_words": 27, "max_per_article": 15},
      example="If you find it hard to remember your tablets, you could try setting an alarm on your phone, "
              "using a weekly pill box that you fill up on the same day each week, or asking someone you live "
              "with to remind you.\n")
def long_sentence(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A sentence longer than `max_words` words (default 27).

    Long sentences are the main cause of a high reading grade, and readers with low
    literacy lose the thread of them. Plain-language guides (the NHS, GOV.UK) suggest 15 to
    20 words on average and 25 at most. Split the sentence: one idea per sentence, or turn
    a list of options into bullet points. The default reports sentences over 27 words: the
    guides' ceiling plus a margin for the ways word counts differ (numbers, hyphenated
    words, abbreviations), so that what is reported is long by every count. Set
    `max_words = 25` for the guides' figure exactly.

    An article reports at most `max_per_article` sentences (default 15), the longest; past
    that, one more finding at the title names the lines of the rest. A page with dozens of
    long sentences needs rewriting throughout, not dozens of findings. On the 68 CDC
    development pages: 27 words and 15 per article give 4.3 findings per 1,000 words of
    prose; 25 words and no cap gave 9.3 (89% judged worth an editor's time, the false
    alarms all sentences a scraper ran together).

    Words are counted as the grade formulas count them (1,600 and 2.5 are one word each);
    headings, list items and table cells are sentences of their own. Not counted: a short
    label before a colon that opens the sentence ("Hand sanitizer: use one that ..."
    counts from "use"), headings, titles and runs of names in Title Case, list items that
    are all link text, and metadata lines. A full stop followed by a stray bracket and a
    capital (". )Wear gloves", left where a link was cut out of a page) ends a sentence, and
    so does a tab inside a line of plain text (cells or list items run together).
    """
    limit, most = options["max_words"], options["max_per_article"]
    long_ones = []  # (words, order, sentence)
    for block in measured_blocks(doc):
        for measured in block:
            sentence = measured.sentence
            if measured.counts.words <= limit or sentence.block.kind == "heading":
                continue
            words = _words_to_judge(sentence)
            if words > limit:
                long_ones.append((words, len(long_ones), sentence))
    reported = sorted(sorted(long_ones, key=lambda item: (-item[0], item[1]))[:most], key=lambda item: item[1])
    for words, _order, sentence in reported:
        yield doc.span_finding(sentence.block, sentence.start, sentence.end,
                               f"sentence has {words} words (more than {limit}); split it into shorter sentences")
    if len(long_ones) > most:
        shown = {order for _words, order, _sentence in reported}
        rest = [sentence for _words, order, sentence in long_ones if order not in shown]
        start, end = _title_span(doc)
        yield doc.finding(start, end, f"{len(rest)} more sentences have more than {limit} words"
                         f"{_lines(doc, rest, ', on ', limit=10)}: the page needs shorter sentences throughout "
                         f"(only the {most} longest are reported one by one)")


# A label opening a sentence: one to four words, then a colon or a dash ("Hand sanitizer:", "Staff --").
_LABEL = re.compile(r"^\W*(?:[\w’'/-]+\s+){0,3}[\w’'/-]+\s*(?::|\s--?|\s–|\s—)\s+(?=\S)")
# A sentence end the splitter cannot see: a full stop, spaces, a stray closing bracket, then a capital; or a
# tab inside a line of plain text, which separates cells or list items run together onto one line.
_HIDDEN_END = re.compile(r"(?<=[.!?])\s+[)\]]+\s*(?=[A-Z])| *\t\s*")


def _words_to_judge(sentence: Sentence) -> int:
    """The words of the longest part of a sentence, less an opening label."""
    block, start, end = sentence.block, sentence.start, sentence.end
    cuts = [start] + [m.end() for m in _HIDDEN_END.finditer(block.text, start, end)] + [end]
    longest = 0
    for a, b in zip(cuts, cuts[1:]):
        label = _LABEL.match(block.text[a:b])
        if label:
            a += label.end()
        longest = max(longest, len(prose_words(Sentence(block, a, b))))
    return longest


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
