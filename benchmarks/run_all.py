"""Run every benchmark side by side and print one table (and, with --json, the raw figures).

    python benchmarks/run_all.py --work /tmp/reviewer-bench [--proselint /tmp/proselint-venv/bin/proselint]
                                 [--runs 5] [--quick]

What it measures, each as the median of --runs runs (wall clock, this machine, one after another):
- cold `reviewer lint` of one article of about 1,000 words (no lint cache), beside `python -c pass`
  and beside proselint on the same file;
- `reviewer lint --jobs 2` over 1,000 generated articles (no cache), beside proselint on the same files;
- lint over 100, 1,000 and 10,000 articles (the scaling curve), with the peak memory of the whole
  process tree (main process plus workers) during the 10,000-article run;
- a second, cached run over the 10,000 unchanged articles;
- `reviewer report` on generated repositories (100, 1,000 and 10,000 articles with 50,000 commits;
  10,000 articles with 5,000 commits): git's own one-pass log, the report without its history index,
  the report answered by the index, and one `git log -1` per file on a sample, extrapolated.
Corpora and repositories are generated under --work (deterministic seeds) and reused when present.
--quick uses small sizes, to check the script itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REVIEWER = [sys.executable, "-m", "reviewer"]
GIT = ["git", "-c", "core.quotePath=false", "-c", "log.showSignature=false", "-c", "color.ui=never"]


def run(command: list[str], cwd: Path | None = None, ok: tuple[int, ...] = (0, 1)) -> float:
    """Wall time of one run of `command` (its output discarded)."""
    began = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - began
    if result.returncode not in ok:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr.decode()[-2000:]}")
    return elapsed


def median(runs: int, command: list[str], cwd: Path | None = None, ok=(0, 1), before=None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        times.append(run(command, cwd, ok))
    return statistics.median(times)


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (KiB), read from /proc."""
    total, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (OSError, ValueError):
            continue
    return total


def peak_memory(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """(wall seconds, peak resident memory of the process tree in MB), sampled every 20 ms."""
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss_kib(process.pid))
        time.sleep(0.02)
    return time.perf_counter() - began, peak / 1024


def corpus(work: Path, count: int) -> Path:
    folder = work / f"corpus-{count}"
    if not folder.is_dir():
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(folder), str(count)], check=True,
                       stdout=subprocess.DEVNULL)
    return folder


def repository(work: Path, articles: int, commits: int, flat: bool = False) -> Path:
    folder = work / f"{'flat' if flat else 'repo'}-{articles}-{commits}"
    if not (folder / ".git").is_dir():
        if folder.exists():
            shutil.rmtree(folder)
        subprocess.run([sys.executable, str(HERE / "make_history.py"), str(folder), "--articles", str(articles),
                        "--commits", str(commits), *(["--flat"] if flat else [])], check=True,
                       stdout=subprocess.DEVNULL)
    return folder


