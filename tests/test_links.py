"""Links: broken relative links and anchors (resolved on disk, never over the network) and insecure links."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from conftest import AS_OF
from reviewer.lint.checks.links import local_target, resolve_local
from reviewer.config import Config
from reviewer.lint.engine import LintSettings, Linter, lint_text

TARGET = "# Treatment\n\n## Lifestyle changes\n\n## Notes\n\n## Notes\n\n<a id=\"dose-table\"></a>\n\nText.\n"


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A project: articles/ with a target page, a subfolder and an image; the working directory at its root."""
    (tmp_path / "articles" / "images").mkdir(parents=True)
    (tmp_path / "articles" / "guides").mkdir()
    (tmp_path / "articles" / "blood-pressure.md").write_text(TARGET, encoding="utf-8")
    (tmp_path / "articles" / "my page.md").write_text("# Dosage & timing\n", encoding="utf-8")
    (tmp_path / "articles" / "images" / "arm.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "glossary.md").write_text("# Words\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint_file(root: Path, relative: str, text: str, rule: str = "links", cwd: Path | None = None):
    path = root / relative
    path.write_text(text, encoding="utf-8")
    display = path.relative_to(cwd or root).as_posix()
    linter = Linter(LintSettings(Config(root=root), AS_OF, (rule,)))
    return [(f.rule, text[f.start:f.end], f.message, f.suggestion) for f in linter.lint_path(path, display).findings]


def broken(root, text, relative="articles/page.md", **kwargs):
    return [(span, suggestion) for rule, span, _, suggestion in lint_file(root, relative, text, **kwargs)
            if rule == "links.broken-relative"]


def test_links_resolve_from_the_articles_folder(site):
    text = ("# Page\n\n[ok](blood-pressure.md) [missing](kidney-diet.md) ![arm](images/arm.svg) "
            "![gone](images/leg.svg) [up](../glossary.md) [folder](guides/)\n")
    assert broken(site, text) == [("kidney-diet.md", None), ("images/leg.svg", None)]


def test_a_link_in_a_subfolder_resolves_from_that_subfolder(site):
    text = "# Guide\n\n[back](../blood-pressure.md) [wrong](blood-pressure.md)\n"
    assert broken(site, text, "articles/guides/guide.md") == [("blood-pressure.md", None)]


def test_root_relative_links_resolve_from_the_project_root(site):
    assert broken(site, "# Page\n\n[glossary](/glossary.md) [nope](/nope.md)\n") == [("/nope.md", None)]


def test_percent_encoded_and_angle_bracket_destinations_are_decoded(site):
    text = "# Page\n\n[a](my%20page.md#dosage--timing) [b](<my page.md>) [c](no%20page.md)\n"
    assert broken(site, text) == [("no%20page.md", None)]


def test_anchors_must_match_a_heading_of_the_target(site):
    text = ("# Page\n\n[a](blood-pressure.md#treatment) [b](blood-pressure.md#treatments) "
            "[c](blood-pressure.md#notes-1) [d](blood-pressure.md#dose-table) [e](blood-pressure.md#Lifestyle-Changes) "
            "[f](blood-pressure.md#notes-2) [g](blood-pressure.md?print=1#treatment)\n")
    found = lint_file(site, "articles/page.md", text)
    assert [(span, suggestion) for _, span, _, suggestion in found] == [
        ("blood-pressure.md#treatments", "blood-pressure.md#treatment"),
        ("blood-pressure.md#notes-2", "blood-pressure.md#notes-1")]
    assert "did you mean #treatment?" in found[0][2]


def test_same_page_anchors_check_the_articles_own_headings(site):
    text = "# Page\n\n## How to book\n\n[ok](#how-to-book) [top](#top) [bad](#how-to-pay)\n"
    assert broken(site, text) == [("#how-to-pay", "#how-to-book")]


def test_a_target_that_changes_is_read_again(site):
    text = "# Page\n\n[x](blood-pressure.md#side-effects)\n"
    assert len(broken(site, text)) == 1
    target = site / "articles" / "blood-pressure.md"
    target.write_text(TARGET + "\n## Side effects\n\nMore text to change the size.\n", encoding="utf-8")
    assert broken(site, text) == []


def test_display_paths_relative_to_the_working_directory_below_the_root(site, monkeypatch):
    monkeypatch.chdir(site / "articles")
    assert broken(site, "# Page\n\n[x](nowhere.md)\n", cwd=site / "articles") == [("nowhere.md", None)]


def test_web_mail_phone_and_protocol_relative_links_are_not_checked_and_nothing_goes_online(site, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("a link check tried to use the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    text = ("# Page\n\n[a](https://www.nhs.uk/x.md) [b](http://example.org/missing.md) [c](mailto:a@b.org) "
            "[d](tel:+44111) [e](//example.org/x.md) <https://example.org/y.md>\n")
    assert broken(site, text) == []


def test_text_linted_from_memory_checks_only_same_page_anchors():
    text = "# Page\n\n[x](nowhere.md) [y](#nowhere)\n"
    found = lint_text(text, "memory.md", select=["links.broken-relative"], as_of=AS_OF)
    assert [text[f.start:f.end] for f in found] == ["#nowhere"]


def test_resolve_local_from_the_article_folder_or_the_root(tmp_path):
    article = tmp_path / "articles" / "hiv" / "treatment.md"
    assert resolve_local("../kidneys.md#tests", article, tmp_path) == tmp_path / "articles" / "kidneys.md"
    assert resolve_local("/guides/a%20b.md", article, tmp_path) == tmp_path / "guides" / "a b.md"
    assert resolve_local("https://example.org/a.md", article, tmp_path) is None
    assert resolve_local("#anchor", article, tmp_path) is None


@pytest.mark.parametrize("destination, expected", [
    ("page.md#a%20b", ("page.md", "a b")), ("#x", ("", "x")), ("<my page.md>", ("my page.md", "")),
    ("page.md?x=1", ("page.md", "")), ("https://x.org", None), ("HTTP://x.org", None), ("mailto:a@b", None),
    ("//x.org/p", None), ("#", None), ("", None), ("C:/notes.md", None),
])
def test_local_target(destination, expected):
    assert local_target(destination) == expected


def test_insecure_links_in_markdown_autolinks_and_bare_text():
    text = ("# Page\n\nSee [the charity](http://www.kidney.org/x), <http://example.org/a>, http://example.org/b "
            "and [secure](https://example.org/c) or [local](http://localhost:8000/).\n")
    found = lint_text(text, "a.md", select=["links.insecure"], as_of=AS_OF)
    assert [(text[f.start:f.end], f.suggestion) for f in found] == [
        ("http://www.kidney.org/x", "https://www.kidney.org/x"),
        ("<http://example.org/a>", "https://example.org/a"),
        ("http://example.org/b", "https://example.org/b")]
    assert all(f.fix is None for f in found)


def test_insecure_bare_address_in_a_text_file():
    text = "Kidney health\n\nVisit http://www.kidney.org/help for more.\n"
    found = lint_text(text, "a.txt", select=["links.insecure"], as_of=AS_OF)
    assert [text[f.start:f.end] for f in found] == ["http://www.kidney.org/help"]
