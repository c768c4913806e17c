"""Is a term explained where it is used? Pure functions on a block's text.

A term counts as explained when the words around it explain it, in any of these forms:

    X (plain words)              nephropathy (kidney damage)
    plain words (X)              kidney damage (nephropathy)
    X, which is/are ...          creatinine, which is a waste product
    X, or plain words            oedema, or swelling,
    X, a/an ...                  creatinine, a waste product
    X is/are a ... / X are ... that ...
    X means ... / X refers to ... / X (test, figure) shows/measures/represents ...
    called X / known as X / which doctors call X
    a next sentence "This/These/It/They is/are/means ...", "This test shows ..."

    X, meaning ... / X, also called ...   pyrexia, meaning a high temperature
    X – plain words / X: plain words      (a list item or sentence that starts with the term)
    X and other plain words               corticosteroids and other medicines that weaken ...
    plain words (a X) / [plain words (adj X)](link)   the term anywhere in short brackets

An acronym in brackets next to the term is looked through: in "chronic kidney disease (CKD)
means ..." and "PrEP (pre-exposure prophylaxis) is medicine that ..." the term is explained.
A term that is a modifier of a longer phrase is explained when the phrase is: "a gastric band
is a band that ...", "acute kidney injury (AKI) means ...". Examples explain a modifier ("chronic
conditions such as diabetes": the plain noun says what it is, the examples which kind) but not
a jargon noun ("comorbidities such as heart disease" names members, not what the word means).
"""

from __future__ import annotations

import itertools
import re

from reviewer.language.lexicon.frequency import zipf

_ACRONYM_IN_BRACKETS = re.compile(r"\s*\(\s*[A-Za-z0-9\-]*[A-Z][A-Za-z0-9\-]*s?\s*\)")  # match() at a position
_BRACKETS_AFTER = re.compile(r"\s*\(([^()]*)\)")
_CLOSING = re.compile(r"\s*\)")
_ACRONYM_THEN_OPENING = re.compile(r"\b[A-Za-z0-9\-]*[A-Z][A-Za-z0-9\-]*s?\s*\(\s*\Z")
_LOOK_BACK = 400  # characters searched before and after a term: a bounded look
_LIST_INSIDE = re.compile(r"[,;:]|\b(?:and|with|for|to|in|on|at)\b", re.I)  # "or" gives a synonym: (myocardial infarction or MI)
_OPENING_AT_END = re.compile(r"\(\s*\Z")
_TWO_LETTERS = re.compile(r"[A-Za-z]{2,}")
_LETTERS = re.compile(r"[A-Za-z]+")
_WHICH_IS = re.compile(
    r"^\s*(?:,\s*(?:which|who)\s+[a-z]|[,–—-]?\s*(?:which|that|who)\s+(?:is|are|was|were|means?|refers?\s+to|describes?)\b"
    r"|(?:,|[–—]|\s-)\s*(?:meaning|i\.e\.|that\s+is,|in\s+other\s+words|(?:also|sometimes|often)\s+(?:called|known\s+as))\s+\w)",
    re.I,
)
# "corticosteroids and other medicines that weaken the immune system": the term is one of a kind the text names
_AND_OTHER = re.compile(r"^\s*,?\s*(?:and|or)\s+other\s+[a-z]+", re.I)
# "X – plain words" or "X: plain words" in a list item or a sentence that starts with the term
_DASH_DEFINITION = re.compile(
    r"^\s*(?:[–—:]|\s-{1,2})\s+(?!(?:what|how|why|who|when|where|your|a\s+guide)\b)[A-Za-z][\w'-]*\s+[A-Za-z]", re.I)
# examples after a modifier and its plain noun: "chronic conditions such as diabetes"
_EXAMPLES = re.compile(r"^\s*,?\s*(?:such\s+as|like|including|for\s+example|e\.g\.)\s+\w", re.I)
# words that end a noun phrase rather than continue it: "gastric band is", not "gastric is"
_NOT_HEAD = frozenset(
    "is are was were be been being can may might will would should could must has have had do does did means meant "
    "refers and or but nor to of in on at for with by from into onto over under about after before during than "
    "that which who whom whose as if when where while so not also often usually always never sometimes very "
    "it its this these those they them their you your he she his her we our a an the".split())
