"""Units: a value written in the wrong unit, an impossible value, a value with no unit.

The analytes, their units and their plausible values live in `rules/units.yml`;
`reviewer.language.analytes` ties each number to the analyte it measures.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from reviewer.document import Document
from reviewer.language.analytes import Measurement, analyte_table, measurements
from reviewer.lint.finding import Finding, fix_for
from reviewer.lint.registry import Context, rule


def _numbers_text(measurement: Measurement) -> str:
    """The numbers of a measurement as written: "53", "350 to 500", "80/120"."""
    quantity = measurement.quantity
    return measurement.block.text[quantity.start:quantity.last_number.end]


def _with_unit(numbers: str, unit: str) -> str:
    return f"{numbers}{unit}" if unit == "%" else f"{numbers} {unit}"


def _names(analytes) -> str:
    names = [a.name for a in analytes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@rule("units.analyte-mismatch", "error",
      example="If your CD4 count falls below 200 copies/mL, you are at greater risk of infections.\n")
def analyte_mismatch(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A test result written in the unit of a different test.

    Each number is tied to the analyte named before it in the same sentence (a CD4 count,
    a viral load, HbA1c...). When its unit is the unit of another analyte, such as a CD4
    count in "copies/mL" (the unit of viral load) or a viral load in "cells/mm³", the
    reader is misled about what the number means. The message names the analyte, the
    unit written and the right one; the suggestion is the right unit.

    A number whose unit belongs to another analyte named earlier in the same sentence is
    that analyte's, so "a CD4 count of 650 cells/mm³ with a viral load under 50 copies/mL"
    is right. Where the swap is a known mix-up with an unambiguous answer (CD4 count and
    viral load units, listed as `swap_from` in rules/units.yml) and the number is plausible
    in the right unit, `reviewer lint --fix` replaces the unit.
    The analytes, units and spellings are in rules/units.yml.
    """
    table = analyte_table(context.packs)
    for found in measurements(doc, table):
        if not found.has_wrong_unit:
            continue
        analyte, quantity = found.analyte, found.quantity
        others = [a for a in table.owners(quantity.unit) if a is not analyte]
        whose = f" ({quantity.unit} is the unit of {_names(others)})" if others else ""
        right_unit = analyte.unit_named(analyte.suggest)
        fix = None
        if quantity.unit in analyte.swap_from and right_unit in analyte.plausible_units(quantity):
            fix = fix_for(doc, found.block, quantity.unit_start, quantity.unit_end, analyte.suggest)
        yield doc.span_finding(found.block, quantity.unit_start, quantity.unit_end,
                               f"{analyte.name} is measured in {analyte.unit_list}, not {quantity.unit_text}{whose}; "
                               f"write {analyte.suggest}",
                               suggestion=analyte.suggest, fix=fix)


@rule("units.implausible-value", "warning", example="Many people aim for an HbA1c of 53% or below.\n")
def implausible_value(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A test result that cannot be true in the unit written.

    Every unit of every analyte in rules/units.yml has a plausible range: not the normal
    range, but the widest values a real result can take (an HbA1c between 3% and 20%, a
    CD4 count up to 3,000 cells/mm³). A value outside it is almost always the wrong unit:
    "an HbA1c of 53%" is the mmol/mol figure (about 7%), and the message says so when the
    number is plausible in another unit of the same analyte. Blood pressure is written
    systolic/diastolic with the systolic (first) number the higher: "80/120 mmHg" is
    reported. A number with no unit is reported here when no unit makes it plausible.
    """
    table = analyte_table(context.packs)
    for found in measurements(doc, table):
        analyte, quantity = found.analyte, found.quantity
        plausible = analyte.plausible_units(quantity)
        if found.has_wrong_unit or (found.unit in plausible) or (found.has_no_unit and plausible):
            continue
        block, numbers = found.block, _numbers_text(found)
        shown = block.text[quantity.start:quantity.end]
        if not analyte.in_order(quantity):
            unit = f" {quantity.unit_text}" if quantity.unit else ""
            swapped = " and ".join(f"{t[1].text}/{t[0].text}" for t in quantity.terms) + unit
            message = (f"{analyte.name} {shown} has the first (systolic) number below the second (diastolic); "
                       f"the systolic is the higher: did you mean {swapped}?")
            yield doc.span_finding(block, quantity.start, quantity.end, message, suggestion=swapped)
        elif found.has_no_unit:
            ranges = ", ".join(u.range_text for u in analyte.units)
            yield doc.span_finding(block, quantity.start, quantity.end,
                                   f"{analyte.name} of {shown} is not plausible in any of its units ({ranges})")
        else:
            other = next((u for u in plausible if u is not found.unit), None)
            hint = f"; {numbers} looks like {other.unit}" if other else ""
            yield doc.span_finding(block, quantity.start, quantity.end,
                                   f"{analyte.name} of {shown} is not plausible: real results in {found.unit.unit} "
                                   f"lie within {found.unit.range_text}{hint}",
                                   suggestion=_with_unit(numbers, other.unit) if other else None)


@rule("units.missing", "suggestion", options={"ignore_analytes": []},
      example="If you test at home, aim for a blood sugar of 7 or below before meals.\n")
def missing_unit(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A test result with a number but no unit.

    "A blood sugar of 7" means 7 mmol/L to a UK reader and nothing sensible to a reader
    used to mg/dL; "an HbA1c of 48" could be mmol/mol or a misprint for a percentage.
    Reported when a number follows an analyte's name with only linking words between
    them ("of", "is", "falls below"), whatever follows it ("7 or below", "7 suggests..."),
    unless what follows makes it a count or a time ("HbA1c over the past 2 to 3 months",
    "4 times a day"), which stays quiet. The suggestion adds the unit in
    which the number is plausible. Option `ignore_analytes`: analyte ids from
    rules/units.yml (such as "cd4-count" or "egfr") whose numbers may go without a unit.
    """
    table = analyte_table(context.packs)
    skipped = set(options.get("ignore_analytes", ()))
    for found in measurements(doc, table):
        if not found.has_no_unit or found.analyte.key in skipped:
            continue
        plausible = found.analyte.plausible_units(found.quantity)
        if not plausible:
            continue  # units.implausible-value reports it
        numbers = _numbers_text(found)
        choice = plausible[0].unit if len(plausible) == 1 else " or ".join(u.unit for u in plausible)
        if len(plausible) == 1:
            written = _with_unit(numbers, plausible[0].unit)
            message, suggestion = f"{found.analyte.name} of {numbers} has no unit; write {written}", written
        else:
            message, suggestion = f"{found.analyte.name} of {numbers} has no unit; add one ({choice})", None
        yield doc.span_finding(found.block, found.quantity.start, found.quantity.end, message, suggestion=suggestion)
