"""The report cache's history snapshot: a report at an unchanged HEAD, over articles whose verdicts the cache
holds, reads neither the log nor the history index, and answers exactly as a cold report does; anything
that could change the history (a commit, an edit, the ignore-revs file, the time zone) reads it again.
Real temporary repositories, the real CLI."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import git
from reviewer import git as reviewer_git
from reviewer.cli import cli


def commit(repo: Path, when: str, files: dict[str, str], message: str = "change") -> str:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
        git(repo, "add", name)
    git(repo, "commit", "-q", "-m", message, date_text=when)
    return git(repo, "rev-parse", "HEAD").strip()


def article(reviewed: str, body: str) -> str:
    return f"---\ntitle: T\nlast_reviewed: {reviewed}\n---\n# T\n\n{body}\n"


def report(repo: Path, monkeypatch, *args: str):
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(cli, ["report", "--as-of", "2026-11-25", "--format", "json", *args],
                                catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout, result.stderr


def walks(monkeypatch) -> list[int]:
    """Count the history passes started (each one a log walk or a history-index read)."""
    started: list[int] = []
    real = reviewer_git.start_history

    def counting(*args, **kwargs):
        started.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(reviewer_git, "start_history", counting)
    return started


@pytest.fixture
def repo(git_repo: Path) -> Path:
    commit(git_repo, "2026-01-10T09:00:00+00:00", {"guides/a.md": article("2026-01-10", "One."),
                                                    "guides/b.md": article("2026-01-10", "Two.")})
    commit(git_repo, "2026-03-01T09:00:00+00:00", {"guides/b.md": article("2026-01-10", "Two, edited.")},
           "edit b\n\nReviewed-by: Dr Who")
    git(git_repo, "mv", "guides/a.md", "guides/a-renamed.md")
    commit(git_repo, "2026-04-01T09:00:00+00:00", {}, "rename a")
    commit(git_repo, "2026-05-01T09:00:00+00:00", {"guides/c.md": article("2026-04-20", "One.")}, "copy-ish")
    return git_repo


def test_a_report_at_the_same_head_reads_no_history_and_answers_as_a_cold_one(repo, monkeypatch):
    cold, _ = report(repo, monkeypatch, "--no-cache")
    first, _ = report(repo, monkeypatch)
    started = walks(monkeypatch)
    warm, _ = report(repo, monkeypatch)
    assert started == [] and cold == first == warm
    rows = {r["path"]: r for r in json.loads(warm)["articles"]}
    assert rows["guides/b.md"]["changed_since_review"] is True and rows["guides/b.md"]["reviewed_by"] == "Dr Who"
    assert rows["guides/a-renamed.md"]["last_changed"] == "2026-04-01"


def test_a_new_commit_reads_history_again(repo, monkeypatch):
    report(repo, monkeypatch)
    commit(repo, "2026-06-01T09:00:00+00:00", {"guides/a-renamed.md": article("2026-01-10", "One, edited.")})
    started = walks(monkeypatch)
    warm, _ = report(repo, monkeypatch)
    assert started == [1] and warm == report(repo, monkeypatch, "--no-cache")[0]
    row = next(r for r in json.loads(warm)["articles"] if r["path"] == "guides/a-renamed.md")
    assert row["last_changed"] == "2026-06-01" and row["changed_since_review"] is True


def test_an_edit_in_the_working_tree_reads_history_again(repo, monkeypatch):
    report(repo, monkeypatch)
    (repo / "guides" / "c.md").write_text(article("2026-04-20", "One, edited here."), encoding="utf-8")
    started = walks(monkeypatch)
    warm, _ = report(repo, monkeypatch)
    assert started == [1] and warm == report(repo, monkeypatch, "--no-cache")[0]
    started.clear()
    assert report(repo, monkeypatch)[0] == warm and started == []  # and the next report reads none again


def test_a_changed_ignore_revs_file_reads_history_again(repo, monkeypatch):
    report(repo, monkeypatch)
    rename = git(repo, "log", "-1", "--format=%H", "--", "guides/a-renamed.md").strip()
    (repo / ".git-blame-ignore-revs").write_text(rename + "\n", encoding="utf-8")
    started = walks(monkeypatch)
    warm, _ = report(repo, monkeypatch)
    assert started == [1] and warm == report(repo, monkeypatch, "--no-cache")[0]
    row = next(r for r in json.loads(warm)["articles"] if r["path"] == "guides/a-renamed.md")
    assert row["last_changed"] == "2026-01-10"  # the listed rename is skipped


def test_another_time_zone_reads_history_again(repo, monkeypatch):
    report(repo, monkeypatch)
    started = walks(monkeypatch)
    warm, _ = report(repo, monkeypatch, "--timezone", "Pacific/Kiritimati")
    assert started == [1] and warm == report(repo, monkeypatch, "--no-cache", "--timezone", "Pacific/Kiritimati")[0]


def test_a_detached_head_is_still_noted(repo, monkeypatch):
    git(repo, "checkout", "-q", "--detach")
    report(repo, monkeypatch)
    started = walks(monkeypatch)
    _, stderr = report(repo, monkeypatch)
    assert started == [] and "HEAD is detached" in stderr


def test_one_call_finds_the_repository_as_the_step_by_step_calls_do(repo, git_repo, tmp_path):
    found = reviewer_git.find_repository(repo / "guides")
    assert (found.branch, found.detached, found.shallow, found.object_format) == ("main", False, False, "sha1")
    assert found.head == git(repo, "rev-parse", "HEAD").strip() and found.root == Path(repo).resolve()
    git(repo, "checkout", "-q", "--detach")
    assert reviewer_git.find_repository(repo).detached
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q", "-b", "trunk")
    unborn = reviewer_git.find_repository(empty)
    assert (unborn.head, unborn.branch) == (None, "trunk")
    with reviewer_git.remembering_repositories():
        first = reviewer_git.find_repository(repo / "guides")
        assert reviewer_git.find_repository(repo) is first
        assert reviewer_git.find_repository(empty) is not first


def test_the_log_traced_as_it_streams_matches_a_trace_of_the_whole_output(git_repo):
    """Tokens split across git's 64 KiB reads are joined again: a history of several hundred KiB, with long
    paths, renames and a folder copy, traces the same whether read whole or as it streams."""
    long = "a-rather-long-folder-name-for-a-patient-information-leaflet/" * 3
    lines, mark = [], 0
    for number in range(400):
        mark += 1
        lines.append(f"commit refs/heads/main\nmark :{mark}\ncommitter A <a@example.org> {1_700_000_000 + number * 60} +0000\n"
                     f"data 6\nedit {number % 10}\n")
        if number:
            lines.append(f"from :{mark - 1}\n")
        for slot in range(4):
            body = f"---\nlast_reviewed: 2024-01-01\n---\nVersion {number} of leaflet {slot}.\n"
            lines.append(f"M 100644 inline {long}leaflet-{slot}.md\ndata {len(body.encode())}\n{body}\n")
        if number == 200:
            lines.append(f"R {long}leaflet-3.md {long}leaflet-3-renamed.md\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=git_repo, input="".join(lines).encode(), check=True)
    git(git_repo, "checkout", "-q", "-f", "main")
    repository = reviewer_git.find_repository(git_repo)
    paths = sorted(p for p in (git_repo / long).glob("*.md"))
    streamed = reviewer_git.read_history(paths, repository, follow_copies=False)
    data = subprocess.run(reviewer_git.log_command(), cwd=git_repo, capture_output=True, check=True).stdout
    assert len(data) > 4 * 65536
    wanted = {repository.relative(p): repository.relative(p) for p in paths}
    found = {p: [] for p in wanted}
    reviewer_git._follow(iter(data.split(b"\0")), wanted, found, set())
    assert {p: h.changes for p, h in streamed.files.items()} == {p: tuple(c) for p, c in found.items()}
    assert len(streamed.files[f"{long}leaflet-0.md"].changes) == 400
    assert {c.path for c in streamed.files[f"{long}leaflet-3-renamed.md"].changes} == {
        f"{long}leaflet-3.md", f"{long}leaflet-3-renamed.md"}
