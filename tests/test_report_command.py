"""`reviewer report` on real temporary repositories: every status and flag, options, formats, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import ROOT, git
from reviewer.review.report import report_command
from reviewer.review.reports.json import SCHEMA

AS_OF = "2026-11-25"


def article(title: str, front_matter: str = "", body: str = "", footer: str = "") -> str:
    head = f"---\ntitle: {title}\n{front_matter}---\n\n" if front_matter or title else ""
    return f"{head}# {title}\n\n{body or 'Take your medicine at the same time every day.'}\n\n{footer}"


def commit(repo: Path, when: str, message: str, files: dict[str, str]) -> str:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
        git(repo, "add", name)
    git(repo, "commit", "-q", "--allow-empty", "-m", message, date_text=when)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def library(git_repo):
    """Articles in every state, with a rename, a bulk commit listed in ignore-revs, CODEOWNERS and an untracked file."""
    reviewed_ok = article("Vaccines", "last_reviewed: 2026-06-01\nowner: \"@vaccines\"\n")
    commit(git_repo, "2025-01-10T09:00:00+00:00", "Add articles", {
        "articles/overdue.md": article("Asthma", "last_reviewed: 2025-01-10\nreviewed_by: Dr Amina Okafor\n"),
        "articles/nhs.md": article("", body="Blood tests check how your organs work.",
                                   footer="*Page last reviewed: 4 February 2021*\n*Next review due: 4 February 2024*\n"),
        "articles/never.md": article("Feet", body="Check your feet every day."),
        "articles/error.md": article("", body="Use your inhaler.", footer="Reviewed Julember 2025\n"),
        "articles/old-name.md": article("Kidneys", "last_reviewed: 2026-01-15\n"),
        ".github/CODEOWNERS": "*.md @docs-team\n/articles/never.md @feet-team\n",
    })
    commit(git_repo, "2025-12-10T09:00:00+00:00", "Add diabetes", {
        "articles/due-soon.md": article("Diabetes", "last_reviewed: 2025-12-10\n")})
    commit(git_repo, "2026-05-30T09:00:00+00:00", "Vaccines draft\n\nReviewed-by: Dr Vera Lynn",
           {"articles/ok.md": reviewed_ok})
    commit(git_repo, "2026-07-01T09:00:00+00:00", "Change vaccine advice after review", {
        "articles/ok.md": reviewed_ok.replace("every day", "every other day")})
    git(git_repo, "mv", "articles/old-name.md", "articles/kidneys.md")
    bulk = commit(git_repo, "2026-08-01T09:00:00+00:00", "Rename and reformat everything", {
        "articles/overdue.md": article("Asthma", "last_reviewed: 2025-01-10\nreviewed_by: Dr Amina Okafor\n") + "\n"})
    commit(git_repo, "2026-08-02T09:00:00+00:00", "Ignore the bulk commit", {".git-blame-ignore-revs": bulk + "\n"})
    (git_repo / "articles" / "draft.md").write_text(article("Draft", "last_reviewed: 2026-10-01\n"))
    return git_repo


def run(args, cwd: Path, monkeypatch, as_of: str = AS_OF):
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(report_command, [*args, "--as-of", as_of], catch_exceptions=False)


def rows_by_path(result) -> dict[str, dict]:
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    return {row["path"]: row for row in data["articles"]}


def test_every_status_and_flag(library, monkeypatch):
    result = run(["articles", "--format", "json"], library, monkeypatch)
    assert result.exit_code == 0, result.output
    rows = rows_by_path(result)
    status = {path.split("/")[-1]: row["status"] for path, row in rows.items()}
    assert status == {"overdue.md": "overdue", "nhs.md": "overdue", "never.md": "never_reviewed", "error.md": "error",
                      "kidneys.md": "ok", "due-soon.md": "due_soon", "ok.md": "ok", "draft.md": "ok"}
    ok = rows["articles/ok.md"]
    assert ok["changed_since_review"] is True and ok["flags"] == ["changed_since_review"]
    assert (ok["last_changed"], ok["owner"], ok["reviewed_by"]) == ("2026-07-01", "@vaccines", "Dr Vera Lynn")
    kidneys = rows["articles/kidneys.md"]  # renamed after its review by the ignored bulk commit, text unchanged
    assert (kidneys["changed_since_review"], kidneys["last_changed"], kidneys["flags"]) == (False, "2025-01-10", [])
    overdue = rows["articles/overdue.md"]  # the bulk commit is ignored: last real change is the first commit
    assert (overdue["last_changed"], overdue["days_overdue"], overdue["next_review"]) == ("2025-01-10", 319,
                                                                                          "2026-01-10")
    assert overdue["changed_since_review"] is False and overdue["reviewed_by"] == "Dr Amina Okafor"
    assert rows["articles/never.md"]["owner"] == "@feet-team" and rows["articles/nhs.md"]["owner"] == "@docs-team"
    assert rows["articles/nhs.md"]["next_review"] == "2024-02-04"
    draft = rows["articles/draft.md"]
    assert draft["flags"] == ["untracked"] and draft["last_changed"] is None and draft["changed_since_review"] is None
    assert "no committed history (untracked): articles/draft.md" in result.stderr
    data = json.loads(result.stdout)
    assert data["repository"] == {"head": git(library, "rev-parse", "HEAD").strip(), "shallow": False}
    assert data["summary"]["by_status"] == {"overdue": 2, "error": 1, "never_reviewed": 1, "due_soon": 1, "ok": 3}
    assert list(rows) == ["articles/nhs.md", "articles/overdue.md", "articles/error.md", "articles/never.md",
                          "articles/due-soon.md", "articles/kidneys.md", "articles/ok.md", "articles/draft.md"]


def test_filters_sorting_and_fail_on(library, monkeypatch):
    result = run(["articles", "--format", "json", "--status", "overdue,due_soon", "--sort", "path"], library, monkeypatch)
    assert list(rows_by_path(result)) == ["articles/due-soon.md", "articles/nhs.md", "articles/overdue.md"]
    result = run(["--format", "json", "--owner", "@vaccines"], library, monkeypatch)
    assert list(rows_by_path(result)) == ["articles/ok.md"]
    assert run(["articles", "--fail-on", "overdue"], library, monkeypatch).exit_code == 1
    assert run(["articles", "--status", "ok", "--fail-on", "due_soon"], library, monkeypatch).exit_code == 0
    assert run(["articles", "--status", "due_soon", "--fail-on", "due_soon"], library, monkeypatch).exit_code == 1
    assert run(["articles", "--due-within", "10", "--status", "due_soon"], library, monkeypatch).stdout.count(
        "due soon ") == 0


def test_every_format_renders_and_output_is_written(library, monkeypatch, tmp_path):
    for fmt, marker in (("table", "STATUS"), ("markdown", "| Status |"), ("csv", "path,title,status"),
                        ("html", "<!DOCTYPE html>")):
        result = run(["articles", "--format", fmt], library, monkeypatch)
        assert result.exit_code == 0 and marker in result.stdout
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir()
    result = run(["articles", "--format", "html", "--output", str(target)], library, monkeypatch)
    assert result.exit_code == 0 and result.stdout == "" and target.read_text().startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]  # no temporary file left behind


def test_timezone_moves_dates_across_midnight(git_repo, monkeypatch):
    commit(git_repo, "2026-03-01T23:30:00-05:00", "late evening in New York", {"a.md": article("A", "last_reviewed: 2026-03-01\n")})
    utc = rows_by_path(run(["a.md", "--format", "json"], git_repo, monkeypatch))["a.md"]
    ny = rows_by_path(run(["a.md", "--format", "json", "--timezone", "America/New_York"], git_repo, monkeypatch))["a.md"]
    assert (utc["last_changed"], ny["last_changed"]) == ("2026-03-02", "2026-03-01")
    assert run(["a.md", "--timezone", "Mars/Olympus"], git_repo, monkeypatch).exit_code == 2


def test_local_timezone_follows_daylight_saving(git_repo):
    """`--timezone local` keeps the zone's rules: a fixed offset (today's) puts summer or winter commits made
    near midnight on the wrong day. Run as a subprocess so TZ is the machine's zone from the start."""
    commit(git_repo, "2025-07-01T23:30:00+00:00", "summer night", {"summer.md": article("S", "last_reviewed: 2025-06-01\n")})
    commit(git_repo, "2025-01-10T23:30:00+00:00", "winter night", {"winter.md": article("W", "last_reviewed: 2025-01-01\n")})
    env = {"PYTHONPATH": str(ROOT), "PATH": os.environ["PATH"], "HOME": str(git_repo), "TZ": "Europe/London"}

    def rows(zone: str) -> dict:
        result = subprocess.run([sys.executable, "-m", "reviewer", "report", "--as-of", AS_OF, "--format", "json",
                                 "--timezone", zone], cwd=git_repo, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return {row["path"]: row["last_changed"] for row in json.loads(result.stdout)["articles"]}

    expected = {"summer.md": "2025-07-02", "winter.md": "2025-01-10"}  # 00:30 BST; 23:30 GMT
    assert rows("Europe/London") == expected
    assert rows("local") == expected


def test_shallow_clone_flags_every_row_and_can_be_refused(library, tmp_path, monkeypatch):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", library.as_uri(), str(clone))
    result = run(["articles", "--format", "json"], clone, monkeypatch)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["repository"]["shallow"] is True
    assert all("history_incomplete" in row["flags"] for row in data["articles"])
    assert "shallow clone" in result.stderr and "fetch-depth: 0" in result.stderr
    refused = run(["articles", "--require-full-history"], clone, monkeypatch)
    assert refused.exit_code == 2 and "--require-full-history" in refused.stderr
    assert "Traceback" not in refused.output


def test_shallow_clone_does_not_claim_unchanged_when_the_review_is_older_than_the_boundary(git_repo, tmp_path,
                                                                                             monkeypatch):
    commit(git_repo, "2025-01-01T09:00:00+00:00", "add", {"a.md": article("A", "last_reviewed: 2025-03-01\n")})
    commit(git_repo, "2025-06-01T09:00:00+00:00", "change the advice after the review", {
        "a.md": article("A", "last_reviewed: 2025-03-01\n", body="Take your medicine twice a day.")})
    assert rows_by_path(run(["a.md", "--format", "json"], git_repo, monkeypatch))["a.md"]["changed_since_review"]
    one, two = tmp_path / "depth1", tmp_path / "depth2"
    git(tmp_path, "clone", "-q", "--depth", "1", git_repo.as_uri(), str(one))
    git(tmp_path, "clone", "-q", "--depth", "2", git_repo.as_uri(), str(two))
    # depth 1: the boundary commit (after the review) looks like the article's creation; the reviewed text is unknown
    shallow = rows_by_path(run(["a.md", "--format", "json"], one, monkeypatch))["a.md"]
    assert shallow["changed_since_review"] is None and shallow["flags"] == ["history_incomplete"]
    # depth 2: the version current at the review is visible, so the answer is known
    deeper = rows_by_path(run(["a.md", "--format", "json"], two, monkeypatch))["a.md"]
    assert deeper["changed_since_review"] is True
    assert deeper["flags"] == ["changed_since_review", "history_incomplete"]


def test_an_article_written_again_at_a_deleted_path_is_untracked(git_repo, monkeypatch):
    commit(git_repo, "2025-01-01T09:00:00+00:00", "add", {"a.md": article("Old", "last_reviewed: 2025-01-01\n")})
    git(git_repo, "rm", "-q", "a.md")
    git(git_repo, "commit", "-q", "-m", "retire it", date_text="2025-02-01T09:00:00+00:00")
    (git_repo / "a.md").write_text(article("New", "last_reviewed: 2026-01-01\n"))
    row = rows_by_path(run(["a.md", "--format", "json"], git_repo, monkeypatch))["a.md"]
    assert (row["flags"], row["last_changed"], row["changed_since_review"]) == (["untracked"], None, None)


def test_a_folder_that_is_not_a_repository(tmp_path, monkeypatch):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "a.md").write_text(article("A", "last_reviewed: 2026-01-01\n"))
    result = run(["--format", "json"], folder, monkeypatch)
    assert result.exit_code == 0 and "is not in a git repository" in result.stderr
    data = json.loads(result.stdout)
    assert data["repository"] == {"head": None, "shallow": None}
    assert data["articles"][0]["status"] == "ok" and data["articles"][0]["flags"] == ["untracked"]
    assert run(["--require-full-history"], folder, monkeypatch).exit_code == 2


