"""`reviewer terms`: the glossary view, run through click's CliRunner on the command object."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from reviewer.lint.terms import terms_command

ARTICLE = """---
title: HIV treatment
---

# HIV treatment

Human immunodeficiency virus (HIV) attacks the immune system. Your CD4 count shows how strong
it is.

Many people are asymptomatic for years. Treatment is called antiretroviral therapy (ART).

Cluster of differentiation 4 (CD4) cells fight infection. Ask about PEP after a risk.

## Side effects

Your ankles may show oedema, or swelling. Your DNA is not changed.
"""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "hiv.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "articles" / "notes.txt").write_text("Notes\n\nNothing to see here.\n", encoding="utf-8")
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(terms_command, list(args))


def test_json_has_exactly_the_documented_shape(folder):
    result = run("articles/hiv.md", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["version"] == 1
    (article,) = data["articles"]
    assert set(article) == {"path", "acronyms", "terms"}
    assert article["path"] == "articles/hiv.md"
    assert article["acronyms"] == [
        {"short": "HIV", "long": "Human immunodeficiency virus", "first_use_line": 5, "definition_line": 7},
        {"short": "CD4", "long": "Cluster of differentiation 4", "first_use_line": 7, "definition_line": 12},
        {"short": "ART", "long": "antiretroviral therapy", "first_use_line": 10, "definition_line": 10},
        {"short": "PEP", "long": "post-exposure prophylaxis", "first_use_line": 12, "definition_line": None},
        {"short": "DNA", "long": "deoxyribonucleic acid", "first_use_line": 16, "definition_line": None},
    ]
    assert all(set(t) == {"term", "line", "explained", "explained_line", "plain"} for t in article["terms"])
    by_term = {t["term"]: t for t in article["terms"]}
    assert by_term["asymptomatic"] == {"term": "asymptomatic", "line": 10, "explained": False,
                                       "explained_line": None, "plain": "without symptoms"}
    assert by_term["oedema"]["explained"] is True and by_term["oedema"]["explained_line"] == 16


def test_text_lists_each_article_and_its_status(folder):
    result = run("articles")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "articles/hiv.md"
    assert "    CD4: Cluster of differentiation 4; first used on line 7, defined on line 12, after first use" in lines
    assert "    PEP: post-exposure prophylaxis; first used on line 12, never spelled out" in lines
    assert "    DNA: deoxyribonucleic acid; first used on line 16, known to general readers" in lines
    assert "    asymptomatic: line 10, not explained; plain words: without symptoms" in lines
    assert lines[-3:] == ["articles/notes.txt", "  acronyms: none", "  terms: none"]


def test_unreadable_file_is_reported_on_stderr_and_the_rest_listed(folder):
    (folder / "articles" / "broken.md").write_bytes(b"\xff\xfe b\x00a\x00d\x00")
    result = CliRunner().invoke(terms_command, ["articles", "--format", "json"])
    assert result.exit_code == 2
    assert "articles/broken.md" in result.stderr and "UTF-16" in result.stderr
    assert [a["path"] for a in json.loads(result.stdout)["articles"]] == ["articles/hiv.md", "articles/notes.txt"]


def test_config_options_shape_the_view(folder):
    (folder / "reviewer.toml").write_text('[rules."acronyms.undefined"]\nknown = ["PEP"]\n'
                                          '[rules."jargon.undefined"]\nallow = ["asymptomatic"]\n', encoding="utf-8")
    data = json.loads(run("articles/hiv.md", "--format", "json").output)
    (article,) = data["articles"]
    assert "asymptomatic" not in {t["term"] for t in article["terms"]}
    text = run("articles/hiv.md").output
    assert "PEP: post-exposure prophylaxis; first used on line 12, known to general readers" in text


def test_missing_path_exits_2(folder):
    result = CliRunner().invoke(terms_command, ["nope.md"])
    assert result.exit_code == 2 and "nope.md" in result.stderr


def test_an_acronym_explained_in_plain_words_has_its_line_and_status(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("# Tests\n\nOne test counts your CD4 cells (a type of white blood cell).\n\n"
                                   "Take your ARVs (every day).\n", encoding="utf-8")
    result = CliRunner().invoke(terms_command, ["a.md", "--format", "json"])
    rows = {row["short"]: row for row in json.loads(result.output)["articles"][0]["acronyms"]}
    assert rows["CD4"]["definition_line"] == 3 and rows["CD4"]["long"] == "cluster of differentiation 4"
    assert rows["ARV"]["definition_line"] is None
    text = CliRunner().invoke(terms_command, ["a.md"]).output
    assert "CD4: cluster of differentiation 4; first used on line 3, explained in plain words on line 3" in text
