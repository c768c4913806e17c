"""Notation: error-prone dose notation, only in doses, with the safe fixes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AS_OF
from reviewer.config import ConfigError, parse_config
from reviewer.lint.engine import lint_text
from reviewer.lint.fixer import apply_fixes


def findings(text, rule="notation", config=None):
    return lint_text(text, select=[rule], as_of=AS_OF, config=config)


def spans(text, rule="notation", config=None):
    return [(f.rule, text[f.start:f.end]) for f in findings(text, rule, config)]


def fixed(text, rule="notation", config=None):
    return apply_fixes(text, [f.fix for f in findings(text, rule, config) if f.fix])[0]


def nhs():
    return parse_config({"rules": {"notation.number-unit-spacing": {"style": "nhs"}}}, "reviewer.toml", Path("."))


@pytest.mark.parametrize("text, expected", [
    ("Take 5.0 mg once a day.", "Take 5 mg once a day."),
    ("Take 2.50 mg once a day.", "Take 2.5 mg once a day."),
    ("Raise it to .5 mg after 4 weeks.", "Raise it to 0.5 mg after 4 weeks."),
    ("Start on 25 µg a day.", "Start on 25 mcg a day."),
    ("Start on 25 μg a day.", "Start on 25 mcg a day."),
    ("Each 5 cc holds 250 mg.", "Each 5 mL holds 250 mg."),
    ("Take 10mg once a day.", "Take 10 mg once a day."),
    ("Each 5cc holds 250 mg.", "Each 5 mL holds 250 mg."),
])
def test_safe_fixes(text, expected):
    assert fixed(text) == expected


def test_abbreviations_that_need_the_writers_words_are_reported_without_a_fix():
    text = "Take 10 U of insulin QD and 1,000 IU of vitamin D."
    found = findings(text, "notation.abbreviation")
    assert [(text[f.start:f.end], f.suggestion, f.fix) for f in found] == [
        ("U", "units", None), ("QD", "daily", None), ("IU", "units", None)]
    assert "Joint Commission" not in found[0].message and "misread" in found[0].message


@pytest.mark.parametrize("text", [
    "In the U.S., insulin is sold in pens.",
    "She works at one of the top 10 U.S. hospitals.",
    "cc: the email to your nurse.",
    "People with MS (multiple sclerosis) may take 10 mg of baclofen.",
    "cc: the practice nurse.",
    "An ALT of 40 U/L is normal.",
    "QD Health is the name of the booking app.",
    "Vitamin D is measured in international units (IU).",
])
def test_abbreviations_outside_a_dose_stay_quiet(text):
    assert spans(text, "notation.abbreviation") == []


@pytest.mark.parametrize("text, word", [
    ("Take one tablet q.d. with food.", "q.d."),
    ("Take the dose QOD.", "QOD"),
    ("Use 2 puffs qhs.", "qhs"),
    ("MS 10 mg every 4 hours.", "MS"),
    ("Give 10 mg of MS.", "MS"),
    ("MSO4 5 mg on the chart.", "MSO4"),
    ("MgSO4 4 g in pre-eclampsia.", "MgSO4"),
])
def test_word_abbreviations_next_to_a_dose(text, word):
    assert spans(text, "notation.abbreviation") == [("notation.abbreviation", word)]


@pytest.mark.parametrize("text", [
    "Your HbA1c 6.0% is fine.",
    "Potassium 3.5 to 5.0 mmol/L is normal.",
    "A creatinine of 1.0 mg/dL is normal.",
    "CRP below 5.0 mg/L is normal.",
    "White cells 4.0 to 11.0 × 10⁹/L.",
    "Version 2.0 of the app.",
])
def test_laboratory_results_keep_their_trailing_zero(text):
    assert spans(text, "notation.trailing-zero") == []


def test_a_number_tied_to_an_analyte_is_a_result_even_in_a_dose_unit(tmp_path):
    (tmp_path / "units.yml").write_text(
        "pack: units\ndescription: a house analyte measured in grams\nsources: []\nentries:\n"
        "  - {analyte: urine-protein, name: urine protein, names: [urine protein], suggest: g,\n"
        "     units: [{unit: g, spellings: [g], range: [0, 20]}]}\n", encoding="utf-8")
    config = parse_config({"rule_packs": [str(tmp_path)]}, "reviewer.toml", tmp_path)
    text = "Your urine protein is 1.0 g a day. Take 1.0 g of paracetamol."
    assert [f.start for f in findings(text, "notation.trailing-zero", config)] == [text.index("1.0 g of")]


def test_spacing_style_nhs_joins_and_never_joins_units_that_must_stay_apart():
    text = "Take 10 mg, or 5 mL, or 10 units, or 10 U."
    assert fixed(text, "notation.number-unit-spacing", nhs()) == "Take 10mg, or 5mL, or 10 units, or 10 U."
    assert spans("Take 10mg.", "notation.number-unit-spacing", nhs()) == []


def test_spacing_default_is_ismp():
    assert spans("Take 10mg or 5 mg.", "notation.number-unit-spacing") == [("notation.number-unit-spacing", "10mg")]


def test_an_unknown_spacing_style_is_a_config_error():
    with pytest.raises(ConfigError, match="number-unit-spacing.style: 'apa' is not allowed; use one of ismp, nhs"):
        parse_config({"rules": {"notation.number-unit-spacing": {"style": "apa"}}}, "reviewer.toml", Path("."))


def test_a_dose_split_by_markup_is_reported_but_only_fixed_where_the_source_matches():
    text = "Take **5.0** mg once a day, or 10*mg*."
    found = {f.rule: f for f in findings(text, "notation")}
    assert set(found) == {"notation.trailing-zero", "notation.number-unit-spacing"}
    zero = found["notation.trailing-zero"].fix
    assert text[zero.start:zero.end] == "5.0" and zero.replacement == "5"
    assert found["notation.number-unit-spacing"].fix is None  # "10" and "mg" do not touch in the source


def test_every_notation_entry_has_a_reason_a_replacement_and_a_source():
    from reviewer.lint.checks.notation import NOTATION_SCHEMA
    from reviewer.lint.rulepack import Packs

    entries = Packs().entries("notation", NOTATION_SCHEMA)
    spellings = {s for e in entries if e["rule"] == "abbreviation" for s in e["spellings"]}
    assert {"U", "IU", "QD", "QOD", "q.d.", "qhs", "MS", "MSO4", "MgSO4", "cc", "µg"} <= spellings
    for entry in entries:
        assert entry["reason"] and entry["source"]
        if entry["rule"] not in ("dose-context", "not-a-dose"):
            assert entry.get("replacement")
