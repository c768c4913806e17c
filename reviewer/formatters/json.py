"""JSON: the documented contract `{"version": 1, "findings": [...], "summary": {...}}`."""

from __future__ import annotations

import json
from typing import Sequence

from reviewer.finding import Finding
from reviewer.formatters import RenderOptions, Summary


def render(findings: Sequence[Finding], summary: Summary, options: RenderOptions) -> str:
    document = {"version": 1, "findings": [f.to_dict() for f in findings], "summary": summary.to_dict()}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
