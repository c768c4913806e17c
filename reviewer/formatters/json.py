"""JSON: the documented contract `{"version": 1, "findings": [...], "summary": {...}}`, one finding a line."""

from __future__ import annotations

import json
from typing import Iterable, Iterator

from reviewer.finding import Finding
from reviewer.formatters import RenderOptions, Tally


def render(findings: Iterable[Finding], tally: Tally, options: RenderOptions) -> Iterator[str]:
    yield '{"version": 1,\n"findings": ['
    separator = "\n  "
    for f in findings:
        yield separator + json.dumps(f.to_dict(), ensure_ascii=False)
        separator = ",\n  "
    yield ("\n]" if separator != "\n  " else "]") + ',\n"summary": ' + json.dumps(tally.summary().to_dict()) + "}\n"
