"""Units: the quantity recogniser, the analyte table, tying numbers to analytes, and the units.* rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AS_OF
from reviewer.language.analytes import analyte_table, build_table, measurements
from reviewer.config import parse_config
from reviewer.document import parse
from reviewer.lint.engine import lint_text
from reviewer.language.quantities import find_quantities, vocabulary
from reviewer.lint.rulepack import PackError, Packs

UNITS = vocabulary({"copies/mL": "copies/mL", "cells/mm³": "cells/mm³", "mmHg": "mmHg", "°C": "°C",
                    "mL/min/1.73 m²": "mL/min/1.73 m²"})


def quantities(text):
    return [(q.values(), q.unit, q.unit_text) for q in find_quantities(text, UNITS)]


def findings(text, rule="units"):
    return [(f.rule, text[f.start:f.end] if f.start < len(text) else "", f.message, f.suggestion, f.fix)
            for f in lint_text(text, select=[rule], as_of=AS_OF)]


def rules(text, rule="units"):
    return [(f[0], f[1]) for f in findings(text, rule)]


# --------------------------------------------------------------------------- the recogniser


@pytest.mark.parametrize("text, expected", [
    ("between 500 and 1,600 cells/mm³", [((500.0, 1600.0), "cells/mm³", "cells/mm³")]),
    ("from 350 to 500 copies/mL", [((350.0, 500.0), "copies/mL", "copies/mL")]),
    ("2-3mg", [((2.0, 3.0), "mg", "mg")]),
    ("80/120 mmHg", [((80.0, 120.0), "mmHg", "mmHg")]),
    ("between 90/60 mmHg and 120/80 mmHg", [((90.0, 60.0), "mmHg", "mmHg"), ((120.0, 80.0), "mmHg", "mmHg")]),
    ("1.0 mg/dL, 5.0 mg/L and 5.0 mg", [((1.0,), "mg/dL", "mg/dL"), ((5.0,), "mg/L", "mg/L"), ((5.0,), "mg", "mg")]),
    (".5 mg and 10mg", [((0.5,), "mg", "mg"), ((10.0,), "mg", "mg")]),
    ("90 mL/min/1.73 m²", [((90.0,), "mL/min/1.73 m²", "mL/min/1.73 m²")]),
    ("38°C", [((38.0,), "°C", "°C")]),
    ("53% or 6.5 %", [((53.0,), "%", "%"), ((6.5,), "%", "%")]),
    ("10 U/mL and 40 U/L", [((10.0,), "U/mL", "U/mL"), ((40.0,), "U/L", "U/L")]),
    ("5 MG or 5 mg/xyz", [((5.0,), None, ""), ((5.0,), None, "")]),
])
def test_quantities_read_numbers_ranges_ratios_and_the_longest_unit(text, expected):
    assert quantities(text) == expected


@pytest.mark.parametrize("text", ["HbA1c", "CD4 cells", "eGFR (mL/min/1.73 m²)", "v2.0"])
def test_numbers_inside_names_and_units_are_not_quantities(text):
    assert quantities(text) == []


def test_a_date_is_not_a_blood_pressure():
    assert quantities("4/2/2021") == [((4.0,), None, "")]
    assert quantities("150/90.") == [((150.0, 90.0), None, "")]


# --------------------------------------------------------------------------- the table


def test_the_table_covers_every_analyte_the_issue_lists():
    table = analyte_table(Packs())
    units = {a.key: {u.unit for u in a.units} for a in table.analytes}
    assert units == {
        "cd4-count": {"cells/mm³"}, "cd4-percentage": {"%"}, "viral-load": {"copies/mL", "log10 copies/mL"},
        "blood-glucose": {"mmol/L", "mg/dL"}, "hba1c": {"%", "mmol/mol"}, "total-cholesterol": {"mmol/L", "mg/dL"},
        "ldl-cholesterol": {"mmol/L", "mg/dL"}, "hdl-cholesterol": {"mmol/L", "mg/dL"},
        "triglycerides": {"mmol/L", "mg/dL"}, "blood-pressure": {"mmHg"}, "egfr": {"mL/min/1.73 m²"},
        "creatinine": {"µmol/L", "mg/dL"}, "haemoglobin": {"g/L", "g/dL"}, "body-temperature": {"°C", "°F"},
    }
    for analyte in table.analytes:
        assert analyte.unit_named(analyte.suggest) is not None


def test_every_range_in_the_pack_has_its_source_in_a_comment():
    from reviewer.lint.rulepack import builtin_folder

    lines = (builtin_folder() / "units.yml").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.strip().startswith("range:"):
            comments = [lines[i] for i in range(number - 1, max(number - 6, 0), -1) if lines[i].strip().startswith("#")]
            assert comments, f"units.yml line {number + 1}: a range without its source"


@pytest.mark.parametrize("entry, message", [
    ({"units": [{"unit": "x", "spellings": ["x"]}]}, "exactly the keys unit, spellings, range"),
    ({"units": [{"unit": "x", "spellings": ["x"], "range": [5, 1]}]}, "low <= high"),
    ({"suggest": "y"}, "'suggest' must be one of its units"),
    ({"names": ["ok", ""]}, "'names' must be a list of non-empty strings"),
])
def test_a_malformed_analyte_is_a_clear_pack_error(entry, message):
    base = {"analyte": "a", "name": "A", "names": ["a test"], "suggest": "x",
            "units": [{"unit": "x", "spellings": ["x"], "range": [0, 1]}]}
    with pytest.raises(PackError, match=message):
        build_table([{**base, **entry}])


# --------------------------------------------------------------------------- tying numbers to analytes


def tied(text):
    doc = parse(text, "a.md")
    return [(m.analyte.key, m.block.text[m.quantity.start:m.quantity.end], m.unit.unit if m.unit else None)
            for m in measurements(doc, analyte_table(Packs()))]


def test_two_analytes_in_one_sentence_keep_their_own_units():
    assert tied("A CD4 count of 650 cells/mm³ with a viral load under 50 copies/mL.") == [
        ("cd4-count", "650 cells/mm³", "cells/mm³"), ("viral-load", "50 copies/mL", "copies/mL")]
    assert tied("Your CD4 count and viral load are 650 cells/mm³ and 50 copies/mL.") == [
        ("cd4-count", "650 cells/mm³", "cells/mm³"), ("viral-load", "50 copies/mL", "copies/mL")]


def test_a_value_already_given_does_not_lend_its_analyte_to_the_next_one():
    assert tied("A CD4 count near 300 copies/mL is low, and a viral load over 400 cells/µL is high.") == [
        ("cd4-count", "300 copies/mL", None), ("viral-load", "400 cells/µL", None)]


@pytest.mark.parametrize("text", [
    "Each drop of blood holds thousands of CD4 cells.",
    "An HbA1c test shows your average blood sugar over the past 2 to 3 months.",
    "Check your blood sugar at 7 and again before bed.",
    "Your viral load may fall by 90% in a month.",
    "About 95% of people on treatment have an undetectable viral load, and the HbA1c test is 95% accurate.",
    "People with type 2 diabetes have their HbA1c checked once a year.",
    "Store insulin at a temperature between 2°C and 8°C.",
    "A urine albumin to creatinine ratio (ACR) of 3 mg/mmol or more shows protein.",
    "Your HbA1c costs £5 to check.",
])
def test_numbers_that_measure_nothing_are_not_tied(text):
    assert tied(text) == []


def test_a_table_row_ties_values_to_the_analyte_in_its_first_cell():
    text = "| Test | Range |\n| --- | --- |\n| Creatinine | 60 to 110 µmol/L |\n| HbA1c | below 42 |\n"
    assert tied(text) == [("creatinine", "60 to 110 µmol/L", "µmol/L"), ("hba1c", "42", None)]


def test_quoted_names_and_longest_names_win():
    assert tied('"Good" cholesterol of 1 mmol/L and glycated haemoglobin of 48 mmol/mol.') == [
        ("hdl-cholesterol", "1 mmol/L", "mmol/L"), ("hba1c", "48 mmol/mol", "mmol/mol")]


# --------------------------------------------------------------------------- the rules


def test_mismatch_names_the_analyte_the_wrong_unit_and_the_right_one_and_fixes_a_known_swap():
    text = "If your CD4 count falls below 200 copies/mL, you are at risk."
    [(rule, span, message, suggestion, fix)] = findings(text)
    assert (rule, span, suggestion) == ("units.analyte-mismatch", "copies/mL", "cells/mm³")
    assert "CD4 count" in message and "not copies/mL" in message and "write cells/mm³" in message
    assert text[:fix.start] + fix.replacement + text[fix.end:] == text.replace("copies/mL", "cells/mm³")


def test_viral_load_in_cd4_units_is_fixed_to_copies_per_ml():
    [(_, span, _, suggestion, fix)] = findings("A viral load of 1,000 cells/µL or more is high.")
    assert (span, suggestion, fix.replacement) == ("cells/µL", "copies/mL", "copies/mL")


def test_a_swap_without_an_unambiguous_answer_has_no_fix():
    [(rule, span, _, suggestion, fix)] = findings("An HbA1c of 48 mmol/L or more means diabetes.")
    assert (rule, span, suggestion, fix) == ("units.analyte-mismatch", "mmol/L", "mmol/mol", None)


def test_a_swap_whose_number_is_implausible_in_the_right_unit_is_not_fixed():
    [(_, _, _, _, fix)] = findings("A CD4 count of 5,000 copies/mL.")
    assert fix is None


def test_an_implausible_percentage_hba1c_says_it_looks_like_mmol_per_mol():
    [(rule, span, message, suggestion, fix)] = findings("Many people aim for an HbA1c of 53% or below.")
    assert (rule, span, suggestion, fix) == ("units.implausible-value", "53%", "53 mmol/mol", None)
    assert "looks like mmol/mol" in message


def test_blood_pressure_must_have_the_higher_number_first():
    [(rule, span, message, suggestion, _)] = findings("A reading of 80/120 mmHg would be normal.")
    assert (rule, span, suggestion) == ("units.implausible-value", "80/120 mmHg", "120/80 mmHg")
    assert "systolic" in message


def test_temperatures_in_the_wrong_scale():
    assert findings("A temperature of 101°C is a fever.")[0][3] == "101 °F"
    assert findings("A temperature of 38°F is a fever.")[0][3] == "38 °C"
    assert findings("A normal temperature is 37°C (98.6°F).") == []


def test_a_value_without_a_unit_gets_the_plausible_unit_suggested():
    [(rule, span, message, suggestion, _)] = findings("Aim for a blood sugar of 7 or below before meals.")
    assert (rule, span, suggestion) == ("units.missing", "7", "7 mmol/L")
    [(_, span, _, suggestion, _)] = findings("You may be referred if your eGFR falls below 30.")
    assert (span, suggestion) == ("30", "30 mL/min/1.73 m²")


def test_a_value_without_a_unit_and_plausible_in_none_is_implausible_not_missing():
    assert rules("If your HbA1c is over 480, call us.") == [("units.implausible-value", "480")]


def test_missing_unit_option_ignores_chosen_analytes():
    config = parse_config({"rules": {"units.missing": {"ignore_analytes": ["egfr"]}}}, "reviewer.toml", Path("."))
    text = "If your eGFR falls below 30 or your blood sugar is 7, call us."
    assert [f.rule for f in lint_text(text, select=["units.missing"], config=config)] == ["units.missing"]


def test_suppression_comments_apply_to_units_rules():
    text = "<!-- reviewer-disable-next-line units.missing -->\nAim for a blood sugar of 7 or below.\n"
    assert findings(text) == []


def test_units_in_code_spans_and_links_are_not_prose():
    assert findings("Write `CD4 count 200 copies/mL` in the form.") == []


# --------------------------------------------------------------------------- what follows a value does not decide


@pytest.mark.parametrize("value, expected", [
    ("an HbA1c of 53%", [("units.implausible-value", "53%")]),
    ("an HbA1c of 9%", []),
    ("a blood sugar of 7", [("units.missing", "7")]),
    ("a CD4 count of 200 copies/mL", [("units.analyte-mismatch", "copies/mL")]),
    ("a viral load of 12 log10 copies/mL", [("units.implausible-value", "12 log10 copies/mL")]),
])
@pytest.mark.parametrize("follower", ["suggests you need help", "means you need help", "puts you at risk",
                                      "is worrying", "indicates a problem", ", so call us", "worries doctors"])
def test_a_value_is_checked_whatever_words_follow_it(value, expected, follower):
    text = f"Remember that {value} {follower}."
    assert rules(text) == expected


@pytest.mark.parametrize("text", [
    "About 20% of people with an HbA1c of 6% go on to get diabetes.",
    "Your HbA1c may be 10% lower after a year of treatment.",
    "Check your blood sugar 4 times a day when you are ill.",
    "Your HbA1c is checked every 6 months.",
    "An HbA1c test shows your blood sugar over the past 2 to 3 months.",
])
def test_shares_changes_counts_and_times_are_not_levels(text):
    assert rules(text) == []
