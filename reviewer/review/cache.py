"""The report's cache: what reading an article and comparing it with its reviewed version found, by blob id.

git names every version of a file by the hash of its bytes (its blob id), and a report computes the same
id for each article it reads. An article whose bytes are unchanged since the last report therefore costs
a lookup, not a parse: its title, review metadata and body digest are kept under its blob id. The verdict
on changed_since_review is kept under (blob id, newest commit touching the article, time zone, complete
history): while neither the file nor its history moves, the old versions are not read again.

Kept as JSON (never pickle: a cache folder can arrive in a checkout) in the config's cache folder, beside
the history index. The file records the review settings, reviewer's version and the shape of the cached
classes; when any differs, or the file is damaged, it is ignored and rebuilt. Only the entries a run used
are written back, so the file does not grow with articles long deleted. `--no-cache` neither reads nor
writes it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from datetime import date, tzinfo
from pathlib import Path
from typing import Any, Iterable, Mapping

from reviewer.git import Change, FileHistory
from reviewer.review.dates import DateEntry, DateStyle, IntervalEntry, Place, ReviewMetadata, TextEntry
from reviewer.review.intervals import Interval, ReviewDate
from reviewer.review.rows import WORKING_TREE, Article, Versions, versions_needed

CACHE_FILE = "review-cache.json"
FORMAT = 1
_CLASSES = {cls.__name__: cls for cls in (ReviewMetadata, DateEntry, TextEntry, IntervalEntry, Place, DateStyle,
                                          ReviewDate, Interval)}


def _shape() -> str:
    """The cached classes' names and fields: a change to them makes old files unreadable, so they are ignored."""
    text = ";".join(f"{name}:{','.join(f.name for f in fields(cls))}" for name, cls in sorted(_CLASSES.items()))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


_FIELDS = {cls: tuple(f.name for f in fields(cls)) for cls in _CLASSES.values()}
_PLAIN = (type(None), str, bool, int, float)


