"""SARIF 2.1.0 for code-scanning dashboards; columns are Unicode code points, like ours."""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Iterable, Iterator
from urllib.parse import quote

from reviewer.finding import Finding, Severity
from reviewer.formatters import RenderOptions, Tally

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "note"}
SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def artifact_location(path: str, root_uri: str) -> dict:
    """A finding's file as SARIF wants it: a percent-encoded URI reference (spaces, `#`, `%` and non-ASCII
    letters would make it invalid), relative to SRCROOT, or a file:// URI for a path outside the folder."""
    if PurePosixPath(path).is_absolute():
        return {"uri": PurePosixPath(path).as_uri()}
    location = {"uri": quote(path, safe="/")}
    return {**location, "uriBaseId": "SRCROOT"} if root_uri else location


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