_HEAD_WORD = re.compile(r" ([A-Za-z][A-Za-z0-9\-]*)")  # "gastric band", "iatrogenic CJD"
# "medicines (such as statins)", "tests such as an echocardiogram": a reader told a term names a medicine, a
# treatment or a test knows what it is for their purposes; "symptoms such as dyspnoea" says too little
_KIND_OF_TREATMENT = re.compile(
    r"\b(?:medicines?|medications?|drugs?|tablets?|treatments?|therapy|therapies|procedures?|operations?|surgery|"
    r"tests?|scans?|care)\s*[(,]?\s*(?:such\s+as|like|including|e\.g\.|for\s+example)\s+"
    r"(?:(?:a|an|the)\s+)?(?:[\w'-]+(?:\s+|,\s*|\s+(?:and|or)\s+)){0,6}?(?:(?:a|an|the)\s+)?$", re.I)
_AND_WORD = re.compile(r" (?:and|or) [a-z][a-z\-]+")
# what it is for, right after it: "an angiogram before your angioplasty to look inside your arteries"
_PURPOSE = re.compile(
    r"^(?:\s+(?P<words>[a-z]+)){0,4}?\s+to\s+(?:look|check|see|find|measure|test|show|treat|widen|open|unblock|remove|"
    r"stop|prevent|reduce|lower|raise|thin|numb|relieve|ease|clean|filter|drain|help\s+(?:you|your|the|with))\b", re.I)
# "need to see", "have to check": not what the term is for
_NOT_PURPOSE = frozenset("need needs needed have has had want wants wanted going able used likely try tries tried seem "
                         "seems ought due hard easy important best better unable".split())
_OF_PHRASE = re.compile(r" of(?: the| a| an| your)?(?: [a-z][a-z\-]*){1,3}(?=,)")
EVERYDAY_NOUN_ZIPF = 3.5  # condition 4.4, illness 3.8, pain 4.6; comorbidities, pathogens well below
_NAME_ENDS = re.compile(r"\s*(?:[.,;:!?()]|\Z)")
_SHOWS = re.compile(
    r"^(?:\s+(?:test\s+|scan\s+|count\s+|level\s+)?|\s*,?\s+(?:figure|number|reading|value)\s+)"
    r"(?:shows?|measures?|checks?|represents?|looks\s+at|tells\s+you)\b",
    re.I,
)
_OR_PLAIN = re.compile(r"^\s*,\s*or\s+[a-z]", re.I)
_APPOSITIVE = re.compile(r"^\s*(?:,|[–—]|\s-)\s*(?:a|an)\s+[a-z]", re.I)
_IS_A = re.compile(
    r"^\s+(?:is|are)\s+(?:also\s+|usually\s+|simply\s+|sometimes\s+)?"
    r"(?:a|an|the|when|where|what|how|part|something|someone|any|used|made|caused|called|known)\b",
    re.I,
)
_ARE_NOUN_THAT = re.compile(
    r"^\s+(?:is|are)\s+(?:[a-z\-]+\s+){1,3}(?:that|which|who|used|made|found|caused|linked|due|where|when|affecting)\b",
    re.I)
_MEANS = re.compile(
    r"^\s+(?:means?|meant|refers?\s+to|is\s+defined\s+as|describes?|stands?\s+for|happens?\s+when|occurs?\s+when)\b",
    re.I)
# "Stents are small mesh tubes.", "Angina is chest pain.": a bare noun phrase, not "Hypertension is common."
_BARE_PHRASE = re.compile(r"^\s+(?:is|are)\s+((?:[a-z][a-z\-]*\s+){0,3}[a-z][a-z\-]*)(?=\s*(?:[.;:,)]|\Z))")
_ADJECTIVE_ENDINGS = ("ed", "ly", "ous", "ive", "ible", "able", "ful", "ic", "al", "ant", "ent", "ary", "less", "ing",
                      "er", "est")
_NOT_NOUNS = frozenset(
    "common rare serious dangerous safe normal mild severe high low good bad fine ok okay different similar possible "
    "likely unlikely usual unusual needed free easy hard difficult worse best worst more less much many few treatable "
    "curable preventable painful painless contagious infectious hereditary permanent temporary available necessary "
    "effective expensive cheap quick slow new old young true false important known unknown clear unclear right wrong "
    "sure same key vital rife widespread silent weak strong it this that them here there".split())
