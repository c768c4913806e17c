"""Rule packs: the data rules run on (lexicons, unit tables, phrase lists), kept as files under `rules/`.

A YAML pack is a mapping with exactly these keys:

    pack: jargon              # must equal the file name without .yml
    description: ...          # what it holds
    sources: [...]            # where the entries come from (optional)
    entries: [...]            # a list of mappings, validated by the rule that reads them

A word list (`NAME.txt`) holds one entry per line; `#` starts a comment.
A pack of the same name in an extra folder (config `rule_packs`) adds its entries
to the built-in one. Packs load lazily, once per process, and are validated strictly.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, TypeVar

_PACK_KEYS = {"pack", "description", "sources", "entries"}
T = TypeVar("T")
_BUILT: dict[tuple[int, Callable], tuple[object, Any]] = {}


class PackError(Exception):
    """A rule pack that cannot be used; the CLI prints it and exits 2."""


def builtin_folder() -> Path:
    """The built-in rule packs: `reviewer/rules` when installed, `rules/` beside the package in a checkout."""
    package = Path(__file__).resolve().parent.parent  # reviewer/
    installed = package / "rules"
    if installed.is_dir():
        return installed
    return package.parent / "rules"


_MANY = 10  # an outer repeat of at most this many times cannot multiply the ways to match beyond reason


def backtracking_risk(pattern: str) -> str | None:
    """Why regular expression `pattern` may take exponential time on some text, or None.

    Python's regex engine backtracks, so a repeat inside a repeat, such as `(a+)+$` or `(?:\\w+\\s?)*`,
    can take minutes on a short word. Pack patterns are refused when they nest a repeat that can
    match more than once inside an unbounded (or more than ten times) repeat; possessive repeats
    (`a++`) and atomic groups (`(?>...)`) never backtrack, so they are allowed.
    """
    from re import _constants as sre_constants  # Python's own regex parser
    from re import _parser as sre_parse

    repeats = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
    unbounded = sre_constants.MAXREPEAT

    def walk(items, inside: bool) -> str | None:
        for op, value in items:
            if op in repeats:
                _low, high, body = value
                if inside and high > 1:
                    return "a repeat inside a repeat"
                found = walk(body, inside or high == unbounded or high > _MANY)
            elif op == sre_constants.POSSESSIVE_REPEAT:  # gives nothing back: safe inside a repeat; its body is
                found = walk(value[2], False)              # checked on its own, as an atomic group's is
            elif op == sre_constants.SUBPATTERN:
                found = walk(value[-1], inside)
            elif op == sre_constants.BRANCH:
                found = next((r for r in (walk(b, inside) for b in value[1]) if r), None)
            elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                found = walk(value[1], inside)
            elif op == sre_constants.ATOMIC_GROUP:  # never backtracked into once matched
                found = walk(value, False)
            else:  # a literal, a class, an anchor: no repeat
                found = None
            if found:
                return found
        return None

    problem = walk(sre_parse.parse(pattern), False)
    return (f"{problem} (as in `(a+)+`) can take exponential time on some text; rewrite it without the nesting, "
            "or make the inner repeat possessive (`a++`)") if problem else None


@dataclass(frozen=True)
class Field:
    """One key of a pack entry: its type, whether it is required, and allowed values."""

    kind: type | tuple[type, ...]
    required: bool = False
    choices: tuple[Any, ...] = ()


class Packs:
    """The rule packs of one run: the built-in folder plus any extra folders."""

    def __init__(self, extra_folders: Iterable[Path] = ()) -> None:
        self.folders = (builtin_folder(), *tuple(Path(f) for f in extra_folders))

    def files(self, name: str, suffix: str) -> list[Path]:
        return _pack_files(self.folders, name, suffix)

    def entries(self, name: str, schema: Mapping[str, Field]) -> tuple[Mapping[str, Any], ...]:
        """The validated entries of YAML pack `name`, built-in first then extra folders."""
        return _load_entries(self.folders, name, tuple(sorted(schema.items(), key=lambda kv: kv[0])))

    def built(self, name: str, schema: Mapping[str, Field], build: Callable[[tuple], T]) -> T:
        """`build(entries)` for YAML pack `name`: what a rule makes of its data (compiled patterns, indexes),
        made once per process per set of packs, however many articles ask."""
        entries = self.entries(name, schema)
        key = (id(entries), build)
        cached = _BUILT.get(key)
        if cached is None or cached[0] is not entries:  # the entries object is kept: its id is not reused
            cached = _BUILT[key] = (entries, build(entries))
        return cached[1]

    def words(self, name: str) -> frozenset[str]:
        """The words of word list `name.txt` from every folder."""
        return _load_words(self.folders, name)

    def fingerprint(self) -> str:
        """A hash of every pack file's name and content: changes when any pack changes."""
        digest = hashlib.sha256()
        for folder in self.folders:
            for path in sorted(folder.glob("*")):
                if path.suffix in (".yml", ".yaml", ".txt") and path.is_file():
                    digest.update(path.name.encode())
                    digest.update(path.read_bytes())
        return digest.hexdigest()


