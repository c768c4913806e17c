"""Acronyms: every short form spelled out where the reader first meets it."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from reviewer.document import Block, Document
from reviewer.language.abbreviations import (
    Definition,
    acronym_key,
    best_long_form,
    find_definitions,
    find_known_definitions,
    singular,
    split_acronyms,
    valid_pair,
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
LABEL_ZIPF = 3.0  # UPDATE:, REMINDER:, CAUTION!: a less common word in capitals used as a label




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
    times: int = 1  # how many times the text uses it (a form used once is better written in full, no acronym)

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


QUESTION_HEADING_WORDS = 15


def _heading_like(block: Block) -> bool:
    """A heading, or a block of nothing but short questions: an FAQ's question ("What is PrEP?") or a page's
    list of its questions, which the answer below defines like a heading's text does."""
    if block.kind == "heading":
        return True
    sentences = block.sentences
    return bool(sentences) and all(
        s.text.rstrip().endswith("?") and len(s.words) <= QUESTION_HEADING_WORDS for s in sentences)


def _is_emphasis(token: str) -> bool:
    """A common word in capitals (NOT, NEVER, URGENT) rather than an acronym."""
    letters = singular(token)
    return letters.isalpha() and zipf(letters) >= EMPHASIS_ZIPF


_TWO_CAPITALS = re.compile(r"[A-Z].*[A-Z]")
# Two capitals with only a word's own characters between them: every word `_TWO_CAPITALS` finds holds this, so
# a stretch of text without it has no candidate (a cheap test of a whole block or sentence first).
_TWO_CAPITALS_IN_A_WORD = re.compile(r"[A-Z][\w’'\-\u00ad]*[A-Z]")
_NUMBERED_SUFFIX = re.compile(r"(?:-\d+)+$")  # HIV-1, IL-2, SARS-CoV-2: a numbered member of a family
_CAMEL_CASE_NAME = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z]+)+$")  # EpiPen, NaCl: a product or formula, not initials
_TITLE_WORD = re.compile(r"[A-Z][a-z]+(?:['’]s)?$")


def _is_code(token: str, pack: AcronymPack) -> bool:
    """Letters and digits mixed inside one token are a code or a name, not letters to spell out: strains
    (NL63, OC43, H1N1), products (N95), test names written in mixed case (HbA1c), values (1e3IU). A listed
    acronym (CD4, FEV1, SGLT2) and a numbered member of a family (HIV-1, IL-2, COVID-19) still count."""
    core = singular(token)
    if not any(c.isdigit() for c in core):
        return False
    if core[0].isdigit():
        return True
    if any(c.islower() for c in core if c.isalpha()) and any(c.isdigit() for c in _NUMBERED_SUFFIX.sub("", core)):
        return True  # HbA1c: a test's name, which wants a plain explanation rather than its letters spelled out
    key = acronym_key(token)
    if key in pack.expansions or key in pack.known:
        return False
    return any(c.isdigit() for c in _NUMBERED_SUFFIX.sub("", core))


def _is_label(word, text: str, pack: AcronymPack) -> bool:
    """"UPDATE:", "REMINDER:", "CAUTION!": a word in capitals followed by a colon or an exclamation mark labels
    what follows; an acronym in that place is one the pack lists."""
    return (word.text.isalpha() and text[word.end:word.end + 1] in (":", "!")
            and zipf(word.text) >= LABEL_ZIPF and acronym_key(word.text) not in pack.expansions)


def _in_dotted_name(text: str, start: int, end: int) -> bool:
    """GOV.UK, NHS.UK, cdc.gov: part of a web address or dotted name, not an acronym of its own."""
    after = end + 1 < len(text) and text[end] == "." and text[end + 1].isalnum()
    before = start >= 2 and text[start - 1] == "." and text[start - 2].isalnum()
    return after or before


