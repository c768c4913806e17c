"""Applying the fixes findings carry: `reviewer lint --fix` and `--fix --diff`.

The core is pure: `apply_fixes(text, fixes)` applies non-overlapping fixes to decoded
text. `fix_file` wraps it for one file on disk: read the bytes once, decode them the way
the engine does (a UTF-8 BOM is set aside, "\\r\\n" stays in the text, so fix offsets line
up), apply the fixes, lint the result again and repeat until no fix applies, then write
the new bytes atomically (a temporary file in the same folder, then a rename) with the
BOM, line endings and permission bits of the original. A file is never written when its
bytes changed since they were read, and a read-only file is reported and left alone.
With `write=False` (`--fix --diff`) nothing is written and the outcome carries a unified diff.
"""

from __future__ import annotations

import copy
import difflib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from reviewer.fileio import hard_link_note, write_atomic
from reviewer.language.quotes import quoted_spans
from reviewer.lint.finding import Finding, Fix

if TYPE_CHECKING:  # pragma: no cover
    from reviewer.lint.engine import Linter

MAX_PASSES = 10
BOM = b"\xef\xbb\xbf"

# Outcome statuses.
FIXED = "fixed"  # fixes applied and written
WOULD_FIX = "would-fix"  # fixes found; diff mode, nothing written
UNCHANGED = "unchanged"  # nothing to fix
READ_ONLY = "read-only"  # fixes found, but the file is read-only: left alone
CHANGED_ON_DISK = "changed-on-disk"  # the file changed while it was being fixed: left alone
UNREADABLE = "unreadable"  # cannot be read or decoded: nothing done
WRITE_FAILED = "write-failed"  # the new content could not be written: the file is untouched


_BLANK_LINE = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")


def in_quotation(text: str, start: int, end: int) -> bool:
    """True when text [start, end) lies inside quotation marks within its paragraph: a quoted title
    ("Guidance for Individuals ...") or someone's words, which a fix must never rewrite."""
    if not any(q in text for q in '"“‘'):
        return False
    before = [m.end() for m in _BLANK_LINE.finditer(text, max(0, start - 4000), start)]
    paragraph_start = before[-1] if before else max(0, start - 4000)
    after = _BLANK_LINE.search(text, end, end + 4000)
    paragraph_end = after.start() if after else min(len(text), end + 4000)
    offset = paragraph_start
    return any(a + offset <= start and end <= b + offset
               for a, b in quoted_spans(text[paragraph_start:paragraph_end]))


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix], list[Fix]]:
    """Apply fixes to `text`: (new text, fixes applied, fixes skipped).

    Fixes are applied in order of position. A fix that overlaps one already taken, two
    insertions at the same place, or a fix outside the text is skipped (a later pass may
    apply it once the text has been linted again). A fix inside quotation marks (a quoted
    title, someone's words) is never applied. Identical fixes count once.
    """
    ordered = sorted(set(fixes), key=lambda f: (f.start, f.end, f.replacement))
    applied: list[Fix] = []
    skipped: list[Fix] = []
    for fix in ordered:
        if not 0 <= fix.start <= fix.end <= len(text) or in_quotation(text, fix.start, fix.end):
            skipped.append(fix)
            continue
        if applied and _overlap(applied[-1], fix):
            skipped.append(fix)
            continue
        applied.append(fix)
    pieces, position = [], 0
    for fix in applied:
        pieces.append(text[position:fix.start])
        pieces.append(fix.replacement)
        position = fix.end
    pieces.append(text[position:])
    return "".join(pieces), applied, skipped


def _overlap(earlier: Fix, later: Fix) -> bool:
    if later.start < earlier.end:
        return True
    return later.start == earlier.start == earlier.end == later.end  # two insertions at one place: order unknown


