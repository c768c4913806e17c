"""Review metadata as an article states it: review dates, interval, reviewer and owner, each with its place.

Pure: Document (or raw text) in, values out; no I/O, no "today". Two sources are read:

- front matter keys, named by `config.ReviewSettings` (`last_reviewed`/`reviewed`, `next_review`,
  `review_interval`, `reviewed_by`, `owner`); values arrive as strings (the YAML loader keeps dates
  as text), so an impossible date such as `2024-13-01` is reported here, at the key's line;
- in-body review lines such as "Reviewed July 2025", "Last reviewed: 3 July 2025",
  "*Page last reviewed: 4 February 2021*" / "*Next review due: 4 February 2024*" or
  "Page last reviewed: March 4, 2014", tolerant of emphasis markers, HTML tags and invisible characters.

A month-only date ("July 2025") keeps its precision: it prints as "2025-07" and counts from the first
day of that month. Every value remembers where it was written, so findings land on that line and
`reviewer signoff` can rewrite exactly the date's characters, in the article's own style (`reviewer.review.signoff`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR, date, datetime
from typing import TYPE_CHECKING, Any, Iterable

from reviewer.config import ReviewSettings
from reviewer.review.intervals import Interval, ReviewDate, parse_interval

if TYPE_CHECKING:  # pragma: no cover
    from reviewer.document import Document

LAST_REVIEWED = "last_reviewed"
NEXT_REVIEW = "next_review"

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
MONTH_NAMES = tuple(calendar.month_name)

# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class DateStyle:
    """How a date was written, so a new one can be written the same way."""

    kind: str  # iso | iso-month | dmy | mdy | my | strptime
    abbreviated: bool = False  # "Feb" rather than "February"
    ordinal: bool = False  # "4th"
    comma: bool = True  # "March 4, 2014" / "July, 2025"
    dot: bool = False  # "Feb." rather than "Feb"
    zero_pad: bool = False  # "04 February 2021"
    fmt: str = ""  # for kind == "strptime"

    @property
    def precision(self) -> str:
        if self.kind == "strptime":
            return "day" if re.search(r"%[dj]", self.fmt) else "month"
        return "month" if self.kind in ("iso-month", "my") else "day"


ISO_STYLE = DateStyle("iso")
BODY_STYLE = DateStyle("dmy")


@dataclass(frozen=True)
class Place:
    """Where a value was written: its line, and the source span findings should cover (the line's text)."""

    line: int
    start: int
    end: int
    key: str | None = None  # the front matter key, for values from front matter

    @property
    def in_front_matter(self) -> bool:
        return self.key is not None

    def describe(self) -> str:
        return f"front matter key '{self.key}' (line {self.line})" if self.key else f"line {self.line}"


@dataclass(frozen=True)
class DateEntry:
    """One review date the article states, read or not."""

    kind: str  # LAST_REVIEWED | NEXT_REVIEW
    text: str  # as written
    place: Place
    value: ReviewDate | None = None
    error: str | None = None  # why `text` could not be read
    span: tuple[int, int] | None = None  # source offsets of the date's characters
    style: DateStyle | None = None
    quote: str = ""  # the YAML quote character around a front matter value


@dataclass(frozen=True)
class TextEntry:
    """A plain value (reviewer, owner) and where it is written."""

    value: str
    place: Place
    span: tuple[int, int] | None = None
    quote: str = ""


@dataclass(frozen=True)
class IntervalEntry:
    text: str
    place: Place
    value: Interval | None = None
    error: str | None = None


@dataclass(frozen=True)
class ReviewMetadata:
    """Everything an article says about its review, front matter entries first, then body lines in order."""

    last_reviewed: tuple[DateEntry, ...] = ()
    next_review: tuple[DateEntry, ...] = ()
    interval: IntervalEntry | None = None
    reviewed_by: tuple[TextEntry, ...] = ()
    owner: TextEntry | None = None
    blank_keys: tuple[Place, ...] = ()  # review date keys present with no value (a template left unfilled)

    @property
    def dates(self) -> tuple[DateEntry, ...]:
        return self.last_reviewed + self.next_review

    @property
    def unreadable(self) -> list[DateEntry | IntervalEntry]:
        """Entries whose value cannot be read, in source order."""
        bad: list[DateEntry | IntervalEntry] = [e for e in self.dates if e.error]
        if self.interval is not None and self.interval.error:
            bad.append(self.interval)
        return sorted(bad, key=lambda e: e.place.start)

    @property
    def has_date(self) -> bool:
        return bool(self.last_reviewed or self.next_review)

    @property
    def reviewer(self) -> str | None:
        return self.reviewed_by[0].value if self.reviewed_by else None


@dataclass(frozen=True)
class Schedule:
    """When the article was last reviewed and when it is next due, with the entries that say so."""

    last: DateEntry | None  # the earliest readable last-review date
    due: ReviewDate | None
    due_from: DateEntry | None  # the written next-review entry, or `last` when due = last + interval
    interval: Interval | None

    @property
    def last_reviewed(self) -> ReviewDate | None:
        return self.last.value if self.last else None


@dataclass(frozen=True)
class Disagreement:
    """Two entries of the same kind naming different dates (or a next review before the last one)."""

    first: DateEntry
    second: DateEntry

    def message(self) -> str:
        a, b = self.first, self.second
        if a.kind != b.kind:
            return (f"next review {b.value} ({b.place.describe()}) is before the last review "
                    f"{a.value} ({a.place.describe()})")
        what = "last reviewed" if a.kind == LAST_REVIEWED else "next review"
        return (f"{b.place.describe()} says {what} {b.value}, "
                f"but {a.place.describe()} says {a.value}; make them agree")


# --------------------------------------------------------------------------- date arithmetic


def default_interval(settings: ReviewSettings) -> Interval:
    interval, _error = parse_interval(settings.interval)
    return interval or Interval(12, "month")


# --------------------------------------------------------------------------- reading a date

_ORDINAL = re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b", re.I)
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?"  # a YAML timestamp's time: ignored
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME)
_ISO_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})(?:\s+of)?[\s\-/]+([A-Za-z]+)(\.?)[\s,\-/]+(\d{4})")
_MDY = re.compile(r"([A-Za-z]+)(\.?)[\s\-/]+(\d{1,2})(,?)\s*,?\s*(\d{4})")
_MY = re.compile(r"([A-Za-z]+)(\.?)(,?)[\s\-/]+(\d{4})")
_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})")
_YEAR_ONLY = re.compile(r"(\d{4})")


