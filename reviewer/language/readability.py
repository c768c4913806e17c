"""Readability measurement: what the grade formulas count in an article's prose, and the formulas.

Counts come from the Document's normalised prose: the sentences of its blocks (headings, list
items and table cells end their own sentence) and their words (no code, URLs or front matter).
The formulas are textstat 0.7.13's, coefficient for coefficient and definition for definition,
applied to these counts; tests/test_readability.py checks them against textstat itself.
Pure functions: no I/O beyond the lexicon's lazily loaded word lists.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from reviewer.language.lexicon import easy_words
from reviewer.language.lexicon.syllables import count_syllables

if TYPE_CHECKING:  # pragma: no cover
    from reviewer.document import Document, Sentence

# As in textstat, a stretch of two words or fewer ("Side effects", "Call 999.") is not a
# sentence for the formulas, though its words still count.
MIN_SENTENCE_WORDS = 3
POLYSYLLABLE = 3  # syllables that make a word polysyllabic (SMOG) or complex (Gunning Fog)
FRAGMENT_KINDS = ("heading", "list_item", "table_cell")  # blocks that are a sentence however short


@dataclass(frozen=True)
class Counts:
    """What the formulas count in a stretch of prose; counts of parts add up."""

    words: int = 0
    sentences: int = 0  # sentences of MIN_SENTENCE_WORDS words or more
    syllables: int = 0
    polysyllables: int = 0  # words of 3 or more syllables
    letters: int = 0  # letters and digits of the words (Coleman-Liau)
    characters: int = 0  # every non-space character of the prose, punctuation too (ARI, as textstat)
    hard_words: int = 0  # words not on the Dale-Chall list (Dale-Chall)
    complex_words: int = 0  # words of 3 or more syllables not on the Dale-Chall list (Gunning Fog)

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.words + other.words, self.sentences + other.sentences, self.syllables + other.syllables,
                      self.polysyllables + other.polysyllables, self.letters + other.letters,
                      self.characters + other.characters, self.hard_words + other.hard_words,
                      self.complex_words + other.complex_words)

    @property
    def sentence_divisor(self) -> int:
        """The sentence count the formulas divide by: at least 1 when there are words (as textstat)."""
        return max(1, self.sentences) if self.words else 0


def total(parts: Iterable[Counts]) -> Counts:
    """The sum of `parts` (field by field, without a Counts per step: an article adds hundreds)."""
    words = sentences = syllables = polysyllables = letters = characters = hard = complex_words = 0
    for c in parts:
        words += c.words
        sentences += c.sentences
        syllables += c.syllables
        polysyllables += c.polysyllables
        letters += c.letters
        characters += c.characters
        hard += c.hard_words
        complex_words += c.complex_words
    return Counts(words, sentences, syllables, polysyllables, letters, characters, hard, complex_words)


# --------------------------------------------------------------------------- counting


def prose_words(sentence: "Sentence") -> list[str]:
    """The sentence's words as the formulas count them: 1,600, 2.5 and e.g. are one word each."""
    text = sentence.block.text
    if _JOIN_GAP.search(text, sentence.start + 1, sentence.end) is None:  # no "." or "," between two words: none joined
        return [word.text for word in sentence.words]
    words: list[str] = []
    previous_end = -1
    for word in sentence.words:
        gap = text[previous_end:word.start] if words else ""
        if words and _joined(words[-1], gap, word.text):
            words[-1] += gap + word.text
        else:
            words.append(word.text)
        previous_end = word.end
    return words


# Where `_joined` may join two words: a lone "." or "," with a letter or digit on each side (a word starts and
# ends with one, so a gap of exactly that character is this shape). Written to start with the mark, which the
# regular expression engine scans for quickly; searched from one character after the sentence's start, so that
# the letter before the mark is inside the sentence too.
_JOIN_GAP = re.compile(r"[.,](?<=[^\W_][.,])(?=[^\W_])")


