"""The report cache (issue 14, item 6): an unchanged article costs a lookup by blob id, and the cache never
changes an answer. Real temporary repositories, the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import git
from reviewer.cli import cli
from reviewer.review import dates
from reviewer.review.cache import decode, encode
from reviewer.document import parse
from reviewer.review.intervals import Interval
from reviewer.review.rows import review_facts

CACHE = Path(".reviewer_cache") / "review-cache.json"


def commit(repo: Path, when: str, files: dict[str, str]) -> None:
    for name, text in files.items():
        (repo / name).write_text(text, encoding="utf-8")
        git(repo, "add", name)
    git(repo, "commit", "-q", "-m", "change", date_text=when)


def article(reviewed: str, body: str) -> str:
    return f"---\ntitle: T\nlast_reviewed: {reviewed}\nowner: '@team'\n---\n# T\n\n{body}\n\n*Reviewed March 2026*\n"


def report(repo: Path, monkeypatch, *args: str) -> str:
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(cli, ["report", "--as-of", "2026-11-25", "--format", "json", *args],
                                catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def parses(monkeypatch) -> list[str]:
    """Count the articles whose review metadata is read from their text."""
    seen: list[str] = []
    real = dates.read_review_metadata

    def counting(doc, settings=None):
        seen.append(doc.path)
        return real(doc, settings)

    monkeypatch.setattr(dates, "read_review_metadata", counting)
    return seen


def repository(git_repo: Path) -> Path:
    commit(git_repo, "2026-03-01T09:00:00+00:00", {"a.md": article("2026-03-01", "One."),
                                                    "b.md": article("2026-03-01", "Two.")})
    commit(git_repo, "2026-05-01T09:00:00+00:00", {"b.md": article("2026-03-01", "Two, edited.")})
    return git_repo


def test_a_warm_report_reads_no_unchanged_article_and_answers_the_same(git_repo, monkeypatch):
    repo = repository(git_repo)
    cold = report(repo, monkeypatch, "--no-cache")
    first = report(repo, monkeypatch)
    assert (repo / CACHE).is_file()
    seen = parses(monkeypatch)
    warm = report(repo, monkeypatch)
    assert cold == first == warm and seen == []
    rows = {r["path"]: r for r in json.loads(warm)["articles"]}
    assert (rows["a.md"]["changed_since_review"], rows["b.md"]["changed_since_review"]) == (False, True)


def test_an_edited_article_is_read_again_and_its_verdict_follows(git_repo, monkeypatch):
    repo = repository(git_repo)
    report(repo, monkeypatch)
    (repo / "a.md").write_text(article("2026-03-01", "One, edited in the working tree."), encoding="utf-8")
    seen = parses(monkeypatch)
    rows = {r["path"]: r for r in json.loads(report(repo, monkeypatch))["articles"]}
    assert seen == ["a.md"] and rows["a.md"]["changed_since_review"] is True
    assert report(repo, monkeypatch) == report(repo, monkeypatch, "--no-cache")


def test_a_damaged_or_foreign_cache_is_ignored_and_rebuilt(git_repo, monkeypatch):
    repo = repository(git_repo)
    expected = report(repo, monkeypatch, "--no-cache")
    (repo / CACHE).parent.mkdir()
    for damage in ("{not json", json.dumps({"key": [], "articles": {}, "verdicts": {}}), "[]"):
        (repo / CACHE).write_text(damage, encoding="utf-8")
        assert report(repo, monkeypatch) == expected
    data = json.loads((repo / CACHE).read_text(encoding="utf-8"))
    blob = next(iter(data["articles"]))
    data["articles"][blob][1] = ["NoSuchClass"]  # a cache written by another version of the classes
    (repo / CACHE).write_text(json.dumps(data), encoding="utf-8")
    assert report(repo, monkeypatch) == expected


def test_other_review_settings_do_not_reuse_the_cache(git_repo, monkeypatch):
    repo = repository(git_repo)
    report(repo, monkeypatch)
    (repo / "reviewer.toml").write_text('[review]\nlast_reviewed_keys = ["reviewed"]\n', encoding="utf-8")
    rows = json.loads(report(repo, monkeypatch))["articles"]
    assert {r["last_reviewed"] for r in rows} == {"2026-03"}  # only the in-body line is read now


def test_review_facts_survive_the_round_trip_through_json():
    doc = parse("---\nlast_reviewed: 2026-03-01\nreview_interval: 2 years\nreviewed_by: Dr X\nowner: '@a'\n---\n"
                "# T\n\n*Page last reviewed: March 2026*\n*Next review due: 4 February 2024*\n", "a.md")
    facts = review_facts(dates.read_review_metadata(doc), Interval(12, "month"))
    assert facts.problems and facts.last_reviewed.precision == "month"  # a disagreement, kept as words
    assert decode(json.loads(json.dumps(encode(facts)))) == facts


def test_an_article_known_by_its_stat_is_still_compared_when_its_history_moves(git_repo, monkeypatch):
    repo = repository(git_repo)
    report(repo, monkeypatch)
    report(repo, monkeypatch)  # now known by size, time and inode alone
    commit(repo, "2026-06-01T09:00:00+00:00", {"a.md": article("2026-03-01", "One, edited and committed.")})
    assert report(repo, monkeypatch) == report(repo, monkeypatch, "--no-cache")
    commit(repo, "2026-07-01T09:00:00+00:00", {"b.md": article("2026-03-01", "Two, edited.") + "\n"})
    warm = report(repo, monkeypatch)
    assert warm == report(repo, monkeypatch, "--no-cache")
    rows = {r["path"]: r for r in json.loads(warm)["articles"]}
    assert (rows["a.md"]["changed_since_review"], rows["b.md"]["changed_since_review"]) == (True, True)


def test_a_file_rewritten_with_the_same_size_and_time_is_read_again_while_racy(git_repo, monkeypatch):
    import os

    repo = repository(git_repo)
    report(repo, monkeypatch)
    path = repo / "a.md"
    info = path.stat()
    path.write_text(article("2026-03-01", "Six."), encoding="utf-8")  # as long as "One.", same inode
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # and the same modification time
    assert path.stat().st_size == info.st_size
    rows = {r["path"]: r for r in json.loads(report(repo, monkeypatch))["articles"]}
    assert rows["a.md"]["changed_since_review"] is True  # modified within the racy window: read, not trusted
