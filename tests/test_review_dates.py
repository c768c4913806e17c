"""Reading review metadata: dates with their precision and place, in-body review lines, signoff edits."""

from __future__ import annotations

from datetime import date

import pytest

from reviewer.config import ReviewSettings
from reviewer.document import parse
from reviewer.review.intervals import add_months
from reviewer.review.signoff import apply_edits, signoff_edits
from reviewer.review.dates import (
    DateStyle,
    Interval,
    ReviewDate,
    disagreements,
    find_review_lines,
    format_date,
    parse_date,
    parse_interval,
    read_review_metadata,
    same_date,
    schedule,
)

TWELVE_MONTHS = Interval(12, "month")


@pytest.mark.parametrize("text, expected, precision", [
    ("2025-07-03", date(2025, 7, 3), "day"),
    ("2025-7-3", date(2025, 7, 3), "day"),
    ("2025-07-03T10:15:00Z", date(2025, 7, 3), "day"),
    ("2025-07-03 10:15:00 +01:00", date(2025, 7, 3), "day"),
    ("2025/07/03", date(2025, 7, 3), "day"),
    ("2025-07", date(2025, 7, 1), "month"),
    ("3 July 2025", date(2025, 7, 3), "day"),
    ("03 Jul 2025", date(2025, 7, 3), "day"),
    ("3rd July 2025", date(2025, 7, 3), "day"),
    ("4th of February 2021", date(2021, 2, 4), "day"),
    ("July 3, 2025", date(2025, 7, 3), "day"),
    ("Feb. 4 2021", date(2021, 2, 4), "day"),
    ("March 4, 2014", date(2014, 3, 4), "day"),
    ("Sept 30, 2024", date(2024, 9, 30), "day"),
    ("July 2025", date(2025, 7, 1), "month"),
    ("Jul, 2025", date(2025, 7, 1), "month"),
    ("  July   2025. ", date(2025, 7, 1), "month"),
])
def test_parse_date_reads_the_forms_people_write(text, expected, precision):
    value, style, error = parse_date(text)
    assert error is None and style is not None
    assert value == ReviewDate(expected, precision)


@pytest.mark.parametrize("text, reason", [
    ("Julember 2025", "'Julember' is not a month"),
    ("2024-13-01", "month 13 does not exist"),
    ("31 February 2025", "February 2025 has no day 31"),
    ("2025-02-29", "February 2025 has no day 29"),
    ("03/04/2021", "ambiguous"),
    ("2025", "a year alone"),
    ("soon", "not a date"),
    ("", "no date"),
])
def test_parse_date_explains_what_it_cannot_read(text, reason):
    value, _style, error = parse_date(text)
    assert value is None and reason in error


def test_parse_date_rejects_non_dates_from_yaml():
    assert parse_date(True)[2] == "not a date"
    assert parse_date(["2025-01-01"])[2] == "not a date"
    assert parse_date(date(2025, 1, 2))[0] == ReviewDate(date(2025, 1, 2))


def test_extra_formats_are_tried_first():
    value, style, error = parse_date("07/03/2025", ["%m/%d/%Y"])
    assert value == ReviewDate(date(2025, 7, 3)) and style.fmt == "%m/%d/%Y" and error is None
    value, style, _ = parse_date("07/2025", ["%m/%Y"])
    assert value == ReviewDate(date(2025, 7, 1), "month") and style.precision == "month"


@pytest.mark.parametrize("written", ["2025-07-03", "3 July 2025", "03 Jul 2025", "3rd Jul. 2025", "July 3, 2025",
                                     "July 3 2025", "Jul 2025", "July, 2025", "2025-07", "07/03/2025"])
def test_format_date_writes_a_date_the_way_it_was_written(written):
    _value, style, _ = parse_date(written, ["%m/%d/%Y"])
    assert format_date(date(2025, 7, 3), style) == written


def test_month_precision_is_kept_in_output_and_counts_from_the_first():
    month = ReviewDate(date(2025, 7, 1), "month")
    assert month.iso() == "2025-07" and month.end == date(2025, 7, 31)
    assert TWELVE_MONTHS.after(month) == ReviewDate(date(2026, 7, 1), "month")
    assert Interval(90, "day").after(month) == ReviewDate(date(2025, 9, 29), "day")


