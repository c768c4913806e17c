"""Which version a review approved (issue 14, items 1 and 2), on real temporary repositories.

- A review date written in a branch lands on main with the merge, days later: the reviewed version is the
  content at the commit that set the current review date, not the version current on the calendar date.
- A folder copied to make a new version of a doc set: the copy's history continues into its origin.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import git
from reviewer.cli import cli
from reviewer.git import find_repository, read_history

MS_CONFIG = '[review]\nlast_reviewed_keys = ["ms.date"]\ndate_formats = ["%m/%d/%Y"]\n'


def commit(repo: Path, when: str, message: str, files: dict[str, str] | None = None) -> str:
    for name, text in (files or {}).items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        git(repo, "add", name)
    git(repo, "commit", "-q", "--allow-empty", "-m", message, date_text=when)
    return git(repo, "rev-parse", "HEAD").strip()


def report(repo: Path, monkeypatch, *args: str) -> dict:
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(cli, ["report", "--as-of", "2026-11-25", "--format", "json", *args],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return {row["path"]: row for row in json.loads(result.stdout)["articles"]}


def article(reviewed: str, body: str) -> str:
    return f"---\ntitle: Asthma\nlast_reviewed: {reviewed}\n---\n# Asthma\n\n{body}\n"


def reviewed_in_a_branch(repo: Path) -> dict[str, str]:
    """main: the article (reviewed 2026-01-02). Branch `review`: the text rewritten and the review date set
    on 2026-03-02. main moves on (another file); the branch is merged on 2026-03-10."""
    ids = {"start": commit(repo, "2026-01-02T09:00:00+00:00", "add", {
        "a.md": article("2026-01-02", "Use your inhaler."), "b.md": "# B\n"})}
    git(repo, "checkout", "-q", "-b", "review")
    ids["branch"] = commit(repo, "2026-03-02T09:00:00+00:00", "review asthma",
                           {"a.md": article("2026-03-02", "Use your preventer inhaler every day.")})
    git(repo, "checkout", "-q", "main")
    commit(repo, "2026-03-05T09:00:00+00:00", "edit b", {"b.md": "# B\n\nMore.\n"})
    git(repo, "merge", "-q", "--no-ff", "--no-edit", "review", date_text="2026-03-10T09:00:00+00:00")
    ids["merge"] = git(repo, "rev-parse", "HEAD").strip()
    return ids


def test_a_review_recorded_in_a_branch_is_not_a_change_when_it_lands(git_repo, monkeypatch):
    ids = reviewed_in_a_branch(git_repo)
    row = report(git_repo, monkeypatch)["a.md"]
    # On the review day main still had the old text (the calendar rule would flag it); the merge that set
    # the review date carries the reviewed text.
    assert (row["last_reviewed"], row["last_changed"]) == ("2026-03-02", "2026-03-10")
    assert row["changed_since_review"] is False and row["reviewed_commit"] == ids["merge"]
    assert "the text changed since the last review" not in row["problems"]


def test_an_edit_after_the_merge_is_a_change_since_review(git_repo, monkeypatch):
    ids = reviewed_in_a_branch(git_repo)
    commit(git_repo, "2026-04-01T09:00:00+00:00", "reword",
           {"a.md": article("2026-03-02", "Use your preventer inhaler twice a day.")})
    row = report(git_repo, monkeypatch)["a.md"]
    assert row["changed_since_review"] is True and row["reviewed_commit"] == ids["merge"]
    assert row["problems"] == ["the text changed since the last review"]


def test_an_edit_between_the_review_day_and_the_commit_that_set_the_date_stays_unflagged_only_for_that_commit(
        git_repo, monkeypatch):
    # Text edited on main, then a review date (of a day before the edit) set directly on main afterwards:
    # the commit that set the date holds the approved text.
    commit(git_repo, "2026-01-02T09:00:00+00:00", "add", {"a.md": article("2026-01-02", "Old.")})
    commit(git_repo, "2026-02-01T09:00:00+00:00", "edit", {"a.md": article("2026-01-02", "New.")})
    setter = commit(git_repo, "2026-02-03T09:00:00+00:00", "reviewed on 1 Feb",
                    {"a.md": article("2026-02-01", "New.")})
    row = report(git_repo, monkeypatch)["a.md"]
    assert row["changed_since_review"] is False and row["reviewed_commit"] == setter


def test_a_review_date_set_in_the_working_tree_approves_the_working_tree(git_repo, monkeypatch):
    commit(git_repo, "2026-01-02T09:00:00+00:00", "add", {"a.md": article("2026-01-02", "Old.")})
    (git_repo / "a.md").write_text(article("2026-11-20", "New words, reviewed, not yet committed."),
                                   encoding="utf-8")
    row = report(git_repo, monkeypatch)["a.md"]
    assert row["changed_since_review"] is False and row["reviewed_commit"] is None


def test_an_unchanged_review_date_keeps_the_calendar_rule(git_repo, monkeypatch):
    first = commit(git_repo, "2026-01-02T09:00:00+00:00", "add", {"a.md": article("2026-01-02", "Old.")})
    commit(git_repo, "2026-02-01T09:00:00+00:00", "edit", {"a.md": article("2026-01-02", "New.")})
    row = report(git_repo, monkeypatch)["a.md"]
    assert row["changed_since_review"] is True and row["reviewed_commit"] == first


def ms_article(date_text: str, body: str) -> str:
    return f"---\ntitle: Install\nms.date: {date_text}\n---\n# Install\n\n{body}\n"


def versioned_docs(repo: Path) -> dict[str, str]:
    """docs/v1 reviewed on 01/05/2024 and edited (unreviewed) in March; the folder copied to docs/v2 in June."""
    (repo / "reviewer.toml").write_text(MS_CONFIG, encoding="utf-8")
    ids = {"reviewed": commit(repo, "2024-01-05T09:00:00+00:00", "v1", {
        "reviewer.toml": MS_CONFIG,
        "docs/v1/install.md": ms_article("01/05/2024", "Run the installer. It takes a minute or two."),
        "docs/v1/faq.md": ms_article("01/05/2024", "Questions people ask about the installer, answered."),
    })}
    ids["edit"] = commit(repo, "2024-03-01T09:00:00+00:00", "edit v1", {
        "docs/v1/install.md": ms_article("01/05/2024", "Run the installer. It takes ten minutes on older machines.")})
    shutil.copytree(repo / "docs" / "v1", repo / "docs" / "v2")
    git(repo, "add", "docs/v2")
    ids["copy"] = commit(repo, "2024-06-01T09:00:00+00:00", "copy v1 to v2")
    return ids


def test_git_reports_the_folder_copy_and_history_follows_it(git_repo):
    ids = versioned_docs(git_repo)
    history = read_history([git_repo / "docs/v2/install.md"], find_repository(git_repo)).files["docs/v2/install.md"]
    assert [(c.commit, c.status, c.path) for c in history.changes] == [
        (ids["copy"], "C", "docs/v2/install.md"), (ids["edit"], "M", "docs/v1/install.md"),
        (ids["reviewed"], "A", "docs/v1/install.md")]
    assert history.copied_from == "docs/v1/install.md"
    plain = read_history([git_repo / "docs/v2/install.md"], find_repository(git_repo), follow_copies=False)
    assert [c.status for c in plain.files["docs/v2/install.md"].changes] == ["A"]


def test_a_copied_article_is_compared_with_its_origin_at_the_review(git_repo, monkeypatch):
    versioned_docs(git_repo)
    rows = report(git_repo, monkeypatch)
    install, faq = rows["docs/v2/install.md"], rows["docs/v2/faq.md"]
    # The copy carried March's unreviewed edit: compared with the copy itself it would look unchanged.
    assert (install["copied_from"], install["changed_since_review"]) == ("docs/v1/install.md", True)
    assert (faq["copied_from"], faq["changed_since_review"]) == ("docs/v1/faq.md", False)
    assert rows["docs/v1/install.md"]["copied_from"] is None
    assert rows["docs/v1/install.md"]["changed_since_review"] is True


def test_copies_can_be_turned_off(git_repo, monkeypatch):
    versioned_docs(git_repo)
    assert report(git_repo, monkeypatch)["docs/v2/install.md"]["copied_from"]  # the history index has copies
    (git_repo / "reviewer.toml").write_text(MS_CONFIG + "follow_copies = false\n", encoding="utf-8")
    install = report(git_repo, monkeypatch)["docs/v2/install.md"]  # ... so it is not used
    assert (install["copied_from"], install["changed_since_review"]) == (None, False)
    (git_repo / "reviewer.toml").write_text(MS_CONFIG, encoding="utf-8")
    assert report(git_repo, monkeypatch)["docs/v2/install.md"]["copied_from"] == "docs/v1/install.md"


def test_a_copy_of_a_copy_is_followed_to_the_first_origin(git_repo, monkeypatch):
    ids = versioned_docs(git_repo)
    shutil.copytree(git_repo / "docs" / "v2", git_repo / "docs" / "v3")
    git(git_repo, "add", "docs/v3")
    git(git_repo, "rm", "-r", "-q", "docs/v2")  # v3 replaces v2 in one commit: git reports renames
    commit(git_repo, "2024-09-01T09:00:00+00:00", "v3")
    history = read_history([git_repo / "docs/v3/install.md"], find_repository(git_repo)).files["docs/v3/install.md"]
    assert [c.commit for c in history.changes][-2:] == [ids["edit"], ids["reviewed"]]
    row = report(git_repo, monkeypatch)["docs/v3/install.md"]
    assert row["changed_since_review"] is True


def test_every_format_shows_the_origin(git_repo, monkeypatch):
    versioned_docs(git_repo)
    monkeypatch.chdir(git_repo)
    run = CliRunner()
    outputs = {fmt: run.invoke(cli, ["report", "--as-of", "2026-11-25", "--format", fmt, "docs/v2/install.md"],
                               catch_exceptions=False).stdout for fmt in ("table", "csv", "html", "markdown")}
    assert "docs/v2/install.md (copied from docs/v1/install.md)" in outputs["table"]
    [row] = csv.DictReader(io.StringIO(outputs["csv"]))
    assert row["copied_from"] == "docs/v1/install.md"
    assert "copied from docs/v1/install.md" in outputs["html"]
    assert "copied from `docs/v1/install.md`" in outputs["markdown"]


def test_a_copy_made_after_the_history_index_was_written_is_followed_through_the_index(git_repo, monkeypatch):
    versioned_docs(git_repo)
    report(git_repo, monkeypatch)  # writes the history index (and the report cache)
    # v2 now says something of its own (identical files are equally good origins: git picks either)
    commit(git_repo, "2024-08-01T09:00:00+00:00", "v2 only", {
        "docs/v2/install.md": ms_article("01/05/2024", "Run the installer. Version 2 needs no restart.")})
    report(git_repo, monkeypatch)
    shutil.copytree(git_repo / "docs" / "v2", git_repo / "docs" / "v3")
    git(git_repo, "add", "docs/v3")
    commit(git_repo, "2024-09-01T09:00:00+00:00", "copy v2 to v3")
    monkeypatch.chdir(git_repo)
    fresh = CliRunner().invoke(cli, ["report", "--as-of", "2026-11-25", "--format", "json", "--no-cache"]).stdout
    incremental = CliRunner().invoke(cli, ["report", "--as-of", "2026-11-25", "--format", "json"]).stdout
    assert incremental == fresh
    row = {r["path"]: r for r in json.loads(incremental)["articles"]}["docs/v3/install.md"]
    assert (row["copied_from"], row["changed_since_review"]) == ("docs/v2/install.md", True)


def test_near_copies_count_in_a_folder_copy_and_only_exact_copies_in_a_small_addition(git_repo):
    body = "Line {n} of a page long enough for git to measure how alike two files are.\n" * 12
    pages = {f"v1/page{i}.md": ms_article("01/05/2024", body.format(n=i)) for i in range(6)}
    commit(git_repo, "2024-01-05T09:00:00+00:00", "v1", pages)
    bulk = {name.replace("v1/", "v2/"): text for name, text in pages.items()}
    bulk["v2/page0.md"] = bulk["v2/page0.md"].replace("Install", "Install version 2")  # a near copy (C09x)
    commit(git_repo, "2024-06-01T09:00:00+00:00", "v2: the folder copied, one page edited", bulk)
    commit(git_repo, "2024-07-01T09:00:00+00:00", "one page copied and edited alone",
           {"extra.md": pages["v1/page1.md"].replace("Install", "Install extra")})
    articles = [git_repo / name for name in bulk] + [git_repo / "extra.md"]  # as a report asks: every article
    found = read_history(articles, find_repository(git_repo)).files
    assert found["v2/page0.md"].copied_from == "v1/page0.md"
    assert found["v2/page3.md"].copied_from == "v1/page3.md"
    assert found["extra.md"].copied_from is None  # a lone new file is a copy only when it is identical
