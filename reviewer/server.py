"""`reviewer server`: a Language Server Protocol server over stdio, for findings while you type.

Built on pygls 2 and lsprotocol, installed with the `server` extra (`pip install 'reviewer[server]'`);
pygls is imported only when the server starts, so the other commands never pay for it.

What an editor gets:
- diagnostics for Markdown and text documents on open, on change (debounced) and on save, linted as
  `reviewer lint` would lint the file: the config found from the document's folder, its rule selection,
  severities and options, inline suppressions and the per-article `reviewer:` front matter table;
- a review-status diagnostic on the review line of an article that is overdue or due soon (the report's
  reader and classifier), also when the `review` rules are not selected for lint;
- code actions: apply a finding's fix (the fixes `--fix` applies), "disable RULE for this line" (the
  `reviewer-disable-next-line` comment), "disable RULE for this file", "add WORD to the accept list" (the
  `accept_file` of spelling.unknown, when one is configured), and "fix all" (source.fixAll.reviewer);
- hover over a flagged span: `reviewer explain RULE` for each rule flagging it;
- config changes (the config file, files rule options name, rule packs) picked up without a restart: the
  linter is rebuilt when any of them changes on disk, and open documents are linted again on save and on
  watched-file changes.

The server keeps one Linter per configuration and re-lints a whole document on each change: a warm
relint of a 2,000-word article takes tens of milliseconds (benchmarks/server_latency.py).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Sequence

import click

from reviewer import __version__

DEBOUNCE_SECONDS = 0.3
DOCS_URL = "https://github.com/YOUR-ORG/reviewer/blob/main/README.md#rules"  # `{rule}` is replaced by the rule id
ACCEPT_WORD_COMMAND = "reviewer.acceptWord"
_LINE_END = re.compile(r"\r\n|\r|\n")
_SUFFIXES = (".md", ".markdown", ".txt")
_LANGUAGES = ("markdown", "plaintext", "text")


# --------------------------------------------------------------------------- pure helpers (no pygls)


def split_lines(text: str) -> list[str]:
    """The lines of `text` as LSP counts them (and as Document.line_col does): \\r\\n, \\r or \\n end a line."""
    return _LINE_END.split(text)


def line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _LINE_END.finditer(text))]


def comment_edit(doc, finding, rule_id: str) -> tuple[int, int, str]:
    """Where and what to insert so that `reviewer-disable-next-line RULE` silences `finding`'s line:
    (line index, character index, text), 0-based, in characters.

    On the first line of a block the comment goes on a line of its own before it, with the line's
    indentation and blockquote markers; inside a block (a wrapped paragraph) it goes at the end of the
    line before, so the paragraph is not split in two."""
    comment = f"<!-- reviewer-disable-next-line {rule_id} -->"
    line = finding.line
    first_line = line
    for block in doc.blocks:
        if block.offsets and block.offsets[0] <= finding.start <= block.offsets[-1]:
            first_line = doc.line_col(block.offsets[0])[0]
            break
    if first_line < line:
        previous = doc.line_text(line - 1)
        return line - 2, len(previous), " " + comment
    text = doc.line_text(line)
    prefix = re.match(r"[ \t>]*", text).group(0)
    return line - 1, 0, f"{prefix}{comment}{doc.newline}"


def file_comment_edit(doc, rule_id: str) -> tuple[int, int, str]:
    """`reviewer-disable-file RULE` on a line of its own after the front matter (or at the top)."""
    line = doc.line_col(doc.front_matter_end)[0] if doc.front_matter_end else 1
    return line - 1, 0, f"<!-- reviewer-disable-file {rule_id} -->{doc.newline}"


def explain_markdown(rule_id: str) -> str | None:
    """`reviewer explain RULE` as Markdown for a hover."""
    from reviewer.cli import explain_text
    from reviewer.lint.registry import rules_by_id

    rule = rules_by_id().get(rule_id)
    if rule is None:
        return None
    return f"```text\n{explain_text(rule).rstrip()}\n```"


@dataclass
class Analysis:
    """One document's lint result, with the text it was computed on."""

    text: str
    findings: list = field(default_factory=list)
    doc: Any = None  # the parsed Document, for code actions (None when it could not be parsed)
    linter: Any = None
    extra: list = field(default_factory=list)  # (Finding-like review status) diagnostics beyond lint
    problem: str | None = None  # a configuration problem: shown instead of findings


