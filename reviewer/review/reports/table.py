"""A terminal table, worst first, then a summary by status and by owner."""

from __future__ import annotations

from reviewer.review.reports import STATUS_LABELS, summary_line, text
from reviewer.review.rows import Report, ReviewRow

_COLORS = {"overdue": "31;1", "error": "35;1", "never_reviewed": "33", "due_soon": "33", "ok": "32"}
HEADERS = ("STATUS", "DUE", "DAYS", "REVIEWED", "BY", "OWNER", "CHANGED", "PATH")


def _cells(row: ReviewRow) -> tuple[str, ...]:
    days = "" if row.days_overdue is None else f"{row.days_overdue:+d}" if row.days_overdue else "0"
    changed = "yes" if row.changed_since_review else ("no" if row.changed_since_review is False else "?")
    if "untracked" in row.flags:
        changed = "untracked"
    return (STATUS_LABELS[row.status], text(row.next_review), days, text(row.last_reviewed),
            row.reviewed_by or "", row.owner or "", changed,
            f"{row.path} (copied from {row.copied_from})" if row.copied_from else row.path)


def _paint(value: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{value}\x1b[0m" if color and code else value


def _grid(headers: tuple[str, ...], rows: list[tuple[str, ...]], colors: list[str], color: bool) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip()]
    for cells, code in zip(rows, colors):
        padded = [c.ljust(w) for c, w in zip(cells, widths)]
        padded[0] = _paint(padded[0], code, color)
        lines.append("  ".join(padded).rstrip())
    return lines


def render(report: Report, *, color: bool = False) -> str:
    out = [f"Review status as of {report.as_of.isoformat()} (due soon: within {report.due_within} days)", ""]
    if report.rows:
        out += _grid(HEADERS, [_cells(r) for r in report.rows], [_COLORS[r.status] for r in report.rows], color)
        notes = [(r.path, note) for r in report.rows for note in r.notes]
        if notes:
            out += ["", "Problems:"] + [f"  {path}: {note}" for path, note in notes]
    else:
        out.append("No articles to report.")
    out += ["", summary_line(report)]
    if report.summary.by_owner:
        statuses = [s for s, n in report.summary.by_status.items() if n] or ["ok"]
        headers = ("OWNER", *(STATUS_LABELS[s].upper() for s in statuses), "TOTAL")
        rows = [(owner, *(str(counts[s]) for s in statuses), str(sum(counts.values())))
                for owner, counts in report.summary.by_owner.items()]
        out += [""] + _grid(headers, rows, [""] * len(rows), False)
    return "\n".join(out) + "\n"
