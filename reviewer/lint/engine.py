"""Run the enabled checks over Documents: reading, rule selection, suppressions, severities, order.

The engine is the only place that decides which rules run on a file, which findings
survive inline suppressions, and what severity each finding carries.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping, Sequence

from reviewer.config import Config, ConfigError
from reviewer.document import Document
from reviewer.document.decode import decode_document, read_bytes
from reviewer.lint.discover import configured_syntax
from reviewer.document.links import link_targets
from reviewer.lint.directives import article_settings, suppressions
from reviewer.lint.finding import Finding, Severity
from reviewer.lint.linked import linked_files
from reviewer.lint.overlaps import one_finding_per_span
from reviewer.lint.registry import Context, Rule, builtin_rules, matches, opted_in
from reviewer.lint.rulepack import PackError, Packs

if TYPE_CHECKING:  # pragma: no cover
    from reviewer.lint.cache import CachedFile, LintCache
    from reviewer.lint.formatters import FileRenderer


@dataclass(frozen=True)
class LintSettings:
    """Everything a worker needs to lint a file the same way in any process."""

    config: Config
    as_of: date
    select: tuple[str, ...] | None = None  # overrides config.select when given
    ignore: tuple[str, ...] = ()  # added to config.ignore

    @property
    def selected(self) -> tuple[str, ...]:
        return self.select if self.select is not None else self.config.select

    @property
    def ignored(self) -> tuple[str, ...]:
        return self.config.ignore + self.ignore


class FileResult:
    """The findings of one file, sorted; with what the lint cache needs to store them, and, in a run that renders
    file by file, the file's piece of the report (`rendered`).

    A file answered from the cache (`cached`) decodes its findings only when they are asked for: a run that
    copies the file's stored piece reads only its counts (`counts`, by rule and severity; `count`, in all).
    """

    __slots__ = ("path", "_findings", "digest", "targets", "words", "rendered", "_cached")

    def __init__(self, path: str, findings: list[Finding] | None = None, digest: str | None = None,
                 targets: list[str] | None = None, words: int = 0, *, cached: "CachedFile | None" = None) -> None:
        self.path = path
        self._findings = findings if findings is not None or cached is not None else []
        self.digest = digest  # content hash of the bytes linted (None: unreadable)
        self.targets = targets if targets is not None else []  # local files its links point to
        self.words = words  # words of prose (for findings per 1,000 words)
        self.rendered: str | None = cached.piece if cached is not None else None
        self._cached = cached

    @property
    def findings(self) -> list[Finding]:
        if self._findings is None:
            self._findings = self._cached.findings()
        return self._findings

    @property
    def counts(self) -> list[tuple[str, Severity, int]]:
        """(rule, severity, number of findings) for each rule and severity found."""
        if self._findings is None:
            return self._cached.counts
        from reviewer.lint.cache import count_findings

        return count_findings(self._findings)

    @property
    def count(self) -> int:
        return len(self._findings) if self._findings is not None else sum(n for _, _, n in self._cached.counts)

    def __repr__(self) -> str:
        return f"FileResult({self.path!r}, {self.count} findings)"


def rule_enabled(rule_id: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Longest matching pattern wins; on a tie ignore wins; nothing matching means disabled."""
    best_select = max((len(p) if p != "ALL" else 0 for p in select if matches(p, rule_id)), default=-1)
    best_ignore = max((len(p) if p != "ALL" else 0 for p in ignore if matches(p, rule_id)), default=-1)
    return best_select >= 0 and best_select > best_ignore


def effective_severity(rule: Rule, config: Config) -> Severity | None:
    """The configured severity of a rule, or None when it is switched off."""
    settings = config.rules.get(rule.id)
    if settings is None or settings.severity is None:
        return rule.severity
    if settings.severity == "off":
        return None
    return Severity(settings.severity)


def option_files(rules: Iterable[tuple[Rule, Severity, Mapping[str, object]]], root: Path) -> dict[str, str]:
    """The text of every file the rules' file options name (relative to the config's folder), by the
    option's value as written; a file that cannot be read is a PackError (exit 2) naming the option."""
    texts: dict[str, str] = {}
    for r, _severity, options in rules:
        for name in r.file_options:
            value = str(options.get(name) or "")
            if not value or value in texts:
                continue
            path = Path(root) / value
            try:
                texts[value] = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise PackError(f"{path}: file not found (option {r.id}.{name})") from None
            except (OSError, UnicodeDecodeError) as exc:
                raise PackError(f"{path}: cannot read the file of option {r.id}.{name}: {exc}") from None
    return texts


def rule_options(rule: Rule, config: Config) -> Mapping[str, object]:
    settings = config.rules.get(rule.id)
    if settings is None or not settings.options:
        return rule.options
    return {**rule.options, **settings.options}


# --------------------------------------------------------------------------- linting


