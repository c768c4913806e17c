"""One read-only SQLite file with what reviewer knows about each English word: Zipf frequency and syllables.

`words.sqlite` (built by benchmarks/build_wordstore.py from `frequency.txt.gz` and
`cmudict_syllables.txt`, which stay the reviewable sources) answers a word in a few microseconds
without loading anything first. Building Python dicts of the 200,000 words of the two tables takes
about 60 ms, which is a fifth of a cold `reviewer lint`; a run asks about a few thousand words at
most, so looking each one up (and memoising the answer) is far cheaper. Where Python lacks its
sqlite3 module, `word_store()` is None and the text tables are loaded instead: the same answers, more slowly.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

STORE_FILE = Path(__file__).resolve().with_name("words.sqlite")


class WordStore:
    """Zipf value (tenths) and syllable count per lower-case word; either may be unknown (None)."""

    def __init__(self, path: Path = STORE_FILE) -> None:
        self.path = path
        self._memo: dict[str, tuple[int | None, int | None]] = {}
        self._pid = -1
        self._connection = None

    def _lookup(self, word: str) -> tuple[int | None, int | None]:
        if self._pid != os.getpid():  # a connection must not cross a fork into a worker process
            import sqlite3

            self._connection = sqlite3.connect(f"{self.path.as_uri()}?mode=ro&immutable=1", uri=True,
                                               check_same_thread=False)
            self._pid = os.getpid()
        row = self._connection.execute("SELECT zipf, syllables FROM words WHERE word = ?", (word,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

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
