"""`reviewer report` beside git's own pass, side by side in one run: cold and warm, on generated repositories.

    python benchmarks/report_bench.py --work /tmp/reviewer-bench [--runs 5] [--quick]
        [--tree before=/tmp/old-checkout --tree after=.]

Repositories (made with make_history.py under --work, reused when present):
- the synthetic 10,000 articles x 50,000 commits (nested folders);
- a versioned docs set of 3,100 articles x 12,000 commits (`--docs`: ms.date MM/DD/YYYY, folders copied).

For each, the commands run in turn, round after round (so a busy machine slows them alike), and the
median of --runs rounds is printed:
- git: `git log --first-parent -m --raw -z -M --root --no-abbrev HEAD`, git's own single pass;
- cold: `reviewer report --format json --no-cache` (no history index, no report cache: every article
  parsed, the whole history walked, copies looked for, old versions read);
- warm: the same report with its caches, after a first run filled them (HEAD and articles unchanged).
The warm and cold JSON must be byte-identical; the script stops if they are not. Wall time and CPU time
(user + system of the process and its children, which is steadier on a shared machine) are both printed.

With `--tree NAME=PATH` (repeatable) each source tree of reviewer runs its cold and warm report in every
round (PYTHONPATH=PATH), each with its own cache folder (a config beside the repository's), so two versions
are compared side by side under the same load; every tree's JSON must be byte-identical to the first's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REVIEWER = [sys.executable, "-m", "reviewer"]
GIT_LOG = ["git", "-c", "core.quotePath=false", "-c", "log.showSignature=false", "-c", "color.ui=never", "log",
           "--first-parent", "-m", "--raw", "-z", "-M", "--root", "--no-abbrev", "HEAD", "--"]


def make(work: Path, name: str, *args: str) -> Path:
    folder = work / name
    if not (folder / ".git").is_dir():
        subprocess.run([sys.executable, str(HERE / "make_history.py"), str(folder), *args], check=True)
    return folder


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children: user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr.decode()[-2000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def tree_setup(repo: Path, trees: dict[str, Path | None]) -> dict[str, tuple[dict | None, list[str]]]:
    """Per tree: its environment and the extra report arguments (its own config, hence its own cache folder)."""
    if list(trees) == ["reviewer"]:
        return {"reviewer": (None, [])}
    base = (repo / "reviewer.toml").read_text(encoding="utf-8") if (repo / "reviewer.toml").is_file() else ""
    setups = {}
    for name, path in trees.items():
        config = repo / f".bench-{name}.toml"
        config.write_text(f'cache_dir = ".reviewer_cache_{name}"\n' + base, encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(path)) if path is not None else None
        setups[name] = (env, ["--config", str(config)])
    return setups


def bench(repo: Path, runs: int, folder: str, trees: dict[str, Path | None]) -> dict:
    out = repo.parent / f"{repo.name}-report.json"
    setups = tree_setup(repo, trees)
    report = [*REVIEWER, "report", folder, "--format", "json", "--as-of", "2026-11-25"]
    for name, (env, extra) in setups.items():
        subprocess.run([*report, *extra, "--output", f"{out}.{name}.cold", "--no-cache"], cwd=repo, env=env,
                       check=False, capture_output=True)
        subprocess.run([*report, *extra, "--output", f"{out}.{name}.first"], cwd=repo, env=env, check=False,
                       capture_output=True)  # fills the caches
    times: dict[str, list[tuple[float, float]]] = {"git": []}
    for _ in range(runs):
        times["git"].append(timed(GIT_LOG, repo))
        for name, (env, extra) in setups.items():
            times.setdefault(f"{name}:cold", []).append(
                timed([*report, *extra, "--output", f"{out}.{name}.cold", "--no-cache"], repo, env))
            times.setdefault(f"{name}:warm", []).append(
                timed([*report, *extra, "--output", f"{out}.{name}.warm"], repo, env))
    first = None
    for name in setups:
        cold, warm = (Path(f"{out}.{name}.{s}").read_bytes() for s in ("cold", "warm"))
        if cold != warm:
            raise SystemExit(f"{repo}: {name}: the warm report differs from the cold one")
        if first is not None and cold != first:
            raise SystemExit(f"{repo}: {name}: the report differs from {next(iter(setups))}'s")
        first = first or cold
    medians = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in times.items()}
    rows = json.loads(first)["articles"]
    return {"repository": repo.name, "articles": len(rows), "wall_s": {k: round(v, 3) for k, v in medians.items()},
            "cpu_s": {k: round(v, 3) for k, v in cpu.items()},
            "over_git_wall": {k: round(v / medians["git"], 2) for k, v in medians.items() if k != "git"},
            "over_git_cpu": {k: round(v / cpu["git"], 2) for k, v in cpu.items() if k != "git"},
            "all_runs": {k: [[round(w, 3), round(c, 3)] for w, c in v] for k, v in times.items()},
            "copied_rows": sum(1 for r in rows if r.get("copied_from")),
            "changed_since_review": sum(1 for r in rows if r["changed_since_review"])}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="small repositories, to check the script")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--tree", action="append", default=[], metavar="NAME=PATH",
                        help="a source tree of reviewer to run (repeatable): side by side, each with its own cache")
    parser.add_argument("--only", choices=("synthetic", "docs"), help="one repository only")
    args = parser.parse_args(argv)
    trees: dict[str, Path | None] = {"reviewer": None}
    if args.tree:
        trees = {}
        for item in args.tree:
            name, _, path = item.partition("=")
            if not name or not path or not name.isidentifier():
                parser.error(f"--tree {item!r}: give NAME=PATH")
            trees[name] = Path(path).resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    scale = 10 if args.quick else 1
    repos = []
    if args.only != "docs":
        repos.append((make(args.work, f"repo-{10000 // scale}-{50000 // scale}", "--articles", str(10000 // scale),
                           "--commits", str(50000 // scale)), "articles"))
    if args.only != "synthetic":
        repos.append((make(args.work, f"docs-{3100 // scale}-{12000 // scale}", "--docs", "--articles",
                           str(3100 // scale), "--commits", str(12000 // scale)), "docs"))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    figures = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "machine": platform.platform(),
               "cpus": os.cpu_count(), "python": platform.python_version(),
               "git": subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip(),
               "load_before": load, "runs": args.runs, "trees": {k: str(v) if v else None for k, v in trees.items()},
               "rows": [bench(repo, args.runs, folder, trees) for repo, folder in repos]}
    print(f"{figures['date']}, {figures['machine']}, {figures['cpus']} CPUs, Python {figures['python']}, "
          f"{figures['git']}, load average {load}, median of {args.runs}")
    for row in figures["rows"]:
        print(f"{row['repository']}: {row['articles']:,} articles, {row['copied_rows']:,} copied, "
              f"{row['changed_since_review']:,} changed since review")
        print(f"  {'command':<16}{'wall s':>8}{'/ git':>8}{'CPU s':>8}{'/ git':>8}")
        for key in row["wall_s"]:
            ratio_wall = row["over_git_wall"].get(key)
            ratio_cpu = row["over_git_cpu"].get(key)
            print(f"  {key:<16}{row['wall_s'][key]:>8.2f}{(f'{ratio_wall:.2f}x' if ratio_wall else ''):>8}"
                  f"{row['cpu_s'][key]:>8.2f}{(f'{ratio_cpu:.2f}x' if ratio_cpu else ''):>8}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