def check_failed(path: str, what: str, exc: Exception) -> Finding:
    """The `document.check-failed` finding for `exc`, raised by `what` (a step or a rule) on file `path`."""
    if os.environ.get("REVIEWER_DEBUG"):
        raise exc
    return Finding(path, 1, 1, 1, 1, "document.check-failed", Severity.ERROR,
                   f"{what} failed on this file ({type(exc).__name__}: {exc}); please report it with this file")


class Linter:
    """Lints documents with one LintSettings; holds the rule packs for the process."""

    def __init__(self, settings: LintSettings) -> None:
        self.settings = settings
        config = settings.config
        self.packs = Packs(config.rule_packs)
        self.rules: list[tuple[Rule, Severity, Mapping[str, object]]] = []
        self.optional: list[tuple[Rule, Severity, Mapping[str, object]]] = []  # opt-in rules an article may enable
        self.severities: dict[str, Severity] = {}
        for r in builtin_rules():
            severity = effective_severity(r, config)
            if severity is None:
                continue
            self.severities[r.id] = severity
            configured = config.rules.get(r.id)
            if rule_enabled(r.id, settings.selected, settings.ignored):
                chosen = opted_in(r, settings.selected, configured.severity if configured else None)
                (self.rules if chosen else self.optional).append((r, severity, rule_options(r, config)))
        self.context = Context(as_of=settings.as_of, packs=self.packs, root=config.root, config_dir=config.root,
                               review=config.review, files=MappingProxyType(option_files(self.rules + self.optional, config.root)))
        self.reads_links = any(r.reads_links for r, _, _ in self.rules + self.optional)
        self.general = frozenset(r.id for r, _, _ in self.rules if r.general)

    def is_enabled(self, rule_id: str) -> bool:
        return any(r.id == rule_id for r, _, _ in self.rules)

    def lint_path(self, path: Path, display: str) -> FileResult:
        raw = read_bytes(path, display)
        if isinstance(raw, Finding):
            return FileResult(display, self._finish([raw]))
        return self.lint_bytes(raw, display, path)

    def lint_bytes(self, raw: bytes, display: str, file: Path | None = None) -> FileResult:
        """Lint the content `raw` as the file `display` (read from `file`, when it was)."""
        from reviewer.lint.cache import content_hash

        try:
            syntax = configured_syntax(file if file is not None else display, self.settings.config)
            loaded = decode_document(raw, display, file, syntax=syntax)
        except Exception as exc:  # noqa: BLE001: a parser bug on one file must not sink the run
            loaded = check_failed(display, "reading (no rule could run)", exc)
        if isinstance(loaded, Finding):
            return FileResult(display, self._finish([loaded]), content_hash(raw))
        targets = link_targets(loaded, self.context.root)
        result = self.lint_document(loaded, targets)
        result.digest = content_hash(raw)
        result.targets = targets
        return result

    def lint_document(self, doc: Document, targets: Sequence[str] | None = None) -> FileResult:
        """Run the rules on `doc`; `targets` are its local link targets when already known."""
        article, _problems = article_settings(doc)
        ignored = article.get("ignore", ())
        enabled = article.get("enable", ())  # opt-in rules this article turns on (front matter `reviewer: {enable}`)
        extra = [entry for entry in self.optional if any(matches(p, entry[0].id) for p in enabled)]
        found: list[Finding] = []
        regions = suppressions(doc)
        context = self.context
        if self.reads_links and doc.file is not None:  # what the links point to, read here: checks do no I/O
            if targets is None:
                targets = link_targets(doc, context.root)
            context = replace(context, linked=MappingProxyType(linked_files(targets)))
        for r, _severity, options in (self.rules + extra if extra else self.rules):
            if ignored and any(matches(p, r.id) for p in ignored):
                continue
            try:
                findings = list(r.check(doc, options, context))
            except (PackError, ConfigError):  # the configuration is wrong for every file: exit 2, as it says
                raise
            except Exception as exc:  # noqa: BLE001: one rule failing on one file must not sink the run
                findings = [check_failed(doc.path, f"rule {r.id} (the other rules ran)", exc)]
            found.extend(f if f.rule else replace(f, rule=r.id) for f in findings)
        kept = [f for f in found if not any(s.covers(f) for s in regions)]
        kept = one_finding_per_span(kept, self.general)  # where two rules report the same words, one speaks
        also = frozenset(r.id for r, _, _ in extra)
        return FileResult(doc.path, self._finish(kept, also), words=sum(len(block.words) for block in doc.blocks))

    def _finish(self, findings: Iterable[Finding], also: frozenset[str] = frozenset()) -> list[Finding]:
        """Drop findings of disabled rules (those in `also` are enabled for this article), apply configured
        severities, sort, de-duplicate."""
        result = {}
        for f in findings:
            if not self.is_enabled(f.rule) and f.rule not in also:
                continue
            severity = self.severities.get(f.rule, f.severity)
            f = replace(f, severity=severity) if f.severity != severity else f
            result.setdefault((f.sort_key, f.end), f)
        return sorted(result.values(), key=lambda f: f.sort_key)


