"""The lint cache keeps each file's rendered piece per report format: a cached run's report is byte for byte a
fresh run's, in every format, whichever files changed, whichever link targets appeared, whatever ran before."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer import fileio
from reviewer.cli import cli
from reviewer.lint.formatters import FORMATS, RenderOptions, report_format

ARTICLES = Path(__file__).resolve().parent.parent / "articles"
SHORT = ["# Fine\n\nAll good here.\n", "# Caps\n\nTAKE IT WITH FOOD EVERY DAY.\n",
         "# Dose\n\nTake .5 mg at night, 100% sure, \"quoted\" and a tab\there.\n",
         "# Ünïcode\n\nCall the clinic: [here](#) or [there]().\n"]
LINKING = "# Doses\n\nDO NOT STOP TAKING IT.\n\nSee [dosing](dosing.md), [the clinic](#) and [100% sure](odd%20name.md).\n"


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """The bundled articles, short pages enough for the cache's ordered scan, and a linking page; the cache
    writes every few entries, so its scan is ended and resumed many times in a run."""
    from reviewer.lint import cache as cache_module

    monkeypatch.setattr(cache_module, "_WRITE_BATCH", 7)
    shutil.copytree(ARTICLES, tmp_path / "articles", ignore=shutil.ignore_patterns("images"))
    for n in range(60):
        (tmp_path / "short" / f"page-{n:02}.md").parent.mkdir(exist_ok=True)
        (tmp_path / "short" / f"page-{n:02}.md").write_text(SHORT[n % len(SHORT)], encoding="utf-8")
    (tmp_path / "links.md").write_text(LINKING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(fmt: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["lint", "--format", fmt, "--as-of", "2026-11-25", *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def fresh(fmt: str, *args: str) -> str:
    return lint(fmt, "--no-cache", *args)


def pieces(tree: Path) -> dict[str, set[str]]:
    with sqlite3.connect(tree / ".reviewer_cache" / "lint-cache.sqlite") as db:
        kept: dict[str, set[str]] = {}
        for path, variant in db.execute("SELECT path, variant FROM pieces"):
            kept.setdefault(variant.split()[0], set()).add(path)
        return kept


def test_every_format_from_the_cache_is_byte_for_byte_a_fresh_run(tree, monkeypatch):
    expected = {fmt: fresh(fmt) for fmt in FORMATS}
    for fmt in FORMATS:  # the first run of each format renders (and keeps) pieces, the second copies them
        assert lint(fmt) == expected[fmt]
        assert lint(fmt) == expected[fmt]
    assert set(pieces(tree)) == set(FORMATS)
    monkeypatch.setattr(fileio, "RACY_SECONDS", 0)  # files are trusted by their state now, not read and hashed
    for fmt in FORMATS:
        assert lint(fmt) == expected[fmt]
    assert lint("text", "--statistics") == fresh("text", "--statistics")
    assert lint("text", "--quiet") == fresh("text", "--quiet")
    assert lint("json", "--select", "links") == fresh("json", "--select", "links")
    assert lint("json") == expected["json"]  # after another selection replaced every entry


def test_a_run_where_some_files_changed_and_some_did_not(tree):
    for fmt in FORMATS:
        lint(fmt)
    (tree / "articles" / "vaccines.md").write_text("# Vaccines\n\nASK YOUR NURSE ABOUT IT.\n", encoding="utf-8")
    (tree / "articles" / "cholesterol.md").unlink()
    (tree / "short" / "page-07.md").unlink()
    (tree / "short" / "new-page.md").write_text("# New\n\nSee [nothing](#).\n", encoding="utf-8")
    for fmt in FORMATS:
        assert lint(fmt) == fresh(fmt), fmt
        assert lint(fmt) == fresh(fmt), fmt


def test_a_link_target_appearing_or_vanishing_replaces_the_kept_pieces(tree):
    for fmt in FORMATS:
        lint(fmt)
    before = lint("json")
    (tree / "dosing.md").write_text("# Dosing\n\nOne a day.\n", encoding="utf-8")
    for fmt in FORMATS:
        assert lint(fmt) == fresh(fmt), fmt
    assert lint("json") != before  # the broken link to dosing.md is gone from the report
    (tree / "dosing.md").unlink()
    for fmt in ("text", "sarif"):  # these pieces were rendered while dosing.md existed
        assert lint(fmt) == fresh(fmt), fmt
    assert lint("json") == before


def test_a_config_change_is_seen_in_every_format(tree):
    for fmt in FORMATS:
        lint(fmt)
    (tree / "reviewer.toml").write_text('[rules."style.all-caps"]\nseverity = "error"\n', encoding="utf-8")
    for fmt in FORMATS:
        assert lint(fmt) == fresh(fmt), fmt
    assert "error style.all-caps" in lint("text")


def test_a_kept_piece_is_copied_without_decoding_or_rendering_the_findings(tree, monkeypatch):
    from reviewer.lint import cache as cache_module
    from reviewer.lint.formatters import base

    expected = lint("json")
    decode, render = cache_module.CachedFile.findings, base.FileRenderer.__call__

    def refuse(*args, **kwargs):
        raise AssertionError("a cached file's findings were decoded or rendered again")

    monkeypatch.setattr(cache_module.CachedFile, "findings", refuse)
    monkeypatch.setattr(base.FileRenderer, "__call__", refuse)
    assert lint("json") == expected
    monkeypatch.setattr(cache_module.CachedFile, "findings", decode)
    monkeypatch.setattr(base.FileRenderer, "__call__", render)
    assert lint("text") == fresh("text")  # no text pieces yet: the findings are decoded and rendered


def test_damaged_counts_or_findings_are_misses_and_a_piece_never_outlives_its_findings(tree):
    expected = {fmt: fresh(fmt) for fmt in ("json", "text")}
    lint("json")
    with sqlite3.connect(tree / ".reviewer_cache" / "lint-cache.sqlite") as db:
        db.execute("UPDATE entries SET counts = '[[\"style.all-caps\", \"fatal\", 1]]' WHERE path = 'links.md'")
        db.execute("UPDATE entries SET findings = '[[1, 2, \"broken\"]]' WHERE path = 'articles/vaccines.md'")
    assert lint("json") == expected["json"]  # links.md linted again; vaccines.md's json piece still stands
    assert lint("text") == expected["text"]  # vaccines.md has no text piece and broken findings: linted again
    kept = pieces(tree)
    assert "links.md" in kept["json"] and "articles/vaccines.md" in kept["text"]
    assert "articles/vaccines.md" not in kept["json"]  # dropped with the entry it was rendered from


def test_changed_lines_mode_renders_findings_one_by_one_and_agrees(tree):
    """--changed-lines drops some of a file's findings, so no piece is used; the report is still the same."""
    from reviewer.lint.formatters import Tally

    options = RenderOptions()
    for fmt in FORMATS:
        report = report_format(fmt)
        render = report.file_renderer(options)
        from reviewer.lint.engine import lint_text

        findings = lint_text(LINKING, "links.md") + lint_text("# Fine\n\nALL CAPS HERE.\n", "z.md")
        by_file = "".join(report.render([render(findings[:-1]), "", render(findings[-1:])], Tally(2), options))
        one_by_one = "".join(report.render_findings(iter(findings), Tally(2), options))
        assert by_file == one_by_one, fmt


