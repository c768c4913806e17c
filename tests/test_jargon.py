"""Jargon and plain words: explanations, the lexicon, rarity, jargon.undefined and plain.simpler-word."""

from __future__ import annotations

import pytest

from conftest import AS_OF
from reviewer.language.vocabulary import plural_forms
from reviewer.lint.checks.jargon import looks_like_jargon
from reviewer.lint.checks.plain import article_for, match_case, verb_forms
from reviewer.config import parse_config
from reviewer.language.explained import explanation
from reviewer.language.lexicon import frequency
from reviewer.lint.engine import lint_text

JARGON = "jargon.undefined"
PLAIN = "plain.simpler-word"


def lint(text: str, rule: str, config=None):
    return [f for f in lint_text(text, select=[rule], as_of=AS_OF, config=config) if f.rule == rule]


def explained(sentence: str, term: str, next_sentence: str = "") -> str | None:
    start = sentence.index(term)
    return explanation(sentence, start, start + len(term), 0, len(sentence), next_sentence)


# --------------------------------------------------------------------------- explanations


@pytest.mark.parametrize("sentence, term, next_sentence, how", [
    ("Nephropathy (kidney damage) is common.", "Nephropathy", "", "X (plain words)"),
    ("Your kidneys may be damaged (nephropathy) over time.", "nephropathy", "", "plain words (X)"),
    ("It measures creatinine, which is a waste product.", "creatinine", "", "X, which is"),
    ("Platelets, which help your blood to clot, are counted.", "Platelets", "", "X, which is"),
    ("It can cause oedema, or swelling, in your ankles.", "oedema", "", "X, or ..."),
    ("It measures creatinine, a waste product of muscles.", "creatinine", "", "X, a ..."),
    ("Statins are medicines that lower cholesterol.", "Statins", "", "X is a"),
    ("Dialysis is a treatment that filters your blood.", "Dialysis", "", "X is a"),
    ("Undetectable means the test cannot find it.", "Undetectable", "", "X means"),
    ("High blood pressure, which doctors call hypertension, is common.", "hypertension", "", "called X"),
    ("This is called an interaction.", "interaction", "", "called X"),
    ("The medical name for this is oedema.", "oedema", "", "called X"),
    ("Chronic kidney disease (CKD) means your kidneys do not work well.", "Chronic kidney disease", "", "X means"),
    ("PrEP (pre-exposure prophylaxis) is medicine that stops HIV.", "pre-exposure prophylaxis", "", "X is a"),
    ("A glycated haemoglobin (HbA1c) test shows your average blood sugar.", "glycated haemoglobin", "", "X shows"),
    ("Some people get comorbidities.", "comorbidities", "These are other health conditions.", "next sentence"),
    ("Some people get angina.", "angina", "It's chest pain when the heart is short of blood.", "next sentence"),
    # shapes real pages use (issue 11)
    ("Diabetes can cause sight problems (diabetic retinopathy).", "retinopathy", "", "plain words (X)"),
    ("They take a small sample of tissue (a biopsy) to test.", "biopsy", "", "plain words (X)"),
    ("Your legs may show oedema, meaning they swell with fluid.", "oedema", "", "X, which is"),
    ("Tachycardia – a heartbeat faster than normal", "Tachycardia", "", "X, a ..."),
    ("Bradycardia - the heart beats slower than normal", "Bradycardia", "", "X – plain words"),
    ("Stenosis: the valve is narrowed", "Stenosis", "", "X – plain words"),
    ("A gastric band is a ring around the top of your stomach.", "gastric", "", "X is a"),
    ("Acute kidney injury (AKI) means your kidneys suddenly stop working.", "Acute", "", "X means"),
    ("This swelling is called an abdominal aortic aneurysm.", "aneurysm", "", "called X"),
    ("People with chronic medical conditions such as diabetes should go.", "chronic", "", "examples"),
    ("People with chronic conditions like asthma should go.", "chronic conditions", "", "examples"),
    ("Long use of corticosteroids and other medicines that weaken immunity adds risk.", "corticosteroids", "",
     "X and other ..."),
    ("It lasts for the incubation period of the disease, which is the time before symptoms.", "incubation period",
     "", "X, which is"),
    ("Oedema happens when fluid builds up in your body.", "Oedema", "", "X means"),
    ("A heart attack (myocardial infarction or MI) is an emergency.", "myocardial infarction", "", "plain words (X)"),
    ("It uses medicines (such as statins), which lower cholesterol.", "statins", "", "a kind of treatment or test"),
    ("You may need tests such as an echocardiogram.", "echocardiogram", "", "a kind of treatment or test"),
    ("You'll have an angiogram before the operation to look inside your arteries.", "angiogram", "",
     "what it is for"),
    ("Coronary angioplasty and stenting is a treatment that widens arteries.", "angioplasty", "", "X is a"),
    ("Lymphocytes are white blood cells.", "Lymphocytes", "", "X is a"),
    ("Menorrhagia is heavy bleeding.", "Menorrhagia", "", "X is a"),
])
def test_explained(sentence, term, next_sentence, how):
    assert explained(sentence, term, next_sentence) == how


