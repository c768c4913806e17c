"""Review: is the article's medical review recorded, readable, consistent and current?

"Today" is `context.as_of` (`--as-of`); the review settings (interval, due window, key names,
extra date formats) come from `context.review`. Findings land on the line that states the date:
the in-body review line, or the front matter key's line.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable, Mapping

from reviewer.config import ReviewSettings
from reviewer.document import Document
from reviewer.lint.finding import Finding
from reviewer.lint.registry import Context, rule
from reviewer.review.dates import (
    DateEntry,
    Place,
    ReviewMetadata,
    Schedule,
    days_until,
    default_interval,
    disagreements,
    read_review_metadata,
    schedule,
)


def _settings(context) -> ReviewSettings:
    return context.review if isinstance(context.review, ReviewSettings) else ReviewSettings()


def _review(doc, context) -> tuple[ReviewMetadata, Schedule]:
    settings = _settings(context)
    metadata = read_review_metadata(doc, settings)
    return metadata, schedule(metadata, default_interval(settings))


def _anchor(plan: Schedule) -> Place:
    """Where a due-date finding lands: the last-review line the article is judged by (the statement a
    signoff rewrites), else the written next-review line."""
    return (plan.last or plan.due_from).place


def _at(doc, place: Place, message: str):
    return doc.finding(place.start, place.end, message)


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def _reviewed(plan: Schedule) -> str:
    return f"reviewed {plan.last_reviewed}, " if plan.last_reviewed else ""


def _due_in(plan: Schedule, context) -> int | None:
    if plan.due is None or plan.due_from is None:
        return None
    return days_until(plan.due, context.as_of)


@rule("review.stale", "error", example="---\nlast_reviewed: 2021-02-04\n---\n\n# Asthma\n")
def review_overdue(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """The article's next review date has passed.

    The due date is the written next review date (front matter `next_review`, or a body line
    such as "Next review due: 4 February 2024"), else the last review date plus the review
    interval: the article's `review_interval` ("3 years"), else the configured
    `review.interval` (default 12 months). A month-only date ("Reviewed July 2025") counts
    from the first day of that month. The finding lands on the last-review line (front matter
    key or in-body line), or on the next-review line when the article gives only that.
    Health information that has not been checked on schedule may no longer match current
    advice: have a clinician review it, then record the review with
    `reviewer signoff ARTICLE --by NAME`.
    """
    _metadata, plan = _review(doc, context)
    days = _due_in(plan, context)
    if days is not None and days < 0:
        yield _at(doc, _anchor(plan),
                  f"{_reviewed(plan)}due {plan.due}, {_days(-days)} overdue; have it reviewed and record the review")


@rule("review.due-soon", "suggestion",
      example="---\nlast_reviewed: 2025-12-10\nreview_interval: 12 months\n---\n\n# Type 2 diabetes\n")
def review_due_soon(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """The article's next review falls due soon.

    Reported when the due date (see `review.stale`) is today or within the configured window,
    `review.due_within_days` (default 30; `reviewer report --due-within` for reports). It gives
    the content owner time to book a clinician before the page goes stale.
    """
    _metadata, plan = _review(doc, context)
    days = _due_in(plan, context)
    window = _settings(context).due_within_days
    if days is not None and 0 <= days <= window:
        when = "today" if days == 0 else f"in {_days(days)}"
        yield _at(doc, _anchor(plan), f"{_reviewed(plan)}due {plan.due}, {when}; book the next review")


@rule("review.missing", "warning", example="# Kidney health\n\nYour kidneys filter your blood.\n")
def review_missing(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """The article states no review date at all.

    Patient-facing health information should say when it was last checked by a clinician.
    Add `last_reviewed: YYYY-MM-DD` to the front matter (key names and date formats are configurable,
    and the message names the configured ones), or a
    line such as "Last reviewed: 3 July 2025" at the end of the article. A review date key
    left empty is reported on its own line. A date that cannot be read is `review.unparseable`.
    """
    metadata, _plan = _review(doc, context)
    if metadata.has_date:
        return
    settings = _settings(context)  # the message names the key and date format the project configured
    example = date(2025, 7, 3).strftime(settings.date_formats[0]) if settings.date_formats else "YYYY-MM-DD"
    message = (f"no review date; add `{settings.last_reviewed_keys[0]}: {example}` to the front matter, "
               "or a line such as \"Last reviewed: 3 July 2025\"")
    if metadata.blank_keys:
        place = metadata.blank_keys[0]
        yield _at(doc, place, f"'{place.key}' has no date; " + message.split("; ", 1)[1])
    elif any(p.rule == "document.front-matter" for p in doc.problems):
        yield doc.finding(0, len(doc.line_text(1)), "no review date could be read: the front matter is malformed "
                                                    "(see document.front-matter)")
    else:
        yield doc.finding(0, len(doc.line_text(1)), message)


@rule("review.future-date", "error", example="---\nlast_reviewed: 2031-05-01\n---\n\n# Vaccines\n")
def review_in_future(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A last-review date that is after today.

    A review cannot have happened in the future: the date is a typo (2052 for 2025), a
    day/month swap, or a planned review written in the wrong place (use `next_review`).
    A month-only date is in the future only when its month has not started.
    """
    metadata, _plan = _review(doc, context)
    for entry in metadata.last_reviewed:
        if entry.value is not None and entry.value.start > context.as_of:
            yield _at(doc, entry.place, f"last review date {entry.value} is after today ({context.as_of}); "
                                        "a review cannot be in the future")


@rule("review.unparseable", "error",
      example="# Asthma\n\nAsthma is common.\n\nReviewed Julember 2025\n")
def review_unreadable(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """A review date or interval that cannot be read.

    Examples: "Reviewed Julember 2025", `last_reviewed: 2024-13-01`, "31 February 2025",
    `review_interval: 12` (no unit), or an ambiguous numeric date such as 03/04/2021. Accepted
    forms: 2025-07-03, 2025-07, "3 July 2025", "July 3, 2025", "July 2025", plus any strptime
    formats listed in `review.date_formats` (for example "%m/%d/%Y" for `ms.date`).
    """
    metadata, _plan = _review(doc, context)
    for entry in metadata.unreadable:
        what = "review date" if isinstance(entry, DateEntry) else "review interval"
        yield _at(doc, entry.place, f"cannot read {what} {entry.text!r}: {entry.error}")


@rule("review.inconsistent", "warning",
      example="---\nlast_reviewed: 2026-02-01\n---\n\n# High blood pressure\n\n*Last reviewed: 3 July 2025*\n")
def review_inconsistent(doc: Document, options: Mapping[str, Any], context: Context) -> Iterable[Finding]:
    """Review dates in the article contradict each other.

    The front matter and an in-body line (or two front matter keys) give different last
    review or next review dates, or the next review is set before the last one. Readers see
    the body line while tools read the front matter: keep one date, or make them agree.
    Dates of different precision agree when they share the month ("July 2025" and 2025-07-03).
    The other review rules judge the article by the earliest date.
    """
    metadata, _plan = _review(doc, context)
    for clash in disagreements(metadata):
        yield _at(doc, clash.second.place, clash.message())