def _in_title_case_name(sentence, position: int, text: str) -> bool:
    """NHS Inform, NI Direct, State Alliance of AIDS Educators, "FAQs on Diagnostic Testing for SARS-CoV-2": the
    acronym is one word of a longer proper name or title (a capitalised word beside it, or before it across
    "of", "for", "and", "on", "the"; not the sentence's first word), and the name, not the letters, is what the
    reader meets. A possessive acronym names its owner on its own: "OSHA's Hazard Communication standard"."""
    words = sentence.words
    word = words[position]
    if word.text.endswith(("'s", "’s")):
        return False
    after = position + 1
    if after < len(words) and text[word.end:words[after].start] == " " and _TITLE_WORD.match(words[after].text) \
            and not _is_sentence_start(words, after, text):
        return True
    before, end, links = position - 1, word.start, 0
    while before >= 0 and text[words[before].end:end] == " ":
        other = words[before]
        if other.text.lower() in _NAME_LINKS and links < 2:
            before, end, links = before - 1, other.start, links + 1
            continue
        return bool(_TITLE_WORD.match(other.text)) and not _is_sentence_start(words, before, text)
    return False


_NAME_LINKS = frozenset("of for and on the".split())


def _is_sentence_start(words, index: int, text: str) -> bool:
    """A word after a colon, a full stop or an opening quote or bracket starts a phrase of its own."""
    if index == 0:
        return True
    gap = text[words[index - 1].end:words[index].start]
    return any(c in gap for c in ":.!?;(\"“—–")


def _acronym_tokens(block: Block, pack: AcronymPack) -> Iterator[tuple[int, int, str]]:
    """(start, end, token) of the acronyms of a block, outside sentences written in capitals."""
    text = block.text
    if _TWO_CAPITALS_IN_A_WORD.search(text) is None:  # most blocks: no word with two capitals, so no candidate
        return
    for sentence in block.sentences:
        if _TWO_CAPITALS_IN_A_WORD.search(text, sentence.start, sentence.end) is None:
            continue
        candidates = [i for i, w in enumerate(sentence.words) if _TWO_CAPITALS.search(w.text)]
        if not candidates or _is_shouting(block, sentence.words):
            continue
        for index in candidates:
            word = sentence.words[index]
            if _in_dotted_name(text, word.start, word.end) or _is_label(word, text, pack):
                continue
            if block.kind != "heading" and _in_title_case_name(sentence, index, text):
                continue
            for start, end in split_acronyms(word.text):
                token = word.text[start:end]
                if not _is_code(token, pack) and not _CAMEL_CASE_NAME.match(singular(token)):
                    yield word.start + start, word.start + end, token


def _block_definitions(block: Block, pack: AcronymPack) -> list[Definition]:
    if "(" not in block.text and "[" not in block.text:
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
    known = pack.known | {acronym_key(k) for k in (*known_option, *article_known)} | _publisher(doc)

    first_use: dict[str, tuple[int, int, int, str]] = {}  # key -> (block index, start, end, token)
    first_in_text: dict[str, tuple[int, int, int]] = {}  # key -> (block, start, end) of the first use outside headings
    definitions: dict[str, tuple[int, Definition]] = {}  # key -> (block index, first definition)
    heading_like = [_heading_like(block) for block in doc.blocks]
    times: dict[str, int] = {}  # key -> how many times the text uses it
    for index, block in enumerate(doc.blocks):
        for definition in _block_definitions(block, pack):
            definitions.setdefault(definition.key, (index, definition))
        for start, end, token in _acronym_tokens(block, pack):
            key = acronym_key(token)
            if key in first_use:
                times[key] += 1
                if key in first_in_text or heading_like[index]:
                    continue
            if _is_emphasis(token) and not (key in pack.expansions or key in definitions or key in glossary):
                continue
            if key not in first_use:
                times[key] = 1
            first_use.setdefault(key, (index, start, end, token))
            if not heading_like[index]:
                first_in_text.setdefault(key, (index, start, end))

    for key, (index, start, _end, token) in first_use.items():
        if key not in definitions and key not in glossary and key not in known \
                and _family(key, definitions, glossary, known) == key:
            spelled = _spelled_out_before(doc, token, index, start, pack.expansions.get(key, ()))
            if spelled is None:
                spelled = _spelled_out_after(doc, token, index, start)
            if spelled is not None:
                definitions[key] = spelled
    uses = []
    for key, where in first_use.items():
        family = _family(key, definitions, glossary, known)
        use = _describe(doc, family, *where, definitions.get(family), glossary, known, pack,
                        first_in_text.get(key), key)
        uses.append(dataclasses.replace(use, times=times.get(key, 1)))
    uses.sort(key=lambda u: u.first_use)
    doc.memo[memo_key] = uses
    return uses


_PUBLISHER_KEYS = ("publisher", "author", "organisation", "organization", "site", "site_name", "source", "owner",
                   "brand")
