"""File discovery: include/exclude globs, hidden and ignored files, explicit paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.config import Config
from reviewer.lint.discover import discover, glob_match


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# Title\n\nText.\n", encoding="utf-8")


@pytest.mark.parametrize("path, patterns, expected", [
    ("a.md", ["**/*.md"], True),
    ("x/y/a.md", ["**/*.md"], True),
    ("x/y/a.txt", ["**/*.md"], False),
    ("drafts/a.md", ["drafts/**"], True),
    ("drafts/a.md", ["drafts"], True),
    ("content/drafts/a.md", ["drafts/**"], False),
    ("content/README.md", ["README.md"], True),  # no '/': matches the file name anywhere
    ("content/a.md", ["content/*.md"], True),
    ("content/x/a.md", ["content/*.md"], False),
])
def test_glob_match(path, patterns, expected):
    assert glob_match(path, patterns) is expected


def test_default_walk_takes_markdown_and_text_and_skips_hidden_and_other_files(tmp_path):
    touch(tmp_path, "a.md", "b.markdown", "c.txt", "d.html", ".hidden/e.md", "node_modules/f.md", "sub/g.md")
    found = discover([], Config(root=tmp_path), tmp_path)
    assert [d for _, d in found.files] == ["a.md", "b.markdown", "c.txt", "sub/g.md"]


def test_include_and_exclude_are_relative_to_the_config_folder(tmp_path):
    touch(tmp_path, "content/a.md", "content/drafts/b.md", "README.md")
    config = Config(root=tmp_path, include=("content/**/*.md",), exclude=("content/drafts/**",))
    found = discover([], config, tmp_path / "content")
    assert [d for _, d in found.files] == ["a.md"]


def test_explicit_files_are_always_linted_and_missing_paths_reported(tmp_path):
    touch(tmp_path, "notes.html")
    found = discover(["notes.html", "nope.md"], Config(root=tmp_path, exclude=("*.html",)), tmp_path)
    assert [d for _, d in found.files] == ["notes.html"] and found.missing == ["nope.md"]


def test_git_ignored_files_are_skipped(git_repo):
    touch(git_repo, "a.md", "build/b.md", "c.md")
    (git_repo / ".gitignore").write_text("build/\nc.md\n", encoding="utf-8")
    found = discover(["."], Config(root=git_repo), git_repo)
    assert [d for _, d in found.files] == ["a.md"]


def test_outside_a_repository_nothing_is_ignored(tmp_path):
    touch(tmp_path, "a.md")
    (tmp_path / ".gitignore").write_text("a.md\n", encoding="utf-8")
    assert [d for _, d in discover(["."], Config(root=tmp_path), tmp_path).files] == ["a.md"]


def test_same_file_twice_is_linted_once(tmp_path):
    touch(tmp_path, "a.md")
    found = discover(["a.md", ".", "./a.md"], Config(root=tmp_path), tmp_path)
    assert [d for _, d in found.files] == ["a.md"]


def test_force_exclude_applies_the_globs_to_named_files(tmp_path):
    touch(tmp_path, "drafts/a.md", "b.md", "notes.html")
    config = Config(root=tmp_path, exclude=("drafts/**",))
    found = discover(["drafts/a.md", "b.md", "notes.html"], config, tmp_path, force_exclude=True)
    assert [d for _, d in found.files] == ["b.md"]
