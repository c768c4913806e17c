"""Jargon: medical words a lay reader may not know, used without a plain explanation."""

from __future__ import annotations

import bisect
import functools
import os
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from reviewer.document import Block, Document
from reviewer.document.spans import SpanSet
from reviewer.language.explained import explanation
from reviewer.language.lexicon.frequency import zipf
from reviewer.language.vocabulary import PhraseIndex, build_index, find_phrases, jargon_lexicon, medical_words
from reviewer.lint.finding import Finding
from reviewer.lint.registry import Context, rule

# The rarity signal: a word the lexicon lacks is reported only when it looks medical
# (these endings and beginnings) and is uncommon in general English.
MEDICAL_MORPHOLOGY = re.compile(
    r"(?:itis|osis|oses|aemia|emia|ectomy|otomy|ostomy|opathy|algia|plasty|plegia|penia|uria|"
    r"rrhoea|rrhea|rrhage|scopy|ectasis|megaly|phagia|phasia|pnoea|pnea|lysis|genic|trophy|cytes?|"
    r"ologist|oma|omas|omata)$"
    r"|^(?:hyper|hypo|nephro|cardio|hepato|neuro|gastro|haemo|hemo|angio|arthro|broncho|cysto|derma|"
    r"dermato|encephal|entero|erythro|glyco|leuk|leuc|myo|osteo|patho|pneumo|pulmo|thrombo|vaso|brady|"
    r"tachy|dys|cholecyst|oesophag|esophag|laparo|endo(?:crin|metri|scop))[a-z]{3,}"
)
MORPHOLOGY_MAX_ZIPF = 3.0  # "renal" 3.1 and "diagnosis" 4.3 are common enough; "nephritis" is not
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


# --------------------------------------------------------------------------- rarity


def _is_compound_of_common_words(word: str) -> bool:
    return any(zipf(word[:i]) >= COMPOUND_PART_ZIPF and zipf(word[i:]) >= COMPOUND_PART_ZIPF
               for i in range(3, len(word) - 2))


@functools.lru_cache(maxsize=65536)
def looks_like_jargon(word: str, medical_words: frozenset[str] = frozenset()) -> bool:
    """True for a lower-case word the lexicon lacks that general readers probably do not know.

    It has medical morphology (nephritis, cholangitis), is uncommon in general English (Zipf
    below 3) and is not two common words run together (wholegrain). A word missing from the
    general list counts only if the medical word list knows it: otherwise it is more likely a
    typo, which spelling.unknown reports.
    """
    if not word.isalpha() or not word.islower():
        return False
    frequency = zipf(word)
    if frequency == 0.0 and word not in medical_words:
        return False
    # Two signals together, never rarity alone: on real pages long words seen only in dictionaries were
    # mostly everyday English (videoconferencing, unexpired, unfeasible): 1 in 10 was jargon.
    return bool(MEDICAL_MORPHOLOGY.search(word)) and len(word) >= 7 and frequency < MORPHOLOGY_MAX_ZIPF \
        and not _is_compound_of_common_words(word)


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
    name: str = ""  # the entry found here ("titration"), which may differ from the family's first ("titrate")
    plain: str | None = None


def _sentence_index(doc: Document, block: Block, start: int) -> int | None:
    """Index in `block.sentences` of the sentence holding `start`, by bisection (a long block has thousands)."""
    key = ("jargon", "sentence starts", id(block))
    if key not in doc.memo:
        doc.memo[key] = [sentence.start for sentence in block.sentences]
    index = bisect.bisect_right(doc.memo[key], start) - 1
    return index if index >= 0 and start < block.sentences[index].end else None


def _next_block_in_section(doc: Document, index: int) -> Block | None:
    """The prose block after block `index` when it reads on from it: under the same heading (or under
    block `index` itself when that is the heading), not a heading, not another cell of a table."""
    if index + 1 >= len(doc.blocks):
        return None
    block, following = doc.blocks[index], doc.blocks[index + 1]
    if following.kind == "heading" or following.kind == "table_cell" or block.kind == "table_cell":
        return None
    if following.section != (index if block.kind == "heading" else block.section):
        return None
    return following


