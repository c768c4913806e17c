"""JSON: the documented contract `{"version": 1, "findings": [...], "summary": {...}}`."""

from __future__ import annotations

from typing import Sequence

from reviewer.finding import Finding
from reviewer.formatters import RenderOptions, Summary
from reviewer.jsontext import dumps_by_line


def render(findings: Sequence[Finding], summary: Summary, options: RenderOptions) -> str:
    document = {"version": 1, "findings": [f.to_dict() for f in findings], "summary": summary.to_dict()}
    return dumps_by_line(document, "findings")