# "Flu vaccine - NHS", "HIV testing | CDC", "Coronavirus: GOV.UK": the site's name after the title's last separator
_TITLE_SITE = re.compile(r"(?:\s[|–—-]\s|:\s)\s*([^|–—:]+?)\s*$")
# a metadata line naming who publishes the page (the document sets such lines apart from the prose)
_FOOTER = re.compile(r"©|\(c\)|copyright|content source|source:|published by|publisher", re.I)


def _publisher(doc: Document) -> set[str]:
    """Keys of the acronyms that name the page's publisher or site, which every reader of the page has met:
    in front matter (publisher, author, site ...), after the last separator of the title ("... | CDC"), or in
    a copyright or source line ("© NHS 2024", "Content source: ...")."""
    names: list[str] = []
    for key in _PUBLISHER_KEYS:
        value = doc.front_matter.get(key)
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, dict):
            names.extend(str(v) for v in value.values() if isinstance(v, str))
    site = _TITLE_SITE.search(doc.title)
    if site:
        names.append(site.group(1))
    names.extend(b.text for b in doc.metadata_lines if _FOOTER.search(b.text))
    found = set()
    for name in names:
        for word in re.findall(r"[^\W_][\w\-.]*[^\W_]", name):
            for start, end in split_acronyms(word):
                found.add(acronym_key(word[start:end]))
    return found


_LINKING = frozenset("of and the for in on to with at by from".split())
SPELLED_OUT_MAX_ZIPF = 5.5  # "Environmental Protection Agency" spells EPA; "are really tired" does not spell ART
STRAY_MAX_ZIPF = 6.0  # before a stray bracket "care" (5.6) may spell ACS, "these" (6.3) may not
NEARBY_SENTENCES = 1  # a lower-case spelled-out form counts in the sentence of the first use or the one before it
_STRAY_CLOSING = re.compile(r"[.,;:]?\s*\)")  # "personal protective equipment )when": a bracket pair lost its opening


def _spelled_out_before(doc: Document, token: str, index: int, start: int,
                        expansions: tuple[str, ...]) -> tuple[int, Definition] | None:
    """A spelled-out form written before the acronym's first use without the brackets that pair them.

    Consecutive words, linking words aside, whose first letters spell the acronym (all-letter
    acronyms of 2 to 8 letters, uncommon-enough words; the parts of a hyphenated word count as
    words) count when the phrase is written as a name (every word capitalised: "the Fish and
    Wildlife Service ... FWS"), is a listed expansion of the acronym, is followed by a stray closing
    bracket (a page whose "(PPE)" lost everything but its ")"), or, for acronyms of three letters or
    more, stands in the sentence of the first use or the one before it ("review your emergency
    operations plans ... the EOP"). Ordinary lower-case phrases further away spell short acronyms by
    chance ("everyday preventive actions" for EPA). A listed expansion written anywhere before counts
    for any acronym (SARS-CoV-2), and a mixed-case short form is matched letter by letter in its own
    sentence ("2019 novel coronavirus" or "2019-nCoV")."""
    listed = _listed_expansion(doc, token, index, start, expansions)
    if listed is not None:
        return listed
    if not singular(token).isalpha():
        return _mixed_case_in_sentence(doc, token, index, start)
    nearby = _nearby_blocks(doc, index, start)
    three = sum(c.isalpha() for c in singular(token)) >= 3
    for block_index, long_start, long_end, named, stray in _initial_phrases(doc, token, 0, index, start):
        close = three and (block_index, long_start) >= nearby
        long = doc.blocks[block_index].text[long_start:long_end]
        if named or stray or close or _is_listed(long, expansions):
            return block_index, Definition(token, long, long_start, long_end, long_start, long_end)
    return None


def _spelled_out_after(doc: Document, token: str, index: int, start: int) -> tuple[int, Definition] | None:
    """The same forms written after the first use, where a name or a stray closing bracket says they define
    it: the finding then says where the definition is. A later mention of a listed expansion ("your BP ... your
    blood pressure") or a phrase near the use does not define it, so the finding says it is never spelled out."""
    if not singular(token).isalpha():
        return None
    for block_index, long_start, long_end, named, stray in _initial_phrases(doc, token, index, len(doc.blocks) - 1):
        if block_index == index and long_start < start:
            continue
        if named or stray:
            long = doc.blocks[block_index].text[long_start:long_end]
            return block_index, Definition(token, long, long_start, long_end, long_start, long_end)
    return None


