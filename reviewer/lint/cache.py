"""The lint cache: reuse an unchanged file's findings.

An entry is reused only when all of these are unchanged: the file's content hash, its
display path, the run's fingerprint (reviewer's code and version, the effective config,
the selected rules, the as-of date, the rule packs), and the existence and size of every
local file its links point to (links.broken-relative depends on them).
A file is not even read when its size, modification and change times, inode and device are those
stored with its entry (what git's index trusts): any write changes the change time, which no tool can
set back (on Windows that field is the creation time, so there, as with git, an edit that keeps the size
and sets the modification time back goes unseen until the file changes again). A file changed less than `reviewer.fileio.RACY_SECONDS` before it was looked at is not trusted that way (a
second write within the file system's clock tick could leave the times as they were): it is read and
hashed, as is any file whose times moved, and its findings are reused when the hash still matches.
The cache is one SQLite file (`lint-cache.sqlite` in the cache folder), one row per article: a
run reads and writes entries one at a time, so it never holds the whole cache in memory, and
every write is a transaction. Beside an entry's findings it keeps their counts by rule and severity,
and, for each report format a run asked for, the file's rendered piece of that report (see
`reviewer.lint.formatters.Format`), under the piece's variant (the format and the render options it
depends on): a run answering an unchanged file from the cache copies that piece and adds up the
counts, without decoding, building or rendering the findings. A piece is stored with a hash of the
stored findings it was rendered from and is used only with an entry holding those very findings (so a
run rendering from an entry that another run replaced meanwhile cannot attach its piece to the new
one); writing an entry also deletes the file's pieces, which keeps the file from growing.
A corrupt or unreadable cache is ignored with a warning and rebuilt; one written by another version
of reviewer is dropped quietly.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Iterable

from reviewer.lint.finding import Finding, Fix, Severity

CACHE_FORMAT = 7  # SQLite's user_version: 7, one row per article (hash, file state, findings as JSON lists, words,
#                 counts, findings hash) and one per article and report variant (its rendered piece, findings hash)
_FILE_NAME = "lint-cache.sqlite"
_WRITE_BATCH = 500  # entries written per transaction


def content_hash(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def code_fingerprint() -> str:
    """Size and modification time of reviewer's own files: a code change invalidates the cache.

    One os.scandir walk (no Path objects, no second stat per file): about 1 ms for the package."""
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # all of reviewer/, not only lint/
    lines = []
    stack = [package]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    stack.append(entry.path)
            elif entry.name.endswith((".py", ".txt", ".gz", ".yml", ".json", ".sqlite")) and entry.is_file():
                stat = entry.stat()
                lines.append(f"{os.path.relpath(entry.path, package)}:{stat.st_size}:{stat.st_mtime_ns}\n")
    return hashlib.blake2b("".join(sorted(lines)).encode(), digest_size=16).hexdigest()


def target_state(paths: Iterable[str]) -> list[list[Any]]:
    state = []
    for path in paths:
        try:
            stat = os.stat(path)
            state.append([path, stat.st_size, stat.st_mtime_ns])
        except OSError:
            state.append([path, -1, 0])
    return state


_SEVERITIES = {s.value: s for s in Severity}


def finding_to_row(f: Finding) -> list:
    """A finding as stored: a list, without its path (the entry's key); about a third of a dict's size."""
    fix = [f.fix.start, f.fix.end, f.fix.replacement] if f.fix else None
    return [f.line, f.column, f.end_line, f.end_column, f.rule, f.severity.value, f.message, f.suggestion, fix,
            f.start, f.end]


def finding_from_row(path: str, row: list) -> Finding:
    line, column, end_line, end_column, rule, severity, message, suggestion, fix, start, end = row
    return Finding(path, line, column, end_line, end_column, rule, _SEVERITIES[severity], message, suggestion,
                   Fix(*fix) if fix else None, start, end)


def count_findings(findings: Iterable[Finding]) -> list[tuple[str, Severity, int]]:
    """(rule, severity, number of findings), in order of first appearance: what a report's tally needs."""
    counts: dict[tuple[str, Severity], int] = {}
    for f in findings:
        key = (f.rule, f.severity)
        counts[key] = counts.get(key, 0) + 1
    return [(rule, severity, n) for (rule, severity), n in counts.items()]


def _counts_from_json(text: str) -> list[tuple[str, Severity, int]]:
    """Stored counts back; a damaged one raises ValueError, TypeError or KeyError (a miss)."""
    return [(str(rule), _SEVERITIES[severity], int(n)) for rule, severity, n in json.loads(text)]


class CachedFile:
    """A file answered from the cache: its prose word count, its findings' counts by rule and severity, the
    rendered piece of the run's report variant when one is kept, and its findings, decoded when first asked
    for (a run that copies the piece never decodes them)."""

    __slots__ = ("path", "words", "counts", "piece", "token", "_rows", "_findings")

    def __init__(self, path: str, words: int, counts: list[tuple[str, Severity, int]], piece: str | None,
                 rows: str, token: str) -> None:
        self.path, self.words, self.counts, self.piece = path, words, counts, piece
        self.token = token  # hash of the stored findings: a piece rendered from them is stored with it
        self._rows, self._findings = rows, None

    def findings(self) -> list[Finding]:
        if self._findings is None:
            path = self.path
            self._findings = [finding_from_row(path, row) for row in json.loads(self._rows)]
            self._rows = ""
        return self._findings


class LintCache:
    """Entries keyed by display path: content hash, run fingerprint, link targets' state, findings."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = fingerprint
        self.warning: str | None = None  # why the cache on disk was not used
        self._write_problem: str | None = None
        self._writes: list[tuple[str, tuple]] = []  # (statement, parameters), run in this order at the next flush
        self._targets_seen: dict[str, list] = {}  # link target -> [path, size, mtime] as this run found it
        self._db = None
        self._fresh = False  # the file must be (re)created before the first write
        self._scan = None  # a cursor over this fingerprint's entries in path order (see read_in_order)
        self._ahead = None  # the scan's next row
        self._scan_variant: str | None = None  # the piece variant the scan reads
        self._scan_at = ""  # the last path the scan was asked for (a write ends the scan; it resumes there)
        self._open()

    @property
    def path(self) -> Path:
        return self.folder / _FILE_NAME

    def _open(self) -> None:
        import sqlite3

        if not self.path.exists():
            self._fresh = True
            return
        try:
            db = sqlite3.connect(self.path, timeout=10)
            if db.execute("PRAGMA user_version").fetchone()[0] != CACHE_FORMAT:
                db.close()
                self._fresh = True  # written by another version of reviewer: start afresh, nothing is wrong
                return
            db.execute("SELECT path, hash, fingerprint, targets, findings, words, stat, counts, token FROM entries "
                       "LIMIT 1").fetchall()
            db.execute("SELECT path, variant, token, text FROM pieces LIMIT 1").fetchall()
            self._db = db
        except sqlite3.Error as exc:
            self._corrupt(exc)

    def _corrupt(self, exc: Exception) -> None:
        """Stop reading a cache that turned out damaged; the first write rebuilds it."""
        self.warning = f"ignoring corrupt lint cache {self.path} ({exc}); it will be rebuilt"
        self._db, self._fresh = None, True
        self._scan = self._ahead = None

    _COLUMNS = ("SELECT e.path, e.hash, e.fingerprint, e.targets, e.findings, e.words, e.counts, e.token, p.text "
                "FROM entries e LEFT JOIN pieces p ON p.path = e.path AND p.variant = ? AND p.token = e.token ")

    def _entry(self, display: str, digest: str, variant: str | None) -> tuple | None:
        """The stored (targets, findings, words, counts, token, piece) of `display` when its hash and fingerprint
        match; piece: the piece of `variant` rendered from those findings, or None."""
        import sqlite3

        if self._db is None:
            return None
        try:
            row = self._scanned(display) if variant == self._scan_variant else None
            if row is None:
                row = self._db.execute(self._COLUMNS + "WHERE e.path = ?", (variant, display)).fetchone()
        except sqlite3.Error as exc:
            self._corrupt(exc)
            return None
        if row is None or row[1] != digest or row[2] != self.fingerprint:
            return None
        return row[3:]

    def read_in_order(self, start: str = "", variant: str | None = None) -> None:
        """Answer the coming `get`s (for pieces of `variant`) from one scan of the entries in path order instead
        of a query each (for a run asking for most entries, in sorted order; any other order still works,
        through single queries). A write ends the scan, so it never runs while the tables change; the scan
        resumes after it where it was."""
        if self._db is None or self._scan is not None:
            return
        self._scan = self._db.execute(self._COLUMNS + "WHERE e.fingerprint = ? AND e.path >= ? ORDER BY e.path",
                                      (variant, self.fingerprint, start))
        self._scan_variant, self._scan_at = variant, start
        self._ahead = self._scan.fetchone()

    def _scanned(self, display: str) -> tuple | None:
        """The scan's row for `display`, or None."""
        if self._scan is None:
            return None
        self._scan_at = display
        while self._ahead is not None and self._ahead[0] < display:
            self._ahead = self._scan.fetchone()
        if self._ahead is None or self._ahead[0] != display:
            return None
        row, self._ahead = self._ahead, self._scan.fetchone()
        return row

    def _end_scan(self) -> bool:
        """End the scan; True when there was one."""
        if self._scan is None:
            return False
        self._scan.close()
        self._scan = self._ahead = None
        return True

    def index(self) -> dict[str, tuple[str, str | None, str]]:
        """{display path: (content hash, file state, link targets' state as JSON)} of the entries this run's
        fingerprint can use: one pass over the index columns (not the findings)."""
        import sqlite3

        if self._db is None:
            return {}
        try:
            return {display: (digest, stat, targets) for display, digest, stat, targets in self._db.execute(
                "SELECT path, hash, stat, targets FROM entries WHERE fingerprint = ?", (self.fingerprint,))}
        except sqlite3.Error as exc:
            self._corrupt(exc)
            return {}

    def targets_fresh(self, targets: str) -> bool:
        """True when the link targets recorded with an entry (JSON) are as they were. Each target is looked at
        once per run: the articles of a folder mostly link to the same few pages."""
        try:
            state = json.loads(targets)
            seen = self._targets_seen
            for recorded in state:
                path = recorded[0]
                now = seen.get(path)
                if now is None:
                    now = seen[path] = target_state([path])[0]
                if now != recorded:
                    return False
            return True
        except (ValueError, TypeError, IndexError, KeyError):
            return False  # a damaged entry is a miss, never trusted

    def restat(self, display: str, stat: str) -> None:
        """Record the file state of an entry the content hash vouched for, so the next run need not read it."""
        if not self._write_problem and self._db is not None:
            self._write("UPDATE entries SET stat = ? WHERE path = ?", (stat, display))

    def get(self, display: str, digest: str, *, targets_checked: bool = False,
            variant: str | None = None) -> CachedFile | None:
        """The stored entry of `display`, with its piece of `variant` when one is kept, or None; `targets_checked`:
        the caller has just vouched for its link targets (`targets_fresh`), so they are not looked at again."""
        entry = self._entry(display, digest, variant)
        if entry is None:
            return None
        targets, rows, words, counts, token, piece = entry
        try:
            if not targets_checked:
                state = json.loads(targets)
                if target_state(t[0] for t in state) != state:
                    return None
            cached = CachedFile(display, int(words), _counts_from_json(counts), piece, rows, token)
            if piece is None:
                cached.findings()  # decoded now, to be rendered: a damaged entry is a miss
            return cached
        except (KeyError, TypeError, ValueError, IndexError):
            return None  # a damaged entry is a miss, never trusted

    def put(self, display: str, digest: str, targets: list[str], findings: list[Finding], words: int = 0,
            stat: str | None = None, piece: tuple[str, str] | None = None) -> None:
        """Store an entry (`stat`: the file's state from `reviewer.fileio.stat_key`, taken before it was read;
        `piece`: (variant, text), the findings rendered); entries are written in batches, each batch one
        transaction. The file's pieces of other variants are dropped: they were rendered from other findings."""
        if self._write_problem:
            return
        rows = json.dumps([finding_to_row(f) for f in findings], ensure_ascii=False, separators=(",", ":"))
        token = content_hash(rows.encode("utf-8"))
        self._write("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (
            display, digest, self.fingerprint,
            json.dumps(target_state(targets), ensure_ascii=False, separators=(",", ":")), rows, words, stat,
            json.dumps([[rule, severity.value, n] for rule, severity, n in count_findings(findings)],
                       ensure_ascii=False, separators=(",", ":")), token))
        self._write("DELETE FROM pieces WHERE path = ?", (display,))
        if piece is not None:
            self._write("INSERT OR REPLACE INTO pieces VALUES (?, ?, ?, ?)", (display, piece[0], token, piece[1]))

    def put_piece(self, cached: CachedFile, variant: str, text: str) -> None:
        """Keep the piece of `variant` rendered from the findings of `cached` (as `get` answered them)."""
        if not self._write_problem:
            self._write("INSERT OR REPLACE INTO pieces VALUES (?, ?, ?, ?)", (cached.path, variant, cached.token, text))

    def _write(self, statement: str, parameters: tuple) -> None:
        self._writes.append((statement, parameters))
        if len(self._writes) >= _WRITE_BATCH:
            self._flush()

    def _flush(self) -> None:
        import sqlite3

        if not self._writes or self._write_problem:
            return
        scanning = self._end_scan()
        try:
            if self._fresh:
                self._create()
            with self._db:
                for statement, parameters in self._writes:
                    self._db.execute(statement, parameters)
        except (OSError, sqlite3.Error) as exc:
            self._write_problem = f"could not write lint cache {self.path}: {getattr(exc, 'strerror', None) or exc}"
        self._writes = []
        if scanning and not self._write_problem:
            self.read_in_order(self._scan_at, self._scan_variant)

    def _create(self) -> None:
        import sqlite3

        if self._db is not None:
            self._db.close()
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# created by reviewer: the lint cache is not for version control\n*\n",
                              encoding="utf-8")
        for leftover in (self.path, self.path.with_name(self.path.name + "-journal")):
            leftover.unlink(missing_ok=True)
        self._db = sqlite3.connect(self.path, timeout=10)
        with self._db:
            self._db.execute("CREATE TABLE entries (path TEXT PRIMARY KEY, hash TEXT, fingerprint TEXT, "
                             "targets TEXT, findings TEXT, words INTEGER, stat TEXT, counts TEXT, token TEXT)")
            self._db.execute("CREATE TABLE pieces (path TEXT, variant TEXT, token TEXT, text TEXT, "
                             "PRIMARY KEY (path, variant))")
            self._db.execute(f"PRAGMA user_version = {CACHE_FORMAT}")
        self._fresh = False

    def save(self) -> str | None:
        """Write what is still pending and close; returns a warning instead of failing the run."""
        self._end_scan()
        self._flush()
        if self._db is not None:
            self._db.close()
            self._db = None
        return self._write_problem
