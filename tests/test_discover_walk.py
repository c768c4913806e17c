"""The fast walk of `discover` (a folder's real path from its parent's, one compiled regex per glob list,
relative and shown paths built per folder) agrees with the plain walk it replaced on tricky trees."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer.config import Config
from reviewer.lint import discover as discover_module
from reviewer.lint.discover import discover, glob_match, globs_matcher
from reviewer.paths import forget_real_folders, real_path


# ------------------------------------------------------------------ the plain walk, as it was (reference)

def _reference_discover(paths, config, cwd, *, cache_dir=None, force_exclude=False):
    """`discover` before the fast walk: realpath per folder, glob_match per file, Path / name per file."""
    from reviewer.git import git_ignored

    found: dict[str, Path] = {}
    missing: list[str] = []
    skipped = set(discover_module._ALWAYS_SKIPPED) | ({Path(cache_dir).name} if cache_dir else set())
    def real_of(path):  # the last part is not resolved (a file named by a link keeps its own name)
        folder, name = os.path.split(os.path.abspath(path))
        return os.path.join(os.path.realpath(folder), name) if name else os.path.realpath(folder)

    root_real, cwd_real = real_of(config.root), real_of(cwd)

    def relative_to(real, top):
        if real == top:
            return "."
        prefix = top.rstrip(os.sep) + os.sep
        return real[len(prefix):].replace(os.sep, "/") if real.startswith(prefix) else None

    def shown(real):
        relative = relative_to(real, cwd_real)
        text = relative if relative is not None else Path(real).as_posix()
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

    def selected(real, name):
        relative = relative_to(real, root_real) or name
        return glob_match(relative, config.include) and not glob_match(relative, config.exclude)

    walked = []
    for raw in paths or ["."]:
        path = (cwd / raw) if not os.path.isabs(raw) else Path(raw)
        if path.exists() and not path.is_dir():
            real = real_of(path)
            if not force_exclude or selected(real, path.name):
                found.setdefault(shown(real), path)
        elif path.is_dir():
            for current, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in skipped and not d.startswith("."))
                real = os.path.realpath(os.path.abspath(current))
                for name in sorted(files):
                    file, file_real = Path(current) / name, os.path.join(real, name)
                    if selected(file_real, name):
                        walked.append((file, file_real))
        else:
            missing.append(raw)
    if walked:
        ignored = git_ignored(cwd, [file for file, _ in walked])
        for file, real in walked:
            if file not in ignored:
                found.setdefault(shown(real), file)
    return sorted(((p, d) for d, p in found.items()), key=lambda pair: pair[1]), missing


def _agree(paths, config, cwd, **options):
    forget_real_folders()
    expected = _reference_discover(paths, config, cwd, **options)
    forget_real_folders()
    got = discover(paths, config, cwd, **options)
    assert (got.files, got.missing) == expected
    assert [str(p) for p, _ in got.files] == [str(p) for p, _ in expected[0]]
    # a second run answers from the remembered real folders, and the same
    again = discover(paths, config, cwd, **options)
    assert (again.files, again.missing) == expected
    return got


def _write(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# Title\n\nText.\n", encoding="utf-8")


@pytest.fixture
def tricky(tmp_path: Path) -> Path:
    """A repository with linked folders and files, broken and looping links, hidden, skipped, ignored and
    cache folders, odd names, and a config root below the top."""
    top = tmp_path / "top"
    _write(top, "a.md", "b.txt", "c.html", "docs/v1/x.md", "docs/v1/deep/er/y.md", "docs/v2/x.md",
           "docs/v2/notes.markdown", ".hidden/h.md", "node_modules/n.md", ".cache-here/c.md", "build/b.md",
           "docs/drafts/d.md", "content/README.md", "ünïcode/ä.md", "space name/s p.md")
    (top / "docs" / "bad\udcffname.md").write_bytes(b"# Odd\n")  # not UTF-8
    outside = tmp_path / "outside"
    _write(outside, "o.md", "sub/p.md")
    (top / "docs" / "linked-folder").symlink_to(outside, target_is_directory=True)  # not walked
    (top / "docs" / "linked-file.md").symlink_to(outside / "o.md")
    (top / "docs" / "v1" / "same.md").symlink_to(top / "a.md")
    (top / "docs" / "broken.md").symlink_to(top / "nowhere.md")
    (top / "docs" / "loop.md").symlink_to(top / "docs" / "loop.md")
    (top / "docs" / "loop-dir").symlink_to(top / "docs", target_is_directory=True)
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    (top / ".gitignore").write_text("build/\n*.txt\n", encoding="utf-8")
    return top


@pytest.mark.parametrize("include, exclude", [
    (Config.__dataclass_fields__["include"].default, ()),
    (("docs/**",), ("drafts", "**/deep/**")),
    (("*.md", "v1"), ("x.md",)),
    ((), ()),
    (("/docs/v2/", "README.md"), ("/docs/v2/notes.markdown",)),
])
@pytest.mark.parametrize("paths", [[], ["."], ["docs"], ["docs/../docs/v1"], ["docs/linked-folder", "docs/v2"],
                                   ["a.md", "nope.md", "docs/broken.md", "docs/loop.md", "docs/v1/same.md", "."],
                                   ["docs/linked-file.md", "build/b.md", "c.html"]])
def test_the_walk_agrees_with_the_plain_walk(tricky, include, exclude, paths):
    config = Config(root=tricky, include=include, exclude=exclude)
    _agree(paths, config, tricky, cache_dir=str(tricky / ".cache-here"))
    _agree(paths, config, tricky, cache_dir="build", force_exclude=True)


def test_the_walk_agrees_from_a_linked_folder_a_subfolder_and_outside_the_root(tricky, tmp_path):
    link = tmp_path / "link-to-top"
    link.symlink_to(tricky, target_is_directory=True)
    _agree([], Config(root=tricky), link)  # the working directory reached through a link
    _agree(["../docs"], Config(root=tricky), tricky / "content")
    _agree([str(tricky / "docs")], Config(root=tricky / "content"), tmp_path)  # outside cwd and the root
    _agree(["docs/linked-folder"], Config(root=tricky, include=("**/*.md",)), tricky)
    _agree([str(link / "docs")], Config(root=link), tricky)


def test_the_walk_agrees_on_an_unreadable_folder(tricky):
    locked = tricky / "docs" / "locked"
    _write(locked, "z.md")
    locked.chmod(0)
    try:
        _agree(["."], Config(root=tricky), tricky)
    finally:
        locked.chmod(0o755)


def test_a_walked_folder_remembers_its_real_path(tricky):
    forget_real_folders()
    found = discover(["docs"], Config(root=tricky), tricky)
    for path, _ in found.files:
        assert real_path(path) == os.path.join(os.path.realpath(path.parent), path.name)


def test_a_child_path_is_the_same_as_path_slash_name():
    parent = Path("/tmp/some/folder")
    made = discover_module._child(parent, "x.md") if discover_module._child else parent / "x.md"
    assert made == parent / "x.md" and str(made) == str(parent / "x.md") and made.name == "x.md"
    assert hash(made) == hash(parent / "x.md") and made.parent == parent


# ------------------------------------------------------------------ the compiled glob list

_names = st.sampled_from(["a", "b.md", "x.txt", "docs", "v1", ".h", "drafts", "a.b", "ü.md", "new\nline",
                          "READ ME.md", "*", "[x]", ""])
_paths = st.lists(_names, min_size=1, max_size=5).map("/".join)
_pieces = st.sampled_from(["**/", "**", "*", "?", "/", "a", "b", ".md", "docs", "v1", "drafts", ".txt", "x",
                           "[", "\n", "ü"])
_patterns = st.lists(_pieces, min_size=0, max_size=6).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_paths, st.lists(_patterns, max_size=4))
def test_the_compiled_glob_list_agrees_with_glob_match(relative, patterns):
    matcher = globs_matcher(tuple(patterns))
    fast = matcher is not None and matcher.match(relative) is not None
    assert fast is glob_match(relative, patterns)


@pytest.mark.parametrize("relative, patterns", [
    ("x/y/a.md", ("**/*.md",)), ("content/README.md", ("README.md",)), ("content/x/a.md", ("content/*.md",)),
    ("drafts/a.md", ("drafts",)), ("a\nb/c.md", ("c.md",)), ("a\nb/c.md", ("**/c.md",)), ("v1", ("/v1/",)),
])
def test_the_compiled_glob_list_on_known_cases(relative, patterns):
    matcher = globs_matcher(patterns)
    assert (matcher.match(relative) is not None) is glob_match(relative, patterns)


def test_real_path_remembers_absolute_paths_only(tmp_path, monkeypatch):
    forget_real_folders()
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    monkeypatch.chdir(tmp_path / "one")
    assert real_path("a.md") == os.path.join(os.path.realpath(tmp_path / "one"), "a.md")
    monkeypatch.chdir(tmp_path / "two")
    assert real_path("a.md") == os.path.join(os.path.realpath(tmp_path / "two"), "a.md")
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "two", target_is_directory=True)
    assert real_path(link / "a.md") == real_path(str(link / "a.md")) == os.path.join(os.path.realpath(link), "a.md")
    assert real_path(link) == str(link)  # the last part is not resolved
