"""Where a warm linter's time goes, per rule: CPU milliseconds per article on a folder of articles.

    python benchmarks/rule_times.py DIR [--repeat N] [--shared] [--all] [--json FILE]

One process, one warm Linter (the first 20 articles linted once to load lexicons and packs), then for every
article: reading it into a Document ("parse"), and each enabled rule in the engine's order, each timed with
`time.process_time`. Work the document model does once and several rules read (words, sentences, folded
words) is charged to the first rule that asks, unless `--shared` builds it first and reports it as "shared".
`--all` runs the opt-in rules too. To compare two source trees, run the script with `PYTHONPATH` set to each,
in turns, and compare medians.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this tree, unless PYTHONPATH says otherwise


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--shared", action="store_true", help="build words and sentences before the rules run")
    parser.add_argument("--all", action="store_true", help="run the opt-in rules too")
    parser.add_argument("--json", type=Path, help="also write ms per article per rule as JSON")
    args = parser.parse_args()

    from reviewer.config import Config
    from reviewer.document.decode import decode_document
    from reviewer.lint.discover import configured_syntax
    from reviewer.lint.engine import LintSettings, Linter
    from reviewer.lint.registry import builtin_rules

    files = sorted(p for p in args.folder.rglob("*") if p.suffix in (".md", ".txt"))
    if not files:
        raise SystemExit(f"no .md or .txt files under {args.folder}")
    select = ("ALL", *(r.id for r in builtin_rules() if r.opt_in)) if args.all else None
    settings = LintSettings(Config(root=Path.cwd()), date(2026, 12, 7), select)
    linter = Linter(settings)
    articles = [(p, p.read_bytes()) for p in files]
    for path, raw in articles[:20]:
        linter.lint_bytes(raw, str(path), path)

    clock = time.process_time
    times: dict[str, float] = defaultdict(float)
    for _ in range(args.repeat):
        for path, raw in articles:
            start = clock()
            doc = decode_document(raw, str(path), path, syntax=configured_syntax(path, settings.config))
            times["parse"] += clock() - start
            if args.shared:
                start = clock()
                for block in doc.blocks:
                    block.words, block.folded_words, [sentence.words for sentence in block.sentences]
                times["shared"] += clock() - start
            for rule, _severity, options in linter.rules:
                start = clock()
                list(rule.check(doc, options, linter.context))
                times[rule.id] += clock() - start

    count = len(articles) * args.repeat
    per_article = {name: 1000 * seconds / count for name, seconds in times.items()}
    rules_total = sum(ms for name, ms in per_article.items() if "." in name)
    print(f"{count} articles: rules {rules_total:.2f} ms an article, parse {per_article['parse']:.2f} ms"
          + (f", shared {per_article['shared']:.2f} ms" if args.shared else ""))
    for name, ms in sorted(per_article.items(), key=lambda item: -item[1]):
        if "." in name:
            print(f"  {name:34s} {ms:6.3f}")
    if args.json:
        args.json.write_text(json.dumps(per_article, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
