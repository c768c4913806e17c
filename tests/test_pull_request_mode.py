"""`lint --changed-since REF [--changed-lines]` in a real git repository, on a branch and on a detached HEAD."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import git
from reviewer.cli import cli

OLD = "# Old page\n\nSee [the clinic](#).\n"
BASE = "# Page\n\nSee [the clinic](#).\n\nTake one tablet a day.\n"


@pytest.fixture
def repo(git_repo, monkeypatch):
    (git_repo / "old.md").write_text(OLD, encoding="utf-8")
    (git_repo / "page.md").write_text(BASE, encoding="utf-8")
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "base", date_text="2026-01-01T10:00:00Z")
    git(git_repo, "checkout", "-q", "-b", "feature")
    (git_repo / "page.md").write_text(BASE + "\nAsk your pharmacist [for help](#).\n", encoding="utf-8")
    git(git_repo, "commit", "-q", "-am", "edit", date_text="2026-01-02T10:00:00Z")
    (git_repo / "new.md").write_text("# New\n\n[x](#)\n", encoding="utf-8")  # untracked, not ignored
    monkeypatch.chdir(git_repo)
    return git_repo


def lint(*args):
    result = CliRunner().invoke(cli, ["lint", "--format", "json", "--select", "links.placeholder", "--no-cache", *args])
    assert result.exit_code in (0, 1), result.output
    return [(f["path"], f["line"]) for f in json.loads(result.stdout)["findings"]]


def test_changed_since_lints_only_changed_and_new_articles(repo):
    assert lint() == [("new.md", 3), ("old.md", 3), ("page.md", 3), ("page.md", 7)]
    assert lint("--changed-since", "main") == [("new.md", 3), ("page.md", 3), ("page.md", 7)]


def test_changed_lines_keeps_findings_on_added_lines_only(repo):
    assert lint("--changed-since", "main", "--changed-lines") == [("new.md", 3), ("page.md", 7)]


def test_works_on_a_detached_head(repo):
    git(repo, "checkout", "-q", "--detach", "HEAD")
    assert lint("--changed-since", "main", "--changed-lines") == [("new.md", 3), ("page.md", 7)]


def test_unknown_ref_and_no_repository_are_usage_errors(repo, tmp_path, monkeypatch):
    result = CliRunner().invoke(cli, ["lint", "--changed-since", "no-such-branch"])
    assert result.exit_code == 2 and "--changed-since no-such-branch:" in result.stderr
    elsewhere = tmp_path / "plain"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = CliRunner().invoke(cli, ["lint", "--changed-since", "main"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_changed_lines_needs_changed_since(repo):
    result = CliRunner().invoke(cli, ["lint", "--changed-lines"])
    assert result.exit_code == 2 and "--changed-lines works only with --changed-since" in result.stderr
