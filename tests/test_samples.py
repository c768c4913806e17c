"""The bundled sample articles: every planted problem is found, and the clean articles stay clean."""

from __future__ import annotations

from collections import defaultdict

import pytest
import yaml

from conftest import AS_OF, ROOT
from reviewer.config import Config
from reviewer.lint.discover import discover
from reviewer.lint.engine import LintSettings, lint_files

PLANTED = yaml.safe_load((ROOT / "tests" / "data" / "planted.yml").read_text(encoding="utf-8"))
CLEAN = ["articles/vaccines.md", "articles/taking-medicines-safely.md", "articles/cholesterol.md"]


@pytest.fixture(scope="module")
def findings_by_file(request):
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.chdir(ROOT)
    try:
        config = Config(root=ROOT)
        files = discover(["articles"], config, ROOT).files
        by_file = defaultdict(list)
        for result in lint_files(files, LintSettings(config, AS_OF)):
            by_file[result.path].extend(result.findings)
        return by_file
    finally:
        monkeypatch.undo()


@pytest.mark.parametrize("planted", PLANTED, ids=lambda p: f"{p['file']}:{p['line']}:{p['rule']}")
def test_every_planted_problem_is_found(findings_by_file, planted):
    found = [(f.line, f.rule) for f in findings_by_file[planted["file"]]]
    assert (planted["line"], planted["rule"]) in found, f"{planted['note']}: found {found}"


@pytest.mark.parametrize("path", CLEAN)
def test_clean_articles_have_no_findings(findings_by_file, path):
    assert [(f.line, f.rule, f.message) for f in findings_by_file[path]] == []
