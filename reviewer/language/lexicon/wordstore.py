"""One read-only SQLite file with what reviewer knows about each English word: Zipf frequency and syllables.

`words.sqlite` (built by benchmarks/build_wordstore.py from `frequency.txt.gz` and
`cmudict_syllables.txt`, which stay the reviewable sources) answers a word in a few microseconds
without loading anything first. Building Python dicts of the 200,000 words of the two tables takes
about 60 ms, which is a fifth of a cold `reviewer lint`; a run asks about a few thousand words at
most, so looking each one up (and memoising the answer) is far cheaper. Where Python lacks its
sqlite3 module, `word_store()` is None and the text tables are loaded instead: the same answers, more slowly.

A second table, `spelling`, holds the words only spelling.unknown accepts beyond the frequency table
(SCOWL and medical word lists, from `spelling_words.txt.gz`): asked only about a word the frequency
table lacks, so the other rules never see it.
"""

from __future__ import annotations

import functools
import gzip
import os
from pathlib import Path

STORE_FILE = Path(__file__).resolve().with_name("words.sqlite")
SPELLING_FILE = Path(__file__).resolve().with_name("spelling_words.txt.gz")


class WordStore:
    """Zipf value (tenths) and syllable count per lower-case word; either may be unknown (None)."""

    def __init__(self, path: Path = STORE_FILE) -> None:
        self.path = path
        self._memo: dict[str, tuple[int | None, int | None]] = {}
        self._spelled: dict[str, str | None] = {}
        self._pid = -1
        self._connection = None

    def _execute(self, query: str, word: str):
        if self._pid != os.getpid():  # a connection must not cross a fork into a worker process
            import sqlite3

            self._connection = sqlite3.connect(f"{self.path.as_uri()}?mode=ro&immutable=1", uri=True,
                                               check_same_thread=False)
            self._pid = os.getpid()
        return self._connection.execute(query, (word,)).fetchone()

    def _lookup(self, word: str) -> tuple[int | None, int | None]:
        row = self._execute("SELECT zipf, syllables FROM words WHERE word = ?", word)
        return (row[0], row[1]) if row else (None, None)

    def spelled(self, word: str) -> str | None:
        """The kind of this lower-case word in the spelling word lists (table `spelling`), or None:
        "w" a word, "n" only a name (Paris), "a" only an abbreviation written in capitals (PDF)."""
        found = self._spelled.get(word, "")
        if found == "":
            row = self._execute("SELECT kind FROM spelling WHERE word = ?", word)
            found = self._spelled[word] = row[0] if row else None
        return found

    def entry(self, word: str) -> tuple[int | None, int | None]:
        found = self._memo.get(word)
        if found is None:
            found = self._memo[word] = self._lookup(word)
        return found

    def zipf_tenths(self, word: str) -> int | None:
        return self.entry(word)[0]

    def syllables(self, word: str) -> int | None:
        return self.entry(word)[1]


@functools.lru_cache(maxsize=1)
def word_store() -> WordStore | None:
    """The process's word store (opened on first lookup); None where Python lacks sqlite3 or the file is
    missing, and the callers read their text table instead."""
    try:
        import sqlite3  # noqa: F401
    except ImportError:
        return None
    return WordStore() if STORE_FILE.is_file() else None


@functools.lru_cache(maxsize=1)
def spelling_table() -> dict[str, str]:
    """Every word of `spelling_words.txt.gz` (about 170,000; loaded once, about 0.1 s) with its kind: "w" a
    word (SCOWL's lower-case entries and the medical sources), else "n" a name, else "a" an abbreviation.
    For building the store, its tests, and a Python without sqlite3; lookups go through `spelled`."""
    text = gzip.decompress(SPELLING_FILE.read_bytes()).decode("utf-8")
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, _, sources = line.partition("\t")
            table[word] = "w" if set(sources) & set("scpd") else "n" if "n" in sources else "a"
    return table


def spelled(word: str) -> str | None:
    """The kind of `word` (lower case) in the spelling word lists (SCOWL and medical sources): "w" a word,
    "n" only a name, "a" only an abbreviation; None when unlisted."""
    store = word_store()
    if store is None:
        return spelling_table().get(word)
    return store.spelled(word)