class Workspace:
    """Linters by configuration, rebuilt when the configuration changes on disk; lints texts."""

    def __init__(self, as_of: date | None = None) -> None:
        self.as_of = as_of
        self._linters: dict[str, tuple[tuple, Any, Any]] = {}  # config key -> (signature, config, Linter)

    def today(self) -> date:
        return self.as_of or date.today()

    def linter_for(self, path: Path):
        """(config, Linter) for a file at `path`, from the config found from its folder; ConfigError,
        PackError propagate."""
        from reviewer.config import find_config_file, load_config
        from reviewer.lint.engine import Linter, LintSettings

        folder = path.parent
        source = find_config_file(folder.resolve()) if folder.is_dir() else None
        key = str(source) if source else str(folder)
        as_of = self.today()
        signature = (as_of, _stat(source) if source else None)
        held = self._linters.get(key)
        if held is not None and held[0] == signature and held[2].signature == _inputs_signature(held[1]):
            return held[1], held[2]
        config = load_config(source, folder) if source else load_config(None, folder)
        linter = Linter(LintSettings(config, as_of))
        linter.signature = _inputs_signature(config)
        self._linters[key] = (signature, config, linter)
        return config, linter

    def forget(self) -> None:
        self._linters.clear()

    def analyse(self, path: Path, display: str, text: str, check_globs: bool = False) -> Analysis:
        """Lint `text` as the file `path`; with `check_globs`, a file the config's include/exclude globs leave
        out gets no findings (what `reviewer lint` does when it walks the folder)."""
        from reviewer.config import ConfigError
        from reviewer.document.decode import decode_document
        from reviewer.lint.discover import not_an_article
        from reviewer.lint.engine import check_failed
        from reviewer.lint.rulepack import PackError

        try:
            config, linter = self.linter_for(path)
            if check_globs and not_an_article(path, config):
                return Analysis(text, [], None, linter)
            try:
                loaded = decode_document(text.encode("utf-8"), display, path if path.is_absolute() else None)
            except Exception as exc:  # noqa: BLE001: a parser bug shows as a finding, as in `reviewer lint`
                loaded = check_failed(display, "reading (no rule could run)", exc)
            if not hasattr(loaded, "blocks"):  # a document.unreadable or check-failed finding
                return Analysis(text, linter._finish([loaded]), None, linter)
            result = linter.lint_document(loaded)
        except (ConfigError, PackError) as exc:
            return Analysis(text, problem=str(exc))
        analysis = Analysis(text, result.findings, loaded, linter)
        analysis.extra = review_status(loaded, config, linter, self.today(), result.findings)
        return analysis


def _stat(path: Path | None) -> tuple | None:
    try:
        info = os.stat(path)
        return (str(path), info.st_size, info.st_mtime_ns)
    except (OSError, TypeError):
        return None


def _inputs_signature(config) -> tuple:
    """The state on disk of what a Linter read besides the config file: option files and rule packs."""
    from reviewer.lint.registry import builtin_rules

    parts = []
    for r in builtin_rules():
        for name in r.file_options:
            settings = config.rules.get(r.id)
            value = settings.options.get(name) if settings is not None else None
            if value:
                parts.append(_stat(config.root / str(value)) or (str(config.root / str(value)), None))
    for folder in config.rule_packs:
        try:
            parts.extend(_stat(folder / name) for name in sorted(os.listdir(folder)))
        except OSError:
            parts.append((str(folder), None))
    return tuple(parts)