@pytest.mark.parametrize("sentence, term, next_sentence", [
    ("Many people are asymptomatic for years.", "asymptomatic", ""),
    ("Diabetic nephropathy is one of the leading causes of kidney failure.", "nephropathy", ""),
    ("Hypertension is common in older people.", "Hypertension", ""),
    ("Take it with food (see the leaflet).", "food", ""),
    ("Tell the nurse about the platelets that you lost.", "platelets", ""),
    ("Your doctor will check for nephropathy during your yearly review at the clinic.", "nephropathy",
     "This is important."),
    # examples name members of a group, not what a jargon noun means
    ("People with comorbidities such as heart disease need care.", "comorbidities", ""),
    ("Pathogens such as viruses spread in crowds.", "Pathogens", ""),
    ("Symptoms such as dyspnoea are common.", "dyspnoea", ""),  # a symptom's name needs its meaning
    ("People with nephropathy need to see a doctor.", "nephropathy", ""),  # "need to", not a purpose
    ("Bring your list of medicines (see the leaflet on anticoagulants).", "anticoagulants", ""),
    ("Tell us about oedema – it can get worse in summer.", "oedema", ""),
    ("Your nurse checks your feet for oedema: ask her about it.", "oedema", ""),
    ("You may have an echocardiogram (it takes 30 minutes).", "echocardiogram", ""),
    ("Take your medicines (anticoagulants and statins) daily.", "anticoagulants", ""),
    # "is" and a word that describes rather than names: not a definition
    ("Sepsis is treatable.", "Sepsis", ""),
    ("The incidence is rising.", "incidence", ""),
    ("Statins are usually well tolerated.", "Statins", ""),
    ("You may be given an anticoagulant.", "anticoagulant", "It's important to take it every day."),
    ("Some people have cardioversion.", "cardioversion", "It is done in hospital."),
    ("Others get treatment for their anaemia.", "anaemia", "This is usually called supportive care."),
])
def test_not_explained(sentence, term, next_sentence):
    assert explained(sentence, term, next_sentence) is None


# --------------------------------------------------------------------------- rarity and frequency


def test_frequency_table_loads_and_ranks_words():
    assert frequency.zipf("the") > 7 > frequency.zipf("heart") > 5 > frequency.zipf("renal") > 2
    assert frequency.zipf("Heart's") == frequency.zipf("heart")
    assert frequency.zipf("wholegrain") == frequency.DICTIONARY_ONLY
    assert frequency.zipf("nephropathy") == 0.0 and not frequency.is_listed("zzqx")
    assert len(frequency.load_table()) > 120_000


