"""Syllables, readability counts and formulas (checked against textstat), and the readability.* rules."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, ROOT
from reviewer.language import readability
from reviewer.config import parse_config
from reviewer.document import parse
from reviewer.lint.engine import lint_text
from reviewer.language.lexicon import easy_words
from reviewer.language.lexicon.syllables import count_syllables, heuristic_syllables, syllable_table
from reviewer.language.readability import FORMULAS, Counts, dale_chall_band, formula_named, grade, measured_sentences

# --------------------------------------------------------------------------- syllables


def test_table_holds_the_cmu_dictionary_without_its_header():
    table = syllable_table()
    assert len(table) > 120_000
    assert not any(word.startswith("#") for word in table)
    assert syllable_table() is table  # loaded once


@pytest.mark.parametrize("word, expected", [
    ("diabetes", 4), ("medicine", 3), ("Medicine", 3), ("cholesterol", 4), ("read", 1),
    ("every", 3),  # the first pronunciation (EH1 V ER0 IY0), as textstat takes it
    ("don't", 1), ("don’t", 1), ("HIV", 3), ("aids", 1),
])
def test_dictionary_words(word, expected):
    assert count_syllables(word) == expected


@pytest.mark.parametrize("word, expected", [
    ("CD4", 3), ("eGFR", 4), ("ARVs", 3), ("HbA1c", 5), ("NHS", 3), ("GP", 2), ("BMI", 3),
    ("COVID", 2),  # five capitals: said as a word, not spelled
    ("HIV-1", 4), ("COVID-19", 3),  # a number counts one syllable, as in textstat
    ("IL-2", 2),  # the dictionary has "il": it wins over spelling, as for AIDS (1) and NICE (1)
])
def test_acronyms_are_spelled_letter_by_letter(word, expected):
    assert count_syllables(word) == expected


@pytest.mark.parametrize("word, expected", [
    ("long-term", 2), ("finger-prick", 3), ("pharmacist's", 3), ("glucose's", 3), ("dose's", 2),
    ("anti\u00adbiotic", 5),
])
def test_compounds_and_possessives_build_on_the_table(word, expected):
    assert count_syllables(word) == expected


@pytest.mark.parametrize("word, expected", [
    ("metformin", 3), ("atorvastatin", 5), ("semaglutide", 4), ("dapagliflozin", 5), ("haemoglobin", 4),
    ("hyperglycaemia", 6), ("oesophagus", 4), ("anaemia", 4), ("paracetamol", 5),
    ("table", 2), ("handled", 2), ("takes", 1), ("boxes", 2), ("tested", 2), ("walked", 1), ("likely", 2),
    ("careful", 2), ("something", 2), ("basically", 3), ("diet", 2), ("idea", 3), ("video", 3), ("usual", 3),
    ("going", 2), ("yes", 1), ("500", 1), ("", 1),
])
def test_heuristic_for_words_the_dictionary_lacks(word, expected):
    assert heuristic_syllables(word) == expected


def test_heuristic_agrees_with_the_dictionary_on_most_words():
    table = syllable_table()
    sample = sorted(w for w in table if w.isalpha())[::7]
    agree = sum(heuristic_syllables(w) == table[w] for w in sample) / len(sample)
    assert agree >= 0.89  # 91.6% over the whole table, 95% on the 20,000 commonest words


def test_easy_words_are_textstats_dale_chall_list():
    spec = importlib.util.find_spec("textstat")  # locates the package without importing it
    shipped = Path(spec.submodule_search_locations[0]) / "resources" / "en" / "easy_words.txt"
    assert easy_words() == {line.strip() for line in shipped.read_text(encoding="utf-8").splitlines() if line}


def test_data_loads_lazily_and_textstat_is_never_imported():
    script = (
        "import sys\n"
        "import reviewer.lint.checks.readability, reviewer.language.readability\n"
        "from reviewer.language.lexicon.syllables import syllable_table\n"
        "from reviewer.language.lexicon.wordstore import word_store\n"
        "print(word_store.cache_info().currsize)\n"
        "from reviewer.lint.engine import lint_text\n"
        "lint_text('# Title\\n\\nSome words to read here today.\\n', select=['readability'])\n"
        "print(word_store.cache_info().currsize, syllable_table.cache_info().currsize,\n"
        "      'textstat' in sys.modules, 'nltk' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    # the word store opens on first use; the whole syllable table is never loaded for a lint
    assert out.stdout.split() == ["0", "1", "0", "False", "False"]


def test_word_store_agrees_with_the_text_tables():
    """words.sqlite is built from the two text tables (benchmarks/build_wordstore.py): same answers."""
    from reviewer.language.lexicon.frequency import load_table
    from reviewer.language.lexicon.wordstore import WordStore

    store, frequency, syllables = WordStore(), load_table(), syllable_table()
    sample = sorted(syllable_table())[::97] + load_table().dictionary_only[::97] + sorted(load_table().seen)[::97]
    sample += ["zzqx", "nephropathy", "the", "heart's"]

    def from_text(word: str) -> tuple[int | None, int | None]:
        value = frequency.get(word)
        return (round(value * 10) if value else None), syllables.get(word)

    mismatches = [w for w in sample if (store.zipf_tenths(w), store.syllables(w)) != from_text(w)]
    assert mismatches == [], "run python benchmarks/build_wordstore.py"
    count = store._connection.execute("SELECT count(*) FROM words").fetchone()[0]
    assert count == len(set(syllable_table()) | set(load_table().seen) | set(load_table().dictionary_only))


def test_without_sqlite3_the_text_tables_give_the_same_answers():
    """A Python built without sqlite3: word_store() is None and the lexicon reads its text tables."""
    script = (
        "import sys\n"
        "sys.modules['sqlite3'] = None  # import sqlite3 now fails, as on such a build\n"
        "from reviewer.language.lexicon.wordstore import word_store\n"
        "from reviewer.language.lexicon.frequency import zipf\n"
        "from reviewer.language.lexicon.syllables import count_syllables\n"
        "print(word_store(), zipf('the'), zipf('nephropathy'), count_syllables('nephropathy'))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    from reviewer.language.lexicon.frequency import zipf
    from reviewer.language.lexicon.syllables import count_syllables

    assert out.stdout.split() == ["None", str(zipf("the")), str(zipf("nephropathy")),
                                  str(count_syllables("nephropathy"))]


# --------------------------------------------------------------------------- counts


def _sentences(text: str, path: str = "article.md"):
    return measured_sentences(parse(text, path))


def test_numbers_and_initials_are_one_word():
    [m] = _sentences("Between 500 and 1,600 cells, e.g. a 2.5 mg dose in the U.S. today.\n")
    assert readability.prose_words(m.sentence) == [
        "Between", "500", "and", "1,600", "cells", "e.g", "a", "2.5", "mg", "dose", "in", "the", "U.S", "today"]


def test_headings_and_list_items_are_sentences_however_short_but_short_prose_is_not():
    doc = parse("# Side effects\n\nYou may feel sick. Call 111.\n\n- a headache that lasts\n- tiredness\n", "a.md")
    counts = grade(measured_sentences(doc), FORMULAS["smog"]).counts
    assert counts.words == 2 + 4 + 2 + 4 + 1
    # "Side effects" and "tiredness" end their own sentence, as the NHS asks before running SMOG; "Call 111."
    # inside a paragraph is too short to count, as in textstat
    assert counts.sentences == 4


def test_titles_names_and_link_lists_are_not_graded():
    text = ("# Help\n\nSee Helping Children Cope With Emergencies And Disasters.\n\n"
            "Centers for Disease Control and Prevention\n\n"
            "- [Information for Parents Caring for Children with Long-Term Conditions](https://example.org/a)\n"
            "- [Carers](https://example.org/b) can get help from your local council and charities.\n\n"
            "Ask your doctor if you are worried.\n\nCall NHS 111.\n")
    measured = [m for m in measured_sentences(parse(text, "a.md")) if m.counts.words]
    assert [m.sentence.text for m in measured] == [
        "Help", "Carers can get help from your local council and charities.", "Ask your doctor if you are worried.",
        "Call NHS 111."]


def test_code_urls_and_front_matter_are_not_prose():
    text = ("---\ntitle: Comprehensive pharmacological documentation\n---\n\n"
            "Read https://www.example.org/international/documentation now. Run `pharmacological --interpretation`.\n"
            "\n```\nconcentration calibration interpretation\n```\n")
    counts = readability.total(m.counts for m in _sentences(text))
    assert (counts.words, counts.polysyllables) == (3, 0)
    assert counts.characters == len("Readnow.Run.")


def test_counts_of_one_sentence():
    [m] = _sentences("The doctor's medicine isn't working.\n")
    assert m.counts == Counts(words=5, sentences=1, syllables=1 + 2 + 3 + 2 + 2, polysyllables=1,
                              letters=len("Thedoctorsmedicineisntworking"),
                              characters=len("Thedoctor'smedicineisn'tworking."),
                              hard_words=2, complex_words=0)  # "medicine" is on the Dale-Chall list


def test_hyphenated_words_are_easy_when_their_parts_are():
    assert readability.is_easy_word("far-off") and readability.is_easy_word("well-known")
    assert not readability.is_easy_word("drug-resistant")


def test_sections_hold_their_subsections():
    doc = parse("# T\n\n## A\n\nx.\n\n### A1\n\ny.\n\n## B\n\nz.\n", "a.md")
    headings = {i: b.text for i, b in enumerate(doc.blocks) if b.kind == "heading"}
    spans = {headings[start]: (start, end) for start, end in readability.section_spans(doc)}
    assert spans == {"T": (0, 7), "A": (1, 5), "A1": (3, 5), "B": (5, 7)}


# --------------------------------------------------------------------------- formulas


@pytest.mark.parametrize("score, grade_level, label", [
    (4.9, 4, "grade 4 and below"), (5.0, 6, "grades 5-6"), (6.95, 8, "grades 7-8"), (7.0, 10, "grades 9-10"),
    (8.5, 12, "grades 11-12"), (9.9, 15, "grades 13-15"), (10.0, 16, "grade 16 and above"),
])
def test_dale_chall_scores_map_to_grade_bands(score, grade_level, label):
    assert dale_chall_band(score) == (grade_level, label)
    assert FORMULAS["dale-chall"].grade(score) == grade_level


def test_formulas_on_no_words_are_zero():
    assert all(f.score(Counts()) == 0.0 for f in FORMULAS.values())


def test_unknown_formula_names_the_choices():
    assert formula_named(" SMOG ") is FORMULAS["smog"]
    with pytest.raises(ValueError, match="smog, flesch-kincaid, gunning-fog, coleman-liau, ari, dale-chall"):
        formula_named("fog")


def test_uncertain_grades_say_so():
    few = readability.Grade(FORMULAS["smog"], Counts(words=200, sentences=12, polysyllables=20), 9.84)
    assert few.describe(30) == "SMOG 9.8 (uncertain: 12 sentences; SMOG is calibrated on 30)"
    assert few.describe(10) == "SMOG 9.8"
    fk = readability.Grade(FORMULAS["flesch-kincaid"], Counts(words=200, sentences=12), 7.25)
    assert fk.describe(30) == "Flesch-Kincaid 7.2 (uncertain: 12 sentences, fewer than 30)"
    assert readability.Grade(FORMULAS["dale-chall"], Counts(), 7.44).describe(0) == "Dale-Chall 7.4 (grades 9-10)"


# Texts whose sentences and words every tool counts the same: no numbers, hyphens or abbreviations.
REFERENCE_TEXTS = [
    "Your kidneys filter waste from your blood. They also help to control your blood pressure. "
    "Most people with kidney disease do not feel ill. That is why tests matter. Stay calm.\n\n"
    "Is it serious? Your doctor's nurse will explain what your results mean. You don't need to fast before "
    "the test, and you can eat and drink as usual!\n",
    "Hypertension frequently originates from multifactorial physiological abnormalities. Contributory "
    "determinants additionally encompass excessive dietary sodium consumption, sedentary behaviour and "
    "obesity. Pharmacological intervention is considered when lifestyle modification proves insufficient.\n\n"
    "Angiotensin receptor antagonists are generally well tolerated. Nevertheless, electrolyte concentrations "
    "and renal function necessitate periodic evaluation.\n",
    "Wash your hands before you start. Put a new strip in the meter. Prick the side of your finger, "
    "then touch the drop of blood to the strip. Write the number in your diary. If the number is very low, "
    "eat or drink something sugary straight away and test again after fifteen minutes.\n",
]
TEXTSTAT_FUNCTIONS = {"smog": "smog_index", "flesch-kincaid": "flesch_kincaid_grade", "gunning-fog": "gunning_fog",
                      "coleman-liau": "coleman_liau_index", "ari": "automated_readability_index",
                      "dale-chall": "dale_chall_readability_score"}


class _OurSyllables:
    """Stands in for NLTK's cmudict in textstat: one stressed phone per syllable we count."""

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["AH1"] * count_syllables(word)]