def review_status(doc, config, linter, as_of: date, findings: Sequence) -> list:
    """A finding on the review line of an article whose review is overdue or due soon, judged as `reviewer
    report` judges it, unless lint already reports it (review.stale, review.due-soon) or the article's
    front matter ignores the rule."""
    from reviewer.lint.directives import article_settings
    from reviewer.lint.finding import Severity
    from reviewer.lint.registry import matches
    from reviewer.review.dates import days_until, default_interval, read_review_metadata, schedule
    from reviewer.review.rows import classify

    settings = config.review
    metadata = read_review_metadata(doc, settings)
    status, _notes = classify(metadata, default_interval(settings), as_of, settings.due_within_days)
    if status not in ("overdue", "due_soon"):
        return []
    rule = "review.stale" if status == "overdue" else "review.due-soon"
    if any(f.rule == rule for f in findings):
        return []
    ignored = article_settings(doc)[0].get("ignore", ())
    if any(matches(p, rule) for p in ignored):
        return []
    plan = schedule(metadata, default_interval(settings))
    place = (plan.last or plan.due_from).place
    days = days_until(plan.due, as_of)
    if days < 0:
        message = f"review overdue: due {plan.due}, {-days} day{'s' if -days != 1 else ''} ago"
        severity = Severity.WARNING
    else:
        when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        message = f"review due soon: due {plan.due}, {when}"
        severity = Severity.SUGGESTION
    finding = doc.finding(place.start, place.end, message + " (as `reviewer report` sees it)", rule=rule,
                          severity=severity)
    return [finding]


