"""Meta-tests: every rule has a docstring, a fixture that fires and one that stays quiet,
and each fixture's findings are exactly the ones marked inline."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AS_OF, RULE_FIXTURES, expected_findings
from reviewer.config import Config, load_config
from reviewer.lint.engine import LintSettings, Linter
from reviewer.lint.registry import builtin_rules

RULES = builtin_rules()
# Rules no article can make fire on purpose, each with the test that makes it fire instead.
FIRED_BY_TESTS = {"document.check-failed": "test_reliability.py::test_a_failing_rule_is_a_finding_on_its_file"}
FIXTURE_SUFFIXES = (".md", ".markdown", ".txt")


def fixture_files(rule_id: str, kind: str) -> list[Path]:
    folder = RULE_FIXTURES / rule_id
    return sorted(p for p in folder.glob(f"{kind}*") if p.suffix in FIXTURE_SUFFIXES) if folder.is_dir() else []


def lint_fixture(path: Path, rule_id: str):
    folder = path.parent
    config = load_config(folder / "reviewer.toml") if (folder / "reviewer.toml").exists() else Config(root=folder)
    linter = Linter(LintSettings(config, AS_OF, (rule_id,)))
    return linter.lint_path(path, path.relative_to(RULE_FIXTURES).as_posix()).findings


def all_fixtures():
    for rule in RULES:
        for kind in ("fires", "quiet"):
            for path in fixture_files(rule.id, kind):
                yield pytest.param(rule.id, path, id=f"{rule.id}/{path.name}")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_is_documented(rule):
    assert rule.summary and rule.summary.endswith("."), f"{rule.id} needs a one-line docstring summary"
    assert len(rule.doc.split("\n\n")) >= 2, f"{rule.id} needs an explanation after its summary"
    family, _, name = rule.id.partition(".")
    assert family and name and rule.id == rule.id.lower()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_fixtures_that_fire_and_stay_quiet(rule):
    fires = fixture_files(rule.id, "fires")
    quiet = fixture_files(rule.id, "quiet")
    assert fires or rule.id in FIRED_BY_TESTS, f"tests/fixtures/rules/{rule.id}/ needs a fires* fixture"
    assert quiet, f"tests/fixtures/rules/{rule.id}/ needs a quiet* fixture"
    for path in fires:
        assert any(r == rule.id for _, r in expected_findings(path)), f"{path} marks no expected {rule.id}"


@pytest.mark.parametrize("rule_id, path", list(all_fixtures()))
def test_fixture_findings_match_markers(rule_id, path):
    found = sorted((f.line, f.rule) for f in lint_fixture(path, rule_id))
    expected = [(line, r) for line, r in expected_findings(path) if r == rule_id]
    if path.name.startswith("quiet"):
        assert found == [], f"{path.name} should stay quiet"
    assert found == expected


@pytest.mark.parametrize("rule", [r for r in RULES if r.example], ids=lambda r: r.id)
def test_explain_example_fires(rule):
    from reviewer.lint.engine import lint_text

    findings = lint_text(rule.example, "example.md", select=[rule.id], as_of=AS_OF)
    assert any(f.rule == rule.id for f in findings), f"the example of {rule.id} does not fire"
