"""Cold start and throughput of two source trees, measured alternately in one run (for a refactor's before/after).

    python benchmarks/side_by_side.py --tree before=PATH --tree after=PATH [--runs 7] [--articles 1000]

For each tree, `python -m reviewer lint` runs from a scratch folder with PYTHONPATH set to the tree (so the
tree, not the installed package, is measured): on one sample article of about 1,000 words (cold start, no
lint cache), and on --articles generated articles with `--jobs 2 --no-cache` (throughput). The trees take
turns run by run, so drift in the machine's speed falls on both; each figure is the median wall-clock time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(command: list[str], cwd: Path, tree: str) -> float:
    env = {**os.environ, "PYTHONPATH": tree, "NO_COLOR": "1"}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command} failed in {tree}: {done.stderr.decode(errors='replace')[-400:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", action="append", required=True, metavar="NAME=PATH")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    trees = dict(t.split("=", 1) for t in args.tree)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        shutil.copy(HERE.parent / "articles" / "hiv-treatment.md", work / "one.md")
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(work / "corpus"), str(args.articles)],
                       check=True, capture_output=True)
        lint = [sys.executable, "-m", "reviewer", "lint", "--no-cache", "--fail-on", "never", "--quiet"]
        measures = {"cold lint, one article": lint + ["one.md"],
                    f"{args.articles} articles, --jobs 2": lint + ["--jobs", "2", "corpus"]}
        results: dict[tuple[str, str], list[float]] = {}
        for label, command in measures.items():
            for tree in trees.values():
                timed(command, work, tree)  # warm the file cache and the bytecode
            for _ in range(args.runs):
                for name, tree in trees.items():
                    results.setdefault((label, name), []).append(timed(command, work, tree))
    names = list(trees)
    print("| measurement | " + " | ".join(names) + " | ratio |")
    print("|---|" + "---:|" * len(names) + "---:|")
    for label in measures:
        medians = [statistics.median(results[(label, name)]) for name in names]
        ratio = medians[-1] / medians[0] if medians[0] else float("nan")
        print(f"| {label} | " + " | ".join(f"{m:.3f} s" for m in medians) + f" | {ratio:.2f}x |")


if __name__ == "__main__":
    main()
