"""Plain-language rules (issue 12): opt-in rules, rule options, false-alarm shapes from real pages, and
`reviewer score` through click's runner and as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import AS_OF, ROOT
from reviewer.cli import cli
from reviewer.config import parse_config
from reviewer.lint.engine import lint_text
from reviewer.lint.registry import rules_by_id

PASSIVE = "The sample is taken from your arm. It is sent to a laboratory and the result is checked.\n"


def rules_of(findings):
    return [f.rule for f in findings]


# --------------------------------------------------------------------------- opt-in rules


OPT_IN = {"numbers.calculation", "numbers.mixed-forms", "numbers.percent-chance", "numbers.relative-risk",
          "numbers.spelled-out", "stigma.label", "structure.long-paragraph", "structure.wall-of-text",
          "voice.passive", "voice.passive-share", "voice.reader-not-addressed"}


def test_an_opt_in_rule_is_off_by_default_and_for_all_but_on_when_its_id_or_family_is_selected():
    text = "About 1 in 3 adults has high blood pressure, and 20% of them do not know it.\n"
    assert rules_by_id()["numbers.mixed-forms"].opt_in
    assert "numbers.mixed-forms" not in rules_of(lint_text(text, as_of=AS_OF))
    assert "numbers.mixed-forms" not in rules_of(lint_text(text, select=["ALL"], as_of=AS_OF))
    assert "numbers.mixed-forms" in rules_of(lint_text(text, select=["numbers"], as_of=AS_OF))
    assert "numbers.mixed-forms" in rules_of(lint_text(text, select=["numbers.mixed-forms"], as_of=AS_OF))
    assert "numbers.mixed-forms" in rules_of(lint_text(text, select=["ALL", "numbers"], as_of=AS_OF))


def test_an_article_enables_opt_in_rules_for_itself_and_the_runs_selection_still_rules():
    body = "Diabetics should check their feet. Your nurse will show you how.\n"
    enabled = "---\ntitle: Feet\nreviewer:\n  enable: [stigma]\n---\n\n" + body
    assert "stigma.label" not in rules_of(lint_text(body, as_of=AS_OF))
    assert "stigma.label" in rules_of(lint_text(enabled, as_of=AS_OF))
    assert "stigma.label" not in rules_of(lint_text(enabled, select=["spelling"], as_of=AS_OF))
    other = lint_text(body, "other.md", as_of=AS_OF)  # one article's setting is its own
    assert "stigma.label" not in rules_of(other)


def test_an_article_enabling_an_unknown_rule_is_told_so():
    text = "---\ntitle: Feet\nreviewer:\n  enable: [stigmas]\n---\n\nCheck your feet every day.\n"
    (problem,) = [f for f in lint_text(text, as_of=AS_OF) if f.rule == "document.front-matter"]
    assert problem.message == "reviewer.enable names unknown rule 'stigmas'"


def test_the_plain_language_rules_without_enough_real_findings_are_opt_in_and_say_why():
    assert {r.id for r in rules_by_id().values() if r.opt_in} == OPT_IN
    for rule_id in OPT_IN:
        doc = rules_by_id()[rule_id].doc
        assert "Opt-in:" in doc and "CDC development pages" in doc, rule_id


def test_an_opt_in_rule_runs_when_the_config_gives_it_a_severity(tmp_path):
    text = "About 1 in 3 adults has high blood pressure, and 20% of them do not know it.\n"
    on = parse_config({"rules": {"numbers.mixed-forms": {"severity": "warning"}}}, "reviewer.toml", tmp_path)
    off = parse_config({"rules": {"numbers.mixed-forms": {"severity": "off"}}}, "reviewer.toml", tmp_path)
    found = [f for f in lint_text(text, config=on, as_of=AS_OF) if f.rule == "numbers.mixed-forms"]
    assert [f.severity.value for f in found] == ["warning"]
    assert "numbers.mixed-forms" not in rules_of(lint_text(text, config=off, as_of=AS_OF))


# --------------------------------------------------------------------------- voice


def test_passive_reports_every_passive_only_when_asked(tmp_path):
    assert rules_of(lint_text(PASSIVE, select=["voice.passive"], as_of=AS_OF)) == []
    config = parse_config({"rules": {"voice.passive": {"with_actor_only": False}}}, "reviewer.toml", tmp_path)
    found = lint_text(PASSIVE, select=["voice.passive"], config=config, as_of=AS_OF)
    assert [f.message.split('"')[1] for f in found] == ["is taken", "is sent", "is checked"]


def test_passive_names_the_actor_in_its_suggestion():
    (found,) = lint_text("Your dose is checked by your pharmacist.\n", select=["voice.passive"], as_of=AS_OF)
    assert found.suggestion == 'start with the actor: "your pharmacist ..."'


@pytest.mark.parametrize("text", [
    # real-page shapes that were false alarms, in our own words
    "The virus is caused by a germ that is spread by droplets.\n",  # a cause, not someone to put first
    "Masks should be kept for use by visitors who are unwell.\n",  # "by" belongs to "use"
    "Events may be moved if advised by the local council.\n",  # "by" belongs to a later participle
    "Forms can be sent by email or by post.\n",  # how, not who
])
def test_passive_quiet_shapes(text):
    assert rules_of(lint_text(text, select=["voice.passive"], as_of=AS_OF)) == []


def test_long_paragraph_reads_indented_lines_of_plain_text_as_paragraphs():
    lines = "".join(f"\tLine {n} is a paragraph of its own in this scraped page. It has two sentences.\n"
                    for n in range(10))
    assert rules_of(lint_text(lines, "page.txt", select=["structure.long-paragraph"], as_of=AS_OF)) == []
    joined = " ".join(line.strip() for line in lines.splitlines()) + "\n"
    assert rules_of(lint_text(joined, "page.txt", select=["structure.long-paragraph"], as_of=AS_OF)) == \
        ["structure.long-paragraph"]


def test_stigma_ignore_option(tmp_path):
    config = parse_config({"rules": {"stigma.label": {"ignore": ["suffers from"]}}}, "reviewer.toml", tmp_path)
    text = "She suffers from asthma. Diabetics should check their feet.\n"
    found = lint_text(text, select=["stigma.label"], config=config, as_of=AS_OF)
    assert [f.message.split('"')[1] for f in found] == ["Diabetics"]


def test_spelled_out_fix_writes_the_numeral():
    (found,) = lint_text("Wash your hands for twenty seconds.\n", select=["numbers.spelled-out"], as_of=AS_OF)
    assert found.fix is not None and found.fix.replacement == "20"


# --------------------------------------------------------------------------- reviewer score


def run_score(*args, cwd=ROOT):
    runner = CliRunner()
    previous = Path.cwd()
    try:
        import os

        os.chdir(cwd)
        return runner.invoke(cli, ["score", *args])
    finally:
        os.chdir(previous)


def test_score_holds_a_good_and_a_bad_sample_article():
    result = run_score("articles/cholesterol.md", "articles/asthma-care.md", "--format", "json")
    assert result.exit_code == 0, result.output
    cards = {card["path"]: card for card in json.loads(result.output)["articles"]}
    good, bad = cards["articles/cholesterol.md"], cards["articles/asthma-care.md"]
    assert good["score"] >= 80 and bad["score"] <= 20
    statuses = {item["id"]: item["status"] for item in bad["items"]}
    assert statuses["active-voice"] == "not met" and statuses["no-calculation"] == "not met"
    assert statuses["main-message"] == "needs a person"
    assert good["judged"] == bad["judged"] == sum(item["status"] != "needs a person" for item in good["items"])
    evidence = {item["id"]: item for item in bad["items"]}
    assert evidence["no-calculation"]["line"] == 19


def test_score_fail_under_and_text_and_markdown():
    result = run_score("articles/asthma-care.md", "--fail-under", "50")
    assert result.exit_code == 1
    assert "articles/asthma-care.md  score 9%" in result.output and "needs a person:" in result.output
    result = run_score("articles/cholesterol.md", "--fail-under", "50", "--format", "markdown")
    assert result.exit_code == 0
    assert "## articles/cholesterol.md" in result.output and "| Uses the active voice |" in result.output


def test_score_missing_path_is_a_usage_error():
    result = run_score("articles/no-such-article.md")
    assert result.exit_code == 2
    assert "no-such-article.md" in result.output


def test_score_unreadable_file_exits_2(tmp_path):
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02 not text")
    (tmp_path / "ok.md").write_text("# Fine\n\nTake your tablets with food.\n", encoding="utf-8")
    result = run_score(".", cwd=tmp_path)
    assert result.exit_code == 2
    assert "binary.md" in result.output and "ok.md  score" in result.output


def test_score_as_a_subprocess():
    process = subprocess.run([sys.executable, "-m", "reviewer", "score", "articles/asthma-care.md", "--fail-under",
                              "90"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert process.returncode == 1
    assert "Uses the active voice" in process.stdout and process.stderr == ""


def test_rules_and_explain_say_which_rules_are_opt_in():
    runner = CliRunner()
    listed = runner.invoke(cli, ["rules"]).output
    assert {line.split()[0] for line in listed.splitlines() if line.endswith("(opt-in)")} == OPT_IN
    data = json.loads(runner.invoke(cli, ["rules", "--format", "json"]).output)["rules"]
    assert {r["id"] for r in data if r["opt_in"]} == OPT_IN
    assert "opt-in" in runner.invoke(cli, ["explain", "voice.passive"]).output.splitlines()[0]
    assert "opt-in" not in runner.invoke(cli, ["explain", "readability.grade"]).output.splitlines()[0]


def test_wall_of_text_sees_indented_lines_of_plain_text_as_short_paragraphs():
    line = "\tThis indented line is a short paragraph of its own, as pages scraped to text write them.\n"
    assert rules_of(lint_text("TREATMENT\n\n" + line * 30, "page.txt", select=["structure.wall-of-text"],
                              as_of=AS_OF)) == []


def test_score_item_resting_on_a_rule_switched_off_needs_a_person(tmp_path):
    (tmp_path / "reviewer.toml").write_text('[rules."numbers.calculation"]\nseverity = "off"\n', encoding="utf-8")
    (tmp_path / "dose.md").write_text("# Dose\n\nGive 15 mg per kg of body weight. Take it with food.\n",
                                      encoding="utf-8")
    result = run_score("dose.md", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    (card,) = json.loads(result.output)["articles"]
    item = next(i for i in card["items"] if i["id"] == "no-calculation")
    assert item["status"] == "needs a person" and "switched off" in item["evidence"]


# --------------------------------------------------------------------------- hostile shapes stay linear

PLAIN_HOSTILE = {  # one sentence (or one plain-text block) holding a match again and again: once quadratic
    "stigma terms in one sentence": ("md", "diabetics and addicts and HIV-infected people, "),
    "relative risks in one sentence": ("md", "cuts your risk by 50% and 20% of people and "),
    "indented plain-text lines in one block": ("txt", "\tA short line of a scraped page. It is one paragraph.\n"),
}


@pytest.mark.parametrize("kind, unit", PLAIN_HOSTILE.values(), ids=PLAIN_HOSTILE.keys())
def test_plain_language_rules_grow_linearly(kind, unit):
    """A ratio of CPU times measured side by side (linear: near 8; quadratic: near 64), never an absolute time."""
    import time

    rules = ["stigma.label", "numbers.relative-risk", "structure.long-paragraph", "structure.wall-of-text"]

    def seconds(size: int) -> float:
        text = ("# Notes\n\n" if kind == "md" else "NOTES\n\n") + unit * (size // len(unit)) + "\n"
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            lint_text(text, f"big.{kind}", select=rules, as_of=AS_OF)
            best = min(best, time.process_time() - started)
        return best

    small, large = seconds(16 * 1024), seconds(128 * 1024)
    assert large / small < 24, f"16 KB took {small:.3f} s and 128 KB {large:.3f} s: worse than linear"


@pytest.mark.parametrize("text", ["", "\n", "---\ntitle: Empty\n---\n"])
def test_chunk_rules_take_an_article_with_no_blocks(text):
    findings = lint_text(text, "article.md", select=["structure.wall-of-text", "structure.long-paragraph"],
                         as_of=AS_OF)
    assert "document.check-failed" not in rules_of(findings)
