"""Short forms and their long forms in plain text, in the manner of Schwartz and Hearst (2003).

Pure functions on strings: no Markdown, no Document. A definition is a parenthesis next to
its expansion, in either order:

    antiretroviral therapy (ART)          long form (short form)
    PrEP (pre-exposure prophylaxis)       short form (long form)

As in Schwartz and Hearst, the short form's letters and digits are matched right to left
against the candidate long form, the first one at the start of a word, and the shortest
long form that matches wins. Patient writing adds plural short forms (ARVs), lower-case
and mixed-case forms (eGFR, PrEP, HbA1c), digits and hyphens (CD4, HIV-1, IL-2), and lead-ins
inside the brackets ("(also called ART)"). Beyond the published algorithm: square and nested
brackets ("(hazard ratio [HR] 0.69)"), Greek letters matched as written or by their Latin initial
(TNF-α, "interferon-gamma (IFN-γ)"), a trailing number or short hyphenated qualifier the long form
does not spell (PHQ-9, HOMA-IR), both forms inside one bracket ("(5-hydroxytryptamine, 5-HT)"), and
capitals before a lower-case run (NT-proBNP). Precision guards the published algorithm lacks:
a short form needs two capitals, parentheses holding statistics or citations are ignored
("(n = 20)", "(p < 0.05)", "(WHO, 2020)", "(see Figure 2)"), and a long form may not
run across a clause boundary (";", ":" or a full stop) or swallow a bracket.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

# A short form as written: letters, digits and inner hyphens or periods, 2-12 characters.
_TOKEN = re.compile(r"[^\W_](?:[\w\-.]*[^\W_])?")
_ROMAN = re.compile(r"^(?=[IVX]+$)X{0,3}(?:IX|IV|V?I{0,3})$")
_ORDINAL = re.compile(r"^\d+(?:ST|ND|RD|TH)$")
_CLOCK_TIME = re.compile(r"^\d{1,2}(?:[.:]\d\d)?(?:AM|PM)$")  # 9AM, 5.30PM, the 30AM of 10:30AM
_LOWER_RUN = re.compile(r"[a-z]{3,}")
_LEAD_INS = re.compile(
    r"^(?:also called|also known as|known as|short for|called|abbreviated(?: as)?|or|also|aka|i\.e\.|ie)\s+",
    re.I,
)
_STATISTICS = re.compile(r"[=<>±≤≥%]|\bet al\b|\bfig(?:ure)?s?\b|\btables?\b|\bsee\b", re.I)
_CITATION = re.compile(r"^\s*(?:19|20)\d\d[a-z]?\s*$|,\s*(?:19|20)\d\d[a-z]?\b")
_CLAUSE_BREAK = re.compile(r"[;:!?]|\.(?=\s)|\s[–—]\s|[()\[\]]")
_WORDS = re.compile(r"\S+")
MAX_SHORT_LENGTH = 12


@dataclass(frozen=True)
class Definition:
    """A short form defined next to its long form; offsets are [start, end) in the text searched."""

    short: str
    long: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int

    @property
    def key(self) -> str:
        return acronym_key(self.short)


def acronym_key(token: str) -> str:
    """The form two spellings of one acronym share: no possessive, no plural s, case folded.

    >>> acronym_key("ARVs"), acronym_key("HIV's"), acronym_key("eGFR")
    ('arv', 'hiv', 'egfr')
    """
    return singular(token).casefold()


@functools.lru_cache(maxsize=65536)
def singular(token: str) -> str:
    """Drop a possessive and a plural `s` written after a capital or digit (ARVs -> ARV, CD4s -> CD4)."""
    for ending in ("'s", "’s", "s'", "s’"):
        if token.endswith(ending) and len(token) > len(ending) + 1:
            token = token[: -len(ending)] if ending[0] != "s" else token[:-2]
            break
    if len(token) > 2 and token.endswith("s") and (token[-2].isupper() or token[-2].isdigit()):
        return token[:-1]
    return token


@functools.lru_cache(maxsize=65536)
def looks_like_acronym(token: str) -> bool:
    """True for HIV, CD4, eGFR, PrEP, HbA1c, IL-2, HIV-1, ARVs, COVID-19; false for words and numerals.

    Two or more capitals are needed (so mmHg, mL, Dr and I are not acronyms); a run of three
    lower-case letters marks a name such as McDonald or YouTube; Roman numerals (II, IV),
    ordinals (1ST) and clock times (9AM, 5.30PM) are not acronyms.
    """
    core = singular(token)
    if not 2 <= len(core) <= MAX_SHORT_LENGTH or not core[0].isalnum():
        return False
    capitals = sum(c.isupper() for c in core)
    if capitals < 2:
        return False
    if _LOWER_RUN.search(core) and (capitals < 3 or capitals <= sum(c.islower() for c in core)):
        return False  # McDonald, YouTube, GlaxoSmithKline: names; NT-proBNP keeps its capitals in front
    return not (_ROMAN.match(core) or _ORDINAL.match(core) or _CLOCK_TIME.match(core))


def split_acronyms(word: str) -> list[tuple[int, int]]:
    """[start, end) spans of the acronyms inside one word of prose.

    Hyphenated words are split, then neighbouring acronym or number parts are joined again:
    "HIV-positive" -> HIV, "SARS-CoV-2" -> SARS-CoV-2, "HIV-1" -> HIV-1, "anti-TNF" -> TNF.
    """
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^\-]+", word)]
    spans: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []

    def close_run() -> None:
        while run and word[run[-1][0] : run[-1][1]].isdigit():
            run.pop()  # a run never ends on a bare number unless it follows an acronym
        if any(looks_like_acronym(word[a:b]) for a, b in run):
            spans.append((run[0][0], run[-1][1]))
        run.clear()

    for start, end in parts:
        part = word[start:end]
        if looks_like_acronym(part):
            run.append((start, end))
        elif part.isdigit() and run:
            run.append((start, end))
            spans.append((run[0][0], run[-1][1]))
            run.clear()
        else:
            close_run()
    close_run()
    return spans


# --------------------------------------------------------------------------- Schwartz and Hearst


def best_long_form(short: str, candidate: str) -> str | None:
    """The shortest end of `candidate` whose characters spell `short`, or None (Schwartz and Hearst).

    Each letter or digit of the short form is found right to left in the candidate; the
    first one must start a word. A match where every letter starts a word is tried first,
    so "proton pump inhibitors (PPIs)" is not cut to "pump inhibitors" by the last p of "pump".
    Returns the long form from the first matched word to the candidate's end.
    """
    short_chars = [c for c in singular(short) if c.isalnum()]
    if not short_chars:
        return None
    text = candidate.lower()
    for chars in _spellings(short_chars, text, singular(short)):
        start = _match_right_to_left(chars, text, initials=True)
        if start is None:
            start = _match_right_to_left(chars, text, initials=False)
        if start is not None:
            return candidate[max(candidate.rfind(" ", 0, start + 1) + 1, 0):]
    return None


# a Greek letter in a short form is written out, or as its Latin initial, in the long form: TNF-α, NF-κB, IFN-γ
_GREEK = {"α": "a", "β": "b", "γ": "g", "δ": "d", "ε": "e", "κ": "k", "λ": "l", "μ": "m", "σ": "s", "τ": "t",
          "ω": "o", "θ": "t"}


def _spellings(chars: list[str], text: str, short: str = "") -> Iterable[list[str]]:
    """The short form's characters as written, then with Greek letters as Latin initials, then without a
    trailing number the long form never writes (PHQ-9 for "Patient Health Questionnaire"), then without a
    short hyphenated qualifier it does not spell ("homeostasis model assessment (HOMA-IR)")."""
    yield chars
    latin = [_GREEK.get(c.lower(), c) for c in chars]
    if latin != chars:
        yield latin
    digits = 0
    while digits < len(latin) - 2 and latin[-1 - digits].isdigit():
        digits += 1
    if digits and not any(c.isdigit() for c in text):
        yield latin[:-digits]
    head, hyphen, tail = short.rpartition("-")
    if hyphen and tail.isalpha() and len(tail) <= 3 and sum(c.isalnum() for c in head) >= 3:
        yield [_GREEK.get(c.lower(), c) for c in head if c.isalnum()]


def _starts_word(text: str, index: int) -> bool:
    return index == 0 or not text[index - 1].isalnum()


def _match_right_to_left(short_chars: list[str], text: str, initials: bool) -> int | None:
    """Index in `text` where the first short-form character matched, or None.

    With `initials`, every capital must start a word (the r of PrEP and digits may sit
    anywhere); otherwise only the first character must (the published algorithm).
    """
    long_index = len(text) - 1
    for short_index in range(len(short_chars) - 1, -1, -1):
        char = short_chars[short_index].lower()
        must_start = short_index == 0 or (initials and short_chars[short_index].isupper())
        while long_index >= 0 and (text[long_index] != char or (must_start and not _starts_word(text, long_index))):
            long_index -= 1
        if long_index < 0:
            return None
        long_index -= 1
    return long_index + 1


def _valid_pair(short: str, long: str) -> bool:
    """Schwartz and Hearst's checks: a long form longer than the short form, not containing it,
    and no more words than min(|SF| + 5, 2 |SF|)."""
    core = singular(short)
    letters = sum(c.isalnum() for c in core)
    words = long.split()
    if len(long) <= len(core) or not words:
        return False
    if any(acronym_key(w.strip(",.;:()")) == acronym_key(core) for w in words):
        return False
    return len(words) <= min(letters + 5, letters * 2)


valid_pair = _valid_pair  # the same checks, for callers that pair forms found without brackets


def _window(text: str, end: int, short: str) -> tuple[int, str]:
    """The candidate long form before `end`: back to a clause break, at most min(|SF|+5, 2|SF|) words."""
    breaks = _clause_break_ends(text)
    index = bisect.bisect_right(breaks, end) - 1
    start = breaks[index] if index >= 0 else 0
    letters = sum(c.isalnum() for c in singular(short))
    words = list(_WORDS.finditer(text, start, end))
    limit = min(letters + 5, letters * 2)
    if len(words) > limit:
        start = words[-limit].start()
    segment = text[start:end]
    stripped = segment.rstrip(" ,")
    lead = len(stripped) - len(stripped.lstrip())
    return start + lead, stripped.strip()


@functools.lru_cache(maxsize=16)
def _clause_break_ends(text: str) -> list[int]:
    """Where each clause break of `text` ends, in order: found once per text, not once per bracket (no break
    spans an opening bracket, so those before a bracket are the ones a search stopping there would find)."""
    return [match.end() for match in _CLAUSE_BREAK.finditer(text)]


def _word_before(text: str, position: int) -> tuple[int, int] | None:
    """[start, end) of the run of characters, none a space or an opening bracket, that only spaces separate
    from `position` ("PrEP" in "PrEP (pre-exposure prophylaxis)"); None when there is none. A backward scan:
    a regex anchored at the end would rescan the text before every bracket."""
    end = position
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "([":
        start -= 1
    return (start, end) if start < end else None


def _parentheses(text: str) -> Iterable[tuple[int, int]]:
    """(open, close) offsets of every matched pair of round or square brackets, nested ones included, in
    order of opening: "(hazard ratio [HR] 0.69)" holds a definition in its inner pair. A closing bracket
    that does not match the innermost open one is ignored."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        if char == "(" or char == "[":
            stack.append((char, index))
        elif char == ")" or char == "]":
            wanted = "(" if char == ")" else "["
            if stack and stack[-1][0] == wanted:
                pairs.append((stack.pop()[1], index))
    pairs.sort()
    return pairs


def _strip_lead_in(inner: str) -> tuple[int, str]:
    match = _LEAD_INS.match(inner)
    return (match.end(), inner[match.end():]) if match else (0, inner)


def _short_in_brackets(inner: str) -> tuple[int, str] | None:
    """The short form inside "(...)" when the brackets hold one: "(ART)", "(ARVs, for short)"."""
    offset, rest = _strip_lead_in(inner.strip())
    lead = len(inner) - len(inner.lstrip()) + offset
    rest = re.split(r"[,;]", rest, maxsplit=1)[0].strip()
    if not rest or " " in rest or not looks_like_acronym(rest):
        return None
    return lead, rest


def find_definitions(text: str) -> list[Definition]:
    """Every short form defined in `text` with its long form, in either order, in text order."""
    found: list[Definition] = []
    for open_at, close_at in _parentheses(text):
        inner = text[open_at + 1 : close_at]
        if _STATISTICS.search(inner) and not _short_in_brackets(inner):
            continue
        pair = (_long_then_short(text, open_at, inner) or _short_then_long(text, open_at, inner)
                or _both_inside(open_at, inner))
        if pair:
            found.append(pair)
    return found


def _long_then_short(text: str, open_at: int, inner: str) -> Definition | None:
    """"antiretroviral therapy (ART)": the short form in brackets, the long form before them."""
    short_found = _short_in_brackets(inner)
    if short_found is None:
        return None
    lead, short = short_found
    if _CITATION.search(inner):
        return None  # a citation: "(WHO, 2020)"
    window_start, candidate = _window(text, open_at, short)
    long = best_long_form(short, candidate)
    if long is None or not _valid_pair(short, long):
        return None
    long_start = window_start + candidate.rfind(long)
    short_start = open_at + 1 + lead
    return Definition(short, long, short_start, short_start + len(short), long_start, long_start + len(long))


def _both_inside(open_at: int, inner: str) -> Definition | None:
    """"(5-hydroxytryptamine, 5-HT)": a long form, a comma, then its short form, all inside the brackets."""
    long_part, comma, short_part = inner.rpartition(",")
    short = short_part.strip()
    long = long_part.strip()
    if not comma or not long or " " in short or not looks_like_acronym(short) or "," in long:
        return None
    if _STATISTICS.search(inner) or _CITATION.search(inner):
        return None
    matched = best_long_form(short, long)
    if matched is None or matched != long or not _valid_pair(short, long):
        return None
    long_start = open_at + 1 + inner.find(long)
    short_start = open_at + 1 + len(long_part) + 1 + short_part.find(short)
    return Definition(short, long, short_start, short_start + len(short), long_start, long_start + len(long))


def _short_then_long(text: str, open_at: int, inner: str) -> Definition | None:
    """"PrEP (pre-exposure prophylaxis)": the short form just before the brackets, the long form in them."""
    word = _word_before(text, open_at)
    if word is None:
        return None
    written = text[word[0]:word[1]]
    short = written.strip("\"'“”‘’*_")
    short_start = word[0] + written.find(short)
    if not looks_like_acronym(short) or re.search(r"\s", short):
        return None
    offset, rest = _strip_lead_in(inner.strip())
    lead = len(inner) - len(inner.lstrip()) + offset
    rest = re.split(r"[;:]", rest, maxsplit=1)[0].rstrip(" ,")
    if _STATISTICS.search(rest) or _CITATION.search(rest) or looks_like_acronym(rest):
        return None
    long = best_long_form(short, rest)
    if long is None or not _valid_pair(short, long) or len(long) < 0.6 * len(rest):
        return None
    long_start = open_at + 1 + lead + rest.rfind(long)
    return Definition(short, long, short_start, short_start + len(short), long_start, long_start + len(long))


def expansion_matches(long: str, expansions: Iterable[str]) -> str | None:
    """The known expansion that `long` ends with (case-insensitively), for short forms such as
    HbA1c whose letters cannot be matched: "the glycated haemoglobin" ends with "glycated haemoglobin"."""
    folded = " ".join(long.casefold().split())
    for expansion in expansions:
        wanted = " ".join(expansion.casefold().split())
        if folded == wanted or folded.endswith(" " + wanted):
            return expansion
    return None


def find_known_definitions(text: str, expansions: Mapping[str, tuple[str, ...]]) -> list[Definition]:
    """Definitions whose long form is listed for the short form (`expansions`: acronym key -> long forms),
    in either order; used where letter matching fails ("glycated haemoglobin (HbA1c)")."""
    found: list[Definition] = []
    for open_at, close_at in _parentheses(text):
        inner = text[open_at + 1 : close_at]
        short_found = _short_in_brackets(inner)
        if short_found:
            lead, short = short_found
            listed = expansions.get(acronym_key(short), ())
            end = open_at  # the long form ends where the text before the bracket does, spaces and commas aside
            while end > 0 and text[end - 1] in " ,":
                end -= 1
            for expansion in listed:
                size = len(expansion)
                if size <= end and text[end - size:end].casefold() == expansion.casefold() and (
                    end == size or not text[end - size - 1].isalnum()
                ):
                    start = open_at + 1 + lead
                    found.append(Definition(short, text[end - size:end], start, start + len(short),
                                            end - size, end))
                    break
            continue
        word = _word_before(text, open_at)
        short = text[word[0]:word[1]] if word else ""
        if word and looks_like_acronym(short):
            offset, rest = _strip_lead_in(inner.strip())
            long = expansion_matches(rest.rstrip(" ,"), expansions.get(acronym_key(short), ()))
            if long and rest.rstrip(" ,").casefold() == long.casefold():
                lead = len(inner) - len(inner.lstrip()) + offset
                start = open_at + 1 + lead
                found.append(Definition(short, rest[: len(long)], word[0], word[1], start, start + len(long)))
    return found
