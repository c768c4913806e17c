"""Precision on real pages: sample findings for judging, then score every rule against the judgements.

    python benchmarks/precision/harness.py sample [--corpus DIR] [--rule PREFIX] [--per-rule 60] [--out sample.tsv]
    python benchmarks/precision/harness.py score  [--corpus DIR] [--record] [--target 0.9] [--opt-in]

The corpus defaults to `../shared/corpus/cdc-pages` (68 public-domain CDC patient pages, scraped to text),
beside the repository; its text is never copied here, only the judgements of findings on it.

`sample` lints the corpus and writes, per rule, an even-handed sample of its findings (every finding when a
rule has few, else a seeded random sample across files) with the text it points at and its line, for a
person to judge (`--rule spelling` samples one family). `judgements/FAMILY.tsv`, one file per rule family,
holds the verdicts: path, line, column, rule, verdict (`tp`: worth an editor's time; `fp`: a false alarm), and
a word of reason.

`score` lints the corpus again, matches findings to judgements by (path, line, column, rule), and prints per
rule: findings, findings per 1,000 words of prose, judged, true positives and precision. Findings judged
before that no longer occur are counted as "gone". It exits 1 when a rule's precision drops below the figure
recorded in `recorded.json` (written by `--record`), so a change that makes a rule cry wolf more is caught,
and when a rule is below `--target` (90% by default: the contract every default rule is held to).

Opt-in rules (off by default, see `reviewer rules`) run only with `--opt-in`, which lints with every rule on;
without it their judgements are left out of the table rather than counted as gone.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "cdc-pages"
JUDGEMENTS = HERE / "judgements"
RECORDED = HERE / "recorded.json"
AS_OF = date(2026, 12, 1)  # a fixed "today", so review-date findings do not drift
FIELDS = ["path", "line", "column", "rule", "verdict", "reason"]

sys.path.insert(0, str(ROOT))


def opt_in_rules() -> set[str]:
    from reviewer.lint.registry import builtin_rules

    return {r.id for r in builtin_rules() if r.opt_in}


def lint_corpus(corpus: Path, opt_in: bool = False):
    """(findings with paths relative to the corpus, words of prose per file); every rule on with `opt_in`."""
    from reviewer.config import Config
    from reviewer.lint.engine import LintSettings, lint_files

    files = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".md", ".markdown"))
    select = ("ALL", *sorted(opt_in_rules())) if opt_in else None
    settings = LintSettings(Config(root=corpus), AS_OF, select)
    findings, words = [], {}
    for result in lint_files([(p, p.name) for p in files], settings, jobs=2):
        findings.extend(result.findings)
        words[result.path] = result.words
    return findings, words


def key(path: str, line: int, column: int, rule: str) -> tuple[str, int, int, str]:
    return path, int(line), int(column), rule


def read_judgements(path: Path | None = None) -> dict[tuple, dict]:
    """Verdicts from one TSV file, or from every `*.tsv` in a folder (one file per rule family)."""
    path = path or JUDGEMENTS
    files = sorted(path.glob("*.tsv")) if path.is_dir() else [path] if path.exists() else []
    rows = []
    for file in files:
        with file.open(encoding="utf-8", newline="") as stream:
            rows.extend(csv.DictReader(stream, delimiter="\t"))
    judged = {}
    for row in rows:
        if row["verdict"] not in ("tp", "fp"):
            raise SystemExit(f"{path}: verdict must be tp or fp, found {row['verdict']!r} ({row})")
        judged[key(row["path"], row["line"], row["column"], row["rule"])] = row
    return judged


def sample(args) -> None:
    findings, _words = lint_corpus(args.corpus, args.opt_in)
    texts = {}
    by_rule = defaultdict(list)
    for f in findings:
        if not args.rule or f.rule == args.rule or f.rule.startswith(args.rule + "."):
            by_rule[f.rule].append(f)
    rng = random.Random(args.seed)
    judged = read_judgements()
    rows = []
    for rule in sorted(by_rule):
        pool = [f for f in by_rule[rule] if key(f.path, f.line, f.column, f.rule) not in judged]
        chosen = pool if len(pool) <= args.per_rule else rng.sample(pool, args.per_rule)
        for f in sorted(chosen, key=lambda f: (f.path, f.line, f.column)):
            if f.path not in texts:
                texts[f.path] = (args.corpus / f.path).read_text(encoding="utf-8", errors="replace").splitlines()
            line_text = texts[f.path][f.line - 1] if f.line <= len(texts[f.path]) else ""
            span = line_text[f.column - 1:f.end_column - 1] if f.end_line == f.line else line_text[f.column - 1:]
            rows.append({"path": f.path, "line": f.line, "column": f.column, "rule": f.rule, "span": span,
                         "message": f.message, "suggestion": f.suggestion or "", "line_text": line_text.strip()})
    with args.out.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]) if rows else ["path"], delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} findings to judge written to {args.out}")


def score(args) -> int:
    findings, words = lint_corpus(args.corpus, args.opt_in)
    total_words = sum(words.values())
    judged = read_judgements()
    if not args.opt_in:  # rules that did not run: their verdicts are neither true, false nor gone
        judged = {k: row for k, row in judged.items() if k[3] not in opt_in_rules()}
    found = {key(f.path, f.line, f.column, f.rule) for f in findings}
    count = Counter(f.rule for f in findings)
    tp, fp, gone = Counter(), Counter(), Counter()
    for k, row in judged.items():
        if k not in found:
            gone[k[3]] += 1
        elif row["verdict"] == "tp":
            tp[k[3]] += 1
        else:
            fp[k[3]] += 1
    recorded = json.loads(RECORDED.read_text(encoding="utf-8")) if RECORDED.exists() else {}
    rules = sorted(set(count) | set(tp) | set(fp) | set(gone), key=lambda r: (-count[r], r))
    print(f"{len(findings)} findings in {len(words)} pages, {total_words:,} words of prose: "
          f"{len(findings) * 1000 / max(total_words, 1):.1f} per 1,000 words\n")
    print("| rule | findings | per 1,000 words | judged | true | precision | recorded | gone |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    failed, below, figures = [], [], {}
    for rule in rules:
        judged_now = tp[rule] + fp[rule]
        precision = tp[rule] / judged_now if judged_now else None
        floor = recorded.get(rule)
        shown = f"{precision:.0%}" if precision is not None else "-"
        print(f"| {rule} | {count[rule]} | {count[rule] * 1000 / max(total_words, 1):.1f} | {judged_now} | "
              f"{tp[rule]} | {shown} | {f'{floor:.0%}' if floor is not None else '-'} | {gone[rule]} |")
        if precision is not None:
            figures[rule] = round(precision, 3)
            if floor is not None and round(precision, 3) < floor:
                failed.append(f"{rule}: {precision:.0%} < recorded {floor:.0%}")
            if precision < args.target:
                below.append(f"{rule}: {precision:.0%} < target {args.target:.0%}")
    judged_total = sum(tp.values()) + sum(fp.values())
    print(f"\n{judged_total} judged findings still occur ({sum(tp.values())} true); {sum(gone.values())} are gone")
    if args.record:
        if not args.opt_in:  # keep the floors of the opt-in rules that did not run
            figures.update({rule: floor for rule, floor in recorded.items() if rule in opt_in_rules()})
        RECORDED.write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"recorded precision per rule in {RECORDED}")
        return 0
    for line in below:
        print(f"BELOW TARGET {line}")
    for line in failed:
        print(f"FAIL {line}")
    return 1 if failed or below else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("sample", "score"):
        command = commands.add_parser(name)
        command.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
        command.add_argument("--opt-in", action="store_true", help="run the opt-in rules too (every rule on)")
        if name == "sample":
            command.add_argument("--rule", default="", help="only this rule or family (spelling, plain.simpler-word)")
            command.add_argument("--per-rule", type=int, default=60)
            command.add_argument("--seed", type=int, default=11)
            command.add_argument("--out", type=Path, default=HERE / "sample.tsv")
        else:
            command.add_argument("--record", action="store_true", help="write today's precision as the floor")
            command.add_argument("--target", type=float, default=0.9, help="fail when a rule is below this precision")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"corpus {args.corpus} not found: pass --corpus (the CDC pages live in ../shared)")
    if args.command == "sample":
        sample(args)
    else:
        raise SystemExit(score(args))


if __name__ == "__main__":
    main()
