"""Front matter: the YAML block at the top of an article, read apart from the prose (plain `key: value` lines
without YAML at all), with the line of each key and the problems YAML reports."""

from __future__ import annotations

import re
from typing import Any

from reviewer.document.model import LINE_END, Document
from reviewer.lint.finding import Severity

_FRONT_MATTER_KEY = re.compile(r"([A-Za-z_][\w.\-]*)[ \t]*:")


def read_front_matter(doc: Document, load: bool = True) -> None:
    """Parse YAML front matter apart: front_matter, front_matter_lines, front_matter_end, problems
    (with `load=False`, only front_matter_end).

    Only the lines up to the closing `---` are looked at, so a reader that needs no more than the front
    matter (a review report) never builds the line table of the whole article. `doc` is a Document, or
    anything with its `source`, `line_offset`, `line_text`, `finding` and front matter fields
    (`reviewer.document.reviewinfo.ReviewSource`): one reader for both.
    """
    source = doc.source
    first = LINE_END.search(source)
    if (source[:first.start()] if first is not None else source).rstrip() != "---":
        return
    starts = [0]  # starts of lines 1, 2, ... as far as the scan went
    close = None
    if first is not None:
        starts.append(first.end())
        position = first.end()
        length = len(source)
        while True:  # line len(starts) begins at `position`
            end = LINE_END.search(source, position)
            text_end = end.start() if end is not None else length
            if source[position:position + 3] in ("---", "...") \
                    and source[position:text_end].rstrip(" \t") in ("---", "..."):
                close = len(starts)
                doc.front_matter_end = end.end() if end is not None else length
                break
            if end is None:
                break
            position = end.end()
            starts.append(position)
    if close is None:
        doc.problems.append(doc.finding(0, len(doc.line_text(1)),
                                        "front matter opened on line 1 is never closed with '---'",
                                        rule="document.front-matter", severity=Severity.ERROR))
        return
    yaml_text = source[starts[1]:starts[close - 1]]
    if not load:
        return
    doc.front_matter_lines = {}
    for line in range(2, close):
        key = _FRONT_MATTER_KEY.match(source, starts[line - 1], starts[line])
        if key:
            doc.front_matter_lines[key.group(1)] = line  # a repeated key: YAML keeps the last
    data, error = load_front_matter_yaml(yaml_text)
    if error is not None:
        line_in_yaml, message = error
        offset = doc.line_offset(2 + line_in_yaml)
        doc.problems.append(doc.finding(offset, offset + len(doc.line_text(2 + line_in_yaml)),
                                        f"malformed front matter: {message}",
                                        rule="document.front-matter", severity=Severity.ERROR))
        doc.front_matter = _salvaged(doc, close)
    else:
        doc.front_matter = data


def _salvaged(doc: Document, close: int) -> dict[str, Any]:
    """What malformed front matter still says plainly: its top-level `key: value` lines whose value is a
    simple scalar (a review date on its own line survives an unquoted `- %` elsewhere in the block)."""
    found: dict[str, Any] = {}
    for line in range(2, close):
        text = doc.line_text(line)
        if text[:1].isspace():
            continue  # nested under a key YAML could not read
        found.update(simple_front_matter(text) or {})
    return found


_SIMPLE_LINE = re.compile(r"([A-Za-z_][\w.\-]*):[ \t]+(.*?)[ \t]*")


_SIMPLE_WORDS = re.compile(r"[A-Za-z][\w ,./()&+'\-]*")  # starts with a letter, no `#` or `:`: plain text


_SIMPLE_DATE = re.compile(r"\d+[-/]\d+(?:[-/]\d+)?")  # 2024-03-12, 03/12/2024: strings (no timestamps)


_SIMPLE_PHRASE = re.compile(r"\d+ [A-Za-z][\w ,]*")  # 12 months, 3 July 2025: not numbers


_SIMPLE_INT = re.compile(r"0|[1-9]\d*")


_YAML_WORDS = frozenset("y yes n no on off true false null ~".split())  # YAML 1.1 booleans and null


def simple_front_matter(text: str) -> dict[str, Any] | None:
    """The mapping of front matter written as plain `key: value` lines, or None for anything else.

    Most articles' front matter is a few such lines. Reading them here gives exactly what the
    YAML loader gives (a test compares the two) without importing or running it; lists,
    nesting, flow style, escapes, comments after values and ambiguous scalars return None
    and go to the YAML loader.
    """
    data: dict[str, Any] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = _SIMPLE_LINE.fullmatch(line)
        if match is None or match.group(1) in data:
            return None
        key, value = match.groups()
        if value[:1] == '"' and value[-1:] == '"' and len(value) > 1 and not any(c in value[1:-1] for c in '"\\'):
            data[key] = value[1:-1]
        elif value[:1] == "'" and value[-1:] == "'" and len(value) > 1 and "'" not in value[1:-1]:
            data[key] = value[1:-1]
        elif _SIMPLE_INT.fullmatch(value):
            data[key] = int(value)
        elif (_SIMPLE_WORDS.fullmatch(value) and value.lower() not in _YAML_WORDS) \
                or _SIMPLE_DATE.fullmatch(value) or _SIMPLE_PHRASE.fullmatch(value):
            data[key] = value
        else:
            return None
    return data


def load_front_matter_yaml(text: str) -> tuple[dict[str, Any], tuple[int, str] | None]:
    """YAML text -> (mapping, None) or ({}, (0-based line, message)). Dates stay strings."""
    simple = simple_front_matter(text)
    if simple is not None:
        return simple, None
    import yaml

    try:
        data = yaml.load(text, Loader=_front_matter_loader())
    except yaml.YAMLError as exc:
        from reviewer.lint.rulepack import yaml_error_summary

        line, _column, problem = yaml_error_summary(exc)
        return {}, ((line - 1 if line else 0), problem)
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return {}, (0, f"expected a mapping of keys to values, found a {type(data).__name__}")
    return {str(k): v for k, v in data.items()}, None


_LOADER = None


def _front_matter_loader():
    """A safe YAML loader that keeps dates as strings, so an impossible date is ours to report."""
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        class FrontMatterLoader(base):  # type: ignore[misc, valid-type]
            pass

        FrontMatterLoader.yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }
        _LOADER = FrontMatterLoader
    return _LOADER
