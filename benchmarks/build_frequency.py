"""Build reviewer/language/lexicon/frequency.txt.gz from pyspellchecker's English word list (run once, by hand).

pyspellchecker (MIT licence; its English counts come from OpenSubtitles 2018) takes about
0.1-0.3 s to load its 160,572-word list. The jargon rule only needs to know how common a
word is, so this script writes a compact table: one line per Zipf value (in tenths),
followed by the words that have it. Possessives ("heart's") are left out when their base
word is listed, because the rules strip possessives before looking a word up.

Usage: python benchmarks/build_frequency.py [--check]
"""

from __future__ import annotations

import gzip
import json
import math
import sys
import time
from collections import defaultdict
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "reviewer" / "lexicon" / "frequency.txt.gz"
HEADER = """\
# Word frequency in general English, derived from pyspellchecker's English word list
# (pyspellchecker {version}, resources/en.json.gz; MIT licence, (c) 2018-2021 Tyler Barrus,
# see LICENSE-pyspellchecker.txt; counts from the OpenSubtitles 2018 corpus).
# Built by benchmarks/build_frequency.py.
# Each line: Zipf value x 10 (log10 of occurrences per billion words), a tab, the words.
# Words the source lists only from a dictionary (count floor 50) have Zipf 1.5.
"""


def source_counts() -> tuple[dict[str, int], str]:
    import spellchecker

    path = Path(spellchecker.__file__).resolve().parent / "resources" / "en.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle), spellchecker.__version__


def zipf_tenths(count: int, total: int) -> int:
    """Zipf value of a count, in tenths: 10 * log10(count per billion words)."""
    return round(10 * math.log10(count * 1e9 / total))


def build(counts: dict[str, int]) -> dict[int, list[str]]:
    total = sum(counts.values())
    buckets: dict[int, list[str]] = defaultdict(list)
    for word, count in counts.items():
        if word.endswith("'s") and word[:-2] in counts:
            continue
        buckets[zipf_tenths(count, total)].append(word)
    return buckets


def write(buckets: dict[int, list[str]], version: str) -> None:
    lines = [HEADER.format(version=version)]
    for value in sorted(buckets, reverse=True):
        lines.append(f"{value}\t{' '.join(sorted(buckets[value]))}\n")
    # mtime=0: the same input always gives the same bytes.
    with open(OUTPUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as handle:
        handle.write("".join(lines).encode("utf-8"))


def main(argv: list[str]) -> int:
    counts, version = source_counts()
    buckets = build(counts)
    if "--check" not in argv:
        write(buckets, version)
    from reviewer.language.lexicon import frequency

    frequency.load_table.cache_clear()
    started = time.perf_counter()
    table = frequency.load_table()
    elapsed = (time.perf_counter() - started) * 1000
    print(f"{OUTPUT.name}: {OUTPUT.stat().st_size:,} bytes, {len(table):,} words, loaded in {elapsed:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main(sys.argv[1:]))
