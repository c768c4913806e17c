"""Everything reviewer asks git. The ONLY module that runs git.

- `read_history`: ONE streaming `git log --first-parent` pass over the whole repository (raw output,
  `-z`, rename detection) that yields, per requested article, every commit that touched it, following
  renames backwards from its current path; never one git call per file.
- `read_blobs`: file contents at old commits through ONE `git cat-file --batch` process.
- `changed_files` / `changed_lines` / `git_ignored`: what pull-request mode and file discovery need.
- `file_status` / `commit_file`: what `reviewer signoff` needs.

Every call pins the behaviour a user's configuration could change (quoting of paths, signatures,
colour, --follow, rename detection) and runs with a cleaned environment: variables such as GIT_DIR
or GIT_INDEX_FILE, set by a hook or a CI step, must not send reviewer to another repository.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import subprocess
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import Iterable, Iterator, Mapping, NamedTuple, Sequence

from reviewer.paths import real_path, relative_real

PINNED = (
    "-c", "core.quotePath=false",
    "-c", "log.showSignature=false",
    "-c", "color.ui=never",
    "-c", "log.follow=false",
    "-c", "diff.renames=true",
    "-c", "log.showRoot=true",
    "-c", "log.mailmap=false",
    "-c", "diff.noprefix=false",
    "-c", "diff.mnemonicPrefix=false",
    "-c", "diff.relative=false",
    "-c", "i18n.logOutputEncoding=UTF-8",  # names and trailers arrive as UTF-8 whatever the user configured
)

# Variables that choose what git operates on, or how it prints: never inherited.
# Identity, transport and GIT_CONFIG_* variables stay: they are the user's intent.
_KEEP = frozenset({
    "GIT_EXEC_PATH", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_SSH_VARIANT", "GIT_ASKPASS", "GIT_SSL_CAINFO",
    "GIT_SSL_NO_VERIFY", "GIT_HTTP_PROXY_AUTHMETHOD", "GIT_ALLOW_PROTOCOL", "GIT_CONFIG_GLOBAL",
    "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_COUNT", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL",
    "GIT_AUTHOR_DATE", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_COMMITTER_DATE",
})

SHALLOW_WARNING = (
    "this is a shallow clone: git history stops at the clone boundary, so last_changed, last_changed_by, "
    "changed_since_review and Reviewed-by trailers may be wrong for every article (every row is flagged "
    "history_incomplete); fetch full history with `git fetch --unshallow`, or in GitHub Actions use "
    "actions/checkout with `fetch-depth: 0`"
)

RENAME_LIMIT_WARNING = (
    "git skipped rename detection in commits that rename too many files (diff.renameLimit): the history of "
    "articles renamed with edits in such a commit stops there, so last_changed, changed_since_review and "
    "Reviewed-by trailers may miss older commits; raise it with `git config diff.renameLimit 20000`"
)


class GitError(Exception):
    """git could not answer; the message says why in words a user can act on."""


class GitNotFound(GitError):
    pass


class NotARepository(GitError):
    pass


class BrokenRepository(GitError):
    """A `.git` is there, but git cannot read it (a damaged HEAD, say)."""


def git_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("GIT_") or k in _KEEP or k.startswith(("GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_"))}
    env["GIT_OPTIONAL_LOCKS"] = "0"  # a report must not take the index lock from a concurrent git command
    env["GIT_TERMINAL_PROMPT"] = "0"
    env.pop("GIT_PAGER", None)
    return env


def _command(*args: str) -> list[str]:
    return ["git", *PINNED, *args]


def _run(cwd: Path, *args: str, input: bytes | None = None, ok: Sequence[int] = (0,)) -> bytes:
    try:
        result = subprocess.run(_command(*args), cwd=cwd, env=git_environment(), input=input,
                                capture_output=True, check=False)
    except FileNotFoundError:
        raise GitNotFound("git is not installed (or not on PATH)") from None
    except NotADirectoryError:
        raise NotARepository(f"{cwd} is not a folder") from None
    if result.returncode not in ok:
        raise _error(cwd, args, result.stderr)
    return result.stdout


def _error(cwd: Path, args: Sequence[str], stderr: bytes) -> GitError:
    message = stderr.decode("utf-8", "replace").strip()
    first = message.splitlines()[0] if message else "failed"
    if "not a git repository" in message:
        root = work_tree_root(cwd) if cwd.is_dir() else None
        if root is not None:
            return BrokenRepository(f"{root / '.git'} is there but git cannot read it ({first}); the repository "
                                    f"may be damaged: run `git status` in {root}")
        return NotARepository(f"{cwd} is not in a git repository")
    if "dubious ownership" in message:
        return GitError(f"git refuses to read {cwd}: the repository belongs to another user; "
                        f"run `git config --global --add safe.directory '{cwd}'`")
    return GitError(f"git {args[0]} failed: {first.removeprefix('fatal: ').removeprefix('error: ')}")


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


# --------------------------------------------------------------------------- the repository


@dataclass(frozen=True)
class Repository:
    """The repository a folder belongs to and the state of its HEAD."""

    root: Path  # the top level of the work tree
    head: str | None  # commit id; None before the first commit
    branch: str | None  # None on a detached HEAD
    shallow: bool
    object_format: str = "sha1"

    @property
    def detached(self) -> bool:
        return self.head is not None and self.branch is None

    def relative(self, path: Path) -> str | None:
        """`path` relative to the work tree (POSIX separators), or None when it lies outside."""
        return _relative(str(self.root), os.fspath(path))


@functools.lru_cache(maxsize=65536)
def _relative(root: str, path: str) -> str | None:
    """Asked three times per article by a report (history, reading, owners): answered once."""
    relative = relative_real(real_path(path), root)
    return None if relative == "." else relative


_REMEMBERED: dict[str, Repository] | None = None  # while `remembering_repositories()` is active


@contextlib.contextmanager
def remembering_repositories():
    """Within the block, `find_repository` asks git once per folder: a report finds its repository twice
    (to skip ignored files, then to read history), and nothing in between moves HEAD."""
    global _REMEMBERED
    outer = _REMEMBERED
    _REMEMBERED = {} if outer is None else outer
    try:
        yield
    finally:
        _REMEMBERED = outer


def find_repository(start: Path) -> Repository:
    """The repository holding `start` (a file or folder). Raises GitNotFound or NotARepository."""
    folder = start if start.is_dir() else start.parent
    if _REMEMBERED is not None:
        key = os.path.abspath(folder)
        found = _REMEMBERED.get(key)
        if found is None:
            root = work_tree_root(folder) if os.path.isdir(key) else None  # the same work tree: the same answer
            found = _REMEMBERED.get(f"root:{root}") if root is not None else None
            if found is None:
                found = _find_repository(start, folder)
                if root is not None and root == found.root:
                    _REMEMBERED[f"root:{root}"] = found
            _REMEMBERED[key] = found
        return found
    return _find_repository(start, folder)


def _find_repository(start: Path, folder: Path) -> Repository:
    if not folder.exists():
        raise NotARepository(f"{start} does not exist")
    try:  # one git process in the usual case: a work tree with commits, git 2.29 or later
        lines = _text(_run(folder, "rev-parse", "--show-toplevel", "--is-shallow-repository",
                           "--show-object-format", "HEAD", "--symbolic-full-name", "HEAD")).splitlines()
    except GitError:
        lines = []  # no commit yet, an old git, or no repository: asked step by step below, for the right error
    if len(lines) == 5 and lines[0] and lines[3]:
        ref = lines[4].strip()
        return Repository(Path(os.path.realpath(lines[0])), lines[3].strip(),
                          ref.removeprefix("refs/heads/") if ref.startswith("refs/") else None,
                          lines[1].strip() == "true", lines[2].strip() or "sha1")
    lines = _text(_run(folder, "rev-parse", "--show-toplevel", "--is-shallow-repository")).splitlines()
    if len(lines) < 2 or not lines[0]:
        raise NotARepository(f"{folder} is not in a git work tree")
    root = Path(os.path.realpath(lines[0]))
    head = _text(_run(folder, "rev-parse", "-q", "--verify", "HEAD^{commit}", ok=(0, 1))).strip() or None
    branch = _text(_run(folder, "symbolic-ref", "-q", "--short", "HEAD", ok=(0, 1))).strip() or None
    try:
        object_format = _text(_run(folder, "rev-parse", "--show-object-format")).strip() or "sha1"
    except GitError:
        object_format = "sha1"  # git before 2.29 knows only sha1
    return Repository(root, head, branch, lines[1].strip() == "true", object_format)


def work_tree_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding a `.git` folder or file, found without running git
    (for when git is not installed); None when there is none."""
    folder = Path(os.path.realpath(start if start.is_dir() else start.parent))
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def blob_id(data: bytes, object_format: str = "sha1") -> str:
    """The id git gives a blob with these bytes (no filters applied)."""
    digest = hashlib.sha256() if object_format == "sha256" else hashlib.sha1()
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


