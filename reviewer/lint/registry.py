"""Rules: what a rule is, and how the built-in ones are found.

A rule is a pure check function wrapped by `@rule`. The registry collects the
`Rule` objects defined in the modules of `reviewer.lint.checks`; nothing registers
itself into a global, so importing a module twice never doubles a rule.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import textwrap
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from reviewer.lint.finding import Finding, Severity

if TYPE_CHECKING:  # pragma: no cover
    from reviewer.document import Document
    from reviewer.lint.rulepack import Packs


@dataclass(frozen=True)
class Context:
    """What a check may know besides the document, all gathered by the engine before checks run: today,
    the rule packs, the config's folder, the review settings, the text of the files rule options name
    (`files`, by option value as written) and what the article's local links point to (`linked`)."""

    as_of: date
    packs: "Packs"
    root: Path = Path(".")
    config_dir: Path = Path(".")
    review: Any = None  # reviewer.config.ReviewSettings, for review.* rules
    files: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    linked: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))  # path -> document.links.LinkedFile


CheckFunction = Callable[["Document", Mapping[str, Any], Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: id `family.name`, default severity, option defaults and its check."""

    id: str
    severity: Severity
    check: CheckFunction
    options: Mapping[str, Any] = field(default_factory=dict)
    example: str = ""
    choices: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)  # allowed values of some options
    file_options: tuple[str, ...] = ()  # options naming a file (from the config's folder) the engine reads
    reads_links: bool = False  # the engine gathers the article's linked files for it (Context.linked)
    opt_in: bool = False  # runs only when selected by id or family, given a severity, or enabled by the article
    general: bool = False  # a general style rule: its finding gives way to a more specific rule's on the same words

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def doc(self) -> str:
        return textwrap.dedent(inspect.getdoc(self.check) or "").strip()

    @property
    def summary(self) -> str:
        return self.doc.split("\n\n", 1)[0].replace("\n", " ")


def rule(rule_id: str, severity: str, *, options: Mapping[str, Any] | None = None, example: str = "",
         choices: Mapping[str, tuple[Any, ...]] | None = None, file_options: tuple[str, ...] = (),
         reads_links: bool = False, opt_in: bool = False, general: bool = False):
    """Declare a check function as rule `rule_id` with a default severity and option defaults.

    `example` is a short Markdown snippet that makes the rule fire; `reviewer explain` shows it.
    `choices` lists the allowed values of options that take one of a few values. Checks never read
    files: `file_options` names the options whose value is a file the engine reads for the check (its
    text is in `context.files`), and `reads_links` asks the engine for the article's linked files.
    An `opt_in` rule is off by default (too noisy for every page): see `opted_in`.
    A `general` rule (a word-choice rule such as plain.simpler-word) gives way where a more specific
    rule reports the same words: the engine keeps one finding per span of text.
    """

    def wrap(check: CheckFunction) -> Rule:
        return Rule(rule_id, Severity(severity), check, MappingProxyType(dict(options or {})), example,
                    MappingProxyType(dict(choices or {})), tuple(file_options), reads_links, opt_in, general)

    return wrap


@functools.lru_cache(maxsize=1)
def builtin_rules() -> tuple[Rule, ...]:
    """Every rule defined in `reviewer.lint.checks`, sorted by id."""
    import reviewer.lint.checks as package

    found: dict[str, Rule] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, Rule):
                if value.id in found and found[value.id] is not value:
                    raise RuntimeError(f"rule {value.id} is defined twice")
                found[value.id] = value
    return tuple(sorted(found.values(), key=lambda r: r.id))


def opted_in(rule: Rule, select: Iterable[str], configured_severity: str | None) -> bool:
    """Whether a rule may run: always for ordinary rules; an opt-in rule only when `select` names it or its
    family (ALL does not) or the config gives it a severity other than "off". An article can also turn
    opt-in rules on for itself (front matter `reviewer: {enable: [...]}`, see the engine)."""
    return not rule.opt_in or rule.id in select or rule.family in select or configured_severity not in (None, "off")


def rules_by_id() -> dict[str, Rule]:
    return {r.id: r for r in builtin_rules()}


def matches(pattern: str, rule_id: str) -> bool:
    """True when `pattern` names `rule_id` itself, its family, or everything (`ALL`)."""
    return pattern == "ALL" or rule_id == pattern or rule_id.startswith(pattern + ".")


def is_known_pattern(pattern: str) -> bool:
    return any(matches(pattern, r.id) for r in builtin_rules())