def test_add_months_clamps_to_the_end_of_short_months():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)


@pytest.mark.parametrize("text, expected", [("12 months", Interval(12, "month")), ("3 years", Interval(3, "year")),
                                            ("18 Months", Interval(18, "month")), ("1 year", Interval(1, "year")),
                                            ("6 weeks", Interval(6, "week"))])
def test_parse_interval(text, expected):
    assert parse_interval(text) == (expected, None)


@pytest.mark.parametrize("value", ["12", 12, "a year", "0 months", None])
def test_parse_interval_errors(value):
    interval, error = parse_interval(value)
    assert interval is None and error


# --------------------------------------------------------------------------- in-body lines


def dates_in(text: str):
    return [(s.date.kind, s.date.value.iso() if s.date.value else s.date.error, text[slice(*s.date.span)])
            for s in find_review_lines(text)]


def test_nhs_footer_wrapped_in_bold_italic_with_invisible_characters():
    text = ("Some advice.\n\n***Page last\u200b reviewed: 4\u00a0February 2021***  \n"
            "_**Next review due:** 4 February\u2060 2024_\n")
    assert dates_in(text) == [("last_reviewed", "2021-02-04", "4\u00a0February 2021"),
                              ("next_review", "2024-02-04", "4 February\u2060 2024")]


@pytest.mark.parametrize("line, expected", [
    ("Reviewed July 2025", ("last_reviewed", "2025-07", "July 2025")),
    ("Last reviewed: 3 July 2025", ("last_reviewed", "2025-07-03", "3 July 2025")),
    ("Reviewed on 2025-07-03.", ("last_reviewed", "2025-07-03", "2025-07-03")),
    ("Page last reviewed: March 4, 2014", ("last_reviewed", "2014-03-04", "March 4, 2014")),
    ("> **Date of last review:** 12 May 2024", ("last_reviewed", "2024-05-12", "12 May 2024")),
    ("- Next review: July 2026", ("next_review", "2026-07", "July 2026")),
    ("<p><small>Reviewed: 1 March 2026</small></p>", ("last_reviewed", "2026-03-01", "1 March 2026")),
    ("Reviewed&nbsp;July 2025", ("last_reviewed", "2025-07", "July 2025")),
])
def test_review_line_forms(line, expected):
    assert dates_in(f"# Title\n\nText.\n\n{line}\n") == [expected]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_review_lines_are_found_whatever_the_line_ends(newline):
    text = newline.join(["# Title", "", "Text.", "", "Page last reviewed:", "4 February 2021",
                         "Next review due: 4 February 2024", ""])
    statements = find_review_lines(text)
    assert [(s.date.kind, s.date.value.iso(), s.date.place.line) for s in statements] == [
        ("last_reviewed", "2021-02-04", 5), ("next_review", "2024-02-04", 7)]


def test_two_statements_on_one_line_and_reviewer_names():
    text = "Page last reviewed: 4 February 2021 | Next review due: 4 February 2024\n"
    assert [d[:2] for d in dates_in(text)] == [("last_reviewed", "2021-02-04"), ("next_review", "2024-02-04")]
    statements = find_review_lines("Reviewed by Dr Amina Okafor on 3 July 2025\n"
                                   "Last reviewed: 3 July 2025 by Dr. Jane Smith. Next review due: July 2026\n")
    assert [s.reviewer.value if s.reviewer else None for s in statements] == [
        "Dr Amina Okafor", "Dr. Jane Smith", None]


@pytest.mark.parametrize("line", [
    "Page last reviewed: 4 February 2021 / Next review due: 4 February 2024",
    "Page last reviewed: 4 February 2021, Next review due: 4 February 2024",
    "**Page last reviewed:** 4 February 2021 **Next review due:** 4 February 2024",
    "*Page last reviewed: 4 February 2021* *Next review due: 4 February 2024*",
    "<p>Page last reviewed: 4 February 2021<br>Next review due: 4 February 2024</p>",
    "Page last reviewed: 4 February 2021<br />Next review due: 4 February 2024",
])
def test_a_one_line_footer_holds_both_statements(line):
    """Footers pasted or converted from web pages often keep both statements on one line: missing the
    second would judge the article by the wrong date, missing both would call it never reviewed."""
    found = dates_in(f"# Title\n\nText.\n\n{line}\n")
    assert found == [("last_reviewed", "2021-02-04", "4 February 2021"), ("next_review", "2024-02-04", "4 February 2024")]