# --------------------------------------------------------------------------- history


class Change(NamedTuple):
    """One first-parent commit that touched an article (a named tuple: a long history makes
    hundreds of thousands of them, and a tuple is built several times faster than a frozen dataclass)."""

    commit: str
    timestamp: int  # committer date, seconds since the epoch: when it landed on the branch
    author: str
    blob: str  # the article's blob after the commit
    path: str  # the article's path in that commit (differs before a rename)
    status: str  # A, M, R, T, or C where the article was copied from the path of the next older change
    reviewers: tuple[str, ...] = ()  # Reviewed-by trailers of the commit
    ignored: bool = False  # listed in the ignore-revs file

    def when(self, tz: tzinfo = timezone.utc) -> datetime:
        return datetime.fromtimestamp(self.timestamp, tz)


@dataclass(frozen=True)
class FileHistory:
    """The commits that touched one article, newest first, across renames."""

    path: str
    changes: tuple[Change, ...] = ()

    @property
    def tracked(self) -> bool:
        return bool(self.changes)

    @property
    def last_change(self) -> Change | None:
        """The newest change not listed in the ignore-revs file (bulk reformatting, mass renames); when
        every change is listed (an article created by a bulk import), the newest one, as `git blame` does."""
        return next((c for c in self.changes if not c.ignored), self.changes[0] if self.changes else None)

    @property
    def first_change(self) -> Change | None:
        return self.changes[-1] if self.changes else None

    def version_at(self, timestamp: float) -> Change | None:
        """The change current at `timestamp` (the newest one before it), or None if it came later."""
        return next((c for c in self.changes if c.timestamp < timestamp), None)

    @property
    def copied_from(self) -> str | None:
        """The path the newest copy in the history came from (its origin's path in the commit before the
        copy), or None when the history goes through no copy."""
        for newer, older in zip(self.changes, self.changes[1:]):
            if newer.status == "C":
                return older.path
        return None

    @property
    def reviewers(self) -> tuple[str, ...]:
        """Reviewed-by trailers of the commits that touched the article, newest first."""
        return tuple(name for c in self.changes for name in c.reviewers)