def _sentence_around(doc: Document, index: int, start: int) -> tuple[int, int, str]:
    """(start, end) of the sentence holding `start` in block `index`, and the text of the next sentence: the
    next one in the block, or the first of the next block when the term ends its block (a heading, a line)."""
    block = doc.blocks[index]
    sentences = block.sentences
    position = _sentence_index(doc, block, start)
    if position is None:
        return 0, len(block.text), ""
    sentence = sentences[position]
    if position + 1 < len(sentences):
        return sentence.start, sentence.end, sentences[position + 1].text
    following = _next_block_in_section(doc, index)
    return sentence.start, sentence.end, following.sentences[0].text if following and following.sentences else ""


def _link_at(doc: Document, offset: int):
    """The link (not an image) whose text holds source offset `offset`, if any: found by bisection, so a page
    of thousands of links costs no rescan per term."""
    key = ("jargon", "links")
    if key not in doc.memo:
        links = sorted((link for link in doc.links if not link.image), key=lambda link: link.start)
        doc.memo[key] = ([link.start for link in links], links)
    starts, links = doc.memo[key]
    index = bisect.bisect_right(starts, offset) - 1
    return links[index] if index >= 0 and offset < links[index].dest_start else None


def _links_to_glossary(doc: Document, offset: int, prefix: str) -> bool:
    link = _link_at(doc, offset) if prefix else None
    return link is not None and link.destination.startswith(prefix)