def test_a_one_line_footer_is_signed_off_in_place():
    assert signed("# T\n\n**Page last reviewed:** 4 February 2021 **Next review due:** 4 February 2024\n") == (
        "---\nreviewed_by: Dr Jane Smith\n---\n\n"
        "# T\n\n**Page last reviewed:** 20 November 2026 **Next review due:** 20 November 2027\n")
    assert signed("# T\n\nReviewed by Dr Y on 4 Feb 2021 Next review due: 4 Feb 2024\n") == (
        "# T\n\nReviewed by Dr Jane Smith on 20 Nov 2026 Next review due: 20 Nov 2027\n")


def test_date_on_the_line_after_its_label():
    assert dates_in("Page last reviewed:\n4 February 2021\n") == [("last_reviewed", "2021-02-04", "4 February 2021")]


def test_unreadable_review_line_is_kept_with_its_reason():
    assert dates_in("Reviewed Julember 2025\n") == [("last_reviewed", "'Julember' is not a month", "Julember 2025")]


@pytest.mark.parametrize("text", [
    "Your treatment will be\nreviewed every 6 months.\n",  # wrapped prose, lower case
    "Reviewed regularly by our pharmacists.\n",
    "Reviewed by your care team at each visit.\n",
    "A study reviewed in 2019 found a benefit.\n",
    "Reviewed 12 studies in 2019 and found no harm.\n",
    "```\nLast reviewed: 1 January 2019\n```\n",
    "<!-- Last reviewed: 1 January 2019 -->\n",
    "<!--\nLast reviewed: 1 January 2019\n-->\n",
    "~~~~\n```\nReviewed July 2025\n```\n~~~~\n",
])
def test_prose_code_and_comments_are_not_review_lines(text):
    assert dates_in(text) == []


# --------------------------------------------------------------------------- whole articles


def test_front_matter_and_body_entries_with_their_lines():
    source = ("---\ntitle: Asthma\nlast_reviewed: 2025-07-03\nreview_interval: 3 years\n"
              "reviewed_by: Dr Amina Okafor\nowner: \"@content/lungs\"\n---\n\n# Asthma\n\nText.\n\nReviewed July 2025\n")
    meta = read_review_metadata(parse(source, "a.md"))
    assert [(e.place.line, e.place.key, e.value.iso()) for e in meta.last_reviewed] == [
        (3, "last_reviewed", "2025-07-03"), (13, None, "2025-07")]
    assert meta.interval.value == Interval(3, "year") and meta.interval.place.line == 4
    assert meta.reviewer == "Dr Amina Okafor" and meta.owner.value == "@content/lungs"
    assert disagreements(meta) == []
    plan = schedule(meta, TWELVE_MONTHS)
    assert plan.last.place.line == 13  # "July 2025" counts from 1 July: the earliest date judges
    assert plan.due == ReviewDate(date(2028, 7, 1), "month")


def test_configured_keys_and_formats():
    settings = ReviewSettings(last_reviewed_keys=("ms.date",), date_formats=("%m/%d/%Y",),
                              reviewed_by_keys=("ms.reviewer",), owner_keys=("ms.author",))
    doc = parse("---\nms.date: 07/03/2025\nms.reviewer: jdoe\nms.author: docs-team\n---\n\nText.\n", "a.md")
    meta = read_review_metadata(doc, settings)
    assert meta.last_reviewed[0].value == ReviewDate(date(2025, 7, 3))
    assert meta.reviewer == "jdoe" and meta.owner.value == "docs-team"


def test_blank_keys_and_unreadable_values():
    doc = parse("---\nlast_reviewed:\nnext_review: 2024-13-01\nreview_interval: 12\n---\n\nText.\n", "a.md")
    meta = read_review_metadata(doc)
    assert [p.key for p in meta.blank_keys] == ["last_reviewed"]
    assert [(e.place.line, e.error) for e in meta.unreadable] == [
        (3, "month 13 does not exist"), (4, "'12' is not an interval like \"12 months\" or \"3 years\" (add a unit)")]


