"""Time `reviewer report` beside git's own one-pass log and beside one `git log -1` per file.

    python benchmarks/make_history.py /tmp/bench-repo --articles 10000 --commits 50000
    python benchmarks/bench_report.py /tmp/bench-repo --runs 5 --sample 200

Prints medians of several runs (seconds) and, for the per-file approach, the time of a random sample
of files extrapolated to every article. Run on an otherwise idle machine; wall-clock times.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GIT = ["git", "-c", "core.quotePath=false", "-c", "log.showSignature=false", "-c", "color.ui=never"]


def timed(command: list[str], cwd: Path) -> float:
    began = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - began


def median_of(runs: int, command: list[str], cwd: Path) -> tuple[float, list[float]]:
    times = [timed(command, cwd) for _ in range(runs)]
    return statistics.median(times), times


def report_command() -> list[str]:
    code = ("import sys; from reviewer import cli; "
            "cmd = cli.cli if 'report' in getattr(cli.cli, 'commands', {}) else None; "
            "from reviewer.report import report_command; "
            "(cmd.main(['report', *sys.argv[1:]], prog_name='reviewer') if cmd else "
            "report_command.main(sys.argv[1:], prog_name='reviewer report'))")
    return [sys.executable, "-c", code]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sample", type=int, default=200, help="files timed one by one for the per-file estimate")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    repo = args.repo.resolve()
    files = sorted(p.relative_to(repo).as_posix() for p in (repo / "articles").rglob("*.md"))
    commits = int(subprocess.run(["git", "rev-list", "--count", "--first-parent", "HEAD"], cwd=repo, check=True,
                                 capture_output=True, text=True).stdout)
    one_pass = [*GIT, "log", "--first-parent", "-m", "--raw", "-z", "-M", "--root", "--no-abbrev", "HEAD", "--"]
    log_median, log_times = median_of(args.runs, one_pass, repo)
    report = [*report_command(), "articles", "--format", "json", "--output", str(repo / ".report.json"),
              "--as-of", "2026-11-25"]
    env_note = subprocess.run(report, cwd=repo, capture_output=True, text=True)
    if env_note.returncode not in (0, 1):
        print(env_note.stderr, file=sys.stderr)
        return 2
    report_median, report_times = median_of(args.runs, report, repo)
    sample = random.Random(1).sample(files, min(args.sample, len(files)))
    per_file = []
    for _ in range(max(1, args.runs // 2)):
        began = time.perf_counter()
        for name in sample:
            subprocess.run([*GIT, "log", "-1", "--first-parent", "--format=%H%x00%ct%x00%an", "HEAD", "--", name],
                           cwd=repo, check=True, stdout=subprocess.DEVNULL)
        per_file.append(time.perf_counter() - began)
    per_file_each = statistics.median(per_file) / len(sample)
    figures = {
        "articles": len(files), "commits": commits, "runs": args.runs,
        "git_log_one_pass_s": round(log_median, 3),
        "reviewer_report_s": round(report_median, 3),
        "per_file_git_log_each_s": round(per_file_each, 5),
        "per_file_git_log_extrapolated_s": round(per_file_each * len(files), 1),
        "per_file_sample": len(sample),
        "raw": {"git_log": [round(t, 3) for t in log_times], "report": [round(t, 3) for t in report_times]},
    }
    print(f"{len(files)} articles, {commits} first-parent commits; medians of {args.runs} runs")
    print(f"  git log --first-parent --raw -z (one pass)   {log_median:8.2f} s")
    print(f"  reviewer report --format json                {report_median:8.2f} s")
    print(f"  one git log -1 per file (sample of {len(sample)}, "
          f"extrapolated)  {per_file_each * len(files):8.1f} s  ({per_file_each * 1000:.1f} ms per file)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
