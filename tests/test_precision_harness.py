"""benchmarks/precision/harness.py on a tiny corpus: judgements are matched, precision is computed, and a
rule that falls below its recorded figure fails the run."""

from __future__ import annotations

import argparse
import importlib.util
import json

from conftest import ROOT

SPEC = importlib.util.spec_from_file_location("harness", ROOT / "benchmarks" / "precision" / "harness.py")
harness = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(harness)


def corpus(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("Wash your hands.\n\nThe CD4 count was 200 copies/mL.\n", encoding="utf-8")
    return pages


def test_score_matches_judgements_and_fails_a_rule_below_its_floor(tmp_path, monkeypatch, capsys):
    pages = corpus(tmp_path)
    findings, words = harness.lint_corpus(pages)
    mismatch = next(f for f in findings if f.rule == "units.analyte-mismatch")
    judgements = tmp_path / "judgements.tsv"
    judgements.write_text("path\tline\tcolumn\trule\tverdict\treason\n"
                          f"a.txt\t{mismatch.line}\t{mismatch.column}\t{mismatch.rule}\ttp\twrong unit\n"
                          "a.txt\t99\t1\tspelling.unknown\tfp\tno longer found\n", encoding="utf-8")
    recorded = tmp_path / "recorded.json"
    monkeypatch.setattr(harness, "JUDGEMENTS", judgements)
    monkeypatch.setattr(harness, "RECORDED", recorded)
    args = argparse.Namespace(corpus=pages, record=True, target=0.9, opt_in=False)
    assert harness.score(args) == 0 and json.loads(recorded.read_text()) == {"units.analyte-mismatch": 1.0}
    out = capsys.readouterr().out
    assert "| units.analyte-mismatch | 1 |" in out and "| 1 | 1 | 100% |" in out
    assert "| spelling.unknown | 0 | 0.0 | 0 | 0 | - | - | 1 |" in out  # judged before, gone now
    assert words["a.txt"] > 0
    judgements.write_text(judgements.read_text().replace("\ttp\t", "\tfp\t"), encoding="utf-8")
    args.record = False
    assert harness.score(args) == 1
    out = capsys.readouterr().out
    assert "FAIL units.analyte-mismatch: 0% < recorded 100%" in out
    assert "BELOW TARGET units.analyte-mismatch: 0% < target 90%" in out


def test_judgements_are_read_from_every_family_file_in_a_folder(tmp_path):
    folder = tmp_path / "judgements"
    folder.mkdir()
    header = "path\tline\tcolumn\trule\tverdict\treason\n"
    (folder / "units.tsv").write_text(header + "a.txt\t3\t5\tunits.analyte-mismatch\ttp\twrong unit\n",
                                      encoding="utf-8")
    (folder / "spelling.tsv").write_text(header + "a.txt\t1\t1\tspelling.unknown\tfp\tname\n", encoding="utf-8")
    judged = harness.read_judgements(folder)
    assert {k[3]: row["verdict"] for k, row in judged.items()} == {"units.analyte-mismatch": "tp",
                                                                  "spelling.unknown": "fp"}


def test_a_verdict_must_be_tp_or_fp(tmp_path):
    bad = tmp_path / "judgements.tsv"
    bad.write_text("path\tline\tcolumn\trule\tverdict\treason\na.txt\t1\t1\tstyle.all-caps\tmaybe\t?\n",
                   encoding="utf-8")
    try:
        harness.read_judgements(bad)
    except SystemExit as exc:
        assert "verdict must be tp or fp" in str(exc)
    else:
        raise AssertionError("a bad verdict was accepted")


def test_opt_in_rules_are_scored_only_when_asked_and_their_floors_are_kept(tmp_path, monkeypatch, capsys):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "b.txt").write_text("Your blood pressure is checked by your nurse at every visit.\n", encoding="utf-8")
    assert [f.rule for f in harness.lint_corpus(pages)[0] if f.rule == "voice.passive"] == []
    (passive,) = [f for f in harness.lint_corpus(pages, opt_in=True)[0] if f.rule == "voice.passive"]
    judgements = tmp_path / "judgements.tsv"
    judgements.write_text("path\tline\tcolumn\trule\tverdict\treason\n"
                          f"b.txt\t{passive.line}\t{passive.column}\tvoice.passive\ttp\tnames the actor\n",
                          encoding="utf-8")
    recorded = tmp_path / "recorded.json"
    recorded.write_text('{"voice.passive": 0.93}\n', encoding="utf-8")
    monkeypatch.setattr(harness, "JUDGEMENTS", judgements)
    monkeypatch.setattr(harness, "RECORDED", recorded)
    args = argparse.Namespace(corpus=pages, record=True, target=0.9, opt_in=False)
    assert harness.score(args) == 0
    assert "voice.passive" not in capsys.readouterr().out  # not run: neither true, false nor gone
    assert json.loads(recorded.read_text()) == {"voice.passive": 0.93}
    args.opt_in, args.record = True, False
    assert harness.score(args) == 0
    assert "| voice.passive | 1 | " in capsys.readouterr().out
