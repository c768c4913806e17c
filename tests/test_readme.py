"""The README is the user's manual: it documents every rule, command and lint option, and opens with the set-up."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from reviewer.cli import cli
from reviewer.lint.registry import builtin_rules

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_set_up_commands():
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    assert blocks[0].strip() == "pip install . && reviewer lint articles/"
    assert blocks[1].strip() == "pip install '.[test]' && pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install '.[test]' && pytest" in ci  # README command 2, as written
    assert "pip install .\n" in ci and "reviewer lint articles/ --fail-on never" in ci  # command 1, smoke-tested


@pytest.mark.parametrize("rule", builtin_rules(), ids=lambda r: r.id)
def test_every_rule_is_in_the_rule_table(rule):
    assert f"| `{rule.id}` | {rule.severity.value} |" in README


@pytest.mark.parametrize("name", cli.list_commands(None))
def test_every_command_has_a_section(name):
    assert f"### `reviewer {name}" in README


@pytest.mark.parametrize("option", [p.opts[0] for p in cli.commands["lint"].params if p.opts[0].startswith("--")])
def test_every_lint_option_is_documented(option):
    assert f"`{option}" in README