@dataclass
class History:
    """What one log pass learned, per article path (relative to the repository root)."""

    repository: Repository
    files: dict[str, FileHistory] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # what makes results less reliable, in words
    notes: list[str] = field(default_factory=list)  # what the user should know but need not act on

    def file(self, path: str) -> FileHistory:
        return self.files.get(path) or FileHistory(path)


def read_ignore_revs(repository: Repository, name: str) -> tuple[set[str], list[str]]:
    """Commit ids listed in the ignore-revs file (`.git-blame-ignore-revs` format): full ids and prefixes."""
    if not name:
        return set(), []
    path = repository.root / name
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return set(), []
    except OSError as exc:
        return set(), [f"cannot read ignore-revs file {name}: {exc.strerror or exc}"]
    revs = set()
    for line in text.splitlines():
        token = line.split("#", 1)[0].strip().lower()
        if re.fullmatch(r"[0-9a-f]{7,64}", token):
            revs.add(token)
    return revs, []


def _ignore_test(revs: set[str]):
    """A fast membership test for commit ids: exact ids by set lookup, abbreviated ones by prefix."""
    full = {r for r in revs if len(r) in (40, 64)}
    prefixes = tuple(r for r in revs if r not in full)
    if not prefixes:
        return full.__contains__
    return lambda commit: commit in full or commit.startswith(prefixes)


_LOG_FORMAT = "--format=%x1e%H%x1f%ct%x1f%an%x1f%(trailers:key=Reviewed-by,valueonly,separator=%x1d)%x1f%P"


def log_command(since: str | None = None) -> list[str]:
    """The one log pass: first-parent history of HEAD (back to `since`, exclusive), raw diffs with renames,
    NUL-separated."""
    return _command("log", "--first-parent", "-m", "--raw", "-z", "-M", "--root", "--no-abbrev",
                    "--no-ext-diff", "--no-textconv", "--no-color", _LOG_FORMAT, "HEAD",
                    *([f"^{since}"] if since else []), "--")


def read_history(paths: Iterable[Path], repository: Repository, ignore_revs_file: str = "",
                 index_file: Path | None = None, follow_copies: bool = True) -> History:
    """Every first-parent commit touching each of `paths`, following renames backwards; one git process.

    Paths outside the repository or never committed get an empty FileHistory (they are untracked).
    With `index_file`, only the commits made since the indexed one are read (see HistoryIndex).
    """
    return start_history(paths, repository, ignore_revs_file, index_file, follow_copies).result()