def document_path(uri: str, root: Path | None) -> tuple[Path, str]:
    """(path, display path) of a document URI: display relative to the workspace root when inside it."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(uri)
    if parsed.scheme == "file":
        path = Path(unquote(parsed.path))
        if os.name == "nt" and re.match(r"/[A-Za-z]:", str(path)):  # pragma: no cover
            path = Path(str(path)[1:])
    else:  # an unsaved buffer: lint it as if it were a file in the workspace root
        name = Path(unquote(parsed.path or "untitled")).name or "untitled"
        if not name.endswith(_SUFFIXES):
            name += ".md"
        path = (root or Path.cwd()) / name
    display = str(path)
    if root is not None:
        try:
            display = path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path, display


def is_article(uri: str, language_id: str | None) -> bool:
    lowered = uri.lower().split("?", 1)[0]
    return lowered.endswith(_SUFFIXES) or (language_id or "").lower() in _LANGUAGES


# --------------------------------------------------------------------------- the server (pygls)


def create_server(as_of: date | None = None, debounce: float = DEBOUNCE_SECONDS):
    """The pygls LanguageServer with reviewer's features registered."""
    import asyncio

    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

    severity_of = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
                   "suggestion": types.DiagnosticSeverity.Information}

    class ReviewerServer(LanguageServer):
        def __init__(self) -> None:
            super().__init__("reviewer", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
            self.lintspace = Workspace(as_of)
            self.debounce = debounce
            self.docs_url = DOCS_URL
            self.results: dict[str, Analysis] = {}
            self.languages: dict[str, str] = {}
            self.timers: dict[str, asyncio.TimerHandle] = {}
            self.root: Path | None = None

        # -- positions
        def position(self, lines: list[str], line: int, column: int) -> types.Position:
            """A 1-based line and character column as an LSP position in the client's units."""
            index = max(0, min(line - 1, len(lines) - 1))
            text = lines[index] if lines else ""
            return types.Position(line=index, character=self.workspace.position_codec.client_num_units(
                text[:max(0, column - 1)]))

        def offset_position(self, text: str, starts: list[int], offset: int) -> types.Position:
            import bisect

            index = bisect.bisect_right(starts, offset) - 1
            lines = split_lines(text)
            return self.position(lines, index + 1, offset - starts[index] + 1)

        def to_offset(self, text: str, position: types.Position) -> int:
            lines = split_lines(text)
            server = self.workspace.position_codec.position_from_client_units(lines, position)
            starts = line_starts(text)
            line = min(server.line, len(starts) - 1)
            return starts[line] + min(server.character, len(lines[line]))

        # -- diagnostics
        def diagnostic(self, f, lines: list[str]) -> types.Diagnostic:
            message = f.message + (f"\nsuggestion: {f.suggestion}" if f.suggestion else "")
            href = self.docs_url.replace("{rule}", f.rule)
            return types.Diagnostic(
                range=types.Range(start=self.position(lines, f.line, f.column),
                                  end=self.position(lines, f.end_line, f.end_column)),
                message=message, severity=severity_of[f.severity.value], code=f.rule, source="reviewer",
                code_description=types.CodeDescription(href=href))

        def analyse(self, uri: str) -> Analysis | None:
            document = self.workspace.get_text_document(uri)
            if not is_article(uri, self.languages.get(uri)):
                return None
            text = document.source
            held = self.results.get(uri)
            if held is not None and held.text == text and held.linter is not None \
                    and held.linter is self._current_linter(uri):
                return held
            path, display = document_path(uri, self.root)
            analysis = self.lintspace.analyse(path, display, text, check_globs=uri.startswith("file:"))
            self.results[uri] = analysis
            return analysis

        def _current_linter(self, uri: str):
            path, _display = document_path(uri, self.root)
            try:
                return self.lintspace.linter_for(path)[1]
            except Exception:  # noqa: BLE001: a config problem is reported by analyse
                return None

        def publish(self, uri: str) -> None:
            self.timers.pop(uri, None)
            analysis = self.analyse(uri)
            if analysis is None:
                return
            lines = split_lines(analysis.text)
            if analysis.problem:
                diagnostics = [types.Diagnostic(
                    range=types.Range(start=types.Position(line=0, character=0),
                                      end=types.Position(line=0, character=0)),
                    message=f"reviewer cannot lint this file: {analysis.problem}",
                    severity=types.DiagnosticSeverity.Error, source="reviewer")]
            else:
                diagnostics = [self.diagnostic(f, lines) for f in [*analysis.findings, *analysis.extra]]
            version = self.workspace.get_text_document(uri).version
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics))

        def schedule(self, uri: str) -> None:
            timer = self.timers.pop(uri, None)
            if timer is not None:
                timer.cancel()
            loop = asyncio.get_running_loop()
            self.timers[uri] = loop.call_later(self.debounce, self.publish, uri)

        def refresh_all(self) -> None:
            for uri in list(self.results):
                self.publish(uri)

    server = ReviewerServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: ReviewerServer, params: types.InitializeParams) -> None:
        root = None
        if params.workspace_folders:
            root = document_path(params.workspace_folders[0].uri, None)[0]
        elif params.root_uri:
            root = document_path(params.root_uri, None)[0]
        elif params.root_path:
            root = Path(params.root_path)
        ls.root = root
        options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        if "debounce" in options:
            try:
                ls.debounce = max(0.0, float(options["debounce"]))
            except (TypeError, ValueError):
                pass
        if isinstance(options.get("docsUrl"), str):
            ls.docs_url = options["docsUrl"]
        if isinstance(options.get("asOf"), str):
            try:
                ls.lintspace.as_of = date.fromisoformat(options["asOf"])
            except ValueError:
                pass

    @server.feature(types.INITIALIZED)
    def initialized(ls: ReviewerServer, params: types.InitializedParams) -> None:
        capabilities = ls.client_capabilities.workspace
        watch = capabilities and capabilities.did_change_watched_files
        if watch and watch.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=p) for p in
                        ("**/reviewer.toml", "**/pyproject.toml", "**/*.txt", "**/*.yml")]
            ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
                id="reviewer-config", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ReviewerServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.languages[params.text_document.uri] = params.text_document.language_id
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ReviewerServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ReviewerServer, params: types.DidSaveTextDocumentParams) -> None:
        timer = ls.timers.pop(params.text_document.uri, None)
        if timer is not None:
            timer.cancel()
        ls.refresh_all()  # a saved config or accept list changes what every open document shows
        if params.text_document.uri not in ls.results:
            ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ReviewerServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        timer = ls.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        ls.results.pop(uri, None)
        ls.languages.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: ReviewerServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.refresh_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: ReviewerServer, params: types.DidChangeConfigurationParams) -> None:
        ls.lintspace.forget()
        ls.refresh_all()

    def current(ls: ReviewerServer, uri: str) -> Analysis | None:
        """The analysis of the document's current text (linted now when a change is still pending)."""
        if uri not in ls.languages and uri not in ls.results:
            return None
        return ls.analyse(uri)

    def overlaps(f, start: int, end: int) -> bool:
        """True when finding `f` touches the source range [start, end]."""
        return f.start <= end and start <= max(f.end, f.start)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: ReviewerServer, params: types.HoverParams) -> types.Hover | None:
        analysis = current(ls, params.text_document.uri)
        if analysis is None or analysis.problem:
            return None
        offset = ls.to_offset(analysis.text, params.position)
        hits = [f for f in [*analysis.findings, *analysis.extra] if f.start <= offset <= max(f.end, f.start + 1)]
        if not hits:
            return None
        parts, seen = [], set()
        for f in hits:
            parts.append(f"**{f.rule}** ({f.severity.value}): {f.message}"
                         + (f"  \nsuggestion: {f.suggestion}" if f.suggestion else ""))
            if f.rule not in seen:
                seen.add(f.rule)
                explained = explain_markdown(f.rule)
                if explained:
                    parts.append(explained)
        starts = line_starts(analysis.text)
        first = min(hits, key=lambda f: f.start)
        last = max(hits, key=lambda f: f.end)
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n".join(parts)),
                           range=types.Range(start=ls.offset_position(analysis.text, starts, first.start),
                                             end=ls.offset_position(analysis.text, starts, last.end)))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]))
    def code_action(ls: ReviewerServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        analysis = current(ls, uri)
        if analysis is None or analysis.problem or analysis.doc is None:
            return None
        text, doc = analysis.text, analysis.doc
        starts = line_starts(text)
        lines = split_lines(text)
        start = ls.to_offset(text, params.range.start)
        end = ls.to_offset(text, params.range.end)
        only = params.context.only

        def edit(edits: list[tuple[int, int, str]]) -> types.WorkspaceEdit:
            return types.WorkspaceEdit(changes={uri: [types.TextEdit(
                range=types.Range(start=ls.offset_position(text, starts, a), end=ls.offset_position(text, starts, b)),
                new_text=new) for a, b, new in edits]})

        def at_line(line: int, character: int, new: str) -> types.WorkspaceEdit:
            position = ls.position(lines, line + 1, character + 1)
            return types.WorkspaceEdit(changes={uri: [types.TextEdit(range=types.Range(start=position, end=position),
                                                                     new_text=new)]})

        actions: list[types.CodeAction] = []
        wanted = lambda kind: not only or any(kind == k or kind.startswith(k + ".") for k in only)  # noqa: E731
        if wanted(types.CodeActionKind.QuickFix):
            rules_done: set[tuple[str, int]] = set()
            for f in analysis.findings:
                if not overlaps(f, start, end):
                    continue
                diagnostic = ls.diagnostic(f, lines)
                if f.fix is not None:
                    replacement = f.fix.replacement
                    old = text[f.fix.start:f.fix.end]
                    title = (f"Replace '{old}' with '{replacement}'" if old and replacement else
                             f"Remove '{old}'" if old else f"Insert '{replacement}'")
                    actions.append(types.CodeAction(title=f"{title} ({f.rule})", kind=types.CodeActionKind.QuickFix,
                                                    diagnostics=[diagnostic], is_preferred=True,
                                                    edit=edit([(f.fix.start, f.fix.end, replacement)])))
                if f.rule == "spelling.unknown":
                    accept = accept_file(analysis.linter)
                    word = text[f.start:f.end]
                    if accept is not None and word:
                        actions.append(types.CodeAction(
                            title=f"Add '{word}' to the accept list ({accept.name})", kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diagnostic],
                            command=types.Command(title="Add to the accept list", command=ACCEPT_WORD_COMMAND,
                                                  arguments=[str(accept), word])))
                if (f.rule, f.line) in rules_done:
                    continue
                rules_done.add((f.rule, f.line))
                if f.start >= doc.front_matter_end:
                    line, character, new = comment_edit(doc, f, f.rule)
                    actions.append(types.CodeAction(title=f"Disable {f.rule} for this line",
                                                    kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                                                    edit=at_line(line, character, new)))
                line, character, new = file_comment_edit(doc, f.rule)
                actions.append(types.CodeAction(title=f"Disable {f.rule} for this file",
                                                kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                                                edit=at_line(line, character, new)))
        if only and wanted(types.CodeActionKind.SourceFixAll + ".reviewer"):
            from reviewer.lint.fixer import apply_fixes

            _new, applied, _skipped = apply_fixes(text, [f.fix for f in analysis.findings if f.fix is not None])
            if applied:
                actions.append(types.CodeAction(title="Fix all reviewer problems that have a safe fix",
                                                kind=types.CodeActionKind.SourceFixAll + ".reviewer",
                                                edit=edit([(x.start, x.end, x.replacement) for x in applied])))
        return actions

    @server.command(ACCEPT_WORD_COMMAND)
    def accept_word(ls, *arguments):  # no annotations: pygls reads them to convert the arguments
        if len(arguments) != 2:
            return
        path, word = Path(str(arguments[0])), str(arguments[1]).strip()
        if not word or "\n" in word:
            return
        try:
            existing = path.read_text(encoding="utf-8") if path.exists() else ""
            from reviewer.lint.checks.spelling import parse_accept_list

            if word.lower() not in {w.lower() for w in parse_accept_list(existing)}:
                with path.open("a", encoding="utf-8") as handle:
                    handle.write(("" if not existing or existing.endswith("\n") else "\n") + word + "\n")
        except OSError as exc:
            ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Error,
                                                           message=f"reviewer: cannot write {path}: {exc}"))
            return
        ls.refresh_all()

    return server


def accept_file(linter) -> Path | None:
    """The accept list spelling.unknown reads, when the config names one."""
    if linter is None:
        return None
    for r, _severity, options in linter.rules:
        if r.id == "spelling.unknown":
            value = str(options.get("accept_file") or "")
            return (Path(linter.settings.config.root) / value) if value else None
    return None


@click.command("server")
@click.option("--stdio", is_flag=True, help="Talk LSP over standard input and output (the default and only "
                                            "transport; accepted for clients that pass it).")
@click.option("--as-of", "as_of", metavar="DATE", help="The date rules treat as today (YYYY-MM-DD) [default: today].")
@click.option("--debounce", type=click.FloatRange(min=0), default=DEBOUNCE_SECONDS, show_default=True,
              help="Seconds to wait after a change before linting again.")
def server_command(stdio: bool, as_of: str | None, debounce: float) -> None:
    """Run the editor server: findings, fixes and explanations while you type (LSP over stdio).

    Needs the server extra: pip install 'reviewer[server]'.
    """
    from reviewer.cli import UsageProblem, parse_as_of

    day = parse_as_of(as_of) if as_of else None
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        raise UsageProblem("reviewer server needs the server extra: pip install 'reviewer[server]'") from None
    create_server(day, debounce).start_io()
