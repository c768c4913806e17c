"""The report's front-matter-only reader (`reviewer.document.reviewinfo`) agrees with the full document reader.

A report reads articles and old versions with `read_review_source`, which builds no prose model and no line
table beyond what is asked. Everything a report keeps from an article must be what the full reader
(`decode_document(..., prose=False)`) gives: front matter, its lines and problems, review metadata (dates,
places, spans, styles, errors), the facts a row is built from, the line that states the review, the title.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.config import ReviewSettings
from reviewer.document.decode import decode_document
from reviewer.document.reviewinfo import ReviewSource, read_review_source
from reviewer.lint.finding import Finding
from reviewer.review.dates import Interval, read_review_metadata
from reviewer.review.report import article_title
from reviewer.review.rows import body_digest, review_facts, review_line_of

ROOT = Path(__file__).resolve().parent.parent

DEFAULT = ReviewSettings()
MS_DATE = ReviewSettings(last_reviewed_keys=("ms.date",), date_formats=("%m/%d/%Y",))
TWELVE = Interval(12, "month")

TRICKY = {
    "quoted": '---\ntitle: "Asthma"\nlast_reviewed: "2025-03-04"\nowner: \'@team\'\n---\n# Asthma\n\nText.\n',
    "unquoted": "---\ntitle: Asthma\nlast_reviewed: 2025-03-04\nreview_interval: 6 months\n---\nText.\n",
    "month only": "---\nlast_reviewed: 2025-03\nnext_review: March 2026\n---\nText.\n",
    "impossible date": "---\nlast_reviewed: 2025-02-30\n---\nText.\n",
    "blank key": "---\nlast_reviewed:\nreviewed_by: Dr A\n---\nText.\n",
    "list value": "---\nlast_reviewed:\n  - 2025-01-01\n  - 2025-02-01\n---\nText.\n",
    "ms.date": "---\ntitle: Topic\nms.date: 12/01/2018\nms.topic: reference\nauthor: writer4\n---\n# Topic\n",
    "ms.date quoted": '---\nms.date: "03/04/2021"  # set by the tool\n---\nBody.\n',
    "ms.date bad": "---\nms.date: 13/45/2021\n---\nBody.\n",
    "body lines": ("# Fever\n\nDrink water.\n\n*Page last reviewed: 4 February 2021*  \n"
                  "*Next review due: 4 February 2024*\n"),
    "body label then date": "# Fever\n\nText.\n\nLast reviewed:\n3 July 2025\n",
    "body reviewed by": "Text.\n\nReviewed by Dr Amina Okafor on 3 July 2025 | Next review due: July 2026\n",
    "body in a fence": "Text.\n\n```\nReviewed: 3 July 2025\n```\n",
    "front matter and body disagree": "---\nlast_reviewed: 2025-01-01\n---\nText.\n\nLast reviewed: 2 January 2025\n",
    "yaml error beside a readable date": ("---\ntitle: Units\nlast_reviewed: 2025-03-04\ntags:\n  - %\n"
                                          "reviewed_by: Dr B\n---\nText.\n"),
    "yaml error, ms.date": "---\nms.date: 03/04/2021\nkeywords: [a, b\n---\nText.\n",
    "bom": "\ufeff---\nlast_reviewed: 2025-03-04\n---\n# Title\n",
    "crlf": "---\r\ntitle: Windows\r\nlast_reviewed: 2025-03-04\r\n---\r\n# Windows\r\n\r\nReviewed: 5 March 2025\r\n",
    "cr only": "---\rlast_reviewed: 2025-03-04\r---\rText.\r",
    "dots closer": "---\nlast_reviewed: 2025-03-04\n...\nText.\n",
    "closer with spaces": "--- \nlast_reviewed: 2025-03-04\n---  \nText.\n",
    "closer at the end": "---\nlast_reviewed: 2025-03-04\n---",
    "never closed": "---\nlast_reviewed: 2025-03-04\nText.\n",
    "only the opener": "---",
    "empty front matter": "---\n---\nText.\n",
    "not front matter": "Text first.\n---\nlast_reviewed: 2025-03-04\n---\n",
    "empty": "",
    "invisible characters": "Text.\n\nLast\u200b reviewed: 3\u00a0July 2025\n",
    "html": "Text.\n\n<p>Page last reviewed: 4 February 2021<br>Next review due: 4 February 2024</p>\n",
    "nested keys": "---\nreview:\n  last_reviewed: 2025-01-01\nlast_reviewed: 2024-12-01\n---\nText.\n",
    "repeated key": "---\nlast_reviewed: 2024-01-01\nlast_reviewed: 2025-01-01\n---\nText.\n",
    "timestamp": "---\nlast_reviewed: 2025-03-04T10:00:00Z\n---\nText.\n",
    "title heading": "---\nlast_reviewed: 2025-03-04\n---\n\n## **Bold** _title_ ##\n",
}


def _problems(doc) -> list[tuple]:
    return [(p.rule, p.line, p.column, p.end_line, p.end_column, p.message, p.start, p.end) for p in doc.problems]


def _same(fast, full, settings: ReviewSettings) -> None:
    assert isinstance(fast, ReviewSource)
    assert fast.source == full.source and fast.bom == full.bom and fast.kind == full.kind
    assert fast.front_matter == full.front_matter
    assert fast.front_matter_lines == full.front_matter_lines
    assert fast.front_matter_end == full.front_matter_end
    assert _problems(fast) == _problems(full)
    for line in range(0, full.line_count + 3):
        assert fast.line_offset(line) == full.line_offset(line)
        assert fast.line_text(line) == full.line_text(line)
    assert fast.line_count == full.line_count
    metadata = read_review_metadata(fast, settings)
    assert metadata == read_review_metadata(full, settings)
    facts = review_facts(metadata, TWELVE)
    assert facts == review_facts(read_review_metadata(full, settings), TWELVE)
    assert facts.last_place == review_facts(read_review_metadata(full, settings), TWELVE).last_place
    assert review_line_of(fast.source, facts) == review_line_of(full.source, facts)
    assert article_title(fast) == article_title(full)
    assert body_digest(fast.source, settings.date_formats) == body_digest(full.source, settings.date_formats)


@pytest.mark.parametrize("name", sorted(TRICKY))
@pytest.mark.parametrize("settings", [DEFAULT, MS_DATE], ids=["default keys", "ms.date"])
@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_the_fast_reader_reads_what_the_full_reader_reads(name, settings, suffix):
    raw = TRICKY[name].encode("utf-8")
    if name == "bom":
        raw = b"\xef\xbb\xbf" + TRICKY[name][1:].encode("utf-8")
    display = f"docs/article{suffix}"
    _same(read_review_source(raw, display), decode_document(raw, display, None, prose=False), settings)


def test_a_yaml_error_keeps_the_readable_date_on_both_paths():
    raw = TRICKY["yaml error beside a readable date"].encode()
    fast = read_review_source(raw, "a.md")
    assert [p.line for p in fast.problems] == [5]
    assert review_facts(read_review_metadata(fast, DEFAULT), TWELVE).last_reviewed.iso() == "2025-03-04"


@pytest.mark.parametrize("raw", [
    b"\xff\xfe-\x00-\x00-\x00",  # UTF-16
    b"---\nlast_reviewed: 2025-03-04\n---\n\x00\x01binary",
    b"---\nlast_reviewed: 2025-03-04\n---\nBad byte \xff here\n",
])
def test_bytes_the_fast_path_does_not_expect_are_described_by_the_full_decoder(raw):
    fast, full = read_review_source(raw, "a.md"), decode_document(raw, "a.md", None, prose=False)
    assert isinstance(fast, Finding) and fast == full


def test_the_sample_articles_read_the_same_both_ways():
    files = sorted(p for p in (ROOT / "articles").rglob("*") if p.suffix in (".md", ".txt"))
    assert files
    for path in files:
        raw = path.read_bytes()
        _same(read_review_source(raw, path.name, path), decode_document(raw, path.name, path, prose=False), DEFAULT)


def test_only_the_front_matter_lines_are_scanned():
    body = "".join(f"Line {n} of a long article.\n" for n in range(5000))
    fast = read_review_source(f"---\ntitle: Long\nlast_reviewed: 2025-01-01\n---\n{body}".encode(), "long.md")
    read_review_metadata(fast, DEFAULT)
    assert len(fast._starts_found) < 10  # the line table stopped at the front matter
    assert fast.line_count == 5005  # and grows on demand, as the full reader's


@pytest.mark.parametrize("text", ["", "No label here.", "Reviewed: 3 July 2025", "REVIEW DUE", "reviEw",
                                  "rev\u0130ew", "REV\u0131EW", "rev\u0130", "Re\u200bviewed", "soft\u00adhyphen",
                                  "Revi\u0307ew", "pre-review", "R\u0415VIEW (Cyrillic E)"])
@pytest.mark.parametrize("start", [0, 1, 4])
def test_the_quick_test_for_a_review_line_agrees_with_the_pattern(text, start):
    from reviewer.review.dates import _MAYBE_STATEMENT, _may_hold_a_statement

    assert _may_hold_a_statement(text, start) == (_MAYBE_STATEMENT.search(text, start) is not None)