def _pack_files(folders: Iterable[Path], name: str, suffix: str) -> list[Path]:
    """The files `name + suffix` in `folders`, in order; a folder of that name is an error, never skipped."""
    found = [folder / f"{name}{suffix}" for folder in folders if (folder / f"{name}{suffix}").exists()]
    for path in found:
        if not path.is_file():
            raise PackError(f"{path}: is a folder or special file, not a rule pack file")
    return found


@functools.lru_cache(maxsize=None)
def _load_entries(folders: tuple[Path, ...], name: str, schema: tuple[tuple[str, Field], ...]):
    fields = dict(schema)
    entries: list[Mapping[str, Any]] = []
    for path in _pack_files(folders, name, ".yml"):
        data = _read_yaml(path)
        if not isinstance(data, dict):
            raise PackError(f"{path}: a rule pack must be a mapping with keys {', '.join(sorted(_PACK_KEYS))}")
        unknown = set(data) - _PACK_KEYS
        if unknown:
            raise PackError(f"{path}: unknown key {sorted(unknown)[0]!r}; allowed: {', '.join(sorted(_PACK_KEYS))}")
        if data.get("pack") != name:
            raise PackError(f"{path}: 'pack' must be {name!r} (the file name), found {data.get('pack')!r}")
        items = data.get("entries") or []
        if not isinstance(items, list):
            raise PackError(f"{path}: 'entries' must be a list")
        for index, item in enumerate(items, 1):
            entries.append(_validate_entry(path, index, item, fields))
    return tuple(entries)


def _validate_entry(path: Path, index: int, item: Any, fields: Mapping[str, Field]) -> Mapping[str, Any]:
    where = f"{path}: entry {index}"
    if not isinstance(item, dict):
        raise PackError(f"{where}: must be a mapping")
    for key, value in item.items():
        spec = fields.get(key)
        if spec is None:
            raise PackError(f"{where}: unknown key {key!r}; allowed: {', '.join(sorted(fields))}")
        if not isinstance(value, spec.kind) or (isinstance(value, bool) and spec.kind in (int, float)):
            names = spec.kind.__name__ if isinstance(spec.kind, type) else " or ".join(k.__name__ for k in spec.kind)
            raise PackError(f"{where}: {key!r} must be {names}, found {type(value).__name__}")
        if spec.choices and value not in spec.choices:
            raise PackError(f"{where}: {key!r} must be one of {', '.join(map(str, spec.choices))}")
    for key, spec in fields.items():
        if spec.required and key not in item:
            raise PackError(f"{where}: missing required key {key!r}")
    return item


# The built-in YAML packs, parsed ahead of time (benchmarks/build_packs.py): reading JSON is about ten
# times faster than parsing YAML, which matters for a cold start. Each entry carries the SHA-256 of the
# YAML file it came from and is used only while that file is unchanged, so it can be stale, never wrong.
COMPILED_PACKS = Path(__file__).resolve().with_name("builtin_packs.json")


@functools.lru_cache(maxsize=1)
def compiled_packs() -> Mapping[str, Any]:
    """pack file name -> {"sha256": ..., "data": ...} for the built-in packs; empty when unavailable."""
    import json

    try:
        return json.loads(COMPILED_PACKS.read_text(encoding="utf-8")).get("packs", {})
    except (OSError, ValueError, AttributeError):
        return {}


def _read_yaml(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PackError(f"{path}: cannot read rule pack: {exc.strerror or exc}") from None
    if path.parent == builtin_folder():
        compiled = compiled_packs().get(path.name)
        if compiled and compiled.get("sha256") == hashlib.sha256(raw).hexdigest():
            return compiled["data"]
    return parse_yaml_pack(path, raw)


def parse_yaml_pack(path: Path, raw: bytes) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(raw.decode("utf-8"), Loader=loader)
    except UnicodeDecodeError as exc:
        raise PackError(f"{path}: cannot read rule pack: {exc}") from None
    except yaml.YAMLError as exc:
        line, column, problem = yaml_error_summary(exc)
        where = f"{path}:{line}:{column}" if line else str(path)
        raise PackError(f"{where}: invalid YAML: {problem}") from None


def yaml_error_summary(exc: Exception) -> tuple[int | None, int | None, str]:
    """(1-based line, column, the problem in a few words) of a YAML error, for a one-line message."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return (mark.line + 1, mark.column + 1, problem) if mark else (None, None, problem)


@functools.lru_cache(maxsize=None)
def _load_words(folders: tuple[Path, ...], name: str) -> frozenset[str]:
    words: set[str] = set()
    for path in _pack_files(folders, name, ".txt"):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PackError(f"{path}: cannot read word list: {exc}") from None
        for line in text.splitlines():
            word = line.split("#", 1)[0].strip()
            if word:
                words.add(word)
    return frozenset(words)
