"""The report's cache: what reading an article and comparing it with its reviewed version found, by blob id.

git names every version of a file by the hash of its bytes (its blob id), and a report computes the same
id for each article it reads. An article whose bytes are unchanged since the last report therefore costs
a lookup, not a parse: its title, review facts (`rows.ReviewFacts`: dates, reviewer, owner, problems) and
body digest are kept under its blob id. The verdict
on changed_since_review is kept under (blob id, newest commit touching the article, time zone, complete
history): while neither the file nor its history moves, the old versions are not read again.

Kept as JSON (never pickle: a cache folder can arrive in a checkout) in the config's cache folder, beside
the history index. The file records the review settings and reviewer's version; when either differs, or the
file is damaged, it is ignored and rebuilt (FORMAT changes with the shape of an entry). Only the entries a run used
are written back, so the file does not grow with articles long deleted. `--no-cache` neither reads nor
writes it.
"""

from __future__ import annotations

import json
from datetime import date, tzinfo
from pathlib import Path
from typing import Iterable, Mapping

from reviewer.git import Change, FileHistory
from reviewer.review.intervals import Interval, ReviewDate
from reviewer.review.rows import (
    WORKING_TREE,
    Article,
    HistoryFacts,
    ReviewFacts,
    Versions,
    body_digest,
    versions_needed,
)

CACHE_FILE = "review-cache.json"
FORMAT = 4  # 4: a history snapshot per HEAD
def _date(value: ReviewDate | None) -> list | None:
    return None if value is None else [value.start.isoformat(), value.precision]


_UNDATED: dict[tuple, ReviewDate] = {}  # [ISO day, precision] -> its ReviewDate (immutable: one shared)


def _undate(value: list | None) -> ReviewDate | None:
    if value is None:
        return None
    key = (value[0], value[1])
    try:
        known = _UNDATED.get(key)
    except TypeError:  # an unhashable part in a damaged cache: built as it is
        return ReviewDate(date.fromisoformat(value[0]), value[1])
    if known is None:
        known = _UNDATED[key] = ReviewDate(date.fromisoformat(value[0]), value[1])
    return known


def encode(facts: ReviewFacts) -> list:
    """ReviewFacts as JSON values (dates as [ISO day, precision])."""
    return [_date(facts.last_reviewed), _date(facts.due), facts.reviewer, facts.owner, list(facts.problems),
            [[_date(value), where] for value, where in facts.last_dates]]


def decode(value: list) -> ReviewFacts:
    last, due, reviewer, owner, problems, last_dates = value
    if not (isinstance(problems, list) and all(isinstance(p, str) for p in problems)):
        raise ValueError("problems")
    for name in (reviewer, owner):
        if name is not None and not isinstance(name, str):
            raise ValueError("name")
    return ReviewFacts(_undate(last), _undate(due), reviewer, owner, tuple(problems),
                       tuple((_undate(d), str(where)) for d, where in last_dates))