def _is_listed(long: str, expansions: tuple[str, ...]) -> bool:
    folded = " ".join(long.casefold().split())
    return any(folded == " ".join(e.casefold().split()) for e in expansions)


_WORD_PARTS = re.compile(r"[^\W_][\w'’]*")


_WORD_INITIALS = re.compile(r"([^\W_])[\w'’]*")  # the words of _WORD_PARTS, giving each one's first character


def _phrase_words(doc: Document) -> list[tuple[list[str], str | list[str]]]:
    """Per block, built once per document: its words (hyphenated words in parts) and their initials in lower
    case: one string of one character a word, so that `_phrase_starts` finds a letter's words with str.find
    (a list of strings where an initial changes length in lower case, and where a capital sigma would be
    lowered by its neighbours in a string)."""
    key = ("acronyms", "phrase words")
    if key not in doc.memo:
        blocks = []
        for block in doc.blocks:
            words = _WORD_PARTS.findall(block.text)
            raw = "".join(_WORD_INITIALS.findall(block.text))
            joined = raw.lower()
            blocks.append((words, joined if len(joined) == len(words) and "Σ" not in raw
                           else [w[0].lower() for w in words]))
        doc.memo[key] = blocks
    return doc.memo[key]


def _phrase_starts(doc: Document, pair: str) -> list[tuple[int, int]]:
    """(block, word) of each word where the pair of initials `pair` starts: a word's first letter with that of
    the next word that is not a linking word, or of the linking word itself ("Continuum of Care": c-c and
    c-o), in text order; found once per document and pair. Each acronym then looks only where its first two
    letters start a phrase, and only the words starting with its first letter are read."""
    key = ("acronyms", "phrase starts", pair)
    if key in doc.memo:
        return doc.memo[key]
    found = []
    linking = _LINKING
    blocks = _phrase_words(doc)
    for block_index, i in _initial_starts(doc, pair[:1]):
        words, initials = blocks[block_index]
        if words[i].lower() in linking:
            continue
        # the next word's initial, and across linking words those of the two after it
        for j in range(i + 1, min(i + 4, len(words))):
            if initials[i] + initials[j] == pair:
                found.append((block_index, i))
                break
            if words[j].lower() not in linking:
                break
    doc.memo[key] = found
    return found


def _initial_starts(doc: Document, first: str) -> list[tuple[int, int]]:
    """(block, word) of each word whose initial begins with the character `first`, in text order: found once
    per document and character (so a document asked about many acronyms reads its blocks a few dozen times
    at most, whatever its length), with str.find where a block's initials are one string."""
    key = ("acronyms", "initial starts", first)
    if key not in doc.memo:
        found = []
        for block_index, (_words, initials) in enumerate(_phrase_words(doc)):
            if isinstance(initials, str):
                at = initials.find(first)
                while at >= 0:
                    found.append((block_index, at))
                    at = initials.find(first, at + 1)
            else:
                found.extend((block_index, i) for i, initial in enumerate(initials) if initial[:1] == first)
        doc.memo[key] = found
    return doc.memo[key]


def _word_spans(doc: Document, block_index: int) -> list[tuple[int, int]]:
    """[start, end) of each word of `_phrase_words`'s words of a block, found once per block when first asked."""
    key = ("acronyms", "word spans", block_index)
    if key not in doc.memo:
        doc.memo[key] = [m.span() for m in _WORD_PARTS.finditer(doc.blocks[block_index].text)]
    return doc.memo[key]


