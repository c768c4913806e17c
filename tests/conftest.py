"""Shared test helpers: fixture expectations, a fixed 'today', temporary git repositories."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests (tests/test_properties.py): a few hundred examples by default; `--hypothesis-profile=thorough`
# runs 10,000. No deadline: a slow machine is not a failure.
settings.register_profile("default", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("default")

AS_OF = date(2026, 11, 25)
ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RULE_FIXTURES = FIXTURES / "rules"
_EXPECT = re.compile(r"expect:\s*([a-z0-9_.\-]+(?:\s*,\s*[a-z0-9_.\-]+)*)")


def expected_findings(path: Path) -> list[tuple[int, str]]:
    """(line, rule) pairs marked in a fixture: `expect: RULE[, RULE]` in a comment on the finding's line,
    or lines `LINE RULE` in a sidecar file `<fixture>.expect`."""
    sidecar = path.with_name(path.name + ".expect")
    if sidecar.exists():
        pairs = []
        for line in sidecar.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                number, rule_id = line.split()
                pairs.append((int(number), rule_id))
        return sorted(pairs)
    pairs = []
    text = path.read_bytes().decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), 1):
        for match in _EXPECT.finditer(line):
            for rule_id in re.split(r"\s*,\s*", match.group(1)):
                pairs.append((number, rule_id))
    return sorted(pairs)


def git(cwd: Path, *args: str, date_text: str | None = None, check: bool = True) -> str:
    """Run real git in `cwd` with a clean, pinned environment; optionally dated commits."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Test Author",
               GIT_AUTHOR_EMAIL="author@example.org", GIT_COMMITTER_NAME="Test Committer",
               GIT_COMMITTER_EMAIL="committer@example.org")
    if date_text:
        env.update(GIT_AUTHOR_DATE=date_text, GIT_COMMITTER_DATE=date_text)
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {result.stderr}")
    return result.stdout


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """An empty real git repository with main as its branch."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    return repo
