"""The rules' shortcuts give what the long way gives.

Each shortcut made a rule cheaper without changing a finding; each test here holds one to the code it replaced
(kept below as the reference), on the sample articles, the rule fixtures and tricky inputs:

- `find_phrases` tries only the words that start a phrase, and skips a block holding none;
- acronyms find where a pair of initials starts per pair asked (`_phrase_starts`), not from an index of every
  pair built up front;
- `find_quantities` tries NUMBER only from the character before the next digit;
- `prose_words` skips its joining loop when no "." or "," sits between two words; a word's readability counts
  are remembered per process, and `total` adds field by field;
- `mentions` skips a block holding no analyte's key word; notation skips a block holding no spelling of its
  word entries; claims looks for each key word once per block;
- spelling remembers the words it can never report (`Vocabulary.is_quiet`) and its suggestions: an article
  linted after others gives what it gives in a fresh process.
"""

from __future__ import annotations

import itertools
from functools import reduce
from operator import add
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer.document import Document, parse
from reviewer.document.decode import decode_document
from reviewer.language import readability
from reviewer.language.analytes import analyte_table, mentions
from reviewer.language.quantities import NUMBER, _read_quantity, find_quantities, vocabulary
from reviewer.language.vocabulary import build_index, find_phrases, jargon_lexicon
from reviewer.lint.checks import acronyms, claims, notation, spelling
from reviewer.lint.checks.plain import plain_words_index
from reviewer.lint.engine import lint_text
from reviewer.lint.rulepack import Packs

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "articles").glob("*") if p.suffix in (".md", ".txt"))
FIXTURES = sorted(p for p in (ROOT / "tests" / "fixtures" / "rules").rglob("*") if p.suffix in (".md", ".txt"))

TRICKY = [
    "The Centers for Disease Control and Prevention (CDC) and the Continuum of Care (CoC) of the and for the CoC.\n",
    "ΑΣ ΒΣ Σigma İstanbul İİ ǅx the of the and İ of Σ, a ß b ﬁne ΣΑΣ.\n",
    "Take 5.0 mg or .5 mg, 1,000,000 units and 2-3 tablets; 140/90 mmHg on 4/2/2021; a.5 x1.5 ٣ mg 1_2 3.\n",
    "e.g. U.S. 1,600 people, 2.5 mg and a.b c,d; J. R. R. Tolkien; end.\n",
    "Blood pressure\nmonitor and high blood pressure, high  blood pressure, high-blood pressure. In order to utilise it "
    "prior to the visit, in order\nto.\n",
    "Recent research shows that currently there is no cure, this year. Now we know; unknown snow.\n",
    "PREP AND PEP ARE HERE. Use CD4 and eGFR, HIV-1 and HbA1c; QD qhs MS 10 mg; 5 cc and 25 µg.\n",
    "",
]


def _documents():
    for path in SAMPLES + FIXTURES:
        doc = decode_document(path.read_bytes(), str(path), path)
        if isinstance(doc, Document):  # a fixture of unreadable bytes gives a finding instead
            yield doc
    for number, text in enumerate(TRICKY):
        yield parse(text, f"tricky-{number}.md")


DOCUMENTS = list(_documents())


# --------------------------------------------------------------------------- find_phrases


def find_phrases_reference(block, index):
    """find_phrases before the shortcut: every word tried in turn."""
    words, normalised, text = block.words, block.folded_words, block.text
    position = 0
    while position < len(words):
        matched = 0
        for phrase, value in index.by_first_word.get(normalised[position], ()):
            size = len(phrase)
            window = words[position: position + size]
            if len(window) == size and tuple(normalised[position: position + size]) == phrase \
                    and all(not text[a.end: b.start].strip() for a, b in zip(window, window[1:])):
                yield window[0].start, window[-1].end, value
                matched = size
                break
        position += matched or 1


def test_find_phrases_agrees_with_trying_every_word():
    packs = Packs()
    overlapping = build_index([("high blood pressure", 1), ("blood pressure", 2), ("high blood", 3),
                               ("pressure monitor", 4), ("in order to", 5), ("the the", 6), ("of", 7)])
    indexes = [jargon_lexicon(packs).terms, plain_words_index(packs), overlapping]
    found = 0
    for doc in DOCUMENTS:
        for block in doc.blocks:
            for index in indexes:
                expected = list(find_phrases_reference(block, index))
                assert list(find_phrases(block, index)) == expected, (doc.path, block.text[:60])
                found += len(expected)
    assert found > 50  # the inputs hold phrases to find


# --------------------------------------------------------------------------- acronyms


def phrase_index_reference(doc):
    """The initials index acronyms built up front before the shortcut: (words with spans, pair -> starts)."""
    blocks, index = [], {}
    for block_index, block in enumerate(doc.blocks):
        words = [(m.group(), m.start(), m.end()) for m in acronyms._WORD_PARTS.finditer(block.text)]
        blocks.append(words)
        for i, (word, _, _) in enumerate(words):
            if word.lower() in acronyms._LINKING:
                continue
            pairs = set()
            for j in range(i + 1, min(i + 4, len(words))):
                following = words[j][0]
                pairs.add(word[0].lower() + following[0].lower())
                if following.lower() not in acronyms._LINKING:
                    break
            for pair in pairs:
                index.setdefault(pair, []).append((block_index, i))
    return blocks, index


