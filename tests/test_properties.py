"""Property-based tests: generated Markdown-ish articles never break the linter or the fixer.

Each example is an article built from the pieces real articles hold (front matter with good and bad dates,
headings, lists, nested quotes, links, code, tables, review lines, suppression comments, numbers with units,
doses, Unicode), written with every line ending and with or without a BOM. The suite runs a few hundred
examples; run 10,000 with

    pytest tests/test_properties.py --hypothesis-profile=thorough

(the profiles are registered in conftest.py; `--hypothesis-seed=N` replays one run).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import given, note
from hypothesis import strategies as st

from conftest import AS_OF
from reviewer.config import Config
from reviewer.lint.engine import LintSettings, Linter
from reviewer.lint.fixer import FIXED, UNCHANGED, bytes_linter, fix_file

LINTER = Linter(LintSettings(Config(root=Path(tempfile.gettempdir())), AS_OF))

WORDS = st.sampled_from([
    "Take", "your", "medicine", "every", "day", "HIV", "CD4", "count", "viral", "load", "HbA1c", "the", "doctor",
    "nephropathy", "hypertension", "ask", "a", "nurse", "if", "you", "feel", "unwell", "café", "naïve", "µg",
    "mg", "mL", "IU", "q.d.", "currently", "recent", "research", "shows", "DO", "NOT", "STOP", "utilize",
    "approximately", "Reviewed", "by", "Dr", "Okafor", "—", "“quoted”", "日本", "🙂", "(NHS)", "e.g.", "etc.",
])
NUMBERS = st.sampled_from(["200", "5.0", ".5", "1,000", "10", "0.25", "120/80", "1e3", "50%", "350 to 500"])
UNITS = st.sampled_from(["copies/mL", "cells/mm³", "mg", "mcg", "µg", "U", "IU", "cc", "mmol/L", "%", "mg/dL", ""])
DATES = st.sampled_from(["2025-07-03", "3 July 2025", "July 2025", "2026-02-30", "9999-12-31", "0000-01-01",
                         "12/07/2025", "2025", "not a date", "2026-11-20", "Feb. 4 2021"])
INTERVALS = st.sampled_from(["12 months", "3 years", "0 days", "999999999 months", "soon", "2 weeks"])


@st.composite
def sentence(draw) -> str:
    parts = draw(st.lists(st.one_of(WORDS, WORDS, WORDS, st.builds(lambda n, u: f"{n} {u}".strip(), NUMBERS, UNITS)),
                          min_size=1, max_size=14))
    return " ".join(parts) + draw(st.sampled_from([".", ".", "?", "!", "", ":"]))


@st.composite
def block(draw) -> str:
    text = draw(sentence())
    kind = draw(st.sampled_from(["paragraph", "paragraph", "heading", "list", "ordered", "quote", "link", "code",
                                 "fence", "table", "review", "comment", "html", "nested", "emphasis", "blank"]))
    if kind == "heading":
        return "#" * draw(st.integers(1, 6)) + " " + text
    if kind == "list":
        return "\n".join("- " + draw(sentence()) for _ in range(draw(st.integers(1, 3))))
    if kind == "ordered":
        return "\n".join(f"{i}. " + draw(sentence()) for i in range(1, draw(st.integers(2, 4))))
    if kind == "quote":
        return ">" * draw(st.integers(1, 25)) + " " + text
    if kind == "nested":
        return "".join("  " * i + "- item\n" for i in range(draw(st.integers(1, 12)))) + text
    if kind == "link":
        target = draw(st.sampled_from(["https://www.cdc.gov/hiv", "#", "other.md", "#missing", "http://x.org",
                                       "TODO", "", "mailto:a@b.org", "../up.md#part"]))
        return f"{text} [see this]({target}) and <https://example.org/a>."
    if kind == "code":
        return f"Use `{text}` here."
    if kind == "fence":
        return "```\n" + text + "\n```"
    if kind == "table":
        return f"| Test | Result |\n|---|---|\n| CD4 count | {draw(NUMBERS)} {draw(UNITS)} |\n| {text} | x |"
    if kind == "review":
        return draw(st.sampled_from(["Last reviewed: ", "Reviewed ", "Next review due: ", "Page last reviewed: "])) \
            + draw(DATES) + draw(st.sampled_from(["", " by Dr Okafor"]))
    if kind == "comment":
        rules = draw(st.sampled_from(["", "spelling", "units.analyte-mismatch", "style,jargon", "nonsense.rule"]))
        action = draw(st.sampled_from(["disable", "enable", "disable-next-line", "disable-file"]))
        return f"<!-- reviewer-{action} {rules} -->"
    if kind == "html":
        return f"<div>{text}</div>"
    if kind == "emphasis":
        return f"**{text}** and *{draw(sentence())}*"
    if kind == "blank":
        return draw(st.sampled_from(["", "   ", "\t"]))
    return text


@st.composite
def front_matter(draw) -> str:
    keys = draw(st.lists(st.sampled_from(["last_reviewed", "next_review", "review_interval", "reviewed_by", "title",
                                          "owner", "reviewer", "broken"]), max_size=5, unique=True))
    lines = []
    for key in keys:
        value = {"last_reviewed": DATES, "next_review": DATES, "review_interval": INTERVALS,
                 "reviewed_by": st.just("Dr Amina Okafor"), "title": st.just("Kidney health: what to know"),
                 "owner": st.just('"@content/team"'), "reviewer": st.just("{ignore: [spelling]}"),
                 "broken": st.just("[unclosed")}[key]
        lines.append(f"{key}: {draw(value)}")
    return "---\n" + "\n".join(lines) + "\n---\n\n" if draw(st.booleans()) else ""


@st.composite
def article(draw) -> str:
    """An article with LF line endings (variants are made from it)."""
    blocks = draw(st.lists(block(), min_size=0, max_size=10))
    return draw(front_matter()) + "\n\n".join(blocks) + draw(st.sampled_from(["\n", "", "\n\n"]))


def variant(text: str, newline: str, bom: bool) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + text.replace("\n", newline).encode("utf-8")


def lint(raw: bytes):
    return LINTER.lint_bytes(raw, "article.md").findings


def where(findings):
    return [(f.line, f.column, f.end_line, f.end_column, f.rule, f.message) for f in findings]


@given(article(), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_findings_lie_inside_the_file_and_are_the_same_for_every_line_ending(text, newline, bom):
    note(repr(text))
    findings = lint(variant(text, newline, bom))
    lines = text.split("\n")
    for f in findings:
        assert 1 <= f.line <= f.end_line <= len(lines), f
        assert (f.line, f.column) <= (f.end_line, f.end_column), f
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1, f  # columns count characters, not bytes
        assert 1 <= f.end_column <= len(lines[f.end_line - 1]) + 1, f
        assert f.rule != "document.check-failed", f.message  # no rule raised
    assert where(findings) == where(lint(variant(text, "\n", False)))


@given(article(), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_fix_is_idempotent_and_keeps_every_byte_outside_its_edits(text, newline, bom):
    note(repr(text))
    raw = variant(text, newline, bom)
    decoded = raw.decode("utf-8").removeprefix("\ufeff")
    for f in lint(raw):  # each edit stays inside the span its finding points at, and keeps line breaks
        if f.fix is not None:  # (a plain-word swap may also correct the "a"/"an" just before it)
            assert f.fix.start <= f.fix.end <= f.end and (
                f.fix.start >= f.start or re.fullmatch(r"(?i)an?\s+", decoded[f.fix.start:f.start])), f
            assert "\r" not in f.fix.replacement and "\n" not in f.fix.replacement, f
            assert not any(c in decoded[f.fix.start:f.fix.end] for c in "\r\n"), f
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "article.md")
        path.write_bytes(raw)
        first = fix_file(path, "article.md", bytes_linter(LINTER, path, "article.md"), write=True)
        fixed = path.read_bytes()
        again = fix_file(path, "article.md", bytes_linter(LINTER, path, "article.md"), write=True)
        assert again.status == UNCHANGED and path.read_bytes() == fixed  # a second --fix changes nothing
    assert first.status in (FIXED, UNCHANGED)
    assert fixed.startswith(b"\xef\xbb\xbf") == bom
    body = fixed[3:] if bom else fixed
    if newline == "\r\n":  # line endings are kept: no bare LF appears, and CRLF lines stay CRLF
        assert b"\n" not in body.replace(b"\r\n", b"")
    # Outside the edits, nothing moves: what the fixes did equals replaying them on the LF text.
    lf = fix_variant(text)
    assert body.decode("utf-8") == lf.replace("\n", newline)


def fix_variant(text: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "article.md")
        path.write_bytes(text.encode("utf-8"))
        fix_file(path, "article.md", bytes_linter(LINTER, path, "article.md"), write=True)
        return path.read_bytes().decode("utf-8")
