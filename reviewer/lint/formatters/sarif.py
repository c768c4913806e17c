"""SARIF 2.1.0 for code-scanning dashboards; columns are Unicode code points, like ours."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import Iterable, Iterator
from urllib.parse import quote

from reviewer.lint.finding import Finding, Severity
from reviewer.lint.formatters.base import RenderOptions, Tally

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "note"}
SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def artifact_location(path: str, root_uri: str) -> dict:
    """A finding's file as SARIF wants it: a percent-encoded URI reference (spaces, `#`, `%` and non-ASCII
    letters would make it invalid), relative to SRCROOT, or a file:// URI for a path outside the folder."""
    encoded = quote(_name_bytes(path), safe="/")
    if PurePosixPath(path).is_absolute():
        return {"uri": "file://" + encoded}
    location = {"uri": encoded}
    return {**location, "uriBaseId": "SRCROOT"} if root_uri else location


_ESCAPED_BYTE = re.compile(r"\\x([89a-fA-F][0-9a-fA-F])")


def _name_bytes(path: str) -> bytes:
    """The bytes of a file's name: paths show a byte that is not UTF-8 as \\xHH (bad\\xffname.md), and a
    URI must carry the byte itself, as %FF, to point at the file."""
    out, position = bytearray(), 0
    for match in _ESCAPED_BYTE.finditer(path):
        out += path[position:match.start()].encode("utf-8")
        out.append(int(match.group(1), 16))
        position = match.end()
    return bytes(out + path[position:].encode("utf-8"))


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps with options builds an encoder per call


def render(findings: Iterable[Finding], tally: Tally, options: RenderOptions) -> Iterator[str]:
    """The run's header (tool, every rule described), then one result a line: nothing waits for the last finding."""
    rules = dict(options.rules or {})
    used = sorted(rules)
    index = {rule_id: i for i, rule_id in enumerate(used)}
    descriptors = []
    for rule_id in used:
        rule = rules[rule_id]
        descriptors.append({
            "id": rule_id,
            "name": rule_id,
            "shortDescription": {"text": rule.summary or rule_id},
            "fullDescription": {"text": rule.doc or rule.summary or rule_id},
            "help": {"text": rule.doc or rule.summary or rule_id},
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        })
    run: dict = {"tool": {"driver": {"name": "reviewer", "version": options.version, "rules": descriptors}},
                 "columnKind": "unicodeCodePoints"}
    if options.root_uri:
        run["originalUriBaseIds"] = {"SRCROOT": {"uri": options.root_uri}}
    head = json.dumps(run, indent=2, ensure_ascii=False)[:-2]  # leave the run object open for its results
    yield f'{{"$schema": {json.dumps(SCHEMA_URI)}, "version": "2.1.0", "runs": [\n{head},\n  "results": ['
    separator = "\n    "
    for f in findings:
        message = f.message + (f" (suggestion: {f.suggestion})" if f.suggestion else "")
        result = {
            "ruleId": f.rule,
            "level": _LEVEL[f.severity],
            "message": {"text": message},
            "locations": [{"physicalLocation": {
                "artifactLocation": artifact_location(f.path, options.root_uri),
                "region": {"startLine": f.line, "startColumn": f.column,
                           "endLine": f.end_line, "endColumn": f.end_column},
            }}],
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        yield separator + _ENCODE(result)
        separator = ",\n    "
    yield "]}]}\n"
