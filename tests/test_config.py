"""Configuration: discovery by walking up, strict keys, clear errors naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.config import ConfigError, find_config_file, load_config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_config(tmp_path):
    config = load_config(cwd=tmp_path)
    assert config.source is None and config.fail_on == "error" and config.select == ("ALL",)


def test_pyproject_table_found_walking_up(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.reviewer]\nfail_on = \"warning\"\nexclude = [\"drafts/**\"]\n")
    nested = tmp_path / "articles" / "hiv"
    nested.mkdir(parents=True)
    config = load_config(cwd=nested)
    assert config.fail_on == "warning" and config.exclude == ("drafts/**",) and config.root == tmp_path


def test_pyproject_without_our_table_is_passed_over(tmp_path):
    write(tmp_path / "reviewer.toml", "fail_on = \"suggestion\"\n")
    write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = \"x\"\n")
    assert find_config_file(tmp_path / "sub") == tmp_path / "reviewer.toml"


def test_reviewer_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.reviewer]\nfail_on = \"warning\"\n")
    write(tmp_path / "reviewer.toml", "fail_on = \"never\"\n")
    assert load_config(cwd=tmp_path).fail_on == "never"


def test_rule_settings_and_options(tmp_path):
    write(tmp_path / "reviewer.toml", '[rules."style.all-caps"]\nseverity = "error"\n')
    config = load_config(cwd=tmp_path)
    assert config.rules["style.all-caps"].severity == "error"


@pytest.mark.parametrize("text, key, fragment", [
    ("colour = 1\n", "colour", "unknown key; allowed keys are cache_dir, exclude"),
    ("fail_on = \"sometimes\"\n", "fail_on", "use one of error, warning, suggestion, never"),
    ("select = [\"nosuch\"]\n", "select", "matches no rule"),
    ("include = \"*.md\"\nexclude = [1]\n", "exclude", "a list of glob patterns"),
    ("[rules.\"style.nope\"]\nseverity = \"error\"\n", "rules.style.nope", "unknown rule"),
    ("[rules.\"style.all-caps\"]\nseverity = \"fatal\"\n", "rules.style.all-caps.severity", "not allowed"),
    ("[rules.\"style.all-caps\"]\nloud = true\n", "rules.style.all-caps.loud", "unknown option"),
    ("rule_packs = [\"missing\"]\n", "rule_packs", "does not exist"),
    ("[review]\ninterval = \"soon\"\n", "review.interval", "not an interval"),
    ("[review]\nmonths = 3\n", "review.months", "unknown key"),
    ("[review]\ndue_within_days = \"30\"\n", "review.due_within_days", "whole number"),
])
def test_bad_config_names_file_key_and_what_is_allowed(tmp_path, text, key, fragment):
    path = write(tmp_path / "reviewer.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(cwd=tmp_path)
    assert caught.value.source == str(path)
    assert caught.value.key == key
    assert fragment in str(caught.value)


def test_pyproject_keys_are_reported_with_their_table(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.reviewer]\ncolour = 1\n")
    with pytest.raises(ConfigError) as caught:
        load_config(cwd=tmp_path)
    assert caught.value.key == "tool.reviewer.colour"


def test_invalid_toml_and_missing_file(tmp_path):
    write(tmp_path / "reviewer.toml", "fail_on = \n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(cwd=tmp_path)
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")
