"""Generate a git repository of N articles and M first-parent commits with `git fast-import` (seconds).

    python benchmarks/make_history.py /tmp/bench-repo --articles 10000 --commits 50000

The history looks like a real content repository: every article has front matter with a review date,
most commits touch one to three articles, about 1% rename an article, 5% carry a `Reviewed-by:`
trailer, every 2,000th is a bulk reformatting commit touching 500 articles (listed in
.git-blame-ignore-revs), and commit dates run from 2019 to late 2026. Deterministic for a seed.

    python benchmarks/make_history.py /tmp/docs-repo --docs --articles 3100 --commits 12000

makes a versioned documentation set instead (see `generate_docs`).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

TOPICS = ("asthma", "diabetes", "heart", "kidney", "hiv", "vaccines", "medicines", "skin", "sleep", "pregnancy")
PARAGRAPHS = (
    "Take your medicine at the same time every day, even when you feel well.",
    "Tell your doctor or pharmacist about any other medicines you take, including vitamins.",
    "Your nurse will check your blood pressure and your weight at each visit.",
    "Call your GP if your symptoms get worse or you are worried.",
    "Most people feel better within a few days of starting treatment.",
    "Eat a balanced diet and try to be active for 150 minutes a week.",
)


def article_text(rng: random.Random, title: str, reviewed: date, version: int, reformatted: int) -> bytes:
    body = "\n\n".join(rng.choice(PARAGRAPHS) for _ in range(6))
    spacing = "\n" * (1 + reformatted % 2)
    return (f"---\ntitle: {title}\nlast_reviewed: {reviewed.isoformat()}\nreview_interval: 12 months\n"
            f"owner: \"@content/{title.split()[0].lower()}-team\"\n---\n\n# {title}\n{spacing}{body}\n\n"
            f"Revision {version}.\n").encode()


def generate(out, articles: int, commits: int, seed: int, flat: bool = False):
    rng = random.Random(seed)
    start = datetime(2019, 1, 1, 9, 0, tzinfo=timezone.utc)
    span = (datetime(2026, 11, 1, tzinfo=timezone.utc) - start).total_seconds()
    # Folders of about a hundred files keep the trees fast-import rewrites per commit small.
    paths = [f"articles/article-{i:05d}.md" if flat else
             f"articles/{TOPICS[i % len(TOPICS)]}/{i // 10 % 100:02d}/article-{i:05d}.md" for i in range(articles)]
    state = {p: [TOPICS[i % len(TOPICS)].capitalize() + f" guide {i}", date(2024, 1, 1), 0, 0]
             for i, p in enumerate(paths)}
    bulk_commits = []
    renames = 0

    def blob(path: str) -> bytes:
        title, reviewed, version, reformatted = state[path]
        return article_text(rng, title, reviewed, version, reformatted)

    def emit_commit(number: int, message: str, changes: list[bytes]) -> None:
        when = int(start.timestamp() + span * number / max(1, commits))
        data = message.encode()
        out.write(b"commit refs/heads/main\nmark :%d\n" % number)
        out.write(b"author Writer %d <w%d@example.org> %d +0000\n" % (number % 40, number % 40, when))
        out.write(b"committer Editor <editor@example.org> %d +0000\n" % when)
        out.write(b"data %d\n%s\n" % (len(data), data))
        if number > 1:
            out.write(b"from :%d\n" % (number - 1))
        for change in changes:
            out.write(change)

    def modify(path: str) -> bytes:
        content = blob(path)
        return b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(content), content)

    emit_commit(1, "Add articles", [modify(p) for p in paths])
    for number in range(2, commits + 1):
        if number % 2000 == 0:
            chosen = rng.sample(paths, min(500, len(paths)))
            for path in chosen:
                state[path][3] += 1
            bulk_commits.append(number)
            emit_commit(number, "Reformat articles (bulk)", [modify(p) for p in chosen])
            continue
        if rng.random() < 0.01:
            index = rng.randrange(len(paths))
            old = paths[index]
            new = old.replace(".md", f"-r{number}.md")
            state[new] = state.pop(old)
            paths[index] = new
            renames += 1
            emit_commit(number, f"Rename {old}", [b"R %s %s\n" % (old.encode(), new.encode())])
            continue
        chosen = rng.sample(paths, rng.choice((1, 1, 1, 2, 3)))
        message = f"Update {', '.join(Path(p).stem for p in chosen)}"
        if rng.random() < 0.05:
            reviewed = (start + timedelta(seconds=span * number / commits)).date()
            for path in chosen:
                state[path][1] = reviewed
            message += "\n\nReviewed-by: Dr Reviewer " + str(number % 7)
        for path in chosen:
            state[path][2] += 1
        emit_commit(number, message, [modify(p) for p in chosen])
    return bulk_commits, renames


DOCS_CONFIG = '[review]\nlast_reviewed_keys = ["ms.date"]\ndate_formats = ["%m/%d/%Y"]\ninterval = "12 months"\n'
DOCS_VERSIONS = ("5.1", "7.0", "7.2", "7.4")


def docs_text(rng: random.Random, title: str, reviewed: date, version: int, product: str) -> bytes:
    body = "\n\n".join(rng.choice(PARAGRAPHS) for _ in range(8))
    return (f"---\ntitle: {title}\ndescription: How to use {title.lower()}.\nms.date: {reviewed:%m/%d/%Y}\n"
            f"ms.topic: reference\nauthor: writer{version % 9}\n---\n# {title}\n\nApplies to version {product}.\n\n"
            f"{body}\n\nRevision {version}.\n").encode()


def generate_docs(out, articles: int, commits: int, seed: int):
    """A versioned documentation set, shaped like PowerShell-Docs: front matter dated `ms.date: MM/DD/YYYY`,
    one folder per product version; a new version starts as a copy of the newest folder (one commit adding
    a quarter of the articles: exact copies, and near copies where the version line changed: git's C100 and
    C09x), and later commits edit every version, mostly the newest. About 5% of edits are reviews that set
    ms.date to the commit's day; 0.5% rename an article."""
    rng = random.Random(seed)
    start = datetime(2019, 1, 1, 9, 0, tzinfo=timezone.utc)
    span = (datetime(2026, 11, 1, tzinfo=timezone.utc) - start).total_seconds()
    per_version = max(1, articles // len(DOCS_VERSIONS))
    topics = [f"{TOPICS[i % len(TOPICS)]}/{i // 10 % 30:02d}/topic-{i:05d}.md" for i in range(per_version)]
    state: dict[str, list] = {}  # path -> [title, reviewed, version, product]
    live: list[list[str]] = []  # paths per product version, oldest version first
    copy_at = {int(commits * k / len(DOCS_VERSIONS)) + 1: k for k in range(1, len(DOCS_VERSIONS))}
    copies = 0

    def when(number: int) -> int:
        return int(start.timestamp() + span * number / max(1, commits))

    def modify(path: str) -> bytes:
        title, reviewed, version, product = state[path]
        content = docs_text(rng, title, reviewed, version, product)
        return b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(content), content)

    def emit(number: int, message: str, changes: list[bytes]) -> None:
        data = message.encode()
        out.write(b"commit refs/heads/main\nmark :%d\n" % number)
        out.write(b"author Writer %d <w%d@example.org> %d +0000\n" % (number % 40, number % 40, when(number)))
        out.write(b"committer Editor <editor@example.org> %d +0000\n" % when(number))
        out.write(b"data %d\n%s\n" % (len(data), data))
        if number > 1:
            out.write(b"from :%d\n" % (number - 1))
        for change in changes:
            out.write(change)

    first = [f"docs/{DOCS_VERSIONS[0]}/{t}" for t in topics]
    for i, path in enumerate(first):
        state[path] = [f"{TOPICS[i % len(TOPICS)].capitalize()} topic {i}", date(2018, 12, 1), 0, DOCS_VERSIONS[0]]
    live.append(first)
    config = DOCS_CONFIG.encode()
    emit(1, "Add version " + DOCS_VERSIONS[0],
         [b"M 100644 inline reviewer.toml\ndata %d\n%s\n" % (len(config), config)] + [modify(p) for p in first])
    for number in range(2, commits + 1):
        if number in copy_at:
            product = DOCS_VERSIONS[copy_at[number]]
            source = live[-1]
            target = [f"docs/{product}/" + p.split("/", 2)[2] for p in source]
            changes = [b"C %s %s\n" % (s.encode(), t.encode()) for s, t in zip(source, target)]
            for s_path, t_path in zip(source, target):
                state[t_path] = list(state[s_path])
            for t_path in target[::2]:  # half say the new version: near copies (C09x); the rest stay exact
                state[t_path][3] = product
                changes.append(modify(t_path))
            live.append(target)
            copies += len(target)
            emit(number, f"Add version {product} (copy of {source[0].split('/')[1]})", changes)
            continue
        group = live[-1] if rng.random() < 0.6 else rng.choice(live)
        if rng.random() < 0.005:
            index = rng.randrange(len(group))
            old = group[index]
            new = old.replace(".md", f"-r{number}.md")
            state[new] = state.pop(old)
            group[index] = new
            emit(number, f"Rename {old}", [b"R %s %s\n" % (old.encode(), new.encode())])
            continue
        chosen = rng.sample(group, min(len(group), rng.choice((1, 1, 1, 2, 3))))
        review = rng.random() < 0.05
        for path in chosen:
            state[path][2] += 1
            if review:
                state[path][1] = datetime.fromtimestamp(when(number), timezone.utc).date()
        emit(number, ("Review " if review else "Update ") + ", ".join(Path(p).stem for p in chosen),
             [modify(p) for p in chosen])
    return [], copies


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--flat", action="store_true",
                        help="every article in one folder (git's own pass then inflates a 10,000-entry tree a commit)")
    parser.add_argument("--docs", action="store_true",
                        help="a versioned docs set: ms.date MM/DD/YYYY front matter, version folders made by copying")
    args = parser.parse_args(argv)
    if args.repo.exists() and any(args.repo.iterdir()):
        parser.error(f"{args.repo} exists and is not empty")
    args.repo.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    env_git = ["git", "-c", "init.defaultBranch=main"]
    subprocess.run([*env_git, "init", "-q", str(args.repo)], check=True)
    importer = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=args.repo, stdin=subprocess.PIPE)
    if args.docs:
        bulk, copies = generate_docs(importer.stdin, args.articles, args.commits, args.seed)
    else:
        bulk, renames = generate(importer.stdin, args.articles, args.commits, args.seed, args.flat)
    importer.stdin.write(b"done\n")
    importer.stdin.close()
    if importer.wait() != 0:
        return 1
    ids = subprocess.run(["git", "rev-list", "--reverse", "--first-parent", "main"], cwd=args.repo, check=True,
                         capture_output=True, text=True).stdout.split()
    (args.repo / ".git-blame-ignore-revs").write_text("".join(f"{ids[n - 1]}\n" for n in bulk))
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=args.repo, check=True)
    shape = f"{copies} copied articles" if args.docs else f"{renames} renames, {len(bulk)} bulk"
    print(f"{args.repo}: {args.articles} articles, {args.commits} commits ({shape}) "
          f"in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
