"""Find, load and validate configuration into one frozen Config.

Sources, lowest to highest precedence: built-in defaults, the config file
(`reviewer.toml`, or `[tool.reviewer]` in `pyproject.toml`, found by walking up
from the working directory, or named with `--config`), then command-line flags.
Unknown keys and bad values are errors that name the file, the key and what is allowed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from reviewer.lint.finding import Severity
from reviewer.review.intervals import parse_interval

FAIL_ON_CHOICES = ("error", "warning", "suggestion", "never")
DEFAULT_INCLUDE = ("**/*.md", "**/*.markdown", "**/*.txt")


class ConfigError(Exception):
    """A configuration problem; the CLI prints it and exits 2."""

    def __init__(self, source: str, key: str, message: str) -> None:
        self.source, self.key, self.message = source, key, message
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{key}: {message}" if key else f"{where}{message}")


@dataclass(frozen=True)
class RuleSettings:
    """Per-rule settings: a severity override (or "off") and option overrides."""

    severity: str | None = None
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class ReviewSettings:
    """How review dates are read and judged (the `review` table)."""

    interval: str = "12 months"
    due_within_days: int = 30
    last_reviewed_keys: tuple[str, ...] = ("last_reviewed", "reviewed")
    next_review_keys: tuple[str, ...] = ("next_review",)
    interval_keys: tuple[str, ...] = ("review_interval",)
    reviewed_by_keys: tuple[str, ...] = ("reviewed_by",)
    owner_keys: tuple[str, ...] = ("owner",)
    date_formats: tuple[str, ...] = ()
    ignore_revs_file: str = ".git-blame-ignore-revs"
    follow_copies: bool = True  # trace a copied article into its origin (git's copy detection, see git.py)


@dataclass(frozen=True)
class Config:
    """The effective configuration of one run."""

    source: Path | None = None  # the file it came from, if any
    root: Path = field(default_factory=Path.cwd)  # the folder relative paths in the config are resolved from
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    rule_packs: tuple[Path, ...] = ()
    rules: Mapping[str, RuleSettings] = field(default_factory=lambda: MappingProxyType({}))
    review: ReviewSettings = field(default_factory=ReviewSettings)
    cache_dir: str = ".reviewer_cache"
    syntax: tuple[tuple[str, str], ...] = ()  # (glob, "markdown" | "text" | "auto"), in the file's order


SYNTAX_CHOICES = ("markdown", "text", "auto")
_TOP_KEYS = {
    "include": "a list of glob patterns",
    "exclude": "a list of glob patterns",
    "select": "a list of rule ids or family prefixes (or ALL)",
    "ignore": "a list of rule ids or family prefixes",
    "fail_on": "one of " + ", ".join(FAIL_ON_CHOICES),
    "rule_packs": "a list of folders holding extra rule packs",
    "rules": "a table of rule id -> {severity, options...}",
    "review": "a table of review settings",
    "cache_dir": "a folder path for the lint cache and the history index",
    "syntax": "a table of glob -> \"markdown\", \"text\" or \"auto\"",
}


def find_config_file(start: Path) -> Path | None:
    """The nearest reviewer.toml, or pyproject.toml with a [tool.reviewer] table, walking up from `start`."""
    for folder in [start, *start.parents]:
        candidate = folder / "reviewer.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue  # not ours to judge unless it is the one we load
            if isinstance(data.get("tool"), dict) and "reviewer" in data["tool"]:
                return pyproject
    return None


def load_config(path: Path | None = None, cwd: Path | None = None) -> Config:
    """Load the config at `path`, or the one found from `cwd`, or the defaults."""
    cwd = (cwd or Path.cwd()).resolve()
    if path is None:
        path = find_config_file(cwd)
        if path is None:
            return Config(root=cwd)
    path = path.resolve() if path.exists() else path
    label = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(label, "", "config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(label, "", f"cannot read config file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(label, "", f"invalid TOML: {exc}") from None
    if path.name == "pyproject.toml" or "tool" in data:
        table = data.get("tool", {}).get("reviewer", {}) if isinstance(data.get("tool"), dict) else {}
        prefix = "tool.reviewer."
    else:
        table, prefix = data, ""
    if not isinstance(table, dict):
        raise ConfigError(label, prefix.rstrip("."), "must be a table")
    return parse_config(table, label, path.parent, prefix)


def parse_config(table: Mapping[str, Any], label: str, root: Path, prefix: str = "") -> Config:
    """Validate a config table strictly and build a Config."""

    def error(key: str, message: str) -> ConfigError:
        return ConfigError(label, prefix + key, message)

    for key in table:
        if key not in _TOP_KEYS:
            allowed = ", ".join(sorted(_TOP_KEYS))
            raise error(key, f"unknown key; allowed keys are {allowed}")
    values: dict[str, Any] = {"source": Path(label), "root": root}
    for key in ("include", "exclude", "select", "ignore"):
        if key in table:
            values[key] = _string_list(table[key], error(key, _TOP_KEYS[key]))
    for key in ("select", "ignore"):
        for pattern in values.get(key, ()):
            from reviewer.lint.registry import is_known_pattern  # the rules are loaded only when a config names one

            if not is_known_pattern(pattern):
                raise error(key, f"{pattern!r} matches no rule; run `reviewer rules` for the list")
    if "fail_on" in table:
        if table["fail_on"] not in FAIL_ON_CHOICES:
            raise error("fail_on", f"{table['fail_on']!r} is not allowed; use one of {', '.join(FAIL_ON_CHOICES)}")
        values["fail_on"] = table["fail_on"]
    if "rule_packs" in table:
        folders = _string_list(table["rule_packs"], error("rule_packs", _TOP_KEYS["rule_packs"]))
        resolved = tuple((root / folder).resolve() for folder in folders)
        for folder, original in zip(resolved, folders):
            if folder.exists() and not folder.is_dir():
                raise error("rule_packs", f"{original!r} is a file; name the folder that holds the packs")
            if not folder.is_dir():
                raise error("rule_packs", f"folder {original!r} does not exist (resolved to {folder})")
        values["rule_packs"] = resolved
    if "cache_dir" in table:
        if not isinstance(table["cache_dir"], str) or not table["cache_dir"]:
            raise error("cache_dir", _TOP_KEYS["cache_dir"])
        values["cache_dir"] = table["cache_dir"]
    if "syntax" in table:
        values["syntax"] = _parse_syntax(table["syntax"], error)
    if "rules" in table:
        from reviewer.lint.registry import rules_by_id

        values["rules"] = _parse_rules(table["rules"], error, rules_by_id())
    if "review" in table:
        values["review"] = _parse_review(table["review"], error)
    return Config(**values)


def _string_list(value: Any, problem: ConfigError) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise problem
    return tuple(value)


def _parse_syntax(table: Any, error) -> tuple[tuple[str, str], ...]:
    if not isinstance(table, dict):
        raise error("syntax", 'must be a table of glob -> syntax, for example {"notes/**/*.txt" = "markdown"}')
    for pattern, syntax in table.items():
        if not pattern.strip("/"):
            raise error("syntax", f"{pattern!r} is not a glob pattern")
        if syntax not in SYNTAX_CHOICES:
            raise error(f"syntax.\"{pattern}\"", f"{syntax!r} is not allowed; use one of {', '.join(SYNTAX_CHOICES)}")
    return tuple(table.items())


def _parse_rules(table: Any, error, known: Mapping[str, Any]) -> Mapping[str, RuleSettings]:
    if not isinstance(table, dict):
        raise error("rules", "must be a table of rule id -> settings")
    parsed: dict[str, RuleSettings] = {}
    severities = [s.value for s in Severity] + ["off"]
    for rule_id, settings in table.items():
        key = f"rules.{rule_id}"
        if rule_id not in known:
            raise error(key, "unknown rule; run `reviewer rules` for the list")
        if not isinstance(settings, dict):
            raise error(key, "must be a table, for example {severity = \"error\"}")
        severity = settings.get("severity")
        if severity is not None and severity not in severities:
            raise error(f"{key}.severity", f"{severity!r} is not allowed; use one of {', '.join(severities)}")
        defaults = known[rule_id].options
        options: dict[str, Any] = {}
        for name, value in settings.items():
            if name == "severity":
                continue
            if name not in defaults:
                allowed = ", ".join(["severity", *sorted(defaults)])
                raise error(f"{key}.{name}", f"unknown option; allowed: {allowed}")
            options[name] = coerce_option(value, defaults[name], lambda msg: error(f"{key}.{name}", msg))
            allowed_values = known[rule_id].choices.get(name)
            if allowed_values and options[name] not in allowed_values:
                raise error(f"{key}.{name}", f"{value!r} is not allowed; use one of "
                                             f"{', '.join(map(str, allowed_values))}")
        parsed[rule_id] = RuleSettings(severity, MappingProxyType(options))
    return MappingProxyType(parsed)


def coerce_option(value: Any, default: Any, error) -> Any:
    """Check an option value against the type of its default; lists become tuples."""
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise error("must be true or false")
        return value
    if isinstance(default, int) and not isinstance(default, bool):
        if isinstance(value, bool) or not isinstance(value, int):
            raise error("must be a whole number")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise error("must be a number")
        return float(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise error("must be a string")
        return value
    if isinstance(default, (list, tuple)):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise error("must be a list of strings")
        return tuple(value)
    if isinstance(default, dict):
        if not isinstance(value, dict):
            raise error("must be a table")
        return MappingProxyType(dict(value))
    return value


_STRPTIME_CODES = frozenset("aAbBdeHIjmMpSyY%")  # what a written date can hold: names, numbers, a time


def date_format_problem(fmt: str) -> str | None:
    """Why strptime format `fmt` cannot read a review date, or None: it must name a year and a month."""
    codes = re.findall(r"%(.?)", fmt)
    unknown = sorted({c for c in codes if c not in _STRPTIME_CODES})
    if unknown:
        return (f"unknown directive {', '.join('%' + c for c in unknown)}; use strptime codes such as "
                "%d %B %Y or %d/%m/%Y")
    if not {"Y", "y"} & set(codes) or not {"m", "b", "B"} & set(codes):
        return "a review date format must name the year (%Y) and the month (%m, %b or %B)"
    return None


def _parse_review(table: Any, error) -> ReviewSettings:
    if not isinstance(table, dict):
        raise error("review", "must be a table")
    defaults = ReviewSettings()
    values: dict[str, Any] = {}
    for name, value in table.items():
        key = f"review.{name}"
        if not hasattr(defaults, name):
            allowed = ", ".join(sorted(ReviewSettings.__dataclass_fields__))
            raise error(key, f"unknown key; allowed keys are {allowed}")
        values[name] = coerce_option(value, getattr(defaults, name), lambda msg, key=key: error(key, msg))
    if "interval" in values:
        _interval, problem = parse_interval(values["interval"])
        if problem:
            raise error("review.interval", problem)
    for fmt in values.get("date_formats", ()):
        problem = date_format_problem(fmt)
        if problem:
            raise error("review.date_formats", f"{fmt!r}: {problem}")
    if "due_within_days" in values and values["due_within_days"] < 0:
        raise error("review.due_within_days", "must be 0 or more")
    return ReviewSettings(**values)
