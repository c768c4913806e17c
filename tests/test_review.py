"""Review rows from metadata, a fake history and a fixed as_of: statuses, flags, ordering, summary."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from reviewer.document import parse
from reviewer.git import Change, FileHistory, blob_id
from reviewer.review.rows import (
    Article,
    HistoryState,
    ReviewRow,
    body_fingerprint,
    build_row,
    classify,
    fails,
    filter_rows,
    review_version,
    sort_rows,
    summarise,
)
from reviewer.review.dates import Interval, ReviewDate, read_review_metadata

AS_OF = date(2026, 11, 25)
YEAR = Interval(12, "month")
FULL = HistoryState(available=True, complete=True)


def article(source: str, path: str = "a.md") -> Article:
    doc = parse(source, path)
    return Article(path, path, doc.title, read_review_metadata(doc), source, blob_id(source.encode()))


def at(text: str, tz=timezone.utc) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=tz).timestamp())


def change(when: str, blob: str, commit: str = "c", author: str = "Ann", reviewers=(), ignored=False) -> Change:
    return Change(commit, at(when), author, blob, "a.md", "M", tuple(reviewers), ignored)


@pytest.mark.parametrize("front_matter, status", [
    ("last_reviewed: 2025-11-24", "overdue"),      # due 2026-11-24, yesterday
    ("last_reviewed: 2025-11-25", "due_soon"),     # due today
    ("last_reviewed: 2025-12-25", "due_soon"),     # due in 30 days: the window's last day
    ("last_reviewed: 2025-12-26", "ok"),           # 31 days
    ("last_reviewed: 2025-11", "overdue"),         # month only: due 2026-11-01
    ("next_review: 2026-12-01", "due_soon"),
    ("title: none", "never_reviewed"),
    ("last_reviewed: 2025-02-30", "error"),
    ("last_reviewed: 2027-01-01", "error"),        # in the future
    ("last_reviewed: 2026-01-01\nnext_review: 2025-06-01", "error"),
])
def test_classify(front_matter, status):
    meta = read_review_metadata(parse(f"---\n{front_matter}\n---\n\nText.\n", "a.md"))
    assert classify(meta, YEAR, AS_OF, 30)[0] == status


def test_error_rows_say_why():
    meta = read_review_metadata(parse("---\nlast_reviewed: 2026-02-01\n---\n\nLast reviewed: 3 July 2025\n", "a.md"))
    status, notes = classify(meta, YEAR, AS_OF, 30)
    assert status == "error" and "line 5 says last reviewed 2025-07-03" in notes[0]


def test_review_version_is_the_one_current_at_the_end_of_the_review_day():
    history = FileHistory("a.md", (change("2025-07-04T00:00:00", "v3"), change("2025-07-03T23:59:00", "v2"),
                                   change("2025-01-01T09:00:00", "v1")))
    assert review_version(history, ReviewDate(date(2025, 7, 3)), timezone.utc).blob == "v2"
    assert review_version(history, ReviewDate(date(2025, 7, 1), "month"), timezone.utc).blob == "v3"
    assert review_version(history, ReviewDate(date(2024, 1, 1)), timezone.utc).blob == "v1"  # entered git later
    # 2025-07-03T23:59 UTC is already 4 July in Auckland... and still 3 July in New York
    assert review_version(history, ReviewDate(date(2025, 7, 3)), ZoneInfo("Pacific/Auckland")).blob == "v1"
    assert review_version(history, ReviewDate(date(2025, 7, 3)), ZoneInfo("America/New_York")).blob == "v3"
    assert review_version(FileHistory("a.md"), ReviewDate(date(2025, 7, 3)), timezone.utc) is None


def test_body_fingerprint_ignores_front_matter_review_lines_and_layout():
    reviewed = "---\nlast_reviewed: 2025-07-03\n---\n\n# Asthma\n\nUse your  inhaler.\n\nReviewed July 2025\n"
    later = "---\nlast_reviewed: 2026-11-20\nreviewed_by: Dr X\n---\n# Asthma\r\n\r\nUse your\r\ninhaler.\r\n\r\n" \
            "*Reviewed November 2026*\r\n"
    assert body_fingerprint(reviewed) == body_fingerprint(later) == "# Asthma Use your inhaler."
    assert body_fingerprint(reviewed) != body_fingerprint(reviewed.replace("inhaler", "preventer inhaler"))


def row_for(source: str, history: FileHistory | None, blobs=None, state=FULL, owner_of=lambda p: None) -> ReviewRow:
    return build_row(article(source), history, state, as_of=AS_OF, due_within=30, interval=YEAR,
                     tz=timezone.utc, blobs=blobs or {}, owner_of=owner_of)


REVIEWED = "---\ntitle: Asthma\nlast_reviewed: 2026-03-02\n---\n\n# Asthma\n\nUse your inhaler every day.\n"


def test_row_unchanged_since_review_when_the_reviewed_blob_is_the_file():
    history = FileHistory("a.md", (change("2026-03-01T10:00:00", blob_id(REVIEWED.encode()), "c1", "Bo"),))
    row = row_for(REVIEWED, history)
    assert (row.status, row.changed_since_review, row.flags) == ("ok", False, ())
    assert (row.last_changed, row.last_changed_by, row.last_changed_commit) == (date(2026, 3, 1), "Bo", "c1")
    assert (row.last_reviewed.iso(), row.next_review.iso(), row.days_overdue) == ("2026-03-02", "2027-03-02", -97)


def test_row_changed_since_review_compares_bodies_not_metadata():
    old = REVIEWED.replace("2026-03-02", "2025-01-01")  # only the front matter differs
    history = FileHistory("a.md", (change("2026-01-05T10:00:00", "old"),))
    assert row_for(REVIEWED, history, {"old": old.encode()}).changed_since_review is False
    edited = REVIEWED.replace("every day", "twice a day")
    row = row_for(edited, history, {"old": REVIEWED.encode()})
    assert row.changed_since_review is True and row.flags == ("changed_since_review",)
    assert row_for(edited, history, {}).changed_since_review is None  # the blob could not be read


def test_ignored_commits_are_not_the_last_change_and_trailers_name_the_reviewer():
    history = FileHistory("a.md", (change("2026-06-01T00:00:00", "b2", "bulk", "Bot", ignored=True),
                                   change("2026-03-01T00:00:00", "b1", "c1", "Ann", reviewers=["Dr Who"])))
    row = row_for(REVIEWED, history)
    assert (row.last_changed_commit, row.last_changed_by, row.reviewed_by) == ("c1", "Ann", "Dr Who")


def test_flags_for_untracked_shallow_and_missing_git():
    assert row_for(REVIEWED, FileHistory("a.md")).flags == ("untracked",)
    shallow = HistoryState(available=True, complete=False)
    assert row_for(REVIEWED, FileHistory("a.md", (change("2026-03-01T00:00:00", "x"),)), state=shallow).flags == (
        "history_incomplete",)
    assert row_for(REVIEWED, None, state=HistoryState(False, False, in_repository=False)).flags == ("untracked",)
    assert row_for(REVIEWED, None, state=HistoryState(False, False, in_repository=True)).flags == (
        "history_incomplete",)


def test_owner_from_front_matter_else_codeowners():
    assert row_for(REVIEWED, None, owner_of=lambda p: "@docs").owner == "@docs"
    owned = REVIEWED.replace("title: Asthma", "title: Asthma\nowner: '@lungs'")
    assert row_for(owned, None, owner_of=lambda p: "@docs").owner == "@lungs"


def test_unreadable_article_is_an_error_row():
    row = build_row(Article("b.md", "b.md", problem="file looks binary"), None, FULL, as_of=AS_OF, due_within=30,
                    interval=YEAR, tz=timezone.utc, blobs={})
    assert (row.status, row.notes) == ("error", ("file looks binary",))


def rows():
    def r(path, status, due=None, owner=None):
        return ReviewRow(path, "", status, next_review=ReviewDate(due) if due else None,
                         days_overdue=(AS_OF - due).days if due else None, owner=owner)
    return [r("ok.md", "ok", date(2027, 5, 1), "@b"), r("late.md", "overdue", date(2026, 1, 1), "@a @b"),
            r("later.md", "overdue", date(2026, 6, 1)), r("err.md", "error"), r("soon.md", "due_soon", date(2026, 12, 2)),
            r("new.md", "never_reviewed", owner="@A")]


def test_sort_worst_first_then_most_overdue():
    assert [r.path for r in sort_rows(rows())] == ["late.md", "later.md", "err.md", "new.md", "soon.md", "ok.md"]
    assert [r.path for r in sort_rows(rows(), "due")][:3] == ["late.md", "later.md", "soon.md"]
    assert [r.path for r in sort_rows(rows(), "path")][0] == "err.md"


def test_filters_by_status_and_owner():
    assert {r.path for r in filter_rows(rows(), ["overdue"])} == {"late.md", "later.md"}
    assert {r.path for r in filter_rows(rows(), owners=["a"])} == {"late.md", "new.md"}
    assert {r.path for r in filter_rows(rows(), owners=["none"])} == {"later.md", "err.md", "soon.md"}


def test_fail_on():
    assert not fails(rows(), "never")
    assert fails(rows(), "overdue")
    only_soon = [r for r in rows() if r.status in ("ok", "due_soon")]
    assert not fails(only_soon, "overdue") and fails(only_soon, "due_soon")
    assert fails([r for r in rows() if r.status == "never_reviewed"], "overdue")


def test_summary_counts_statuses_owners_and_due_months():
    summary = summarise(rows(), AS_OF)
    assert summary.by_status == {"overdue": 2, "error": 1, "never_reviewed": 1, "due_soon": 1, "ok": 1}
    assert summary.by_owner["@b"]["ok"] == 1 and summary.by_owner["@a"]["overdue"] == 1
    months = dict(summary.due_by_month)
    assert months["overdue"] == 2 and months["2026-12"] == 1 and months["2027-05"] == 1 and months["none"] == 2
    assert list(months)[1] == "2026-11" and list(months)[-3] == "2027-10"