def test_acronym_phrase_starts_agree_with_the_full_index():
    letters = "abcdefghijklmnopqrstuvwxyz0123456789σiß"
    for doc in DOCUMENTS:
        blocks, index = phrase_index_reference(doc)
        words = acronyms._phrase_words(doc)
        assert [[w for w, _, _ in b] for b in blocks] == [b[0] for b in words]
        assert [[w[0].lower() for w, _, _ in b] for b in blocks] == [list(b[1]) for b in words]
        for number, block in enumerate(blocks):
            assert [(a, b) for _, a, b in block] == acronyms._word_spans(doc, number)
        for pair in set(index) | {a + b for a, b in itertools.product(letters, repeat=2)}:
            assert acronyms._phrase_starts(doc, pair) == index.get(pair, []), (doc.path, pair)


def test_a_capital_sigma_or_a_dotted_capital_i_takes_the_long_way():
    doc = parse(TRICKY[1], "sigma.md")
    _words, initials = acronyms._phrase_words(doc)[0]
    assert isinstance(initials, list)  # "ΑΣ".lower() is "ας", and "İ".lower() two characters: no joined string


# --------------------------------------------------------------------------- quantities and readability


def find_quantities_reference(text, units):
    found, position = [], 0
    while True:
        first = NUMBER.search(text, position)
        if first is None:
            return found
        quantity = _read_quantity(text, first, units)
        found.append(quantity)
        position = max(quantity.end, first.end())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,/-– x_a٣mgLU%", max_size=40))
def test_find_quantities_agrees_with_trying_every_position(text):
    units = vocabulary()
    assert find_quantities(text, units) == find_quantities_reference(text, units)


def test_find_quantities_agrees_on_the_documents():
    units = analyte_table(Packs()).units
    for doc in DOCUMENTS:
        for block in doc.blocks:
            assert find_quantities(block.text, units) == find_quantities_reference(block.text, units)


def prose_words_reference(sentence):
    text, words, previous_end = sentence.block.text, [], -1
    for word in sentence.words:
        gap = text[previous_end:word.start] if words else ""
        if words and readability._joined(words[-1], gap, word.text):
            words[-1] += gap + word.text
        else:
            words.append(word.text)
        previous_end = word.end
    return words


def test_prose_words_and_counts_agree_with_the_long_way():
    for doc in DOCUMENTS:
        for sentence in doc.sentences():
            words = prose_words_reference(sentence)
            assert readability.prose_words(sentence) == words
            counts = readability.count_sentence(sentence)
            syllables = [readability.count_syllables(w) for w in words]
            easy = [readability.is_easy_word(w) for w in words]
            assert (counts.words, counts.syllables, counts.polysyllables, counts.letters, counts.hard_words,
                    counts.complex_words) == (
                len(words), sum(syllables), sum(s >= 3 for s in syllables),
                len(readability._NOT_ALNUM.sub("", "".join(words))), easy.count(False),
                sum(s >= 3 and not e for s, e in zip(syllables, easy)))


@pytest.mark.parametrize("text", ["a.b", "x_.y", "1,2", ".5", "é.ü", "a._", "Dr. Who", "2.5 mg, 3", "end."])
def test_the_join_gap_search_stays_inside_the_sentence(text):
    doc = parse(text + "\n", "gap.md")
    for sentence in doc.sentences():
        assert readability.prose_words(sentence) == prose_words_reference(sentence)


def test_total_adds_as_counts_add():
    parts = [m.counts for doc in DOCUMENTS for m in readability.measured_sentences(doc)]
    assert readability.total(parts) == reduce(add, parts, readability.Counts())
    assert readability.total([]) == readability.Counts()


@pytest.mark.parametrize("words", [[], ["A"], ["Call", "NHS", "111"], ["Helping", "Children", "Cope", "with", "Emergencies"],
                                   ["The", "cat", "Sat"], ["About", "the", "Of"], ["2024", "Annual", "Report"],
                                   ["Annual", "report", "Now"], ["É", "Über", "Straße"]])
def test_title_like_agrees_with_its_definition(words):
    content = [w for w in words if w.lower() not in readability._TITLE_SMALL_WORDS]
    titled = sum(w[:1].isupper() and any(c.islower() for c in w[1:]) for w in content)
    expected = len(words) >= 3 and titled >= 2 and all(w[:1].isupper() or w[:1].isdigit() for w in content)
    assert readability.title_like(words) == expected


# --------------------------------------------------------------------------- key-word prefilters