def _clear_textstat_caches(textstat_backend) -> None:
    for info in pkgutil.walk_packages(textstat_backend.__path__, textstat_backend.__name__ + "."):
        for value in vars(importlib.import_module(info.name)).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()


@pytest.fixture(scope="module")
def textstat_offline():
    """textstat (the reference implementation) reading syllables from our table: no NLTK download."""
    import textstat
    backend = importlib.import_module("textstat.backend")
    counter = importlib.import_module("textstat.backend.counts._count_syllables")
    patch = pytest.MonkeyPatch()
    patch.setattr(counter, "get_cmudict", lambda lang: _OurSyllables())
    _clear_textstat_caches(backend)
    yield textstat
    patch.undo()
    _clear_textstat_caches(backend)


@pytest.mark.parametrize("key", list(TEXTSTAT_FUNCTIONS))
@pytest.mark.parametrize("text", REFERENCE_TEXTS, ids=["plain", "dense", "steps"])
def test_formulas_match_textstat(textstat_offline, key, text):
    ours = FORMULAS[key].score(readability.total(m.counts for m in _sentences(text)))
    theirs = getattr(textstat_offline, TEXTSTAT_FUNCTIONS[key])(text)
    assert ours == pytest.approx(theirs, abs=1e-9)


def test_sample_articles_agree_with_textstat_on_the_same_prose(textstat_offline):
    """On whole articles textstat splits "2.5 mg" and reads "eGFR" as a word: close, not equal."""
    for path in sorted((ROOT / "articles").glob("*.md")):
        measured = measured_sentences(parse(path.read_text(encoding="utf-8"), path.name))
        prose = " ".join(t if t[-1] in ".!?" else t + "." for t in (m.sentence.text.strip() for m in measured))
        for key in ("smog", "flesch-kincaid"):
            ours = grade(measured, FORMULAS[key]).score
            theirs = getattr(textstat_offline, TEXTSTAT_FUNCTIONS[key])(prose)
            assert ours == pytest.approx(theirs, abs=1.0), f"{path.name} {key}"


