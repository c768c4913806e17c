"""Review rows: article metadata + git history + as_of -> status, due date, flags. Pure.

Nothing here reads files or runs git: `reviewer.review.report` gathers the inputs (articles, one history
pass, the blobs it needs) and renderers in `reviewer.review.reports` print what this module decides.

Statuses, worst first: overdue, error, never_reviewed, due_soon, ok.
- error: the article's review dates cannot be trusted (unreadable, contradicting each other, in the
  future) or the article itself cannot be read;
- never_reviewed: it states no review date;
- overdue / due_soon / ok: from the due date (see `review.dates.schedule`) and `due_within` days.
Flags: changed_since_review (the body differs from the version the current review date was recorded with:
see `reviewed_version`), history_incomplete (shallow clone, or git unavailable), untracked (no committed
history).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import MAXYEAR, date, datetime, time, timedelta, tzinfo
from typing import Callable, Iterable, Mapping, NamedTuple, Sequence

from reviewer.git import Change, FileHistory
from reviewer.review.dates import (
    ReviewMetadata,
    days_until,
    disagreements,
    review_line_spans,
    schedule,
)
from reviewer.review.intervals import Interval, ReviewDate, add_months

STATUSES = ("overdue", "error", "never_reviewed", "due_soon", "ok")  # worst first
FLAGS = ("changed_since_review", "history_incomplete", "untracked")
SORT_KEYS = ("status", "due", "path", "owner", "last_reviewed", "last_changed")
FAIL_ON = ("overdue", "due_soon", "never")
_RANK = {status: rank for rank, status in enumerate(STATUSES)}


@dataclass(frozen=True)
class Article:
    """One article as read from disk: what review needs, no more."""

    path: str  # as displayed
    repo_path: str | None  # relative to the repository root, None outside a repository
    title: str = ""
    metadata: ReviewMetadata | None = None  # None when the file cannot be read
    source: str = ""  # the decoded text
    blob: str | None = None  # git's blob id of the file's bytes
    problem: str | None = None  # why the article (or its front matter) cannot be read
    review_line: str | None = None  # the source line stating the last review date (see `review_line`)
    fingerprint: str | None = None  # body_digest of the source, when known without it (from the cache)
    facts: "ReviewFacts | None" = None  # what the row needs from `metadata` (from the cache: metadata is None)

    def reviewed(self, interval: Interval) -> ReviewDate | None:
        if self.facts is not None:
            return self.facts.last_reviewed
        return schedule(self.metadata, interval).last_reviewed if self.metadata is not None else None


@dataclass(frozen=True)
class ReviewRow:
    path: str
    title: str
    status: str
    last_reviewed: ReviewDate | None = None
    next_review: ReviewDate | None = None
    days_overdue: int | None = None  # as_of - due date: positive when overdue, negative when not yet due
    reviewed_by: str | None = None
    owner: str | None = None
    last_changed: date | None = None
    last_changed_by: str | None = None
    last_changed_commit: str | None = None
    changed_since_review: bool | None = None  # None: unknown (no history or no review date)
    flags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # why a row is `error`, in words
    reviewed_commit: str | None = None  # the commit whose version changed_since_review compares with
    copied_from: str | None = None  # where the article's history continues before it was copied here

    @property
    def owners(self) -> tuple[str, ...]:
        return tuple(self.owner.split()) if self.owner else ()

    @property
    def problems(self) -> tuple[str, ...]:
        """Why the row needs attention, in words (empty for an `ok` row that has not changed since its review):
        the reasons of an `error`, what an overdue, due-soon or never-reviewed status means for this article,
        and a change since the last review."""
        found: list[str] = []
        if self.status == "error":
            found.extend(self.notes or ("cannot read the article",))
        elif self.status == "never_reviewed":
            found.append("no review date")
        elif self.status == "overdue" and self.days_overdue is not None:
            found.append(f"review overdue since {self.next_review} ({self.days_overdue} "
                         f"day{'' if self.days_overdue == 1 else 's'})")
        elif self.status == "due_soon" and self.days_overdue is not None:
            days = -self.days_overdue
            found.append(f"review due {self.next_review}, "
                         + ("today" if days == 0 else f"in {days} day{'' if days == 1 else 's'}"))
        if "changed_since_review" in self.flags:
            found.append("the text changed since the last review")
        return tuple(found)


@dataclass(frozen=True)
class Summary:
    total: int
    by_status: Mapping[str, int]
    by_owner: Mapping[str, Mapping[str, int]]
    flags: Mapping[str, int]
    due_by_month: tuple[tuple[str, int], ...]  # ("overdue", n), ("2026-11", n)... ("later", n), ("none", n)


@dataclass(frozen=True)
class Report:
    as_of: date
    due_within: int
    timezone: str
    head: str | None
    shallow: bool | None  # None: no repository
    rows: tuple[ReviewRow, ...]
    summary: Summary
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class HistoryState:
    """What history could tell about every article of the run."""

    available: bool  # a repository with readable history
    complete: bool  # not shallow
    in_repository: bool = True


# --------------------------------------------------------------------------- comparing versions


def end_of(day: ReviewDate, tz: tzinfo) -> float:
    """The first instant after the period a review date covers (a day, or a whole month), in `tz`."""
    return datetime.combine(day.end + timedelta(days=1), time(0), tz).timestamp()


def review_version(history: FileHistory, reviewed: ReviewDate | None, tz: tzinfo,
                   complete: bool = True) -> Change | None:
    """The version current at the end of the review day (the calendar rule): the newest commit before it;
    the first version when the article entered git after the review; None without a review date or history.

    With incomplete history (a shallow clone) a review older than every visible commit gives None: the
    oldest visible "creation" is only the clone boundary, so the reviewed version is unknown."""
    if reviewed is None or not history.changes:
        return None
    return history.version_at(end_of(reviewed, tz)) or (history.first_change if complete else None)


WORKING_TREE = Change("", 0, "", "", "", "W")  # the reviewed version is the file as it is now


def reviewed_version(history: FileHistory, article: Article, reviewed: ReviewDate | None, tz: tzinfo,
                     complete: bool, states: Callable[[str], bool | None]) -> Change | None:
    """The version of the article its current review date was recorded with: what changed_since_review
    compares the file with.

    The rule: the later of (a) the version current at the end of the review day (`review_version`) and
    (b) the commit that set the current review date, that is the oldest commit of the unbroken run of
    versions, newest first, that state that date (`states(blob)`). A review date written in a branch lands
    on the first-parent history with its merge, days after the date: (b) is that merge, whose content is
    what the reviewer approved, so the article is not flagged at once. A file byte-identical to the version
    of (a) is unchanged whatever came between. When the newest commit does not state the date yet (it was
    set in the working tree, uncommitted), the working tree is the reviewed version (WORKING_TREE).
    `states` answers None for a version it cannot read: the calendar rule (a) is kept.
    """
    if reviewed is None or not history.changes:
        return None
    calendar = review_version(history, reviewed, tz, complete)
    if calendar is not None and calendar.blob == article.blob:
        return calendar
    setter = None
    for change in history.changes:  # newest first, down to the review day's version
        stated = True if change.blob == article.blob else states(change.blob)
        if stated is None:
            return calendar
        if not stated:
            return setter or WORKING_TREE
        setter = change
        if change is calendar:
            break
    return calendar  # the review day's version states the date already (None: a shallow clone hides it)


def versions_needed(history: FileHistory, article: Article, reviewed: ReviewDate | None, tz: tzinfo,
                    complete: bool = True) -> list[str]:
    """Blobs `reviewed_version` may read, newest first: the versions newer than the review day's, and it."""
    if reviewed is None or not history.changes:
        return []
    calendar = review_version(history, reviewed, tz, complete)
    if calendar is not None and calendar.blob == article.blob:
        return []
    wanted = []
    for change in history.changes:
        if change.blob != article.blob:
            wanted.append(change.blob)
        if change is calendar:
            break
    return wanted


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)