def _initial_phrases(doc: Document, token: str, first_block: int, last_block: int,
                     before: int | None = None) -> Iterator[tuple[int, int, int, bool, bool]]:
    """(block, start, end, written as a name, followed by a stray closing bracket) of each run of words in blocks
    `first_block` to `last_block`, in order (in the last, ending before `before` when given), whose first letters
    spell the acronym."""
    written = [c for c in singular(token) if c.isalpha()]
    letters = [c.lower() for c in written]
    if not 2 <= len(letters) <= 8:
        return
    blocks = _phrase_words(doc)
    starts = _phrase_starts(doc, letters[0] + letters[1])
    for position in range(bisect.bisect_left(starts, (first_block, -1)), len(starts)):  # sorted: from first_block on
        block_index, i = starts[position]
        if block_index > last_block:
            break
        words, text = blocks[block_index][0], doc.blocks[block_index].text
        matched, j = 0, i
        while j < len(words) and matched < len(letters):
            word = words[j]
            if word.lower() in _LINKING and matched and not (
                    written[matched].islower() and word[0].lower() == letters[matched]):
                j += 1  # a linking word gives a letter only where the acronym writes it small: CoC, Continuum of Care
                continue
            if word[0].lower() != letters[matched] or (word.isupper() and len(word) > 1):
                break  # an acronym inside the phrase is not its spelled-out form; an initial (U S) is
            matched, j = matched + 1, j + 1
        if matched < len(letters):
            continue
        phrase = words[i:j]
        spans = _word_spans(doc, block_index)
        long_start, long_end = spans[i][0], spans[j - 1][1]
        if before is not None and block_index == last_block and long_end > before:
            continue
        content = [w for w in phrase if w.lower() not in _LINKING]
        stray = _STRAY_CLOSING.match(text, long_end) is not None and (
            text.rfind("(", 0, long_start) <= text.rfind(")", 0, long_start)) and (
            len(letters) >= 3 and all(zipf(w) < STRAY_MAX_ZIPF for w in content))
        # a stray bracket is strong evidence ("alternate care sites )"), though not after "these actions )";
        # otherwise very common words spell short acronyms by chance
        if not stray and any(zipf(w) >= SPELLED_OUT_MAX_ZIPF for w in content):
            continue
        named = all(w[0].isupper() for w in phrase if w.lower() not in _LINKING)
        yield block_index, long_start, long_end, named, stray


def _sentence_index(doc: Document, index: int, position: int) -> int:
    """Index in block `index`'s sentences of the last sentence starting at or before `position` (-1: none),
    by bisection over starts kept once per block: a long block has thousands of sentences."""
    key = ("acronyms", "sentence starts", index)
    if key not in doc.memo:
        doc.memo[key] = [s.start for s in doc.blocks[index].sentences]
    return bisect.bisect_right(doc.memo[key], position) - 1


def _nearby_blocks(doc: Document, index: int, start: int) -> tuple[int, int]:
    """(block, offset) from which a lower-case spelled-out form counts as near the first use."""
    block = doc.blocks[index]
    count = _sentence_index(doc, index, start) + 1  # sentences starting at or before the first use
    if count > NEARBY_SENTENCES:
        return index, block.sentences[count - 1 - NEARBY_SENTENCES].start
    if index > 0 and doc.blocks[index - 1].sentences:
        return index - 1, doc.blocks[index - 1].sentences[-1].start
    return index, 0


def _listed_expansion(doc: Document, token: str, index: int, start: int,
                      expansions: tuple[str, ...]) -> tuple[int, Definition] | None:
    """A listed expansion written out, as whole words, anywhere before the first use."""
    if not expansions:
        return None
    folded_blocks, joined, offsets = _folded_blocks(doc)
    # Blocks before the first that holds an expansion anywhere (whole word or not) cannot hold one as whole words:
    # one search of the joined text finds where to start, so an acronym costs no read of every block before it.
    limit = offsets[index] - 1 if index < len(offsets) else len(joined)
    hits = [at for at in (joined.find(e.casefold(), 0, max(0, limit)) for e in expansions) if at >= 0]
    first = bisect.bisect_right(offsets, min(hits)) - 1 if hits else index
    for block_index in range(first, index + 1):
        block = doc.blocks[block_index]
        text = block.text[:start] if block_index == index else block.text
        folded = text.casefold() if block_index == index else folded_blocks[block_index]
        for expansion in expansions:
            wanted = expansion.casefold()
            at = folded.find(wanted)
            while at >= 0:
                end = at + len(wanted)
                if end < len(folded) and folded[end] == "s":
                    end += 1  # a plural: "alternate care sites"
                if (at == 0 or not folded[at - 1].isalnum()) and (end == len(folded) or not folded[end].isalnum()):
                    long = text[at:end]
                    return block_index, Definition(token, long, at, end, at, end)
                at = folded.find(wanted, at + 1)
    return None


def _folded_blocks(doc: Document) -> tuple[list[str], str, list[int]]:
    """The blocks' texts casefolded, once per document; and joined by line ends, with where each one starts."""
    key = ("acronyms", "folded blocks")
    if key not in doc.memo:
        folded = [block.text.casefold() for block in doc.blocks]
        offsets, at = [], 0
        for text in folded:
            offsets.append(at)
            at += len(text) + 1
        doc.memo[key] = (folded, "\n".join(folded), offsets)
    return doc.memo[key]


