"""`reviewer init`: a starter config that is valid and all defaults, CI files that match the README, no overwrites."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT
from reviewer.cli import cli
from reviewer.config import Config, load_config
from reviewer.init import GITHUB_WORKFLOW, PRE_COMMIT_CONFIG, STARTER_CONFIG

README = (ROOT / "README.md").read_text(encoding="utf-8")


def init(folder: Path, monkeypatch, *args: str):
    monkeypatch.chdir(folder)
    return CliRunner().invoke(cli, ["init", *args], catch_exceptions=False)


def test_the_starter_config_is_the_defaults(tmp_path, monkeypatch):
    result = init(tmp_path, monkeypatch)
    assert result.exit_code == 0 and result.stdout.startswith("wrote reviewer.toml\n")
    config = load_config(tmp_path / "reviewer.toml", tmp_path)
    assert dataclasses.replace(config, source=None) == Config(root=config.root)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reviewer.toml"]


def test_every_commented_setting_is_valid_when_uncommented(tmp_path):
    """The comments are a reference: uncomment every `key = value` line and the config still loads."""
    lines = [re.sub(r"^# (?=\[|[\w_]+ = )", "", line) for line in STARTER_CONFIG.splitlines()]
    (tmp_path / "reviewer.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = load_config(tmp_path / "reviewer.toml", tmp_path)
    assert config.exclude == ("drafts/**", "README.md") and config.review.interval == "12 months"
    assert config.rules["readability.grade"].severity == "warning"


def test_ci_files_are_the_readme_recipes(tmp_path, monkeypatch):
    result = init(tmp_path, monkeypatch, "--pre-commit", "--github-actions")
    assert result.exit_code == 0, result.output
    blocks = re.findall(r"```yaml\n(.*?)```", README, re.S)
    assert PRE_COMMIT_CONFIG in blocks and GITHUB_WORKFLOW in blocks
    assert (tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8") == PRE_COMMIT_CONFIG
    workflow = yaml.safe_load((tmp_path / ".github" / "workflows" / "articles.yml").read_text(encoding="utf-8"))
    assert workflow["jobs"]["lint"]["steps"][1]["uses"].endswith("/reviewer@v0.1.0")
    hooks = yaml.safe_load(PRE_COMMIT_CONFIG)["repos"][0]["hooks"]
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} <= {h["id"] for h in manifest}


@pytest.mark.parametrize("existing", ["reviewer.toml", ".pre-commit-config.yaml", ".github/workflows/articles.yml"])
def test_init_never_overwrites_and_writes_nothing_when_one_file_exists(tmp_path, monkeypatch, existing):
    (tmp_path / existing).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / existing).write_text("mine\n", encoding="utf-8")
    result = init(tmp_path, monkeypatch, "--pre-commit", "--github-actions")
    assert result.exit_code == 2
    assert result.stderr == (f"reviewer: error: {existing} already exists; init never overwrites: edit it, "
                             "or move it away and run init again\n")
    assert (tmp_path / existing).read_text(encoding="utf-8") == "mine\n"
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert written == {existing}


def test_init_respects_a_pyproject_table(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool.reviewer]\nfail_on = \"warning\"\n", encoding="utf-8")
    result = init(tmp_path, monkeypatch)
    assert result.exit_code == 2 and "pyproject.toml (it has a [tool.reviewer] table) already exists" in result.stderr
    assert not (tmp_path / "reviewer.toml").exists()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = \"site\"\n", encoding="utf-8")
    assert init(tmp_path, monkeypatch).exit_code == 0
