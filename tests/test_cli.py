"""The CLI through click's runner and as a subprocess: formats, exit codes, errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from reviewer.cli import cli

SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"  # OASIS text: see its NOTICE.md
BAD = "# Page\n\nDO NOT STOP TAKING YOUR MEDICINE WITHOUT ASKING.\n\nSee [the clinic](#), 50% off: \"now\".\n"
GOOD = "# Page\n\nTake one tablet a day.\n\nLast reviewed: 3 July 2026\n"


@pytest.fixture
def content(tmp_path, monkeypatch):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "bad.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "articles" / "good.md").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_text_output_and_exit_code(content):
    result = run("lint", "articles", "--as-of", "2026-11-25", "--select", "style,links")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == ("articles/bad.md:3:1: warning style.all-caps sentence is written in capitals, which is "
                        "harder to read; use sentence case and bold for emphasis")
    assert lines[1].startswith("    suggestion: Do not stop")
    assert lines[2].startswith("articles/bad.md:5:5: error links.placeholder")
    assert lines[-1] == "1 error, 1 warning in 2 files."
    assert "\x1b[" not in result.output


@pytest.mark.parametrize("fail_on, code", [("error", 1), ("warning", 1), ("suggestion", 1), ("never", 0)])
def test_fail_on(content, fail_on, code):
    assert run("lint", "articles", "--fail-on", fail_on).exit_code == code


def test_fail_on_counts_only_severities_at_or_above(content):
    assert run("lint", "articles", "--select", "style", "--fail-on", "error").exit_code == 0
    assert run("lint", "articles", "--select", "style", "--fail-on", "warning").exit_code == 1


def test_clean_run_exits_zero(content):
    result = run("lint", "articles/good.md", "--as-of", "2026-11-25")
    assert result.exit_code == 0 and result.output == "No problems found in 1 file.\n"


def test_json_contract(content):
    result = run("lint", "articles", "--format", "json", "--select", "style,links")
    data = json.loads(result.output)
    assert data["version"] == 1
    assert data["summary"] == {"files": 2, "errors": 1, "warnings": 1, "suggestions": 0}
    first = data["findings"][0]
    assert list(first) == ["path", "line", "column", "end_line", "end_column", "rule", "severity", "message",
                           "suggestion"]
    assert first["path"] == "articles/bad.md" and first["line"] == 3
    assert data["findings"][1]["suggestion"] is None


def test_sarif_validates_against_the_official_schema(content):
    import jsonschema
    result = run("lint", "articles", "--format", "sarif", "--select", "style,links")
    sarif = json.loads(result.output)
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    run_ = sarif["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    rule_ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert "style.all-caps" in rule_ids and "links.placeholder" in rule_ids
    levels = {r["ruleId"]: r["level"] for r in run_["results"]}
    assert levels["links.placeholder"] == "error" and levels["style.all-caps"] == "warning"
    region = run_["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 3 and region["startColumn"] == 1


def test_github_annotations_escape_special_characters(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a, b: c%.md").write_text("[x](#)\n", encoding="utf-8")
    result = run("lint", "a, b: c%.md", "--format", "github")
    assert result.output.startswith("::error file=a%2C b%3A c%25.md,line=1,col=1,endLine=1,endColumn=7,"
                                    "title=links.placeholder::link 'x' points nowhere")


def test_statistics_and_quiet(content):
    result = run("lint", "articles", "--statistics", "--quiet", "--select", "style,links")
    # bad.md and good.md hold 21 words of prose (the "Last reviewed" line is metadata, not prose): one finding is
    # 47.6 per 1,000 words
    assert "     1    47.6  links.placeholder" in result.output
    assert "     2    95.2  all rules, in 21 words of prose" in result.output
    assert "in 2 files" not in result.output
    cached = run("lint", "articles", "--statistics", "--quiet", "--select", "style,links")  # from the cache
    assert cached.output == result.output


def test_statistics_after_fix_count_without_a_density(content):
    result = run("lint", "articles", "--statistics", "--fix", "--select", "style,links")
    assert "     1  links.placeholder" in result.output and "/1000w" not in result.output


def test_output_to_a_device_writes_into_it_and_leaves_it_a_device(content):
    result = run("lint", "articles", "--format", "json", "--output", os.devnull)
    assert result.exit_code == 1
    assert not Path(os.devnull).is_file()


def test_output_file_is_written(content):
    result = run("lint", "articles", "--format", "json", "--output", "report.json")
    assert result.output == ""
    assert json.loads((content / "report.json").read_text(encoding="utf-8"))["summary"]["files"] == 2


def test_unknown_select_pattern_is_a_usage_error(content):
    result = CliRunner().invoke(cli, ["lint", "--select", "nosuch"])
    assert result.exit_code == 2
    assert "reviewer: error: --select 'nosuch' matches no rule" in result.output


def test_bad_as_of_is_a_usage_error(content):
    result = CliRunner().invoke(cli, ["lint", "--as-of", "2026-02-30"])
    assert result.exit_code == 2 and "not a date" in result.output


def test_bad_config_exits_2_naming_file_and_key(content):
    (content / "reviewer.toml").write_text("colour = \"blue\"\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", "articles"])
    assert result.exit_code == 2
    assert "reviewer.toml: colour: unknown key" in result.output


def test_missing_path_is_reported_and_the_others_are_linted(content):
    result = CliRunner().invoke(cli, ["lint", "articles/good.md", "nope.md", "--as-of", "2026-11-25"])
    assert result.exit_code == 2
    assert "nope.md: no such file or folder" in result.output
    assert "No problems found in 1 file." in result.output


def test_default_paths_are_the_included_files_under_the_working_directory(content):
    (content / "reviewer.toml").write_text("exclude = [\"bad.md\"]\n", encoding="utf-8")
    result = run("lint", "--format", "json")
    assert json.loads(result.output)["summary"]["files"] == 1


def test_rules_and_explain(content):
    listing = run("rules").output
    assert "style.all-caps" in listing and "warning" in listing
    assert json.loads(run("rules", "--format", "json").output)["rules"]
    explained = run("explain", "style.all-caps")
    assert "A heading or sentence written in capital letters." in explained.output
    assert "Example that fires:" in explained.output
    unknown = CliRunner().invoke(cli, ["explain", "style.nope"])
    assert unknown.exit_code == 2 and "unknown rule 'style.nope'" in unknown.output


def test_subprocess_entry_points(content):
    env = {**os.environ, "NO_COLOR": "1"}
    version = subprocess.run([sys.executable, "-m", "reviewer", "--version"], capture_output=True, text=True, env=env)
    assert version.returncode == 0 and version.stdout.startswith("reviewer, version")
    lint = subprocess.run([sys.executable, "-m", "reviewer", "lint", "articles", "--select", "links"],
                          capture_output=True, text=True, env=env, cwd=content)
    assert lint.returncode == 1
    assert "articles/bad.md:5:5: error links.placeholder" in lint.stdout
    assert "Traceback" not in lint.stderr


def test_no_traceback_on_unexpected_errors(content):
    bad_config = subprocess.run([sys.executable, "-m", "reviewer", "lint", "--config", "missing.toml"],
                                capture_output=True, text=True, cwd=content)
    assert bad_config.returncode == 2
    assert bad_config.stderr.strip().startswith("reviewer: error:") and "Traceback" not in bad_config.stderr


def test_fix_writes_keeps_bom_and_crlf_and_a_second_fix_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "dose.md"
    article.write_bytes(b"\xef\xbb\xbf# Dose\r\n\r\nTake 5.0 mg or 250 \xc2\xb5g once a day.\r\n")
    first = CliRunner().invoke(cli, ["lint", "dose.md", "--fix", "--select", "notation"])
    assert first.exit_code == 0, first.output
    assert article.read_bytes() == b"\xef\xbb\xbf# Dose\r\n\r\nTake 5 mg or 250 mcg once a day.\r\n"
    assert "dose.md: applied 2 fixes" in first.stderr
    second = CliRunner().invoke(cli, ["lint", "dose.md", "--fix", "--diff", "--select", "notation"])
    assert second.exit_code == 0 and second.stdout == ""


def test_fix_diff_prints_a_diff_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "dose.md"
    article.write_text("# Dose\n\nTake .5 mg a day.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", "dose.md", "--fix", "--diff", "--select", "notation"])
    assert result.exit_code == 1
    assert "-Take .5 mg a day.\n+Take 0.5 mg a day.\n" in result.stdout
    assert article.read_text(encoding="utf-8") == "# Dose\n\nTake .5 mg a day.\n"


def test_diff_without_fix_is_a_usage_error(content):
    result = CliRunner().invoke(cli, ["lint", "articles", "--diff"])
    assert result.exit_code == 2 and "--diff works only with --fix" in result.stderr


def test_a_file_with_lone_carriage_returns_is_linted_like_any_other(content):
    # Every rule on a file with old Mac line ends, next to an ordinary one: no internal error, right lines.
    (content / "articles" / "old-mac.md").write_bytes(b"# Page\r\rSee [the clinic](#) today.\r\rLAST LINE.\r")
    result = run("lint", "articles", "--no-cache", "--as-of", "2026-11-25")
    assert result.exit_code == 1 and "internal error" not in result.stderr
    assert "articles/old-mac.md:3:5: error links.placeholder" in result.stdout
    assert "articles/bad.md:5:5: error links.placeholder" in result.stdout


def test_fix_on_a_read_only_file_reports_its_findings_and_exits_like_lint(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "dose.md"
    original = b"# Dose\n\nTake 5.0 mg or 250 \xc2\xb5g once a day.\n"
    article.write_bytes(original)
    article.chmod(0o444)
    result = CliRunner().invoke(cli, ["lint", "dose.md", "--fix", "--select", "notation", "--fail-on", "warning"])
    assert "dose.md: read-only file: 2 fixes not applied" in result.stderr
    assert "dose.md:3:6: warning notation.trailing-zero" in result.stdout
    assert "No problems found" not in result.stdout and result.exit_code == 1
    assert article.read_bytes() == original


def test_sarif_uris_are_percent_encoded_and_absolute_paths_are_file_uris(tmp_path, monkeypatch):
    import jsonschema
    work, outside = tmp_path / "work", tmp_path / "elsewhere"
    for folder in (work, outside):
        folder.mkdir()
    (work / "my page #1 café.md").write_text("[x](#)\n", encoding="utf-8")
    (outside / "other.md").write_text("[y](#)\n", encoding="utf-8")
    monkeypatch.chdir(work)
    result = run("lint", "my page #1 café.md", str(outside / "other.md"), "--format", "sarif", "--select", "links")
    sarif = json.loads(result.output)
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in sarif["runs"][0]["results"]]
    assert locations == [{"uri": (outside / "other.md").as_uri()},
                         {"uri": "my%20page%20%231%20caf%C3%A9.md", "uriBaseId": "SRCROOT"}]
    assert sarif["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"] == work.resolve().as_uri() + "/"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_named_pipe_is_an_unreadable_file_not_a_hang(content):
    os.mkfifo(content / "articles" / "pipe.md")
    env = {**os.environ, "NO_COLOR": "1"}
    for args in (["articles"], ["articles/pipe.md", "articles/bad.md"]):
        command = [sys.executable, "-m", "reviewer", "lint", *args, "--no-cache", "--select", "document,links"]
        lint = subprocess.run(command, capture_output=True, text=True, env=env, cwd=content, timeout=60)
        assert lint.returncode == 1, lint.stderr
        assert "articles/pipe.md:1:1: error document.unreadable not a regular file" in lint.stdout
        assert "articles/bad.md:5:5: error links.placeholder" in lint.stdout


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
def test_a_file_name_that_is_not_utf8_is_shown_escaped(content, output_format):
    name = os.fsdecode(b"odd\xffname.md")
    (content / "articles" / name).write_text(BAD, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "reviewer", "lint", "articles", "--format", output_format,
                             "--select", "style", "--no-cache", "--fail-on", "warning"], cwd=content, capture_output=True)
    assert result.returncode == 1, result.stderr
    assert b"internal error" not in result.stderr
    shown = {"json": lambda out: " ".join(f["path"] for f in json.loads(out)["findings"]),
             "sarif": lambda out: " ".join(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                                           for r in json.loads(out)["runs"][0]["results"])
             }.get(output_format, lambda out: out)(result.stdout.decode())
    assert ("odd%FFname.md" if output_format == "sarif" else "odd\\xffname.md") in shown
    if output_format == "sarif":  # the URI points at the file: its bytes, percent-encoded
        from urllib.parse import unquote_to_bytes

        uris = {uri for uri in shown.split() if "odd" in uri}
        assert {unquote_to_bytes(uri) for uri in uris} == {b"articles/odd\xffname.md"}
        assert all((content / os.fsdecode(unquote_to_bytes(uri))).is_file() for uri in uris)


def test_shell_completion_as_the_readme_documents_it(tmp_path):
    """`_REVIEWER_COMPLETE=bash_source` prints a script; completing words lists commands and choices."""
    env = {**os.environ, "_REVIEWER_COMPLETE": "bash_source"}
    script = subprocess.run([sys.executable, "-m", "reviewer"], env=env, capture_output=True, text=True, check=True)
    assert "_REVIEWER_COMPLETE=bash_complete" in script.stdout
    assert '_REVIEWER_COMPLETE=bash_source reviewer' in (ROOT / "README.md").read_text(encoding="utf-8")

    def complete(words: str, index: int) -> list[str]:
        env = {**os.environ, "_REVIEWER_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(index)}
        done = subprocess.run([sys.executable, "-m", "reviewer"], env=env, capture_output=True, text=True,
                              check=True, cwd=tmp_path)
        return [line.split(",", 1)[1] for line in done.stdout.splitlines()]

    assert {"lint", "report", "signoff", "init"} <= set(complete("reviewer ", 1))
    assert complete("reviewer lint --format ", 3) == ["text", "json", "sarif", "github"]