_CALLED = re.compile(
    r"\b(?:called|known\s+as|named|termed|(?:the\s+)?(?:medical\s+)?(?:name|term|word)\s+for\s+(?:this|it|these)\s+is|"
    r"doctors\s+call(?:\s+this|\s+it)?|call\s+(?:this|it))\s+(?:(?:a|an|the)\s+)?[\"'“‘]?\s*(?P<modifiers>(?:[a-z][a-z\-]+\s+){0,2})$",
    re.I,
)
# after "This/It/They ...": "is a ...", "'s chest pain caused by ...", or a verb saying what it does ("This test
# shows ...", "It widens ..."); not "It's important to ...", "It is done in hospital"
_LINKING_VERB = re.compile(
    r"^(?:\s+[a-z]+)?(?:\s+(?:is|are|was|were)|['’]s|['’]re)\s+(?:also\s+|usually\s+|simply\s+|sometimes\s+|often\s+)?"
    r"(?:(?:a|an|the|when|where|what|how|part|something|someone|one|used|made|caused|other|another"
    r"|(?:types?|kinds?|forms?|groups?)\s+of|medicines?|tablets?|drugs?|tests?|scans?|conditions?|problems?)\b"
    r"|(?:[a-z\-]+\s+){1,3}(?:that|which|who|used|made|found|caused|linked|due|where|when|affecting)\b)"
    r"|^(?:\s+[a-z]+)?\s+(?:means?|refers?\s+to|describes?|shows?|measures?|checks?|helps?|tells?|involves?|uses?"
    r"|happens?|lets?|looks?\s+at|works?\s+by|stops?|lowers?|widens?|removes?|keeps?)\s+\w")
_PRONOUN = re.compile(r"^\s*(?:This|These|It|They|That|Those)(?=\s|['’]s\s)")
_PLAIN_INNER = re.compile(r"[a-z]{2,}")
_NOT_PLAIN_INNER = re.compile(r"^\s*(?:see|e\.g\.|eg|for example|such as|like|including)\b|[=<>%]|\d", re.I)


def _skip_acronym(text: str, end: int) -> int:
    """Past an acronym in brackets right after the term: "chronic kidney disease (CKD)"."""
    match = _ACRONYM_IN_BRACKETS.match(text, end)
    return match.end() if match else end


def _inside_acronym_definition(text: str, start: int, end: int) -> int | None:
    """When the term sits in brackets after an acronym, "PrEP (pre-exposure prophylaxis)",
    the offset just past the closing bracket; otherwise None."""
    closing = _CLOSING.match(text, end)
    if closing is None:
        return None
    window = max(0, start - _LOOK_BACK)
    opening = _ACRONYM_THEN_OPENING.search(text, window, start)
    if opening is None and window > 0 and re.match(r"[A-Za-z0-9\-]", text[window - 1]):
        opening = _ACRONYM_THEN_OPENING.search(text, 0, start)  # the window cut a long word: look at all of it
    return closing.end() if opening else None


def _in_short_brackets(text: str, start: int, end: int, sentence_start: int, sentence_end: int) -> bool:
    """The term sits in short brackets after plain words: "kidney damage (nephropathy)", "a small sample of
    tissue (a biopsy)", "sight problems (diabetic retinopathy)" (link text keeps its brackets)."""
    opening = text.rfind("(", max(sentence_start, start - 60), start)
    if opening < 0 or ")" in text[opening:start]:
        return False
    closing = text.find(")", end, min(sentence_end, end + 60))
    if closing < 0 or "(" in text[end:closing]:
        return False
    inside_before, inside_after = text[opening + 1:start], text[end:closing]
    # the brackets hold one name: "(a biopsy)", "(diabetic retinopathy)", "(or oedema)", not a list of things
    after_words = len(_LETTERS.findall(inside_after))
    if len(_LETTERS.findall(inside_before)) > 3 or after_words > (3 if re.match(r"\s+or\s", inside_after) else 1) \
            or _LIST_INSIDE.search(inside_before + " " + inside_after):
        return False
    if _NOT_PLAIN_INNER.search(inside_before + " " + inside_after) and not re.fullmatch(r"\s*(?:or\s+)?", inside_before):
        return False
    return len(list(itertools.islice(_TWO_LETTERS.finditer(text, sentence_start, opening), 2))) >= 2


def _is_bare_noun_phrase(after: str) -> bool:
    """"is/are" and a short phrase ending the clause in a known noun: "are white blood cells."."""
    match = _BARE_PHRASE.match(after)
    if match is None:
        return False
    words = match.group(1).split()
    last = words[-1]
    return not any(word in _NOT_HEAD or word in _NOT_NOUNS for word in words) \
        and not (last.endswith(_ADJECTIVE_ENDINGS) and not last.endswith("ers")
                 and not (last.endswith("ing") and len(words) > 1)) and zipf(last) >= 2.5


def _ends_in_everyday_noun(term: str) -> bool:
    """A phrase whose last word is everyday English ("chronic conditions", "acute illness"): a modifier
    and a plain noun, not a jargon noun."""
    words = term.split()
    return len(words) >= 2 and zipf(words[-1]) >= EVERYDAY_NOUN_ZIPF