# --------------------------------------------------------------------------- rules

DENSE = ("Hypertension frequently originates from multifactorial physiological abnormalities. "
         "Contributory determinants additionally encompass excessive dietary sodium consumption. "
         "Pharmacological intervention is considered when lifestyle modification proves insufficient. ")
PLAIN = "Take one tablet each morning with a glass of water. You can take it with or without food. "


def _lint(text: str, rule_id: str, path: str = "article.md", **options):
    config = parse_config({"rules": {rule_id: options}}, "test", ROOT) if options else None
    return lint_text(text, path, select=[rule_id], as_of=AS_OF, config=config)


def _article(paragraphs: list[str], title: str = "# Blood pressure\n\n") -> str:
    return title + "\n\n".join(paragraphs) + "\n"


def test_grade_reports_formula_grade_target_and_hardest_lines_at_the_title():
    text = _article([PLAIN * 3, DENSE * 4, PLAIN * 3, DENSE])
    [finding] = _lint(text, "readability.grade")
    assert (finding.line, finding.severity.value) == (1, "warning")
    assert finding.message.startswith("article reads at SMOG 1")
    assert "(uncertain: 28 sentences; SMOG is calibrated on 30), well above the target of 8;" in finding.message
    assert finding.message.endswith("the hardest sentences are on lines 5, 9 and 3")  # distinct lines, hardest first