def test_mentions_agree_with_asking_every_analyte():
    table = analyte_table(Packs())

    def reference(text):
        found, lowered = [], text.lower()
        for analyte in table.analytes:
            if not analyte.may_be_named_in(lowered):
                continue
            excluded = analyte.excluded_pattern
            spans = [m.span() for m in excluded.finditer(text)] if excluded else []
            for match in analyte.mention_pattern.finditer(text):
                if not any(a <= match.start() and match.end() <= b for a, b in spans):
                    found.append((analyte.key, match.start(), match.end()))
        found.sort(key=lambda m: (m[1], -(m[2] - m[1])))
        kept = []
        for mention in found:
            if not kept or mention[1] >= kept[-1][2]:
                kept.append(mention)
        return kept

    named = 0
    for doc in DOCUMENTS:
        for block in doc.blocks:
            expected = reference(block.text)
            assert [(m.analyte.key, m.start, m.end) for m in mentions(block.text, table)] == expected
            named += len(expected)
    assert named > 10


def test_notation_spelling_search_agrees_with_looking_for_each_form():
    entries = [n for n in notation.notations(Packs(), "abbreviation") if n.position == "word"]
    forms = tuple(form for entry in entries for form in entry.spellings)
    pattern = notation._any_spelling(forms)
    for doc in DOCUMENTS:
        for block in doc.blocks:
            assert (pattern.search(block.text) is not None) == any(form in block.text for form in forms)
    assert notation._any_spelling(()).search("anything") is None


def test_claims_candidates_agree_with_each_entry_asked_alone():
    phrases = claims.time_relative_phrases(Packs())
    always, key_words = claims._key_words(phrases)
    for doc in DOCUMENTS:
        for block in doc.blocks:
            lowered = block.text.lower()
            present = {word for word in key_words if word in lowered}
            chosen = [e for e in phrases if not e.words or not present.isdisjoint(e.words)]
            assert chosen == [e for e in phrases if e.may_match(lowered)]
            assert bool(chosen) == bool(present or always)


# --------------------------------------------------------------------------- spelling's memory


SPELLING_TEXT = ("# Speling check\n\nThere is usualy another medecine. Okafor said so, and Okafor knows. "
                 "The colour of the higherrisk group: a higher risk. Teh thing eachother. Usualy again.\n")


def test_spelling_remembers_nothing_that_changes_a_later_article():
    spelling.vocabulary_for.cache_clear()
    fresh = lint_text(SPELLING_TEXT, select=["spelling"])
    assert len(fresh) >= 4  # the text holds typos, a run-together pair and a missing space
    for path in SAMPLES:  # fill the memory with other articles' words first
        lint_text(path.read_text(encoding="utf-8"), path.name, select=["spelling"])
    assert lint_text(SPELLING_TEXT, select=["spelling"]) == fresh
    assert lint_text(SPELLING_TEXT, select=["spelling"]) == fresh  # and with this article's own words remembered


def test_quiet_words_are_never_reported_wherever_they_stand():
    spelling.vocabulary_for.cache_clear()
    lint_text(SPELLING_TEXT, select=["spelling"])
    vocabulary = spelling.vocabulary_for.cache_info()  # one vocabulary made
    assert vocabulary.currsize == 1
    remembered = next(iter(spelling._PROJECT_WORDS.values()))
    quiet = spelling.vocabulary_for(remembered, "both").quiet
    assert quiet["There"] and quiet["another"]
    assert not quiet["usualy"] and not quiet["higherrisk"]


def listed_expansion_reference(doc, token, index, start, expansions):
    """_listed_expansion before the shortcut: every block before the first use read in turn."""
    for block_index in range(index + 1):
        block = doc.blocks[block_index]
        text = block.text[:start] if block_index == index else block.text
        folded = text.casefold()
        for expansion in expansions:
            wanted = expansion.casefold()
            at = folded.find(wanted)
            while at >= 0:
                end = at + len(wanted)
                if end < len(folded) and folded[end] == "s":
                    end += 1
                if (at == 0 or not folded[at - 1].isalnum()) and (end == len(folded) or not folded[end].isalnum()):
                    return block_index, acronyms.Definition(token, text[at:end], at, end, at, end)
                at = folded.find(wanted, at + 1)
    return None


LISTED = ("# Care sites\n\nAlternate care sitesX are not it. Straße care here.\n\n- alternate care\n\n"
          "Read about alternate care sites now, ALTERNATE CARE SITES and the ACS.\n\nMore on ACS and care sites.\n")


@pytest.mark.parametrize("expansions", [("alternate care sites",), ("care sites", "alternate care"), ("strasse care",),
                                        ("nowhere at all",), ("",), ()])
def test_listed_expansion_agrees_with_reading_every_block(expansions):
    doc = parse(LISTED, "listed.md")
    for index, block in enumerate(doc.blocks):
        for start in sorted({0, len(block.text) // 2, len(block.text)}):
            assert acronyms._listed_expansion(doc, "ACS", index, start, expansions) == \
                listed_expansion_reference(doc, "ACS", index, start, expansions), (index, start)
