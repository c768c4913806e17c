"""`reviewer report` beside git's own pass, side by side in one run: cold and warm, on generated repositories.

    python benchmarks/report_bench.py --work /tmp/reviewer-bench [--runs 5] [--quick]

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


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children: user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr.decode()[-2000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bench(repo: Path, runs: int, folder: str) -> dict:
    out = repo.parent / f"{repo.name}-report.json"
    report = [*REVIEWER, "report", folder, "--format", "json", "--as-of", "2026-11-25", "--output"]
    subprocess.run([*report, str(out) + ".cold", "--no-cache"], cwd=repo, check=False, capture_output=True)
    subprocess.run([*report, str(out) + ".first"], cwd=repo, check=False, capture_output=True)  # fills the caches
    times: dict[str, list[tuple[float, float]]] = {"git": [], "cold": [], "warm": []}
    for _ in range(runs):
        times["git"].append(timed(GIT_LOG, repo))
        times["cold"].append(timed([*report, str(out) + ".cold", "--no-cache"], repo))
        times["warm"].append(timed([*report, str(out) + ".warm"], repo))
    cold, warm = (Path(str(out) + s).read_bytes() for s in (".cold", ".warm"))
    if cold != warm:
        raise SystemExit(f"{repo}: the warm report differs from the cold one")
    medians = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in times.items()}
    rows = json.loads(cold)["articles"]
    return {"repository": repo.name, "articles": len(rows), **{f"{k}_s": round(v, 3) for k, v in medians.items()},
            **{f"{k}_cpu_s": round(v, 3) for k, v in cpu.items()},
            "cold_over_git": round(medians["cold"] / medians["git"], 2),
            "warm_over_git": round(medians["warm"] / medians["git"], 2),
            "copied_rows": sum(1 for r in rows if r.get("copied_from")),
            "changed_since_review": sum(1 for r in rows if r["changed_since_review"])}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="small repositories, to check the script")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    scale = 10 if args.quick else 1
    repos = [
        (make(args.work, f"repo-{10000 // scale}-{50000 // scale}", "--articles", str(10000 // scale),
              "--commits", str(50000 // scale)), "articles"),
        (make(args.work, f"docs-{3100 // scale}-{12000 // scale}", "--docs", "--articles", str(3100 // scale),
              "--commits", str(12000 // scale)), "docs"),
    ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    figures = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "machine": platform.platform(),
               "cpus": os.cpu_count(), "python": platform.python_version(),
               "git": subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip(),
               "load_before": load, "runs": args.runs, "rows": [bench(repo, args.runs, folder) for repo, folder in repos]}
    print(f"{figures['date']}, {figures['machine']}, {figures['cpus']} CPUs, Python {figures['python']}, "
          f"{figures['git']}, load average {load}, median of {args.runs}")
    print(f"{'repository':<18}{'articles':>9}{'git':>7}{'cold':>7}{'warm':>7}{'cold/git':>9}{'warm/git':>9}"
          f"   CPU s: {'git':>5}{'cold':>6}{'warm':>6}{'copied':>8}{'changed':>8}")
    for row in figures["rows"]:
        print(f"{row['repository']:<18}{row['articles']:>9,}{row['git_s']:>7.2f}{row['cold_s']:>7.2f}"
              f"{row['warm_s']:>7.2f}{row['cold_over_git']:>8.2f}x{row['warm_over_git']:>8.2f}x"
              f"          {row['git_cpu_s']:>5.2f}{row['cold_cpu_s']:>6.2f}{row['warm_cpu_s']:>6.2f}"
              f"{row['copied_rows']:>8,}{row['changed_since_review']:>8,}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
