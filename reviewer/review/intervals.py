"""Review dates as precise as they are written, and review intervals ("12 months") and their arithmetic.

Config validates `review.interval` with `parse_interval`, and the review-date reader builds on these, so
they depend on nothing else in the package.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

INTERVAL_PATTERN = re.compile(r"^\s*(\d+)\s*(day|week|month|year)s?\s*$", re.I)


@dataclass(frozen=True)
class ReviewDate:
    """A date as precise as the article wrote it: a day, or a whole month (stored as its first day)."""

    start: date
    precision: str = "day"  # "day" | "month"

    @property
    def end(self) -> date:
        """The last day the date covers: itself, or the last day of its month."""
        if self.precision == "month":
            return self.start.replace(day=calendar.monthrange(self.start.year, self.start.month)[1])
        return self.start

    def iso(self) -> str:
        return self.start.strftime("%Y-%m") if self.precision == "month" else self.start.isoformat()

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class Interval:
    """A review interval such as "12 months" or "3 years"."""

    amount: int
    unit: str  # day | week | month | year

    def after(self, when: ReviewDate) -> ReviewDate:
        """The date `self` after `when`, keeping month precision for month and year steps.

        A result past the calendar's end (a review dated 9999) is the last day there is: never due.
        """
        try:
            if self.unit in ("month", "year"):
                months = self.amount * (12 if self.unit == "year" else 1)
                return ReviewDate(add_months(when.start, months), when.precision)
            days = self.amount * (7 if self.unit == "week" else 1)
            return ReviewDate(when.start + timedelta(days=days), "day")
        except (OverflowError, ValueError):
            return ReviewDate(date.max, "day")

    @property
    def days(self) -> int:
        """The interval's approximate length in days."""
        return self.amount * {"day": 1, "week": 7, "month": 30, "year": 365}[self.unit]

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}{'' if self.amount == 1 else 's'}"


MAX_INTERVAL_YEARS = 100


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clamped to the end of a shorter month (31 January + 1 month = 28/29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


_PARSED: dict[Any, tuple[Interval | None, str | None]] = {}  # every article of a repository says "12 months"


def parse_interval(value: Any) -> tuple[Interval | None, str | None]:
    """("12 months" ->) Interval, or an error message (remembered: the answer is an immutable value)."""
    if type(value) is not str and type(value) is not int:
        return _parse_interval(value)
    key = (type(value), value)
    found = _PARSED.get(key)
    if found is None:
        if len(_PARSED) >= 4096:
            _PARSED.clear()
        found = _PARSED[key] = _parse_interval(value)
    return found


def _parse_interval(value: Any) -> tuple[Interval | None, str | None]:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None, "not an interval; write it like \"12 months\" or \"3 years\""
    text = str(value)
    match = INTERVAL_PATTERN.match(text)
    if not match:
        hint = " (add a unit)" if text.strip().isdigit() else ""
        return None, f"{text!r} is not an interval like \"12 months\" or \"3 years\"{hint}"
    amount = int(match.group(1))
    if amount == 0:
        return None, "an interval of zero means the article is always overdue"
    interval = Interval(amount, match.group(2).lower())
    if interval.days > MAX_INTERVAL_YEARS * 365:
        return None, f"{text!r} is longer than {MAX_INTERVAL_YEARS} years; write it like \"12 months\" or \"3 years\""
    return interval, None
