"""What a number in an article measures: the analyte table (rules/units.yml) and the tie
between a quantity and the analyte named before it.

A measurement is a quantity tied to an analyte mentioned earlier in the same sentence
(or in an earlier cell of the same table row). The tie is *tight* when only linking
words stand between them ("a viral load of", "CD4 count falls below", "HbA1c:") and
*loose* when other words do ("CD4 count, which shows how strong your immune system is,
stays above"). A number with a unit shared by several analytes (%, mmol/L) needs a
tight tie; a unit only one analyte uses (copies/mL) may be tied loosely. A unit that
belongs to another analyte named earlier in the sentence is that analyte's ("a CD4 count
of 650 cells/mm³ with a viral load under 50 copies/mL"). A number without a unit needs a
tight tie and must not be followed by a noun that counts or times something ("a blood sugar of 7
suggests", not "HbA1c over the past 2 to 3 months"). Changes ("rose by 20%", "10% lower") and shares
("20% of people") are not levels; any other word after a value, a verb included, leaves it a level.

Pure: the table is built from pack entries; measurements come from a Document's blocks.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from reviewer.language.quantities import Quantity, UnitVocabulary, find_quantities, vocabulary, words_between
from reviewer.lint.rulepack import Field, PackError

if TYPE_CHECKING:  # pragma: no cover
    from reviewer.document import Block, Document
    from reviewer.lint.rulepack import Packs

RATIO_FORM = "systolic/diastolic"

UNITS_SCHEMA = {
    "analyte": Field(str, required=True),
    "name": Field(str, required=True),
    "names": Field(list, required=True),
    "units": Field(list, required=True),
    "suggest": Field(str, required=True),
    "swap_from": Field(list),
    "not_in": Field(list),
    "not_with": Field(list),
    "written_as": Field(str, choices=("value", RATIO_FORM)),
}

# Words that may link an analyte's name to its value: "of", "falls below", "target is", ":".
LINKING_WORDS = frozenset("""
    of is was are were be been being not at around about approximately roughly nearly near almost under over
    below above less more than between from to up down a an the your their his her my our usually normally
    typically generally often should must will would may might can could stay stays stayed remain remains
    remained keep kept fall falls fell falling drop drops dropped dropping rise rises rose rising go goes went
    going reach reaches reached get gets got target targets goal level levels reading readings result results
    value values measurement count still only just least most ideally that which
    : = < > ≤ ≥ ~ ≈ ( ,
""".split())
# What a value is, whatever words follow it ("an HbA1c of 9% suggests ...", "a blood sugar of 7 means ..."), except
# the few that make it something else. After a number without a unit: a noun that counts or times something
# ("HbA1c over the past 2 to 3 months", "blood sugar 4 times a day", "140 over 90" spoken as a reading, "1 of
# the tests", "a viral load of 1 million", "38 degrees", whose scale the writer may give elsewhere).
NOT_LEVEL_AFTER_NUMBER = frozenset("""
    second seconds minute minutes min mins hour hours hr hrs day days week weeks month months year years decade
    decades am pm o'clock times time people persons patients adults children men women babies tests test readings
    reading results result measurements samples sample points point out over x of per thousand million billion
    hundred degree degrees
""".split())
# After a percentage: a share of something ("20% of people") or a change ("10% lower", "a 5% rise"), not a level.
NOT_LEVEL_AFTER_PERCENT = frozenset("""
    of higher lower more less greater fewer smaller bigger larger increase increases increased decrease decreases
    decreased reduction reductions rise rises fall falls drop drops chance chances risk likely accurate
    better worse improvement change
""".split())
_END_PUNCTUATION = set(".,;:!?)]}\"'”’…")
MAX_LOOSE_WORDS = 12
_BY_BEFORE = re.compile(r"\bby\s*\Z", re.I)
_BY_WINDOW = 64  # characters before a number searched for "by": a bounded look, whatever the paragraph's length


def _after_by(text: str, position: int) -> bool:
    """True when the word just before `position` is "by" ("rose by 20%"): a change, not a level."""
    head = text[max(0, position - _BY_WINDOW):position]
    match = _BY_BEFORE.search(head)
    return match is not None and (match.start() > 0 or position <= _BY_WINDOW)
_QUOTE = "[\"'“”‘’]?"


@dataclass(frozen=True)
class AnalyteUnit:
    """A unit an analyte is measured in, its spellings and the plausible values in it."""

    unit: str
    spellings: tuple[str, ...]
    low: float
    high: float

    def plausible(self, value: float) -> bool:
        return self.low <= value <= self.high

    @property
    def range_text(self) -> str:
        return f"{_show(self.low)}-{_show(self.high)} {self.unit}".replace(" %", "%")


@dataclass(frozen=True)
class Analyte:
    """One row of the analyte table."""

    key: str
    name: str
    names: tuple[str, ...]
    units: tuple[AnalyteUnit, ...]
    suggest: str
    swap_from: tuple[str, ...] = ()
    not_in: tuple[str, ...] = ()
    not_with: frozenset[str] = frozenset()
    written_as: str = "value"

    @property
    def is_ratio(self) -> bool:
        return self.written_as == RATIO_FORM

    def unit_named(self, unit: str | None) -> AnalyteUnit | None:
        return next((u for u in self.units if u.unit == unit), None)

    @property
    def unit_list(self) -> str:
        names = [u.unit for u in self.units]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]

    def in_order(self, quantity: Quantity) -> bool:
        """False for a blood pressure written with its first (systolic) number not above its second."""
        return not (self.is_ratio and quantity.is_ratio) or all(t[0].value > t[1].value for t in quantity.terms)

    def plausible_units(self, quantity: Quantity) -> list[AnalyteUnit]:
        """The units of this analyte in which every number of `quantity` is plausible (none when out of order)."""
        if not self.in_order(quantity):
            return []
        return [u for u in self.units if all(u.plausible(v) for v in quantity.values())]

    @property
    def mention_pattern(self) -> re.Pattern[str]:
        return _mention_pattern(self.names)

    def may_be_named_in(self, lowered: str) -> bool:
        """False when, for every name, its longest word is missing from `lowered` (the text in lower case):
        then the mention pattern cannot match, and neither it nor the exclusions need compiling (most
        articles name few analytes)."""
        return any(word in lowered for word in _key_words(self.names))

    @property
    def excluded_pattern(self) -> re.Pattern[str] | None:
        return _phrase_pattern(self.not_in)


@dataclass(frozen=True)
class AnalyteTable:
    """The analytes, and the unit vocabulary that knows their units besides the built-in ones."""

    analytes: tuple[Analyte, ...]
    units: UnitVocabulary

    def owners(self, unit: str | None) -> tuple[Analyte, ...]:
        """The analytes measured in `unit`."""
        return tuple(a for a in self.analytes if a.unit_named(unit) is not None)


@dataclass(frozen=True)
class Mention:
    """An analyte named in a block: [start, end) in block text; -1 for one carried from an earlier table cell."""

    analyte: Analyte
    start: int
    end: int


@dataclass(frozen=True)
class Measurement:
    """A quantity tied to the analyte it measures.

    `unit` is the analyte's unit as written; None when the quantity has no unit or one the
    analyte is not measured in (`quantity.unit` tells which). `mention` is None when the
    unit alone identifies the analyte (a "120/80 mmHg" reading).
    """

    analyte: Analyte
    quantity: Quantity
    block: "Block"
    mention: Mention | None
    unit: AnalyteUnit | None

    @property
    def has_wrong_unit(self) -> bool:
        return self.quantity.unit is not None and self.unit is None

    @property
    def has_no_unit(self) -> bool:
        return self.quantity.unit is None


# --------------------------------------------------------------------------- the table


def analyte_table(packs: "Packs") -> AnalyteTable:
    """The analyte table of the run's `units` packs, built once per process per set of packs."""
    return packs.built("units", UNITS_SCHEMA, build_table)


def build_table(entries: Sequence[Mapping[str, Any]]) -> AnalyteTable:
    """Validate the nested parts of `units` entries (the pack loader checks the top keys) and build the table."""
    analytes = tuple(_analyte(index, entry) for index, entry in enumerate(entries, 1))
    spellings = {spelling: unit.unit for analyte in analytes for unit in analyte.units for spelling in unit.spellings}
    return AnalyteTable(analytes, vocabulary(spellings))


def _analyte(index: int, entry: Mapping[str, Any]) -> Analyte:
    where = f"rule pack units: entry {index} ({entry.get('analyte')})"

    def strings(key: str) -> tuple[str, ...]:
        value = entry.get(key, [])
        if not all(isinstance(v, str) and v.strip() for v in value):
            raise PackError(f"{where}: {key!r} must be a list of non-empty strings")
        return tuple(value)

    units = []
    for number, unit in enumerate(entry["units"], 1):
        if not isinstance(unit, dict) or set(unit) != {"unit", "spellings", "range"}:
            raise PackError(f"{where}: unit {number} must have exactly the keys unit, spellings, range")
        spellings, bounds = unit["spellings"], unit["range"]
        if not isinstance(unit["unit"], str) or not isinstance(spellings, list) or not all(
                isinstance(s, str) and s for s in spellings):
            raise PackError(f"{where}: unit {number}: 'unit' must be a string and 'spellings' a list of strings")
        if (not isinstance(bounds, list) or len(bounds) != 2
                or not all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in bounds)
                or bounds[0] > bounds[1]):
            raise PackError(f"{where}: unit {number}: 'range' must be [low, high] with low <= high")
        units.append(AnalyteUnit(unit["unit"], tuple(dict.fromkeys([unit["unit"], *spellings])),
                                 float(bounds[0]), float(bounds[1])))
    analyte = Analyte(entry["analyte"], entry["name"], strings("names"), tuple(units), entry["suggest"],
                      strings("swap_from"), strings("not_in"), frozenset(w.lower() for w in strings("not_with")),
                      entry.get("written_as", "value"))
    if not analyte.units or analyte.unit_named(analyte.suggest) is None:
        raise PackError(f"{where}: 'suggest' must be one of its units ({analyte.unit_list})")
    return analyte


