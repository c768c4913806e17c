"""JSON: the documented contract `{"version": 1, "findings": [...], "summary": {...}}`, one finding a line."""

from __future__ import annotations

import json
from typing import Sequence

from reviewer.lint.finding import Finding
from reviewer.lint.formatters.base import FileRenderer, Format, RenderOptions, Tally

_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps with options builds an encoder per call


def head(options: RenderOptions) -> str:
    return '{"version": 1,\n"findings": ['


def file_renderer(options: RenderOptions) -> FileRenderer:
    def render(findings: Sequence[Finding]) -> str:
        return "".join([",\n  " + _ENCODE(f.to_dict()) for f in findings])

    return FileRenderer("json", render)


def tail(tally: Tally, options: RenderOptions, any_finding: bool) -> str:
    return ("\n]" if any_finding else "]") + ',\n"summary": ' + json.dumps(tally.summary().to_dict()) + "}\n"


FORMAT = Format("json", head, file_renderer, tail, lead=",")
