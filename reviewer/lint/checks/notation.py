"""Notation: doses written in ways known to cause medication errors.

The entries (what is error-prone, why, what to write instead, and their sources: The
Joint Commission "Do Not Use" list and the ISMP list of error-prone abbreviations) live in
`rules/notation.yml`. Every rule looks only at doses: a number followed by a dose, mass or
volume unit, or a word next to such a dose. Laboratory results keep their precision.
Doses are drug amounts: an amount of food, drink, body weight or exercise ("30g of fibre", "lose 1kg a week",
"2 litres of water") is none, whatever its unit. A number in kg alone is a weight, and an amount whose
nearby words name food, drink or weight (the `not-a-dose` words of rules/notation.yml) with no dose word
near it ("take", "tablet", "medicine", "syrup"...) is left alone.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterable, Iterator, Mapping

from reviewer.document import Document
from reviewer.language.analytes import analyte_table, block_quantities, measurements
from reviewer.language.quantities import Quantity, words_between
from reviewer.lint.finding import Finding, fix_for
from reviewer.lint.registry import Context, rule
from reviewer.lint.rulepack import Field, PackError

NOTATION_RULES = ("abbreviation", "trailing-zero", "leading-zero", "number-unit-spacing", "dose-context",
                  "not-a-dose")
NOTATION_SCHEMA = {
    "notation": Field(str, required=True),
    "rule": Field(str, required=True, choices=NOTATION_RULES),
    "spellings": Field(list),
    "position": Field(str, choices=("unit", "word", "before", "after")),
    "near": Field(str, choices=("dose", "adjacent")),
    "replacement": Field(str),
    "fix": Field(bool),
    "reason": Field(str, required=True),
    "source": Field(str, required=True),
}
SPACING_STYLES = {"ismp": "10 mg", "nhs": "10mg"}
# Written forms of the dose, mass and volume units whose spacing a house style decides.
SPACED_UNIT_FORMS = frozenset({"mg", "mcg", "µg", "μg", "ug", "g", "kg", "mL", "ml", "L", "cc"})
DOSE_WINDOW_WORDS = 4
# Units of body weight: a number in kg alone is a person's or a lifted weight, never a drug amount.
BODY_WEIGHT_UNITS = frozenset({"kg"})
# Around an amount, the words read for what it is an amount of: up to this many before the number and after the
# unit, within the sentence and not across punctuation ("500mg to 1g, taken with food" is about the tablets).
AMOUNT_WINDOW_WORDS = 3
_WINDOW_CHARACTERS = 400  # room for the words `_is_drug_amount` reads on each side, however long they are
_SKIPPED_BEFORE = frozenset({"to", "and", "or", "about", "around", "up", "than", "no", "more", "less", "only",
                             "between", "from", "of", "a", "an", "the", "at", "least", "most", "over", "under"})
_SKIPPED_AFTER = frozenset({"of", "a", "an", "the", "your", "extra", "more", "less", "fewer", "about", "or"})


@dataclass(frozen=True)
class Notation:
    """One entry of rules/notation.yml."""

    notation: str
    rule: str
    reason: str
    replacement: str = ""
    spellings: tuple[str, ...] = ()
    position: str = "unit"
    near: str = "dose"
    fix: bool = False

    @classmethod
    def of(cls, entry: Mapping[str, Any]) -> "Notation":
        spellings = entry.get("spellings", [])
        if not all(isinstance(s, str) and s for s in spellings):
            raise PackError(f"rule pack notation: {entry['notation']!r}: 'spellings' must be a list of strings")
        if entry["rule"] == "abbreviation" and not (spellings and entry.get("replacement")):
            raise PackError(f"rule pack notation: abbreviation {entry['notation']!r} needs spellings and a replacement")
        return cls(entry["notation"], entry["rule"], entry["reason"], entry.get("replacement", ""),
                   tuple(spellings), entry.get("position", "unit"), entry.get("near", "dose"), entry.get("fix", False))

    @cached_property
    def word_pattern(self) -> re.Pattern[str]:
        forms = sorted(self.spellings, key=len, reverse=True)
        return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, forms)) + r")(?![\w])")


def _build_notations(entries) -> tuple[Notation, ...]:
    return tuple(Notation.of(entry) for entry in entries)


def notations(packs, rule_name: str) -> list[Notation]:
    """The entries of the `notation` packs for one rule, built once per process per set of packs."""
    return [n for n in packs.built("notation", NOTATION_SCHEMA, _build_notations) if n.rule == rule_name]


def _entry(packs, rule_name: str) -> Notation:
    found = notations(packs, rule_name)
    if not found:
        raise PackError(f"rule pack notation: no entry for rule {rule_name!r}")
    return found[0]


def _dose_words(packs) -> frozenset[str]:
    return frozenset(s.lower() for n in notations(packs, "dose-context") for s in n.spellings)


def _not_a_dose_words(packs) -> tuple[frozenset[str], frozenset[str]]:
    """(words before an amount, words after it) that make it an amount of food, drink or weight."""
    entries = notations(packs, "not-a-dose")
    return (frozenset(s.lower() for n in entries if n.position == "before" for s in n.spellings),
            frozenset(s.lower() for n in entries if n.position == "after" for s in n.spellings))


def _doses(doc, context) -> list[tuple[Any, Quantity]]:
    """(block, quantity) for every dose in the document: a number with a dose, mass or volume unit or a
    counted dose ("1.0 tablet"), leaving out numbers tied to an analyte (laboratory results) and amounts
    that are not drug amounts (body weight, food, drink, exercise: see `_is_drug_amount`). Found once per
    document and set of packs: four rules read them."""
    key = ("notation.doses", context.packs.folders)
    found = doc.memo.get(key)
    if found is None:
        found = doc.memo[key] = list(_find_doses(doc, context))
    return found


def _find_doses(doc, context) -> Iterator[tuple[Any, Quantity]]:
    table = analyte_table(context.packs)
    results = {(id(m.block), m.quantity.start) for m in measurements(doc, table) if not m.has_wrong_unit}
    dose_words, (before_words, after_words) = _dose_words(context.packs), _not_a_dose_words(context.packs)
    for block in doc.blocks:
        previous: tuple[int, bool | None] = (-1, None)  # (sentence start, what the last amount's words said)
        for quantity in block_quantities(doc, block, table.units):
            if not table.units.is_dose_or_count(quantity.unit) or (id(block), quantity.start) in results:
                continue
            sentence = block.sentence_at(quantity.start)
            where = sentence.start if sentence is not None else -1
            said = _is_drug_amount(block, quantity, dose_words, before_words, after_words)
            if said is None:  # its words say nothing: "2 litres of water a day, or 1.5L" follows the first
                said = previous[1] if previous[0] == where and previous[1] is not None else True
            previous = (where, said)
            if said:
                yield block, quantity


def _is_drug_amount(block, quantity: Quantity, dose_words: frozenset[str], before_words: frozenset[str],
                    after_words: frozenset[str]) -> bool | None:
    """False for an amount in kg alone (a body or lifted weight), and for an amount whose nearby words say it is
    food, drink or weight ("30g of fibre", "lose 1kg", "drink 2 litres of water") with no dose word near it
    ("take 5ml of the medicine with water" is a dose); True when a dose word is near; None when no word says."""
    if quantity.unit in BODY_WEIGHT_UNITS:
        return False
    text = block.text
    sentence = block.sentence_at(quantity.start)
    start, end = (sentence.start, sentence.end) if sentence is not None else (0, len(text))
    # Only a few words either side matter: read a bounded stretch, so a long sentence costs no more per amount.
    # A word cut at the stretch's edge lies beyond the words read.
    start, end = max(start, quantity.start - _WINDOW_CHARACTERS), min(end, quantity.end + _WINDOW_CHARACTERS)
    before = [w for w in _words_until_punctuation(reversed(words_between(text, start, quantity.start)),
                                                  AMOUNT_WINDOW_WORDS + 3)
              if w not in _SKIPPED_BEFORE and not w[0].isdigit()][:AMOUNT_WINDOW_WORDS]
    after = [w for w in _words_until_punctuation(words_between(text, quantity.end, end), AMOUNT_WINDOW_WORDS + 2)
             if w not in _SKIPPED_AFTER][:AMOUNT_WINDOW_WORDS]
    if dose_words.intersection(before) or dose_words.intersection(after):
        return True
    # What the amount is of may stand on either side ("6g of salt", "sodium below 2,300mg"); an action only before.
    if before_words.intersection(before) or after_words.intersection(before) or after_words.intersection(after):
        return False
    return None


def _words_until_punctuation(words: Iterable[str], limit: int = AMOUNT_WINDOW_WORDS) -> list[str]:
    """The first `limit` words, stopping at the first punctuation mark."""
    kept: list[str] = []
    for word in words:
        if not word[0].isalnum() or len(kept) == limit:
            break
        kept.append(word)
    return kept


def _unit_form(quantity: Quantity) -> str:
    """The written unit up to its first slash: "U" of "U/mL", "mg" of "mg/kg"."""
    return quantity.unit_text.split("/")[0].strip()


def _dose_text(block, quantity: Quantity) -> str:
    return block.text[quantity.start:quantity.end]


@rule("notation.trailing-zero", "warning",
      example="Amlodipine is usually started at a dose of 5.0 mg once daily.\n")
def trailing_zero(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A dose written with a trailing zero, such as 5.0 mg.

    If the decimal point is missed (a fold in the leaflet, a faint print, a small
    screen), 5.0 mg is read as 50 mg: a tenfold overdose. The Joint Commission puts
    "X.0 mg" on its "Do Not Use" list; write 5 mg. Only doses are reported (a number
    followed by a dose, mass or volume unit, or by tablets, capsules, puffs...):
    laboratory results keep the zero that shows their precision ("HbA1c 6.0%",
    "potassium 3.5 to 5.0 mmol/L"), a number tied to an analyte of rules/units.yml
    is never reported, and neither is an amount of food, drink or body weight ("lose
    1.0 kg a week"). `reviewer lint --fix` removes the zero.
    """
    entry = _entry(context.packs, "trailing-zero")
    for block, quantity in _doses(doc, context):
        for number in quantity.numbers:
            if not number.has_trailing_zero:
                continue
            whole = number.text.rstrip("0").rstrip(".")
            fix = fix_for(doc, block, number.start, number.end, whole) if entry.fix else None
            misread = number.text.replace(".", "")
            yield doc.span_finding(block, number.start, number.end,
                                   f"trailing zero in the dose {_dose_text(block, quantity)}: {entry.reason} "
                                   f"({number.text} read as {misread}); write {whole} {quantity.unit_text}",
                                   suggestion=whole, fix=fix)


