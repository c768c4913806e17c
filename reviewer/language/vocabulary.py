"""The vocabularies rules share, compiled from the rule packs: jargon terms, acronyms, medical words, phrases.

Several rules read the same lists (spelling accepts the jargon terms, plain words and jargon find phrases
the same way, the capitals rule keeps the acronyms readers know), so the lists live here, not in one check.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterator, Mapping, Sequence

from reviewer.document import Block, fold_word
from reviewer.language.abbreviations import acronym_key
from reviewer.lint.rulepack import Field, Packs

JARGON_SCHEMA = {
    "term": Field(str, required=True),
    "plain": Field(str),
    "forms": Field(list),
    "kind": Field(str, choices=("jargon", "everyday")),
    "source": Field(str),
    "note": Field(str),
}


_WORD = re.compile(r"[^\W_](?:[\w’'\-\u00ad]*[^\W_])?")


@dataclass(frozen=True)
class Term:
    """A lexicon entry: its name and a plain alternative (None when the pack gives none)."""

    name: str
    plain: str | None


@dataclass(frozen=True)
class PhraseIndex:
    """Phrases to find in prose, by first word: word -> ((words of a phrase, value), ...), longest first."""

    by_first_word: Mapping[str, tuple[tuple[tuple[str, ...], object], ...]]


@dataclass(frozen=True)
class Lexicon:
    """The jargon packs compiled: the phrase index of jargon terms and the everyday words."""

    terms: PhraseIndex
    everyday: frozenset[str]
    words: frozenset[str]  # every word of every entry and form, for spelling.unknown


def words_of(text: str) -> tuple[str, ...]:
    """The lower-case words of a phrase, split the way prose is split."""
    return tuple(fold_word(m.group()) for m in _WORD.finditer(text))


def build_index(phrases: Sequence[tuple[str, object]]) -> PhraseIndex:
    """Index (phrase, value) pairs by first word; later pairs do not replace earlier ones."""
    grouped: dict[str, dict[tuple[str, ...], object]] = {}
    for phrase, value in phrases:
        words = words_of(phrase)
        if words:
            grouped.setdefault(words[0], {}).setdefault(words, value)
    return PhraseIndex({first: tuple(sorted(found.items(), key=lambda kv: -len(kv[0])))
                        for first, found in grouped.items()})


def find_phrases(block: Block, index: PhraseIndex) -> Iterator[tuple[int, int, object]]:
    """(start, end, value) of each indexed phrase in a block, longest match first, not overlapping.

    Words of a phrase must be separated by spaces only (a line break in the source counts as one).
    """
    by_first_word = index.by_first_word
    normalised = block.folded_words
    if by_first_word.keys().isdisjoint(normalised):  # most blocks hold no phrase's first word
        return
    words = block.words
    text = block.text
    position = 0  # words before it are inside a phrase already found
    for start in [i for i, word in enumerate(normalised) if word in by_first_word]:  # where a phrase may start
        if start < position:
            continue
        for phrase, value in by_first_word[normalised[start]]:
            size = len(phrase)
            window = words[start : start + size]
            if len(window) == size and tuple(normalised[start : start + size]) == phrase \
                    and all(not text[a.end : b.start].strip() for a, b in zip(window, window[1:])):
                yield window[0].start, window[-1].end, value
                position = start + size
                break


def plural_forms(phrase: str) -> list[str]:
    """Regular plurals of a noun phrase's last word: s, es, ies; -is -> -es, -um -> -a, -us -> -i."""
    head, _, last = phrase.rpartition(" ")
    prefix = f"{head} " if head else ""
    forms = []
    if re.search(r"(?:s|x|z|ch|sh)$", last):
        forms.append(last + "es")
    elif re.search(r"[^aeiou]y$", last):
        forms.append(last[:-1] + "ies")
    else:
        forms.append(last + "s")
    if last.endswith("is"):
        forms.append(last[:-2] + "es")
    if last.endswith("um"):
        forms.append(last[:-2] + "a")
    if last.endswith("us"):
        forms.append(last[:-2] + "i")
    return [prefix + form for form in forms]


def jargon_lexicon(packs: Packs) -> Lexicon:
    """The jargon packs (built-in and project), compiled once per process per set of packs."""
    return packs.built("jargon", JARGON_SCHEMA, _lexicon_of)


def _lexicon_of(entries) -> Lexicon:
    return _compile_lexicon(tuple((e["term"], e.get("plain"), tuple(e.get("forms", ())), e.get("kind", "jargon"))
                                  for e in entries))


def _compile_lexicon(rows: tuple[tuple[str, str | None, tuple[str, ...], str], ...]) -> Lexicon:
    everyday = frozenset(" ".join(words_of(phrase)) for term, _, forms, kind in rows if kind == "everyday"
                         for phrase in (term, *forms))
    phrases: list[tuple[str, Term]] = []
    for term, plain, forms, kind in rows:
        if kind == "everyday" or " ".join(words_of(term)) in everyday:
            continue
        entry = Term(term, plain)
        for form in (term, *forms):
            phrases.append((form, entry))
            phrases.extend((plural, entry) for plural in plural_forms(form))
    words = {part for phrase, _ in phrases for word in words_of(phrase) for part in (word, *word.split("-")) if part}
    words.update(word for phrase in everyday for word in phrase.split())
    return Lexicon(build_index(phrases), everyday, frozenset(words))


ACRONYM_SCHEMA = {
    "short": Field(str, required=True),
    "long": Field(list),
    "known": Field(bool),
    "note": Field(str),
}


@dataclass(frozen=True)
class AcronymPack:
    """The acronyms pack compiled: keys general readers know, and accepted expansions per key."""

    known: frozenset[str]
    expansions: Mapping[str, tuple[str, ...]]
    written: Mapping[str, frozenset[str]] | None = None  # key -> the short forms as the packs write them (COC)


def acronym_pack(packs: Packs) -> AcronymPack:
    """The built-in and project acronym packs, compiled once per process per set of packs."""
    return packs.built("acronyms", ACRONYM_SCHEMA, _pack_of)


def _pack_of(entries) -> AcronymPack:
    return _compile_pack(tuple((e["short"], tuple(e.get("long", ())), bool(e.get("known"))) for e in entries))


def _compile_pack(rows: tuple[tuple[str, tuple[str, ...], bool], ...]) -> AcronymPack:
    known = frozenset(acronym_key(short) for short, _, is_known in rows if is_known)
    expansions: dict[str, tuple[str, ...]] = {}
    for short, longs, _ in rows:
        key = acronym_key(short)
        expansions[key] = expansions.get(key, ()) + tuple(str(x) for x in longs)
    written: dict[str, frozenset[str]] = {}
    for short, _, _ in rows:
        written[acronym_key(short)] = written.get(acronym_key(short), frozenset()) | {short}
    return AcronymPack(known, expansions, written)


@functools.lru_cache(maxsize=8)
def _lower_words(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w.lower().replace("’", "'") for w in words)


def medical_words(packs: Packs) -> frozenset[str]:
    """The `medical-words` word lists, lower case."""
    return _lower_words(packs.words("medical-words"))
