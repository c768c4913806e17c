"""Generate a corpus of N articles of about 1,000 words from the bundled samples, with variation.

    python benchmarks/make_corpus.py OUT_DIR N [--seed 1]

Each generated article takes a sample article, shuffles the paragraphs inside each
section, varies numbers and a few words, and gets its own title; 200 articles per folder.
Deterministic for a given seed, so runs are comparable.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "articles"
SWAPS = [("medicine", "medication"), ("doctor", "GP"), ("often", "usually"), ("help", "support"),
         ("people", "adults"), ("check", "test")]


def sample_texts() -> list[tuple[str, str]]:
    return [(p.suffix, p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*")) if p.suffix in (".md", ".txt")]


def vary(text: str, rng: random.Random, number: int) -> str:
    head, body = "", text
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end > 0:
            head, body = text[: end + 5], text[end + 5 :]
    sections = re.split(r"(?m)^(?=#)", body)
    varied = []
    for section in sections:
        paragraphs = section.split("\n\n")
        first, rest = paragraphs[:1], paragraphs[1:]
        rng.shuffle(rest)
        varied.append("\n\n".join(first + rest))
    body = "\n\n".join(s.strip("\n") for s in varied) + "\n"
    for old, new in rng.sample(SWAPS, 2):
        body = re.sub(rf"\b{old}\b", new, body, count=3)
    body = re.sub(r"\b(\d{2,3})\b", lambda m: str(int(m.group()) + rng.randint(0, 3)), body)
    head = re.sub(r"(?m)^title: (.*)$", lambda m: f"title: {m.group(1).strip(chr(34))} ({number})", head)
    return head + body


def generate(out: Path, count: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    samples = sample_texts()
    written = []
    for number in range(count):
        suffix, text = samples[number % len(samples)]
        folder = out / f"section-{number // 200:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"article-{number:05d}{suffix}"
        path.write_text(vary(text, rng, number), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = generate(args.out, args.count, args.seed)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths[:50]) / min(50, len(paths))
    print(f"wrote {len(paths)} articles to {args.out} (about {words:.0f} words each)")


if __name__ == "__main__":
    main()
