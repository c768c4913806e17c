"""`reviewer grade`: the per-article grade table, JSON and CSV, options, config and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from reviewer.lint.grade import grade_command

PLAIN = "Take one tablet each morning with a glass of water. You can take it with or without food. "
DENSE = ("Hypertension frequently originates from multifactorial physiological abnormalities. "
         "Contributory determinants additionally encompass excessive dietary sodium consumption. "
         "Pharmacological intervention is considered when lifestyle modification proves insufficient. ")

SCHEMA = {
    "type": "object",
    "required": ["version", "articles"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "articles": {"type": "array", "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["path", "words", "sentences", "smog", "flesch_kincaid", "formula", "grade", "target",
                         "passed", "uncertain"],
            "properties": {
                "path": {"type": "string"}, "words": {"type": "integer"}, "sentences": {"type": "integer"},
                "smog": {"type": "number"}, "flesch_kincaid": {"type": "number"},
                "formula": {"enum": ["smog", "flesch-kincaid", "gunning-fog", "coleman-liau", "ari", "dale-chall"]},
                "grade": {"type": "number"}, "target": {"type": "number"},
                "passed": {"type": ["boolean", "null"]}, "uncertain": {"type": "boolean"},
            },
        }},
    },
}


@pytest.fixture
def articles(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "articles"
    (folder / "heart").mkdir(parents=True)
    (folder / "plain.md").write_text("# Your tablets\n\n" + PLAIN * 16 + "\n", encoding="utf-8")
    (folder / "heart" / "dense.md").write_text("# Blood pressure\n\n" + DENSE * 12 + "\n", encoding="utf-8")
    (folder / "stub.txt").write_text("Blood pressure\n\n" + DENSE + "\n", encoding="utf-8")
    (folder / "notes.csv").write_text("not,an,article\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def run(*args: str):
    return CliRunner().invoke(grade_command, list(args), catch_exceptions=False)


def rows_of(result) -> dict[str, dict]:
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    return {row["path"]: row for row in data["articles"]}


def test_table_lists_each_article_with_pass_or_fail(articles):
    result = run("articles")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["article", "words", "sentences", "SMOG", "FK", "grade", "(SMOG)", "target", "result"]
    assert [line.split()[0] for line in lines[1:4]] == [
        "articles/heart/dense.md", "articles/plain.md", "articles/stub.txt"]
    assert lines[1].endswith("fail") and lines[2].endswith("pass") and lines[3].endswith("too short to grade")
    assert lines[-1] == "3 articles: 1 pass, 1 fail, 1 too short (target 8, SMOG)"


def test_json_follows_the_documented_schema(articles):
    rows = rows_of(run("articles", "--format", "json"))
    plain = rows["articles/plain.md"]
    assert plain == {"path": "articles/plain.md", "words": 290, "sentences": 33, "smog": 3.1,
                     "flesch_kincaid": plain["flesch_kincaid"], "formula": "smog", "grade": 3.1, "target": 8.0,
                     "passed": True, "uncertain": False}
    assert rows["articles/heart/dense.md"]["passed"] is False
    assert rows["articles/stub.txt"]["passed"] is None and rows["articles/stub.txt"]["uncertain"] is True


def test_csv_has_the_json_columns(articles):
    result = run("articles/plain.md", "articles/stub.txt", "--format", "csv")
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0] == ["path", "words", "sentences", "smog", "flesch_kincaid", "formula", "grade", "target",
                        "passed", "uncertain"]
    assert table[1][0] == "articles/plain.md" and table[1][-2:] == ["true", "false"]
    assert table[2][0] == "articles/stub.txt" and table[2][-2:] == ["", "true"]


def test_formula_and_target_flags_override_the_rule_options(articles):
    rows = rows_of(run("articles", "--format", "json", "--formula", "flesch-kincaid", "--target", "30"))
    dense = rows["articles/heart/dense.md"]
    assert (dense["formula"], dense["grade"], dense["target"]) == ("flesch-kincaid", dense["flesch_kincaid"], 30.0)
    assert dense["passed"] is True


def test_config_file_sets_the_defaults(articles, tmp_path):
    (tmp_path / "reviewer.toml").write_text('[rules."readability.grade"]\nformula = "dale-chall"\ntarget = 12\n'
                                            "min_sentences = 10\n", encoding="utf-8")
    row = rows_of(run("articles/plain.md", "--format", "json"))["articles/plain.md"]
    assert (row["formula"], row["target"], row["uncertain"]) == ("dale-chall", 12.0, False)
    assert row["grade"] in (4.0, 6.0, 8.0, 10.0, 12.0, 15.0, 16.0)  # the top grade of a Dale-Chall band


def test_unknown_formula_in_config_is_a_usage_error(articles, tmp_path):
    (tmp_path / "reviewer.toml").write_text('[rules."readability.grade"]\nformula = "fog"\n', encoding="utf-8")
    result = run("articles")
    assert result.exit_code == 2
    assert "rules.readability.grade.formula: 'fog' is not allowed" in result.stderr


def test_unreadable_files_are_reported_and_skipped(articles):
    (articles / "broken.md").write_bytes(b"# Title\n\nCaf\xe9 au lait.\n")
    result = run("articles", "--format", "json")
    assert result.exit_code == 0
    assert "articles/broken.md: invalid UTF-8" in result.stderr
    assert "articles/broken.md" not in rows_of(result)


def test_missing_path_exits_2_after_grading_the_rest(articles):
    result = run("articles/plain.md", "articles/nope.md")
    assert result.exit_code == 2
    assert "nope.md: no such file or folder" in result.stderr
    assert "articles/plain.md" in result.stdout


def test_fail_on_target_exits_1_only_when_an_article_fails(articles):
    assert run("articles", "--fail-on-target").exit_code == 1
    assert run("articles/plain.md", "articles/stub.txt", "--fail-on-target").exit_code == 0