_PARSED: dict[tuple[str, tuple[str, ...]], tuple] = {}  # the same few hundred dates recur across a repository


def parse_date(value: Any, formats: Iterable[str] = ()) -> tuple[ReviewDate | None, DateStyle | None, str | None]:
    """A review date written by a person -> (ReviewDate, its style, None) or (None, None, why not).

    Accepts ISO dates (2025-07-03, 2025-07, a YAML timestamp), "3 July 2025", "3rd Jul 2025",
    "July 3, 2025", "Feb. 4 2021", "July 2025", and any extra strptime `formats` (tried first).
    Answers for text are remembered (they are immutable values): a report reads thousands of articles
    and old versions that state the same dates.
    """
    if type(value) is not str:
        return _parse_date(value, formats)
    key = (value, formats if type(formats) is tuple else tuple(formats))
    found = _PARSED.get(key)
    if found is None:
        if len(_PARSED) >= 65536:
            _PARSED.clear()
        found = _PARSED[key] = _parse_date(value, key[1])
    return found


def _parse_date(value: Any, formats: Iterable[str] = ()) -> tuple[ReviewDate | None, DateStyle | None, str | None]:
    if isinstance(value, datetime):
        return ReviewDate(value.date()), ISO_STYLE, None
    if isinstance(value, date):
        return ReviewDate(value), ISO_STYLE, None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None, None, "not a date"
    text = " ".join(str(value).split()).strip(" .,;")
    if not text:
        return None, None, "no date given"
    for fmt in formats:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        style = DateStyle("strptime", fmt=fmt)
        day = parsed.date() if style.precision == "day" else parsed.date().replace(day=1)
        return ReviewDate(day, style.precision), style, None
    ordinal = bool(_ORDINAL.search(text))
    plain = _ORDINAL.sub(r"\1", text)
    attempts = (
        (_ISO_DAY, lambda m: _day(m[1], m[2], m[3], DateStyle("iso"))),
        (_ISO_SLASH, lambda m: _day(m[1], m[2], m[3], DateStyle("iso"))),
        (_ISO_MONTH, lambda m: _month(m[1], m[2], DateStyle("iso-month"))),
        (_DMY, lambda m: _named(m[4], m[2], m[1], DateStyle("dmy", _abbr(m[2]), ordinal, dot=bool(m[3]),
                                                             zero_pad=m[1].startswith("0")))),
        (_MDY, lambda m: _named(m[5], m[1], m[3], DateStyle("mdy", _abbr(m[1]), ordinal, comma=bool(m[4]),
                                                             dot=bool(m[2])))),
        (_MY, lambda m: _named(m[4], m[1], None, DateStyle("my", _abbr(m[1]), comma=bool(m[3]), dot=bool(m[2])))),
    )
    for pattern, build in attempts:
        match = pattern.fullmatch(plain)
        if match:
            return build(match)
    if _NUMERIC.fullmatch(plain):
        return None, None, ("numeric dates are ambiguous (day/month or month/day?); write it as YYYY-MM-DD, "
                            "or name the format in review.date_formats")
    if _YEAR_ONLY.fullmatch(plain):
        return None, None, "a year alone is not precise enough; give at least the month"
    return None, None, "not a date reviewer can read; write it as YYYY-MM-DD or like \"3 July 2025\""


