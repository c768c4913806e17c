"""Build reviewer/lint/builtin_packs.json: the built-in YAML rule packs (rules/*.yml), parsed ahead of time.

Run after editing a pack in rules/ (the test suite says when it is needed):

    python benchmarks/build_packs.py

Each pack is stored with the SHA-256 of its YAML file; reviewer uses the stored form only while
the file still has that hash and parses the YAML otherwise. The YAML stays the source of truth.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build() -> dict:
    sys.path.insert(0, str(ROOT))
    from reviewer.lint.rulepack import parse_yaml_pack

    packs = {}
    for path in sorted((ROOT / "rules").glob("*.yml")):
        raw = path.read_bytes()
        packs[path.name] = {"sha256": hashlib.sha256(raw).hexdigest(), "data": parse_yaml_pack(path, raw)}
    return {"about": "built-in rule packs parsed from rules/*.yml by benchmarks/build_packs.py; do not edit",
            "packs": packs}


def main() -> int:
    from reviewer.lint.rulepack import COMPILED_PACKS

    COMPILED_PACKS.write_text(json.dumps(build(), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
                              encoding="utf-8")
    print(f"{COMPILED_PACKS}: {COMPILED_PACKS.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