_WORKER: Linter | None = None


def _init_worker(settings: LintSettings) -> None:
    global _WORKER
    _WORKER = Linter(settings)
    import gc

    # A linted Document is cyclic garbage (a block's sentences point back at it), about 1,300 objects an article:
    # collecting the youngest generation every 10,000 allocations instead of every 700 cuts the collector's time
    # from about 1.3 to 0.7 ms an article; the worker does nothing else.
    gc.set_threshold(10_000, 10, 10)


def _lint_in_worker(item: tuple[str, str]) -> FileResult:
    assert _WORKER is not None
    return _WORKER.lint_path(Path(item[0]), item[1])


def lint_files(files: Sequence[tuple[Path, str]], settings: LintSettings, jobs: int = 1,
               cache: "LintCache | None" = None, render: "FileRenderer | None" = None) -> Iterator[FileResult]:
    """Lint (path, display path) pairs; yields results in input order whatever `jobs` is.

    With a cache, unchanged files are answered from it and only the others are linted. Only the
    content hashes of the cached files are kept meanwhile, not their findings: those are read from
    the cache when their turn comes, so a run holds one file's findings at a time.
    With `render`, each result carries its findings rendered (`rendered`): a file the cache answers
    with a piece of `render.variant` is not rendered again (nor are its findings decoded), and a piece
    rendered here is kept in the cache for the next run.
    """
    variant = render.variant if render is not None else None
    cached: dict[int, str] = {}  # index -> content hash, for files the cache can answer
    stats: dict[int, str | None] = {}  # index -> file state before it is read (see fileio.stat_key)
    if cache is not None:
        from reviewer.fileio import stat_key
        from reviewer.lint.cache import content_hash

        entries = cache.index()
        for index, (path, display) in enumerate(files):
            stats[index] = state = stat_key(path)
            entry = entries.get(display)
            if entry is None:
                continue  # never linted with these settings: no need to read it here
            digest, stored_state, targets = entry
            if state is None or state != stored_state:  # its times moved (or are too recent to trust): hash it
                raw = read_bytes(path, display)
                if not isinstance(raw, bytes) or content_hash(raw) != digest:
                    continue
                if state is not None:
                    cache.restat(display, state)
            if cache.targets_fresh(targets):
                cached[index] = digest
    if len(cached) >= 64:  # many answers: one ordered scan of the cache instead of a query per file
        cache.read_in_order(min(files[index][1] for index in cached), variant)
    misses = [pair for index, pair in enumerate(files) if index not in cached]
    fresh = _lint_uncached(misses, settings, jobs)
    for index, (path, display) in enumerate(files):
        stored = cache.get(display, cached[index], targets_checked=True, variant=variant) if index in cached else None
        if stored is not None:
            result = FileResult(display, words=stored.words, cached=stored)
            if render is not None and result.rendered is None:
                result.rendered = render(result.findings)
                cache.put_piece(stored, variant, result.rendered)
            yield result
            continue
        result = next(fresh) if index not in cached else Linter(settings).lint_path(path, display)
        if render is not None:
            result.rendered = render(result.findings)
        if cache is not None and result.digest is not None:
            cache.put(result.path, result.digest, result.targets, result.findings, result.words, stats.get(index),
                      (variant, result.rendered) if render is not None else None)
        yield result


def _lint_uncached(files: Sequence[tuple[Path, str]], settings: LintSettings, jobs: int) -> Iterator[FileResult]:
    if jobs <= 1 or len(files) < 8:
        linter = Linter(settings)
        for path, display in files:
            yield linter.lint_path(path, display)
        return
    from concurrent.futures import ProcessPoolExecutor  # imported only when workers are used: a cold start saves it

    chunk = max(1, min(8, len(files) // (jobs * 4)))  # small: the last chunk leaves a core idle for less time
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(settings,)) as pool:
        yield from pool.map(_lint_in_worker, [(str(p), d) for p, d in files], chunksize=chunk)


def run_fingerprint(settings: LintSettings, packs: Packs) -> str:
    """What, besides a file's content, its findings depend on."""
    import hashlib

    from reviewer import __version__
    from reviewer.lint.cache import code_fingerprint

    relevant = replace(settings, config=replace(settings.config, fail_on="error", cache_dir=""))
    parts = [__version__, code_fingerprint(), repr(relevant), packs.fingerprint()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def lint_text(text: str, path: str = "article.md", *, select: Sequence[str] | None = None,
              as_of: date | None = None, config: Config | None = None) -> list[Finding]:
    """Lint a string as if it were the file `path` (for tests, editors and the API); `as_of` defaults to today."""
    settings = LintSettings(config or Config(root=Path.cwd()), as_of or date.today(), tuple(select) if select else None)
    return Linter(settings).lint_bytes(text.encode("utf-8"), path).findings


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
