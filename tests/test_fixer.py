"""Autofix: the pure core, and fixing files on disk safely (CRLF, BOM, permissions, read-only, races)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from conftest import AS_OF
from reviewer.config import Config
from reviewer.lint.engine import LintSettings, Linter
from reviewer.lint.finding import Finding, Fix, Severity
from reviewer.lint.fixer import (
    CHANGED_ON_DISK, FIXED, READ_ONLY, UNCHANGED, UNREADABLE, WOULD_FIX, apply_fixes, bytes_linter, fix_file)

ARTICLE = ("# Blood pressure medicines\n\nAmlodipine starts at 5.0 mg once a day.\n\n"
           "Semaglutide is raised to .5 mg, and levothyroxine starts at 25 µg.\n\n"
           "Each 5cc holds 250 mg. A CD4 count below 200 copies/mL is low.\n")
FIXED_ARTICLE = ("# Blood pressure medicines\n\nAmlodipine starts at 5 mg once a day.\n\n"
                 "Semaglutide is raised to 0.5 mg, and levothyroxine starts at 25 mcg.\n\n"
                 "Each 5 mL holds 250 mg. A CD4 count below 200 cells/mm³ is low.\n")


def linter_for(path: Path, display: str = "article.md"):
    return bytes_linter(Linter(LintSettings(Config(root=path.parent), AS_OF)), path, display)


def write(path: Path, text: str, *, bom: bool = False, crlf: bool = False) -> bytes:
    data = (b"\xef\xbb\xbf" if bom else b"") + (text.replace("\n", "\r\n") if crlf else text).encode("utf-8")
    path.write_bytes(data)
    return data


# --------------------------------------------------------------------------- the pure core


def test_fixes_apply_in_order_of_position_whatever_order_they_come_in():
    text = "abcdef"
    new, applied, skipped = apply_fixes(text, [Fix(4, 5, "E"), Fix(0, 1, "A"), Fix(2, 2, "-")])
    assert new == "Ab-cdEf" and len(applied) == 3 and skipped == []


def test_overlapping_fixes_are_skipped_never_merged():
    new, applied, skipped = apply_fixes("aaaa", [Fix(0, 2, "a"), Fix(1, 3, "a"), Fix(2, 4, "a")])
    assert new == "aa" and applied == [Fix(0, 2, "a"), Fix(2, 4, "a")] and skipped == [Fix(1, 3, "a")]


def test_an_insertion_next_to_a_replacement_applies_both_but_two_insertions_at_one_place_do_not():
    assert apply_fixes("5cc", [Fix(1, 3, "mL"), Fix(1, 1, " ")])[0] == "5 mL"
    new, applied, skipped = apply_fixes("ab", [Fix(1, 1, "x"), Fix(1, 1, "y")])
    assert new == "axb" and skipped == [Fix(1, 1, "y")]


def test_identical_fixes_count_once_and_fixes_outside_the_text_are_skipped():
    new, applied, skipped = apply_fixes("abc", [Fix(0, 1, "A"), Fix(0, 1, "A"), Fix(2, 9, "x")])
    assert new == "Abc" and applied == [Fix(0, 1, "A")] and skipped == [Fix(2, 9, "x")]


# --------------------------------------------------------------------------- files on disk


def test_fix_file_applies_every_safe_fix_and_leaves_the_rest(tmp_path):
    path = tmp_path / "article.md"
    write(path, ARTICLE)
    outcome = fix_file(path, "article.md", linter_for(path), write=True)
    assert outcome.status == FIXED and outcome.applied == 6
    assert path.read_text(encoding="utf-8") == FIXED_ARTICLE
    assert all(f.fix is None for f in outcome.findings)


@pytest.mark.parametrize("bom, crlf", [(False, True), (True, False), (True, True)])
def test_bom_and_line_endings_are_kept(tmp_path, bom, crlf):
    path = tmp_path / "article.md"
    write(path, ARTICLE, bom=bom, crlf=crlf)
    outcome = fix_file(path, "article.md", linter_for(path), write=True)
    assert outcome.status == FIXED
    expected = (b"\xef\xbb\xbf" if bom else b"") + (
        FIXED_ARTICLE.replace("\n", "\r\n") if crlf else FIXED_ARTICLE).encode("utf-8")
    assert path.read_bytes() == expected


def test_a_second_fix_changes_nothing(tmp_path):
    path = tmp_path / "article.md"
    write(path, ARTICLE, crlf=True)
    fix_file(path, "article.md", linter_for(path), write=True)
    after_first = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    again = fix_file(path, "article.md", linter_for(path), write=True)
    assert again.status == UNCHANGED and again.applied == 0 and again.diff == ""
    assert path.read_bytes() == after_first and path.stat().st_mtime_ns == mtime


def test_permissions_are_kept(tmp_path):
    path = tmp_path / "article.md"
    write(path, ARTICLE)
    path.chmod(0o640)
    assert fix_file(path, "article.md", linter_for(path), write=True).status == FIXED
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["article.md"]  # no temporary file left behind


def test_a_read_only_file_is_reported_and_left_alone(tmp_path):
    path = tmp_path / "article.md"
    original = write(path, ARTICLE)
    path.chmod(0o444)
    outcome = fix_file(path, "article.md", linter_for(path), write=True)
    assert outcome.status == READ_ONLY and "read-only" in outcome.message
    assert path.read_bytes() == original and stat.S_IMODE(path.stat().st_mode) == 0o444
    # the file keeps its problems, so its findings are those of the text on disk, fixes and all
    assert outcome.findings == linter_for(path)(original)
    assert sum(f.fix is not None for f in outcome.findings) == 6


def test_a_file_changed_while_being_fixed_is_not_overwritten(tmp_path):
    path = tmp_path / "article.md"
    write(path, ARTICLE)
    lint = linter_for(path)
    edited_elsewhere = "# Blood pressure medicines\n\nSomeone else saved this meanwhile.\n"

    def lint_while_someone_saves(raw: bytes):
        if path.read_text(encoding="utf-8") != edited_elsewhere:
            path.write_text(edited_elsewhere, encoding="utf-8")
        return lint(raw)

    outcome = fix_file(path, "article.md", lint_while_someone_saves, write=True)
    assert outcome.status == CHANGED_ON_DISK and "changed" in outcome.message
    assert path.read_text(encoding="utf-8") == edited_elsewhere
    assert outcome.findings == lint(ARTICLE.encode("utf-8"))  # the text as read: nothing was fixed


def test_diff_mode_writes_nothing_and_returns_a_unified_diff(tmp_path):
    path = tmp_path / "article.md"
    original = write(path, ARTICLE)
    outcome = fix_file(path, "articles/article.md", linter_for(path), write=False)
    assert outcome.status == WOULD_FIX and path.read_bytes() == original
    assert outcome.diff.startswith("--- a/articles/article.md\n+++ b/articles/article.md\n")
    assert "-Amlodipine starts at 5.0 mg once a day.\n+Amlodipine starts at 5 mg once a day.\n" in outcome.diff


def test_diff_marks_a_last_line_without_a_newline(tmp_path):
    path = tmp_path / "article.md"
    write(path, "# Doses\n\nTake 5.0 mg.")
    diff = fix_file(path, "article.md", linter_for(path), write=False).diff
    assert diff.endswith("+Take 5 mg.\n\\ No newline at end of file\n")


def test_fixes_that_overlap_are_applied_over_several_passes(tmp_path):
    path = tmp_path / "notes.md"
    write(path, "aaaa")

    def halve_pairs(raw: bytes):
        text = raw.decode("utf-8")
        return [Finding("notes.md", 1, 1, 1, 1, "demo.pairs", Severity.WARNING, "pair", fix=Fix(i, i + 2, "a"))
                for i in range(len(text) - 1) if text[i:i + 2] == "aa"]

    outcome = fix_file(path, "notes.md", halve_pairs, write=True)
    assert path.read_text(encoding="utf-8") == "a" and outcome.passes == 2 and outcome.settled


def test_fixes_that_never_settle_stop_after_a_bounded_number_of_passes(tmp_path):
    path = tmp_path / "notes.md"
    write(path, "x")

    def grow(raw: bytes):
        return [Finding("notes.md", 1, 1, 1, 1, "demo.grow", Severity.WARNING, "grow", fix=Fix(0, 0, "x"))]

    outcome = fix_file(path, "notes.md", grow, write=False, max_passes=3)
    assert outcome.passes == 3 and not outcome.settled and "stopped after 3 passes" in outcome.message


def test_an_unreadable_file_is_left_alone(tmp_path):
    path = tmp_path / "latin1.md"
    path.write_bytes("# Café\n\nTake 5.0 mg.\n".encode("latin-1"))
    outcome = fix_file(path, "latin1.md", linter_for(path), write=True)
    assert outcome.status == UNREADABLE and "invalid UTF-8" in outcome.message
    assert [f.rule for f in outcome.findings] == ["document.unreadable"]
    missing = fix_file(tmp_path / "missing.md", "missing.md", linter_for(path), write=True)
    assert missing.status == UNREADABLE and [f.rule for f in missing.findings] == ["document.unreadable"]


def test_a_symbolic_link_stays_a_link(tmp_path):
    real = tmp_path / "real.md"
    write(real, ARTICLE)
    link = tmp_path / "link.md"
    os.symlink(real, link)
    assert fix_file(link, "link.md", linter_for(link), write=True).status == FIXED
    assert link.is_symlink() and real.read_text(encoding="utf-8") == FIXED_ARTICLE


def test_suppressed_findings_are_not_fixed(tmp_path):
    path = tmp_path / "article.md"
    text = "# Doses\n\n<!-- reviewer-disable-next-line notation.trailing-zero -->\nTake 5.0 mg, or 10.0 mg.\n"
    write(path, text)
    outcome = fix_file(path, "article.md", linter_for(path), write=True)
    assert outcome.status == UNCHANGED and path.read_text(encoding="utf-8") == text


def test_a_file_deleted_while_being_fixed_is_not_recreated(tmp_path):
    path = tmp_path / "article.md"
    write(path, ARTICLE)
    lint = linter_for(path)

    def lint_while_someone_deletes(raw: bytes):
        path.unlink(missing_ok=True)
        return lint(raw)

    outcome = fix_file(path, "article.md", lint_while_someone_deletes, write=True)
    assert outcome.status == CHANGED_ON_DISK and not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_change_that_settles_on_the_last_allowed_pass_is_settled(tmp_path):
    path = tmp_path / "notes.md"
    write(path, "aaaa")

    def halve_pairs(raw: bytes):
        text = raw.decode("utf-8")
        return [Finding("notes.md", 1, 1, 1, 1, "demo.pairs", Severity.WARNING, "pair", fix=Fix(i, i + 2, "a"))
                for i in range(len(text) - 1) if text[i:i + 2] == "aa"]

    outcome = fix_file(path, "notes.md", halve_pairs, write=False, max_passes=2)
    assert outcome.passes == 2 and outcome.settled and outcome.changed and outcome.message == "would apply 3 fixes"


# --------------------------------------------------------------------------- quotation marks, repeated words


@pytest.mark.parametrize("text, inside", [
    ('Read "Guidance for Individuals" today.', True),
    ("Read “Guidance for Individuals” today.", True),
    ("Read ‘Guidance for Individuals’ today.", True),
    ("Individuals can read the “guidance”.", False),
    ('A stray " mark quotes nothing: Individuals read it.', False),
    ("Don’t worry: Individuals read it.", False),
])
def test_a_fix_inside_quotation_marks_is_never_applied(text, inside):
    start = text.index("Individuals")
    new, applied, skipped = apply_fixes(text, [Fix(start, start + len("Individuals"), "People")])
    assert (new == text and skipped != []) is inside


def test_a_quote_in_another_paragraph_does_not_protect_a_word(tmp_path):
    text = 'He said "yes\n\nIndividuals read it" here.\n'
    start = text.index("Individuals")
    new, applied, _ = apply_fixes(text, [Fix(start, start + len("Individuals"), "People")])
    assert "People read it" in new


def test_fix_file_fixes_every_use_of_a_word_reported_once(tmp_path):
    path = tmp_path / "article.md"
    text = ("# Feet\n\nEnsure your shoes fit. Individuals with diabetes should ensure cuts are clean.\n\n"
            "Ensuring toenails are short helps individuals too. Read \"How Individuals Ensure Foot Health\".\n")
    write(path, text)
    report = linter_for(path)
    assert len([f for f in report.report(text.encode()) if f.rule == "plain.simpler-word"]) == 2
    outcome = fix_file(path, "article.md", report, write=True)
    assert path.read_text(encoding="utf-8") == (
        "# Feet\n\nMake sure your shoes fit. People with diabetes should make sure cuts are clean.\n\n"
        "Making sure toenails are short helps people too. Read \"How Individuals Ensure Foot Health\".\n")
    assert outcome.status == FIXED and outcome.applied == 5 and outcome.settled
    assert [f.rule for f in outcome.findings if f.rule == "plain.simpler-word"] == []
