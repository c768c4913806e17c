"""The lint cache: reuse an unchanged file's findings.

An entry is reused only when all of these are unchanged: the file's content hash, its
display path, the run's fingerprint (reviewer's code and version, the effective config,
the selected rules, the as-of date, the rule packs), and the existence and size of every
local file its links point to (links.broken-relative depends on them).
The cache is one JSON file; a corrupt or unreadable one is ignored with a warning.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from reviewer.finding import Finding, Fix, Severity

if TYPE_CHECKING:  # pragma: no cover
    from reviewer.document import Document

CACHE_FORMAT = 2  # 2: findings stored as lists
_FILE_NAME = "lint-cache.json"


def content_hash(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def code_fingerprint() -> str:
    """Size and modification time of reviewer's own files: a code change invalidates the cache."""
    package = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".txt", ".gz", ".yml", ".json") and path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def link_targets(doc: "Document", root: Path) -> list[str]:
    """Local files the document's links point to, resolved as links.broken-relative resolves them."""
    from reviewer.checks.links import resolve_local

    targets = {resolve_local(link.destination, doc.file, root) for link in doc.links if doc.file is not None}
    return sorted(str(t) for t in targets if t is not None)


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


class LintCache:
    """Entries keyed by display path: {hash, fingerprint, targets, findings}."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = fingerprint
        self.entries: dict[str, dict] = {}
        self.warning: str | None = None
        self.dirty = False
        self._load()

    @property
    def path(self) -> Path:
        return self.folder / _FILE_NAME

    def _load(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as exc:
            self.warning = f"ignoring unreadable lint cache {self.path}: {exc}"
            return
        try:
            data = json.loads(text)
            if isinstance(data, dict) and data.get("format") != CACHE_FORMAT and isinstance(data.get("format"), int):
                return  # written by another version of reviewer: start afresh, nothing is wrong
            if not isinstance(data.get("entries"), dict):
                raise ValueError("no entries")
            self.entries = data["entries"]
        except (ValueError, AttributeError) as exc:
            self.warning = f"ignoring corrupt lint cache {self.path} ({exc}); it will be rebuilt"
            self.entries = {}

    def get(self, display: str, digest: str) -> list[Finding] | None:
        entry = self.entries.get(display)
        if not isinstance(entry, dict) or entry.get("hash") != digest or entry.get("fingerprint") != self.fingerprint:
            return None
        try:
            targets = entry["targets"]
            if target_state(t[0] for t in targets) != targets:
                return None
            return [finding_from_row(display, row) for row in entry["findings"]]
        except (KeyError, TypeError, ValueError, IndexError):
            return None  # a damaged entry is a miss, never trusted

    def put(self, display: str, digest: str, targets: list[str], findings: list[Finding]) -> None:
        self.entries[display] = {"hash": digest, "fingerprint": self.fingerprint, "targets": target_state(targets),
                                 "findings": [finding_to_row(f) for f in findings]}
        self.dirty = True

    def save(self) -> str | None:
        """Write the cache atomically; returns a warning instead of failing the run."""
        if not self.dirty:
            return None
        from reviewer.fileio import write_atomic

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by reviewer: the lint cache is not for version control\n*\n",
                                  encoding="utf-8")
            payload = json.dumps({"format": CACHE_FORMAT, "entries": self.entries}, ensure_ascii=False,
                                 separators=(",", ":"))
            write_atomic(self.path, payload.encode("utf-8"))
        except OSError as exc:
            return f"could not write lint cache {self.path}: {exc.strerror or exc}"
        return None