def test_a_piece_variant_names_every_option_a_piece_depends_on():
    from reviewer.lint.registry import rules_by_id

    text = report_format("text")
    assert text.file_renderer(RenderOptions(color=True)).variant != text.file_renderer(RenderOptions()).variant
    assert text.file_renderer(RenderOptions(statistics=True, quiet=True)).variant == \
        text.file_renderer(RenderOptions()).variant  # those change only the summary
    sarif = report_format("sarif")
    rules = rules_by_id()
    fewer = dict(list(rules.items())[1:])
    variants = {sarif.file_renderer(RenderOptions(rules=r, root_uri=u)).variant
                for r in (rules, fewer) for u in ("", "file:///x/")}
    assert len(variants) == 4


def test_a_piece_rendered_from_findings_another_run_replaced_is_never_used(tmp_path):
    """Run A reads an entry, run B replaces it (same content, a link target appeared: other findings), then A
    stores the piece it rendered from the old findings: the new entry must not be answered with that piece."""
    from reviewer.lint.cache import LintCache
    from reviewer.lint.finding import Finding, Severity

    old = [Finding("a.md", 3, 1, 3, 9, "links.broken-relative", Severity.ERROR, "dosing.md does not exist")]
    seed = LintCache(tmp_path, "fingerprint")
    seed.put("a.md", "digest", ["dosing.md"], old, 10)
    assert seed.save() is None
    run_a = LintCache(tmp_path, "fingerprint")
    read = run_a.get("a.md", "digest", variant="json")
    assert read is not None and read.piece is None and read.findings() == old
    run_b = LintCache(tmp_path, "fingerprint")
    run_b.put("a.md", "digest", ["dosing.md"], [], 10, piece=("json", ""))
    assert run_b.save() is None
    run_a.put_piece(read, "json", "the piece of the old findings")
    run_a.put_piece(read, "text", "the piece of the old findings")
    assert run_a.save() is None
    now = LintCache(tmp_path, "fingerprint")
    assert now.get("a.md", "digest", variant="json").piece is None  # A's piece replaced B's: neither is used
    assert now.get("a.md", "digest", variant="text").piece is None
    assert now.get("a.md", "digest", variant="text").findings() == []
