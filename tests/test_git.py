"""history.py against real temporary git repositories with scripted, dated histories."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import git
from reviewer import git as history
from reviewer.git import (
    GitError,
    GitNotFound,
    NotARepository,
    blob_id,
    changed_files,
    changed_lines,
    commit_file,
    file_status,
    find_repository,
    git_ignored,
    read_blobs,
    read_history,
)


def commit(repo: Path, when: str, message: str, files: dict[str, str | None]) -> str:
    """Write (or, for None, delete) files and commit them at `when` (author and committer date)."""
    for name, text in files.items():
        path = repo / name
        if text is None:
            git(repo, "rm", "-q", name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        git(repo, "add", name)
    git(repo, "commit", "-q", "--allow-empty", "-m", message, date_text=when)
    return git(repo, "rev-parse", "HEAD").strip()


def log_of(repo: Path, *names: str, ignore: str = ""):
    repository = find_repository(repo)
    return read_history([repo / n for n in names], repository, ignore)


def test_repository_state(git_repo):
    repository = find_repository(git_repo)
    assert repository.head is None and repository.branch == "main" and not repository.shallow
    first = commit(git_repo, "2025-01-01T10:00:00+00:00", "start", {"a.md": "A\n"})
    repository = find_repository(git_repo / "a.md")
    assert (repository.head, repository.branch, repository.detached) == (first, "main", False)
    assert repository.root == Path(os.path.realpath(git_repo))
    git(git_repo, "checkout", "-q", "--detach")
    assert find_repository(git_repo).detached


def test_changes_newest_first_with_dates_authors_blobs(git_repo):
    c1 = commit(git_repo, "2025-01-01T10:00:00+00:00", "add", {"a.md": "one\n", "b.md": "b\n"})
    c2 = commit(git_repo, "2025-03-01T10:00:00+00:00", "edit b", {"b.md": "b2\n"})
    c3 = commit(git_repo, "2025-05-01T23:30:00-05:00", "edit a", {"a.md": "two\n"})
    found = log_of(git_repo, "a.md", "b.md")
    a = found.files["a.md"]
    assert [c.commit for c in a.changes] == [c3, c1]
    assert a.last_change.when().isoformat() == "2025-05-02T04:30:00+00:00"  # reported in UTC
    assert a.last_change.author == "Test Author" and a.last_change.blob == blob_id(b"two\n")
    assert [c.commit for c in found.files["b.md"].changes] == [c2, c1]


def test_renames_are_followed_backwards(git_repo):
    c1 = commit(git_repo, "2025-01-01T00:00:00+00:00", "add", {"old/asthma.md": "Asthma text that is long enough.\n"})
    git(git_repo, "mv", "old", "articles")
    c2 = commit(git_repo, "2025-02-01T00:00:00+00:00", "move", {})
    found = log_of(git_repo, "articles/asthma.md")
    changes = found.files["articles/asthma.md"].changes
    assert [(c.commit, c.status, c.path) for c in changes] == [(c2, "R", "articles/asthma.md"),
                                                             (c1, "A", "old/asthma.md")]


def test_commits_in_the_ignore_revs_file_are_skipped_but_renames_still_followed(git_repo):
    c1 = commit(git_repo, "2025-01-01T00:00:00+00:00", "add", {"a.md": "Text\n", "b.md": "Other text here.\n"})
    git(git_repo, "mv", "b.md", "c.md")
    bulk = commit(git_repo, "2025-06-01T00:00:00+00:00", "reformat and rename everything", {"a.md": "Text \n"})
    (git_repo / ".git-blame-ignore-revs").write_text(f"# bulk reformat\n{bulk}\n")
    found = log_of(git_repo, "a.md", "c.md", ignore=".git-blame-ignore-revs")
    assert found.files["a.md"].last_change.commit == c1
    assert found.files["a.md"].changes[0].ignored
    assert [c.commit for c in found.files["c.md"].changes] == [bulk, c1]
    assert found.files["c.md"].last_change.commit == c1
    (git_repo / ".git-blame-ignore-revs").write_text(f"{bulk[:10]}  # abbreviated\n")
    assert log_of(git_repo, "a.md", ignore=".git-blame-ignore-revs").files["a.md"].last_change.commit == c1


def test_an_article_created_by_an_ignored_bulk_commit_keeps_that_commit_as_its_last_change(git_repo):
    bulk = commit(git_repo, "2025-01-01T00:00:00+00:00", "import every article", {"a.md": "Text\n"})
    (git_repo / ".git-blame-ignore-revs").write_text(f"{bulk}\n")
    found = log_of(git_repo, "a.md", ignore=".git-blame-ignore-revs").files["a.md"]
    assert found.tracked and found.changes[0].ignored
    assert found.last_change.commit == bulk  # like git blame: nothing older to skip to


def test_a_path_deleted_at_head_and_written_again_has_no_history(git_repo):
    commit(git_repo, "2025-01-01T00:00:00+00:00", "add", {"gone.md": "Old text\n", "kept.md": "Kept\n"})
    commit(git_repo, "2025-02-01T00:00:00+00:00", "delete", {"gone.md": None})
    (git_repo / "gone.md").write_text("A new article at the old path\n")
    found = log_of(git_repo, "gone.md", "kept.md")
    assert found.files["gone.md"].changes == () and not found.files["gone.md"].tracked
    assert found.files["kept.md"].tracked
    readded = commit(git_repo, "2025-03-01T00:00:00+00:00", "add it again", {"gone.md": "Again\n"})
    assert [c.commit for c in log_of(git_repo, "gone.md").files["gone.md"].changes] == [readded]


def test_author_names_are_utf8_whatever_the_repository_configures(git_repo):
    (git_repo / "a.md").write_text("A\n")
    git(git_repo, "add", "a.md")
    git(git_repo, "commit", "-q", "-m", "add\n\nReviewed-by: Dr Zoë Ångström", "--author", "Zoë Ångström <z@example.org>",
        date_text="2025-01-01T00:00:00+00:00")
    git(git_repo, "config", "i18n.logOutputEncoding", "ISO-8859-1")
    found = log_of(git_repo, "a.md").files["a.md"]
    assert found.last_change.author == "Zoë Ångström"
    assert found.reviewers == ("Dr Zoë Ångström",)


def test_skipped_rename_detection_is_reported(git_repo):
    text = "Asthma affects the airways and can be treated well.\n" * 5
    commit(git_repo, "2025-01-01T00:00:00+00:00", "add", {"a.md": text, "b.md": text.upper()})
    for old, new in (("a.md", "c.md"), ("b.md", "d.md")):
        git(git_repo, "mv", old, new)
    commit(git_repo, "2025-02-01T00:00:00+00:00", "move and edit", {"c.md": text + "More.\n", "d.md": text.upper() + "X\n"})
    assert [c.status for c in log_of(git_repo, "c.md").files["c.md"].changes] == ["R", "A"]
    assert log_of(git_repo, "c.md").warnings == []
    git(git_repo, "config", "diff.renameLimit", "1")  # a repository's own setting: reviewer does not override it
    found = log_of(git_repo, "c.md")
    assert [c.status for c in found.files["c.md"].changes] == ["A"]
    assert found.warnings == [history.RENAME_LIMIT_WARNING]


def test_merges_count_when_they_land_on_the_first_parent(git_repo):
    commit(git_repo, "2025-01-01T00:00:00+00:00", "start", {"a.md": "A\n", "b.md": "B\n"})
    git(git_repo, "checkout", "-q", "-b", "feature")
    side = commit(git_repo, "2025-02-01T00:00:00+00:00", "edit a on a branch\n\nReviewed-by: Dr Who", {"a.md": "A2\n"})
    git(git_repo, "checkout", "-q", "main")
    commit(git_repo, "2025-03-01T00:00:00+00:00", "edit b on main", {"b.md": "B2\n"})
    git(git_repo, "merge", "-q", "--no-ff", "--no-edit", "feature", date_text="2025-04-01T00:00:00+00:00")
    merge = git(git_repo, "rev-parse", "HEAD").strip()
    found = log_of(git_repo, "a.md", "b.md")
    a = found.files["a.md"]
    assert a.last_change.commit == merge and a.last_change.when().date().isoformat() == "2025-04-01"
    assert side not in [c.commit for c in a.changes]  # first-parent: the branch commit itself is not walked
    assert found.files["b.md"].last_change.when().date().isoformat() == "2025-03-01"


def test_reviewed_by_trailers(git_repo):
    commit(git_repo, "2025-01-01T00:00:00+00:00", "add", {"a.md": "A\n"})
    commit(git_repo, "2025-02-01T00:00:00+00:00",
           "Review a\n\nChecked the doses.\n\nReviewed-by: Dr Amina Okafor\nReviewed-by: Dr Ben Hall\nSigned-off-by: X",
           {"a.md": "A2\n"})
    commit(git_repo, "2025-03-01T00:00:00+00:00", "Mention Reviewed-by: nobody in the body\n\nmore", {"a.md": "A3\n"})
    assert log_of(git_repo, "a.md").files["a.md"].reviewers == ("Dr Amina Okafor", "Dr Ben Hall")


def test_untracked_and_outside_paths_have_no_history(git_repo, tmp_path):
    commit(git_repo, "2025-01-01T00:00:00+00:00", "add", {"a.md": "A\n"})
    (git_repo / "new.md").write_text("new\n")
    outside = tmp_path / "elsewhere.md"
    outside.write_text("x\n")
    found = log_of(git_repo, "a.md", "new.md")
    assert found.files["new.md"].changes == () and not found.files["new.md"].tracked
    assert read_history([outside], find_repository(git_repo)).files == {}


def test_empty_repository(git_repo):
    (git_repo / "a.md").write_text("A\n")
    found = log_of(git_repo, "a.md")
    assert found.files["a.md"].changes == () and "no commits yet" in found.warnings[0]


def test_shallow_clone_is_detected(git_repo, tmp_path):
    for month in range(1, 4):
        commit(git_repo, f"2025-0{month}-01T00:00:00+00:00", f"edit {month}", {"a.md": f"v{month}\n", "b.md": "b\n"})
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", git_repo.as_uri(), str(clone))
    repository = find_repository(clone)
    assert repository.shallow
    found = read_history([clone / "b.md"], repository)
    # the boundary commit looks like the file's creation: exactly why the report must say so
    assert [c.status for c in found.files["b.md"].changes] == ["A"]
    assert "shallow clone" in found.warnings[0] and "fetch-depth: 0" in found.warnings[0]


def test_not_a_repository_and_no_git(tmp_path, monkeypatch):
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(NotARepository, match="not in a git repository"):
        find_repository(plain)
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    with pytest.raises(GitNotFound, match="git is not installed"):
        find_repository(plain)


def test_git_environment_variables_do_not_redirect_git(git_repo, tmp_path, monkeypatch):
    commit(git_repo, "2025-01-01T00:00:00+00:00", "add", {"a.md": "A\n"})
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q", "-b", "main")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))
    assert log_of(git_repo, "a.md").files["a.md"].tracked


def test_pinned_options_beat_user_configuration(git_repo, monkeypatch, tmp_path):
    commit(git_repo, "2025-01-01T00:00:00+00:00", "add", {"ünïcode name.md": "Text that is long enough.\n"})
    git(git_repo, "mv", "ünïcode name.md", "renamed ü.md")
    commit(git_repo, "2025-02-01T00:00:00+00:00", "rename", {})
    config = tmp_path / "gitconfig"
    config.write_text("[core]\n\tquotePath = true\n[log]\n\tfollow = true\n\tshowSignature = true\n"
                      "[diff]\n\trenames = false\n[color]\n\tui = always\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    changes = log_of(git_repo, "renamed ü.md").files["renamed ü.md"].changes
    assert [c.path for c in changes] == ["renamed ü.md", "ünïcode name.md"]


def test_blobs_are_read_in_one_batch(git_repo):
    big = "x" * 200_000 + "\n"
    commit(git_repo, "2025-01-01T00:00:00+00:00", "add", {"a.md": "A\n", "b.md": big})
    found = log_of(git_repo, "a.md", "b.md")
    ids = [found.files["a.md"].changes[0].blob, found.files["b.md"].changes[0].blob, "0" * 40]
    blobs = read_blobs(find_repository(git_repo), ids)
    assert blobs == {ids[0]: b"A\n", ids[1]: big.encode()}
    assert ids[0] == git(git_repo, "hash-object", "a.md").strip() == blob_id(b"A\n")


def test_one_log_process_for_many_files(git_repo, monkeypatch):
    commit(git_repo, "2025-01-01T00:00:00+00:00", "add", {f"{i}.md": f"{i}\n" for i in range(30)})
    calls = []
    real = subprocess.Popen

    def counting(args, *rest, **kwargs):
        calls.append(args)
        return real(args, *rest, **kwargs)

    repository = find_repository(git_repo)
    monkeypatch.setattr(history.subprocess, "Popen", counting)
    found = read_history([git_repo / f"{i}.md" for i in range(30)], repository)
    assert len(calls) == 1 and "--first-parent" in calls[0] and all(f.tracked for f in found.files.values())


# --------------------------------------------------------------------------- the history index


def summary(found, *names):
    return {n: [(c.commit, c.timestamp, c.author, c.blob, c.path, c.status, c.reviewers, c.ignored)
                for c in found.files[n].changes] for n in names}


@pytest.fixture
def log_calls(monkeypatch):
    """The git log commands run (through Popen), to see which range a pass walked."""
    calls = []
    real = subprocess.Popen

    def counting(args, *rest, **kwargs):
        if "log" in args:
            calls.append(args)
        return real(args, *rest, **kwargs)

    monkeypatch.setattr(history.subprocess, "Popen", counting)
    return calls


def test_index_walks_only_new_commits_and_agrees_with_a_full_walk(git_repo, tmp_path, log_calls):
    index = tmp_path / "cache" / "history-index.json"
    commit(git_repo, "2025-01-01T00:00:00+00:00", "add", {"a.md": "a1\n", "old.md": "long enough text here\n"})
    first = commit(git_repo, "2025-02-01T00:00:00+00:00", "edit a", {"a.md": "a2\n"})
    names = ["a.md", "old.md"]
    repository = find_repository(git_repo)
    read_history([git_repo / n for n in names], repository, index_file=index)
    assert index.is_file() and len(log_calls) == 1 and not any(a.startswith("^") for a in log_calls[0])

    git(git_repo, "mv", "old.md", "new.md")
    commit(git_repo, "2025-03-01T00:00:00+00:00", "rename", {})
    last = commit(git_repo, "2025-04-01T00:00:00+00:00", "edit a\n\nReviewed-by: Dr A", {"a.md": "a3\n"})
    (git_repo / ".git-blame-ignore-revs").write_text(first + "\n")
    names = ["a.md", "new.md"]
    repository = find_repository(git_repo)
    incremental = read_history([git_repo / n for n in names], repository, ".git-blame-ignore-revs", index)
    assert f"^{first}" in log_calls[-1]  # only the commits after the indexed one
    full = read_history([git_repo / n for n in names], repository, ".git-blame-ignore-revs")
    assert summary(incremental, *names) == summary(full, *names)
    assert incremental.files["a.md"].last_change.commit == last
    assert [c.ignored for c in incremental.files["a.md"].changes] == [False, True, False]  # revs applied on read

    calls_before = len(log_calls)
    again = read_history([git_repo / n for n in names], repository, ".git-blame-ignore-revs", index)
    assert len(log_calls) == calls_before  # HEAD unchanged: no git log at all
    assert summary(again, *names) == summary(full, *names)


def test_index_starts_over_when_history_is_rewritten_or_damaged(git_repo, tmp_path, log_calls):
    index = tmp_path / "history-index.json"
    commit(git_repo, "2025-01-01T00:00:00+00:00", "add", {"a.md": "a1\n"})
    commit(git_repo, "2025-02-01T00:00:00+00:00", "edit", {"a.md": "a2\n"})
    read_history([git_repo / "a.md"], find_repository(git_repo), index_file=index)
    git(git_repo, "reset", "-q", "--hard", "HEAD~1")  # the indexed commit is no longer on the branch
    rewritten = commit(git_repo, "2025-03-01T00:00:00+00:00", "edit again", {"a.md": "a3\n"})
    found = read_history([git_repo / "a.md"], find_repository(git_repo), index_file=index)
    assert not any(a.startswith("^") for a in log_calls[-1])  # a whole walk, not a range
    assert [c.commit for c in found.files["a.md"].changes][0] == rewritten
    assert len(found.files["a.md"].changes) == 2

    index.write_text("{not json", encoding="utf-8")
    found = read_history([git_repo / "a.md"], find_repository(git_repo), index_file=index)
    assert len(found.files["a.md"].changes) == 2 and index.read_text().startswith("{\"format\"")


def test_index_is_not_used_for_articles_it_never_traced(git_repo, tmp_path, log_calls):
    index = tmp_path / "history-index.json"
    commit(git_repo, "2025-01-01T00:00:00+00:00", "add", {"a.md": "a\n", "b.md": "b\n"})
    read_history([git_repo / "a.md"], find_repository(git_repo), index_file=index)
    found = read_history([git_repo / "a.md", git_repo / "b.md"], find_repository(git_repo), index_file=index)
    assert found.files["b.md"].tracked and len(log_calls) == 2


def test_shallow_clones_never_use_or_write_the_index(git_repo, tmp_path):
    commit(git_repo, "2025-01-01T00:00:00+00:00", "add", {"a.md": "a\n"})
    commit(git_repo, "2025-02-01T00:00:00+00:00", "edit", {"a.md": "a2\n"})
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", git_repo.as_uri(), str(clone))
    index = tmp_path / "history-index.json"
    read_history([clone / "a.md"], find_repository(clone), index_file=index)
    assert not index.exists()


# --------------------------------------------------------------------------- pull-request mode


@pytest.fixture
def branch_repo(git_repo):
    commit(git_repo, "2025-01-01T00:00:00+00:00", "start", {"a.md": "1\n2\n3\n4\n", "b.md": "b\n", "c.md": "c\n",
                                                            "gone.md": "g\n", ".gitignore": "*.log\n"})
    git(git_repo, "checkout", "-q", "-b", "topic")
    commit(git_repo, "2025-02-01T00:00:00+00:00", "topic", {"a.md": "1\nTWO\n3\n4\nfive\n", "gone.md": None})
    git(git_repo, "checkout", "-q", "main")
    commit(git_repo, "2025-03-01T00:00:00+00:00", "main moves on", {"c.md": "c2\n"})
    git(git_repo, "checkout", "-q", "--detach", "topic")  # CI checks out the pull request detached
    (git_repo / "b.md").write_text("b\nworking tree\n")
    (git_repo / "new.md").write_text("n1\nn2\n")
    (git_repo / "debug.log").write_text("ignored\n")
    return git_repo


def test_changed_files_since_the_merge_base(branch_repo):
    files = changed_files(branch_repo, "main")
    root = Path(os.path.realpath(branch_repo))
    assert files == [root / "a.md", root / "b.md", root / "new.md"]  # not c.md (main's change), not gone.md


def test_changed_lines_in_the_working_tree_version(branch_repo):
    root = Path(os.path.realpath(branch_repo))
    lines = changed_lines(branch_repo, "main", [root / "a.md", root / "b.md", root / "new.md", root / "c.md"])
    assert lines == {root / "a.md": {2, 5}, root / "b.md": {2}, root / "new.md": {1, 2}, root / "c.md": set()}


def test_changed_since_an_unknown_ref(branch_repo):
    with pytest.raises(GitError, match="not a commit"):
        changed_files(branch_repo, "origin/nowhere")


def test_git_ignored(branch_repo, tmp_path):
    (branch_repo / "notes.log").write_text("x\n")
    paths = [branch_repo / "debug.log", branch_repo / "a.md", branch_repo / "notes.log"]
    assert git_ignored(branch_repo, paths) == {branch_repo / "debug.log", branch_repo / "notes.log"}
    plain = tmp_path / "plain"
    plain.mkdir()
    assert git_ignored(plain, [plain / "x.log"]) == set()


# --------------------------------------------------------------------------- signoff support


def test_file_status_and_commit_file_alone(git_repo):
    commit(git_repo, "2025-01-01T00:00:00+00:00", "start", {"a.md": "A\n", "b.md": "B\n"})
    assert file_status(git_repo / "a.md") is None
    (git_repo / "a.md").write_text("A2\n")
    (git_repo / "b.md").write_text("B2\n")
    git(git_repo, "add", "b.md")
    (git_repo / "c.md").write_text("C\n")
    assert (file_status(git_repo / "a.md"), file_status(git_repo / "b.md"), file_status(git_repo / "c.md")) == (
        "modified", "staged", "untracked")
    sha = commit_file(git_repo / "a.md", "Review a\n\nReviewed-by: Dr Who\n")
    assert git(git_repo, "show", "--name-only", "--format=", sha).split() == ["a.md"]
    assert git(git_repo, "diff", "--cached", "--name-only").split() == ["b.md"]  # still staged, not committed
    assert log_of(git_repo, "a.md").files["a.md"].reviewers == ("Dr Who",)
