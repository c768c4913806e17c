"""Acronyms: every short form spelled out where the reader first meets it."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from reviewer.document import Block, Document
from reviewer.language.abbreviations import (
    Definition,
    acronym_key,
    find_definitions,
    find_known_definitions,
    singular,
    split_acronyms,
)
from reviewer.language.capitals import shouts
from reviewer.language.explained import explanation
from reviewer.language.lexicon.frequency import zipf
from reviewer.language.vocabulary import AcronymPack, acronym_pack
from reviewer.lint.directives import article_settings
from reviewer.lint.finding import Finding
from reviewer.lint.registry import Context, rule
from reviewer.lint.rulepack import PackError

EMPHASIS_ZIPF = 4.0  # NOT, NEVER, STOP: common words written in capitals for emphasis




@dataclass(frozen=True)
class AcronymUse:
    """One acronym of one document: where it is first used and where (or how) it is defined.

    `status` is "defined" (spelled out at or before first use), "late" (spelled out after it),
    "undefined", "known" (general readers know it), "glossary" (the project glossary defines it)
    or "explained" (not spelled out, but explained in plain words at first use: "CD4 cells (a type
    of white blood cell)"; `definition` is then that use).
    `long` is the expansion: from the text, else the glossary, else the acronyms pack (None when
    none is known). Offsets are source offsets; `definition` is None unless spelled out in the text.
    """

    short: str
    long: str | None
    first_use: int
    first_use_end: int
    definition: int | None
    status: str
    written: str = ""  # the short form as first written, plural or possessive included ("ARVs")
    # where a "late" finding lands when that is not the first use: a heading's acronym may be
    # defined under the heading, so the text's own first use, before that definition, is at fault
    flagged: tuple[int, int] | None = None

    @property
    def finding_span(self) -> tuple[int, int]:
        return self.flagged or (self.first_use, self.first_use_end)








@functools.lru_cache(maxsize=16)
def parse_glossary(text: str, where: str) -> Mapping[str, tuple[str, str]]:
    """A project glossary's text: acronym key -> (short form, long form), from `SF: long form` lines."""
    glossary: dict[str, tuple[str, str]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        content = line.split("#", 1)[0].strip()
        if not content:
            continue
        short, colon, long = content.partition(":")
        if not colon or not short.strip() or not long.strip():
            raise PackError(f"{where}:{number}: expected 'SHORT: long form', found {line.strip()!r}")
        glossary[acronym_key(short.strip())] = (short.strip(), long.strip().strip("\"'"))
    return glossary


# --------------------------------------------------------------------------- analysis


def _is_shouting(block: Block, words) -> bool:
    """Capitals text is style.all-caps's business, not a row of acronyms."""
    if block.implicit and block.kind == "heading":
        return True
    return shouts(words, heading=block.kind == "heading")


def _is_emphasis(token: str) -> bool:
    """A common word in capitals (NOT, NEVER, URGENT) rather than an acronym."""
    letters = singular(token)
    return letters.isalpha() and zipf(letters) >= EMPHASIS_ZIPF


_TWO_CAPITALS = re.compile(r"[A-Z].*[A-Z]")


def _acronym_tokens(block: Block) -> Iterator[tuple[int, int, str]]:
    """(start, end, token) of the acronyms of a block, outside sentences written in capitals."""
    for sentence in block.sentences:
        candidates = [w for w in sentence.words if _TWO_CAPITALS.search(w.text)]
        if not candidates or _is_shouting(block, sentence.words):
            continue
        for word in candidates:
            for start, end in split_acronyms(word.text):
                yield word.start + start, word.start + end, word.text[start:end]


def _block_definitions(block: Block, pack: AcronymPack) -> list[Definition]:
    if "(" not in block.text:
        return []
    found = find_definitions(block.text)
    seen = {(d.key, d.short_start) for d in found}
    for extra in find_known_definitions(block.text, pack.expansions):
        if (extra.key, extra.short_start) not in seen:
            found.append(extra)
    if not found:
        return []
    shouting = [(s.start, s.end) for s in block.sentences if _is_shouting(block, s.words)]
    return [d for d in found if not any(a <= d.short_start < b for a, b in shouting)]


def analyse_acronyms(doc: Document, options: Mapping[str, object], context: Context) -> list[AcronymUse]:
    """Every acronym of the document with its first use and definition, in order of first use."""
    glossary_option = str(options.get("glossary") or "")
    known_option = tuple(str(k) for k in options.get("known") or ())
    memo_key = ("acronyms", known_option, glossary_option, context.packs.folders)
    if memo_key in doc.memo:
        return doc.memo[memo_key]
    pack = acronym_pack(context.packs)
    glossary = (parse_glossary(context.files[glossary_option], str(Path(context.config_dir) / glossary_option))
                if glossary_option else {})
    article_known = article_settings(doc)[0].get("known_acronyms", ())
    known = pack.known | {acronym_key(k) for k in (*known_option, *article_known)}

    first_use: dict[str, tuple[int, int, int, str]] = {}  # key -> (block index, start, end, token)
    first_in_text: dict[str, tuple[int, int, int]] = {}  # key -> (block, start, end) of the first use outside headings
    definitions: dict[str, tuple[int, Definition]] = {}  # key -> (block index, first definition)
    for index, block in enumerate(doc.blocks):
        for definition in _block_definitions(block, pack):
            definitions.setdefault(definition.key, (index, definition))
        for start, end, token in _acronym_tokens(block):
            key = acronym_key(token)
            if key in first_use and (key in first_in_text or block.kind == "heading"):
                continue
            if _is_emphasis(token) and not (key in pack.expansions or key in definitions or key in glossary):
                continue
            first_use.setdefault(key, (index, start, end, token))
            if block.kind != "heading":
                first_in_text.setdefault(key, (index, start, end))

    for key, (index, start, _end, token) in first_use.items():
        if key not in definitions and key not in glossary and key not in known \
                and _family(key, definitions, glossary, known) == key:
            spelled = _spelled_out_before(doc, token, index, start, pack.expansions.get(key, ()))
            if spelled is not None:
                definitions[key] = spelled
    uses = []
    for key, where in first_use.items():
        family = _family(key, definitions, glossary, known)
        uses.append(_describe(doc, family, *where, definitions.get(family), glossary, known, pack,
                              first_in_text.get(key), key))
    uses.sort(key=lambda u: u.first_use)
    doc.memo[memo_key] = uses
    return uses


_LINKING = frozenset("of and the for in on to with at by from".split())
SPELLED_OUT_MAX_ZIPF = 5.5  # "Environmental Protection Agency" spells EPA; "are really tired" does not spell ART


def _spelled_out_before(doc: Document, token: str, index: int, start: int,
                        expansions: tuple[str, ...]) -> tuple[int, Definition] | None:
    """A spelled-out form written before the acronym's first use without the brackets that pair them
    ("the Fish and Wildlife Service ... FWS"): consecutive words, linking words aside, whose first letters
    spell the acronym. Only all-letter acronyms of 2 to 8 letters and uncommon-enough words; and the phrase
    must be written as a name (every word capitalised) or be one of the pack's expansions of the acronym,
    since ordinary lower-case phrases spell short acronyms by chance ("everyday preventive actions")."""
    wanted = {" ".join(e.casefold().split()) for e in expansions}
    letters = [c.lower() for c in singular(token) if c.isalpha()]
    if not 2 <= len(letters) <= 8 or not singular(token).isalpha():
        return None
    for block_index in range(index + 1):
        block = doc.blocks[block_index]
        words = [w for w in block.words if block_index < index or w.end <= start]
        for i, first in enumerate(words):
            if first.text[0].lower() != letters[0] or first.text.lower() in _LINKING:
                continue
            matched, j = 0, i
            while j < len(words) and matched < len(letters):
                word = words[j].text
                if word.lower() in _LINKING and matched:
                    j += 1
                    continue
                if word[0].lower() != letters[matched] or zipf(word) >= SPELLED_OUT_MAX_ZIPF or word.isupper():
                    break
                matched, j = matched + 1, j + 1
            if matched == len(letters):
                phrase = words[i:j]
                long_start, long_end = phrase[0].start, phrase[-1].end
                long = block.text[long_start:long_end]
                named = all(w.text[0].isupper() for w in phrase if w.text.lower() not in _LINKING)
                if named or " ".join(long.casefold().split()) in wanted:
                    return block_index, Definition(token, long, long_start, long_end, long_start, long_end)
    return None


def _family(key: str, definitions, glossary, known) -> str:
    """HIV-1 and HIV-2 are covered by a definition of HIV: the key without a numbered suffix,
    when that one is defined, known or in the glossary and the numbered one is not."""
    if key in definitions or key in glossary or key in known:
        return key
    base = re.sub(r"-\d+$", "", key)
    return base if base != key and (base in definitions or base in glossary or base in known) else key


def _describe(doc: Document, key: str, index: int, start: int, end: int, written: str,
              defined: tuple[int, Definition] | None, glossary: Mapping[str, tuple[str, str]],
              known: frozenset[str], pack: AcronymPack, first_in_text: tuple[int, int, int] | None = None,
              own_key: str | None = None) -> AcronymUse:
    block = doc.blocks[index]
    use_start, use_end = block.source_offset(start), block.source_end(end)
    short = singular(written)
    listed = pack.expansions.get(key, ())
    text_span = None
    if first_in_text is not None:
        text_block = doc.blocks[first_in_text[0]]
        text_span = (text_block.source_offset(first_in_text[1]), text_block.source_end(first_in_text[2]))
    explained_at = _explained_at(doc, (index, start, end), first_in_text)
    if defined is not None:
        def_index, definition = defined
        def_offset = doc.blocks[def_index].source_offset(definition.short_start)
        on_time, flagged = def_offset <= use_start, None
        if not on_time and block.kind == "heading" and index < def_index < doc.next_heading(index):
            # A heading's acronym may be defined under that heading, but not after the text has used
            # it: then the text's first use is the one to fix.
            on_time = text_span is None or def_offset <= text_span[0]
            flagged = None if on_time else text_span
        long = definition.long
        if own_key is not None and own_key != key:
            # HIV-1 covered by a definition of HIV: its own expansion is not HIV's
            own = pack.expansions.get(own_key, ())
            long = own[0] if own else definition.long
        if not on_time and explained_at is not None:
            return AcronymUse(short, long, use_start, use_end, explained_at, "explained", written)
        return AcronymUse(short, long, use_start, use_end, def_offset,
                          "defined" if on_time else "late", written, flagged)
    if key in glossary:
        return AcronymUse(short, glossary[key][1], use_start, use_end, None, "glossary", written)
    if key in known:
        return AcronymUse(short, listed[0] if listed else None, use_start, use_end, None, "known", written)
    if explained_at is not None:
        return AcronymUse(short, listed[0] if listed else None, use_start, use_end, explained_at, "explained",
                          written)
    return AcronymUse(short, listed[0] if listed else None, use_start, use_end, None, "undefined", written)


# How an acronym may be explained instead of spelled out: the plain words say what it is.
_ACRONYM_EXPLANATIONS = frozenset({"X (plain words)", "X, which is", "X, a ...", "X means", "called X"})
_NOUN_AFTER = re.compile(r"\s+[a-z]+(?=\s*\()")  # "CD4 cells (a type of ...)": one word, then the brackets
# brackets that add a circumstance rather than say what the thing is: "ARVs (every day)", "PEP (within 72 hours)"
_NOT_WHAT_IT_IS = re.compile(
    r"\s*\(\s*(?:every|each|at|in|on|for|with|within|without|from|to|by|after|before|if|when|while|or|and|not|"
    r"only|usually|also|about|around|over|under|both|either|yes|no|optional|if\s+needed)\b", re.I)


def _explained_at(doc: Document, first: tuple[int, int, int],
                  first_in_text: tuple[int, int, int] | None) -> int | None:
    """Source offset of the first use, or of the text's first use after a heading, when the words
    around it explain it ("CD4 cells (a type of white blood cell)", "PEP, which is medicine ...")."""
    for where in dict.fromkeys(w for w in (first, first_in_text) if w is not None):
        index, start, end = where
        block = doc.blocks[index]
        for sentence_index, sentence in enumerate(block.sentences):
            if sentence.start <= start < sentence.end:
                break
        else:
            continue
        following = block.sentences[sentence_index + 1].text if sentence_index + 1 < len(block.sentences) else ""
        ends = [end]
        noun = _NOUN_AFTER.match(block.text, end, sentence.end)
        if noun:
            ends.append(noun.end())
        for term_end in ends:
            how = explanation(block.text, start, term_end, sentence.start, sentence.end, following)
            if how == "X (plain words)" and _NOT_WHAT_IT_IS.match(block.text, term_end):
                continue
            if how in _ACRONYM_EXPLANATIONS:
                return block.source_offset(start)
    return None


# --------------------------------------------------------------------------- the rule


@rule("acronyms.undefined", "warning", options={"known": [], "glossary": ""}, file_options=("glossary",),
      example="Ask your clinic about PEP if you think you have been exposed to HIV.\n")
def undefined_acronym(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """An acronym used before it is spelled out, or never spelled out.

    Readers meet an acronym such as CD4, eGFR or PEP and stop: few patients know what the
    letters stand for. Write the words in full the first time, with the short form in
    brackets, "antiretroviral therapy (ART)", or the other way round, "PrEP (pre-exposure
    prophylaxis)". A definition counts when the letters of the short form can be found,
    in order, at the starts of the words before it (as in Schwartz and Hearst's method), or
    when it is an expansion listed in the `acronyms` rule pack; plurals (ARVs), lower-case
    expansions, digits and hyphens (HIV-1, IL-2) and link text all work. The finding lands on
    the first use and, when the definition comes later, says on which line it is. An acronym
    first used in a heading may be defined in the text under that heading, before the text
    uses it. Patient writing often explains a short form instead of expanding it: "CD4 cells
    (a type of white blood cell)", "PEP, which is medicine you take after sex", "cells called
    CD4 cells"; such a plain explanation at first use counts too. So does a name spelled out
    earlier without brackets, "the Fish and Wildlife Service ... the FWS", when its words are
    capitalised as a name or it is a listed expansion: an ordinary lower-case phrase whose
    initials happen to spell the letters ("everyday preventive actions" for EPA) does not count.

    Not acronyms: Roman numerals (II, IV), units (mmHg, mL, IU), ordinary words in capitals
    for emphasis (NOT, NEVER), sentences and headings written in capitals (style.all-caps
    reports those), code and URLs.

    Acronyms general readers know (DNA, UK, COVID-19) are listed in the `acronyms` pack.
    Options: `known`, a list of further acronyms your readers know (a UK site might add GP
    and NHS); `glossary`, a file of accepted definitions, relative to the configuration file,
    one `SHORT: long form` per line with `#` comments. An article can list its own in front
    matter: `reviewer: {known_acronyms: [HIV]}`.
    """
    for use in analyse_acronyms(doc, options, context):
        if use.status not in ("late", "undefined"):
            continue
        definition = f"{_plural_like(use.long, use.written)} ({use.written})" if use.long else None
        start, end = use.finding_span
        if use.status == "late":
            use_line, def_line = doc.line_col(start)[0], doc.line_col(use.definition)[0]
            message = f"{use.written} is used on line {use_line} but defined on line {def_line}: define it at first use"
        else:
            hint = f", for example '{definition}'" if definition else " with the short form in brackets"
            message = f"{use.written} is never spelled out: write it in full the first time{hint}"
        yield doc.finding(start, end, message, suggestion=definition)


def _plural_like(long: str, written: str) -> str:
    """"liver function test" for LFT, "liver function tests" for LFTs."""
    plural = singular(written) != written and written[-1] == "s" and not written.endswith(("'s", "’s"))
    return long + "s" if plural and not long.endswith("s") else long
