"""Writing a review: the edits that record a review date and reviewer where an article keeps them.

The reading side is `reviewer.review.dates`; this side turns what it read into minimal text edits, in the
style each date was written in, so `reviewer signoff` changes those characters and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Iterable

from reviewer.config import ReviewSettings
from reviewer.review.dates import (
    BODY_STYLE,
    ISO_STYLE,
    LAST_REVIEWED,
    Place,
    default_interval,
    format_date,
    read_review_metadata,
    value_span,
)
from reviewer.review.intervals import ReviewDate

if TYPE_CHECKING:  # pragma: no cover
    from reviewer.document import Document


@dataclass(frozen=True)
class Edit:
    """Replace source characters [start, end) with `text`."""

    start: int
    end: int
    text: str


class SignoffError(Exception):
    """The article cannot be updated safely; the message says why."""


_PLAIN_YAML = re.compile(r"[A-Za-z0-9][\w .,'()/&+\-]*")


def yaml_scalar(value: str, quote: str = "") -> str:
    """`value` as a YAML scalar: inside the existing `quote`, plain when safe, else double-quoted."""
    if quote == "'":
        return value.replace("'", "''")
    if quote == '"':
        return value.replace("\\", "\\\\").replace('"', '\\"')
    if _PLAIN_YAML.fullmatch(value) and not value.endswith((" ", ":")) and value.lower() not in (
            "yes", "no", "true", "false", "on", "off", "null", "~"):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def signoff_edits(doc: "Document", day: date, name: str, settings: ReviewSettings | None = None) -> list[Edit]:
    """The edits that record a review on `day` by `name`, wherever the article keeps its review.

    Every last-review date (front matter key and in-body line alike) becomes `day`, every written
    next-review date becomes `day` plus the article's interval, each in the style it was written in;
    `reviewed_by` is set where the article names its reviewer (front matter key, or "by NAME" on the
    review line); an article that keeps its review only in the body gets "by NAME" on its review line,
    any other one a front matter key. An article with no review date gets front matter
    keys (and front matter, when it has none). Nothing else changes.
    """
    settings = settings or ReviewSettings()
    if any(p.rule == "document.front-matter" for p in doc.problems):
        raise SignoffError("the front matter is malformed; fix it first (run `reviewer lint` to see where)")
    metadata = read_review_metadata(doc, settings)
    interval = metadata.interval.value if metadata.interval and metadata.interval.value else default_interval(settings)
    due = interval.after(ReviewDate(day)).start
    edits: list[Edit] = []
    for entry in metadata.dates:
        if entry.span is None:
            raise SignoffError(f"cannot rewrite the date at {entry.place.describe()}; edit it by hand")
        new = day if entry.kind == LAST_REVIEWED else due
        style = entry.style or (ISO_STYLE if entry.place.in_front_matter else BODY_STYLE)
        written = format_date(new, style)
        edits.append(Edit(*entry.span, yaml_scalar(written, entry.quote) if entry.place.in_front_matter else written))
    last_keys = [p for p in metadata.blank_keys if p.key in settings.last_reviewed_keys]
    for place in metadata.blank_keys:
        new = day if place in last_keys else due
        edits.append(_fill_blank(doc, place, new.isoformat()))
    added: list[str] = []
    if not metadata.last_reviewed and not last_keys:
        added.append(f"{settings.last_reviewed_keys[0]}: {day.isoformat()}")
    reviewer_entries = [e for e in metadata.reviewed_by if e.span is not None]
    for entry in reviewer_entries:
        edits.append(Edit(*entry.span, yaml_scalar(name, entry.quote) if entry.place.in_front_matter else name))
    body_lines = [e for e in metadata.last_reviewed if e.span is not None and not e.place.in_front_matter
                  and not any(n.place.line == e.place.line for n in metadata.next_review)]  # "by NAME" ends it
    if not reviewer_entries and body_lines and not any(e.place.in_front_matter for e in metadata.last_reviewed):
        # the article keeps its review in the body: the reviewer goes there too ("Reviewed 3 July 2025 by NAME")
        edits.append(Edit(body_lines[0].span[1], body_lines[0].span[1], f" by {name}"))
    elif not reviewer_entries:
        added.append(f"{settings.reviewed_by_keys[0]}: {yaml_scalar(name)}")
    if added:
        edits.append(_front_matter_insertion(doc, added))
    return sorted(edits, key=lambda e: e.start)


def _fill_blank(doc: "Document", place: Place, value: str) -> Edit:
    span, _quote = value_span(doc.source, place)
    if span is None:
        raise SignoffError(f"cannot fill {place.describe()}; edit it by hand")
    start = span[0]
    prefix = " " if doc.source[start - 1] == ":" else ""
    return Edit(start, span[1], prefix + value)


def _front_matter_insertion(doc: "Document", lines: list[str]) -> Edit:
    newline = doc.newline
    text = "".join(line + newline for line in lines)
    if doc.front_matter_end:
        closing = doc.source.rfind("\n", 0, doc.front_matter_end - 1) + 1
        return Edit(closing, closing, text)
    gap = "" if doc.source.startswith(("\n", "\r\n")) else newline
    return Edit(0, 0, f"---{newline}{text}---{newline}{gap}")


def apply_edits(source: str, edits: Iterable[Edit]) -> str:
    pieces, position = [], 0
    for edit in sorted(edits, key=lambda e: e.start):
        if edit.start < position:
            raise SignoffError("overlapping edits")
        pieces += [source[position:edit.start], edit.text]
        position = edit.end
    pieces.append(source[position:])
    return "".join(pieces)