def test_grade_is_quiet_on_plain_writing_and_on_stubs():
    assert _lint(_article([PLAIN * 20]), "readability.grade") == []
    assert _lint(_article([DENSE]), "readability.grade") == []  # under min_words: too short to grade
    assert _lint(_article([DENSE]), "readability.grade", min_words=10) != []


def test_grade_options_choose_formula_and_target():
    text = _article([DENSE * 12])
    [fk] = _lint(text, "readability.grade", formula="flesch-kincaid")
    assert fk.message.startswith("article reads at Flesch-Kincaid ") and "uncertain" not in fk.message
    [dc] = _lint(text, "readability.grade", formula="dale-chall", min_sentences=40)
    assert "Dale-Chall" in dc.message and "(grade 16 and above) (uncertain: 37 sentences, fewer than 40)" in dc.message
    assert _lint(text, "readability.grade", target=40) == []


def test_an_unknown_formula_is_a_config_error():
    from reviewer.config import ConfigError, parse_config

    with pytest.raises(ConfigError, match="rules.readability.grade.formula: 'fog' is not allowed; use one of smog"):
        parse_config({"rules": {"readability.grade": {"formula": "fog"}}}, "reviewer.toml", Path("."))


def test_grade_lands_on_the_front_matter_title_or_line_one_without_a_heading():
    body = "\n\n".join([DENSE * 12]) + "\n"
    [with_title] = _lint("---\nreviewed: 2026-01-01\ntitle: Blood pressure\n---\n\n" + body, "readability.grade")
    assert with_title.line == 3
    [bare] = _lint(body, "readability.grade")
    assert bare.line == 1


