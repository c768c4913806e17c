"""JSON: the documented contract `{"version": 1, "findings": [...], "summary": {...}}`, one finding a line."""

from __future__ import annotations

import json
from typing import Iterable, Iterator

from reviewer.lint.finding import Finding
from reviewer.lint.formatters.base import RenderOptions, Tally

_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps with options builds an encoder per call


def render(findings: Iterable[Finding], tally: Tally, options: RenderOptions) -> Iterator[str]:
    yield '{"version": 1,\n"findings": ['
    written = 0
    for f in findings:
        yield ("\n  " if not written else ",\n  ") + _ENCODE(f.to_dict())
        written += 1
    yield ("\n]" if written else "]") + ',\n"summary": ' + json.dumps(tally.summary().to_dict()) + "}\n"