def _links_to_its_page(doc: Document, offset: int, names: tuple[str | None, ...]) -> bool:
    """The term is the text of a link to a page about it: the address names it, or its plain words
    ("[angina](/conditions/angina/)", "[hypertension](/conditions/high-blood-pressure/)"). Health sites
    explain a term on its own page."""
    link = _link_at(doc, offset)
    if link is None or link.autolink:
        return False
    slugs = {re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") for name in names if name}
    path = re.sub(r"^[a-z]+://[^/]+", "", link.destination.lower()).split("?")[0].split("#")[0]
    segments = [re.sub(r"\.[a-z]+$", "", segment) for segment in path.split("/") if segment]
    return any(segment == slug or segment.startswith(slug + "-") or segment.endswith("-" + slug)
               for segment in segments for slug in slugs if slug)


def _is_name(block: Block, start: int, end: int) -> bool:
    """Part of a name: capitalised and not the first word of its sentence (Okafor, the Cardiology Clinic), or
    at the start of a sentence but one of a run of capitalised words (Chronic Pain Ireland, Renal Association)."""
    word = block.text[start:end]
    if not word[:1].isupper():
        return False
    sentence = block.sentence_at(start)
    sentence_start = sentence.start if sentence else 0
    if re.search(r"\w", block.text[sentence_start:start]):
        return True
    return block.kind != "heading" and bool(_CAPITALISED_NEXT.match(block.text, end))


_CAPITALISED_NEXT = re.compile(r"(?:\s+(?:of|and|for|the|&))*\s+[A-Z][a-z]+")

# ------------------------------------------------------------ words that are part of something else

_ACRONYM_AFTER = re.compile(r"\(\s*([A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*?)s?\s*\)")
_ACRONYM_BEFORE = re.compile(r"\b([A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*?)s?\s*\(([^()]{4,120})\)")
MAX_ACRONYM_LETTERS = 12
_LINK_WORDS = frozenset("of and the for in to on with by a an at from".split())


def _initials_match(words: list[str], letters: str) -> bool:
    """Do these words spell the acronym's capitals ("severe acute respiratory syndrome" -> SARS)? Small
    words may be left out, and each part of a hyphenated word may give a letter (pre-exposure prophylaxis)."""
    wanted = list(letters.lower())
    for word in words:
        parts = [part for part in word.split("-") if part]
        if wanted and parts and parts[0][0].lower() == wanted[0]:
            wanted.pop(0)
            for part in parts[1:]:
                if wanted and part[0].lower() == wanted[0]:
                    wanted.pop(0)
        elif word.lower() not in _LINK_WORDS:
            return False
    return not wanted


def acronym_expansions(block: Block) -> list[tuple[int, int]]:
    """Block spans of the spelled-out forms of acronyms: "severe acute respiratory syndrome (SARS)" and
    "SARS (severe acute respiratory syndrome)". A word inside one is part of a name that acronyms.undefined
    looks after, not a term of its own."""
    text, words, starts = block.text, block.words, block.word_starts
    spans = []
    for match in _ACRONYM_AFTER.finditer(text):
        letters = "".join(c for c in match.group(1) if c.isupper())[:MAX_ACRONYM_LETTERS]
        last = bisect.bisect_left(starts, match.start())  # words before the bracket, found by bisection
        before = words[max(0, last - len(letters) * 2 - 2):last]
        for first in range(len(before) - 1, -1, -1):
            candidate = before[first:]
            if candidate[0].text.lower() in _LINK_WORDS:
                continue
            if _initials_match([w.text for w in candidate], letters):
                spans.append((candidate[0].start, candidate[-1].end))
                break
    for match in _ACRONYM_BEFORE.finditer(text):
        letters = "".join(c for c in match.group(1) if c.isupper())[:MAX_ACRONYM_LETTERS]
        inner = [w for w in words[bisect.bisect_left(starts, match.start(2)):bisect.bisect_left(starts, match.end(2))]
                 if w.end <= match.end(2)]
        if inner and _initials_match([w.text for w in inner], letters):
            spans.append((inner[0].start, inner[-1].end))
    return spans


@functools.lru_cache(maxsize=8)
def _name_phrases(everyday: frozenset[str]) -> PhraseIndex:
    """The everyday entries of more than one word (names of diseases, services): their words are not terms."""
    return build_index([(phrase, True) for phrase in everyday if " " in phrase])


# ------------------------------------------------------------ plain words nearby

_GENERIC = frozenset(
    "health condition conditions illness disease diseases treatment treatments medicine medicines problem problems "
    "people person body part parts type types doctor doctors test tests your their when what that which with from "
    "into about after before other some more less than very time times high low".split())
NEARBY = 300  # characters either side of a term that the plain-words tests read: one long sentence costs no rescan
PLAIN_WORD_MAX_ZIPF = 4.2  # kidney 3.9, bulge 2.8 say what a term means; blood 5.3, damage 4.5 are everywhere


@functools.lru_cache(maxsize=4096)
def _plain_stems(plain: str) -> tuple[str, ...]:
    """The telling words of a plain alternative, as stems: "bulge in a blood vessel" -> ("bulg", "vessel")."""
    stems = []
    for word in re.findall(r"[a-z][a-z\-]+", plain.lower()):
        if len(word) < 4 or word in _GENERIC or zipf(word) > PLAIN_WORD_MAX_ZIPF:
            continue
        stems.append(word[:-1] if word.endswith(("e", "s", "y")) and len(word) > 4 else word)
    return tuple(stems)


def _says_plainly(text: str, plain: str | None, needed: int = 2) -> bool:
    """Does the text use the telling words of the plain alternative? Two of them, by default: one shared
    word is often only the topic of the page ("kidney" on a kidney page)."""
    if not plain:
        return False
    lowered = text.lower()
    stems = _plain_stems(plain)
    return sum(1 for stem in stems if re.search(rf"\b{re.escape(stem)}", lowered)) >= needed


def _plain_phrase_in_sentence(doc: Document, index: int, occurrence: _Occurrence, plain: str | None) -> bool:
    """The sentence says the pack's plain words themselves, two words or more: "An intravenous (IV) line is put
    into a vein". (One word is too weak: "kidney" is in every sentence of a kidney page.)"""
    phrase = re.sub(r"^(?:a|an|the)\s+", "", (plain or "").lower().split(";")[0].split(",")[0].strip())
    if len(phrase.split()) < 2:
        return False
    sentence_start, sentence_end, _ = _sentence_around(doc, index, occurrence.start)
    around = doc.blocks[index].text[max(sentence_start, occurrence.start - NEARBY):min(sentence_end, occurrence.end + NEARBY)]
    return re.search(rf"\b{re.escape(phrase)}\b", around.lower()) is not None


_OR_AFTER = re.compile(r"\s*,?\s+or\s+((?:[\w'-]+\s+){0,2}[\w'-]+)")
_OR_BEFORE = re.compile(r"((?:[\w'-]+\s+){0,2}[\w'-]+)\s+or\s+$")


def _or_plain_words(block: Block, occurrence: _Occurrence, plain: str | None) -> bool:
    """"malignant or cancerous", "kidney damage or nephropathy": the term paired with its plain words."""
    if not plain:
        return False
    after = _OR_AFTER.match(block.text, occurrence.end)
    before = _OR_BEFORE.search(block.text, max(0, occurrence.start - 60), occurrence.start)
    needed = min(2, len(_plain_stems(plain)))  # "adrenal or thyroid glands" shares a word, not the meaning
    return needed > 0 and any(match is not None and _says_plainly(match.group(1), plain, needed)
                              for match in (after, before))


def _plain_words_nearby(doc: Document, index: int, occurrence: _Occurrence, plain: str | None) -> bool:
    """The sentence says what the term means in other words before it ("checking for a bulge in the aorta,
    an aneurysm"); under a heading, the section's first two sentences do."""
    if not plain:
        return False
    block = doc.blocks[index]
    if block.kind == "heading":
        following = _next_block_in_section(doc, index)
        return bool(following) and _says_plainly(" ".join(s.text for s in following.sentences[:2]), plain)
    # Not the next sentence: on a page about kidneys "kidney" is in every sentence, explaining nothing.
    sentence_start, _, _ = _sentence_around(doc, index, occurrence.start)
    return _says_plainly(block.text[max(sentence_start, occurrence.start - NEARBY):occurrence.start], plain)


_ABOUT_HEADING = re.compile(r"\s*(?:what\s+(?:is|are|does|do)\b|what\b.*\bmeans?\b|about\b|understanding\b)", re.I)


def _section_explains(doc: Document, index: int) -> bool:
    """A heading that asks what the term is ("What is an aneurysm?"): the section under it answers."""
    block = doc.blocks[index]
    return block.kind == "heading" and bool(_ABOUT_HEADING.match(block.text)) \
        and _next_block_in_section(doc, index) is not None


def _next_cell_explains(doc: Document, index: int) -> bool:
    """A table row "| aneurysm | a bulge in a blood vessel |": a short cell, and the next cell of its row."""
    block = doc.blocks[index]
    if block.kind != "table_cell" or len(block.words) > 5 or index + 1 >= len(doc.blocks):
        return False
    following = doc.blocks[index + 1]
    return following.kind == "table_cell" and len(following.words) >= 3 \
        and doc.line_col(following.source_offset(0))[0] == doc.line_col(block.source_offset(0))[0]


def _near(doc: Document, first: _Occurrence, later: _Occurrence) -> bool:
    """Close enough to the first use to explain it there: within the next two sentences of its block; in the
    first two sentences of the block that follows it ("... a gastric band. / A gastric band is a band ...");
    or in a heading right after it, or the first two sentences under that heading ("... a biopsy. / ## What
    is a biopsy?", "... an echocardiogram. / ## Echocardiogram / An echocardiogram is a scan ...")."""
    first_block = doc.blocks[first.block_index]
    if later.block_index == first.block_index:
        sentences_apart = (_sentence_index(doc, first_block, later.start) or 0) \
            - (_sentence_index(doc, first_block, first.start) or 0)
        return sentences_apart <= 2
    if first_block.kind == "heading" or first_block.kind == "table_cell":
        return False
    following = first.block_index + 1
    if following < len(doc.blocks) and doc.blocks[following].kind == "heading":
        if later.block_index == following:
            return True
        following += 1
        if following >= len(doc.blocks) or doc.blocks[following].section != following - 1:
            return False
    elif _next_block_in_section(doc, first.block_index) is None:
        return False
    return later.block_index == following and doc.blocks[following].kind != "heading" \
        and (_sentence_index(doc, doc.blocks[following], later.start) or 0) <= 1


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
    names_index = _name_phrases(lexicon.everyday)
    # a name spelled out with its acronym anywhere ("Multiple sclerosis (MS) is ...") is a name everywhere,
    # the page's title and headings included
    spelled_out = build_index([(block.text[a:b], True) for block in doc.blocks if "(" in block.text
                               for a, b in acronym_expansions(block)])

    jargon_like_memo = _jargon_like_memo(medical)  # a word as written -> looks_like_jargon of it in lower case
    jargon_like = jargon_like_memo.get
    occurrences: dict[str, list[_Occurrence]] = {}
    for index, block in enumerate(doc.blocks):
        # names and spelled-out acronyms hold words that are not terms on their own
        parts: list[tuple[int, int]] | None = None  # found only for a block that has a term: most have none

        def part_of_a_name(start: int, end: int) -> bool:
            nonlocal parts
            if parts is None:
                parts = sorted((a, b) for index_ in (names_index, spelled_out) for a, b, _ in find_phrases(block, index_))
            return _part_of(parts, start, end)

        taken: list[tuple[int, int]] = []
        for start, end, term in find_phrases(block, lexicon.terms):
            taken.append((start, end))
            key = term.name.lower()
            if key in allowed or (_is_name(block, start, end) and term.name[:1].islower()) \
                    or part_of_a_name(start, end):
                continue  # allowed, or part of a name: the Cardiology Clinic
            occurrences.setdefault(key, []).append(_Occurrence(index, start, end, term.name, term.plain))
        if not use_rarity:
            continue
        covered: SpanSet | None = None  # built for a block with a rare word: most have none
        for word in [w for w in block.words if jargon_like(w.text) is not False]:  # known to be plain: passed over
            verdict = jargon_like(word.text)
            if verdict is None:
                verdict = jargon_like_memo[word.text] = looks_like_jargon(word.text.lower(), medical)
            if not verdict:  # the cheap, memoised test first: most words stop here
                continue
            covered = SpanSet(taken) if covered is None else covered
            if covered.covers(word.start):
                continue
            lowered = word.text.lower()
            if not (lowered in allowed or _lemma(lowered) in allowed or _is_name(block, word.start, word.end)
                    or part_of_a_name(word.start, word.end)):
                key = _lemma(lowered)
                occurrences.setdefault(key, []).append(_Occurrence(index, word.start, word.end, key, None))

    uses = [_describe(doc, found[0].name, found[0].plain, found, prefix)
            for found in _families(occurrences).values()]
    uses = _explained_by_a_shared_word(uses, lexicon.terms)
    uses.sort(key=lambda u: u.first_use)
    doc.memo[memo_key] = uses
    return uses


_JARGON_LIKE: dict[int, tuple[frozenset[str], dict[str, bool]]] = {}


def _jargon_like_memo(medical: frozenset[str]) -> dict[str, bool]:
    """The verdicts of `looks_like_jargon` with these medical words, by word as written: one dictionary look-up
    a word instead of a lower() and a call with a cache key (kept with its set, so its id is not reused)."""
    held = _JARGON_LIKE.get(id(medical))
    if held is None or held[0] is not medical:
        held = _JARGON_LIKE[id(medical)] = (medical, {})
    if len(held[1]) >= 200_000:  # a bound on what a long run's distinct words may take
        held[1].clear()
    return held[1]


_ENDINGS = frozenset("""s es ies y e a al ally ic ics ical ically ion ions ation ist ists ian ians ive ed ing cy ity
    ly ia t on ve n ne l""".split()) | {""}


def _families(occurrences: dict[str, list[_Occurrence]]) -> dict[str, list[_Occurrence]]:
    """Forms of one word that are entries of their own (each with plain words that fit it) are one term
    for explaining: "titration" explained under a heading explains "titrate" in the text. Occurrences
    in text order."""
    keys = sorted(occurrences, key=lambda k: (len(k), k))
    family_of: dict[str, str] = {}
    for key in keys:
        family_of[key] = next((head for head in dict.fromkeys(family_of.values())
                               if " " not in key and " " not in head and _same_word(head, key)), key)
    grouped: dict[str, list[_Occurrence]] = {}
    for key, found in occurrences.items():
        grouped.setdefault(family_of[key], []).extend(found)
    for found in grouped.values():
        found.sort(key=lambda o: (o.block_index, o.start))
    return grouped


def _same_word(a: str, b: str) -> bool:
    """Two forms of one word: a shared stem and only inflectional or derivational endings after it
    (titrate/titration, podiatry/podiatrist); retina/retinopathy are two words."""
    stem = os.path.commonprefix([a, b])
    return len(stem) >= 5 and a[len(stem):] in _ENDINGS and b[len(stem):] in _ENDINGS


def _part_of(parts: list[tuple[int, int]], start: int, end: int) -> bool:
    """Inside a longer name or spelled-out acronym, and not the whole of it. `parts` is sorted; the spans that
    can hold [start, end) begin at or before `start` and are a few words long, so a few neighbours suffice."""
    index = bisect.bisect_right(parts, (start, float("inf")))
    return any(a <= start and end <= b and (a, b) != (start, end) for a, b in parts[max(0, index - 8):index])


def _explained_by_a_shared_word(uses: list[TermUse], lexicon_terms: PhraseIndex) -> list[TermUse]:
    """"chronic" explained earlier explains "chronic illness" later, and the other way round, and "chronic
    conditions such as asthma" explains "chronic illness": a reader who has been told what the jargon word
    means knows it in the other term (the words of one are all words of the other, or they share a word
    that is a term of its own)."""

    def is_term(word: str) -> bool:
        return any(phrase == (word,) for phrase, _ in lexicon_terms.by_first_word.get(word, ()))

    explained = [(set(u.term.lower().split()), u) for u in uses if u.status == "explained"]
    result = []
    for use in uses:
        if use.status != "explained":
            words = set(use.term.lower().split())
            for other_words, other in explained:
                if other is not use and other.explained_at is not None and other.explained_at <= use.first_use \
                        and (other_words <= words or words <= other_words
                             or any(is_term(word) for word in other_words & words)):
                    use = TermUse(use.term, use.plain, use.first_use, use.first_use_end, other.explained_at,
                                  "explained", f"as '{other.term}'", use.written)
                    break
        result.append(use)
    return result


def _describe(doc: Document, name: str, plain: str | None, found: list[_Occurrence], prefix: str) -> TermUse:
    first = found[0]
    first_block = doc.blocks[first.block_index]
    first_start = first_block.source_offset(first.start)
    first_end = first_block.source_end(first.end)
    written = first_block.text[first.start : first.end]
    used_in_text: tuple[int, int] | None = None  # the first unexplained use outside headings
    for occurrence in found:
        block = doc.blocks[occurrence.block_index]
        how = _how_explained(doc, occurrence, plain, prefix)
        if how is None:
            if used_in_text is None and block.kind != "heading":
                used_in_text = (block.source_offset(occurrence.start), block.source_end(occurrence.end))
            continue
        explained_at = block.source_offset(occurrence.start)
        # A heading is a title: a term first used in headings may be explained later in the text (under that
        # heading or a later one: "# Gastric band surgery / ## What is gastric band surgery?"), but not after
        # the text has used it unexplained.
        on_time = occurrence is first or _near(doc, first, occurrence) or (
            first_block.kind == "heading" and used_in_text is None)
        flagged = used_in_text if first_block.kind == "heading" and not on_time else None
        return TermUse(name, plain, first_start, first_end, explained_at, "explained" if on_time else "late", how,
                       written, flagged)
    return TermUse(name, plain, first_start, first_end, None, "unexplained", None, written)


def _how_explained(doc: Document, occurrence: _Occurrence, plain: str | None, prefix: str) -> str | None:
    index = occurrence.block_index
    block = doc.blocks[index]
    sentence_start, sentence_end, following = _sentence_around(doc, index, occurrence.start)
    how = explanation(block.text, occurrence.start, occurrence.end, sentence_start, sentence_end, following)
    if how is None and _links_to_glossary(doc, block.source_offset(occurrence.start), prefix):
        how = "glossary link"
    if how is None and _links_to_its_page(doc, block.source_offset(occurrence.start),
                                          (occurrence.name, block.text[occurrence.start:occurrence.end], plain)):
        how = "link to its page"
    if how is None and _next_cell_explains(doc, index):
        how = "next table cell"
    if how is None and _section_explains(doc, index):
        how = "the section under the heading"
    if how is None and _or_plain_words(block, occurrence, plain):
        how = "X or plain words"
    if how is None and _plain_phrase_in_sentence(doc, index, occurrence, plain):
        how = "its plain words in the sentence"
    if how is None and _plain_words_nearby(doc, index, occurrence, plain):
        how = "plain words nearby"
    return how


# --------------------------------------------------------------------------- the rule


@rule("jargon.undefined", "warning", options={"allow": [], "glossary_url_prefix": "", "rarity": True},
      example="Over many years, diabetes can lead to nephropathy.\n")
def undefined_jargon(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A medical term a lay reader may not know, used without a plain explanation.

    Words such as nephropathy, asymptomatic or comorbidity stop a reader who has no medical
    training. Use plain words instead, or explain the term where it first appears. A term
    counts as explained the ways real health pages explain: brackets ("nephropathy (kidney
    damage)", "kidney damage (nephropathy)", "[sight problems (diabetic retinopathy)](...)");
    "X, which is / meaning / also called ...", "X, a ...", "X is a ...", "X means ...",
    "called X", "X – plain words" in a list, "X and other <plain words>", "malignant or
    cancerous"; what a test or treatment is for ("an angiogram ... to look inside your
    arteries"); a kind of medicine or test ("medicines (such as statins)"); the pack's plain
    words in the sentence; the next sentence ("It's ...", "This test shows ..."); a definition
    in the next two sentences, at the start of the next paragraph or under a heading right
    after; the next cell of a table row; a heading's section ("What is X?", or its first
    sentences in plain words); a link to the term's own page or the glossary. A modifier is
    explained with its phrase ("a gastric band is a band ...") and by examples ("chronic
    conditions such as asthma"); a jargon noun is not ("comorbidities such as heart disease"
    names members, not what the word means). A word explained once stays explained in its
    other forms and phrases (titrate, titration; chronic, chronic illness). Words inside names
    are not terms (the Royal College of Obstetricians, multiple sclerosis, a name spelled out
    with its acronym anywhere on the page).

    The finding lands on the first use, with the pack's plain words for the form used
    (podiatrist: foot specialist) or advice only where no plain word fits every use; when the
    explanation comes later it says on which line. Terms come from the `jargon` pack (over 500
    medical terms) and, for words the pack lacks, from two signals together: medical word shape
    (-itis, -opathy, hyper-...) and rarity in general English. Rarity alone never reports a
    word (videoconferencing, unfeasible are everyday English).

    Measured on 68 real CDC pages (83,594 words): 23 findings, 0.3 per 1,000 words, every one
    judged, 21 true (91%); before these rules it was 60 findings at 38%.

    Options: `allow`, terms your readers know (they are never reported); `glossary_url_prefix`,
    an address prefix (such as "/glossary/") whose links count as explaining the linked
    term; `rarity` (default true), set false to report only terms in the pack. A project
    pack `jargon.yml` can add terms, or mark words and names `kind: everyday` to silence them.
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