def test_written_next_review_wins_and_earliest_date_judges():
    doc = parse("---\nlast_reviewed: 2026-02-01\nnext_review: 2026-06-01\n---\n\nText.\n\nLast reviewed: 3 July 2025\n",
                "a.md")
    meta = read_review_metadata(doc)
    plan = schedule(meta, TWELVE_MONTHS)
    assert plan.last_reviewed == ReviewDate(date(2025, 7, 3)) and plan.due == ReviewDate(date(2026, 6, 1))
    assert plan.due_from.kind == "next_review"
    assert [c.second.place.line for c in disagreements(meta)] == [8]


def test_same_date_compares_at_the_coarser_precision():
    assert same_date(ReviewDate(date(2025, 7, 3)), ReviewDate(date(2025, 7, 1), "month"))
    assert not same_date(ReviewDate(date(2025, 7, 3)), ReviewDate(date(2025, 7, 4)))


# --------------------------------------------------------------------------- signoff edits


def signed(source: str, settings: ReviewSettings | None = None, path: str = "a.md") -> str:
    doc = parse(source, path)
    return apply_edits(source, signoff_edits(doc, date(2026, 11, 20), "Dr Jane Smith", settings))


def test_signoff_rewrites_front_matter_values_keeping_quotes_and_comments():
    source = "---\ntitle: X\nlast_reviewed: '2024-05-02'  # set by hand\nreviewed_by: \"Dr A\"\n---\n\nBody.\n"
    assert signed(source) == ("---\ntitle: X\nlast_reviewed: '2026-11-20'  # set by hand\n"
                              "reviewed_by: \"Dr Jane Smith\"\n---\n\nBody.\n")


def test_signoff_moves_written_next_review_by_the_interval_in_each_style():
    source = ("---\nlast_reviewed: 2024-04-22\nreview_interval: 3 years\nnext_review: 2027-04-22\n---\n\n"
              "Body.\n\n*Reviewed April 2024 | Next review due: April 2027*\n")
    assert signed(source) == ("---\nlast_reviewed: 2026-11-20\nreview_interval: 3 years\nnext_review: 2029-11-20\n"
                              "reviewed_by: Dr Jane Smith\n---\n\nBody.\n\n"
                              "*Reviewed November 2026 | Next review due: November 2029*\n")


def test_signoff_fills_a_blank_key_and_adds_front_matter_when_there_is_none():
    assert signed("---\nlast_reviewed:\n---\nBody.\n") == (
        "---\nlast_reviewed: 2026-11-20\nreviewed_by: Dr Jane Smith\n---\nBody.\n")
    assert signed("# Title\r\n\r\nBody.\r\n") == (
        "---\r\nlast_reviewed: 2026-11-20\r\nreviewed_by: Dr Jane Smith\r\n---\r\n\r\n# Title\r\n\r\nBody.\r\n")


def test_signoff_in_body_with_reviewer_named_on_the_line():
    source = "# T\n\nBody.\n\nLast reviewed: 3rd Jul 2025 by Dr. Amina Okafor\n"
    assert signed(source) == "# T\n\nBody.\n\nLast reviewed: 20th Nov 2026 by Dr Jane Smith\n"


def test_signoff_uses_the_configured_format_and_key():
    settings = ReviewSettings(last_reviewed_keys=("ms.date",), date_formats=("%m/%d/%Y",))
    assert signed("---\nms.date: 07/03/2025\n---\nBody.\n", settings) == (
        "---\nms.date: 11/20/2026\nreviewed_by: Dr Jane Smith\n---\nBody.\n")


def test_yaml_style_of_names():
    doc = parse("---\nlast_reviewed: 2025-01-01\n---\nBody.\n", "a.md")
    out = apply_edits(doc.source, signoff_edits(doc, date(2026, 1, 2), "Dr O'Neil: GP #1"))
    assert 'reviewed_by: "Dr O\'Neil: GP #1"' in out
    reparsed = parse(out, "a.md")
    assert reparsed.front_matter["reviewed_by"] == "Dr O'Neil: GP #1"


def test_style_round_trip_is_stable():
    style = DateStyle("mdy", abbreviated=True, dot=True, comma=False)
    assert format_date(date(2026, 1, 2), style) == "Jan. 2 2026"