_BETWEEN_FORMS = frozenset("or as also called known abbreviated formerly short for the ie".split())


def _mixed_case_in_sentence(doc: Document, token: str, index: int, start: int) -> tuple[int, Definition] | None:
    """"referred to as 2019 novel coronavirus, or 2019-nCoV": a mixed-case short form whose letters are found,
    in order, in the words just before it in its own sentence (Schwartz and Hearst's matching)."""
    core = singular(token)
    if not any(c.islower() for c in core) or not core[0].isalpha():
        return None
    block = doc.blocks[index]
    sentence = block.sentence_at(start)
    if sentence is None:
        return None
    before = block.text[sentence.start:start]
    words = list(re.finditer(r"[^\W_][\w\-]*", before))
    # the long form may end a few words before the short form: "X" or "2019-nCoV"
    for skip in range(0, min(4, len(words))):
        end = words[len(words) - 1 - skip].end()
        gap = {w.casefold() for w in re.findall(r"[^\W\d_]+", before[end:])}
        if not gap <= _BETWEEN_FORMS:
            break  # other words between them: "Pregnant people can take PrEP" spells nothing
        candidate = before[:end]
        long = best_long_form(core, candidate)
        if long and valid_pair(core, long) and len(long.split()) <= len(core) + 1:
            long_start = sentence.start + end - len(long)
            return index, Definition(token, long, long_start, sentence.start + end, long_start, sentence.start + end)
    return None


def _same_case(short: str, key: str, pack: AcronymPack) -> bool:
    """Whether the pack's expansions are this acronym's: CoC (a Continuum of Care) is not COC (a combined oral
    contraceptive), nor EGFR eGFR. The case of a numbered suffix or a plural does not matter."""
    listed = (pack.written or {}).get(key)
    if not listed:
        return True
    letters = [c for c in short if c.isalpha()]
    return any([c for c in form if c.isalpha()] == letters for form in listed) or not any(
        c.islower() for c in letters) and all(not any(c.islower() for c in form) for form in listed)


_GENERIC_WORDS = frozenset(
    "acute chronic disease syndrome disorder infection test tests therapy treatment virus medicine health care "
    "department national united states state system unit service services centre center".split())


def _senses_used(doc: Document, expansions: tuple[str, ...]) -> tuple[str, ...]:
    """The listed expansions to offer, best first. An acronym with one meaning keeps its list. One with
    several (HHS: a diabetes emergency or a US government department; ACS) offers the meanings whose
    distinctive words the article uses, most used first, and none when it uses none of them: a wrong
    expansion is worse than no suggestion."""
    senses: list[list[str]] = []
    for expansion in expansions:
        words = _distinctive(expansion)
        for sense in senses:
            if words & set().union(*(_distinctive(e) for e in sense)):
                sense.append(expansion)
                break
        else:
            senses.append([expansion])
    if len(senses) <= 1:
        return expansions
    vocabulary = _document_words(doc)
    scored = [(sum(w in vocabulary for w in set().union(*(_distinctive(e) for e in sense))), n, sense)
              for n, sense in enumerate(senses)]
    scored = [item for item in scored if item[0] > 0]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return tuple(e for _, _, sense in scored for e in sense)


