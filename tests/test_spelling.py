"""spelling.unknown: dictionaries, what is skipped, suggestions, British and American spelling."""

from __future__ import annotations

import pytest

from conftest import AS_OF
from reviewer.lint.checks.spelling import american_spelling, british_spelling
from reviewer.config import ConfigError, parse_config
from reviewer.lint.engine import lint_text
from reviewer.lint.rulepack import PackError

RULE = "spelling.unknown"


def lint(text: str, config=None, path: str = "article.md"):
    return [f for f in lint_text(text, path, select=[RULE], as_of=AS_OF, config=config) if f.rule == RULE]


def words(text: str, config=None) -> list[str]:
    return [f.message.split("'")[1] for f in lint(text, config)]


def config_with(tmp_path, **options):
    return parse_config({"rules": {RULE: options}}, "test", tmp_path)


def test_typo_with_suggestions_one_edit_away():
    (finding,) = lint("# Side effects\n\nThere is usually another medecine you can take.\n")
    assert (finding.line, finding.column) == (3, 26)
    assert finding.message == "unknown word 'medecine'; did you mean 'medicine'?"
    assert finding.suggestion == "medicine"


def test_each_unknown_word_is_reported_once():
    assert words("Take a seperate test. Then a seperate one.\n") == ["seperate"]


def test_a_word_with_nothing_one_edit_away_is_left_alone():
    (finding,) = lint("The reslut is ready.\n")  # 'result' is a transposition: one edit
    assert finding.suggestion == "result"
    # Two edits from 'result': no close guess, and on real pages such words were names, new terms and
    # scraping leftovers far more often than typos.
    assert lint("The rsluet is ready.\n") == []


def test_medical_words_and_pack_terms_are_known():
    text = ("Metformin, dapagliflozin, semaglutide and levothyroxine are medicines. Lipohypertrophy and\n"
            "gastroparesis are conditions; eGFR is in mL/min/1.73 m² and glucose in mmol/L.\n")
    assert words(text) == []


@pytest.mark.parametrize("text", [
    "Your HIV, CD4 and HbA1c results are back.",
    "Dr Okafor works with the Terrence Higgins Trust.",
    "Visit https://www.example.org/medecine or run `pip install reviewr`.",
    "Take 2.5mg, 10mg and your 2nd dose.",
    "Your nurse's advice and the patients' leaflet are clear. You shouldn't skip doses.",
    "Non-drowsy antihistamines and a check-up are fine.",
    "WHAT TO DO IF YOU FEEL UNWELL",
])
def test_skipped(text):
    assert words(text + "\n") == []


def test_sentence_start_is_checked_unless_the_article_uses_the_word_as_a_name():
    assert words("Medecine helps.\n") == ["Medecine"]
    assert words("Okafor runs the clinic. Ask Dr Okafor.\n") == []


def test_hyphenated_parts_are_checked_one_by_one():
    assert words("A well-known side-efect.\n") == ["side-efect"]


def test_british_and_american_both_accepted_by_default():
    text = ("Haemoglobin and hemoglobin, anaemia and anemia, oedema and edema, colour and color,\n"
            "centre and center, organise and organize, travelled and traveled, grey and gray.\n")
    assert words(text) == []


def test_variant_us_reports_british_spellings(tmp_path):
    config = config_with(tmp_path, variant="us")
    findings = lint("The colour of your haemoglobin test tube is grey. Hemoglobin is fine.\n", config)
    assert [(f.message, f.suggestion) for f in findings] == [
        ("'colour' is not American spelling: write 'color'", "color"),
        ("'haemoglobin' is not American spelling: write 'hemoglobin'", "hemoglobin"),
        ("'grey' is not American spelling: write 'gray'", "gray"),
    ]


def test_variant_uk_reports_american_spellings(tmp_path):
    config = config_with(tmp_path, variant="uk")
    findings = lint("We organize the center by color. Anemia is common. The size and the doctor are fine.\n",
                    config)
    assert [f.suggestion for f in findings] == ["organise", "centre", "colour", "Anaemia"]


def test_variant_must_be_known(tmp_path):
    with pytest.raises(ConfigError):
        config_with(tmp_path, variant="au")


@pytest.mark.parametrize("british, american", [
    ("colour", "color"), ("favourite", "favorite"), ("behaviour", "behavior"), ("centre", "center"),
    ("centred", "centered"), ("organised", "organized"), ("analyse", "analyze"), ("travelled", "traveled"),
    ("haemoglobin", "hemoglobin"), ("hyperglycaemia", "hyperglycemia"), ("paediatric", "pediatric"),
    ("oedema", "edema"), ("oesophagus", "esophagus"), ("diarrhoea", "diarrhea"), ("programme", "program"),
])
def test_variant_pairs(british, american):
    assert american_spelling(british) == american
    if british != "programme":
        assert british_spelling(american) == british


