"""JSON: the documented contract `{"version": 1, "findings": [...], "summary": {...}}`, one finding a line."""

from __future__ import annotations

import json
from typing import Iterable, Iterator

from reviewer.finding import Finding
from reviewer.formatters import RenderOptions, Tally


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps with options builds an encoder per call


def render(findings: Iterable[Finding], tally: Tally, options: RenderOptions) -> Iterator[str]:
    yield '{"version": 1,\n"findings": ['
    separator = "\n  "
    for f in findings:
        yield separator + _ENCODE(f.to_dict())
        separator = ",\n  "
    yield ("\n]" if separator != "\n  " else "]") + ',\n"summary": ' + json.dumps(tally.summary().to_dict()) + "}\n"