def _joined(left: str, gap: str, right: str) -> bool:
    """True when `left gap right` is one token: a number with a separator, or dotted initials."""
    if gap in (".", ",") and left[-1].isdigit() and right[0].isdigit():
        return True
    return gap == "." and len(right) == 1 and right.isalpha() and len(left.rsplit(".", 1)[-1]) == 1


@functools.lru_cache(maxsize=65536)
def is_easy_word(word: str) -> bool:
    """On the Dale-Chall list; a hyphenated word is easy when the list has it or all its parts."""
    key = word.lower().replace("’", "'")
    easy = easy_words()
    return key in easy or ("-" in key and all(part in easy for part in key.split("-") if part))


_NOT_ALNUM = re.compile(r"[\W_]")  # \w is str.isalnum() plus the underscore


def count_characters(sentence: "Sentence") -> int:
    """Non-space characters of a sentence, punctuation included, bare URLs left out."""
    block = sentence.block
    characters = _non_space(block.text[sentence.start:sentence.end])
    for start, end in block.bare_urls.within(sentence.start, sentence.end) if block.bare_urls else ():
        characters -= _non_space(block.text[start:end])
    return characters


def _non_space(text: str) -> int:
    return len("".join(text.split()))  # str.split() splits on exactly the characters str.isspace() accepts


def count_sentence(sentence: "Sentence") -> Counts:
    """Everything the formulas count in one sentence.

    A stretch of fewer than MIN_SENTENCE_WORDS words is a sentence only when it is a whole heading,
    list item or table cell ("Side effects", "tiredness"): the NHS asks for every heading and bullet
    to end with a full stop before SMOG is run, and a page of short bullets must not count their words
    and not their sentences (which inflates every formula)."""
    words = prose_words(sentence)
    known = _word_counts.get
    counted = [known(word) or _count_word(word) for word in words]
    syllables, polysyllables, letters, hard, complex_words = map(sum, zip(*counted)) if counted else (0, 0, 0, 0, 0)
    block = sentence.block
    fragment = bool(words) and block.kind in FRAGMENT_KINDS and len(block.sentences) == 1
    return Counts(
        words=len(words),
        sentences=1 if len(words) >= MIN_SENTENCE_WORDS or fragment else 0,
        syllables=syllables,
        polysyllables=polysyllables,
        letters=letters,
        characters=count_characters(sentence),
        hard_words=hard,
        complex_words=complex_words,
    )


# word -> (syllables, 1 if polysyllabic, letters and digits, 1 if not easy, 1 if complex): what count_sentence
# adds up for a word, worked out once per process for each distinct word (a word's counts never change).
_word_counts: dict[str, tuple[int, int, int, int, int]] = {}
_WORD_COUNTS_MAX = 200_000  # a bound on the memory a long run's distinct words may take


def _count_word(word: str) -> tuple[int, int, int, int, int]:
    syllables = count_syllables(word)
    poly = 1 if syllables >= POLYSYLLABLE else 0
    hard = 0 if is_easy_word(word) else 1
    counted = (syllables, poly, len(_NOT_ALNUM.sub("", word)), hard, poly & hard)
    if len(_word_counts) >= _WORD_COUNTS_MAX:
        _word_counts.clear()
    _word_counts[word] = counted
    return counted


@dataclass(frozen=True)
class MeasuredSentence:
    sentence: "Sentence"
    counts: Counts


def measured_blocks(doc: "Document") -> list[list[MeasuredSentence]]:
    """Per block of doc.blocks, its sentences with their counts (computed once per document).

    Names and titles are not prose the writer can rewrite: a sentence that is a title or a run of
    names in Title Case ("Helping Children Cope with Emergencies", "Centers for Disease Control and
    Prevention"), or a list item or paragraph that is all link text (a list of links to other pages),
    is left out: its counts are zero, so it is neither graded nor a long or hard sentence."""
    cached = doc.memo.get("readability.blocks")
    if cached is None:
        linked = _link_spans(doc)
        cached = [[MeasuredSentence(s, Counts() if _names_not_prose(s, linked) else count_sentence(s))
                   for s in block.sentences] for block in doc.blocks]
        doc.memo["readability.blocks"] = cached
    return cached