def test_section_grade_needs_a_margin_above_target_and_enough_text():
    text = _article(["## Treatment", PLAIN * 4, "### Medicines", DENSE * 5, "## Checks", PLAIN * 3])
    found = _lint(text, "readability.section-grade")
    assert [(f.line, f.message.split(" (")[0]) for f in found] == [
        (3, "section reads at Flesch-Kincaid 19.2"), (7, "section reads at Flesch-Kincaid 29.6")]
    assert "well above the target of 8; start with the sentences on line 9" in found[1].message
    assert _lint(text, "readability.section-grade", margin=30.0) == []
    assert _lint(text, "readability.section-grade", min_words=200) == []


def test_a_short_dense_section_is_too_little_text_to_grade():
    """Three hard sentences (under 100 words) move SMOG by grades: not enough text to judge a section."""
    text = _article([PLAIN * 3, "## Causes", DENSE, "## Checks", PLAIN * 3])
    assert _lint(text, "readability.section-grade") == []
    assert _lint(text, "readability.section-grade", formula="smog", min_words=10) != []


def test_article_grade_reports_only_well_above_the_target_unless_margin_is_zero():
    middling = _article([PLAIN * 6, DENSE])
    assert _lint(middling, "readability.grade") == []
    [strict] = _lint(middling, "readability.grade", margin=0.0)
    assert ", above the target of 8;" in strict.message


def test_section_grade_leaves_the_whole_article_to_readability_grade():
    assert _lint(_article([DENSE * 5]), "readability.section-grade") == []


def test_long_sentence_counts_words_as_the_formulas_do():
    sentence = "Your dose is 2.5 mg " + "and you take it every day " * 4 + "at noon with food and water.\n"  # 35 words
    assert _lint(_article([sentence]), "readability.long-sentence", max_words=35) == []
    [finding] = _lint(_article([sentence]), "readability.long-sentence", max_words=34)
    assert (finding.line, finding.message) == (3, "sentence has 35 words (more than 34); split it into shorter "
                                                  "sentences")


def test_long_sentence_reports_the_longest_and_names_the_rest_at_the_title():
    sentences = [f"Take the tablets {'every single day ' * n}with water." for n in (9, 10, 11, 12)]  # 32 to 41 words
    summary, *each = _lint(_article(sentences), "readability.long-sentence", max_per_article=2)
    assert [(f.line, f.message.split(" (")[0]) for f in each] == [(7, "sentence has 38 words"),
                                                                   (9, "sentence has 41 words")]
    assert summary.line == 1 and summary.message.startswith("2 more sentences have more than 27 words, on lines 3 and 5")
    assert summary.message.endswith("(only the 2 longest are reported one by one)")
    assert len(_lint(_article(sentences), "readability.long-sentence")) == 4  # under the default cap: one each


@pytest.mark.parametrize("text, words", [
    ("Hand gel: " + "rub it in " * 8 + "well.", 25),  # a label before a colon is not read as the sentence
    ("Staff -- in this guide " + "staff means " * 10 + "everyone.", 24),
    ("Wash your hands well. )Dry them " + "with care " * 10 + "now.", 23),  # a stray bracket ends a sentence
    ("Gowns and aprons for staff\tEye protection " + "and gloves " * 8 + "too.", 19),  # items run together
])
def test_long_sentence_leaves_out_labels_and_finds_hidden_sentence_ends(text, words):
    [finding] = _lint(_article([text]), "readability.long-sentence", max_words=words - 1)
    assert finding.message.startswith(f"sentence has {words} words")
    assert _lint(_article([text]), "readability.long-sentence", max_words=words) == []


def test_plain_text_articles_are_graded_too():
    text = "Blood pressure\n\n" + "\n\n".join([DENSE * 12]) + "\n"
    [finding] = _lint(text, "readability.grade", path="article.txt")
    assert finding.line == 1


def test_a_review_footer_is_never_one_of_the_hardest_sentences():
    footer = "\n\nPage last reviewed: 14 September 2023\nNext review due: 14 September 2026\n"
    text = _article([PLAIN * 3, DENSE * 4]) + footer
    [finding] = _lint(text, "readability.grade", margin=0.0)
    footer_line = text.splitlines().index("Page last reviewed: 14 September 2023") + 1
    assert f"{footer_line}" not in finding.message.split("hardest sentences are on ")[1]
