"""Syllable counts: a table from the CMU Pronouncing Dictionary, and a heuristic for the words it lacks.

The table (cmudict_syllables.txt, about 125,000 words, built by benchmarks/build_syllables.py) is
looked up word by word in the word store (wordstore.py), so nothing loads up front. Words it lacks (drug names,
new coinages) go to `heuristic_syllables`; acronyms are counted as spoken letter by letter
("HIV" is aitch-eye-vee: 3), as the dictionary itself counts the ones it has.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import repeat

from reviewer.language.lexicon import data_lines
from reviewer.language.lexicon.wordstore import word_store

TABLE_FILE = "cmudict_syllables.txt"

_NOT_LETTER = re.compile(r"[^a-z]")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
# Vowel pairs usually said as two syllables (di-et, vid-e-o, us-u-al, sod-i-um, go-ing, id-e-a),
# unless they are one-syllable endings such as -tion, -sion, -cial, -geon, -llion.
_SPLIT_PAIR = re.compile(
    r"(?<![tcsgx])i[au]|(?<![tcsgxln])io|[^aeiouqg]eo(?![up])|[^aeiouqg]u[ao]|iet|(?<=[a-z]{2})ier"
    r"|[^aeiou]ue[lt]|[aeiouy]ing|(?<=[a-z])[^aeiou]ea$"
)
# A final e is silent (take, takes, baked), also before a suffix (likely, careful); but "-le" after a
# consonant is a syllable (table, handled), and so are -es and -ed after the sounds that need them (boxes, tested).
_SILENT_E = re.compile(r"[^aeiouy]e(?:s|d|ly|ful|ment|ness|less)?$")
_SOUNDED_ENDING = re.compile(r"(?:[sxz]|ch|sh|[cg])es$|[td]ed$|[^aeiouyl]le[sd]?$")
_SILENT_SYLLABLE = re.compile(r"^some(?=[a-z]{3})|ically$")  # some-thing, bas-ic-ly
_LETTER_SYLLABLES = {"w": 3}  # every other letter is said in one syllable
_DIGIT_SYLLABLES = {"0": 2, "7": 2}  # zero, seven; the other digits have one


@lru_cache(maxsize=1)
def syllable_table() -> dict[str, int]:
    """word (lower case) -> syllables: the whole text table, read on first call (for building the word
    store, its tests, and a Python without sqlite3; lookups go through the word store)."""
    table: dict[str, int] = {}
    for line in data_lines(TABLE_FILE):  # "COUNT word word ...": zip beats dict.fromkeys + update here
        count, _, words = line.partition(" ")
        spelled = words.split()
        table.update(zip(spelled, repeat(int(count), len(spelled))))
    return table


def _listed_syllables(key: str) -> int | None:
    """The dictionary's count for `key` (lower case), from the word store; None when not listed."""
    store = word_store()
    return syllable_table().get(key) if store is None else store.syllables(key)


@lru_cache(maxsize=16384)
def count_syllables(word: str) -> int:
    """Syllables in a word as written in prose: dictionary first, then acronym spelling, then heuristic."""
    key = word.lower().replace("’", "'").replace("\u00ad", "")
    known = _listed_syllables(key)
    if known is not None:
        return known
    if "-" in key:  # long-term, HIV-1, COVID-19: each part as it is said
        return sum(count_syllables(part) for part in word.split("-") if part) or 1
    if is_spelled_acronym(word):
        return spelled_syllables(word)
    base = _listed_syllables(key[:-2]) if key.endswith("'s") else None
    if base is not None:
        return base + (1 if _ends_in_sibilant(key[:-2]) else 0)
    return heuristic_syllables(key)


def is_spelled_acronym(word: str) -> bool:
    """An acronym said letter by letter: HIV, CD4, eGFR, ARVs, HbA1c (not COVID, said as a word)."""
    letters = [c for c in word.removesuffix("s") if c.isalpha()]
    has_digit = any(c.isdigit() for c in word)
    capitals = sum(c.isupper() for c in letters)
    return bool(letters) and (has_digit or (capitals >= 2 and len(letters) <= 4))


def spelled_syllables(word: str) -> int:
    """Syllables of an acronym said letter by letter ("W" is double-u, "7" is seven)."""
    spoken = word.removesuffix("s") if word[:-1].isupper() else word
    return sum(_LETTER_SYLLABLES.get(c.lower(), 1) if c.isalpha() else _DIGIT_SYLLABLES.get(c, 1)
               for c in spoken if c.isalnum())


def heuristic_syllables(word: str) -> int:
    """Estimate by vowel groups with English corrections: silent final e and -es/-ed, split vowel pairs.

    At least 1 for anything with a letter or digit (a number like 500 counts as one word of one
    syllable, as in textstat). Agrees with the CMU dictionary on 95% of the 20,000 commonest
    words and 92% of all its words.
    """
    letters = _NOT_LETTER.sub("", word.lower())
    if not letters:
        return 1
    if letters.startswith("y"):
        letters = "x" + letters[1:]  # a leading y is a consonant: yes, year
    count = len(_VOWEL_GROUP.findall(letters))
    count += len(_SPLIT_PAIR.findall(letters))
    if count > 1 and _SILENT_E.search(letters) and not _SOUNDED_ENDING.search(letters):
        count -= 1
    count -= len(_SILENT_SYLLABLE.findall(letters))
    return max(1, count)


def _ends_in_sibilant(word: str) -> bool:
    return word.endswith(("s", "x", "z", "ch", "sh", "ce", "ge", "se", "ze"))