class PendingHistory:
    """A log pass under way: git streams its output into memory on a thread while the caller works
    (reading articles, say); `result()` waits for the end of the stream and traces each article."""

    def __init__(self, paths: Iterable[Path], repository: Repository, ignore_revs_file: str,
                 index_file: Path | None = None, follow_copies: bool = True) -> None:
        self.history = History(repository)
        self.follow_copies = follow_copies
        self.wanted: dict[str, str] = {}  # path as named in the commit being read -> current path
        for path in paths:
            relative = repository.relative(path)
            if relative is not None:
                self.wanted[relative] = relative
                self.history.files[relative] = FileHistory(relative)
        if repository.shallow:
            self.history.warnings.append(SHALLOW_WARNING)
        self.history.notes.extend(head_notes(repository))
        if repository.head is None:
            self.history.warnings.append("the repository has no commits yet: every article is untracked")
        self.revs, problems = read_ignore_revs(repository, ignore_revs_file)
        self.history.warnings.extend(problems)
        self.index_file = None if repository.shallow or repository.head is None else index_file
        self.index = HistoryIndex.load(self.index_file, repository, follow_copies) if self.index_file else None
        self.since: str | None = None  # the indexed commit the walk stops at
        self.chunks: list[bytes] = []
        self.stderr = b""
        self.process = self.thread = None
        if repository.head is None or not self.wanted:
            return
        if self.index is not None:
            if self.index.head == repository.head and all(p in self.index.files for p in self.wanted):
                return  # nothing new: the index answers alone
            if self.index.head != repository.head and _first_parent_descends(repository, self.index.head):
                self.since = self.index.head
                self.wanted.update((p, p) for p in self.index.files)  # keep the indexed articles current
            else:
                self.index = None  # history was rewritten (or the articles are new to it): start over
        self._start()

    def _start(self) -> None:
        try:
            self.process = subprocess.Popen(log_command(self.since), cwd=self.history.repository.root,
                                            env=git_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except FileNotFoundError:
            raise GitNotFound("git is not installed (or not on PATH)") from None
        self.chunks = []
        self.found: dict[str, list[Change]] = {p: [] for p in self.wanted.values()}
        self.added: dict[str, tuple[str, list[str]]] | None = {} if self.follow_copies else None
        self.boundary: dict[str, list[str]] | None = None
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self) -> None:
        """Read git's output as it comes and trace the articles through it on the way (the first round of
        `_walk`): the tracing runs while git is still walking, and while the caller waits for it."""
        out = self.process.stdout

        def tokens() -> Iterator[bytes]:  # the tokens of b"".join(chunks).split(b"\0"), as they arrive
            carry = b""
            for chunk in iter(lambda: out.read(1 << 16), b""):
                self.chunks.append(chunk)
                parts = (carry + chunk).split(b"\0")
                carry = parts.pop()
                yield from parts
            yield carry

        stream = tokens()
        try:
            self.boundary = _follow(stream, self.wanted, self.found, self.revs, {}, self.added)
        except BaseException as exc:  # noqa: BLE001: raised again by result(), in the caller's thread
            self.failure = exc
        for _ in stream:  # every article traced early: the rest is still read, for git to finish
            pass
        self.stderr = self.process.stderr.read()

    def result(self) -> History:
        if self.process is None and self.index is None:
            return self.history
        found: dict[str, list[Change]] = {p: [] for p in self.wanted.values()}
        boundary = {p: [c] for p, c in self.wanted.items()}  # nothing walked: each path is as the index has it
        if self.process is not None:
            self.thread.join()
            self.process.stdout.close()
            self.process.stderr.close()
            if self.process.wait() != 0:
                raise _error(self.history.repository.root, ["log"], self.stderr)
            if self.failure is not None:
                raise self.failure
            if b"rename detection was skipped" in self.stderr:  # git says so once, on stderr, and still exits 0
                self.history.warnings.append(RENAME_LIMIT_WARNING)
            found = self.found
            boundary = self._walk(found)
            self.chunks = []
        if self.index is not None:
            missing = [old for old in boundary if old not in self.index.files]
            if missing:  # an article the index never traced: walk the whole history once
                self.index, self.since = None, None
                self.wanted = {current: current for current in found}
                self._start()
                return self.result()
            is_ignored = _ignore_test(self.revs)
            for old, currents in boundary.items():
                for current in currents:
                    found[current].extend(self.index.changes(old, is_ignored))
        for path, changes in found.items():
            if path in self.history.files:
                self.history.files[path] = FileHistory(path, tuple(changes))
        if self.index_file is not None and self.process is not None:  # something was walked: store it
            problem = HistoryIndex.save(self.index_file, self.history.repository, found, self.follow_copies)
            if problem:
                self.history.notes.append(problem)
        return self.history

    def _walk(self, found: dict[str, list[Change]]) -> dict[str, list[str]]:
        """Trace the articles through the streamed log; with copy following, look for copies where a
        traced article was added and trace again through the copies found (rarely more than two rounds)."""
        added = self.added
        copies: dict[tuple[str, str], str] = {}
        examined: set[str] = set()
        boundary = self.boundary  # the first round ran as git's output arrived (see _drain)
        data = b""
        while True:
            if boundary is None:
                if not data:
                    data = b"".join(self.chunks)  # one split in C beats a token generator over 64 KiB chunks
                    self.chunks = [data]
                boundary = _follow(iter(data.split(b"\0")), self.wanted, found, self.revs, copies, added)
            if added is None:
                return boundary
            new = {commit: entry for commit, entry in added.items() if commit not in examined}
            examined.update(new)
            try:
                more = detect_copies(self.history.repository, new)
            except GitError as exc:  # the history stands without copies: say so, never lose it
                self.history.warnings.append(f"copies are not followed: {exc}")
                return boundary
            if not more:
                return boundary
            copies.update(more)
            for changes in found.values():
                changes.clear()
            added.clear()
            boundary = None