@pytest.mark.parametrize("word, medical, expected", [
    ("nephritis", set(), True),  # medical ending, rare
    ("cholangitis", {"cholangitis"}, True),  # unlisted, but the medical list knows it
    ("nephropathey", set(), False),  # unlisted and unknown: a typo, spelling's business
    ("diagnosis", set(), False),  # medical ending, but common
    ("wholegrain", set(), False),  # dictionary-only, but whole + grain
    ("misleadingly", set(), False),  # dictionary-only, but misleading + ly
    ("ramipril", {"ramipril"}, False),  # a drug name: no medical ending
    ("Okafor", set(), False),
    # rarity alone never fires: long words seen only in dictionaries were mostly everyday English
    ("videoconferencing", set(), False),
    ("unfeasible", set(), False),
    ("unexpired", set(), False),
])
def test_rarity_signal(word, medical, expected):
    assert looks_like_jargon(word, frozenset(medical)) is expected


def test_plurals():
    assert plural_forms("comorbidity") == ["comorbidities"]
    assert "metastases" in plural_forms("metastasis")
    assert plural_forms("beta blocker") == ["beta blockers"]


# --------------------------------------------------------------------------- jargon.undefined


def test_unexplained_term_at_first_use_with_a_plain_alternative():
    text = "# Kidneys\n\nDiabetes can cause nephropathy. Nephropathy is serious.\n"
    (finding,) = lint(text, JARGON)
    assert (finding.line, finding.column) == (3, 20)
    assert finding.message == ("'nephropathy' may be unfamiliar to readers and is not explained: "
                               "use plain words such as 'kidney damage'")
    assert finding.suggestion == "kidney damage"


def test_explanation_after_first_use_names_its_line():
    text = "Many people get comorbidities.\n\nHeart disease is common.\n\nComorbidities are conditions that you have too.\n"
    (finding,) = lint(text, JARGON)
    assert finding.line == 1
    assert "explained on line 5, after its first use on line 1" in finding.message


def test_rarity_finds_terms_the_pack_lacks():
    (finding,) = lint("Some people develop gastroparesis.\n", JARGON)
    assert finding.message.endswith("explain it in plain words") and finding.suggestion is None


def test_names_numbers_code_and_urls_are_quiet():
    text = ("Dr Okafor runs the Cardiology Clinic. Take 5 mg of ramipril. See https://example.org/nephropathy "
            "or run `lint --renal`. Eat wholegrain bread; your dietitian can help.\n")
    assert lint(text, JARGON) == []


def test_heading_first_use_explained_under_it():
    assert lint("## Statins\n\nStatins, which are medicines that lower cholesterol, help.\n", JARGON) == []


def test_options_allow_glossary_links_and_rarity(tmp_path):
    text = "You may need a biopsy. Ask about your [prognosis](/glossary/p-words). Watch for gastroparesis.\n"
    assert len(lint(text, JARGON)) == 3
    config = parse_config({"rules": {JARGON: {"allow": ["biopsy"], "glossary_url_prefix": "/glossary/",
                                              "rarity": False}}}, "test", tmp_path)
    assert lint(text, JARGON, config) == []


def test_project_pack_marks_words_everyday(tmp_path):
    (tmp_path / "jargon.yml").write_text(
        "pack: jargon\ndescription: ours\nsources: []\nentries:\n  - {term: renal, kind: everyday}\n", encoding="utf-8")
    config = parse_config({"rule_packs": ["."]}, "test", tmp_path)
    assert lint("See the renal team.\n", JARGON) != []
    assert lint("See the renal team.\n", JARGON, config) == []


def terms(text: str, **options) -> dict[str, tuple[str, str | None]]:
    """term -> (status, how) for a Markdown text."""
    from reviewer.document import parse
    from reviewer.lint.checks.jargon import analyse_jargon
    from reviewer.lint.registry import Context
    from reviewer.lint.rulepack import Packs

    doc = parse(text, "test.md")
    return {use.term: (use.status, use.how) for use in analyse_jargon(doc, options, Context(AS_OF, Packs()))}


