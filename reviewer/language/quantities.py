"""Numbers and their units in prose: the one recogniser the units and notation rules share.

A quantity is one or more numbers, optionally written as a range ("350 to 500",
"between 500 and 1,600", "2-3") or as a blood-pressure style ratio ("140/90"),
followed by an optional unit ("copies/mL", "mg", "°C", "%"). Units are read from a
`UnitVocabulary`: every spelling it knows mapped to one canonical unit, matched
longest first, so "mg/dL" is never read as "mg" and "mmol/mol" never as "mmol".

Everything here is pure: text in, positions out (offsets into the text given).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Mapping

# A number as people write it in prose: 7, 0.25, .5, 1,600 (thousands separators), 10.0.
# Not inside a word or code ("HbA1c", "CD4", "v2"), not after a decimal point or slash.
NUMBER = re.compile(r"(?<![\w.,/^])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|(?<![\w.,/^])\.\d+")
# The second number of a ratio ("140/90") or a range ("2-3"): right after a slash or a dash.
_DIGIT = re.compile(r"\d")
_CONTINUATION = re.compile(r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?")
_SPACE = "[ \u00a0\u2009\u202f]"  # space, no-break space, thin space, narrow no-break space
_DATE_PART = re.compile(r"[/.]\d")
_RANGE_JOINER = re.compile(rf"{_SPACE}*(?:-|–|—|{_SPACE}to{_SPACE}|{_SPACE}and{_SPACE}){_SPACE}*")
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.I)
_UNIT_GAP = re.compile(f"{_SPACE}*")

# Units of a dose, a mass or a volume: what medication notation rules are about.
DOSE_UNITS: Mapping[str, tuple[str, ...]] = {
    "mg": ("mg", "milligram", "milligrams", "milligramme", "milligrammes"),
    "mcg": ("mcg", "microgram", "micrograms", "microgramme", "microgrammes"),
    "µg": ("µg", "μg", "ug"),
    "g": ("g", "gram", "grams", "gramme", "grammes"),
    "kg": ("kg", "kilogram", "kilograms", "kilogramme", "kilogrammes"),
    "mL": ("mL", "ml", "millilitre", "millilitres", "milliliter", "milliliters"),
    "L": ("L", "litre", "litres", "liter", "liters"),
    "cc": ("cc",),
    "units": ("unit", "units"),
    "U": ("U", "u"),
    "IU": ("IU",),
    "mmol": ("mmol", "millimole", "millimoles"),
    "mg/mL": ("mg/mL", "mg/ml", "mg per mL", "mg per ml"),
    "mg/kg": ("mg/kg", "mg per kg"),
    "mcg/kg": ("mcg/kg", "mcg per kg"),
    "µg/kg": ("µg/kg", "μg/kg", "ug/kg"),
    "mcg/mL": ("mcg/mL", "mcg/ml"),
    "units/mL": ("units/mL", "units/ml", "units per mL", "units per ml"),
    "U/mL": ("U/mL", "U/ml", "u/mL", "u/ml"),
    "IU/mL": ("IU/mL", "IU/ml"),
}

# Counted doses: not units of measure, but a number before them is still a dose ("1.0 tablet").
DOSE_COUNTS: Mapping[str, tuple[str, ...]] = {
    "tablet": ("tablet", "tablets"),
    "capsule": ("capsule", "capsules"),
    "puff": ("puff", "puffs"),
    "drop": ("drop", "drops"),
    "sachet": ("sachet", "sachets"),
    "teaspoon": ("teaspoon", "teaspoons", "teaspoonful", "teaspoonfuls"),
    "spoonful": ("spoonful", "spoonfuls"),
}

# Units of laboratory results that are never doses. They are known here so that the
# longest match wins: "5.0 mg/L" is a CRP result in mg/L, not a dose in mg.
LAB_UNITS: Mapping[str, tuple[str, ...]] = {
    "mg/L": ("mg/L", "mg/l"),
    "g/L": ("g/L", "g/l"),
    "g/dL": ("g/dL", "g/dl"),
    "mg/dL": ("mg/dL", "mg/dl"),
    "mmol/L": ("mmol/L", "mmol/l"),
    "mmol/mol": ("mmol/mol",),
    "mg/mmol": ("mg/mmol",),
    "µmol/L": ("µmol/L", "μmol/L", "umol/L", "µmol/l", "μmol/l", "umol/l"),
    "nmol/L": ("nmol/L", "nmol/l"),
    "pmol/L": ("pmol/L", "pmol/l"),
    "mU/L": ("mU/L", "mU/l", "mIU/L", "mIU/l", "mu/L"),
    "U/L": ("U/L", "U/l", "IU/L", "IU/l", "iu/L"),
    "ng/mL": ("ng/mL", "ng/ml"),
    "ng/L": ("ng/L", "ng/l"),
    "pg/mL": ("pg/mL", "pg/ml"),
    "µg/L": ("µg/L", "μg/L", "ug/L", "mcg/L"),
    "mEq/L": ("mEq/L", "mEq/l"),
    "mL/min": ("mL/min", "ml/min"),
    "%": ("%",),
}


@dataclass(frozen=True)
class Number:
    """A number as written: its text and [start, end) in the text it was found in."""

    text: str
    start: int
    end: int

    @property
    def value(self) -> float:
        return float(self.text.replace(",", ""))

    @property
    def has_trailing_zero(self) -> bool:
        """5.0, 2.50: a zero after the decimal point that adds nothing."""
        return "." in self.text and self.text.endswith("0")

    @property
    def lacks_leading_zero(self) -> bool:
        """.5: a decimal point with no digit before it."""
        return self.text.startswith(".")


@dataclass(frozen=True)
class Quantity:
    """Numbers and the unit after them.

    `terms` holds one tuple per value: (7,) for "7", two for a range "350 to 500"
    ((350,), (500,)), and pairs for ratios "140/90" ((140, 90),) or a range of ratios.
    `unit` is the canonical unit (None when no known unit follows); `unit_text` is how it
    is written, at [unit_start, unit_end). With no unit, unit_start == unit_end == end of
    the last number.
    """

    terms: tuple[tuple[Number, ...], ...]
    unit: str | None
    unit_text: str
    unit_start: int
    unit_end: int

    @property
    def numbers(self) -> tuple[Number, ...]:
        return tuple(number for term in self.terms for number in term)

    @property
    def start(self) -> int:
        return self.terms[0][0].start

    @property
    def end(self) -> int:
        return self.unit_end if self.unit else self.numbers[-1].end

    @property
    def is_ratio(self) -> bool:
        return all(len(term) == 2 for term in self.terms)

    @property
    def last_number(self) -> Number:
        return self.numbers[-1]

    def values(self) -> tuple[float, ...]:
        return tuple(number.value for number in self.numbers)


class UnitVocabulary:
    """Every known spelling of every known unit, matched longest first.

    `spellings` maps each spelling to its canonical unit. Spellings of one or two
    characters ("U", "mg", "g") match only in the exact case written, longer ones in
    any case ("MMOL/L", "Copies/mL"). Spaces inside a spelling match any run of spaces.
    `dose_units` and `dose_counts` name the canonical units that make a number a dose.
    """

    def __init__(self, spellings: Mapping[str, str], dose_units: Iterable[str] = (),
                 dose_counts: Iterable[str] = ()) -> None:
        self.spellings = dict(spellings)
        self.dose_units = frozenset(dose_units)
        self.dose_counts = frozenset(dose_counts)
        self._by_lower = {}
        for spelling, unit in self.spellings.items():
            self._by_lower.setdefault(_squash(spelling).lower(), unit)

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        alternatives = []
        for spelling in sorted(self.spellings, key=lambda s: (-len(s), s)):
            body = r"\s+".join(re.escape(part) for part in spelling.split())
            alternatives.append(body if len(spelling) <= 2 else f"(?i:{body})")
        # A unit ends where the word ends; "mg/xyz" (an unknown compound) and "U.S." are no units at all.
        return re.compile("(?:" + "|".join(alternatives) + r")(?![^\W_]|[/.][^\W\d_])")

    def match(self, text: str, position: int) -> tuple[str, int, int] | None:
        """(canonical unit, start, end) of a unit starting exactly at `position`, or None."""
        if not self.spellings:
            return None
        found = self._pattern.match(text, position)
        if found is None:
            return None
        spelling = found.group()
        unit = self.spellings.get(spelling) or self._by_lower.get(_squash(spelling).lower())
        return (unit, found.start(), found.end()) if unit else None

    def is_dose(self, unit: str | None) -> bool:
        return unit in self.dose_units

    def is_dose_or_count(self, unit: str | None) -> bool:
        return unit in self.dose_units or unit in self.dose_counts


def _squash(text: str) -> str:
    return " ".join(text.split())


def builtin_spellings() -> dict[str, str]:
    """Spelling -> canonical unit for the dose, count and laboratory units known without any rule pack."""
    spellings: dict[str, str] = {}
    for table in (LAB_UNITS, DOSE_COUNTS, DOSE_UNITS):
        for unit, forms in table.items():
            for form in forms:
                spellings[form] = unit
    return spellings


def vocabulary(extra: Mapping[str, str] | None = None) -> UnitVocabulary:
    """The built-in units plus `extra` spellings (a rule pack's), which win on a clash."""
    return UnitVocabulary({**builtin_spellings(), **(extra or {})}, DOSE_UNITS, DOSE_COUNTS)


# --------------------------------------------------------------------------- recognition


def find_quantities(text: str, units: UnitVocabulary) -> list[Quantity]:
    """Every quantity in `text`, left to right, none overlapping."""
    found: list[Quantity] = []
    position = 0
    while True:
        # Every number holds a digit, at its start or after its leading ".": NUMBER, which opens with a look-behind,
        # is tried from the character before the next digit (found by a plain scan), not at every position.
        digit = _DIGIT.search(text, position)
        if digit is None:
            return found
        first = NUMBER.search(text, max(position, digit.start() - 1))
        if first is None:
            return found
        quantity = _read_quantity(text, first, units)
        found.append(quantity)
        position = max(quantity.end, first.end())


def _number(match: re.Match[str]) -> Number:
    return Number(match.group(), match.start(), match.end())


def _read_term(text: str, match: re.Match[str]) -> tuple[Number, ...]:
    """A number, or a ratio "140/90" (two numbers joined by a slash, nothing between)."""
    first = _number(match)
    if text.startswith("/", first.end):
        second = _CONTINUATION.match(text, first.end + 1)
        if second is not None and not _DATE_PART.match(text, second.end()):  # "4/2/2021" is a date
            return (first, _number(second))
    return (first,)


def _read_quantity(text: str, match: re.Match[str], units: UnitVocabulary) -> Quantity:
    terms = [_read_term(text, match)]
    end = terms[-1][-1].end
    joiner = _RANGE_JOINER.match(text, end)
    if joiner is not None:
        word = joiner.group().strip(" \u00a0\u2009\u202f")
        allowed = word != "and" or _BETWEEN_BEFORE.search(text, 0, terms[0][0].start) is not None
        following = _CONTINUATION.match(text, joiner.end()) if allowed else None
        if following is not None:
            second = _read_term(text, following)
            if len(second) == len(terms[0]):
                terms.append(second)
                end = second[-1].end
    gap = _UNIT_GAP.match(text, end)
    unit = units.match(text, gap.end()) if gap is not None else None
    if unit is None:
        return Quantity(tuple(terms), None, "", end, end)
    name, unit_start, unit_end = unit
    return Quantity(tuple(terms), name, text[unit_start:unit_end], unit_start, unit_end)


def words_between(text: str, start: int, end: int) -> list[str]:
    """The words and symbols of text[start:end], lower case: what joins a name to a number."""
    return re.findall(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]", text[start:end].lower())
