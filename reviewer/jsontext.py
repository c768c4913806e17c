"""JSON text for the machine-readable outputs: one list item per line.

`json.dumps(..., indent=2)` runs Python's pure-Python encoder (the C encoder works only without
indentation) and spreads a 10,000-row report over 150,000 lines. Writing each item of the main
list on a line of its own keeps the C encoder, stays readable and diffable, and is the same JSON.
"""

from __future__ import annotations

import json
from typing import Any, Mapping


def dumps_by_line(document: Mapping[str, Any], list_key: str) -> str:
    """`document` as JSON, with each item of `document[list_key]` on its own line."""
    parts = []
    for name, value in document.items():
        if name == list_key and value:
            items = ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in value)
            parts.append(f"{json.dumps(name)}: [\n{items}\n]")
        else:
            parts.append(f"{json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}")
    return "{" + ",\n".join(parts) + "}\n"