def _distinctive(expansion: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", expansion.casefold()) if w not in _GENERIC_WORDS}


def _document_words(doc: Document) -> frozenset[str]:
    key = ("acronyms", "words")
    if key not in doc.memo:
        doc.memo[key] = frozenset(w.text.casefold() for block in doc.blocks for w in block.words)
    return doc.memo[key]


def _family(key: str, definitions, glossary, known) -> str:
    """HIV-1 and HIV-2 are covered by a definition of HIV: the key without a numbered suffix,
    when that one is defined, known or in the glossary and the numbered one is not."""
    if key in definitions or key in glossary or key in known:
        return key
    base = re.sub(r"-\d+$", "", key)
    return base if base != key and (base in definitions or base in glossary or base in known) else key


def _same_sentence(doc: Document, index: int, start: int, other_index: int, other_start: int) -> bool:
    if index != other_index:
        return False
    sentence = doc.blocks[index].sentence_at(start)
    return sentence is not None and sentence.start <= other_start < sentence.end


def _describe(doc: Document, key: str, index: int, start: int, end: int, written: str,
              defined: tuple[int, Definition] | None, glossary: Mapping[str, tuple[str, str]],
              known: frozenset[str], pack: AcronymPack, first_in_text: tuple[int, int, int] | None = None,
              own_key: str | None = None) -> AcronymUse:
    block = doc.blocks[index]
    use_start, use_end = block.source_offset(start), block.source_end(end)
    short = singular(written)
    listed = _senses_used(doc, pack.expansions.get(key, ())) if _same_case(short, key, pack) else ()
    text_span = None
    if first_in_text is not None:
        text_block = doc.blocks[first_in_text[0]]
        text_span = (text_block.source_offset(first_in_text[1]), text_block.source_end(first_in_text[2]))
    explained_at = _explained_at(doc, (index, start, end), first_in_text)
    if defined is not None:
        def_index, definition = defined
        def_offset = doc.blocks[def_index].source_offset(definition.short_start)
        # a definition later in the same sentence is at first use: "The HPV vaccine protects against human
        # papillomavirus (HPV)"
        on_time = def_offset <= use_start or _same_sentence(doc, index, start, def_index, definition.short_start)
        flagged = None
        if not on_time and _heading_like(block) and index < def_index < doc.next_heading(index):
            # A heading's acronym may be defined under that heading, but not after the text has used
            # it: then the text's first use is the one to fix.
            on_time = text_span is None or def_offset <= text_span[0] or (
                _same_sentence(doc, first_in_text[0], first_in_text[1], def_index, definition.short_start))
            flagged = None if on_time else text_span
        long = definition.long
        if own_key is not None and own_key != key:
            # HIV-1 covered by a definition of HIV: its own expansion is not HIV's
            own = pack.expansions.get(own_key, ())
            long = own[0] if own else definition.long
        if not on_time and explained_at is not None:
            return AcronymUse(short, long, use_start, use_end, explained_at, "explained", written)
        if not on_time and (own_key or key) in known:
            # readers know it (NICE: "do not define HIV"): spelling it out late does them no harm
            return AcronymUse(short, long, use_start, use_end, def_offset, "known", written)
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


_REST_OF_WORD = re.compile(r"[\w\-]*")  # "SARS" of "SARS-Cov-2": the explanation follows the whole word
# "'CO' stands for 'corona'", "SARS-CoV-2, the cause of COVID-19", "SARS-CoV-2, the virus that causes COVID-19"
_SAYS_WHAT_IT_IS = re.compile(
    r"['\"’”]?\s*(?:(?:stands?|is\s+short|is\s+an\s+abbreviation)\s+for\b|,\s*(?:the|a|an)\s+(?:[a-z\-]+\s+){0,2}"
    r"(?:that|which|who|of|for)\b)")


def _explained_at(doc: Document, first: tuple[int, int, int],
                  first_in_text: tuple[int, int, int] | None) -> int | None:
    """Source offset of the first use, or of the text's first use after a heading, when the words
    around it explain it ("CD4 cells (a type of white blood cell)", "PEP, which is medicine ...")."""
    for where in dict.fromkeys(w for w in (first, first_in_text) if w is not None):
        index, start, end = where
        block = doc.blocks[index]
        sentence_index = _sentence_index(doc, index, start)
        if sentence_index < 0 or start >= block.sentences[sentence_index].end:
            continue
        sentence = block.sentences[sentence_index]
        following = block.sentences[sentence_index + 1].text if sentence_index + 1 < len(block.sentences) else ""
        ends = [end]
        noun = _NOUN_AFTER.match(block.text, end, sentence.end)
        if noun:
            ends.append(noun.end())
        word_end = _REST_OF_WORD.match(block.text, end).end()
        if _SAYS_WHAT_IT_IS.match(block.text, word_end, sentence.end):
            return block.source_offset(start)
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
    expansions, digits and hyphens (HIV-1, IL-2), square and nested brackets, Greek letters
    and link text all work. The finding lands on the first use and, when the definition
    comes later, says on which line it is; later in the same sentence is still at first use
    ("The HPV vaccine protects against human papillomavirus (HPV)"). An acronym first used in
    a heading may be defined in the text under that heading, before the text uses it.

    Other ways of saying what it is count too: a plain explanation at first use ("CD4 cells
    (a type of white blood cell)", "PEP, which is medicine you take after sex", "cells called
    CD4 cells", "'CO' stands for corona", "SARS-CoV-2, the virus that causes COVID-19"); a
    name spelled out earlier without brackets ("the Fish and Wildlife Service ... the FWS"),
    when its words are capitalised as a name, it is a listed expansion, it is followed by a
    stray closing bracket (a page whose "(PPE)" lost all but its ")"), or it stands in the
    sentence of the first use or the one before. An ordinary lower-case phrase further away
    whose initials happen to spell the letters ("simple preventive steps" for SPS) does not.

    Not acronyms: Roman numerals (II, IV), units (mmHg, mL, IU), codes that mix letters and
    digits (strains NL63 and H1N1, N95, HbA1c, 1e3IU; listed ones such as CD4 and FEV1 still
    count), words of a longer name or title (NHS Inform, NI Direct, "Testing for SARS-CoV-2"),
    dotted names (GOV.UK), product names (EpiPen), ordinary words in capitals for emphasis or as
    a label (NOT, NEVER, UPDATE:), sentences and headings written in capitals (style.all-caps
    reports those), code and URLs.

    Acronyms general readers know better than their expansion need no definition (nor is it
    a fault to spell one out late): the `acronyms` pack lists them, following public style
    guides (NICE: UK, US, NHS, GP, DNA, MRI, CT, HIV, AIDS, UV; GOV.UK: EU, VAT, MP, DVLA) and
    public-health agencies known by their initials (CDC, FDA, EPA, WHO). Nor does the page's
    own publisher: an acronym in front matter (`publisher`, `author`, `site` ...), after the
    last separator of the title ("Hand washing | CDC") or in a copyright or source line.
    A suggested expansion comes from the text, the glossary or the pack; an acronym with
    several meanings (HHS) gets the one whose words the article uses, or none, and a pack
    entry is not offered for a form written in another case (CoC is not COC).

    Options: `known`, a list of further acronyms your readers know (a US agency might add
    CMS); `glossary`, a file of accepted definitions, relative to the configuration file, one
    `SHORT: long form` per line with `#` comments. An article can list its own in front
    matter: `reviewer: {known_acronyms: [ICU]}`.

    A form used only once is better written in full with no acronym at all, and the message
    says so. A block of nothing but short questions (an FAQ's question, a page's list of its
    questions) counts as a heading: the answer under it may define the acronym.

    Measured on 68 real CDC pages (83,594 words; benchmarks/precision): 18 findings (0.22 per
    1,000 words), every one judged, all 18 worth an editor's time; before issue 11, 107
    findings (1.3 per 1,000 words) at 8%. Pages we have not measured (UK pages especially)
    may show false alarms these did not.
    """
    for use in analyse_acronyms(doc, options, context):
        if use.status not in ("late", "undefined"):
            continue
        written = _without_possessive(use.written)
        definition = f"{_plural_like(use.long, written)} ({written})" if use.long else None
        start, end = use.finding_span
        if use.status == "late":
            use_line, def_line = doc.line_col(start)[0], doc.line_col(use.definition)[0]
            where = "later on the same line" if use_line == def_line else f"on line {def_line}"
            message = f"{use.written} is used on line {use_line} but defined {where}: define it at first use"
        elif use.times == 1:
            # used once: the acronym saves nothing, and NICE and GOV.UK style ask for the words instead
            definition = _plural_like(use.long, written) if use.long else None
            hint = f" ('{definition}')" if definition else ""
            message = (f"{use.written} is used once and never spelled out: write the words in full instead{hint}, "
                       "or say in plain words what it is")
        else:
            hint = f", for example '{definition}'" if definition else " with the short form in brackets"
            message = f"{use.written} is never spelled out: write it in full the first time{hint}"
        yield doc.finding(start, end, message, suggestion=definition)


def _without_possessive(written: str) -> str:
    """"CDC" for CDC's: the definition names the thing, "Centers for Disease Control and Prevention (CDC)"."""
    for ending in ("'s", "’s", "'", "’"):
        if written.endswith(ending) and len(written) > len(ending) + 1:
            return written[: -len(ending)]
    return written


def _plural_like(long: str, written: str) -> str:
    """"liver function test" for LFT, "liver function tests" for LFTs."""
    plural = singular(written) != written and written[-1] == "s" and not written.endswith(("'s", "’s"))
    return long + "s" if plural and not long.endswith("s") else long