def test_explanation_in_the_next_sentence_or_paragraph_is_at_first_use():
    text = ("You may be offered a gastric band.\n\nA gastric band is a ring that fits around your stomach.\n\n"
            "Your doctor may suggest dialysis or an echocardiogram. An echocardiogram is a scan of your heart.\n")
    assert terms(text)["gastric"][0] == "explained"
    assert terms(text)["echocardiogram"][0] == "explained"
    far = "You may need an echocardiogram.\n\nEat well.\n\nSleep well.\n\nAn echocardiogram is a scan.\n"
    assert terms(far)["echocardiogram"][0] == "late"


def test_heading_term_explained_by_the_section_under_it():
    assert terms("## What is sepsis?\n\nA rare but serious reaction to an infection.\n")["sepsis"][0] == "explained"
    assert terms("## Angioplasty\n\nA balloon is used to widen a narrowed artery.\n")["angioplasty"] == (
        "explained", "plain words nearby")
    assert terms("## Angioplasty\n\nYou will stay in hospital for a night.\n")["angioplasty"][0] == "unexplained"


def test_next_table_cell_explains_a_short_cell():
    table = "| Word | Meaning |\n|---|---|\n| Bradycardia | a heartbeat slower than normal |\n"
    assert terms(table)["bradycardia"] == ("explained", "next table cell")
    doses = "| Medicine | Dose |\n|---|---|\n| diuretic | 40 mg |\n"
    assert terms(doses)["diuretic"][0] == "unexplained"


def test_words_inside_names_and_spelled_out_acronyms_are_not_terms():
    text = ("Severe acute respiratory syndrome (SARS) spread in 2003. Middle East respiratory syndrome is rarer.\n\n"
            "Screening looks for an abdominal aortic aneurysm (AAA).\n\n"
            "Chronic Pain Ireland and the Royal College of Obstetricians can help.\n")
    assert terms(text) == {}
    assert "chronic kidney disease" in terms("Chronic kidney disease (CKD) is common in older people.\n")
    # spelled out with its acronym once, the name is a name everywhere on the page, its title too
    assert terms("## Multiple sclerosis\n\nMultiple sclerosis (MS) affects the brain and nerves.\n") == {}
    assert terms("Iatrogenic CJD is where the infection spreads through medical care.\n")["iatrogenic"][0] == "explained"


def test_a_word_explained_once_explains_its_phrases_and_forms():
    text = ("People with chronic conditions such as asthma should go.\n\n"
            "Heart disease is common.\n\nEat well.\n\nWe support people with chronic illness.\n")
    assert terms(text)["chronic illness"] == ("explained", "as 'chronic condition'")
    forms = "## Titration\n\nTitration means changing the dose step by step. Your nurse will titrate it.\n"
    assert set(terms(forms)) == {"titration"} and terms(forms)["titration"][0] == "explained"
    two_words = "The retina is the layer at the back of the eye. Retinopathy can follow.\n"
    assert terms(two_words)["retinopathy"][0] == "unexplained"


def test_the_plain_words_themselves_in_the_sentence():
    assert terms("An intravenous line is put into a vein in your arm.\n")["intravenous"][0] == "explained"
    assert terms("You may see a renal doctor if your kidney function drops.\n")["renal"][0] == "unexplained"


def test_term_paired_with_its_plain_words_by_or():
    assert terms("Polyps can be malignant or cancerous.\n")["malignant"] == ("explained", "X or plain words")
    assert terms("Kidney damage or nephropathy is common.\n")["nephropathy"][0] == "explained"
    assert terms("You may need dialysis or nephropathy care.\n")["nephropathy"][0] == "unexplained"
    assert terms("It can affect the adrenal or thyroid glands.\n")["adrenal"][0] == "unexplained"