# Short words a title keeps in lower case ("Helping Children Cope with Emergencies").
_TITLE_SMALL_WORDS = frozenset("a an and as at by for from in into of on or the to with about after before "
                               "vs via per your our their its is are be".split())


def title_like(words: Sequence[str]) -> bool:
    """True when words read as a title or a run of names: at least three words, every one that is not a
    short joining word capitalised (Title Case, an acronym or a number), two of them in Title Case ("Call
    NHS 111" is an instruction)."""
    if len(words) < 3:
        return False
    titled = 0
    for w in words:  # one pass, leaving at the first content word in lower case (most sentences' second word)
        if w.lower() in _TITLE_SMALL_WORDS:
            continue
        first = w[:1]
        if not (first.isupper() or first.isdigit()):
            return False
        if first.isupper() and any(c.islower() for c in w[1:]):
            titled += 1
    return titled >= 2


def _link_spans(doc: "Document") -> list[tuple[int, int]]:
    return sorted((link.start, link.end) for link in doc.links if not link.image and link.end > link.start)


def _names_not_prose(sentence: "Sentence", linked: Sequence[tuple[int, int]]) -> bool:
    block = sentence.block
    if block.kind == "heading":
        return False  # a heading is read as prose, and the NHS way counts it
    if title_like([w.text for w in sentence.words]):
        return True
    if linked and block.kind in ("list_item", "paragraph") and len(block.sentences) == 1:
        start, end = sentence.source_start, sentence.source_end
        covered = sum(max(0, min(end, b) - max(start, a)) for a, b in linked)
        return covered >= 0.8 * (end - start)
    return False


def measured_sentences(doc: "Document", start: int = 0, end: int | None = None) -> list[MeasuredSentence]:
    """The measured sentences of doc.blocks[start:end], in order."""
    return [m for block in measured_blocks(doc)[start:end] for m in block]


def section_spans(doc: "Document") -> list[tuple[int, int]]:
    """[start, end) block ranges of the sections: a heading and what follows it until the next
    heading of the same or a higher level (so a section holds its subsections)."""
    blocks = doc.blocks
    spans = []
    for start, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        end = next((i for i in range(start + 1, len(blocks))
                    if blocks[i].kind == "heading" and blocks[i].level <= block.level), len(blocks))
        spans.append((start, end))
    return spans


# --------------------------------------------------------------------------- formulas (textstat 0.7.13)


def smog(c: Counts) -> float:
    """SMOG: 1.043 * sqrt(30 * polysyllables / sentences) + 3.1291."""
    if not c.words:
        return 0.0
    return 1.043 * (30 * (c.polysyllables / c.sentence_divisor)) ** 0.5 + 3.1291


def flesch_kincaid(c: Counts) -> float:
    """Flesch-Kincaid grade: 0.39 * words per sentence + 11.8 * syllables per word - 15.59."""
    if not c.words or not c.syllables:
        return 0.0
    return 0.39 * (c.words / c.sentence_divisor) + 11.8 * (c.syllables / c.words) - 15.59


def gunning_fog(c: Counts) -> float:
    """Gunning Fog: 0.4 * (words per sentence + 100 * complex words / words)."""
    if not c.words:
        return 0.0
    return 0.4 * (c.words / c.sentence_divisor + 100 * c.complex_words / c.words)


def coleman_liau(c: Counts) -> float:
    """Coleman-Liau: 0.058 * letters per 100 words - 0.296 * sentences per 100 words - 15.8."""
    if not c.words or not c.letters:
        return 0.0
    return 0.058 * (c.letters / c.words * 100) - 0.296 * (c.sentence_divisor / c.words * 100) - 15.8


def automated_readability(c: Counts) -> float:
    """ARI: 4.71 * characters per word + 0.5 * words per sentence - 21.43."""
    if not c.words or not c.characters:
        return 0.0
    return 4.71 * (c.characters / c.words) + 0.5 * (c.words / c.sentence_divisor) - 21.43


