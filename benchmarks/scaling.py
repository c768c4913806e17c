"""How lint time grows with the size of one article, per rule family, for one or two source trees side by side.

    python benchmarks/scaling.py [--tree NAME=PATH ...] [--sizes 100,1024,4096] [--timeout 120] [--json FILE]

Each measurement lints one generated article with `--select FAMILY` in a fresh process (`python -m reviewer`
from the tree given, so an older checkout can be measured beside this one) and reports the CPU time of the
lint itself, parsing included, as the median of --runs runs. A run over --timeout seconds is killed and
reported as "> T s". Three shapes, each sized in KB:
- paragraph: one paragraph of the same sentence (values with units, a dose) repeated;
- doses: one paragraph of dose instructions with error-prone notation;
- paragraphs: the first sentence in paragraphs of four sentences;
- definitions, explained, claims: one sentence (semicolons and commas, no full stop) of acronym definitions,
  of terms explained in place, of time-relative claims.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAMILIES = ("acronyms", "claims", "document", "jargon", "links", "notation", "plain", "readability", "review",
            "spelling", "structure", "style", "units")
SHAPES = {
    "paragraph": ("The CD4 count was 200 copies/mL and the dose was 5.0 mg. ", False),
    "doses": ("Take 5.0 mg or .5 mg of drug q.d. with 10 u of insulin, 1000000 IU. ", False),
    "paragraphs": ("The CD4 count was 200 copies/mL and the dose was 5.0 mg. ", True),
    "definitions": ("The antiretroviral therapy (ART) works; ", False),
    "explained": ("The nephropathy, which is kidney damage, and ", False),
    "claims": ("recent research currently shows now available ", False),
}
# Run in the child: lint the file once with one family, print the CPU seconds.
CHILD = """
import sys, time
from datetime import date
from reviewer.lint.engine import lint_text
text = open(sys.argv[1], encoding="utf-8").read()
started = time.process_time()
lint_text(text, "big.md", select=[sys.argv[2]], as_of=date(2026, 11, 25))
print(time.process_time() - started)
"""


def article(shape: str, kilobytes: int) -> str:
    sentence, paragraphs = SHAPES[shape]
    count = kilobytes * 1024 // len(sentence)
    body = "\n\n".join(sentence * 4 for _ in range(count // 4)) if paragraphs else sentence * count
    return "# Notes\n\n" + body + "\n"


def measure(tree: Path, path: Path, family: str, timeout: float) -> float | None:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, str(path), family], env=env, capture_output=True,
                              text=True, timeout=timeout, check=True, cwd=path.parent)  # not a tree's folder
    except subprocess.TimeoutExpired:
        return None
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", action="append", default=[], metavar="NAME=PATH",
                        help="a source tree to measure (default: this one, as 'now')")
    parser.add_argument("--sizes", default="100,1024,4096", help="article sizes in KB")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    trees = dict(t.split("=", 1) for t in args.tree) or {"now": str(ROOT)}
    sizes = [int(s) for s in args.sizes.split(",")]
    results = []
    with tempfile.TemporaryDirectory() as work:
        for shape in args.shapes.split(","):
            for size in sizes:
                path = Path(work, f"{shape}-{size}.md")
                path.write_text(article(shape, size), encoding="utf-8")
                for family in args.families.split(","):
                    row = {"shape": shape, "kb": size, "family": family}
                    for name, tree in trees.items():
                        times = []
                        for _ in range(args.runs):
                            seconds = measure(Path(tree), path, family, args.timeout)
                            if seconds is None:
                                times = []
                                break
                            times.append(seconds)
                        row[name] = round(statistics.median(times), 3) if times else None
                    results.append(row)
                    shown = "  ".join(f"{n}: {row[n] if row[n] is not None else f'> {args.timeout:g}'} s"
                                      for n in trees)
                    print(f"{shape:10} {size:5} KB  {family:12} {shown}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