def test_a_what_is_heading_right_after_the_first_use_explains_it():
    text = "The tests are a biopsy and a scan.\n\n## What is a biopsy?\n\nA small piece of tissue is taken.\n"
    assert terms(text)["biopsy"][0] == "explained"


def test_a_heading_on_the_term_right_after_its_first_use_explains_it_there():
    text = "You may need an echocardiogram.\n\n## Echocardiogram\n\nAn echocardiogram is a scan of the heart.\n"
    assert terms(text)["echocardiogram"][0] == "explained"
    later = "You may need an echocardiogram.\n\n## Echocardiogram\n\nIt takes an hour.\n\nIt is a scan.\n\n" \
        "An echocardiogram is a scan of the heart.\n"
    assert terms(later)["echocardiogram"][0] == "late"


def test_a_link_to_a_page_about_the_term_explains_it():
    assert terms("It may be [angina](https://www.example.org/conditions/angina/).\n")["angina"] == (
        "explained", "link to its page")
    assert terms("You may have [hypertension](/conditions/high-blood-pressure/).\n")["hypertension"][0] == "explained"
    assert terms("Ask about your [prognosis](/contact-us/).\n")["prognosis"][0] == "unexplained"


def test_a_title_heading_may_be_explained_under_a_later_heading():
    text = "# Gastric band surgery\n\n## What is gastric band surgery?\n\nA gastric band is a ring round the stomach.\n"
    assert terms(text)["gastric"][0] == "explained"


@pytest.mark.parametrize("sentence, suggestion", [
    ("Your GP may refer you to a podiatrist.", "foot specialist"),
    ("The obstetric team will see you.", "pregnancy and birth"),
    ("You may be given a prophylactic dose.", "preventive"),
    ("It can cause ischaemic damage.", None),  # no plain word fits every use: advice only
])
def test_suggestions_keep_the_meaning_of_the_form_used(sentence, suggestion):
    (finding,) = lint(sentence + "\n", JARGON)
    assert finding.suggestion == suggestion
    if suggestion is None:
        assert finding.message.endswith("explain it in plain words")


# --------------------------------------------------------------------------- plain.simpler-word


def test_safe_swap_carries_a_fix_keeping_capitals():
    text = "Utilise the spacer. You should UTILIZE it prior\nto eating.\n"
    findings = lint(text, PLAIN)
    assert [(f.line, f.message) for f in findings] == [
        (1, "'Utilise' is formal: write 'Use'"),
        (1, "'UTILIZE' is formal: write 'USE'"),
        (1, "'prior to' is formal: write 'before'"),
    ]
    assert [text[f.fix.start:f.fix.end] for f in findings] == ["Utilise", "UTILIZE", "prior\nto"]
    assert [f.fix.replacement for f in findings] == ["Use", "USE", "before"]


def test_inflected_forms_and_unsafe_swaps():
    findings = lint("She commenced treatment. Drink sufficient water. He demonstrated it.\n", PLAIN)
    assert [(f.suggestion, f.fix is not None) for f in findings] == [
        ("started", True), ("enough", False), ("showed or shown", False)]


def test_fix_turns_a_into_an():
    (finding,) = lint("It is a frequently used test.\n", PLAIN)
    assert finding.fix.replacement == "an often"
    assert article_for("hour") == "an" and article_for("use") == "a" and article_for("extra") == "an"


def test_no_fix_across_markup_or_in_code():
    findings = lint("Stop **prior** to eating. Call `utilize()` later.\n", PLAIN)
    assert [(f.suggestion, f.fix) for f in findings] == [("before", None)]
    (finding,) = lint("Use it *prior to* eating.\n", PLAIN)
    assert finding.fix is not None
    (finding,) = lint("The individuals' records.\n", PLAIN)
    assert finding.fix is None


def test_helpers():
    assert verb_forms("make sure") == {"s": "makes sure", "ed": "made sure", "ing": "making sure"}
    assert verb_forms("stop")["ed"] == "stopped"
    assert match_case("Prior to", "before") == "Before"
