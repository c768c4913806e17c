"""Review tracking on real repositories (issue 14): failing history, configured keys, the reviewer kept in place."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import AS_OF, git
from reviewer.cli import cli
from reviewer.config import parse_config
from reviewer.lint.engine import lint_text

DATED = "---\nlast_reviewed: 2026-01-01\n---\n# A\n\nText.\n"


def report(repo: Path, monkeypatch, *args: str):
    monkeypatch.chdir(repo)
    return CliRunner().invoke(cli, ["report", "--as-of", "2026-11-25", *args], catch_exceptions=False)


def damaged(git_repo: Path) -> Path:
    """A repository whose first commit's tree object is missing: `git log` cannot walk past it."""
    (git_repo / "a.md").write_text(DATED, encoding="utf-8")
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "one", date_text="2026-01-01T00:00:00+00:00")
    (git_repo / "a.md").write_text(DATED + "More.\n", encoding="utf-8")
    git(git_repo, "commit", "-q", "-am", "two", date_text="2026-02-01T00:00:00+00:00")
    tree = git(git_repo, "rev-parse", "HEAD~1^{tree}").strip()
    (git_repo / ".git" / "objects" / tree[:2] / tree[2:]).unlink()
    return git_repo


def test_a_history_git_cannot_read_fails_a_run_that_requires_it(git_repo, monkeypatch):
    repo = damaged(git_repo)
    result = report(repo, monkeypatch, "--require-full-history")
    assert result.exit_code == 2
    assert result.stderr.startswith("reviewer: error: --require-full-history: git could not read the history")
    assert "git fsck" in result.stderr and result.stderr.count("\n") == 1


def test_without_the_flag_a_failing_history_is_said_once_and_every_row_is_incomplete(git_repo, monkeypatch):
    repo = damaged(git_repo)
    result = report(repo, monkeypatch, "--format", "json")
    assert result.exit_code == 0
    assert result.stderr.count("history is incomplete") == 1 and "unable to read tree" in result.stderr
    assert '"history_incomplete"' in result.stdout


def test_review_missing_names_the_configured_key_and_date_format():
    config = parse_config({"review": {"last_reviewed_keys": ["ms.date"], "date_formats": ["%m/%d/%Y"]}},
                          "reviewer.toml", Path("."))
    [finding] = lint_text("# A\n\nText.\n", select=["review.missing"], as_of=AS_OF, config=config)
    assert "add `ms.date: 07/03/2025` to the front matter" in finding.message
    [default] = lint_text("# A\n\nText.\n", select=["review.missing"], as_of=AS_OF)
    assert "add `last_reviewed: YYYY-MM-DD` to the front matter" in default.message


def test_signoff_keeps_the_reviewer_on_an_in_body_review_line(tmp_path, monkeypatch):
    (tmp_path / "a.md").write_text("# A\n\nText.\n\n*Page last reviewed: 4 February 2021*\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["signoff", "a.md", "--by", "Dr X", "--date", "2026-11-20"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == (
        "# A\n\nText.\n\n*Page last reviewed: 20 November 2026 by Dr X*\n")  # no front matter made for it


def test_a_yaml_error_keeps_the_readable_review_date(git_repo, monkeypatch):
    (git_repo / "a.md").write_text("---\ntitle: Sugar\ntags:\n  - %\nlast_reviewed: 2024-01-01\n---\n# A\n\nText.\n",
                                   encoding="utf-8")
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "add", date_text="2024-01-01T00:00:00+00:00")
    result = report(git_repo, monkeypatch, "--format", "json")
    import json

    [row] = json.loads(result.stdout)["articles"]
    assert (row["status"], row["last_reviewed"], row["next_review"]) == ("error", "2024-01-01", "2025-01-01")
    assert row["problems"] == ["front matter line 4: malformed front matter: found character that cannot start "
                               "any token"]
    findings = lint_text((git_repo / "a.md").read_text(encoding="utf-8"), select=["review", "document"], as_of=AS_OF)
    assert [(f.line, f.rule) for f in findings] == [(4, "document.front-matter"), (5, "review.stale")]


def test_site_root_links_can_be_external_and_extension_less_links_find_their_page(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "getting-started.md").write_text("# Getting started\n\n## Install\n", encoding="utf-8")
    (tmp_path / "LICENSE").write_text("MIT\n", encoding="utf-8")
    (tmp_path / "docs" / "a.md").write_text(
        "# A\n\nSee [the API](/dotnet/api/system.string), [start](getting-started#install), "
        "[the licence](../LICENSE) and [nowhere](missing-page).\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def broken(config: str) -> list[str]:
        (tmp_path / "reviewer.toml").write_text(config, encoding="utf-8")
        result = CliRunner().invoke(cli, ["lint", "docs/a.md", "--select", "links.broken-relative", "--no-cache"],
                                    catch_exceptions=False)
        return [line.split("links.broken-relative ", 1)[1].split(" points")[0] for line in result.stdout.splitlines()
                if "links.broken-relative" in line]

    assert broken("") == ["link to /dotnet/api/system.string", "link to missing-page"]
    assert broken('[rules."links.broken-relative"]\nexternal_paths = ["/dotnet/"]\n') == ["link to missing-page"]


def test_the_content_team_recipe_does_not_block_a_typo_fix_on_an_overdue_article(git_repo, monkeypatch):
    """The README's split: writing rules block, review rules report without blocking."""
    (git_repo / "a.md").write_text("---\nlast_reviewed: 2020-01-01\n---\n# A\n\nWash your hands.\n", encoding="utf-8")
    monkeypatch.chdir(git_repo)
    blocking = CliRunner().invoke(cli, ["lint", "--as-of", "2026-11-25", "--force-exclude", "a.md",
                                        "--ignore", "review"], catch_exceptions=False)
    reporting = CliRunner().invoke(cli, ["lint", "--as-of", "2026-11-25", "--force-exclude", "a.md",
                                         "--select", "review", "--fail-on", "never"], catch_exceptions=False)
    assert blocking.exit_code == 0 and "review.stale" not in blocking.stdout
    assert reporting.exit_code == 0 and "a.md:2:1: error review.stale" in reporting.stdout
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "args: [--ignore, review]" in readme and "args: [--select, review, --fail-on, never]" in readme
