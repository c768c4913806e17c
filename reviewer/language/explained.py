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

An acronym in brackets next to the term is looked through: in "chronic kidney disease (CKD)
means ..." and "PrEP (pre-exposure prophylaxis) is medicine that ..." the term is explained.
"""

from __future__ import annotations

import itertools
import re

_ACRONYM_IN_BRACKETS = re.compile(r"\s*\(\s*[A-Za-z0-9\-]*[A-Z][A-Za-z0-9\-]*s?\s*\)")  # match() at a position
_BRACKETS_AFTER = re.compile(r"\s*\(([^()]*)\)")
_CLOSING = re.compile(r"\s*\)")
_ACRONYM_THEN_OPENING = re.compile(r"\b[A-Za-z0-9\-]*[A-Z][A-Za-z0-9\-]*s?\s*\(\s*\Z")
_LOOK_BACK = 400  # characters searched before and after a term: a bounded look
_OPENING_AT_END = re.compile(r"\(\s*\Z")
_TWO_LETTERS = re.compile(r"[A-Za-z]{2,}")
_LETTERS = re.compile(r"[A-Za-z]+")
_WHICH_IS = re.compile(
    r"^\s*(?:,\s*(?:which|who)\s+[a-z]|[,–—-]?\s*(?:which|that|who)\s+(?:is|are|was|were|means?|refers?\s+to|describes?)\b)",
    re.I,
)
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
_ARE_NOUN_THAT = re.compile(r"^\s+(?:is|are)\s+(?:[a-z\-]+\s+){1,3}(?:that|which|who|used|made|found)\b", re.I)
_MEANS = re.compile(r"^\s+(?:means?|meant|refers?\s+to|is\s+defined\s+as|describes?|stands?\s+for)\b", re.I)
_CALLED = re.compile(
    r"\b(?:called|known\s+as|named|termed|(?:the\s+)?(?:medical\s+)?(?:name|term|word)\s+for\s+(?:this|it|these)\s+is|"
    r"doctors\s+call(?:\s+this|\s+it)?|call\s+(?:this|it))\s+(?:(?:a|an|the)\s+)?[\"'“‘]?\s*$",
    re.I,
)
_LINKING_VERB = re.compile(
    r"^\s+(?:[a-z]+\s+)?(?:is|are|means?|refers?\s+to|describes?|shows?|measures?|checks?|helps?|tells?)\s+\w")
_PRONOUN = re.compile(r"^\s*(?:This|These|It|They|That|Those)(?=\s)")
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
        if _CALLED.search(text, window, start):
            return "called X"
        if _OPENING_AT_END.search(text, window, start) and _CLOSING.match(text, end, sentence_end) \
                and len(list(itertools.islice(_TWO_LETTERS.finditer(text, sentence_start, start), 2))) >= 2:
            return "plain words (X)"
        brackets = _BRACKETS_AFTER.match(text, end, sentence_end)
        if brackets and _PLAIN_INNER.search(brackets.group(1)) and not _NOT_PLAIN_INNER.search(brackets.group(1)) \
                and not _ACRONYM_IN_BRACKETS.match(text, end, sentence_end):
            return "X (plain words)"
    rest_start = after_acronym if after_acronym is not None else _skip_acronym(text, end)
    after = text[rest_start:min(sentence_end, rest_start + _LOOK_BACK)]
    for pattern, kind in ((_WHICH_IS, "X, which is"), (_OR_PLAIN, "X, or ..."), (_APPOSITIVE, "X, a ..."),
                          (_MEANS, "X means"), (_IS_A, "X is a"), (_ARE_NOUN_THAT, "X is a"), (_SHOWS, "X shows")):
        if pattern.match(after):
            return kind
    pronoun = _PRONOUN.match(next_sentence)
    if pronoun and _ends_sentence_soon(text, rest_start, sentence_end) \
            and _LINKING_VERB.match(next_sentence[pronoun.end():]):
        return "next sentence"
    return None


def _ends_sentence_soon(text: str, start: int, end: int) -> bool:
    """The term is the last thing its sentence names ("... cells called CD4. These are ..."): at most six
    words follow it (counted up to the seventh, not to the end of a long sentence)."""
    return len(list(itertools.islice(_LETTERS.finditer(text, start, end), 7))) <= 6
