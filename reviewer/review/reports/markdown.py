"""GitHub-flavoured Markdown, fit for a CI job summary ($GITHUB_STEP_SUMMARY) or an issue body."""

from __future__ import annotations

from reviewer.review.reports import STATUS_LABELS, summary_line, text
from reviewer.review.rows import Report


def _cell(value) -> str:
    return text(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def _code(value: str) -> str:
    return f"`{value}`" if value and "`" not in value and "|" not in value else _cell(value)


def render(report: Report, *, color: bool = False) -> str:
    statuses = list(report.summary.by_status)
    out = [f"## Article review status, {report.as_of.isoformat()}", "",
           f"**{summary_line(report)}.** Due soon means within {report.due_within} days.", ""]
    if report.shallow:
        out += ["> [!WARNING]", "> Shallow clone: git history is incomplete, so last-changed dates and "
                "changed-since-review flags may be wrong. Check out with `fetch-depth: 0`.", ""]
    if report.summary.by_owner:
        out += ["| Owner | " + " | ".join(STATUS_LABELS[s].capitalize() for s in statuses) + " |",
                "|---|" + "---:|" * len(statuses)]
        for owner, counts in report.summary.by_owner.items():
            out.append(f"| {_cell(owner)} | " + " | ".join(str(counts[s]) for s in statuses) + " |")
        out.append("")
    out += ["| Status | Article | Next review | Days overdue | Last reviewed | Reviewed by | Owner | Flags |",
            "|---|---|---|---:|---|---|---|---|"]
    for row in report.rows:
        article = f"{_cell(row.title)}<br>{_code(row.path)}" if row.title else _code(row.path)
        if row.copied_from:
            article += f"<br>copied from {_code(row.copied_from)}"
        flags = ", ".join(f.replace("_", " ") for f in row.flags)
        out.append(f"| {STATUS_LABELS[row.status]} | {article} | {_cell(row.next_review)} | {_cell(row.days_overdue)} | "
                   f"{_cell(row.last_reviewed)} | {_cell(row.reviewed_by)} | {_cell(row.owner)} | {_cell(flags)} |")
    problems = [(r.path, n) for r in report.rows for n in r.notes]
    if problems:
        out += ["", "### Problems", ""] + [f"- {_code(path)}: {_cell(note)}" for path, note in problems]
    if report.notes:
        out += ["", "### Notes", ""] + [f"- {_cell(note)}" for note in report.notes]
    return "\n".join(out) + "\n"