@dataclass
class FixOutcome:
    """What `fix_file` did to one file.

    `status` is one of FIXED, WOULD_FIX, UNCHANGED, READ_ONLY, CHANGED_ON_DISK, UNREADABLE,
    WRITE_FAILED; `message` says it in words for the CLI. `applied` counts fixes applied over
    all passes; `findings` are the findings of the final text (what is left to do by hand), or of the
    text as read when the file was left alone (read-only, changed on disk, write failed);
    `diff` is the unified diff of the change (empty when nothing changed).
    """

    path: Path
    display: str
    status: str
    message: str = ""
    applied: int = 0
    passes: int = 0
    settled: bool = True
    diff: str = ""
    findings: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when the fixes change the file (written, or would be with write=True)."""
        return bool(self.diff)


def fix_file(path: Path, display: str, lint: Callable[[bytes], list[Finding]], *, write: bool,
             max_passes: int = MAX_PASSES) -> FixOutcome:
    """Fix one file: lint, apply the fixes, lint the result again, until nothing is left to apply.

    `lint(raw)` returns the findings of the file's content `raw` (bytes, as on disk, BOM
    included), with fix offsets into the decoded text; the CLI passes one that lints as
    `display` with the run's settings. `write=False` computes the change and its diff and
    writes nothing.
    """
    from reviewer.document.decode import decode_document, read_bytes

    path = Path(path)
    original = read_bytes(path, display)
    loaded = original if isinstance(original, Finding) else decode_document(original, display)
    if isinstance(loaded, Finding):  # a `document.unreadable` finding: the same as `reviewer lint` reports
        return FixOutcome(path, display, UNREADABLE, loaded.message, findings=[loaded])
    bom, text = loaded.bom, loaded.source
    raw, applied, passes, settled = original, 0, 0, False
    findings = original_findings = lint(raw)
    while True:
        new_text, done, _skipped = apply_fixes(text, [f.fix for f in findings if f.fix is not None])
        if not done or new_text == text:
            settled = True
            break
        if passes == max_passes:
            break
        passes += 1
        applied += len(done)
        text = new_text
        raw = (BOM if bom else b"") + text.encode("utf-8")
        findings = lint(raw)
    report = getattr(lint, "report", None)  # findings as a plain lint reports them, when fixing lints otherwise
    if report is not None:
        findings = report(raw)
        original_findings = findings if raw == original else report(original)
    outcome = FixOutcome(path, display, UNCHANGED, "nothing to fix", applied, passes, settled, findings=findings)
    if raw == original:
        return outcome
    outcome.diff = unified_diff(loaded.source, text, display)
    note = "" if settled else f" (stopped after {max_passes} passes: fixes keep changing the text)"
    count = f"{applied} fix{'es' if applied != 1 else ''}"
    if not write:
        outcome.status, outcome.message = WOULD_FIX, f"would apply {count}{note}"
        return outcome
    # A file left alone keeps its problems: report the findings of the text as read, not as fixed.
    if _is_read_only(path):
        outcome.status, outcome.findings = READ_ONLY, original_findings
        outcome.message = f"read-only file: {count} not applied; make it writable and run again"
        return outcome
    links = hard_link_note(path)
    try:
        written = write_atomic(path, raw, expected=original)
    except OSError as exc:
        outcome.status, outcome.findings = WRITE_FAILED, original_findings
        outcome.message = f"cannot write file: {exc.strerror or exc}; it is unchanged"
        return outcome
    if not written:
        outcome.status, outcome.findings = CHANGED_ON_DISK, original_findings
        outcome.message = "file changed on disk while it was being fixed; it is unchanged: run again"
        return outcome
    outcome.status, outcome.message = FIXED, f"applied {count}{note}" + (f"; {links}" if links else "")
    return outcome


def bytes_linter(linter: "Linter", path: Path, display: str) -> Callable[[bytes], list[Finding]]:
    """The `lint` callable `fix_file` needs: lint a version of the file at `path` as `display`, with
    the rules, options, suppressions and severities of `linter`.

    A rule that reports a repeated word once (an `every_occurrence` option, off) is run with it on
    while fixing, so that every use carries its fix; `lint.report` lints as `linter` does, for the
    findings left to report."""
    fixing = every_occurrence(linter)

    def lint(raw: bytes) -> list[Finding]:
        return fixing.lint_bytes(raw, display, path).findings

    def report(raw: bytes) -> list[Finding]:
        return linter.lint_bytes(raw, display, path).findings

    lint.report = report  # type: ignore[attr-defined]
    return lint


def every_occurrence(linter: "Linter") -> "Linter":
    """`linter`, or a copy of it whose rules with an `every_occurrence` option report every use."""
    if not any("every_occurrence" in options for _rule, _severity, options in linter.rules):
        return linter
    clone = copy.copy(linter)
    clone.rules = [(r, severity, {**options, "every_occurrence": True} if "every_occurrence" in options else options)
                   for r, severity, options in linter.rules]
    return clone


def _is_read_only(path: Path) -> bool:
    """True when the file may not be written: no write permission bit at all, or the OS says so."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK)


def unified_diff(before: str, after: str, display: str) -> str:
    """A unified diff of two versions of a file's text, as `patch` and `git apply` read it."""
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{display}", tofile=f"b/{display}")
    out = []
    for line in lines:
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)