def head_notes(repository: Repository) -> list[str]:
    """What a report says about the HEAD its history is read from."""
    if repository.detached:
        return [f"HEAD is detached at {repository.head[:12]} (normal in CI): history is read from HEAD"]
    return []


def start_history(paths: Iterable[Path], repository: Repository, ignore_revs_file: str = "",
                  index_file: Path | None = None, follow_copies: bool = True) -> PendingHistory:
    """Start the one log pass; call `.result()` for the History."""
    return PendingHistory(paths, repository, ignore_revs_file, index_file, follow_copies)


def _first_parent_descends(repository: Repository, commit: str) -> bool:
    """True when `commit` is on HEAD's first-parent chain (history since it was not rewritten)."""
    try:
        out = _run(repository.root, "rev-list", "--first-parent", "--parents", "HEAD", f"^{commit}", "--")
    except GitError:
        return False  # the commit is gone (history rewritten and collected)
    lines = out.split(b"\n")
    oldest = next((line for line in reversed(lines) if line.strip()), b"").split()
    return len(oldest) >= 2 and oldest[1].decode() == commit


class HistoryIndex:
    """What a log pass learned, stored with the commit it reached, so the next report walks only newer commits.

    Kept as JSON in the cache folder. It is used only when its commit is still on HEAD's first-parent
    chain, for the same repository; otherwise (history rewritten, a shallow clone, a corrupt or foreign
    file) the walk starts over from scratch. Ignore-revs are applied when it is read, not stored.
    """

    FORMAT = 2  # 2: histories go through copies (status C) when "copies" is true

    def __init__(self, head: str, files: dict[str, list], commits: list[list]) -> None:
        self.head = head
        self.files = files  # current path -> [[commit number, blob, path then, status], ...] newest first
        self.commits = commits  # [[id, timestamp, author, [reviewers]], ...]
        self._decoded: dict[int, tuple] = {}

    def changes(self, path: str, is_ignored) -> list[Change]:
        decoded = self._decoded
        make = tuple.__new__  # a NamedTuple's own __new__ is a Python function: this skips it
        result = []
        for number, blob, path_then, status in self.files[path]:
            info = decoded.get(number)
            if info is None:  # each commit decoded once, however many articles it touched
                commit, timestamp, author, reviewers = self.commits[number]
                info = decoded[number] = (commit, timestamp, author, tuple(reviewers), is_ignored(commit))
            result.append(make(Change, (info[0], info[1], info[2], blob, path_then, status, info[3], info[4])))
        return result

    @classmethod
    def load(cls, path: Path, repository: Repository, copies: bool = True) -> "HistoryIndex | None":
        import json

        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if (data.get("format") != cls.FORMAT or data.get("root") != str(repository.root)
                    or data.get("object_format") != repository.object_format or data.get("copies") != copies):
                return None
            index = cls(data["head"], data["files"], data["commits"])
            if not isinstance(index.head, str) or not isinstance(index.files, dict):
                return None
            return index
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing, unreadable or damaged: never trusted, rebuilt by this run

    @classmethod
    def save(cls, path: Path, repository: Repository, found: Mapping[str, list[Change]],
             copies: bool = True) -> str | None:
        """Write the index atomically; returns a note instead of failing the report."""
        import json

        from reviewer.fileio import write_atomic

        numbers: dict[str, int] = {}
        commits: list[list] = []
        files = {}
        for current, changes in found.items():
            rows = []
            for change in changes:
                number = numbers.get(change.commit)
                if number is None:
                    number = numbers[change.commit] = len(commits)
                    commits.append([change.commit, change.timestamp, change.author, list(change.reviewers)])
                rows.append([number, change.blob, change.path, change.status])
            files[current] = rows
        data = {"format": cls.FORMAT, "root": str(repository.root), "object_format": repository.object_format,
                "copies": copies,
                "head": repository.head, "commits": commits, "files": files}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            ignore = path.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by reviewer: its caches are not for version control\n*\n",
                                  encoding="utf-8")
            write_atomic(path, json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
        except OSError as exc:
            return f"could not write the history index {path}: {exc.strerror or exc}"
        return None


_STATUS = {bytes([c]): chr(c) for c in b"ACDMRTUX"}


def _follow(tokens: Iterator[bytes], wanted: Mapping[str, str | list[str]], found: dict[str, list[Change]],
            revs: set[str], copies: Mapping[tuple[str, str], str] | None = None,
            added: dict[str, tuple[str, list[str]]] | None = None) -> dict[str, list[str]]:
    """Walk the log tokens newest first, appending each article's changes to `found`.

    `copies` maps (commit, path added in it) to the path it was copied from (see `detect_copies`): there
    the article is followed into its origin, as a rename is, and the change is marked `C`. Several current
    articles may share one origin (a folder copied twice). `added`, when given, collects the commits where
    a traced article was added ({commit: (first parent, [paths])}; root commits left out): the places to
    look for copies.

    Returns the articles not traced back to their creation: {path in the oldest commit read: [current paths]}
    (empty after a walk of the whole history; after a walk of recent commits, where the index takes over).
    Paths stay bytes until one matches: most entries of a big repository's log concern other files.
    """
    is_ignored = _ignore_test(revs)
    copies = copies or {}
    make = tuple.__new__
    targets: dict[bytes, list[str]] = {}
    for old, current in wanted.items():
        targets.setdefault(os.fsencode(old), []).extend([current] if isinstance(current, str) else current)
    header: bytes = b""
    commit: tuple | None = None  # (id, timestamp, author, reviewers, ignored, first parent), decoded on first use
    for token in tokens:
        if token[:1] == b"\x1e":
            if not targets:
                return {}
            header, commit = token, None
            continue
        if token[:1] != b":" and token[:2] != b"\n:":
            continue
        status = token[-1:] if token[-1:].isalpha() else token.rsplit(b" ", 1)[-1][:1]
        first = next(tokens, b"")
        path = next(tokens, b"") if status in (b"R", b"C") else first
        currents = targets.get(path)
        if currents is None:
            continue
        if status == b"D":  # deleted at HEAD: the file now at that path is new, not this one's continuation
            del targets[path]
            continue
        if commit is None:
            fields = header[1:].decode("utf-8", "replace").split("\x1f")
            reviewers = tuple(v.strip() for v in fields[3].split("\x1d") if v.strip()) if len(fields) > 3 else ()
            parents = fields[4].split() if len(fields) > 4 else []
            commit = (fields[0], int(fields[1] or 0), fields[2], reviewers, is_ignored(fields[0]),
                      parents[0] if parents else None)
        blob = token.lstrip(b"\n").split(b" ")[3].decode()
        name = path.decode("utf-8", "surrogateescape")
        origin = copies.get((commit[0], name)) if status == b"A" else None
        change = make(Change, (commit[0], commit[1], commit[2], blob, name,  # Change(...) without its Python __new__
                               "C" if origin else _STATUS.get(status) or status.decode(), commit[3], commit[4]))
        for current in currents:
            found[current].append(change)
        if status == b"R":
            del targets[path]
            targets.setdefault(first, []).extend(currents)
        elif status == b"A":
            del targets[path]
            if origin is not None:
                targets.setdefault(os.fsencode(origin), []).extend(currents)
            elif added is not None and commit[5] is not None:
                added.setdefault(commit[0], (commit[5], []))[1].append(name)
    return {_text(path): currents for path, currents in targets.items()}


BULK_ADDITION = 5  # a commit adding this many traced articles at once (a folder copied) gets near-copy detection


def detect_copies(repository: Repository, added: Mapping[str, tuple[str, Sequence[str]]]) -> dict[tuple[str, str], str]:
    """Which of the files added in these commits git sees as copies: {(commit, path): origin path}.

    `git diff-tree --stdin` compares each commit with its first parent, with copy detection that considers
    every file of the parent as a source (`--find-copies-harder`): a folder copied to make a new version of
    a doc set leaves its sources unchanged, which plain `-C` never looks at. That is far too slow for every
    commit of a long history (4 min 40 s against 1.7 s for the log pass on a 10,000 x 50,000 repository),
    so it runs only on the commits where a traced article first appears, and:
    - where a commit adds BULK_ADDITION or more traced articles (a folder copy), near copies count too
      (git's default 50% similarity: C100 and C09x), which reads the parent's files;
    - where it adds fewer (a new article, most often), only exact copies (`-C100%`): git then compares blob
      ids and reads no file, about 2 ms a commit instead of 50-90 ms on a 3,100-file tree.
    A file renamed in the same commit keeps its rename (the log pass saw it); an origin that is itself a
    copy is found on the next round; among identical sources git picks one.
    """
    bulk = {c: entry for c, entry in added.items() if len(entry[1]) >= BULK_ADDITION}
    small = {c: entry for c, entry in added.items() if c not in bulk}
    found: dict[tuple[str, str], str] = {}
    for commits, similarity in ((bulk, ()), (small, ("-M100%", "-C100%"))):
        if commits:
            found.update(_copies_in(repository, commits, similarity))
    return found


def _copies_in(repository: Repository, added: Mapping[str, tuple[str, Sequence[str]]],
               similarity: Sequence[str]) -> dict[tuple[str, str], str]:
    lines = "".join(f"{commit} {parent}\n" for commit, (parent, _) in added.items()).encode()
    output = _run(repository.root, "diff-tree", "--stdin", "-r", "-z", "-M", "-C", *similarity,
                  "--find-copies-harder", "--no-abbrev", "--no-ext-diff", "--no-textconv", "--no-color",
                  input=lines)
    wanted = {(commit, path) for commit, (_, paths) in added.items() for path in paths}
    found: dict[tuple[str, str], str] = {}
    tokens = iter(output.split(b"\0"))
    commit = ""
    for token in tokens:
        if token[:1] != b":":
            if token.strip():
                commit = _text(token.strip())
            continue
        status = token[-1:] if token[-1:].isalpha() else token.rsplit(b" ", 1)[-1][:1]
        first = next(tokens, b"")
        if status in (b"R", b"C"):
            destination = _text(next(tokens, b""))
            if status == b"C" and (commit, destination) in wanted:
                found[(commit, destination)] = _text(first)
    return found


def read_blobs(repository: Repository, ids: Iterable[str]) -> dict[str, bytes]:
    """Contents of blobs by id through ONE `git cat-file --batch` process (missing ids are left out)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    try:
        process = subprocess.Popen(_command("cat-file", "--batch"), cwd=repository.root, env=git_environment(),
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except FileNotFoundError:
        raise GitNotFound("git is not installed (or not on PATH)") from None

    def feed() -> None:  # a writer thread: git answers while we still ask, so neither side blocks
        try:
            for blob in wanted:
                process.stdin.write(blob.encode() + b"\n")
        except BrokenPipeError:
            pass
        finally:
            try:
                process.stdin.close()
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    contents: dict[str, bytes] = {}
    output = process.stdout.read()  # all at once: one read, then slices, beats a readline and a read per blob
    position, end = 0, len(output)
    for _ in wanted:
        newline = output.find(b"\n", position)
        if newline < 0:
            break
        parts = output[position:newline].split()
        position = newline + 1
        if len(parts) < 3 or parts[1] == b"missing":
            continue
        size = int(parts[2])
        if parts[1] == b"blob":
            contents[parts[0].decode()] = output[position:position + size]
        position = min(end, position + size + 1)  # the contents, then a newline
    writer.join()
    process.stdout.close()
    process.stderr.close()
    process.wait()
    return contents


# --------------------------------------------------------------------------- pull-request mode


def _base(repository: Repository, ref: str) -> str:
    """The merge base of REF and HEAD: what a pull request's changes are measured from."""
    if repository.head is None:
        raise GitError("the repository has no commits yet")
    try:
        _run(repository.root, "rev-parse", "-q", "--verify", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(f"{ref!r} is not a commit in this repository; in CI fetch it first "
                       "(actions/checkout with fetch-depth: 0)") from None
    try:
        return _text(_run(repository.root, "merge-base", ref, "HEAD")).strip()
    except GitError:
        raise GitError(f"{ref!r} and HEAD share no history here (a shallow clone?); fetch full history "
                       "with `git fetch --unshallow` or actions/checkout with fetch-depth: 0") from None


def changed_files(root: Path, ref: str) -> list[Path]:
    """Files that differ between the merge base of REF and HEAD, and the working tree (staged or not),
    plus untracked files that are not ignored; deleted files are left out. Absolute paths, sorted.

    Measuring from the merge base (like `git diff REF...`) keeps changes that landed on REF after the
    branch was made out of a pull request's list. Works on a detached HEAD.
    """
    repository = find_repository(root)
    base = _base(repository, ref)
    names = _run(repository.root, "diff", "--name-only", "-z", "-M", "--no-ext-diff", "--diff-filter=ACMRT",
                 base, "--")
    untracked = _run(repository.root, "ls-files", "-z", "--others", "--exclude-standard")
    paths = {repository.root / _text(n) for n in (names + untracked).split(b"\0") if n}
    return sorted(p for p in paths if p.is_file())


_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def changed_lines(root: Path, ref: str, paths: Iterable[Path]) -> dict[Path, set[int]]:
    """Added or changed line numbers (1-based, in the working-tree file) since the merge base of REF and HEAD.

    Keys are the `paths` given. An untracked file counts as changed on every line; a file that did not
    change gets an empty set. Renamed files count only their edited lines (rename detection is on).
    """
    repository = find_repository(root)
    base = _base(repository, ref)
    by_relative = {}
    for path in paths:
        relative = repository.relative(path)
        if relative is not None:
            by_relative[relative] = path
    result: dict[Path, set[int]] = {path: set() for path in paths}
    patch = _run(repository.root, "diff", "-U0", "-M", "--no-ext-diff", "--no-textconv", "--no-color",
                 "--src-prefix=a/", "--dst-prefix=b/", base, "--")
    current: set[int] | None = None
    for line in patch.split(b"\n"):
        if line.startswith(b"+++ "):
            name = _unquote(line[4:])
            target = by_relative.get(name[2:]) if name.startswith("b/") else None
            current = result[target] if target is not None else None
        elif line.startswith(b"diff --git "):
            current = None
        elif current is not None and line.startswith(b"@@"):
            match = _HUNK.match(line)
            if match:
                start, count = int(match.group(1)), int(match.group(2) or b"1")
                current.update(range(start, start + count))
    untracked = _run(repository.root, "ls-files", "-z", "--others", "--exclude-standard")
    for name in untracked.split(b"\0"):
        target = by_relative.get(_text(name))
        if target is not None:
            try:
                with open(target, "rb") as handle:
                    count = sum(1 for _ in handle)
            except OSError:
                count = 0
            result[target] = set(range(1, count + 1))
    return result


def _unquote(raw: bytes) -> str:
    """A path as git prints it in patch headers: C-quoted when it holds special characters."""
    raw = raw.rstrip(b"\r")
    if not (raw.startswith(b'"') and raw.endswith(b'"')):
        return _text(raw)
    body, out, i = raw[1:-1], bytearray(), 0
    escapes = {ord("n"): 10, ord("t"): 9, ord('"'): 34, ord("\\"): 92, ord("a"): 7, ord("b"): 8,
               ord("f"): 12, ord("r"): 13, ord("v"): 11}
    while i < len(body):
        ch = body[i]
        if ch == 92 and i + 1 < len(body):
            nxt = body[i + 1]
            if 48 <= nxt <= 55:
                out.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            out.append(escapes.get(nxt, nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return _text(bytes(out))


def git_ignored(root: Path, paths: Iterable[Path]) -> set[Path]:
    """The `paths` git ignores (.gitignore, .git/info/exclude, core.excludesFile); tracked files never are.

    Outside a repository, or without git, nothing is ignored. One `git ls-files --others --ignored
    --directory` call lists every ignored file and folder (an ignored folder is not walked), which is
    far cheaper than asking `git check-ignore` about ten thousand paths one by one.
    """
    paths = list(paths)
    if not paths:
        return set()
    try:
        repository = find_repository(root)
    except GitError:
        return set()
    output = _run(repository.root, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory")
    files, folders = set(), []
    for entry in output.split(b"\0"):
        if entry.endswith(b"/"):
            folders.append(os.fsdecode(entry))
        elif entry:
            files.add(os.fsdecode(entry))
    ignored: set[Path] = set()
    for path in paths:
        relative = repository.relative(path if path.is_absolute() else root / path)
        if relative is not None and (relative in files or any(relative.startswith(f) for f in folders)):
            ignored.add(path)
    return ignored


# --------------------------------------------------------------------------- signoff


def file_status(path: Path) -> str | None:
    """How `path` differs from HEAD: None (clean), "modified", "staged" or "untracked"."""
    repository = find_repository(path)
    relative = repository.relative(path)
    output = _run(repository.root, "status", "--porcelain=v1", "-z", "--untracked-files=all",
                  "--ignored=no", "--", relative or str(path))
    entry = output.split(b"\0", 1)[0]
    if not entry:
        return None
    code = entry[:2].decode()
    if code == "??":
        return "untracked"
    return "modified" if code[1] != " " else "staged"


def commit_file(path: Path, message: str) -> str:
    """Commit `path` alone (other staged changes stay staged) with `message`; returns the new commit id.

    Hooks run as usual: a failing pre-commit hook makes this raise GitError with git's message.
    """
    repository = find_repository(path)
    relative = repository.relative(path)
    if relative is None:
        raise GitError(f"{path} is outside the repository at {repository.root}")
    try:
        _run(repository.root, "commit", "--only", "--quiet", "--cleanup=whitespace", "--file=-", "--", relative,
             input=message.encode("utf-8"))
    except GitError as exc:
        raise GitError(f"{exc} (the file is updated but not committed)") from None
    return _text(_run(repository.root, "rev-parse", "HEAD")).strip()