def dale_chall(c: Counts) -> float:
    """Dale-Chall score: 0.1579 * % hard words + 0.0496 * words per sentence, + 3.6365 above 5% hard words."""
    if not c.words:
        return 0.0
    hard_percent = 100 * c.hard_words / c.words
    score = 0.1579 * hard_percent + 0.0496 * (c.words / c.sentence_divisor)
    return score + 3.6365 if hard_percent > 5 else score


# Dale-Chall scores are not grades: each band of scores stands for a range of grades.
_DALE_CHALL_BANDS = ((5.0, 4, "grade 4 and below"), (6.0, 6, "grades 5-6"), (7.0, 8, "grades 7-8"),
                     (8.0, 10, "grades 9-10"), (9.0, 12, "grades 11-12"), (10.0, 15, "grades 13-15"))


def dale_chall_band(score: float) -> tuple[int, str]:
    """(highest grade, label) of the band a Dale-Chall score falls in."""
    for upper, grade, label in _DALE_CHALL_BANDS:
        if score < upper:
            return grade, label
    return 16, "grade 16 and above"


@dataclass(frozen=True)
class Formula:
    """A readability formula: its option name, display name and scoring function."""

    key: str
    name: str
    score: Callable[[Counts], float]
    calibration_sentences: int = 0  # the sample size the formula is defined on, when it names one

    def grade(self, score: float) -> float:
        """The school grade a score stands for (Dale-Chall: the top grade of its band)."""
        return float(dale_chall_band(score)[0]) if self.key == "dale-chall" else score

    def describe(self, score: float) -> str:
        """"SMOG 9.8", or "Dale-Chall 7.4 (grades 9-10)"."""
        band = f" ({dale_chall_band(score)[1]})" if self.key == "dale-chall" else ""
        return f"{self.name} {score:.1f}{band}"


FORMULAS: dict[str, Formula] = {f.key: f for f in (
    Formula("smog", "SMOG", smog, calibration_sentences=30),
    Formula("flesch-kincaid", "Flesch-Kincaid", flesch_kincaid),
    Formula("gunning-fog", "Gunning Fog", gunning_fog),
    Formula("coleman-liau", "Coleman-Liau", coleman_liau),
    Formula("ari", "ARI", automated_readability),
    Formula("dale-chall", "Dale-Chall", dale_chall),
)}


def formula_named(key: str) -> Formula:
    """The formula for an option value; ValueError naming the choices when there is none."""
    try:
        return FORMULAS[key.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown readability formula {key!r}; use one of {', '.join(FORMULAS)}") from None


# --------------------------------------------------------------------------- grading


@dataclass(frozen=True)
class Grade:
    """A stretch of prose graded by one formula."""

    formula: Formula
    counts: Counts
    score: float

    @property
    def grade(self) -> float:
        return self.formula.grade(self.score)

    def uncertain(self, min_sentences: int) -> bool:
        return self.counts.sentences < min_sentences

    def describe(self, min_sentences: int) -> str:
        """"SMOG 9.8", with "(uncertain: ...)" when it rests on fewer than `min_sentences` sentences."""
        text = self.formula.describe(self.score)
        if not self.uncertain(min_sentences):
            return text
        n = self.counts.sentences
        sentences = f"{n} sentence{'' if n == 1 else 's'}"
        calibrated = self.formula.calibration_sentences
        if calibrated and n < calibrated:
            return f"{text} (uncertain: {sentences}; {self.formula.name} is calibrated on {calibrated})"
        return f"{text} (uncertain: {sentences}, fewer than {min_sentences})"


def grade(measured: Sequence[MeasuredSentence], formula: Formula) -> Grade:
    counts = total(m.counts for m in measured)
    return Grade(formula, counts, formula.score(counts))


def hardest_sentences(measured: Sequence[MeasuredSentence], formula: Formula) -> list["Sentence"]:
    """Countable sentences (not headings), hardest first: by their score on their own, longest first
    on a tie, then in text order."""
    ranked = sorted((m for m in measured if m.counts.sentences and m.sentence.block.kind != "heading"),
                    key=lambda m: (-formula.score(m.counts), -m.counts.words))
    return [m.sentence for m in ranked]