class ReportCache:
    """Articles by blob id ({blob: [title, review facts, problem, body digest, review line]}) and verdicts
    ({key: [reviewed commit, "W" for the working tree, or None; changed]})."""

    def __init__(self, path: Path | None, settings, object_format: str) -> None:
        from reviewer import __version__

        self.path = path
        self.key = [FORMAT, __version__, repr(settings), object_format]
        self.articles: dict[str, list] = {}
        self.verdicts: dict[str, list] = {}
        self.files: dict[str, list] = {}  # path -> [file state (fileio.stat_key), blob] when it was read
        self.used_articles: dict[str, list] = {}
        self.used_verdicts: dict[str, list] = {}
        self.used_files: dict[str, list] = {}
        self.histories: dict | None = None  # {"key": [HEAD, ...], "files": {path: HistoryFacts}, "warnings": []}
        self.dirty = False
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("key") == self.key:
                    self.articles, self.verdicts = dict(data["articles"]), dict(data["verdicts"])
                    self.files = dict(data.get("files", {}))
                    histories = data.get("histories")
                    if isinstance(histories, dict) and isinstance(histories.get("files"), dict):
                        self.histories = histories
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                pass  # missing or damaged: rebuilt by this run

    def blob_of(self, path: str, state: str) -> str | None:
        """The blob id recorded for `path` when its state (`fileio.stat_key`: size, times, inode, device) is
        as it was; a file changed just before it was looked at has no state and is always read."""
        entry = self.files.get(path)
        if entry is None or self.path is None or entry[0] != state:
            return None
        self.used_files[path] = entry
        return entry[1]

    def remember_file(self, path: str, state: str, blob: str) -> None:
        if self.path is None:
            return
        entry = [state, blob]
        if self.files.get(path) != entry:
            self.dirty = True
        self.files[path] = self.used_files[path] = entry

    def article(self, blob: str) -> tuple[str, ReviewFacts, str | None, str | None, str | None] | None:
        if self.path is None:
            return None
        entry = self.articles.get(blob)
        if entry is None:
            return None
        try:
            title, facts, problem, digest, line = entry
            found = (str(title), decode(facts), problem, digest, line)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None
        self.used_articles[blob] = entry
        return found

    def remember(self, blob: str, title: str, facts: ReviewFacts, problem: str | None,
                 line: str | None) -> None:
        if self.path is None:
            return
        entry = [title, encode(facts), problem, None, line]
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

    def history_snapshot(self, key: list) -> tuple[dict[str, HistoryFacts], list[str]] | None:
        """What the last report at this HEAD took from history ({article path: HistoryFacts}, warnings), when
        `key` (HEAD, time zone, ignore-revs, complete history) is the same; else None."""
        found = self.histories
        if self.path is None or found is None or found.get("key") != key:
            return None
        try:
            make = tuple.__new__
            files = {path: make(HistoryFacts, entry) for path, entry in found["files"].items()}
            if any(len(entry) != len(HistoryFacts._fields) for entry in files.values()):
                return None
            warnings = [str(w) for w in found.get("warnings", [])]
        except (TypeError, ValueError, AttributeError):
            return None
        return files, warnings

    def remember_histories(self, key: list, files: Mapping[str, HistoryFacts], warnings: Iterable[str]) -> None:
        if self.path is None:
            return
        self.histories = {"key": key, "files": {path: list(facts) for path, facts in files.items()},
                          "warnings": list(warnings)}
        self.dirty = True

    def save(self) -> str | None:
        """Write what this run used, atomically; returns a note instead of failing the report."""
        if self.path is None or not (self.dirty or len(self.used_articles) != len(self.articles)
                                     or len(self.used_verdicts) != len(self.verdicts)
                                     or len(self.used_files) != len(self.files)):
            return None
        from reviewer.fileio import write_atomic

        data = {"key": self.key, "files": self.used_files, "articles": self.used_articles,
                "verdicts": self.used_verdicts, "histories": self.histories}
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
                 tz_key: str, current_text=None) -> None:
        super().__init__(blobs, settings, interval)
        self.cache = cache
        self.tz_key = tz_key
        self.current_text = current_text  # article -> its text, for an article known by its stat alone

    def _key(self, article: Article, history: FileHistory, complete: bool) -> str:
        return self._verdict_key(article, history.changes[0].commit, complete)

    def _verdict_key(self, article: Article, newest: str, complete: bool) -> str:
        return f"{article.blob}:{newest}:{self.tz_key}:{int(complete)}"

    def verdict_known(self, article: Article, known: HistoryFacts, complete: bool) -> bool:
        """True when a row can be built from `known` alone: no verdict is needed, or the cache holds it."""
        if not known.tracked or not known.newest or not article.blob or article.reviewed(self.interval) is None:
            return True
        return self._verdict_key(article, known.newest, complete) in self.cache.verdicts

    def cached_verdict(self, article: Article, known: HistoryFacts, reviewed: ReviewDate | None, tz: tzinfo,
                       complete: bool) -> tuple[str | None, bool | None]:
        """(reviewed commit or None, changed_since_review) from the cache, as `compare` found them."""
        if not known.tracked or not known.newest or reviewed is None or not article.blob:
            return None, None
        commit, changed = self.cache.verdict(self._verdict_key(article, known.newest, complete))
        return (None if commit in (None, "W") else commit), changed

    def known(self, article: Article, history: FileHistory | None, complete: bool) -> bool:
        return bool(history and history.changes and article.blob
                    and self._key(article, history, complete) in self.cache.verdicts)

    def needed(self, articles: Iterable[Article], histories: Mapping[str, FileHistory], tz: tzinfo,
               complete: bool) -> set[str]:
        """Old blobs the verdicts not yet cached may read."""
        wanted: set[str] = set()
        for article in articles:
            history = histories.get(article.repo_path) if article.repo_path else None
            if not history or self.known(article, history, complete):
                continue
            wanted.update(versions_needed(history, article, article.reviewed(self.interval), tz, complete))
        return wanted

    def compare(self, article: Article, history: FileHistory | None, reviewed: ReviewDate | None, tz: tzinfo,
                complete: bool) -> tuple[Change | None, bool | None]:
        if not history or not history.changes or reviewed is None or not article.blob:
            return super().compare(article, history, reviewed, tz, complete)
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
        version, changed = super().compare(article, history, reviewed, tz, complete)
        if changed is not None or version is None:  # an unreadable old version is not a verdict to keep
            commit = None if version is None else "W" if version is WORKING_TREE else version.commit
            self.cache.remember_verdict(key, commit, changed)
        return version, changed

    def digest(self, blob: str, article: Article) -> str | None:
        if blob == article.blob and article.fingerprint is None and not article.source and self.current_text:
            text = self.current_text(article)  # known by its stat alone: its text was never read
            if text is None:
                return None
            found = body_digest(text, self.settings.date_formats)
            self.cache.remember_digest(blob, found)
            return found
        found = super().digest(blob, article)
        if blob == article.blob and found is not None and article.fingerprint is None:
            self.cache.remember_digest(blob, found)
        return found