_FULL_MONTH_NAMES = frozenset(name.lower() for name in calendar.month_name if name)


def _abbr(name: str) -> bool:
    return name.lower() not in _FULL_MONTH_NAMES


def _checked(year: int, month: int, day: int) -> tuple[date | None, str | None]:
    if not MINYEAR <= year <= MAXYEAR:
        return None, f"year {year} is outside the calendar ({MINYEAR}-{MAXYEAR})"
    if not 1 <= month <= 12:
        return None, f"month {month} does not exist"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return None, f"{MONTH_NAMES[month]} {year} has no day {day}"
    return date(year, month, day), None


def _day(year: str, month: str, day: str, style: DateStyle):
    value, error = _checked(int(year), int(month), int(day))
    return (ReviewDate(value), style, None) if value else (None, None, error)


def _month(year: str, month: str, style: DateStyle):
    value, error = _checked(int(year), int(month), 1)
    return (ReviewDate(value, "month"), style, None) if value else (None, None, error)


def _named(year: str, month_name: str, day: str | None, style: DateStyle):
    month = MONTHS.get(month_name.lower())
    if month is None:
        return None, None, f"{month_name!r} is not a month"
    value, error = _checked(int(year), month, int(day) if day else 1)
    if value is None:
        return None, None, error
    return ReviewDate(value, "month" if day is None else "day"), style, None


def format_date(day: date, style: DateStyle | None) -> str:
    """Write `day` the way `style` wrote its date (month-precision styles write the month only)."""
    style = style or ISO_STYLE
    if style.kind == "strptime":
        return day.strftime(style.fmt)
    if style.kind == "iso":
        return day.isoformat()
    if style.kind == "iso-month":
        return day.strftime("%Y-%m")
    month = calendar.month_abbr[day.month] if style.abbreviated else calendar.month_name[day.month]
    if style.abbreviated and style.dot:
        month += "."
    number = f"{day.day:02d}" if style.zero_pad else str(day.day)
    if style.ordinal:
        number += _ordinal_suffix(day.day)
    if style.kind == "dmy":
        return f"{number} {month} {day.year}"
    if style.kind == "mdy":
        return f"{month} {number}{',' if style.comma else ''} {day.year}"
    return f"{month}{',' if style.comma else ''} {day.year}"


