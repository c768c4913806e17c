"""Syllable counts: a table from the CMU Pronouncing Dictionary, and a heuristic for the words it lacks.

The table (cmudict_syllables.txt, about 125,000 words, built by benchmarks/build_syllables.py)
loads once per process, on first use, in a few milliseconds. Words it lacks (drug names,
new coinages) go to `heuristic_syllables`; acronyms are counted as spoken letter by letter
("HIV" is aitch-eye-vee: 3), as the dictionary itself counts the ones it has.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reviewer.lexicon import data_lines

TABLE_FILE = "cmudict_syllables.txt"

_NOT_LETTER = re.compile(r"[^a-z]")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
# Vowel pairs usually said as two syllables (di-et, vid-e-o, us-u-al, sod-i-um, flu-o-ride),
# unless they are the one-syllable -tion/-sion/-cial/-tial/-cian/-geon/-cious endings.
_SPLIT_PAIR = re.compile(r"(?<![tcsgx])i[aou]|[^aeiouq]eo(?!u)|[^aeiouqg]ua|[^aeiouqg]uo|ie[tr]|[^aeiou]ue[lt]")
_SILENT_E = re.compile(r"[^aeiouyl]e$|[^aeiouy]e[sd]$")
_SOUNDED_ENDING = re.compile(r"(?:[sxz]|ch|sh|[cg])es$|[td]ed$|[^aeiouy]le[sd]?$")
_LETTER_SYLLABLES = {"w": 3}  # every other letter is said in one syllable
_DIGIT_SYLLABLES = {"0": 2, "7": 2}  # zero, seven; the other digits have one


@lru_cache(maxsize=1)
def syllable_table() -> dict[str, int]:
    """word (lower case) -> syllables, read from the shipped table on first call."""
    table: dict[str, int] = {}
    for line in data_lines(TABLE_FILE):
        count, _, words = line.partition(" ")
        table.update(dict.fromkeys(words.split(), int(count)))
    return table


def count_syllables(word: str) -> int:
    """Syllables in a word as written in prose: dictionary first, then acronym spelling, then heuristic."""
    key = word.lower().replace("’", "'").replace("\u00ad", "")
    table = syllable_table()
    if key in table:
        return table[key]
    if is_spelled_acronym(word):
        return spelled_syllables(word)
    if "-" in key:
        return sum(count_syllables(part) for part in word.split("-") if part) or 1
    if key.endswith("'s") and key[:-2] in table:
        return table[key[:-2]] + (1 if _ends_in_sibilant(key[:-2]) else 0)
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
    syllable, as in textstat). Agrees with the CMU dictionary on about 85% of common words.
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
    return max(1, count)


def _ends_in_sibilant(word: str) -> bool:
    return word.endswith(("s", "x", "z", "ch", "sh", "ce", "ge", "se", "ze"))