def _phrase_ends(text: str, position: int, sentence_end: int) -> list[tuple[int, bool]]:
    """Where the term's noun phrase may end: right after it, or after one or two more nouns of the phrase
    ("gastric band", "chronic medical conditions"), each past an acronym in brackets. (offset, words skipped)."""
    ends = [(position, False)]
    for _ in range(2):
        word = _HEAD_WORD.match(text, position, sentence_end)
        if word is None or word.group(1).lower() in _NOT_HEAD:
            break
        position = _skip_acronym(text, word.end())
        ends.append((position, True))
    of_phrase = _OF_PHRASE.match(text, ends[-1][0], sentence_end)  # "the incubation period of the disease, which is"
    if of_phrase and _WHICH_IS.match(text[of_phrase.end():min(sentence_end, of_phrase.end() + 40)]):
        ends.append((of_phrase.end(), True))
    paired = _AND_WORD.match(text, ends[-1][0], sentence_end)  # "Coronary angioplasty and stenting is a treatment"
    if paired and _IS_A.match(text[paired.end():min(sentence_end, paired.end() + 40)]):
        ends.append((paired.end(), True))
    return ends


def explanation(text: str, start: int, end: int, sentence_start: int, sentence_end: int,
                next_sentence: str = "") -> str | None:
    """How the term at text[start:end] is explained, or None.

    `sentence_start`/`sentence_end` bound the term's sentence in `text`; `next_sentence`
    is the text of the sentence after it (empty at the end of a block).
    """
    # Every pattern looks at most a few words before or after the term: searching within _LOOK_BACK characters
    # (and matching on a slice as long) keeps one very long sentence from costing a rescan per term.
    after_acronym = _inside_acronym_definition(text, start, end)
    window = max(sentence_start, start - _LOOK_BACK)
    if after_acronym is None:
        called = _CALLED.search(text, window, start)
        # "called an abdominal aortic aneurysm.": words before the term only when the term ends the name
        if called and (not called.group("modifiers") or _NAME_ENDS.match(text, end)):
            return "called X"
        if _in_short_brackets(text, start, end, sentence_start, sentence_end):
            return "plain words (X)"
        if _KIND_OF_TREATMENT.search(text[window:start]):
            return "a kind of treatment or test"
    rest_start = after_acronym if after_acronym is not None else _skip_acronym(text, end)
    starts_sentence = len(list(itertools.islice(_LETTERS.finditer(text, sentence_start, start), 3))) <= 2
    for position, in_phrase in _phrase_ends(text, rest_start, sentence_end):
        if after_acronym is None:
            brackets = _BRACKETS_AFTER.match(text, position, sentence_end)
            if brackets and _PLAIN_INNER.search(brackets.group(1)) and not _NOT_PLAIN_INNER.search(brackets.group(1)) \
                    and not _ACRONYM_IN_BRACKETS.match(text, position, sentence_end):
                return "X (plain words)"
        after = text[position:min(sentence_end, position + _LOOK_BACK)]
        for pattern, kind in ((_WHICH_IS, "X, which is"), (_OR_PLAIN, "X, or ..."), (_APPOSITIVE, "X, a ..."),
                              (_MEANS, "X means"), (_IS_A, "X is a"), (_ARE_NOUN_THAT, "X is a"), (_SHOWS, "X shows"),
                              (_AND_OTHER, "X and other ...")):
            if pattern.match(after):
                return kind
        if _is_bare_noun_phrase(after):
            return "X is a"
        if starts_sentence and _DASH_DEFINITION.match(after):
            return "X – plain words"
        purpose = None if in_phrase else _PURPOSE.match(after)
        if purpose and (purpose.group("words") or "").lower() not in _NOT_PURPOSE:
            return "what it is for"
        if (in_phrase or _ends_in_everyday_noun(text[start:end])) and _EXAMPLES.match(after):
            return "examples"
    pronoun = _PRONOUN.match(next_sentence)
    if pronoun and _ends_sentence_soon(text, rest_start, sentence_end) \
            and _LINKING_VERB.match(next_sentence[pronoun.end():]):
        return "next sentence"
    return None


def _ends_sentence_soon(text: str, start: int, end: int) -> bool:
    """The term is the last thing its sentence names ("... cells called CD4. These are ..."): at most six
    words follow it (counted up to the seventh, not to the end of a long sentence)."""
    return len(list(itertools.islice(_LETTERS.finditer(text, start, end), 7))) <= 6
