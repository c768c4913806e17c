"""Build reviewer/language/lexicon/words.sqlite from the text tables beside it (run after rebuilding any).

    python benchmarks/build_wordstore.py

The text tables (`frequency.txt.gz`, from pyspellchecker's list; `cmudict_syllables.txt`, from the
CMU Pronouncing Dictionary; `spelling_words.txt.gz`, from SCOWL and medical sources, built by
benchmarks/build_spelling_words.py; see reviewer/language/lexicon/README.md) stay the reviewable sources.
This writes one row per word of the first two: (word, Zipf value in tenths or NULL, syllables or NULL), in a
WITHOUT ROWID table keyed by the word, so a lookup reads a few pages of the file and nothing is loaded
up front; and a second table `spelling` with the words only the spelling rule accepts. The rows go in
sorted, so the same tables always give the same file.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rows() -> list[tuple[str, int | None, int | None]]:
    sys.path.insert(0, str(ROOT))
    from reviewer.language.lexicon.frequency import DICTIONARY_ONLY, load_table
    from reviewer.language.lexicon.syllables import syllable_table

    frequency, syllables = load_table(), syllable_table()
    zipf = {word: round(value * 10) for word, value in frequency.seen.items()}
    zipf.update((word, round(DICTIONARY_ONLY * 10)) for word in frequency.dictionary_only)
    return [(word, zipf.get(word), syllables.get(word)) for word in sorted(zipf.keys() | syllables.keys())]


def main() -> int:
    from reviewer.language.lexicon.wordstore import STORE_FILE

    table = rows()
    partial = STORE_FILE.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("CREATE TABLE words (word TEXT PRIMARY KEY, zipf INTEGER, syllables INTEGER) WITHOUT ROWID")
    connection.executemany("INSERT INTO words VALUES (?, ?, ?)", table)
    from reviewer.language.lexicon.wordstore import spelling_table

    spelling = sorted(spelling_table().items())
    connection.execute("CREATE TABLE spelling (word TEXT PRIMARY KEY, kind TEXT NOT NULL) WITHOUT ROWID")
    connection.executemany("INSERT INTO spelling VALUES (?, ?)", spelling)
    connection.commit()
    connection.execute("VACUUM")
    connection.close()
    partial.replace(STORE_FILE)
    from reviewer.language.lexicon.wordstore import WordStore

    store, began = WordStore(), time.perf_counter()
    store.entry("cholesterol")
    print(f"{STORE_FILE}: {STORE_FILE.stat().st_size:,} bytes, {len(table):,} words, "
          f"{len(spelling):,} more for spelling; "
          f"first lookup {1000 * (time.perf_counter() - began):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
