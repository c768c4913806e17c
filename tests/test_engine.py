"""The engine: selection, suppressions, per-article settings, unreadable files, determinism across --jobs."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AS_OF
from reviewer.config import Config, parse_config
from reviewer.lint.engine import LintSettings, Linter, lint_files, lint_text, rule_enabled

SHOUTING = "DO NOT STOP TAKING YOUR MEDICINE WITHOUT ASKING."


def rules_of(findings):
    return [(f.line, f.rule) for f in findings]


@pytest.mark.parametrize("select, ignore, expected", [
    (["ALL"], [], True),
    (["ALL"], ["style"], False),
    (["style"], ["style.all-caps"], False),
    (["style.all-caps"], ["style"], True),  # the longer match wins
    (["links"], [], False),
    (["style"], ["style"], False),  # a tie: ignore wins
])
def test_longest_matching_pattern_wins(select, ignore, expected):
    assert rule_enabled("style.all-caps", select, ignore) is expected


def test_disable_next_line_skips_blank_lines_and_names_rules():
    text = f"<!-- reviewer-disable-next-line style.all-caps -->\n\n{SHOUTING}\n\n{SHOUTING}\n"
    assert rules_of(lint_text(text, select=["style"])) == [(5, "style.all-caps")]


def test_disable_and_enable_region_by_family():
    text = (f"<!-- reviewer-disable style -->\n{SHOUTING}\n<!-- reviewer-enable style -->\n\n{SHOUTING}\n")
    assert rules_of(lint_text(text, select=["style"])) == [(5, "style.all-caps")]


def test_disable_without_rules_disables_everything_until_enable():
    text = f"<!-- reviewer-disable -->\n{SHOUTING} [x](#)\n<!-- reviewer-enable -->\n\n[y](#)\n"
    assert rules_of(lint_text(text, select=["style", "links"])) == [(5, "links.placeholder")]


def test_enable_naming_one_rule_leaves_the_others_of_the_region_disabled():
    text = (f"<!-- reviewer-disable links.placeholder, style.all-caps -->\n{SHOUTING} [a](#)\n"
            f"<!-- reviewer-enable links.placeholder -->\n{SHOUTING} [b](#)\n<!-- reviewer-enable -->\n\n"
            f"{SHOUTING}\n")
    assert rules_of(lint_text(text, select=["style", "links"])) == [(4, "links.placeholder"), (7, "style.all-caps")]


def test_enable_naming_a_rule_inside_a_wider_region_switches_on_only_that_rule():
    text = (f"<!-- reviewer-disable -->\n{SHOUTING} [a](#)\n<!-- reviewer-enable style.all-caps -->\n"
            f"{SHOUTING} [b](#)\n<!-- reviewer-enable links -->\n\n[c](#)\n")
    assert rules_of(lint_text(text, select=["style", "links"])) == [(4, "style.all-caps"), (7, "links.placeholder")]


def test_enable_naming_a_family_closes_a_region_of_one_of_its_rules():
    text = f"<!-- reviewer-disable style.all-caps -->\n{SHOUTING}\n<!-- reviewer-enable style -->\n\n{SHOUTING}\n"
    assert rules_of(lint_text(text, select=["style"])) == [(5, "style.all-caps")]


def test_disable_without_enable_runs_to_the_end():
    text = "Fine.\n\n<!-- reviewer-disable links.placeholder -->\n[x](#)\n\n[y](#)\n"
    assert lint_text(text, select=["links"]) == []


def test_disable_file_anywhere():
    text = f"{SHOUTING}\n\n[x](#)\n\n<!-- reviewer-disable-file style.all-caps -->\n"
    assert rules_of(lint_text(text, select=["style", "links"])) == [(3, "links.placeholder")]


def test_suppression_comment_with_unknown_rule_is_reported_and_suppresses_nothing():
    text = f"<!-- reviewer-disable-next-line style.all-cap -->\n{SHOUTING}\n"
    assert rules_of(lint_text(text, select=["document", "style"])) == [(1, "document.unknown-rule"),
                                                                        (2, "style.all-caps")]


def test_front_matter_ignore_list():
    text = f"---\nreviewer:\n  ignore: [style]\n---\n{SHOUTING}\n\n[x](#)\n"
    assert rules_of(lint_text(text, select=["style", "links"])) == [(7, "links.placeholder")]


def test_configured_severity_and_off():
    config = parse_config({"rules": {"style.all-caps": {"severity": "error"},
                                     "links.placeholder": {"severity": "off"}}}, "reviewer.toml", Path("."))
    findings = lint_text(f"{SHOUTING}\n\n[x](#)\n", config=config, select=["style", "links"])
    assert [(f.rule, f.severity.value) for f in findings] == [("style.all-caps", "error")]


def test_findings_are_sorted_by_line_column_and_rule():
    findings = lint_text(f"[x](#) {SHOUTING}\n\n# LOUD HEADING HERE\n")
    assert [(f.line, f.column) for f in findings] == sorted((f.line, f.column) for f in findings)


@pytest.mark.parametrize("name, raw, message", [
    ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    ("latin1.md", b"# Caf\xe9\n\nText.\n", "invalid UTF-8 at byte 5 (line 1)"),
    ("utf16.md", "# Hi\n".encode("utf-16"), "UTF-16"),
])
def test_unreadable_files_are_findings_and_the_run_goes_on(tmp_path, name, raw, message):
    bad = tmp_path / name
    bad.write_bytes(raw)
    good = tmp_path / "good.md"
    good.write_text(f"{SHOUTING}\n", encoding="utf-8")
    settings = LintSettings(Config(root=tmp_path), AS_OF, ("document", "style"))
    results = list(lint_files([(bad, name), (good, "good.md")], settings))
    assert [(f.rule, f.severity.value) for f in results[0].findings] == [("document.unreadable", "error")]
    assert message in results[0].findings[0].message
    assert rules_of(results[1].findings) == [(1, "style.all-caps")]


def test_unreadable_directory_and_huge_file(tmp_path, monkeypatch):
    import reviewer.document.decode as decode

    monkeypatch.setattr(decode, "MAX_FILE_BYTES", 100)
    huge = tmp_path / "huge.md"
    huge.write_text("word " * 50, encoding="utf-8")
    linter = Linter(LintSettings(Config(root=tmp_path), AS_OF))
    assert "over the" in linter.lint_path(huge, "huge.md").findings[0].message


def test_a_directory_given_as_a_file_is_reported(tmp_path):
    linter = Linter(LintSettings(Config(root=tmp_path), AS_OF))
    assert "directory" in linter.lint_path(tmp_path, "dir").findings[0].message


def test_empty_file_is_reported(tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    findings = Linter(LintSettings(Config(root=tmp_path), AS_OF, ("document",))).lint_path(empty, "empty.md").findings
    assert rules_of(findings) == [(1, "document.empty")]


def test_results_are_identical_for_any_number_of_jobs(tmp_path):
    files = []
    for i in range(24):
        path = tmp_path / f"a{i:02d}.md"
        path.write_text(f"# Page {i}\n\n{SHOUTING}\n\nSee [here](#) and []({i}.md).\n" * (i % 3 + 1),
                        encoding="utf-8")
        files.append((path, path.name))
    settings = LintSettings(Config(root=tmp_path), AS_OF)
    one = [f for r in lint_files(files, settings, jobs=1) for f in r.findings]
    two = [f for r in lint_files(files, settings, jobs=2) for f in r.findings]
    assert one == two and len(one) > 24
