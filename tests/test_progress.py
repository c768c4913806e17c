"""The progress line of long lint runs: drawn only for a person at a terminal, erased before report text."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

from click.testing import CliRunner

from reviewer.cli import cli
from reviewer.progress import Progress, wanted


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def results(*counts: int):
    return [SimpleNamespace(count=n) for n in counts]


def test_the_line_appears_after_a_second_counts_files_and_findings_and_is_erased():
    clock, screen = Clock(), Terminal()
    progress = Progress(3, screen, clock=clock)
    passed = progress.track(results(2, 0, 3))
    next(passed)
    assert screen.getvalue() == ""  # a short run shows nothing
    clock.now = 1.5
    next(passed)
    assert screen.getvalue() == "\r\x1b[Kreviewer: 2/3 files, 2 findings"
    progress.clear()  # before report text is written
    assert screen.getvalue().endswith("\r\x1b[K")
    clock.now = 1.55
    next(passed)
    assert screen.getvalue().endswith("\r\x1b[Kreviewer: 3/3 files, 5 findings")
    assert list(passed) == []
    assert screen.getvalue().endswith("\r\x1b[K")  # erased at the end


def test_only_for_text_output_watched_on_a_terminal():
    terminal, pipe = Terminal(), io.StringIO()
    assert wanted("text", None, False, stdout=terminal, stderr=terminal)
    assert wanted("text", "report.txt", False, stdout=pipe, stderr=terminal)
    assert not wanted("text", None, False, stdout=pipe, stderr=terminal)  # the report is piped or redirected
    assert not wanted("text", None, False, stdout=terminal, stderr=pipe)
    assert not wanted("text", None, True, stdout=terminal, stderr=terminal)  # --quiet
    for machine in ("json", "sarif", "github"):
        assert not wanted(machine, None, False, stdout=terminal, stderr=terminal)


def test_no_progress_when_not_on_a_terminal(tmp_path, monkeypatch):
    for n in range(20):
        (tmp_path / f"a{n}.md").write_text("# Page\n\nSee [the clinic](#).\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for fmt in ("text", "json"):
        result = CliRunner().invoke(cli, ["lint", "--no-cache", "--format", fmt, "--as-of", "2026-11-25"])
        assert result.exit_code == 1
        assert "\r" not in result.stderr and "files," not in result.stderr
    assert json.loads(result.stdout)["summary"]["files"] == 20