def files_of(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*") if p.suffix in (".md", ".txt"))


def bench_lint(work: Path, runs: int, proselint: str | None, sizes: tuple[int, ...], throughput_size: int) -> dict:
    figures: dict = {}
    article = ROOT / "articles" / "hiv-treatment.md"
    figures["article_words"] = len(article.read_text(encoding="utf-8").split())
    figures["python_startup_s"] = median(runs, [sys.executable, "-c", "pass"])
    figures["cold_lint_one_s"] = median(runs, [*REVIEWER, "lint", str(article), "--no-cache", "--jobs", "1"])
    if proselint:
        figures["proselint_one_s"] = median(runs, [proselint, "check", str(article)], ok=(0, 1, 2))
    throughput = corpus(work, throughput_size)
    figures["throughput_articles"] = throughput_size
    figures["lint_throughput_jobs2_s"] = median(runs, [*REVIEWER, "lint", str(throughput), "--no-cache", "--jobs",
                                                       "2", "--format", "json", "--output", os.devnull])
    if proselint:
        figures["proselint_throughput_s"] = median(max(1, runs // 2), [proselint, "check", *files_of(throughput)],
                                                   ok=(0, 1, 2))
    curve = {}
    for size in sizes:
        folder = corpus(work, size)
        curve[size] = median(max(1, runs // 2) if size >= 10000 else runs,
                             [*REVIEWER, "lint", str(folder), "--no-cache", "--jobs", "2", "--format", "json",
                              "--output", os.devnull])
    figures["lint_curve_jobs2_s"] = curve
    largest = corpus(work, sizes[-1])
    cache = work / "lint-cache"
    shutil.rmtree(cache, ignore_errors=True)
    config = work / "bench-reviewer.toml"
    config.write_text(f'[tool.reviewer]\ncache_dir = "{cache}"\n', encoding="utf-8")
    cached_command = [*REVIEWER, "lint", str(largest), "--config", str(config), "--jobs", "2", "--format", "json",
                      "--output", os.devnull]
    wall, peak = peak_memory(cached_command)  # the first run fills the cache
    figures["lint_largest_first_run_s"], figures["lint_largest_peak_mb"] = wall, peak
    figures["lint_largest_cached_s"] = median(runs, cached_command)
    _, figures["lint_largest_cached_peak_mb"] = peak_memory(cached_command)
    return figures


def bench_report(work: Path, runs: int, shapes: tuple[tuple[int, int, bool], ...], sample: int) -> dict:
    rows = []
    for articles, commits, flat in shapes:
        repo = repository(work, articles, commits, flat)
        files = sorted(p.relative_to(repo).as_posix() for p in (repo / "articles").rglob("*.md"))
        log = [*GIT, "log", "--first-parent", "-m", "--raw", "-z", "-M", "--root", "--no-abbrev", "HEAD", "--"]
        report = [*REVIEWER, "report", "articles", "--format", "json", "--output", os.devnull,
                  "--as-of", "2026-11-25"]
        index = repo / ".reviewer_cache" / "history-index.json"
        git_s = median(runs, log, repo, ok=(0,))
        full_s = median(runs, [*report, "--no-cache"], repo)
        first_s = median(1, report, repo, before=lambda: index.unlink(missing_ok=True))  # walks all, writes index
        indexed_s = median(runs, report, repo)
        picked = random.Random(1).sample(files, min(sample, len(files)))
        began = time.perf_counter()
        for name in picked:
            subprocess.run([*GIT, "log", "-1", "--first-parent", "--format=%H%x00%ct%x00%an", "HEAD", "--", name],
                           cwd=repo, check=True, stdout=subprocess.DEVNULL)
        per_file_s = (time.perf_counter() - began) / len(picked) * len(files)
        rows.append({"articles": len(files), "commits": commits, "flat": flat, "git_log_s": git_s, "report_no_index_s": full_s,
                     "report_first_run_s": first_s, "report_indexed_s": indexed_s,
                     "per_file_extrapolated_s": per_file_s, "per_file_sample": len(picked)})
    return {"report": rows}


def versions(proselint: str | None) -> dict:
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    reviewer = subprocess.run([*REVIEWER, "--version"], capture_output=True, text=True).stdout.strip()
    found = {"python": platform.python_version(), "git": git, "reviewer": reviewer, "machine": platform.machine(),
             "cores": os.cpu_count(), "system": platform.platform()}
    if proselint:
        found["proselint"] = subprocess.run([proselint, "version"], capture_output=True, text=True).stdout.strip()
    try:
        found["cpu"] = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                            if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return found


def show(figures: dict) -> None:
    lint = figures["lint"]
    print(f"\nreviewer benchmarks, {figures['date']}, {figures['versions'].get('cpu', '')}, "
          f"{figures['versions']['cores']} cores; medians of {figures['runs']} runs (wall seconds)\n")
    print(f"{'measurement':<58}{'reviewer':>10}{'other':>10}{'ratio':>8}")

    def line(name, ours, other=None):
        ratio = f"{other / ours:.1f}x" if other else ""
        print(f"{name:<58}{ours:>10.3f}{(f'{other:.3f}' if other else ''):>10}{ratio:>8}")

    line(f"cold lint, one article ({lint['article_words']} words) vs proselint", lint["cold_lint_one_s"],
         lint.get("proselint_one_s"))
    line("python -c pass (interpreter start)", lint["python_startup_s"])
    line(f"lint {lint['throughput_articles']} articles --jobs 2 vs proselint", lint["lint_throughput_jobs2_s"],
         lint.get("proselint_throughput_s"))
    for size, seconds in lint["lint_curve_jobs2_s"].items():
        line(f"lint {size} articles --jobs 2 ({float(seconds) / int(size) * 1000:.2f} ms per article)", seconds)
    line("lint largest corpus, first run filling the cache", lint["lint_largest_first_run_s"])
    line("lint largest corpus again, from the cache", lint["lint_largest_cached_s"])
    print(f"{'peak memory of the process tree, largest corpus (MB)':<58}{lint['lint_largest_peak_mb']:>10.0f}")
    print(f"\n{'report: articles x commits':<28}{'git log':>9}{'no index':>10}{'first':>9}{'indexed':>9}"
          f"{'per-file':>10}{'no-index/git':>14}{'per-file/no-index':>19}")
    for row in figures["report"]:
        print(f"{row['articles']:>10,} x {row['commits']:<8,}{' flat' if row['flat'] else '':7}{row['git_log_s']:>9.2f}{row['report_no_index_s']:>10.2f}"
              f"{row['report_first_run_s']:>9.2f}{row['report_indexed_s']:>9.2f}{row['per_file_extrapolated_s']:>10.1f}"
              f"{row['report_no_index_s'] / row['git_log_s']:>13.2f}x"
              f"{row['per_file_extrapolated_s'] / row['report_no_index_s']:>18.0f}x")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/reviewer-bench"))
    parser.add_argument("--proselint", help="a proselint executable (installed in a throwaway virtualenv)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sample", type=int, default=200, help="files timed one by one for the per-file estimate")
    parser.add_argument("--quick", action="store_true", help="small sizes: check the script, not the machine")
    parser.add_argument("--skip-report", action="store_true")
    parser.add_argument("--flat", action="store_true", help="add a repository with every article in one folder "
                                                             "(its generation takes about 5 minutes)")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = (20, 50, 100) if args.quick else (100, 1000, 10000)
    shapes = ((50, 500, False), (200, 500, False)) if args.quick else (
        (100, 50000, False), (1000, 50000, False), (10000, 50000, False), (10000, 5000, False))
    if args.flat:  # one folder of 10,000 articles: git's own pass inflates a 10,000-entry tree a commit
        shapes += ((200, 500, True),) if args.quick else ((10000, 50000, True),)
    figures = {"date": time.strftime("%Y-%m-%d"), "runs": args.runs, "versions": versions(args.proselint)}
    figures["lint"] = bench_lint(args.work, args.runs, args.proselint, sizes, 50 if args.quick else 1000)
    figures["report"] = [] if args.skip_report else bench_report(args.work, args.runs, shapes, args.sample)["report"]
    show(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
