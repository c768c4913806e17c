"""Language resources shipped with reviewer, each loaded lazily and once per process.

- syllables.py: syllable counts (CMU Pronouncing Dictionary table, heuristic fallback).
- frequency.py: how common a word is in general English (Zipf values).
- `easy_words()`: the Dale-Chall list of familiar words (Gunning Fog, Dale-Chall).

Data files live beside this module and ship in the wheel; README.md here records their
sources and licences. Nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterator

DATA_DIR = Path(__file__).resolve().parent
EASY_WORDS_FILE = "dale_chall_easy_words.txt"


def data_lines(name: str) -> Iterator[str]:
    """The non-empty, non-comment lines of a data file of this package."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return (line for line in text.splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def easy_words() -> frozenset[str]:
    """The Dale-Chall easy words, lower case (contractions included: don't, I'm)."""
    return frozenset(line.strip() for line in data_lines(EASY_WORDS_FILE))
