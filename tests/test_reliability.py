"""No input sinks a run, no input takes forever: the bad-input matrix and the failures found by hostile use.

The matrix is one table: each row writes real files, runs the real CLI and says what a user must see
(exit code, the message naming the file) and what must still happen to the other files.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import AS_OF, git
from reviewer.cli import cli
from reviewer.config import Config
from reviewer.lint.engine import LintSettings, Linter
from reviewer.lint.finding import Severity
from reviewer.lint.registry import Rule

GOOD = "# Good\n\nThe CD4 count was 200 copies/mL.\n"  # one units.analyte-mismatch: proof the file was linted


def front_matter(**keys: str) -> str:
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in keys.items()) + "---\n# Page\n\nWash your hands.\n"


@dataclass(frozen=True)
class Case:
    """Files to write, a command to run, and what the user must see."""

    name: str
    files: dict[str, str | bytes]
    args: tuple[str, ...]
    exit_code: int
    says: tuple[str, ...] = ()  # each must appear in the output (stdout and stderr together)
    still_linted: bool = True  # good.md, written beside the files, still gets its finding
    env: dict[str, str] = field(default_factory=dict)


LINT = ("lint", "--as-of", "2026-11-25")
REPORT = ("report", "--as-of", "2026-11-25")
MATRIX = [
    # -- one impossible date is a finding on its article, never the loss of the run
    Case("review date in year 9999", {"a.md": front_matter(last_reviewed="9999-12-31")}, LINT, 1,
         ("a.md:2:1: error review.future-date",)),
    Case("review date in year 0", {"a.md": front_matter(last_reviewed="0000-01-01")}, LINT, 1,
         ("a.md:2:1: error review.unparseable", "year 0 is outside the calendar")),
    Case("next review in year 0", {"a.md": front_matter(next_review="0000-06-01")}, LINT, 1,
         ("a.md:2:1: error review.unparseable",)),
    Case("a huge interval", {"a.md": front_matter(last_reviewed="2026-01-01", review_interval="999999999 months")},
         LINT, 1, ("a.md:3:1: error review.unparseable", "longer than 100 years")),
    Case("a huge interval in days", {"a.md": front_matter(last_reviewed="2026-01-01",
                                                           review_interval="99999999999 days")},
         LINT, 1, ("review.unparseable",)),
    Case("an in-body review line in year 9999", {"a.md": "# Page\n\nWash.\n\nReviewed 9999-12-31\n"}, LINT, 1,
         ("a.md:5:1: error review.future-date",)),
    Case("a configured interval of a million years",
         {"a.md": front_matter(last_reviewed="2026-01-01"),
          "reviewer.toml": '[review]\ninterval = "999999999 months"\n'}, LINT, 2,
         ("review.interval",), still_linted=False),
    Case("report: a review date in year 0", {"a.md": front_matter(last_reviewed="0000-01-01")}, REPORT, 0,
         ("error ", "a.md: cannot read '0000-01-01'", "year 0 is outside the calendar"), still_linted=False),
    Case("report: a review date in year 9999", {"a.md": front_matter(last_reviewed="9999-12-31")}, REPORT, 0,
         ("a.md: last review date 9999-12-31", "is in the future"), still_linted=False),
    Case("report as of the last day there is", {"a.md": front_matter(last_reviewed="9999-12-31")},
         ("report", "--as-of", "9999-12-31"), 0, ("a.md",), still_linted=False),
    Case("report as of the first day there is", {"a.md": front_matter(last_reviewed="2026-01-01")},
         ("report", "--as-of", "0001-01-01"), 0, ("a.md",), still_linted=False),
    # -- unreadable files (the README's promise)
    Case("binary file", {"a.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00"}, LINT, 1,
         ("a.md:1:1: error document.unreadable", "binary")),
    Case("invalid UTF-8", {"a.md": b"# Caf\xe9\n"}, LINT, 1, ("a.md:1:1: error document.unreadable",
                                                               "invalid UTF-8 at byte 5")),
    Case("UTF-16", {"a.md": "# Page\n".encode("utf-16")}, LINT, 1, ("UTF-16",)),
    Case("empty file", {"a.md": ""}, LINT, 1, ("a.md:1:1: warning document.empty",)),
    Case("BOM and CRLF", {"a.md": "\ufeff# Page\r\n\r\nThe CD4 count was 200 copies/mL.\r\n"}, LINT, 1,
         ("a.md:3:23: error units.analyte-mismatch",)),
    Case("lone CR line endings", {"a.md": "# Page\r\rThe CD4 count was 200 copies/mL.\r"}, LINT, 1,
         ("a.md:3:23: error units.analyte-mismatch",)),
    Case("a file over the 5 MB limit", {"a.md": "# Big\n\n" + "Wash your hands. " * 330_000}, LINT, 1,
         ("a.md:1:1: error document.unreadable", "over the 5 MB limit")),
    Case("a folder named like an article is walked", {"a.md/inside.txt": "x"}, (*LINT, "a.md", "good.md"), 1,
         ("a.md/inside.txt:1:1: warning review.missing",)),
    Case("front matter with nothing in it", {"a.md": "---\n---\n"}, LINT, 1, ("a.md:1:1: warning document.empty",)),
    Case("front matter that is a list", {"a.md": "---\n- a\n- b\n---\n# A\n\nText.\n"}, LINT, 1,
         ("document.front-matter", "expected a mapping")),
    Case("a NUL byte late in the file", {"a.md": b"# A\n\nText.\n" + b"x" * 9000 + b"\x00\n"}, LINT, 1, ("a.md",)),
    Case("malformed front matter", {"a.md": "---\ntitle: Kidney health: what to know\n---\n# K\n\nText.\n"},
         LINT, 1, ("a.md:2:", "document.front-matter")),
    Case("front matter never closed", {"a.md": "---\ntitle: x\n\n# K\n\nThe CD4 count was 200 copies/mL.\n"},
         LINT, 1, ("a.md",)),
    Case("impossible calendar date", {"a.md": front_matter(last_reviewed="2026-02-30")}, LINT, 1,
         ("review.unparseable", "February 2026 has no day 30")),
    # -- deep nesting: read to 100 levels, past that reported, never silently dropped
    Case("twenty nested blockquotes", {"a.md": ">" * 20 + " The CD4 count was 200 copies/mL\n"}, LINT, 1,
         ("a.md:1:44: error units.analyte-mismatch",)),
    Case("ten nested lists", {"a.md": "".join("  " * i + "- item\n" for i in range(10))
                              + "  " * 10 + "- The CD4 count was 200 copies/mL\n"}, LINT, 1,
         ("a.md:11:45: error units.analyte-mismatch",)),
    Case("five thousand nested blockquotes", {"a.md": ">" * 5000 + " The CD4 count was 200 copies/mL\n"}, LINT, 1,
         ("a.md:1:1: warning document.too-deep",)),
    Case("five thousand nested links", {"a.md": "[" * 5000 + "x" + "](a)" * 5000 + "\n"}, LINT, 1, ()),
    # -- usage and configuration errors: exit 2, one line
    Case("an unknown option", {}, ("lint", "--bogus"), 2, ("reviewer: error: No such option '--bogus'",
                                                           "(see `reviewer lint --help`)"), still_linted=False),
    Case("a bad choice", {}, ("lint", "--format", "nope"), 2, ("reviewer: error: Invalid value for '--format'",),
         still_linted=False),
    Case("an unknown command", {}, ("lnt",), 2, ("reviewer: error: No such command 'lnt'",), still_linted=False),
    Case("a pack with invalid YAML", {"packs/jargon.yml": "pack: jargon\nentries:\n  - {term: a, plain: [b\n",
                                      "reviewer.toml": 'rule_packs = ["packs"]\n'}, LINT, 2,
         ("packs/jargon.yml:4:1: invalid YAML: did not find expected ',' or ']'",), still_linted=False),
    Case("a pack file that is a folder", {"packs/jargon.yml/x": "", "reviewer.toml": 'rule_packs = ["packs"]\n'},
         LINT, 2, ("jargon.yml: is a folder or special file, not a rule pack file",), still_linted=False),
    Case("rule_packs naming a file", {"reviewer.toml": 'rule_packs = ["good.md"]\n'}, LINT, 2,
         ("rule_packs: 'good.md' is a file; name the folder",), still_linted=False),
    Case("an unknown strptime directive", {"reviewer.toml": '[review]\ndate_formats = ["%Q"]\n'}, LINT, 2,
         ("review.date_formats: '%Q': unknown directive %Q",), still_linted=False),
    Case("a date format without a month", {"reviewer.toml": '[review]\ndate_formats = ["%d %Y"]\n'}, LINT, 2,
         ("must name the year (%Y) and the month",), still_linted=False),
    Case("output over an article being linted", {}, ("lint", "-o", "good.md"), 2,
         ("--output good.md is good.md, one of the articles being read",), still_linted=False),
    Case("report output over an article", {}, ("report", "-o", "./good.md"), 2,
         ("one of the articles being read",), still_linted=False),
    Case("output to a full disk", {}, ("lint", "-o", "/dev/full"), 2,
         ("cannot write /dev/full: No space left on device",), still_linted=False),
    Case("a missing path", {}, (*LINT, "nowhere.md"), 2, ("nowhere.md",), still_linted=False),
    Case("unknown config key", {"reviewer.toml": "colour = 1\n"}, LINT, 2, ("colour",), still_linted=False),
    Case("--as-of not a date", {}, ("lint", "--as-of", "2026-02-30"), 2, ("--as-of '2026-02-30'",),
         still_linted=False),
]


def write_files(folder: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: c.name)
def test_bad_input_matrix(case: Case, tmp_path, monkeypatch):
    write_files(tmp_path, case.files)
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(cli, list(case.args), catch_exceptions=False)
    output = result.stdout + result.stderr
    assert result.exit_code == case.exit_code, output
    assert "Traceback" not in output and "internal error" not in output, output
    for text in case.says:
        assert text in output, output
    assert (tmp_path / "good.md").read_text(encoding="utf-8") == GOOD  # nothing overwrote it
    if case.still_linted:
        assert "good.md:3:23: error units.analyte-mismatch" in output, output
    if case.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_named_pipe_is_reported_not_waited_for(tmp_path, monkeypatch):
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [*LINT, "pipe.md", "good.md"], catch_exceptions=False)
    assert "pipe.md:1:1: error document.unreadable not a regular file" in result.stdout
    assert "good.md:3:23: error units.analyte-mismatch" in result.stdout


def test_a_date_past_the_calendar_is_a_finding_with_parallel_jobs(tmp_path, monkeypatch):
    for index in range(12):
        (tmp_path / f"ok-{index:02}.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a.md").write_text(front_matter(last_reviewed="9999-12-31"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [*LINT, "--jobs", "2", "--format", "json"], catch_exceptions=False)
    findings = json.loads(result.stdout)["findings"]
    assert {f["path"] for f in findings if f["rule"] == "units.analyte-mismatch"} == {
        f"ok-{index:02}.md" for index in range(12)}
    assert any(f["path"] == "a.md" and f["rule"] == "review.future-date" for f in findings)


# --------------------------------------------------------------------------- a rule that fails


def test_a_failing_rule_is_a_finding_on_its_file(tmp_path):
    """A bug in one rule on one file costs that rule on that file: the finding says so, the rest runs."""
    def crash_on_soap(doc, options, context):
        if "soap" in doc.source:
            raise ValueError("year 10000 is out of range")
        return ()

    linter = Linter(LintSettings(Config(root=tmp_path), AS_OF, ("units", "document")))
    linter.rules.append((Rule("units.crashes", Severity.WARNING, crash_on_soap), Severity.WARNING, {}))
    linter.severities["units.crashes"] = Severity.WARNING
    soap = linter.lint_bytes(b"# Hands\n\nWash with soap. The CD4 count was 200 copies/mL.\n", "soap.md").findings
    assert [(f.rule, f.severity) for f in soap] == [("document.check-failed", Severity.ERROR),
                                                    ("units.analyte-mismatch", Severity.ERROR)]
    assert soap[0].message.startswith("rule units.crashes (the other rules ran) failed on this file "
                                      "(ValueError: year 10000 is out of range)")
    plain = linter.lint_bytes(GOOD.encode(), "good.md").findings
    assert [f.rule for f in plain] == ["units.analyte-mismatch"]


def test_a_failing_rule_raises_with_reviewer_debug(tmp_path, monkeypatch):
    def crash(doc, options, context):
        raise RuntimeError("boom")

    linter = Linter(LintSettings(Config(root=tmp_path), AS_OF, ("document",)))
    linter.rules.append((Rule("document.crashes", Severity.WARNING, crash), Severity.WARNING, {}))
    monkeypatch.setenv("REVIEWER_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        linter.lint_bytes(GOOD.encode(), "good.md")


def test_the_cli_never_prints_a_traceback_for_bad_dates(tmp_path):
    """As a subprocess, the way users and CI run it."""
    (tmp_path / "a.md").write_text(front_matter(last_reviewed="0000-01-01"), encoding="utf-8")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    for args in (LINT, ("report", "--as-of", "9999-12-31")):
        result = subprocess.run([sys.executable, "-m", "reviewer", *args], cwd=tmp_path, capture_output=True,
                                text=True, check=False, env={**os.environ, "NO_COLOR": "1"})
        assert result.returncode in (0, 1), result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr


# --------------------------------------------------------------------------- signoff writes only articles


@pytest.fixture
def content_repo(git_repo):
    (git_repo / "page.md").write_text("# Page\n\nWash your hands.\n", encoding="utf-8")
    (git_repo / "package.json").write_text('{"name": "site"}\n', encoding="utf-8")
    (git_repo / "build.sh").write_text("#!/bin/sh\necho build\n", encoding="utf-8")
    (git_repo / "drafts").mkdir()
    (git_repo / "drafts" / "idea.md").write_text("# Idea\n\nLater.\n", encoding="utf-8")
    (git_repo / "reviewer.toml").write_text('exclude = ["drafts"]\n', encoding="utf-8")
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "site", date_text="2026-01-01T00:00:00+00:00")
    return git_repo


@pytest.mark.parametrize("target, says", [
    ("package.json", "package.json is not an article (articles match include"),
    ("build.sh", "build.sh is not an article"),
    ("drafts/idea.md", "and not exclude = ['drafts']"),
    (".git/description", ".git/description is inside a git repository's own folder"),
    (".git/HEAD", "inside a git repository's own folder"),
])
def test_signoff_refuses_anything_but_an_article(content_repo, monkeypatch, target, says):
    before = (content_repo / target).read_bytes()
    monkeypatch.chdir(content_repo)
    result = CliRunner().invoke(cli, ["signoff", target, "--by", "Dr X", "--allow-dirty"], catch_exceptions=False)
    assert result.exit_code == 2 and says in result.stderr, result.stderr
    assert result.stderr.strip().endswith("signoff only writes articles")
    assert (content_repo / target).read_bytes() == before


def test_signoff_refuses_a_bare_repository_file(tmp_path, monkeypatch):
    bare = tmp_path / "site.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    (bare / "notes.md").write_text("# Notes\n", encoding="utf-8")  # even an .md file: it is git's folder
    before = {p.name: p.read_bytes() for p in bare.iterdir() if p.is_file()}
    monkeypatch.chdir(bare)
    for target in ("HEAD", "notes.md"):
        result = CliRunner().invoke(cli, ["signoff", target, "--by", "Dr X"], catch_exceptions=False)
        assert result.exit_code == 2 and "inside a git repository's own folder" in result.stderr
    assert {p.name: p.read_bytes() for p in bare.iterdir() if p.is_file()} == before
    assert git(bare, "rev-parse", "--git-dir").strip() == "."


def test_signoff_still_writes_an_article(content_repo, monkeypatch):
    monkeypatch.chdir(content_repo)
    result = CliRunner().invoke(cli, ["signoff", "page.md", "--by", "Dr X", "--date", "2026-11-20"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert (content_repo / "page.md").read_text(encoding="utf-8").startswith("---\nlast_reviewed: 2026-11-20\n")


def test_signoff_date_error_names_the_date_option(content_repo, monkeypatch):
    monkeypatch.chdir(content_repo)
    result = CliRunner().invoke(cli, ["signoff", "page.md", "--by", "Dr X", "--date", "2026-02-30"])
    assert result.exit_code == 2
    assert "--date '2026-02-30' is not a date" in result.stderr and "--as-of" not in result.stderr


# --------------------------------------------------------------------------- dates at the calendar's edges


def test_interval_after_the_last_day_is_the_last_day():
    from reviewer.review.dates import Interval, ReviewDate

    assert Interval(12, "month").after(ReviewDate(date(9999, 12, 31))).start == date.max
    assert Interval(10, "day").after(ReviewDate(date(9999, 12, 25))).start == date.max
    assert Interval(12, "month").after(ReviewDate(date(2026, 1, 31))).start == date(2027, 1, 31)


# --------------------------------------------------------------------------- time grows with size, no faster


SENTENCE = ("The CD4 count was 200 copies/mL and the dose was 5.0 mg, or .5 mg q.d. with 10 u of insulin; "
            "see https://www.cdc.gov/hiv or write to info@example.org. ")


def _article(size: int, paragraphs: bool) -> str:
    count = size // len(SENTENCE)
    body = "\n\n".join(SENTENCE * 4 for _ in range(count // 4)) if paragraphs else SENTENCE * count
    return "# Notes\n\n" + body + "\n"


def _cpu_seconds(text: str, runs: int) -> float:
    from reviewer.lint.engine import lint_text

    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        findings = lint_text(text, "big.md", as_of=AS_OF)
        best = min(best, time.process_time() - started)
    assert any(f.rule == "units.analyte-mismatch" for f in findings)
    return best


@pytest.mark.parametrize("paragraphs", [False, True], ids=["one paragraph", "many paragraphs"])
def test_lint_time_grows_linearly_with_size(paragraphs):
    """Every rule at once on 128 KB and on 1 MB of the text that used to be quadratic (values with units, doses,
    abbreviations and bare URLs in one paragraph). Linear growth is a ratio near 8; quadratic, near 64.
    The bound is a ratio measured side by side, never an absolute time."""
    small = _cpu_seconds(_article(128 * 1024, paragraphs), runs=3)  # the best of several runs: noise only adds
    large = _cpu_seconds(_article(1024 * 1024, paragraphs), runs=2)
    assert large / small < 24, f"128 KB took {small:.2f} s and 1 MB {large:.2f} s: worse than linear"


# --------------------------------------------------------------------------- user pack patterns are bounded


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(?:\w+\s?)*done", r"(x*)*", r"(?:(?:ab)+c?){1,50}", r"(?=(a+)+)b",
                                     r"(?>(a+)+$)"])
def test_a_pattern_that_can_backtrack_forever_is_refused(pattern):
    from reviewer.lint.rulepack import backtracking_risk

    assert "a repeat inside a repeat" in backtracking_risk(pattern)


@pytest.mark.parametrize("pattern", [r"a+b+", r"(?:ab)+", r"(a{1,3}){2}", r"(a++)+", r"(?>a+)+", r"((a+)++)+",
                                     r"\bnow\s+(?:\w+\s+)?known\b"])
def test_safe_patterns_are_accepted(pattern):
    from reviewer.lint.rulepack import backtracking_risk

    assert backtracking_risk(pattern) is None


def test_every_built_in_pattern_is_safe():
    """Built-in packs pass the same guard as users' (it runs on every pack when it loads)."""
    import yaml

    from reviewer.lint.rulepack import backtracking_risk, builtin_folder

    patterns = [entry["pattern"] for path in sorted(builtin_folder().glob("*.yml"))
                for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]
                if isinstance(entry, dict) and "pattern" in entry]
    assert len(patterns) >= 5
    assert [p for p in patterns if backtracking_risk(p)] == []


