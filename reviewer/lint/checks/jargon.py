"""Jargon: medical words a lay reader may not know, used without a plain explanation."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from reviewer.document import Block, Document
from reviewer.document.spans import SpanSet
from reviewer.language.explained import explanation
from reviewer.language.lexicon.frequency import DICTIONARY_ONLY, zipf
from reviewer.language.vocabulary import find_phrases, jargon_lexicon, medical_words
from reviewer.lint.finding import Finding
from reviewer.lint.registry import Context, rule

# The rarity signal: a word the lexicon lacks is reported only when it looks medical
# (these endings and beginnings) and is uncommon in general English, or when it is a
# long dictionary word never seen in everyday use. Both measured on the sample articles.
MEDICAL_MORPHOLOGY = re.compile(
    r"(?:itis|osis|oses|aemia|emia|ectomy|otomy|ostomy|opathy|algia|plasty|plegia|penia|uria|"
    r"rrhoea|rrhea|rrhage|scopy|ectasis|megaly|phagia|phasia|pnoea|pnea|lysis|genic|trophy|cytes?|"
    r"ologist|oma|omas|omata)$"
    r"|^(?:hyper|hypo|nephro|cardio|hepato|neuro|gastro|haemo|hemo|angio|arthro|broncho|cysto|derma|"
    r"dermato|encephal|entero|erythro|glyco|leuk|leuc|myo|osteo|patho|pneumo|pulmo|thrombo|vaso|brady|"
    r"tachy|dys|cholecyst|oesophag|esophag|laparo|endo(?:crin|metri|scop))[a-z]{3,}"
)
MORPHOLOGY_MAX_ZIPF = 3.0  # "renal" 3.1 and "diagnosis" 4.3 are common enough; "nephritis" is not
RARE_MIN_LENGTH = 9  # dictionary-only words shorter than this are mostly everyday (ghee, lard)
COMPOUND_PART_ZIPF = 3.0  # "wholegrain" = whole + grain: both parts common, so not jargon








@dataclass(frozen=True)
class TermUse:
    """One jargon term of one document: first use, and where (if anywhere) it is explained.

    `status` is "explained" (at or before first use), "late" (only after it) or "unexplained".
    Offsets are source offsets.
    """

    term: str
    plain: str | None
    first_use: int
    first_use_end: int
    explained_at: int | None
    status: str
    how: str | None = None
    written: str = ""  # the term as first written ("comorbidities" for comorbidity)
    # where a "late" finding lands when that is not the first use: a heading's term may be
    # explained under the heading, so the text's own first use, before that explanation, is at fault
    flagged: tuple[int, int] | None = None

    @property
    def finding_span(self) -> tuple[int, int]:
        return self.flagged or (self.first_use, self.first_use_end)


# --------------------------------------------------------------------------- phrases












# --------------------------------------------------------------------------- the lexicon








# --------------------------------------------------------------------------- rarity


def _is_compound_of_common_words(word: str) -> bool:
    return any(zipf(word[:i]) >= COMPOUND_PART_ZIPF and zipf(word[i:]) >= COMPOUND_PART_ZIPF
               for i in range(3, len(word) - 2))


_DERIVATIONAL_SUFFIXES = ("ly", "ness", "ment", "less", "ful", "ity", "ing", "ed", "er", "es", "s")


def _is_derived_from_common_word(word: str) -> bool:
    """"misleadingly" is "misleading" + ly: rare as a string, but built on a word seen in use."""
    for suffix in _DERIVATIONAL_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            stem = word[: -len(suffix)]
            stems = (stem, stem + "e", stem[:-1] + "y" if stem.endswith("i") else stem)
            if any(zipf(s) > DICTIONARY_ONLY for s in stems):
                return True
    return False


@functools.lru_cache(maxsize=65536)
def looks_like_jargon(word: str, medical_words: frozenset[str] = frozenset()) -> bool:
    """True for a lower-case word the lexicon lacks that general readers probably do not know.

    Either it has medical morphology (nephritis, cholangitis) and is uncommon in general
    English (Zipf below 3), or it is a long word listed only in a dictionary and never seen
    in everyday use, and not two common words run together (wholegrain). A word missing from
    the general list counts only if the medical word list knows it: otherwise it is more
    likely a typo, which spelling.unknown reports.
    """
    if not word.isalpha() or not word.islower():
        return False
    frequency = zipf(word)
    if frequency == 0.0 and word not in medical_words:
        return False
    if MEDICAL_MORPHOLOGY.search(word) and len(word) >= 7:
        return frequency < MORPHOLOGY_MAX_ZIPF
    return (frequency == DICTIONARY_ONLY and len(word) >= RARE_MIN_LENGTH
            and not _is_compound_of_common_words(word) and not _is_derived_from_common_word(word))


def _lemma(word: str) -> str:
    """Group a plural with its singular for reporting: "comorbidities" -> "comorbidity"."""
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "is", "us")) and len(word) > 4:
        return word[:-1]
    return word


# --------------------------------------------------------------------------- analysis


@dataclass(frozen=True)
class _Occurrence:
    block_index: int
    start: int
    end: int


def _sentence_around(block: Block, start: int) -> tuple[int, int, str]:
    """(start, end) of the sentence holding `start`, and the text of the next sentence."""
    sentences = block.sentences
    for index, sentence in enumerate(sentences):
        if sentence.start <= start < sentence.end:
            following = sentences[index + 1].text if index + 1 < len(sentences) else ""
            return sentence.start, sentence.end, following
    return 0, len(block.text), ""


def _links_to_glossary(doc: Document, offset: int, prefix: str) -> bool:
    return bool(prefix) and any(link.start <= offset < link.dest_start and link.destination.startswith(prefix)
                                for link in doc.links if not link.image)


def _is_name(block: Block, start: int, word: str) -> bool:
    """Capitalised and not the first word of its sentence: a name (Okafor, Higgins)."""
    if not word[:1].isupper():
        return False
    sentence_start, _, _ = _sentence_around(block, start)
    prefix = block.text[sentence_start:start]
    return bool(re.search(r"\w", prefix))


def analyse_jargon(doc: Document, options: Mapping[str, object], context: Context) -> list[TermUse]:
    """Every jargon term of the document with its first use and where it is explained."""
    allow = tuple(str(a).lower() for a in options.get("allow") or ())
    prefix = str(options.get("glossary_url_prefix") or "")
    use_rarity = bool(options.get("rarity", True))
    memo_key = ("jargon", allow, prefix, use_rarity, context.packs.folders)
    if memo_key in doc.memo:
        return doc.memo[memo_key]
    lexicon = jargon_lexicon(context.packs)
    medical = medical_words(context.packs) if use_rarity else frozenset()
    allowed = set(allow) | lexicon.everyday

    occurrences: dict[str, list[_Occurrence]] = {}
    plain: dict[str, str | None] = {}
    names: dict[str, str] = {}
    for index, block in enumerate(doc.blocks):
        taken: list[tuple[int, int]] = []
        for start, end, term in find_phrases(block, lexicon.terms):
            taken.append((start, end))
            key = term.name.lower()
            if key in allowed or (_is_name(block, start, block.text[start:end]) and term.name[:1].islower()):
                continue  # allowed, or part of a name: the Cardiology Clinic
            occurrences.setdefault(key, []).append(_Occurrence(index, start, end))
            plain[key] = term.plain
            names.setdefault(key, term.name)
        if not use_rarity:
            continue
        covered = SpanSet(taken)
        for word in block.words:
            if covered.covers(word.start):
                continue
            lowered = word.text.lower()
            if not looks_like_jargon(lowered, medical):  # the cheap, memoised test first: most words stop here
                continue
            if not (lowered in allowed or _lemma(lowered) in allowed or _is_name(block, word.start, word.text)):
                key = _lemma(lowered)
                occurrences.setdefault(key, []).append(_Occurrence(index, word.start, word.end))
                plain.setdefault(key, None)
                names.setdefault(key, lowered)

    uses = [_describe(doc, names[key], plain[key], found, prefix) for key, found in occurrences.items()]
    uses.sort(key=lambda u: u.first_use)
    doc.memo[memo_key] = uses
    return uses


def _describe(doc: Document, name: str, plain: str | None, found: list[_Occurrence], prefix: str) -> TermUse:
    first = found[0]
    first_block = doc.blocks[first.block_index]
    first_start = first_block.source_offset(first.start)
    first_end = first_block.source_end(first.end)
    written = first_block.text[first.start : first.end]
    used_in_text: tuple[int, int] | None = None  # the first unexplained use outside headings
    for occurrence in found:
        block = doc.blocks[occurrence.block_index]
        sentence_start, sentence_end, following = _sentence_around(block, occurrence.start)
        how = explanation(block.text, occurrence.start, occurrence.end, sentence_start, sentence_end, following)
        if how is None and _links_to_glossary(doc, block.source_offset(occurrence.start), prefix):
            how = "glossary link"
        if how is None:
            if used_in_text is None and block.kind != "heading":
                used_in_text = (block.source_offset(occurrence.start), block.source_end(occurrence.end))
            continue
        explained_at = block.source_offset(occurrence.start)
        # A heading's term may be explained under that heading, but not after the text has used it.
        on_time = occurrence is first or (
            first_block.kind == "heading" and used_in_text is None
            and first.block_index < occurrence.block_index < doc.next_heading(first.block_index))
        flagged = used_in_text if first_block.kind == "heading" and not on_time else None
        return TermUse(name, plain, first_start, first_end, explained_at, "explained" if on_time else "late", how,
                       written, flagged)
    return TermUse(name, plain, first_start, first_end, None, "unexplained", None, written)


# --------------------------------------------------------------------------- the rule


@rule("jargon.undefined", "warning", options={"allow": [], "glossary_url_prefix": "", "rarity": True},
      example="Over many years, diabetes can lead to nephropathy.\n")
def undefined_jargon(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A medical term a lay reader may not know, used without a plain explanation.

    Words such as nephropathy, asymptomatic or comorbidity stop a reader who has no medical
    training. Use plain words instead, or explain the term where it first appears:
    "nephropathy (kidney damage)", "kidney damage (nephropathy)", "creatinine, which is a
    waste product", "X is a ...", "X means ...", "called X", "known as X", or a next
    sentence "This is ...". The finding lands on the first use and offers a plain
    alternative when the `jargon` rule pack has one; when the explanation comes later it
    says on which line. A term first used in a heading may be explained under that heading.

    Terms come from the `jargon` pack (several hundred medical terms with plain alternatives,
    seeded from the CDC Plain Language Thesaurus) and, for words the pack lacks, from rarity
    in general English: a word with medical endings or beginnings (-itis, -osis, -aemia,
    -ectomy, -opathy, hyper-, nephro-...) that is uncommon in everyday English, or a long
    dictionary word never seen in everyday use. Names (capitalised in mid-sentence), numbers,
    units, code and URLs are never reported.

    Options: `allow`, terms your readers know (they are never reported); `glossary_url_prefix`,
    an address prefix (such as "/glossary/") whose links count as explaining the linked
    term; `rarity` (default true), set false to report only terms in the pack. A project
    pack `jargon.yml` can add terms, or mark words `kind: everyday` to silence them.
    """
    for use in analyse_jargon(doc, options, context):
        if use.status == "explained":
            continue
        alternative = f": use plain words such as '{use.plain}'" if use.plain else ": explain it in plain words"
        start, end = use.finding_span
        written = doc.source[start:end] if use.flagged else use.written
        if use.status == "late":
            line = doc.line_col(use.explained_at)[0]
            message = (f"'{written}' is explained on line {line}, after its first use on line "
                       f"{doc.line_col(start)[0]}: explain it at first use")
        else:
            message = f"'{use.written}' may be unfamiliar to readers and is not explained{alternative}"
        yield doc.finding(start, end, message, suggestion=use.plain)