@pytest.mark.parametrize("word", ["four", "hour", "advise", "exercise", "acre", "filled", "chemotherapy"])
def test_words_that_only_look_british(word):
    assert american_spelling(word) is None


@pytest.mark.parametrize("word", ["doctor", "size", "meter", "academia", "estrange", "error"])
def test_words_that_only_look_american(word):
    assert british_spelling(word) is None


def test_accept_file_and_front_matter(tmp_path):
    (tmp_path / "words.txt").write_text("# ours\ndosette\n", encoding="utf-8")
    text = "---\nreviewer:\n  accept_words: [insuline]\n---\n\nUse the dosette and the insuline.\n"
    assert words(text) == ["dosette"]
    assert words(text, config_with(tmp_path, accept_file="words.txt")) == []
    with pytest.raises(PackError, match=r"missing.txt: file not found \(option spelling.unknown.accept_file\)"):
        lint(text, config_with(tmp_path, accept_file="missing.txt"))


def test_the_shipped_word_list_is_pyspellchecker_s_without_possessives():
    """The run-time dictionary is the frequency table; it must hold every pyspellchecker word (its source)."""
    import spellchecker
    from reviewer.language.lexicon.frequency import load_table

    table = load_table()
    source = spellchecker.SpellChecker(language="en").word_frequency.dictionary
    missing = [w for w in source if not table.get(w) and not w.endswith("'s")]
    assert missing == []
    assert len(table) >= len([w for w in source if not w.endswith("'s")])


def test_suggestions_are_one_edit_away_most_common_first():
    from reviewer.lint.checks.spelling import edits1

    assert {"medicine", "medecin", "medecines"} <= edits1("medecine")
    assert "mdicine" not in edits1("medecine")
    assert "recieve" in edits1("receive")  # a swap of neighbours


def test_the_word_store_spelling_table_matches_its_text_source():
    """words.sqlite's `spelling` table is built from spelling_words.txt.gz: rebuild it when that changes."""
    import sqlite3

    from reviewer.language.lexicon.wordstore import STORE_FILE, spelling_table

    with sqlite3.connect(f"{STORE_FILE.as_uri()}?mode=ro", uri=True) as connection:
        stored = dict(connection.execute("SELECT word, kind FROM spelling"))
    assert stored == spelling_table()
    assert len(stored) > 150_000 and stored["endovascular"] == "w" and stored["pdf"] == "a"


@pytest.mark.parametrize("word", ["endovascular", "bariatric", "polyangiitis", "mofetil", "hantavirus", "jewellery",
                                  "wellbeing", "countertops", "facemask", "worksite", "onsite"])
def test_medical_and_everyday_words_from_the_shipped_lists(word):
    assert words(f"Ask about {word} today.\n") == []


@pytest.mark.parametrize("text", [
    "Many people telework or use telehealth.",  # a prefix written closed up
    "Cohorting patients is common, and the covers are wipeable and fillable.",  # -ing, -able on a listed word
    "Wash hands often: handwashing and hand washing both work.",  # a closed compound, bare first word
    "Get the guidancepdf leaflet.",  # a link label run into the word before it
    "Purée the soup; puréed food is easier to swallow.",  # accents
    "Bring soap, towels, etc. Read more at nhs.uk or www.gov.uk today.",  # abbreviations, domain names
])
def test_regularly_built_words_are_accepted(text):
    assert words(text + "\n") == []


@pytest.mark.parametrize("text, expected", [
    ("People at higher risk, and anyone at higherrisk, should ask.", "higher risk"),  # written apart elsewhere
    ("Talk to eachother.", "each other"),  # a function word: never a closed compound
    ("It is occuring at night.", "occurring"),  # occur doubles its r: not occur + ing
    ("Be carefull.", "careful"),
    ("Things untill now.", "until"),  # not un + till
])
def test_typos_that_look_like_built_words_are_still_reported(text, expected):
    (finding,) = lint(text + "\n")
    assert finding.suggestion == expected


def test_a_term_the_article_uses_again_and_again_is_its_own_word():
    assert words("Fill your dosette box.\n") == ["dosette"]  # once: perhaps 'rosette', a rare word
    text = ("Fill your dosette box. Keep the dosette dry. A dosette helps.\n\n"
            "Take a seperate test. Then a seperate one. A third seperate test is rare.\n")
    assert words(text) == ["seperate"]  # 'separate' is common: a typo however often it is written
