"""Renderers for review reports: a `reviewer.review.rows.Report` in, text out. They decide nothing.

Each module has `render(report, *, color=False) -> str`; `render` here picks one by format name.
"""

from __future__ import annotations

from importlib import import_module

from reviewer.review.rows import Report

FORMATS = ("table", "markdown", "csv", "json", "html")
STATUS_LABELS = {"overdue": "overdue", "error": "error", "never_reviewed": "never reviewed",
                 "due_soon": "due soon", "ok": "ok"}


def render(report: Report, fmt: str, *, color: bool = False) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    return import_module(f"reviewer.review.reports.{fmt}").render(report, color=color)


def text(value) -> str:
    """A cell's text: dates in ISO form, nothing as an empty string."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def summary_line(report: Report) -> str:
    """"12 articles: 3 overdue, 1 error, ..." (zero counts left out)."""
    counts = [f"{n} {STATUS_LABELS[s]}" for s, n in report.summary.by_status.items() if n]
    changed = report.summary.flags.get("changed_since_review", 0)
    total = report.summary.total
    line = f"{total} article{'' if total == 1 else 's'}" + (": " + ", ".join(counts) if counts else "")
    if changed:
        line += f"; {changed} changed since review"
    return line
