"""CODEOWNERS: who owns a path when the article's front matter does not say.

GitHub's rules: the file is the first of `.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS`;
each line is a pattern and its owners; the LAST matching pattern wins (a pattern with no owners
leaves the path unowned). Patterns follow gitignore syntax without `!` negation or `[...]` ranges:
`*.md` matches at any depth, `/docs/` only at the top, `docs/*` only direct children of docs,
`apps/` any folder named apps and everything under it, `**` any number of folders.
GitLab's `[Section]` headers are skipped, so their rules still count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reviewer.lint.discover import glob_body

LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")


@dataclass(frozen=True)
class OwnerRule:
    pattern: str
    owners: tuple[str, ...]
    line: int
    regex: re.Pattern[str]


@dataclass(frozen=True)
class CodeOwners:
    rules: tuple[OwnerRule, ...] = ()
    source: str = ""  # the file they came from, relative to the repository root

    def owners_of(self, path: str) -> tuple[str, ...]:
        """Owners of a repository-relative POSIX path (empty when unowned)."""
        for owner_rule in reversed(self.rules):
            if owner_rule.regex.match(path):
                return owner_rule.owners
        return ()

    def owner_of(self, path: str) -> str | None:
        owners = self.owners_of(path)
        return " ".join(owners) if owners else None


def parse_codeowners(text: str, source: str = "") -> CodeOwners:
    rules = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#") or re.match(r"^\^?\[[^\]]*\]", line):
            continue
        line = re.split(r"\s+#", line, maxsplit=1)[0]
        parts = line.split()
        pattern, owners = parts[0].replace("\\ ", " "), tuple(parts[1:])
        regex = compile_pattern(pattern)
        if regex is not None:
            rules.append(OwnerRule(pattern, owners, number, regex))
    return CodeOwners(tuple(rules), source)


def compile_pattern(pattern: str) -> re.Pattern[str] | None:
    """A CODEOWNERS pattern as a regex over repository-relative POSIX paths (None: not supported)."""
    if pattern.startswith("!") or not pattern.strip("/"):
        return None
    directory = pattern.endswith("/")
    body = pattern.strip("/")
    anchored = pattern.startswith("/") or "/" in body
    last = body.rsplit("/", 1)[-1]
    # A literal last segment, a folder pattern or a trailing ** also covers everything below it;
    # `docs/*` covers only the direct children of docs (GitHub's documented difference from gitignore).
    below = directory or last == "**" or not re.search(r"[*?]", last)
    prefix = "" if anchored else "(?:.*/)?"
    suffix = "/.*" if directory else ("(?:/.*)?" if below else "")
    return re.compile(f"^{prefix}{glob_body(body)}{suffix}$")  # a trailing /** is /.* in both


def load_codeowners(repository_root: Path) -> CodeOwners:
    """The repository's CODEOWNERS file, or no rules. Unreadable files count as absent."""
    for location in LOCATIONS:
        path = repository_root / location
        try:
            return parse_codeowners(path.read_text(encoding="utf-8", errors="replace"), location)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            continue
        except OSError:
            continue
    return CodeOwners()
