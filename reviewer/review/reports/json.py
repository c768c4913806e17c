"""JSON: the documented contract (version 1). Field meanings are in the README; SCHEMA checks them.

{"version": 1, "as_of": "YYYY-MM-DD", "repository": {"head": sha|null, "shallow": bool|null},
 "articles": [{"path", "title", "status", "last_reviewed", "next_review", "days_overdue", "reviewed_by",
               "owner", "last_changed", "last_changed_by", "changed_since_review", "flags", "problems",
               "reviewed_commit", "copied_from"}],
 "summary": {"total", "by_status", "by_owner", "flags", "due_by_month"}}
Dates are ISO: "YYYY-MM-DD", or "YYYY-MM" for a review date the article gives only to the month.
`reviewed_commit`: the commit whose version changed_since_review compared with (null: none, or the working
tree set the review date); `copied_from`: the path the article's history was followed to through a copy.
"""

from __future__ import annotations

import json

from reviewer.review.rows import FLAGS, STATUSES, Report, ReviewRow

VERSION = 1

_DATE = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}(-\d{2})?$"}
_NAME = {"type": ["string", "null"]}
_COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "as_of", "repository", "articles", "summary"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": VERSION},
        "as_of": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "repository": {
            "type": "object", "required": ["head", "shallow"], "additionalProperties": False,
            "properties": {"head": {"type": ["string", "null"]}, "shallow": {"type": ["boolean", "null"]}},
        },
        "articles": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["path", "title", "status", "last_reviewed", "next_review", "days_overdue", "reviewed_by",
                         "owner", "last_changed", "last_changed_by", "changed_since_review", "flags", "problems",
                         "reviewed_commit", "copied_from"],
            "properties": {
                "path": {"type": "string"}, "title": {"type": "string"},
                "status": {"enum": list(STATUSES)},
                "last_reviewed": _DATE, "next_review": _DATE,
                "days_overdue": {"type": ["integer", "null"]},
                "reviewed_by": _NAME, "owner": _NAME,
                "last_changed": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                "last_changed_by": _NAME,
                "changed_since_review": {"type": ["boolean", "null"]},
                "flags": {"type": "array", "items": {"enum": list(FLAGS)}, "uniqueItems": True},
                "problems": {"type": "array", "items": {"type": "string"}},
                "reviewed_commit": _NAME, "copied_from": _NAME,
            },
        }},
        "summary": {
            "type": "object", "required": ["total", "by_status", "by_owner", "flags", "due_by_month"],
            "properties": {
                "total": {"type": "integer"}, "by_status": _COUNTS, "flags": _COUNTS, "due_by_month": _COUNTS,
                "by_owner": {"type": "object", "additionalProperties": _COUNTS},
            },
        },
    },
}


def article(row: ReviewRow) -> dict:
    return {
        "path": row.path,
        "title": row.title,
        "status": row.status,
        "last_reviewed": row.last_reviewed.iso() if row.last_reviewed else None,
        "next_review": row.next_review.iso() if row.next_review else None,
        "days_overdue": row.days_overdue,
        "reviewed_by": row.reviewed_by,
        "owner": row.owner,
        "last_changed": row.last_changed.isoformat() if row.last_changed else None,
        "last_changed_by": row.last_changed_by,
        "changed_since_review": row.changed_since_review,
        "flags": list(row.flags),
        "problems": list(row.problems),
        "reviewed_commit": row.reviewed_commit,
        "copied_from": row.copied_from,
    }


def document(report: Report) -> dict:
    summary = report.summary
    return {
        "version": VERSION,
        "as_of": report.as_of.isoformat(),
        "repository": {"head": report.head, "shallow": report.shallow},
        "articles": [article(row) for row in report.rows],
        "summary": {
            "total": summary.total,
            "by_status": dict(summary.by_status),
            "by_owner": {owner: dict(counts) for owner, counts in summary.by_owner.items()},
            "flags": dict(summary.flags),
            "due_by_month": dict(summary.due_by_month),
        },
    }


def render(report: Report, *, color: bool = False) -> str:
    """The document with one article a line: json.dumps with indent would run Python's slow encoder and
    spread 10,000 rows over 150,000 lines; this is the same JSON, readable and diffable."""
    data = document(report)
    encode = json.JSONEncoder(ensure_ascii=False).encode  # what json.dumps(..., ensure_ascii=False) builds per call
    articles = ",\n  ".join(map(encode, data.pop("articles")))
    head = ",\n".join(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
                       for key, value in data.items() if key != "summary")
    return (f"{{{head},\n\"articles\": [" + (f"\n  {articles}\n" if articles else "") + "],\n"
            f"\"summary\": {json.dumps(data['summary'], ensure_ascii=False)}}}\n")