def encode(value: Any) -> Any:
    """Review metadata as JSON values: a dataclass is [class name, its fields...], a tuple {"t": [...]},
    a date {"d": "YYYY-MM-DD"}."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _FIELDS.get(kind)
    if names is not None:
        return [kind.__name__, *[encode(getattr(value, name)) for name in names]]
    if kind is tuple or kind is list:
        return {"t": [encode(v) for v in value]}
    if kind is date:
        return {"d": value.isoformat()}
    raise TypeError(f"cannot cache a {kind.__name__}")


def decode(value: Any) -> Any:
    kind = type(value)
    if kind is list:
        cls = _CLASSES[value[0]]
        made = object.__new__(cls)  # frozen dataclasses: filling __dict__ skips a setattr call per field
        made.__dict__.update(zip(_FIELDS[cls], [decode(v) for v in value[1:]]))
        return made
    if kind is dict:
        items = value.get("t")
        if items is not None:
            return tuple([decode(v) for v in items])
        return date.fromisoformat(value["d"])
    return value


class ReportCache:
    """Articles by blob id ({blob: [title, metadata, problem, body digest, review line]}) and verdicts
    ({key: [reviewed commit, "W" for the working tree, or None; changed]})."""

    def __init__(self, path: Path | None, settings, object_format: str) -> None:
        from reviewer import __version__

        self.path = path
        self.key = [FORMAT, __version__, _shape(), repr(settings), object_format]
        self.articles: dict[str, list] = {}
        self.verdicts: dict[str, list] = {}
        self.used_articles: dict[str, list] = {}
        self.used_verdicts: dict[str, list] = {}
        self.dirty = False
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("key") == self.key:
                    self.articles, self.verdicts = dict(data["articles"]), dict(data["verdicts"])
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                pass  # missing or damaged: rebuilt by this run

    def article(self, blob: str) -> tuple[str, ReviewMetadata, str | None, str | None, str | None] | None:
        if self.path is None:
            return None
        entry = self.articles.get(blob)
        if entry is None:
            return None
        try:
            title, metadata, problem, digest, line = entry
            found = (title, decode(metadata), problem, digest, line)
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        self.used_articles[blob] = entry
        return found

    def remember(self, blob: str, title: str, metadata: ReviewMetadata, problem: str | None,
                 line: str | None) -> None:
        if self.path is None:
            return
        entry = [title, encode(metadata), problem, None, line]
        self.articles[blob] = self.used_articles[blob] = entry
        self.dirty = True

    def remember_digest(self, blob: str, digest: str) -> None:
        entry = self.used_articles.get(blob)
        if entry is not None and entry[3] != digest:
            entry[3] = digest
            self.dirty = True

    def verdict(self, key: str) -> list | None:
        entry = self.verdicts.get(key)
        if entry is not None:
            self.used_verdicts[key] = entry
        return entry

    def remember_verdict(self, key: str, commit: str | None, changed: bool | None) -> None:
        if self.path is None:
            return
        self.verdicts[key] = self.used_verdicts[key] = [commit, changed]
        self.dirty = True

    def save(self) -> str | None:
        """Write what this run used, atomically; returns a note instead of failing the report."""
        if self.path is None or not (self.dirty or len(self.used_articles) != len(self.articles)
                                     or len(self.used_verdicts) != len(self.verdicts)):
            return None
        from reviewer.fileio import write_atomic

        data = {"key": self.key, "articles": self.used_articles, "verdicts": self.used_verdicts}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by reviewer: its caches are not for version control\n*\n",
                                  encoding="utf-8")
            write_atomic(self.path, json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
        except OSError as exc:
            return f"could not write the report cache {self.path}: {exc.strerror or exc}"
        return None


class CachedVersions(Versions):
    """`Versions` whose verdicts and body digests are kept in a ReportCache."""

    def __init__(self, blobs: Mapping[str, bytes], settings, interval: Interval, cache: ReportCache,
                 tz_key: str) -> None:
        super().__init__(blobs, settings, interval)
        self.cache = cache
        self.tz_key = tz_key

    def _key(self, article: Article, history: FileHistory, complete: bool) -> str:
        return f"{article.blob}:{history.changes[0].commit}:{self.tz_key}:{int(complete)}"

    def known(self, article: Article, history: FileHistory | None, complete: bool) -> bool:
        return bool(history and history.changes and article.blob
                    and self._key(article, history, complete) in self.cache.verdicts)

    def needed(self, articles: Iterable[Article], histories: Mapping[str, FileHistory], tz: tzinfo,
               complete: bool) -> set[str]:
        """Old blobs the verdicts not yet cached may read."""
        from reviewer.review.dates import schedule

        wanted: set[str] = set()
        for article in articles:
            history = histories.get(article.repo_path) if article.repo_path else None
            if article.metadata is None or not history or self.known(article, history, complete):
                continue
            wanted.update(versions_needed(history, article, schedule(article.metadata, self.interval).last_reviewed,
                                          tz, complete))
        return wanted

    def compare(self, article: Article, history: FileHistory | None, last, tz: tzinfo,
                complete: bool) -> tuple[Change | None, bool | None]:
        if not history or not history.changes or last is None or last.value is None or not article.blob:
            return super().compare(article, history, last, tz, complete)
        key = self._key(article, history, complete)
        entry = self.cache.verdict(key)
        if entry is not None:
            commit, changed = entry
            if commit is None:
                return None, changed
            if commit == "W":
                return WORKING_TREE, changed
            version = next((c for c in history.changes if c.commit == commit), None)
            if version is not None:
                return version, changed
        version, changed = super().compare(article, history, last, tz, complete)
        if changed is not None or version is None:  # an unreadable old version is not a verdict to keep
            commit = None if version is None else "W" if version is WORKING_TREE else version.commit
            self.cache.remember_verdict(key, commit, changed)
        return version, changed

    def digest(self, blob: str, article: Article) -> str | None:
        found = super().digest(blob, article)
        if blob == article.blob and found is not None and article.fingerprint is None:
            self.cache.remember_digest(blob, found)
        return found
