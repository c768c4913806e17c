"""CODEOWNERS patterns as GitHub documents them; the last matching line wins."""

from __future__ import annotations

import pytest

from reviewer.review.codeowners import compile_pattern


@pytest.mark.parametrize("pattern, path, matches", [
    ("*.md", "articles/hiv/treatment.md", True),
    ("*.md", "articles/hiv/treatment.txt", False),
    ("/articles/", "articles/hiv/treatment.md", True),
    ("/articles/", "docs/articles/a.md", False),
    ("articles/", "docs/articles/a.md", True),  # a trailing slash alone does not anchor it
    ("hiv/articles/", "docs/hiv/articles/a.md", False),  # a slash inside does
    ("docs/*", "docs/a.md", True),
    ("docs/*", "docs/sub/a.md", False),  # `*` covers the direct children only
    ("apps/**", "apps/x/y.md", True),
    ("/articles/**", "articles/x/y.md", True),
    ("**/logs", "a/b/logs/today.md", True),
    ("hiv", "articles/hiv/treatment.md", True),  # a literal name matches a folder anywhere, and what is below
    ("a?c.md", "abc.md", True),
    ("a?c.md", "a/c.md", False),
])
def test_patterns(pattern, path, matches):
    assert bool(compile_pattern(pattern).match(path)) is matches


def test_unsupported_patterns_are_skipped():
    assert compile_pattern("!negated.md") is None and compile_pattern("/") is None