def _ordinal_suffix(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


# --------------------------------------------------------------------------- front matter

_FM_VALUE = re.compile(r"[ \t]*(?P<key>[^:\r\n]+?)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*(?:[ \t]#.*)?")


def _line_place(doc: "Document", line: int, key: str | None) -> Place:
    start = doc.line_offset(line)
    return Place(line, start, start + len(doc.line_text(line)), key)


def value_span(source: str, place: Place) -> tuple[tuple[int, int] | None, str]:
    """Source span of a front matter value on its key's line (inside quotes), and the quote used."""
    match = _FM_VALUE.fullmatch(source, place.start, place.end)
    if not match:
        return None, ""
    start, end = match.span("value")
    text = match.group("value")
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return (start + 1, end - 1), text[0]
    return (start, end), ""


def _front_matter_entries(doc: "Document", settings: ReviewSettings):
    fm, lines = doc.front_matter, doc.front_matter_lines
    dates: dict[str, list[DateEntry]] = {LAST_REVIEWED: [], NEXT_REVIEW: []}
    blank: list[Place] = []

    places: dict[str, Place] = {}

    def place_of(key: str) -> Place:
        place = places.get(key)
        if place is None:
            place = places[key] = _line_place(doc, lines.get(key, 1), key)
        return place

    for kind, keys in ((LAST_REVIEWED, settings.last_reviewed_keys), (NEXT_REVIEW, settings.next_review_keys)):
        for key in keys:
            if key not in fm:
                continue
            value, place = fm[key], place_of(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                blank.append(place)
                continue
            span, quote = value_span(doc.source, place)
            parsed, style, error = parse_date(value, settings.date_formats)
            if isinstance(value, (list, dict)):
                error = f"expected one date, found a {'list' if isinstance(value, list) else 'mapping'}"
            dates[kind].append(DateEntry(kind, str(value), place, parsed, error, span, style, quote))
    interval = None
    for key in settings.interval_keys:
        if key in fm and fm[key] not in (None, ""):
            value, error = parse_interval(fm[key])
            interval = IntervalEntry(str(fm[key]), place_of(key), value, error)
            break
    reviewed_by = []
    for key in settings.reviewed_by_keys:
        name = _plain_text(fm.get(key))
        if name:
            span, quote = value_span(doc.source, place_of(key))
            reviewed_by.append(TextEntry(name, place_of(key), span, quote))
            break
    owner = None
    for key in settings.owner_keys:
        name = _plain_text(fm.get(key))
        if name:
            owner = TextEntry(name, place_of(key))
            break
    return dates, interval, reviewed_by, owner, blank


def _plain_text(value: Any) -> str | None:
    if isinstance(value, list):
        value = " ".join(str(v) for v in value if v is not None)
    if value is None or isinstance(value, (dict, bool)):
        return None
    text = " ".join(str(value).split())
    return text or None


# --------------------------------------------------------------------------- in-body review lines

# Characters that never change what a line says: zero-width spaces and joiners, word joiner,
# BOM, soft hyphen, bidi marks. Non-breaking and thin spaces count as spaces.
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"
_SPACES = "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003"
_MARKUP = re.compile(r"<!--.*?-->|<[A-Za-z/][^>\n]*>|&(?:nbsp|#160|#x[aA]0);|[*_`]+|[" + _INVISIBLE + "]+")
# Tags that break a line or end a block read as a space: "reviewed: 4 February 2021<br>Next review due: ..."
_LINE_BREAK_TAG = re.compile(r"<(?:br|hr|/?(?:p|div|li|td|th|tr|span))\b[^>]*>", re.I)
_LEAD = re.compile(r"^(?:[ \t]*(?:>|[-+•]|#{1,6}|\d{1,3}[.)])(?=[ \t]|$))*[ \t]*")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?-->", re.S)

_LAST_LABEL = (r"(?:(?:page|content|article|information|this\s+page\s+was)\s+)?(?:last\s+)?"
               r"(?:medically\s+|clinically\s+)?reviewed(?:\s+(?:on|in))?"
               r"|date\s+of\s+(?:last\s+)?review|last\s+review(?:\s+date)?")
_NEXT_LABEL = r"next\s+review(?:\s+(?:due|date))?(?:\s+(?:on|by|in))?|review\s+due(?:\s+(?:on|by|in))?"
_LABEL = re.compile(rf"(?P<next>{_NEXT_LABEL})|(?P<last>{_LAST_LABEL})", re.I)
_BY_FIRST = re.compile(r"by\s+(?P<name>[^,;|()]+?)\s*(?:,|\bon\b|\bin\b|[-–—(:])\s*(?=\d|[A-Z])", re.I)
_BY_AFTER = re.compile(r"\s*,?\s*by\s+(?P<name>.+?)\s*$", re.I)
_SEPARATOR = re.compile(r"\s*(?:[|·•;]|\s[-–—]\s|(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bProf)\.\s+(?=[A-Z]))\s*")
# Only lines that mention "review" (or hide invisible characters) can hold a statement: a cheap test first.
_MAYBE_STATEMENT = re.compile(r"review|[" + _INVISIBLE + "]", re.I)
# Characters IGNORECASE matches with "i" that str.lower() does not turn into a plain "i" (dotted and dotless I).
_ODD_I = ("\u0130", "\u0131")


def _may_hold_a_statement(source: str, start: int = 0) -> bool:
    """`_MAYBE_STATEMENT.search(source, start) is not None`, answered with C string searches (a regex with
    IGNORECASE scans every character of the article in Python's regex engine, many times slower)."""
    text = source[start:] if start else source
    if "review" in text.lower() or any(ch in text for ch in _INVISIBLE):
        return True
    if _ODD_I[0] in text or _ODD_I[1] in text:
        return _MAYBE_STATEMENT.search(text) is not None
    return False


_DATE_WORD = r"(?:[A-Za-z]{2,12}\.?|\d{1,4}(?:st|nd|rd|th)?)"
_DATE_SHAPED = re.compile(rf"{_DATE_WORD}(?:[\s,./\-]+{_DATE_WORD}){{0,3}}")
_YEARISH = re.compile(r"\b(?:19|20|21)\d{2}\b|\d+[/.\-]\d+")


@dataclass
class _CleanLine:
    """A source line with markup and invisible characters removed; offsets map back to the source."""

    text: str
    offsets: list[int] = field(repr=False)

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets[start], self.offsets[end - 1] + 1


def _clean(source: str, start: int, end: int) -> _CleanLine:
    chars: list[str] = []
    offsets: list[int] = []
    position = start
    for match in _MARKUP.finditer(source, start, end):
        for i in range(position, match.start()):
            ch = source[i]
            chars.append(" " if ch in _SPACES else ch)
            offsets.append(i)
        if match.group().startswith("&") or _LINE_BREAK_TAG.fullmatch(match.group()):
            chars.append(" ")
            offsets.append(match.start())
        position = match.end()
    for i in range(position, end):
        ch = source[i]
        chars.append(" " if ch in _SPACES else ch)
        offsets.append(i)
    text = "".join(chars)
    lead = _LEAD.match(text)
    cut = lead.end() if lead else 0
    text, offsets = text[cut:], offsets[cut:]
    trimmed = len(text.rstrip(" \t\\"))
    return _CleanLine(text[:trimmed], offsets[:trimmed])


@dataclass(frozen=True)
class ReviewLine:
    """One in-body review statement: a date (read or not), optionally a reviewer."""

    date: DateEntry
    reviewer: TextEntry | None = None


def find_review_lines(source: str, body_start: int = 0, formats: Iterable[str] = ()) -> list[ReviewLine]:
    """Review statements in `source` from `body_start` on, outside code fences and HTML comments.

    A statement starts a line (after list, quote and emphasis markers) with a capitalised label:
    "Reviewed", "Last reviewed", "Page last reviewed", "Date of last review", "Next review due",
    "Review due"...; the date follows on the same line, or alone on the next line after "Label:".
    Several statements may share a line when separated by "|", "·", ";", " - " or a full stop.
    """
    if not _may_hold_a_statement(source, body_start):
        return []  # no line can hold a statement (most articles keep their dates in front matter)
    formats = tuple(formats)
    comments = [m.span() for m in _COMMENT.finditer(source, body_start)]
    found: list[ReviewLine] = []
    fence: str | None = None
    pending: tuple[str, Place] | None = None  # a "Label:" line whose date may be on the next line
    from reviewer.document import LINE_END  # here: a report answered from its cache never reads a document

    line_number = len(LINE_END.findall(source, 0, body_start)) + 1
    position = body_start
    length = len(source)
    while position < length:
        line_end = LINE_END.search(source, position)
        text_end = length if line_end is None else line_end.start()
        next_line = length if line_end is None else line_end.end()
        line = source[position:text_end]
        fence_match = _FENCE.match(line)
        if fence is not None:
            if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence):
                fence = None
        elif fence_match:
            fence = fence_match.group(1)
        elif (pending is not None or _MAYBE_STATEMENT.search(line)) and line.strip() and not any(
                a <= position and text_end <= b for a, b in comments):
            clean = _clean(source, position, text_end)
            place = Place(line_number, position, text_end)
            if pending is not None:
                entry = _date_on_own_line(clean, *pending, formats)
                if entry is not None:
                    found.append(ReviewLine(entry))
                    pending = None
                    line_number += 1
                    position = next_line
                    continue
            pending = None
            statements, pending = _statements(clean, place, formats)
            found.extend(statements)
        line_number += 1
        position = next_line
    return found


def _statements(clean: _CleanLine, place: Place, formats: tuple[str, ...]):
    text = clean.text
    first = _LABEL.match(text)
    if first is None or not text[first.start()].isupper():
        return [], None
    labels = [first]
    for match in _LABEL.finditer(text, first.end()):
        if not text[match.start()].isupper():
            continue
        before = text[labels[-1].end():match.start()].rstrip()
        # A new statement after a separator, or right after the previous statement's date: one-line footers
        # such as "**Page last reviewed:** 4 February 2021 **Next review due:** 4 February 2024".
        if before and (before[-1] in "|·•;.-–—/," or _ends_with_a_date(before)):
            labels.append(match)
    statements = []
    pending = None
    for index, label in enumerate(labels):
        kind = NEXT_REVIEW if label.group("next") else LAST_REVIEWED
        stop = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        begin = label.end()
        rest = text[begin:stop]
        lead = len(rest) - len(rest.lstrip(" :-–—\t"))
        begin += lead
        rest = text[begin:stop]
        reviewer: TextEntry | None = None
        by_first = _BY_FIRST.match(rest) if kind == LAST_REVIEWED else None
        if by_first:
            reviewer = _reviewer(clean, begin + by_first.start("name"), begin + by_first.end("name"), place)
            begin += by_first.end()
            rest = text[begin:stop]
        separator = _SEPARATOR.search(rest)
        date_end = begin + (separator.start() if separator else len(rest))
        date_text = text[begin:date_end]
        by_after = _BY_AFTER.search(date_text) if reviewer is None else None
        if by_after and kind == LAST_REVIEWED:
            reviewer = _reviewer(clean, begin + by_after.start("name"), begin + by_after.end("name"), place)
            date_end = begin + by_after.start()
            date_text = text[begin:date_end]
        stripped = date_text.rstrip(" .,;:/")
        date_end = begin + len(stripped)
        if not stripped:
            if text[label.start():begin].rstrip().endswith(":") and index == len(labels) - 1:
                pending = (kind, place)
            continue
        if not _looks_like_a_date(stripped):
            continue
        value, style, error = parse_date(stripped, formats)
        span = clean.span(begin, date_end)
        statements.append(ReviewLine(DateEntry(kind, stripped, place, value, error, span, style), reviewer))
    return statements, pending


def _ends_with_a_date(text: str) -> bool:
    """True when `text` ends with something shaped like a date ("... on 4 February 2021")."""
    words = text.split()
    return any(_looks_like_a_date(" ".join(words[-n:])) for n in (3, 2, 1) if len(words) >= n)


def _looks_like_a_date(text: str) -> bool:
    """True for text shaped like a date attempt ("Julember 2025", "2024-13-01"), false for prose."""
    words = re.sub(r"^(?:on|in)\s+", "", text, flags=re.I)
    if not _DATE_SHAPED.fullmatch(words) or not _YEARISH.search(words):
        return False
    alphabetic = [w for w in re.findall(r"[A-Za-z]+", words) if w.lower() not in ("st", "nd", "rd", "th", "of")]
    return len(alphabetic) <= 1


def _reviewer(clean: _CleanLine, start: int, end: int, place: Place) -> TextEntry | None:
    name = clean.text[start:end].strip(" .,;")
    if not name:
        return None
    end = start + len(clean.text[start:end].rstrip(" .,;"))
    return TextEntry(name, place, clean.span(start, end))


def _date_on_own_line(clean: _CleanLine, kind: str, label_place: Place, formats) -> DateEntry | None:
    text = clean.text.rstrip(" .")
    if not text or not _looks_like_a_date(text):
        return None
    value, style, error = parse_date(text, formats)
    if value is None:
        return None
    return DateEntry(kind, text, label_place, value, error, clean.span(0, len(text)), style)


# --------------------------------------------------------------------------- the whole article


def read_review_metadata(doc: "Document", settings: ReviewSettings | None = None) -> ReviewMetadata:
    """What `doc` says about its review; cached on the document per settings."""
    settings = settings or ReviewSettings()
    cached = doc.memo.get("reviewdates")
    if cached is not None and cached[0] == settings:
        return cached[1]
    dates, interval, reviewed_by, owner, blank = _front_matter_entries(doc, settings)
    for statement in find_review_lines(doc.source, doc.front_matter_end, settings.date_formats):
        dates[statement.date.kind].append(statement.date)
        if statement.reviewer is not None:
            reviewed_by.append(statement.reviewer)
    metadata = ReviewMetadata(tuple(dates[LAST_REVIEWED]), tuple(dates[NEXT_REVIEW]), interval,
                              tuple(reviewed_by), owner, tuple(blank))
    doc.memo["reviewdates"] = (settings, metadata)
    return metadata


def schedule(metadata: ReviewMetadata, fallback: Interval) -> Schedule:
    """Last review and next due date. When entries disagree, the earliest date wins: a reader may be
    looking at the older one, so the article is judged by it (and `review.inconsistent` says why)."""
    interval = metadata.interval.value if metadata.interval and metadata.interval.value else fallback
    last = _earliest(metadata.last_reviewed)
    written = _earliest(metadata.next_review)
    if written is not None:
        return Schedule(last, written.value, written, interval)
    if last is not None:
        return Schedule(last, interval.after(last.value), last, interval)
    return Schedule(None, None, None, interval)


def _earliest(entries: Iterable[DateEntry]) -> DateEntry | None:
    """The earliest readable entry; on a tie the in-body one (what readers see)."""
    readable = [e for e in entries if e.value is not None]
    if not readable:
        return None
    return min(readable, key=lambda e: (e.value.start, e.place.in_front_matter, e.place.start))


def disagreements(metadata: ReviewMetadata) -> list[Disagreement]:
    """Entries that contradict the first readable entry of their kind, and a next review set before the last."""
    found = []
    for entries in (metadata.last_reviewed, metadata.next_review):
        readable = [e for e in entries if e.value is not None]
        for other in readable[1:]:
            if not same_date(readable[0].value, other.value):
                found.append(Disagreement(readable[0], other))
    last = max((e for e in metadata.last_reviewed if e.value), key=lambda e: e.value.start, default=None)
    for entry in metadata.next_review:
        if last is not None and entry.value is not None and entry.value.end < last.value.start:
            found.append(Disagreement(last, entry))
    return found


def same_date(a: ReviewDate, b: ReviewDate) -> bool:
    """Equal at the coarser precision: "July 2025" agrees with 2025-07-03."""
    if a.precision == "month" or b.precision == "month":
        return (a.start.year, a.start.month) == (b.start.year, b.start.month)
    return a.start == b.start


def days_until(due: ReviewDate, as_of: date) -> int:
    """Days from `as_of` to the due date (negative when overdue); a month-only date is due on its first day."""
    return (due.start - as_of).days


def review_line_spans(source: str, body_start: int = 0, formats: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Source spans of the lines holding in-body review statements (to compare bodies without them)."""
    spans = []
    for statement in find_review_lines(source, body_start, formats):
        place = statement.date.place
        spans.append((place.start, place.end))
        if statement.date.span and statement.date.span[0] > place.end:  # date alone on the next line
            spans.append(statement.date.span)
    return spans
