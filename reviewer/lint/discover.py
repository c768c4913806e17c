"""Which files are articles: paths given on the command line, include/exclude globs, git-ignored files."""

from __future__ import annotations

import errno
import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from reviewer.config import Config
from reviewer.paths import real_folder, real_path, relative_real, remember_real, remember_real_path

if TYPE_CHECKING:  # pragma: no cover
    from reviewer.document import Document

_ALWAYS_SKIPPED = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


@dataclass
class Discovery:
    """The articles found, as (path, display path) pairs sorted by display path, and paths that do not exist."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # command-line paths that name no file or folder

    def problems(self) -> list[str]:
        """One line per missing path, saying why it cannot be read."""
        return [f"{raw}: {_why_missing(raw)}" for raw in self.missing]


def _why_missing(raw: str) -> str:
    path = Path(raw)
    if not path.is_symlink():
        return "no such file or folder"
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 raises RuntimeError for a loop
        return "symbolic link loop: the link leads back to itself"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: the link leads back to itself"
        return f"broken symbolic link (it points to {os.readlink(path)}, which does not exist)"
    return "cannot be read"


def glob_body(pattern: str) -> str:
    """A glob as regex source on '/' paths: `**/` any folders, `**` anything, `*` within a name, `?` one character."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out)


@functools.lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A config glob as a regex on '/' paths; a pattern not ending in `*` also matches everything below it."""
    body = glob_body(pattern)
    return re.compile(body + r"(?:/.*)?\Z" if not pattern.endswith("*") else body + r"\Z")


def glob_match(relative: str, patterns: Iterable[str]) -> bool:
    """True when a '/'-separated relative path matches a pattern.

    A pattern with a '/' is anchored at the root; one without matches a file or folder
    name at any depth (like .gitignore). A folder match covers everything inside it.
    """
    if not patterns:
        return False
    parts = relative.split("/")
    tails = ["/".join(parts[i:]) for i in range(len(parts))]
    for pattern in patterns:
        regex = glob_regex(pattern.strip("/"))
        if "/" in pattern.strip("/"):
            if regex.match(relative):
                return True
        elif any(regex.match(tail) for tail in tails):
            return True
    return False


@functools.lru_cache(maxsize=256)
def globs_matcher(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex answering `glob_match(relative, patterns)` with a single match: an anchored pattern as it
    is, one without '/' behind `(?s:.*/)?` (any run of whole leading folders, as `glob_match` tries every
    tail of the path). None when there are no patterns (nothing matches)."""
    alternatives = []
    for pattern in patterns:
        stripped = pattern.strip("/")
        regex = glob_regex(stripped).pattern
        alternatives.append(f"(?:{regex})" if "/" in stripped else f"(?s:.*/)?(?:{regex})")
    return re.compile("|".join(alternatives)) if alternatives else None


def configured_syntax(path: Path | str, config: Config) -> str | None:
    """The syntax the config's `syntax` table sets for `path` ("markdown", "text" or "auto"), or None.
    Globs are relative to the config's folder, as `include` is; when several match, the last one wins."""
    if not config.syntax:
        return None
    real = real_path(Path(path))
    relative = relative_real(real, real_path(config.root)) or Path(path).name
    chosen = None
    for pattern, syntax in config.syntax:
        if glob_match(relative, [pattern]):
            chosen = syntax
    return chosen


def read_articles(found: Discovery, config: Config, unreadable: list[str]) -> Iterator[Document]:
    """Each article `found` lists, read in the syntax the config sets for it. One that cannot be read is
    left out, and its "path: reason" appended to `unreadable` for the command to report."""
    from reviewer.document import Document  # here: finding files (as `reviewer report` does) reads none
    from reviewer.document.decode import read_document

    for path, display in found.files:
        loaded = read_document(path, display, syntax=configured_syntax(path, config))
        if isinstance(loaded, Document):
            yield loaded
        else:
            unreadable.append(f"{display}: {loaded.message}")


def _shown(real: str, cwd_real: str) -> str:
    """How a file is named in output: relative to the working directory with '/' separators (absolute
    outside it); a file name that is not valid UTF-8 keeps its odd bytes escaped (bad\\xffname.md),
    so every output format can print it."""
    relative = relative_real(real, cwd_real)
    shown = relative if relative is not None else Path(real).as_posix()
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def in_git_folder(path: Path) -> bool:
    """True when `path` lies inside a repository's own folder (`.git`, or a bare repository)."""
    real = Path(real_path(path))
    for folder in real.parents:
        if folder.name == ".git" or ((folder / "HEAD").is_file() and (folder / "objects").is_dir()
                                     and (folder / "refs").is_dir()):
            return True
    return False


def not_an_article(path: Path, config: Config) -> str | None:
    """Why `path` is not a file `reviewer lint` would pick as an article, or None when it is one."""
    if in_git_folder(path):
        return "is inside a git repository's own folder"
    real = real_path(path)
    relative = relative_real(real, real_path(config.root)) or path.name
    if not glob_match(relative, config.include) or glob_match(relative, config.exclude):
        return (f"is not an article (articles match include = {list(config.include)}"
                + (f" and not exclude = {list(config.exclude)}" if config.exclude else "") + ")")
    return None