def test_a_user_pack_with_a_runaway_pattern_is_a_one_line_error(tmp_path, monkeypatch):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "claims.yml").write_text(
        "pack: claims\ndescription: ours\nentries:\n"
        "  - {phrase: runaway, pattern: '(a+)+$', reason: r, advice: a}\n", encoding="utf-8")
    (tmp_path / "reviewer.toml").write_text('rule_packs = ["packs"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("# A\n\n" + "a" * 31 + "!\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["lint", "a.md"])  # refused at load: run, the pattern would take minutes
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "unsafe pattern: a repeat inside a repeat" in result.stderr


# --------------------------------------------------------------------------- smaller ones


def test_a_symbolic_link_loop_and_a_broken_link_say_what_they_are(tmp_path, monkeypatch):
    (tmp_path / "loop1").symlink_to("loop2")
    (tmp_path / "loop2").symlink_to("loop1")
    (tmp_path / "broken.md").symlink_to("nowhere.md")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [*LINT, "loop1", "broken.md", "gone.md", "good.md"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "reviewer: error: loop1: symbolic link loop: the link leads back to itself",
        "reviewer: error: broken.md: broken symbolic link (it points to nowhere.md, which does not exist)",
        "reviewer: error: gone.md: no such file or folder"]
    assert "good.md:3:23: error units.analyte-mismatch" in result.stdout


def test_fixing_a_hard_linked_file_says_the_link_is_split(tmp_path, monkeypatch):
    (tmp_path / "a.md").write_text("# A\n\nTake 25 µg a day.\n", encoding="utf-8")
    os.link(tmp_path / "a.md", tmp_path / "b.md")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [*LINT, "--fix", "a.md"], catch_exceptions=False)
    assert "a.md: applied 1 fix; it had 2 hard links: the new version is a file of its own, and the other " \
           "link keeps the old text" in result.stderr
    assert "25 mcg" in (tmp_path / "a.md").read_text(encoding="utf-8")
    assert "25 µg" in (tmp_path / "b.md").read_text(encoding="utf-8")