@functools.lru_cache(maxsize=None)
def _key_words(names: tuple[str, ...]) -> frozenset[str]:
    """The longest word of each name, in lower case: every match of the name contains it."""
    return frozenset(max(name.lower().split(), key=len) for name in names)


@functools.lru_cache(maxsize=None)
def _mention_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Whole-word matches of any name, longest first; quotes may wrap words ('"good" cholesterol')."""
    alternatives = []
    for name in sorted(set(names), key=lambda n: (-len(n), n)):
        body = f"{_QUOTE}\\s+{_QUOTE}".join(re.escape(word) for word in name.split())
        alternatives.append(body if len(name) <= 2 else f"(?i:{body})")
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?!\w)")


@functools.lru_cache(maxsize=None)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    phrases = sorted(set(phrases), key=len, reverse=True)
    if not phrases:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases) + r")(?!\w)",
                      re.I)


def _show(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


# --------------------------------------------------------------------------- mentions and measurements


def mentions(text: str, table: AnalyteTable) -> list[Mention]:
    """The analytes named in `text`, left to right; the longest name wins where names overlap."""
    found = []
    lowered = text.lower()
    if _any_key_word(table).search(lowered) is None:  # no analyte's key word: none can be named (most blocks)
        return found
    for analyte in table.analytes:
        if not analyte.may_be_named_in(lowered):
            continue
        excluded = analyte.excluded_pattern
        spans = [m.span() for m in excluded.finditer(text)] if excluded else []
        for match in analyte.mention_pattern.finditer(text):
            if not any(a <= match.start() and match.end() <= b for a, b in spans):
                found.append(Mention(analyte, match.start(), match.end()))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


_KEY_WORD_PATTERNS: dict[int, tuple[AnalyteTable, re.Pattern[str]]] = {}


def _any_key_word(table: AnalyteTable) -> re.Pattern[str]:
    """Finds any analyte's key word (see `Analyte.may_be_named_in`) anywhere in lower-case text, as `in` does:
    built once per table (kept with the table, so its id is not reused while the pattern is held)."""
    held = _KEY_WORD_PATTERNS.get(id(table))
    if held is None or held[0] is not table:
        words = sorted({w for analyte in table.analytes for w in _key_words(analyte.names)}, key=len, reverse=True)
        held = _KEY_WORD_PATTERNS[id(table)] = (table, re.compile("|".join(map(re.escape, words)) or "(?!)"))
    return held[1]


def block_quantities(doc: "Document", block: "Block", units: UnitVocabulary) -> list[Quantity]:
    """The quantities of a block, computed once per document and vocabulary."""
    memo = doc.memo.setdefault(("quantities", id(units)), {})
    key = id(block)
    if key not in memo:
        memo[key] = find_quantities(block.text, units)
    return memo[key]


def measurements(doc: "Document", table: AnalyteTable) -> list[Measurement]:
    """Every measurement in the document, in order, computed once per document and table."""
    key = ("measurements", id(table))
    if key not in doc.memo:
        doc.memo[key] = list(_measure_document(doc, table))
    return doc.memo[key]


def _measure_document(doc: "Document", table: AnalyteTable) -> Iterable[Measurement]:
    row_line, row_mentions = -1, []
    for block in doc.blocks:
        carried: list[Mention] = []
        if block.kind == "table_cell" and block.offsets:
            line = doc.line_col(block.offsets[0])[0]
            if line != row_line:
                row_line, row_mentions = line, []
            carried = [Mention(m.analyte, -1, -1) for m in reversed(row_mentions)]
        quantities = block_quantities(doc, block, table.units)
        if not quantities and block.kind != "table_cell":
            continue  # nothing to measure (a table cell may still name the analyte of its row)
        named = mentions(block.text, table)
        named_starts = [m.start for m in named]
        starts = [q.start for q in quantities]
        for sentence in block.sentences:  # bisect, not scan: one long paragraph must stay linear
            in_sentence = named[bisect_left(named_starts, sentence.start):bisect_left(named_starts, sentence.end)]
            if any(m.analyte.not_with for m in in_sentence):
                words = {w.text.lower() for w in sentence.words}
                in_sentence = [m for m in in_sentence if not (m.analyte.not_with & words)]
            if block.kind == "table_cell":
                row_mentions.extend(in_sentence)
            for quantity in quantities[bisect_left(starts, sentence.start):bisect_left(starts, sentence.end)]:
                found = _tie(block, sentence.start, quantity, starts, in_sentence, carried, table)
                if found is not None:
                    yield found
            carried = []


def _tie(block: "Block", sentence_start: int, quantity: Quantity, starts: list[int], named: list[Mention],
         carried: list[Mention], table: AnalyteTable) -> Measurement | None:
    """The measurement `quantity` makes, if any: see the module docstring for the rules.

    `starts` are the sorted start offsets of every quantity of the block."""
    text = block.text
    if _after_by(text, quantity.start) or text[quantity.start - 1:quantity.start] in ("£", "$", "€", "#"):
        return None  # a change ("rose by 20%"), money or a number label
    before = [m for m in reversed(named) if m.end <= quantity.start] + carried  # nearest first
    reading = _reading_by_unit(block, quantity, table)
    if reading is not None or not before:
        return reading

    def linking_words(mention: Mention) -> list[str]:
        return words_between(text, sentence_start if mention.start < 0 else mention.end, quantity.start)

    def tight(mention: Mention) -> bool:
        return all(word in LINKING_WORDS for word in linking_words(mention))

    def loose(mention: Mention) -> bool:
        between = linking_words(mention)
        return ";" not in between and sum(w[0].isalnum() for w in between) <= MAX_LOOSE_WORDS

    def free(mention: Mention) -> bool:
        """No other value stands between the name and this one: the name has not been given its value yet."""
        return bisect_left(starts, mention.end) >= bisect_left(starts, quantity.start)

    def measured(mention: Mention, unit: AnalyteUnit | None) -> Measurement:
        return Measurement(mention.analyte, quantity, block, mention, unit)

    nearest = before[0]
    if quantity.unit is None:
        if not _ends_a_level(text, quantity.end, unitless=True) or not tight(nearest):
            return None
        if linking_words(nearest)[:1] == ["at"]:
            return None  # right after the name, "at 7" is a time of day; "stays at 39" is a level
        return measured(nearest, None)
    owners = table.owners(quantity.unit)
    if not owners:
        return None  # a dose, or a laboratory unit the table does not cover
    if quantity.unit == "%" and not _ends_a_level(text, quantity.end, unitless=False):
        return None  # "20% of people", "95% accurate"

    def accepts(mention: Mention) -> AnalyteUnit | None:
        return mention.analyte.unit_named(quantity.unit)

    if tight(nearest):
        if accepts(nearest):
            return measured(nearest, accepts(nearest))
        # "CD4 count and viral load are 650 cells/mm³ and ...": the unit is an earlier name's, still unvalued.
        earlier = next((m for m in before[1:] if accepts(m) and free(m)), None)
        return measured(earlier, accepts(earlier)) if earlier else measured(nearest, None)
    if len(owners) > 1 or quantity.unit == "%":
        return None  # a unit several analytes share needs a tight tie
    connected = [m for m in before if loose(m)]
    for mention in connected:
        if accepts(mention):
            return measured(mention, accepts(mention))
    if connected and not any(accepts(m) for m in before):
        return measured(connected[0], None)
    return None


def _reading_by_unit(block: "Block", quantity: Quantity, table: AnalyteTable) -> Measurement | None:
    """A "120/80 mmHg" reading needs no name: its form and unit say it is a blood pressure."""
    if not quantity.is_ratio:
        return None
    owner = next((a for a in table.owners(quantity.unit) if a.is_ratio), None)
    return Measurement(owner, quantity, block, None, owner.unit_named(quantity.unit)) if owner else None


def _ends_a_level(text: str, end: int, *, unitless: bool) -> bool:
    """True when a value is a level, whatever verb or linking word follows it ("an HbA1c of 9% suggests"); False
    only when what follows makes it a count, a time or a share ("2 to 3 months", "20% of people", "10pm",
    "7:30", "10% lower")."""
    next_visible = _SPACES.match(text, end).end()  # positions, not text[end:]: a copy per value is quadratic
    if next_visible == len(text):
        return True
    if unitless and (text[end].isalnum() or _TIME_OR_VERSION.match(text, end)):
        return False  # "10pm", "7:30", "1.5.2"
    if text[next_visible] in _END_PUNCTUATION:
        return True
    following = _WORD_RUN.match(text, next_visible)
    if following is None:
        return True
    word = following.group().lower()
    if unitless and text.startswith("'", following.end()) and word == "o":
        return False  # "7 o'clock"
    return word not in (NOT_LEVEL_AFTER_NUMBER if unitless else NOT_LEVEL_AFTER_PERCENT)


_SPACES = re.compile(r"\s*")
_TIME_OR_VERSION = re.compile(r"[:.]\d")
_WORD_RUN = re.compile(r"[^\W_]+")