def discover(paths: Sequence[str], config: Config, cwd: Path, *, cache_dir: str | None = None,
             force_exclude: bool = False) -> Discovery:
    """Expand command-line paths (default: the working directory) into article files.

    A file named explicitly is an article, unless `force_exclude` applies the include and
    exclude globs to it too (for pre-commit, which names every staged file). Folders are
    walked for files that match `include` and not `exclude` (globs relative to the config's
    folder), skipping hidden folders, the cache folder and files git ignores.
    """
    result = Discovery()
    found: dict[str, Path] = {}
    skipped_names = set(_ALWAYS_SKIPPED)
    if cache_dir:
        skipped_names.add(Path(cache_dir).name)
    root_real, cwd_real = real_path(config.root), real_path(cwd)

    include, exclude = globs_matcher(tuple(config.include)), globs_matcher(tuple(config.exclude))

    def chosen(relative: str) -> bool:  # glob_match(relative, include) and not glob_match(relative, exclude)
        return (include is not None and include.match(relative) is not None
                and (exclude is None or exclude.match(relative) is None))

    def selected(real: str, name: str) -> bool:
        return chosen(relative_real(real, root_real) or name)

    walked: list[tuple[Path, str]] = []
    for raw in paths or ["."]:
        path = (cwd / raw) if not os.path.isabs(raw) else Path(raw)
        if path.exists() and not path.is_dir():  # a named pipe or device too: linting reports it unreadable
            real = real_path(path)
            if not force_exclude or selected(real, path.name):
                found.setdefault(_shown(real, cwd_real), path)
        elif path.is_dir():
            for file, real, relative, shown in _walk(path, skipped_names, root_real, cwd_real):
                if chosen(relative):
                    walked.append((file, real, shown))
        else:
            result.missing.append(raw)
    if walked:
        from reviewer.git import git_ignored

        ignored = git_ignored(cwd, [file for file, _, _ in walked])
        for file, real, shown in walked:
            if not ignored or file not in ignored:  # hashing 10,000 paths for an empty set costs
                found.setdefault(shown, file)
    result.files = sorted(((p, d) for d, p in found.items()), key=lambda pair: pair[1])
    return result


def _join(folder: str, name: str) -> str:
    """os.path.join(folder, name) for an absolute `folder` and a name without '/'."""
    return folder + name if folder.endswith("/") else folder + "/" + name


_child = getattr(Path, "_make_child_relpath", None)  # Path / name without parsing name again (CPython)


def _folders(folder: Path, skipped_names: set[str]) -> Iterator[tuple[str, Path, str, str | None, list[str]]]:
    """os.walk(folder) top down, not following links, with folders sorted and hidden and named ones left
    out: (folder, its Path, the parent's walked path, its name in the parent or None for `folder`, its
    files).

    As os.walk: a folder that cannot be listed (or fails while being listed) gives nothing; an entry
    whose type cannot be read is a file; a linked folder is listed as a folder but not entered (told
    from the entry's own type, not by asking the file system again)."""
    stack: list[tuple[str, Path, str, str | None]] = [(os.fspath(folder), folder, "", None)]
    while stack:
        current, path, above, name_in_parent = stack.pop()
        try:
            entries = os.scandir(current)
        except OSError:
            continue
        dirs: list[tuple[str, bool]] = []
        files: list[str] = []
        with entries:
            try:
                for entry in entries:  # only the listing itself can raise here: the body catches its own
                    try:
                        is_dir = entry.is_dir()
                    except OSError:
                        is_dir = False
                    if is_dir:
                        name = entry.name
                        if name not in skipped_names and not name.startswith("."):
                            try:
                                linked = entry.is_symlink()
                            except OSError:
                                linked = False
                            dirs.append((name, linked))
                    else:
                        files.append(entry.name)
            except OSError:  # the listing failed part way: os.walk gives nothing for this folder
                continue
        files.sort()
        yield current, path, above, name_in_parent, files
        dirs.sort()
        for name, linked in reversed(dirs):
            if not linked:
                stack.append((os.path.join(current, name),
                              _child(path, name) if _child is not None else path / name, current, name))


def _walk(folder: Path, skipped_names: set[str], root_real: str,
          cwd_real: str) -> Iterable[tuple[Path, str, str, str]]:
    """(file, its real path, its path relative to `root_real` for the globs, how it is shown) under
    `folder`, sorted, skipping hidden and named folders.

    Only `folder` itself is resolved with realpath: linked folders are not entered, so a folder below it
    resolves to its parent's real path plus its name (remembered for later `real_path` calls). A
    `folder` spelled with '..' is resolved folder by folder, as abspath() and the file system may
    disagree about it. Relative and shown paths are built once per folder, then per name.
    """
    exact = ".." in Path(folder).parts
    absolute_top = os.path.isabs(folder)
    known: dict[str, tuple[str, str]] = {}  # folder -> (absolute path, real path)
    for current, parent, above, name_in_parent, files in _folders(folder, skipped_names):
        if name_in_parent is None or exact:
            absolute = os.path.abspath(current)
            real = real_folder(absolute)
        else:
            above_absolute, above_real = known[above]
            absolute, real = _join(above_absolute, name_in_parent), _join(above_real, name_in_parent)
            remember_real(absolute, real)
        known[current] = (absolute, real)
        if not files:
            continue
        relative_folder = relative_real(real, root_real)  # a file's real path is never the root's
        shown_folder = relative_real(real, cwd_real)
        real_slash = real if real.endswith("/") else real + "/"
        for name in files:
            file_real = real_slash + name  # os.path.join(real, name), as `name` holds no '/'
            if relative_folder is None or relative_folder == ".":
                relative = name
            else:
                relative = relative_folder + "/" + name
            if shown_folder is None:
                shown = _shown(file_real, cwd_real)
            else:
                shown = name if shown_folder == "." else shown_folder + "/" + name
                if not shown.isascii():
                    shown = shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            file = _child(parent, name) if _child is not None else parent / name
            if absolute_top:  # real_path(file), asked again by git_ignored and the --output check
                remember_real_path(str(file), file_real)
            yield file, file_real, relative, shown
