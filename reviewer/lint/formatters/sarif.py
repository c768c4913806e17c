"""SARIF 2.1.0 for code-scanning dashboards; columns are Unicode code points, like ours."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import PurePosixPath
from typing import Sequence
from urllib.parse import quote

from reviewer.lint.finding import Finding, Severity
from reviewer.lint.formatters.base import FileRenderer, Format, RenderOptions

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


def head(options: RenderOptions) -> str:
    """The run's header (tool, every rule described), left open for the results: nothing waits for the last finding."""
    rules = dict(options.rules or {})
    descriptors = []
    for rule_id in sorted(rules):
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
    return f'{{"$schema": {json.dumps(SCHEMA_URI)}, "version": "2.1.0", "runs": [\n{head},\n  "results": ['


def file_renderer(options: RenderOptions) -> FileRenderer:
    """One result a line. A result depends on the rules' order (its ruleIndex) and on whether paths are
    relative to SRCROOT, besides its finding: the variant names both."""
    index = {rule_id: i for i, rule_id in enumerate(sorted(options.rules or {}))}
    root_uri = options.root_uri

    def render(findings: Sequence[Finding]) -> str:
        results = []
        for f in findings:
            message = f.message + (f" (suggestion: {f.suggestion})" if f.suggestion else "")
            result = {
                "ruleId": f.rule,
                "level": _LEVEL[f.severity],
                "message": {"text": message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": artifact_location(f.path, root_uri),
                    "region": {"startLine": f.line, "startColumn": f.column,
                               "endLine": f.end_line, "endColumn": f.end_column},
                }}],
            }
            if f.rule in index:
                result["ruleIndex"] = index[f.rule]
            results.append(",\n    " + _ENCODE(result))
        return "".join(results)

    rules_digest = hashlib.blake2b("\n".join(index).encode(), digest_size=16).hexdigest()
    return FileRenderer(f"sarif {'rooted' if root_uri else 'unrooted'} {rules_digest}", render)


FORMAT = Format("sarif", head, file_renderer, lambda tally, options, any_finding: "]}]}\n", lead=",")
