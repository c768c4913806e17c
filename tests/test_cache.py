"""The lint cache: identical findings, invalidated by exactly what findings depend on, never trusted when corrupt."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from reviewer import fileio
from reviewer.cli import cli
from reviewer.lint.cache import CACHE_FORMAT

ARTICLE = "# Page\n\nDO NOT STOP TAKING YOUR MEDICINE WITHOUT ASKING.\n\nSee [the clinic](#) and [dosing](dosing.md).\n"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.md").write_text("# Fine\n\nAll good here.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(*args):
    result = CliRunner().invoke(cli, ["lint", "--format", "json", "--as-of", "2026-11-25", *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def cache_file(repo):
    return repo / ".reviewer_cache" / "lint-cache.sqlite"


def cached_paths(repo):
    with sqlite3.connect(cache_file(repo)) as db:
        return {row[0] for row in db.execute("SELECT path FROM entries")}


def test_cached_findings_are_identical_to_a_fresh_run(repo):
    fresh = lint("--no-cache")
    assert not cache_file(repo).exists()
    first = lint()
    assert cache_file(repo).exists()
    second = lint()
    assert fresh == first == second
    assert cached_paths(repo) == {"a.md", "b.md"}
    assert (repo / ".reviewer_cache" / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")


def test_a_cache_hit_does_not_lint_again(repo, monkeypatch):
    lint()
    import reviewer.lint.engine as engine

    def fail(*args, **kwargs):
        raise AssertionError("linted a file the cache should have answered")

    monkeypatch.setattr(engine.Linter, "lint_document", fail)
    assert lint()["summary"]["files"] == 2


def test_changed_content_invalidates_that_file_only(repo, monkeypatch):
    lint()
    (repo / "b.md").write_text("# Fine\n\n[x](#)\n", encoding="utf-8")
    import reviewer.lint.engine as engine

    linted = []
    original = engine.Linter.lint_document
    monkeypatch.setattr(engine.Linter, "lint_document",
                        lambda self, doc, *rest: linted.append(doc.path) or original(self, doc, *rest))
    data = lint()
    assert linted == ["b.md"]
    assert [f["path"] for f in data["findings"] if f["rule"] == "links.placeholder"] == ["a.md", "b.md"]


def test_config_change_and_selection_invalidate(repo):
    lint()
    assert {f["rule"] for f in lint("--select", "links")["findings"]} == {"links.placeholder", "links.broken-relative"}
    (repo / "reviewer.toml").write_text('[rules."style.all-caps"]\nseverity = "error"\n', encoding="utf-8")
    severities = {f["rule"]: f["severity"] for f in lint()["findings"]}
    assert severities["style.all-caps"] == "error"


def test_link_target_appearing_invalidates_the_linking_file(repo, monkeypatch):
    lint()
    import reviewer.lint.engine as engine

    linted = []
    original = engine.Linter.lint_document
    monkeypatch.setattr(engine.Linter, "lint_document",
                        lambda self, doc, *rest: linted.append(doc.path) or original(self, doc, *rest))
    (repo / "dosing.md").write_text("# Dosing\n\nOne a day.\n", encoding="utf-8")
    lint("a.md", "b.md")
    assert linted == ["a.md"]


def test_corrupt_cache_is_ignored_with_a_warning(repo):
    expected = lint()
    cache_file(repo).write_bytes(b"this is not a database at all, just some bytes " * 100)
    result = CliRunner().invoke(cli, ["lint", "--format", "json", "--as-of", "2026-11-25"])
    assert "ignoring corrupt lint cache" in result.stderr
    assert json.loads(result.stdout) == expected
    assert cached_paths(repo) == {"a.md", "b.md"}  # rebuilt
    with sqlite3.connect(cache_file(repo)) as db:
        db.execute("UPDATE entries SET findings = '[[1, 2, \"broken\"]]' WHERE path = 'a.md'")
        db.execute("UPDATE entries SET targets = '{}' WHERE path = 'b.md'")
    assert lint() == expected  # a damaged entry is a miss


def test_a_finding_comes_back_from_the_cache_exactly(tmp_path):
    from reviewer.lint.cache import LintCache
    from reviewer.lint.finding import Finding, Fix, Severity

    findings = [Finding("a.md", 3, 5, 3, 9, "notation.trailing-zero", Severity.WARNING, "5.0 mg", "5",
                        Fix(40, 43, "5"), 40, 43),
                Finding("a.md", 1, 1, 1, 1, "review.missing", Severity.SUGGESTION, "no date")]
    cache = LintCache(tmp_path, "fingerprint")
    cache.put("a.md", "digest", [], findings, 731, piece=("json", "the rendered findings"))
    assert cache.save() is None
    again = LintCache(tmp_path, "fingerprint")
    stored = again.get("a.md", "digest")
    assert (stored.findings(), stored.words, stored.piece) == (findings, 731, None) and again.warning is None
    assert stored.counts == [("notation.trailing-zero", Severity.WARNING, 1), ("review.missing", Severity.SUGGESTION, 1)]
    assert again.get("a.md", "digest", variant="json").piece == "the rendered findings"
    assert again.get("a.md", "digest", variant="text").piece is None
    assert LintCache(tmp_path, "another run").get("a.md", "digest") is None


def test_a_cache_written_by_another_version_is_dropped_quietly(repo):
    expected = lint()
    with sqlite3.connect(cache_file(repo)) as db:
        db.execute("PRAGMA user_version = 1")
    result = CliRunner().invoke(cli, ["lint", "--format", "json", "--as-of", "2026-11-25"])
    assert result.stderr == "" and json.loads(result.stdout) == expected
    with sqlite3.connect(cache_file(repo)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == CACHE_FORMAT


def test_an_unwritable_cache_folder_is_a_warning_not_a_failure(repo):
    (repo / ".reviewer_cache").write_text("a file where the folder should be", encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", "--format", "json", "--as-of", "2026-11-25"])
    assert result.exit_code in (0, 1) and "could not write lint cache" in result.stderr
    assert json.loads(result.stdout)["summary"]["files"] == 2


def test_cached_runs_hold_one_file_at_a_time(repo, monkeypatch):
    """Files the cache answers are read from it when their turn comes, in order, not gathered first."""
    from reviewer.lint import cache as cache_module

    lint()
    order = []
    original = cache_module.LintCache.get
    monkeypatch.setattr(cache_module.LintCache, "get",
                        lambda self, display, digest, **kw: order.append(display) or original(self, display, digest, **kw))
    assert lint()["summary"]["files"] == 2 and order == ["a.md", "b.md"]


def test_an_unchanged_file_is_not_even_read_when_its_times_are_trusted(repo, monkeypatch):
    """Size, times, inode and device unchanged (and older than the racy window): the entry is used unread."""
    from reviewer.lint import cache as cache_module
    import reviewer.lint.engine as engine

    monkeypatch.setattr(fileio, "RACY_SECONDS", 0)
    first = lint()
    read = []
    original = engine.read_bytes
    monkeypatch.setattr(engine, "read_bytes", lambda path, display: read.append(display) or original(path, display))
    assert lint() == first and read == []


def test_a_same_size_edit_with_its_old_modification_time_is_still_seen(repo, monkeypatch):
    """Setting the modification time back does not hide an edit: the change time moved, so the file is hashed."""
    import os

    from reviewer.lint import cache as cache_module

    monkeypatch.setattr(fileio, "RACY_SECONDS", 0)
    lint()
    path = repo / "b.md"
    before = path.stat()
    path.write_text("# Fine\n\nALL GOOD HERE.\n", encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert "b.md" in {f["path"] for f in lint()["findings"] if f["rule"] == "style.all-caps"}


def test_a_file_changed_just_now_is_hashed_not_trusted(repo, monkeypatch):
    """Within the racy window a second write could keep the times: such files are read and hashed."""
    import reviewer.lint.engine as engine
    from reviewer.lint import cache as cache_module

    monkeypatch.setattr(fileio, "RACY_SECONDS", 10**6)  # every file counts as just changed
    first = lint()
    read = []
    original = engine.read_bytes
    monkeypatch.setattr(engine, "read_bytes", lambda path, display: read.append(display) or original(path, display))
    assert lint() == first and sorted(read) == ["a.md", "b.md"]


def test_many_cached_files_read_in_one_ordered_scan_give_the_same_findings(tmp_path, monkeypatch):
    """With many entries to answer the cache reads them in one scan in path order; any order, a changed file
    and the writes it causes give the findings a fresh run gives."""
    from datetime import date
    from pathlib import Path

    from reviewer.config import Config
    from reviewer.lint import cache as cache_module
    from reviewer.lint.engine import LintSettings, lint_files

    for n in range(90):
        (tmp_path / f"page-{n:03}.md").write_text(ARTICLE if n % 3 else "# Fine\n\nAll good here.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    fresh = lint("--no-cache")
    assert lint() == fresh and lint() == fresh  # filled, then answered by the scan
    (tmp_path / "page-040.md").write_text("# Changed\n\nNOW IN CAPITALS HERE.\n", encoding="utf-8")
    assert lint() == lint("--no-cache")
    settings = LintSettings(Config(root=tmp_path), date(2026, 11, 25))
    files = [(Path(tmp_path / f"page-{n:03}.md"), f"page-{n:03}.md") for n in reversed(range(90))]
    cache = cache_module.LintCache(tmp_path / ".reviewer_cache", "a fingerprint of its own")
    first = [r.findings for r in lint_files(files, settings, 1, cache)]
    cache.save()
    cache = cache_module.LintCache(tmp_path / ".reviewer_cache", "a fingerprint of its own")
    assert [r.findings for r in lint_files(files, settings, 1, cache)] == first  # unsorted: single queries
    cache.save()