def test_without_a_git_binary_the_report_uses_the_articles_dates_and_codeowners(library, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    result = run(["articles", "--format", "json"], library, monkeypatch)
    assert result.exit_code == 0 and "git is not installed" in result.stderr and "Traceback" not in result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    rows = {row["path"]: row for row in data["articles"]}
    assert data["repository"] == {"head": None, "shallow": None}
    assert all(row["flags"] == ["history_incomplete"] and row["last_changed"] is None for row in rows.values())
    assert rows["articles/overdue.md"]["status"] == "overdue"
    assert (rows["articles/never.md"]["owner"], rows["articles/nhs.md"]["owner"]) == ("@feet-team", "@docs-team")
    assert run(["articles", "--require-full-history"], library, monkeypatch).exit_code == 2


def test_detached_head_is_normal(library, monkeypatch):
    git(library, "checkout", "-q", "--detach", "HEAD~1")
    result = run(["articles", "--format", "json"], library, monkeypatch)
    assert result.exit_code == 0 and "detached" in result.stderr
    assert rows_by_path(result)["articles/ok.md"]["last_changed"] == "2026-07-01"


def test_unreadable_files_warn_and_missing_paths_fail(git_repo, monkeypatch):
    (git_repo / "good.md").write_text(article("Good", "last_reviewed: 2026-06-01\n"))
    (git_repo / "binary.md").write_bytes(b"\x00\x01\x02")
    result = run(["--format", "json"], git_repo, monkeypatch)
    assert result.exit_code == 0 and "binary.md" in result.stderr
    assert rows_by_path(result)["binary.md"]["status"] == "error"
    missing = run(["nope.md"], git_repo, monkeypatch)
    assert missing.exit_code == 2 and "nope.md: no such file" in missing.stderr


def test_usage_errors_exit_2_with_one_line(git_repo, monkeypatch):
    (git_repo / "reviewer.toml").write_text("[review]\ninterval = \"often\"\n")
    result = run([], git_repo, monkeypatch)
    assert result.exit_code == 2 and "review.interval" in result.stderr and len(result.stderr.splitlines()) == 1
    (git_repo / "reviewer.toml").unlink()
    assert run(["--status", "late"], git_repo, monkeypatch).exit_code == 2
    assert run([], git_repo, monkeypatch, as_of="25/11/2026").exit_code == 2


def test_configured_keys_formats_and_interval(git_repo, monkeypatch):
    (git_repo / "reviewer.toml").write_text('[review]\ninterval = "3 years"\ndue_within_days = 60\n'
                                            'last_reviewed_keys = ["ms.date"]\ndate_formats = ["%m/%d/%Y"]\n')
    (git_repo / "a.md").write_text("---\nms.date: 01/10/2024\n---\n\n# A\n\nText.\n")
    row = rows_by_path(run(["a.md", "--format", "json"], git_repo, monkeypatch))["a.md"]
    assert (row["last_reviewed"], row["next_review"], row["status"]) == ("2024-01-10", "2027-01-10", "due_soon")


def test_as_a_subprocess(library):
    """The command as a user runs it (through the CLI group once it is wired, else the command itself)."""
    from reviewer import cli

    entry = (["-m", "reviewer", "report"] if "report" in getattr(cli.cli, "commands", {}) else
             ["-c", "from reviewer.review.report import report_command; report_command(prog_name='reviewer report')"])
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(library)}
    result = subprocess.run([sys.executable, *entry, "articles", "--as-of", AS_OF, "--format", "json",
                             "--fail-on", "overdue"], cwd=library, env=env, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["summary"]["total"] == 8


def test_output_to_a_device_writes_through_it(git_repo, monkeypatch, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    (git_repo / "a.md").write_text(article("A", "last_reviewed: 2026-06-01\n"))
    result = run(["a.md", "--format", "csv", "--output", str(fifo)], git_repo, monkeypatch)
    assert result.exit_code == 0
    assert reader.communicate(timeout=30)[0].startswith(b"path,title,status")
    assert fifo.is_fifo()  # still a pipe, not replaced by a regular file
