"""`reviewer signoff`: both date styles, byte-for-byte preservation, dirty checks, --commit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import git
from reviewer.git import find_repository, read_history
from reviewer.review.report import report_command, signoff_command

FRONT_MATTER_STYLE = ("---\ntitle: HIV treatment\nlast_reviewed: 2024-05-02  # clinical lead\nreview_interval: 12 months\n"
                      "reviewed_by: Dr Amina Okafor\nowner: \"@content/hiv-team\"\n---\n\n# HIV treatment\n\n"
                      "HIV treatment works very well.   Trailing spaces stay.  \n")
NHS_STYLE = ("\ufeff# Understanding your blood test results\r\n\r\nBlood tests show how your organs work.\r\n\r\n"
             "***Page last reviewed: 4\u00a0February 2021***\r\n*Next review due: 4 February 2024*\r\n")


@pytest.fixture
def repo(git_repo):
    (git_repo / "hiv.md").write_text(FRONT_MATTER_STYLE, encoding="utf-8", newline="")
    (git_repo / "blood.md").write_bytes(NHS_STYLE.encode("utf-8"))
    (git_repo / "feet.txt").write_bytes(b"LOOKING AFTER YOUR FEET\n\nCheck your feet every day.\n")
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "articles", date_text="2025-01-01T00:00:00+00:00")
    return git_repo


def signoff(repo: Path, monkeypatch, *args: str):
    monkeypatch.chdir(repo)
    return CliRunner().invoke(signoff_command, list(args), catch_exceptions=False)


def test_front_matter_style_changes_only_the_values(repo, monkeypatch):
    result = signoff(repo, monkeypatch, "hiv.md", "--by", "Dr Jane Smith", "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert "reviewed 2026-11-20 by Dr Jane Smith (front matter); next review due 2027-11-20" in result.stdout
    expected = FRONT_MATTER_STYLE.replace("2024-05-02", "2026-11-20").replace("Dr Amina Okafor", "Dr Jane Smith")
    assert (repo / "hiv.md").read_bytes() == expected.encode("utf-8")


def test_in_body_style_keeps_bom_crlf_markup_and_moves_the_next_review(repo, monkeypatch):
    result = signoff(repo, monkeypatch, "blood.md", "--by", "Dr Jane Smith", "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    expected = ("\ufeff" + NHS_STYLE[1:].replace("4\u00a0February 2021", "20 November 2026 by Dr Jane Smith")
                .replace("4 February 2024", "20 November 2027"))  # the reviewer goes where the review is kept
    assert (repo / "blood.md").read_bytes() == expected.encode("utf-8")


def test_article_without_a_date_gets_front_matter(repo, monkeypatch):
    assert signoff(repo, monkeypatch, "feet.txt", "--by", "Dr Jane Smith", "--date", "2026-11-20").exit_code == 0
    assert (repo / "feet.txt").read_text() == ("---\nlast_reviewed: 2026-11-20\nreviewed_by: Dr Jane Smith\n---\n\n"
                                               "LOOKING AFTER YOUR FEET\n\nCheck your feet every day.\n")


def test_uncommitted_changes_are_refused_unless_allowed(repo, monkeypatch):
    (repo / "hiv.md").write_text(FRONT_MATTER_STYLE + "\nA late edit nobody reviewed.\n")
    result = signoff(repo, monkeypatch, "hiv.md", "--by", "Dr Jane Smith")
    assert result.exit_code == 2 and "uncommitted changes" in result.stderr and "--allow-dirty" in result.stderr
    assert "2024-05-02" in (repo / "hiv.md").read_text()  # untouched
    (repo / "new.md").write_text("# New\n\nText.\n")
    assert "not committed yet" in signoff(repo, monkeypatch, "new.md", "--by", "Dr X").stderr
    allowed = signoff(repo, monkeypatch, "hiv.md", "--by", "Dr Jane Smith", "--date", "2026-11-20", "--allow-dirty")
    assert allowed.exit_code == 0 and "2026-11-20" in (repo / "hiv.md").read_text()


def test_commit_records_the_file_alone_with_a_trailer(repo, monkeypatch):
    (repo / "other.md").write_text("# Other\n")
    git(repo, "add", "other.md")
    result = signoff(repo, monkeypatch, "blood.md", "--by", "Dr Jane Smith", "--date", "2026-11-20", "--commit")
    assert result.exit_code == 0, result.output
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["blood.md"]
    assert git(repo, "diff", "--cached", "--name-only").split() == ["other.md"]
    message = git(repo, "log", "-1", "--format=%B")
    assert message.startswith("Review Understanding your blood test results") and "Reviewed-by: Dr Jane Smith" in message
    history = read_history([repo / "blood.md"], find_repository(repo))
    assert history.files["blood.md"].reviewers == ("Dr Jane Smith",)
    monkeypatch.chdir(repo)
    report = CliRunner().invoke(report_command, ["blood.md", "--format", "json", "--as-of", "2026-11-25"])
    row = json.loads(report.stdout)["articles"][0]
    assert (row["status"], row["last_reviewed"], row["reviewed_by"], row["changed_since_review"]) == (
        "ok", "2026-11-20", "Dr Jane Smith", False)


def test_bad_input_exits_2(repo, monkeypatch, tmp_path):
    assert signoff(repo, monkeypatch, "hiv.md", "--by", "Dr X", "--date", "2999-01-01").exit_code == 2
    assert signoff(repo, monkeypatch, "hiv.md", "--by", "  ").exit_code == 2
    assert signoff(repo, monkeypatch, "missing.md", "--by", "Dr X").exit_code == 2
    (repo / "broken.md").write_text("---\ntitle: Kidney health: what to know\nlast_reviewed: 2025-01-01\n---\nText.\n")
    git(repo, "add", "broken.md")
    git(repo, "commit", "-q", "-m", "broken")
    result = signoff(repo, monkeypatch, "broken.md", "--by", "Dr X")
    assert result.exit_code == 2 and "front matter is malformed" in result.stderr


def test_outside_a_repository(tmp_path, monkeypatch):
    (tmp_path / "a.md").write_text("# A\n\nText.\n\nReviewed July 2025\n")
    assert signoff(tmp_path, monkeypatch, "a.md", "--by", "Dr X", "--date", "2026-11-20").exit_code == 0
    assert (tmp_path / "a.md").read_text() == "# A\n\nText.\n\nReviewed November 2026 by Dr X\n"
    result = signoff(tmp_path, monkeypatch, "a.md", "--by", "Dr X", "--commit")
    assert result.exit_code == 2 and "--commit" in result.stderr
