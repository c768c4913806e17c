"""Cold start, throughput and cached reruns of source trees (and proselint), measured alternately in one run.

    python benchmarks/side_by_side.py --tree before=PATH --tree after=PATH [--runs 7] [--articles 1000]
        [--proselint /tmp/proselint-venv/bin/proselint] [--cached 10000] [--corpus-dir DIR]

For each tree, `python -m reviewer lint` runs from a scratch folder with PYTHONPATH set to it (so the tree, not
the installed package, is measured):
- on one sample article of about 1,000 words (cold start, no lint cache);
- on --articles generated articles with `--jobs 2 --no-cache --format json` (throughput); with --proselint,
  `proselint check` runs on the same files in the same rotation;
- with --cached N: on N generated articles with `--jobs 2 --format json` and a lint cache per tree, filled by
  one run first, so every timed run answers every file from the cache.
The commands take turns run by run, so drift in the machine's speed falls on all of them. Each figure is the
median wall-clock time, and beside it the median CPU time of the whole process tree (user + system, the
workers included). On a machine shared with other work the wall clock mostly measures the others: the CPU
time does not, and on an idle 2-core machine a `--jobs 2` run's wall clock is about half its CPU time.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(command: list[str], cwd: Path, tree: str | None) -> tuple[float, float]:
    """(wall clock, CPU time of the process tree) of one run."""
    env = {**os.environ, "NO_COLOR": "1"}
    if tree:
        env["PYTHONPATH"] = tree
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1, 2) or (tree and done.returncode == 2):
        raise SystemExit(f"{command} failed in {tree}: {done.stderr.decode(errors='replace')[-400:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def files_of(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*") if p.suffix in (".md", ".txt"))


def corpus(base: Path, count: int) -> Path:
    folder = base / f"corpus-{count}"
    if not folder.is_dir():
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(folder), str(count)], check=True,
                       capture_output=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", action="append", required=True, metavar="NAME=PATH")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--proselint", help="a proselint executable, run on the throughput corpus too")
    parser.add_argument("--cached", type=int, default=0, metavar="N", help="also time cached reruns on N articles")
    parser.add_argument("--skip-cold", action="store_true", help="leave out the one-article cold start")
    parser.add_argument("--skip-throughput", action="store_true", help="leave out the no-cache throughput run")
    parser.add_argument("--corpus-dir", type=Path, help="keep generated corpora here between runs")
    args = parser.parse_args()
    trees = dict(t.split("=", 1) for t in args.tree)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        corpora = args.corpus_dir or work
        shutil.copy(HERE.parent / "articles" / "hiv-treatment.md", work / "one.md")
        lint = [sys.executable, "-m", "reviewer", "lint", "--fail-on", "never", "--format", "json",
                "--output", os.devnull]
        measures: dict[str, dict[str, tuple[list[str], str | None]]] = {}
        if not args.skip_cold:
            measures["cold lint, one article"] = {name: (lint + ["--no-cache", "one.md"], tree)
                                                  for name, tree in trees.items()}
        if not args.skip_throughput:
            throughput = corpus(corpora, args.articles)
            label = f"{args.articles} articles, --jobs 2, no cache"
            measures[label] = {name: (lint + ["--no-cache", "--jobs", "2", str(throughput)], tree)
                               for name, tree in trees.items()}
            if args.proselint:
                measures[label]["proselint"] = ([args.proselint, "check", *files_of(throughput)], None)
        if args.cached:
            cached = corpus(corpora, args.cached)
            label = f"{args.cached} unchanged articles from the cache, --jobs 2"
            measures[label] = {}
            for name, tree in trees.items():
                config = work / f"{name}.toml"
                config.write_text(f'[tool.reviewer]\ncache_dir = "{work / ("cache-" + name)}"\n', encoding="utf-8")
                command = lint + ["--config", str(config), "--jobs", "2", str(cached)]
                timed(command, work, tree)  # fills the cache
                measures[label][name] = (command, tree)
        results: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for label, commands in measures.items():
            for command, tree in commands.values():
                timed(command, work, tree)  # warm the file cache and the bytecode
            for _ in range(args.runs):
                for name, (command, tree) in commands.items():
                    results.setdefault((label, name), []).append(timed(command, work, tree))
    for label, commands in measures.items():
        names = list(commands)
        print(f"\n{label}\n")
        print("| command | wall clock (median) | CPU time (median) |")
        print("|---|---:|---:|")
        for name in names:
            runs = results[(label, name)]
            wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
            print(f"| {name} | {wall:.3f} s | {cpu:.3f} s |")
        if len(names) >= 2:
            first = names[0]
            for name in names[1:]:
                wall = [statistics.median(r[0] for r in results[(label, n)]) for n in (first, name)]
                cpu = [statistics.median(r[1] for r in results[(label, n)]) for n in (first, name)]
                print(f"\n{name} / {first}: wall {wall[1] / wall[0]:.2f}x, CPU {cpu[1] / cpu[0]:.2f}x")


if __name__ == "__main__":
    main()
