"""`reviewer init`: a commented starter configuration (and CI files) for a content repository."""

from __future__ import annotations

from pathlib import Path

import click

STARTER_CONFIG = """\
# reviewer configuration: https://github.com/YOUR-ORG/reviewer#configuration
# Every key is optional; the values below are the defaults. Uncomment a line to change it.
# Unknown keys are errors, so a typo never goes unnoticed. `reviewer explain RULE` documents each rule.

# Which files are articles (globs relative to this file's folder), and which to skip.
# include = ["**/*.md", "**/*.markdown", "**/*.txt"]
# exclude = ["drafts/**", "README.md"]

# Rules to run and to skip, by id or family prefix (`reviewer rules` lists them).
# select = ["ALL"]
# ignore = []

# The lowest severity that makes `reviewer lint` exit 1: error, warning, suggestion or never.
# fail_on = "error"

# Folders of extra rule packs (house jargon, acronyms your readers know, extra spellings).
# rule_packs = []

# Where the lint cache and the review history index live (they write their own .gitignore).
# cache_dir = ".reviewer_cache"

# A rule's severity (error, warning, suggestion or off) and options:
# [rules."readability.grade"]
# severity = "warning"
# target = 8

[review]
# How long a review lasts, and how soon before it ends an article counts as due soon.
# interval = "12 months"
# due_within_days = 30
# Front matter keys that hold the review metadata.
# last_reviewed_keys = ["last_reviewed", "reviewed"]
# next_review_keys = ["next_review"]
# interval_keys = ["review_interval"]
# reviewed_by_keys = ["reviewed_by"]
# owner_keys = ["owner"]
# Extra date formats (strptime codes) your articles use, for example ["%m/%d/%Y"].
# date_formats = []
# ignore_revs_file = ".git-blame-ignore-revs"
"""

PRE_COMMIT_CONFIG = """\
repos:
  - repo: https://github.com/YOUR-ORG/reviewer
    rev: v0.1.0            # a reviewer tag or commit
    hooks:
      - id: reviewer-lint
        # Optional:
        # args: [--fail-on, warning]           # block on warnings too
        # files: ^content/.*\\.(md|markdown|txt)$
        # exclude: ^content/drafts/
"""

GITHUB_WORKFLOW = """\
# .github/workflows/articles.yml
name: Articles
on:
  pull_request:
    paths: ["**.md", "**.markdown", "**.txt", "reviewer.toml", "pyproject.toml"]
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
        with:
          fetch-depth: 0                # the pull request's base, to gate on the lines it changes
      - uses: YOUR-ORG/reviewer@v0.1.0
        with:
          paths: articles
          # fail-on: warning
"""


@click.command("init")
@click.option("--pre-commit", "pre_commit", is_flag=True, help="Also write .pre-commit-config.yaml with the hook.")
@click.option("--github-actions", "github_actions", is_flag=True,
              help="Also write .github/workflows/articles.yml, which lints pull requests.")
def init_command(pre_commit: bool, github_actions: bool) -> None:
    """Write a commented starter reviewer.toml in this folder (and, with flags, CI files).

    Every key is shown with its default, commented out. Nothing is overwritten: when any file
    to write exists, or this folder already has a `[tool.reviewer]` table in pyproject.toml,
    init writes nothing and exits 2.
    """
    from reviewer.cli import UsageProblem
    from reviewer.fileio import write_atomic

    here = Path.cwd()
    files = {Path("reviewer.toml"): STARTER_CONFIG}
    if pre_commit:
        files[Path(".pre-commit-config.yaml")] = PRE_COMMIT_CONFIG
    if github_actions:
        files[Path(".github/workflows/articles.yml")] = GITHUB_WORKFLOW
    existing = [str(path) for path in files if (here / path).exists() or (here / path).is_symlink()]
    if _has_tool_table(here / "pyproject.toml"):
        existing.insert(0, "pyproject.toml (it has a [tool.reviewer] table)")
    if existing:
        raise UsageProblem(f"{', '.join(existing)} already exist{'s' if len(existing) == 1 else ''}; "
                           "init never overwrites: edit it, or move it away and run init again")
    for path, text in files.items():
        target = here / path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, text.encode("utf-8"))
        except OSError as exc:
            raise UsageProblem(f"cannot write {path}: {exc.strerror or exc}") from None
        click.echo(f"wrote {path.as_posix()}")
    click.echo("next: edit reviewer.toml, then run `reviewer lint`")


def _has_tool_table(pyproject: Path) -> bool:
    import tomllib

    try:
        return "reviewer" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
