"""Report renderers: every format from one hand-made report, including hostile titles and names."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from html.parser import HTMLParser

import jsonschema
import pytest

from reviewer.review.reports import FORMATS, render
from reviewer.review.reports.json import SCHEMA
from reviewer.review.rows import ReviewRow, make_report
from reviewer.review.dates import ReviewDate

AS_OF = date(2026, 11, 25)


def sample_report(shallow=False):
    rows = [
        ReviewRow("articles/asthma.md", "Asthma <script>alert(1)</script>", "overdue", ReviewDate(date(2025, 1, 10)),
                  ReviewDate(date(2026, 1, 10)), 319, "Dr A | B", "@lungs", date(2025, 1, 10), "Ann", "c1",
                  False, ()),
        ReviewRow("articles/nhs.md", "=HYPERLINK(\"http://evil\")", "error", ReviewDate(date(2025, 7, 1), "month"),
                  ReviewDate(date(2026, 7, 1), "month"), 147, None, None, None, None, None, None,
                  ("history_incomplete", "untracked"), ("cannot read 'Julember 2025' (line 9): 'Julember' is not a month",)),
        ReviewRow("articles/diabetes.md", "Type 2 diabetes", "due_soon", ReviewDate(date(2025, 12, 10)),
                  ReviewDate(date(2026, 12, 10)), -15, "Dr Samuel Adeyemi", "@diabetes @docs", date(2026, 7, 1),
                  "Bo", "c2", True, ("changed_since_review",)),
        ReviewRow("articles/feet.md", "", "never_reviewed", owner="@feet"),
        ReviewRow("articles/ok.md", "Vaccines", "ok", ReviewDate(date(2026, 6, 1)), ReviewDate(date(2027, 6, 1)), -188),
    ]
    return make_report(rows, as_of=AS_OF, due_within=30, timezone="UTC", head="a" * 40, shallow=shallow,
                       notes=["HEAD is detached"])


def test_json_follows_the_contract_exactly():
    data = json.loads(render(sample_report(), "json"))
    jsonschema.validate(data, SCHEMA)
    assert list(data) == ["version", "as_of", "repository", "articles", "summary"]
    assert list(data["articles"][0]) == ["path", "title", "status", "last_reviewed", "next_review", "days_overdue",
                                         "reviewed_by", "owner", "last_changed", "last_changed_by",
                                         "changed_since_review", "flags", "problems", "reviewed_commit",
                                         "copied_from"]
    assert [a["problems"] for a in data["articles"]] == [
        ["review overdue since 2026-01-10 (319 days)"],
        ["cannot read 'Julember 2025' (line 9): 'Julember' is not a month"],
        ["review due 2026-12-10, in 15 days", "the text changed since the last review"],
        ["no review date"],
        [],
    ]
    nhs = data["articles"][1]
    assert (nhs["last_reviewed"], nhs["next_review"], nhs["changed_since_review"]) == ("2025-07", "2026-07", None)
    assert data["summary"]["by_status"]["overdue"] == 1 and data["summary"]["due_by_month"]["2026-12"] == 1
    assert data["repository"] == {"head": "a" * 40, "shallow": False}


def test_csv_is_one_row_per_article_and_defuses_formulas():
    rows = list(csv.DictReader(io.StringIO(render(sample_report(), "csv"))))
    assert len(rows) == 5 and rows[0]["path"] == "articles/asthma.md"
    assert rows[1]["title"].startswith("'=HYPERLINK") and rows[0]["owner"] == "'@lungs"
    assert rows[1]["flags"] == "history_incomplete;untracked" and rows[2]["changed_since_review"] == "true"
    assert rows[3]["last_reviewed"] == "" and rows[1]["last_reviewed"] == "2025-07"
    assert rows[2]["problems"] == "review due 2026-12-10, in 15 days; the text changed since the last review"
    assert rows[4]["problems"] == ""


def test_table_lists_worst_first_with_a_summary_by_owner():
    text = render(sample_report(), "table")
    lines = text.splitlines()
    assert lines[2].split()[:2] == ["STATUS", "DUE"] and lines[3].startswith("overdue")
    assert "5 articles: 1 overdue, 1 error, 1 never reviewed, 1 due soon, 1 ok; 1 changed since review" in text
    assert "Julember" in text and "@diabetes" in text and "\x1b[" not in text
    assert "\x1b[31;1m" in render(sample_report(), "table", color=True)


def test_markdown_escapes_table_cells():
    text = render(sample_report(shallow=True), "markdown")
    assert "Dr A \\| B" in text and "&lt;script>" in text and "[!WARNING]" in text
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("| Status |"))
    body = lines[lines.index(header) + 2: lines.index(header) + 7]
    cells = lambda line: len(re.findall(r"(?<!\\)\|", line))  # noqa: E731
    assert len(body) == 5 and all(cells(line) == cells(header) == 9 for line in body)


class _Checker(HTMLParser):
    VOID = {"meta", "br", "input", "rect", "line", "path", "circle"}

    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.tags = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()


def test_html_is_one_well_formed_self_contained_page():
    page = render(sample_report(shallow=True), "html")
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.errors == [] and checker.stack == []
    names = [t for t, _ in checker.tags]
    assert names.count("svg") == 1 and names.count("script") == 1 and names.count("style") == 1
    assert not any(t in names for t in ("link", "img", "iframe", "object"))
    assert not any("src" in attrs or "href" in attrs for _, attrs in checker.tags)
    style = page[page.index("<style>"):page.index("</style>")]
    assert "url(" not in style and "@import" not in style and "http" not in page[page.index("<script>"):]
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Shallow clone" in page and "HEAD is detached" in page
    # one source of counts: the error row past its date is an error, in the cards and in the chart alike
    assert 'aria-labelledby="chart-title"' in page and "Overdue 1," in page
    assert '<div class="card overdue"><b>1</b>' in page
    assert ">319 days overdue<" in page and ">in 15 days<" in page and "-15" not in page  # never "-15 days overdue"
    assert "Dec 2026" in page and "Dec 26" not in page  # a month, not a day


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_report_renders(fmt):
    report = make_report([], as_of=AS_OF, due_within=30, timezone="UTC", head=None, shallow=None)
    assert render(report, fmt)