def test_a_full_disk_on_standard_output_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "reviewer", *LINT, "good.md"], cwd=tmp_path, stdout=full,
                                stderr=subprocess.PIPE, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr == "reviewer: error: cannot write the output: No space left on device\n"


def test_a_damaged_repository_is_not_called_no_repository(git_repo, monkeypatch):
    (git_repo / "good.md").write_text(GOOD, encoding="utf-8")
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "add", date_text="2026-01-01T00:00:00+00:00")
    (git_repo / ".git" / "HEAD").write_text("garbage\n", encoding="utf-8")
    monkeypatch.chdir(git_repo)
    result = CliRunner().invoke(cli, ["report"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"reviewer: error: {git_repo.resolve() / '.git'} is there but git cannot read it")
    assert "not in a git repository" not in result.stderr


def test_a_finding_in_an_ordered_list_item_starts_on_its_word_not_the_marker():
    from reviewer.lint.engine import lint_text

    for text, column in (("1. XQZ tablet.\n", 4), ("10. XQZ tablet.\n", 5), ("> 2) XQZ tablet.\n", 6)):
        findings = lint_text(text, select=["acronyms"], as_of=AS_OF)
        assert [(f.line, f.column) for f in findings] == [(1, column)], text


HOSTILE_SHAPES = {  # text that used to make one rule rescan its paragraph (or sentence) for every match
    "a sentence of acronym definitions": "The antiretroviral therapy (ART) works; ",
    "short forms before brackets": "See PrEP (pre-exposure prophylaxis) and ",
    "explained terms in one sentence": "The nephropathy, which is kidney damage, and ",
    "time-relative claims": "recent research currently shows now available ",
    "formal words after a/an": "Use a approximately 5 mg dose of nephropathy now; ",
}


@pytest.mark.parametrize("unit", HOSTILE_SHAPES.values(), ids=HOSTILE_SHAPES.keys())
def test_hostile_shapes_grow_linearly(unit):
    def article(size: int) -> str:
        return "# Notes\n\n" + unit * (size // len(unit)) + "\n"

    def seconds(text: str, runs: int) -> float:
        from reviewer.lint.engine import lint_text

        best = float("inf")
        for _ in range(runs):
            started = time.process_time()
            lint_text(text, "big.md", as_of=AS_OF)
            best = min(best, time.process_time() - started)
        return best

    small, large = seconds(article(32 * 1024), runs=3), seconds(article(256 * 1024), runs=3)
    assert large / small < 24, f"32 KB took {small:.2f} s and 256 KB {large:.2f} s: worse than linear"