def body_fingerprint(text: str, formats: Sequence[str] = ()) -> str:
    """The article's body as a reader sees its words: front matter and review lines removed, whitespace
    collapsed. Two versions with equal fingerprints differ only in metadata or layout."""
    text = text.removeprefix("\ufeff")
    match = _FRONT_MATTER.match(text)
    start = match.end() if match else 0
    cuts = review_line_spans(text, start, formats)
    pieces, position = [], start
    for a, b in sorted(cuts):
        pieces.append(text[position:a])
        position = max(position, b)
    pieces.append(text[position:])
    return " ".join("".join(pieces).split())


def body_digest(text: str, formats: Sequence[str] = ()) -> str:
    """A short digest of `body_fingerprint`: what the comparison and the cache keep."""
    import hashlib

    return hashlib.blake2b(body_fingerprint(text, formats).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


def review_line(article: Article, interval: Interval) -> str | None:
    """The source line that states the last review date (front matter key line or in-body line)."""
    if article.review_line is not None or article.metadata is None or not article.source:
        return article.review_line
    last = schedule(article.metadata, interval).last
    return article.source[last.place.start:last.place.end] or None if last is not None else None


class Versions:
    """Versions of articles read from their bytes (git blobs): whether one states a review date, and its
    body digest. Pure; the report's `reviewer.review.cache.CachedVersions` adds a cache by blob id."""

    def __init__(self, blobs: Mapping[str, bytes], settings=None, interval: Interval | None = None) -> None:
        from reviewer.config import ReviewSettings

        self.blobs = blobs
        self.settings = settings or ReviewSettings()
        self.interval = interval or Interval(12, "month")
        self._digests: dict[str, str] = {}

    def text(self, blob: str) -> str | None:
        data = self.blobs.get(blob)
        return None if data is None else data.decode("utf-8", "replace")

    def last_reviewed(self, blob: str) -> tuple[bool, ReviewDate | None]:
        """(readable, the last review date the version states)."""
        data = self.blobs.get(blob)
        if data is None:
            return False, None
        from reviewer.document.reviewinfo import read_review_source
        from reviewer.review.dates import read_review_metadata

        doc = read_review_source(data, "version.md")
        if not hasattr(doc, "front_matter"):
            return True, None
        return True, schedule(read_review_metadata(doc, self.settings), self.interval).last_reviewed

    def states(self, blob: str, reviewed: ReviewDate, line: str | None) -> bool | None:
        """Does this version state `reviewed` as its last review date? A version holding the very line that
        states the date now does; any other is read. None when the blob cannot be read."""
        data = self.blobs.get(blob)
        if data is None:
            return None
        if line and line.encode("utf-8") in data:
            return True
        readable, value = self.last_reviewed(blob)
        return value == reviewed if readable else None

    def compare(self, article: Article, history: FileHistory | None, reviewed: ReviewDate | None, tz: tzinfo,
                complete: bool) -> tuple[Change | None, bool | None]:
        """(the reviewed version, changed_since_review) for an article last reviewed on `reviewed`."""
        if not history or reviewed is None:
            return None, None
        line = review_line(article, self.interval)
        version = reviewed_version(history, article, reviewed, tz, complete,
                                   lambda blob: self.states(blob, reviewed, line))
        if version is None:
            return None, None
        if version is WORKING_TREE or version.blob == article.blob:
            return version, False
        old, new = self.digest(version.blob, article), self.digest(article.blob, article)
        return version, None if old is None or new is None else old != new

    def cached_verdict(self, article: Article, known: HistoryFacts, reviewed: ReviewDate | None, tz: tzinfo,
                       complete: bool) -> tuple[str | None, bool | None]:
        """(reviewed commit, changed_since_review) as a report cached them: only a cache has them."""
        raise LookupError("verdicts without a history need the report cache")

    def digest(self, blob: str, article: Article) -> str | None:
        if blob == article.blob:
            if article.fingerprint is not None:
                return article.fingerprint
            return body_digest(article.source, self.settings.date_formats)
        found = self._digests.get(blob)  # an old version shared by several articles (copies) is digested once
        if found is None:
            text = self.text(blob)
            if text is None:
                return None
            found = self._digests[blob] = body_digest(text, self.settings.date_formats)
        return found


def blobs_needed(articles: Iterable[Article], histories: Mapping[str, FileHistory], interval: Interval,
                 tz: tzinfo, complete: bool = True) -> set[str]:
    """Old blobs whose contents decide changed_since_review (a version equal to the file needs none)."""
    needed = set()
    for article in articles:
        if article.repo_path is None:
            continue
        history = histories.get(article.repo_path)
        if history:
            needed.update(versions_needed(history, article, article.reviewed(interval), tz, complete))
    return needed


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class ReviewFacts:
    """What a row needs from an article's review metadata, whatever the day: small enough to cache."""

    last_reviewed: ReviewDate | None
    due: ReviewDate | None
    reviewer: str | None
    owner: str | None
    problems: tuple[str, ...]  # unreadable values and disagreements: an `error` on any day
    last_dates: tuple[tuple[ReviewDate, str], ...]  # every readable last-review date and where it is written
    last_place: tuple[int, int] | None = field(default=None, compare=False)  # the line stating it (not cached)


def review_facts(metadata: ReviewMetadata, interval: Interval) -> ReviewFacts:
    notes = [f"cannot read {e.text!r} ({e.place.describe()}): {e.error}" for e in metadata.unreadable]
    notes += [clash.message() for clash in disagreements(metadata)]
    plan = schedule(metadata, interval)
    last = plan.last
    return ReviewFacts(plan.last_reviewed, plan.due, metadata.reviewer,
                       metadata.owner.value if metadata.owner else None, tuple(notes),
                       tuple((e.value, e.place.describe()) for e in metadata.last_reviewed if e.value is not None),
                       (last.place.start, last.place.end) if last is not None else None)


def review_line_of(source: str, facts: ReviewFacts) -> str | None:
    """The source line that states the last review date, from the facts' place of it."""
    if facts.last_place is None:
        return None
    return source[facts.last_place[0]:facts.last_place[1]] or None


def classify_facts(facts: ReviewFacts, as_of: date, due_within: int) -> tuple[str, list[str]]:
    """Status and, for `error`, the reasons."""
    notes = list(facts.problems)
    notes += [f"last review date {value} ({where}) is in the future"
              for value, where in facts.last_dates if value.start > as_of]
    if notes:
        return "error", notes
    if facts.due is None:
        return "never_reviewed", []
    days = days_until(facts.due, as_of)
    if days < 0:
        return "overdue", []
    return ("due_soon" if days <= due_within else "ok"), []


def classify(metadata: ReviewMetadata, interval: Interval, as_of: date, due_within: int) -> tuple[str, list[str]]:
    """Status and, for `error`, the reasons."""
    return classify_facts(review_facts(metadata, interval), as_of, due_within)


class HistoryFacts(NamedTuple):
    """What a row takes from an article's history: small enough for the report cache to keep per HEAD, so a
    report at an unchanged HEAD needs neither the log nor the history index (see `reviewer.review.cache`)."""

    tracked: bool
    newest: str | None  # the newest commit that touched the article (the key of its cached verdict)
    last_commit: str | None  # FileHistory.last_change: ignore-revs applied
    last_timestamp: int
    last_author: str | None
    trailer: str | None  # the newest Reviewed-by trailer
    copied_from: str | None


def history_facts(history: FileHistory) -> HistoryFacts:
    last = history.last_change
    trailers = history.reviewers
    return HistoryFacts(history.tracked, history.changes[0].commit if history.changes else None,
                        last.commit if last else None, last.timestamp if last else 0,
                        last.author if last else None, trailers[0] if trailers else None, history.copied_from)


def build_row(article: Article, history: FileHistory | HistoryFacts | None, state: HistoryState, *, as_of: date,
              due_within: int, interval: Interval, tz: tzinfo, blobs: Mapping[str, bytes] | None = None,
              owner_of: Callable[[str], str | None] = lambda path: None,
              formats: Sequence[str] = (), versions: Versions | None = None) -> ReviewRow:
    """One article's review row. Old versions come from `versions`, else are read from `blobs`.

    `history` may be the HistoryFacts a report cached for this HEAD; `versions` must then hold the verdict
    (see `reviewer.review.cache.CachedVersions.cached_verdict`)."""
    flags = []
    if state.available and not state.complete:
        flags.append("history_incomplete")
    if not state.available and state.in_repository:
        flags.append("history_incomplete")
    if not state.in_repository or (state.available and (history is None or not history.tracked)):
        flags.append("untracked")
    code_owner = owner_of(article.repo_path) if article.repo_path else None
    if article.metadata is None and article.facts is None:
        return ReviewRow(article.path, article.title, "error", owner=code_owner, flags=_ordered(flags),
                         notes=(article.problem or "cannot read the article",))
    facts = article.facts or review_facts(article.metadata, interval)
    status, notes = classify_facts(facts, as_of, due_within)
    if article.problem:
        status, notes = "error", [article.problem, *notes]
    if versions is None:
        from reviewer.config import ReviewSettings

        versions = Versions(blobs or {}, ReviewSettings(date_formats=tuple(formats)), interval)
    if isinstance(history, HistoryFacts):
        known = history
        reviewed_commit, changed = versions.cached_verdict(article, known, facts.last_reviewed, tz, state.complete)
    else:
        known = history_facts(history) if history else None
        version, changed = versions.compare(article, history, facts.last_reviewed, tz, state.complete)
        reviewed_commit = version.commit if version is not None and version is not WORKING_TREE else None
    if changed:
        flags.append("changed_since_review")
    last = known.last_commit if known else None
    return ReviewRow(
        path=article.path,
        title=article.title,
        status=status,
        last_reviewed=facts.last_reviewed,
        next_review=facts.due,
        days_overdue=-days_until(facts.due, as_of) if facts.due else None,
        reviewed_by=facts.reviewer or (known.trailer if known else None),
        owner=facts.owner or code_owner,
        last_changed=datetime.fromtimestamp(known.last_timestamp, tz).date() if last else None,
        last_changed_by=known.last_author if last else None,
        last_changed_commit=last,
        changed_since_review=changed,
        reviewed_commit=reviewed_commit,
        copied_from=known.copied_from if known else None,
        flags=_ordered(flags),
        notes=tuple(notes),
    )


def _ordered(flags: Iterable[str]) -> tuple[str, ...]:
    present = set(flags)
    return tuple(f for f in FLAGS if f in present)


# --------------------------------------------------------------------------- choosing and ordering rows


def filter_rows(rows: Iterable[ReviewRow], statuses: Sequence[str] = (), owners: Sequence[str] = ()) -> list[ReviewRow]:
    """Rows with one of `statuses` and one of `owners` (case-insensitive; "@" optional; "none" = unowned)."""
    wanted_owners = {o.lower().lstrip("@") for o in owners}

    def owned(row: ReviewRow) -> bool:
        if not wanted_owners:
            return True
        names = {o.lower().lstrip("@") for o in row.owners}
        return bool(names & wanted_owners) or (not names and "none" in wanted_owners)

    return [r for r in rows if (not statuses or r.status in statuses) and owned(r)]


def sort_rows(rows: Iterable[ReviewRow], key: str = "status") -> list[ReviewRow]:
    """`status`: worst first, the most overdue first within a status; `due`: soonest due first;
    `last_reviewed` and `last_changed`: oldest first; `path`, `owner`: alphabetical. Ties by path."""
    far = date.max

    def due(row: ReviewRow) -> date:
        return row.next_review.start if row.next_review else far

    orders = {
        "status": lambda r: (_RANK[r.status], due(r), r.path),
        "due": lambda r: (due(r), _RANK[r.status], r.path),
        "path": lambda r: (r.path,),
        "owner": lambda r: (r.owner is None, (r.owner or "").lower(), _RANK[r.status], due(r), r.path),
        "last_reviewed": lambda r: (r.last_reviewed.start if r.last_reviewed else date.min, r.path),
        "last_changed": lambda r: (r.last_changed or date.min, r.path),
    }
    return sorted(rows, key=orders[key])


def fails(rows: Iterable[ReviewRow], fail_on: str) -> bool:
    """True when a row is at or past `fail_on`. An article whose review cannot be shown (error,
    never_reviewed) counts as overdue: nothing proves it is fit to publish."""
    if fail_on == "never":
        return False
    limit = {"overdue": {"overdue", "error", "never_reviewed"},
             "due_soon": {"overdue", "error", "never_reviewed", "due_soon"}}[fail_on]
    return any(r.status in limit for r in rows)


def _months_left(first: date) -> int:
    """How many months, `first`'s included, the calendar still has (it ends in December 9999)."""
    return (MAXYEAR - first.year) * 12 + 13 - first.month


def summarise(rows: Sequence[ReviewRow], as_of: date, months: int = 12) -> Summary:
    by_status = Counter(r.status for r in rows)
    by_owner: dict[str, Counter] = {}
    for row in rows:
        for owner in row.owners or ("(none)",):
            by_owner.setdefault(owner, Counter())[row.status] += 1
    flags = Counter(flag for r in rows for flag in r.flags)
    first = as_of.replace(day=1)
    labels = [add_months(first, i).strftime("%Y-%m") for i in range(min(months, _months_left(first)))]
    buckets = Counter()
    for row in rows:  # by status first, so the chart, the cards and the table count the same rows
        if row.next_review is None or row.status == "error":
            buckets["none"] += 1  # an error row's dates cannot be trusted: it is counted as an error, not due
        elif row.status == "overdue":
            buckets["overdue"] += 1
        else:
            label = row.next_review.start.strftime("%Y-%m")
            buckets[label if label in labels else "later"] += 1
    return Summary(
        total=len(rows),
        by_status={s: by_status.get(s, 0) for s in STATUSES},
        by_owner={owner: {s: counts.get(s, 0) for s in STATUSES}
                  for owner, counts in sorted(by_owner.items(), key=lambda item: item[0].lower())},
        flags={f: flags.get(f, 0) for f in FLAGS},
        due_by_month=tuple((label, buckets.get(label, 0)) for label in ["overdue", *labels, "later", "none"]),
    )


def make_report(rows: Sequence[ReviewRow], *, as_of: date, due_within: int, timezone: str, head: str | None,
                shallow: bool | None, notes: Sequence[str] = ()) -> Report:
    return Report(as_of, due_within, timezone, head, shallow, tuple(rows), summarise(rows, as_of), tuple(notes))


__all__ = ["STATUSES", "FLAGS", "SORT_KEYS", "FAIL_ON", "Article", "ReviewRow", "Summary", "Report", "HistoryState",
           "end_of", "review_version", "reviewed_version", "versions_needed", "WORKING_TREE", "Versions",
           "body_digest", "body_fingerprint", "ReviewFacts", "review_facts", "review_line_of", "classify_facts", "blobs_needed", "classify", "HistoryFacts", "history_facts", "build_row", "filter_rows",
           "sort_rows", "fails", "summarise", "make_report"]
