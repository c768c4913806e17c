"""How common a word is in general English, as a Zipf value (log10 of uses per billion words).

The table is derived once from pyspellchecker's English list (MIT licence, (c) Tyler Barrus;
counts from OpenSubtitles 2018) by `benchmarks/build_frequency.py` and shipped as
`frequency.txt.gz` (licence in `LICENSE-pyspellchecker.txt`), so a run never pays
pyspellchecker's load time just to ask how rare a word is. Zipf 7: the; 5: heart; 4: doctor; 3: renal; below 2: rare; 1.5: listed only from a
dictionary, never seen in the subtitle corpus; 0: not listed at all.
"""

from __future__ import annotations

import bisect
import functools
import gzip
from dataclasses import dataclass
from pathlib import Path

from reviewer.language.lexicon.wordstore import word_store

DATA_FILE = Path(__file__).resolve().with_name("frequency.txt.gz")
DICTIONARY_ONLY = 1.5  # the source's count floor: a dictionary word never seen in use
_DICTIONARY_ONLY_TENTHS = "15"


@dataclass(frozen=True)
class FrequencyTable:
    """Words seen in use with their Zipf value, plus the sorted dictionary-only words.

    The dictionary-only words (about 77,000) stay a sorted list searched by bisection:
    hashing them all into a dict would double the load time for words rarely asked about.
    """

    seen: dict[str, float]
    dictionary_only: list[str]

    def __len__(self) -> int:
        return len(self.seen) + len(self.dictionary_only)

    def get(self, word: str) -> float:
        value = self.seen.get(word)
        if value is not None:
            return value
        index = bisect.bisect_left(self.dictionary_only, word)
        if index < len(self.dictionary_only) and self.dictionary_only[index] == word:
            return DICTIONARY_ONLY
        return 0.0


@functools.lru_cache(maxsize=1)
def load_table() -> FrequencyTable:
    """The whole frequency table, loaded once per process (about 25 ms): for building the word store,
    its tests, and a Python without sqlite3. Lookups go through `lookup`."""
    seen: dict[str, float] = {}
    dictionary_only: list[str] = []
    text = gzip.decompress(DATA_FILE.read_bytes()).decode("utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        value, _, words = line.partition("\t")
        if value == _DICTIONARY_ONLY_TENTHS:
            dictionary_only = words.split(" ")  # written sorted by build_frequency.py
        else:
            seen.update(dict.fromkeys(words.split(" "), int(value) / 10))
    return FrequencyTable(seen, dictionary_only)


def lookup(key: str) -> float:
    """Zipf value of exactly `key` (lower case, as listed); 0.0 when unlisted. Asks the word store
    (reviewer/language/lexicon/wordstore.py), which answers without loading the table."""
    store = word_store()
    if store is None:  # no sqlite3: the text table, loaded once
        return load_table().get(key)
    tenths = store.zipf_tenths(key)
    return tenths / 10 if tenths is not None else 0.0


@functools.lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """Zipf value of `word` (any case; a trailing possessive 's is ignored); 0.0 when unlisted."""
    key = word.lower().replace("’", "'")
    value = lookup(key)
    if value == 0.0 and key.endswith("'s"):
        value = lookup(key[:-2])
    return value


def is_listed(word: str) -> bool:
    """True when the word appears in the general-English list at all."""
    return zipf(word) > 0.0