@rule("notation.leading-zero", "warning",
      example="After 4 weeks the dose is usually raised to .5 mg once a week.\n")
def leading_zero(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A dose below one written without a zero before the decimal point, such as .5 mg.

    The decimal point is easy to miss, and .5 mg becomes 5 mg: a tenfold overdose. The
    Joint Commission's "Do Not Use" list says to write 0.5 mg. Only doses are reported
    (a number followed by a dose, mass or volume unit, or a counted dose). `reviewer lint
    --fix` adds the zero.
    """
    entry = _entry(context.packs, "leading-zero")
    for block, quantity in _doses(doc, context):
        for number in quantity.numbers:
            if not number.lacks_leading_zero:
                continue
            fixed = "0" + number.text
            fix = fix_for(doc, block, number.start, number.end, fixed) if entry.fix else None
            yield doc.span_finding(block, number.start, number.end,
                                   f"no zero before the decimal point in the dose {_dose_text(block, quantity)}: "
                                   f"{entry.reason} ({number.text} read as {number.text[1:]}); "
                                   f"write {fixed} {quantity.unit_text}",
                                   suggestion=fixed, fix=fix)


@rule("notation.abbreviation", "warning", example="Older people often start on 25 µg a day.\n")
def error_prone_abbreviation(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """An error-prone abbreviation in a dose: U, IU, QD, QOD, qhs, MS, MSO4, MgSO4, cc, µg.

    These come from The Joint Commission's "Do Not Use" list and the ISMP list of
    error-prone abbreviations; each has been misread in real medication errors ("10U" read
    as 100, µg read as mg, QD read as QID). The message gives the reason and what to
    write instead. Abbreviations are reported only in a dose: units right after a number
    ("10 U", "5 cc", "25 µg"), and words next to a dose ("10 mg QD", "take one tablet
    qhs"; MS only right next to one, as in "MS 10 mg"), so "the U.S.", "MS (multiple
    sclerosis)" and "cc: the practice nurse" stay quiet. `reviewer lint --fix` replaces
    µg with mcg and cc with mL; the others need the writer's choice of words.
    The list, with reasons and sources, is in rules/notation.yml.
    """
    entries = notations(context.packs, "abbreviation")
    by_unit_form = {form: n for n in entries if n.position == "unit" for form in n.spellings}
    table = analyte_table(context.packs)
    doses = _doses(doc, context)
    for block, quantity in doses:
        form = _unit_form(quantity)
        entry = by_unit_form.get(form)
        if entry is None or not table.units.is_dose(quantity.unit):
            continue
        start = quantity.unit_start
        fix = fix_for(doc, block, start, start + len(form), entry.replacement) if entry.fix else None
        yield doc.span_finding(block, start, start + len(form),
                               f"{form!r} in the dose {_dose_text(block, quantity)}: {entry.reason}; "
                               f"write {entry.replacement!r}",
                               suggestion=entry.replacement, fix=fix)
    words = [n for n in entries if n.position == "word"]
    if not words:
        return
    dose_words = _dose_words(context.packs)
    doses_by_block: dict[int, list[Quantity]] = {}
    for block, quantity in doses:
        doses_by_block.setdefault(id(block), []).append(quantity)
    any_spelling = _any_spelling(tuple(form for entry in words for form in entry.spellings))
    for block in doc.blocks:
        if any_spelling.search(block.text) is None:  # no entry's spelling in the block, as written
            continue
        block_doses = sorted(doses_by_block.get(id(block), []), key=lambda q: q.start)
        dose_starts = [q.start for q in block_doses]
        for entry in words:
            if not any(form in block.text for form in entry.spellings):  # the pattern matches a spelling as written
                continue
            for match in entry.word_pattern.finditer(block.text):
                if not _in_dose_context(block, match.start(), match.end(), entry.near, block_doses, dose_starts,
                                        dose_words):
                    continue
                yield doc.span_finding(block, match.start(), match.end(),
                                       f"{match.group()!r} in a dose instruction: {entry.reason}; "
                                       f"write {entry.replacement!r}",
                                       suggestion=entry.replacement)


@functools.lru_cache(maxsize=16)
def _any_spelling(forms: tuple[str, ...]) -> re.Pattern[str]:
    """Finds any of `forms` as written anywhere (as `form in text` does): one search of a block instead of one
    per form, to pass over the blocks that hold none."""
    return re.compile("|".join(map(re.escape, sorted(set(forms), key=len, reverse=True))) or "(?!)")


def _in_dose_context(block, start: int, end: int, near: str, doses: list[Quantity], dose_starts: list[int],
                     dose_words: frozenset[str]) -> bool:
    """True when the word at [start, end) of the block sits next to a dose (near="adjacent") or within a few
    words of a dose or a dose word in the same sentence (near="dose"). `doses` are the block's, sorted by
    their `dose_starts`, so the sentence's are found by bisection, not by a scan."""
    text = block.text
    sentence = block.sentence_at(start)
    if sentence is None:
        return False

    def words_apart(a: int, b: int) -> list[str]:
        return [w for w in words_between(text, a, b) if w[0].isalnum()]

    for quantity in doses[bisect_left(dose_starts, sentence.start):bisect_left(dose_starts, sentence.end)]:
        if quantity.end <= start:
            between = words_apart(quantity.end, start)
            if (between in ([], ["of"])) if near == "adjacent" else len(between) <= DOSE_WINDOW_WORDS:
                return True
        elif quantity.start >= end:
            between = words_apart(end, quantity.start)
            if not between if near == "adjacent" else len(between) <= DOSE_WINDOW_WORDS:
                return True
    if near == "adjacent":
        return False
    for word in sentence.words:
        if word.text.lower() not in dose_words or start <= word.start < end:
            continue
        a, b = (word.end, start) if word.end <= start else (end, word.start)
        if len(words_apart(a, b)) <= DOSE_WINDOW_WORDS:
            return True
    return False


@rule("notation.number-unit-spacing", "suggestion", options={"style": "ismp"}, choices={"style": SPACING_STYLES},
      example="Take dapagliflozin 10mg once a day.\n")
def number_unit_spacing(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A dose whose number and unit are spaced against the house style.

    ISMP advises a space between a dose and its unit ("10 mg"): run together, the m of
    "10mg" can be read as a zero. The NHS content style guide writes "10mg". Option
    `style`: "ismp" (the default) reports "10mg" and wants "10 mg"; "nhs" reports "10 mg"
    and wants "10mg". Applies to abbreviated dose, mass and volume units (mg, mcg, µg, g,
    mL, L, cc); never joins U or IU, which must stay apart from the number. Amounts of
    food, drink, body weight and exercise are not doses ("30g of fibre", "lose 1kg a
    week", "2L of water") and stay quiet.
    `reviewer lint --fix` adds or removes the space.
    """
    style = options["style"]  # the config allows only SPACING_STYLES
    entry = _entry(context.packs, "number-unit-spacing")
    for block, quantity in _doses(doc, context):
        if _unit_form(quantity) not in SPACED_UNIT_FORMS:
            continue
        number = quantity.last_number
        gap = block.text[number.end:quantity.unit_start]
        if style == "ismp" and not gap:
            fix = fix_for(doc, block, quantity.unit_start, quantity.unit_start, " ") if entry.fix else None
            yield doc.span_finding(block, number.start, quantity.unit_end,
                                   f"{number.text}{quantity.unit_text}: number and unit run together: {entry.reason}; "
                                   f"write {number.text} {quantity.unit_text} (house style: ismp)",
                                   suggestion=f"{number.text} {quantity.unit_text}", fix=fix)
        elif style == "nhs" and gap:
            fix = fix_for(doc, block, number.end, quantity.unit_start, "") if entry.fix else None
            yield doc.span_finding(block, number.start, quantity.unit_end,
                                   f"{number.text}{gap}{quantity.unit_text}: the house style (nhs) writes "
                                   f"{number.text}{quantity.unit_text}",
                                   suggestion=f"{number.text}{quantity.unit_text}", fix=fix)
