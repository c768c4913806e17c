"""Rule packs: the pre-parsed built-in packs match their YAML, and are never used once the YAML changes."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from conftest import ROOT
from reviewer.lint import rulepack
from reviewer.lint.rulepack import Field, PackError, Packs, compiled_packs, parse_yaml_pack


@pytest.mark.parametrize("path", sorted((ROOT / "rules").glob("*.yml")), ids=lambda p: p.name)
def test_compiled_pack_is_current_and_equal_to_the_yaml(path):
    raw = path.read_bytes()
    compiled = compiled_packs().get(path.name)
    assert compiled is not None and compiled["sha256"] == hashlib.sha256(raw).hexdigest(), (
        f"reviewer/lint/builtin_packs.json is out of date for {path.name}: run python benchmarks/build_packs.py")
    assert compiled["data"] == parse_yaml_pack(path, raw)


def test_an_edited_pack_is_read_from_its_yaml_not_the_stale_compiled_form(tmp_path, monkeypatch):
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", folder)
    monkeypatch.setattr(rulepack, "builtin_folder", lambda: folder)
    text = (folder / "claims.yml").read_text(encoding="utf-8")
    (folder / "claims.yml").write_text(text.replace("entries:", "entries:\n  - {phrase: brand-new claim}", 1),
                                       encoding="utf-8")
    rulepack._load_entries.cache_clear()
    try:
        entries = rulepack._read_yaml(folder / "claims.yml")["entries"]
        assert entries[0] == {"phrase": "brand-new claim"}
        (folder / "claims.yml").write_text("pack: claims\nentries: [", encoding="utf-8")
        with pytest.raises(PackError, match="invalid YAML"):
            Packs().entries("claims", {"phrase": Field(str)})
    finally:
        rulepack._load_entries.cache_clear()
