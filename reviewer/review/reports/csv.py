"""CSV: one row per article, columns as in the JSON contract; flags joined by ";", problems by "; ".

Cells a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) get a
leading apostrophe: titles and names come from articles that anyone may edit.
"""

from __future__ import annotations

import csv
import io

from reviewer.review.reports import text
from reviewer.review.rows import Report

COLUMNS = ("path", "title", "status", "last_reviewed", "next_review", "days_overdue", "reviewed_by", "owner",
           "last_changed", "last_changed_by", "changed_since_review", "flags", "problems", "reviewed_commit",
           "copied_from")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


def render(report: Report, *, color: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in report.rows:
        changed = "" if row.changed_since_review is None else str(row.changed_since_review).lower()
        writer.writerow([_safe(row.path), _safe(row.title), row.status, text(row.last_reviewed), text(row.next_review),
                         text(row.days_overdue), _safe(text(row.reviewed_by)), _safe(text(row.owner)),
                         text(row.last_changed), _safe(text(row.last_changed_by)), changed, ";".join(row.flags),
                         _safe("; ".join(row.problems)), text(row.reviewed_commit), _safe(text(row.copied_from))])
    return buffer.getvalue()
