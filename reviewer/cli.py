"""The command line: `reviewer lint | rules | explain | grade | terms | report | signoff | init`.

Exit codes, set in one place: 0 nothing at or above --fail-on; 1 something is;
2 usage, configuration or I/O error (a one-line message, never a traceback).
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import click

from reviewer import __version__
from reviewer.config import FAIL_ON_CHOICES, Config, ConfigError, load_config

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageProblem(click.ClickException):
    """A usage, configuration or I/O problem: printed on one line, exit 2."""

    exit_code = EXIT_ERROR

    def show(self, file=None) -> None:  # noqa: D102
        click.echo(f"reviewer: error: {self.format_message()}", err=True)


def parse_as_of(value: str | None, option: str = "--as-of") -> date:
    """`--as-of YYYY-MM-DD` (or another date option), default today."""
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageProblem(f"{option} {value!r} is not a date like 2026-11-25") from None


def load_run_config(config_path: str | None) -> Config:
    try:
        return load_config(Path(config_path) if config_path else None, Path.cwd())
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from None


def split_patterns(values: Sequence[str]) -> tuple[str, ...]:
    """`--select a,b --select c` -> ("a", "b", "c")."""
    return tuple(p.strip() for value in values for p in value.split(",") if p.strip())


def write_output(text: str | Iterable[str], output: str | None, before_write=None) -> None:
    """Print, or write atomically to --output: a text, or its pieces as a formatter yields them.
    `before_write` is called before each piece is printed (to erase a progress line)."""
    pieces = [text] if isinstance(text, str) else _batched(text)
    if not output:
        for piece in pieces:
            if before_write is not None:
                before_write()
            click.echo(piece, nl=False)
        return
    from reviewer.fileio import write_atomic

    try:
        write_atomic(Path(output), (piece.encode("utf-8") for piece in pieces))
    except OSError as exc:
        raise UsageProblem(f"cannot write {output}: {exc.strerror or exc}") from None


def refuse_output_over_input(output: str | None, files: Sequence[tuple[Path, str]]) -> None:
    """--output naming one of the files being read would overwrite an article with a report: refuse."""
    if not output:
        return
    from reviewer.paths import real_path

    target = real_path(output)
    clash = next((display for path, display in files if real_path(path) == target), None)
    if clash is not None:
        raise UsageProblem(f"--output {output} is {clash}, one of the articles being read; "
                           "write the output to another file")


def _batched(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[str]:
    """Join small pieces into writes of about `size` characters."""
    batch: list[str] = []
    length = 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(batch)
            batch, length = [], 0
    if batch:
        yield "".join(batch)


def use_color(no_color: bool, output: str | None) -> bool:
    if no_color or output or "NO_COLOR" in os.environ:
        return False
    return sys.stdout.isatty()


_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())  # click 8.2 and later


class LazyGroup(click.Group):
    """A group whose heavier commands are imported only when they run (or when --help lists them).

    `reviewer lint` is what editors and pre-commit run most: it should not pay for importing
    the report, review-date, grade and terms modules.
    """

    lazy_commands = {"grade": "reviewer.lint.grade:grade_command", "terms": "reviewer.lint.terms:terms_command",
                     "report": "reviewer.review.report:report_command", "signoff": "reviewer.review.report:signoff_command",
                     "score": "reviewer.lint.score:score_command",
                     "init": "reviewer.init:init_command", "server": "reviewer.server:server_command"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Click's main, but a usage error is one `reviewer: error:` line (exit 2), not three lines of usage."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except _NO_ARGS_IS_HELP as exc:  # `reviewer` alone: the help, as click prints it
            exc.show()
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            where = " ".join(["reviewer", *(exc.ctx.command_path.split()[1:] if exc.ctx is not None else ())])
            click.echo(f"reviewer: error: {exc.format_message()} (see `{where} --help`)", err=True)
            sys.exit(EXIT_ERROR)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("reviewer: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else EXIT_OK)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            import importlib

            module, _, attribute = self.lazy_commands[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="reviewer")
def cli() -> None:
    """Keep patient-facing health articles correct, readable and reviewed on time."""


@cli.command("lint")
@click.argument("paths", nargs=-1)
@click.option("--format", "output_format", type=click.Choice(["text", "json", "sarif", "github"]), default="text",
              show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE instead of stdout.")
@click.option("--select", multiple=True, help="Only these rules (ids or family prefixes, comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules (ids or family prefixes), besides the config's.")
@click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES), default=None,
              help="Exit 1 when a finding is at or above this severity [default: error, or the config's fail_on].")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes [default: all cores].")
@click.option("--quiet", "-q", is_flag=True, help="Print only the findings: no summary, no notes.")
@click.option("--no-color", is_flag=True, help="No colours (also when NO_COLOR is set).")
@click.option("--statistics", is_flag=True, help="Count findings per rule.")
@click.option("--as-of", "as_of", metavar="DATE", help="The date rules treat as today (YYYY-MM-DD) [default: today].")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file.")
@click.option("--no-cache", is_flag=True, help="Lint every file afresh; neither read nor write the lint cache.")
@click.option("--force-exclude", is_flag=True,
              help="Apply include/exclude globs to files named on the command line too (for pre-commit).")
@click.option("--changed-since", metavar="REF",
              help="Lint only articles changed since REF (its merge base with HEAD) in the working tree.")
@click.option("--changed-lines", is_flag=True, help="With --changed-since: keep only findings on changed lines.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes findings carry, then report what is left.")
@click.option("--diff", "diff_only", is_flag=True, help="With --fix: print a unified diff and write nothing.")
def lint_command(paths, output_format, output, select, ignore, fail_on, jobs, quiet, no_color, statistics, as_of,
                 config_path, no_cache, force_exclude, changed_since, changed_lines, fix, diff_only) -> None:
    """Lint articles for health-literacy and accuracy problems.

    PATHS are files or folders; by default the Markdown and text files under the
    working directory (the config's include/exclude globs apply; git-ignored files are skipped).
    """
    from reviewer.lint.discover import discover
    from reviewer.lint.engine import LintSettings, default_jobs, lint_files
    from reviewer.lint.formatters import RenderOptions, Tally, report_format
    from reviewer.lint.registry import is_known_pattern, rules_by_id
    from reviewer.lint.rulepack import PackError
    from reviewer.progress import Progress
    from reviewer.progress import wanted as progress_wanted

    if diff_only and not fix:
        raise UsageProblem("--diff works only with --fix: reviewer lint --fix --diff")
    if changed_lines and not changed_since:
        raise UsageProblem("--changed-lines works only with --changed-since REF")
    config = load_run_config(config_path)
    selected, ignored = split_patterns(select), split_patterns(ignore)
    for option, patterns in (("--select", selected), ("--ignore", ignored)):
        for pattern in patterns:
            if not is_known_pattern(pattern):
                raise UsageProblem(f"{option} {pattern!r} matches no rule; run `reviewer rules` for the list")
    settings = LintSettings(config, parse_as_of(as_of), selected or None, ignored)
    cwd = Path.cwd()
    found = discover(paths, config, cwd, cache_dir=config.cache_dir, force_exclude=force_exclude)
    refuse_output_over_input(output, found.files)
    for problem in found.problems():
        click.echo(f"reviewer: error: {problem}", err=True)
    lines_changed = None
    if changed_since:
        found.files, lines_changed = only_changed(found.files, cwd, changed_since, changed_lines)
    write_failed = False
    cache = None
    tally = Tally(len(found.files))
    progress = Progress(0, enabled=False)  # a live one for linting; --fix runs without
    pieces = None  # each file's findings rendered as one piece (which the lint cache keeps), in run order
    try:
        options = RenderOptions(color=use_color(no_color, output), statistics=statistics, quiet=quiet,
                                rules=rules_by_id() if output_format == "sarif" else None,  # only SARIF lists them
                                version=__version__, root_uri=cwd.resolve().as_uri() + "/")
        report = report_format(output_format)
        if fix:
            fixed, diff, write_failed = apply_fixes(found.files, settings, write=not diff_only, quiet=quiet)
            if diff_only:
                write_output(diff, output)
                sys.exit(EXIT_ERROR if found.missing else EXIT_FINDINGS if diff else EXIT_OK)
            findings = iter(fixed)
        else:
            cache = None if no_cache else open_cache(settings)
            whole_files = lines_changed is None  # --changed-lines keeps only some of a file's findings
            results = lint_files(found.files, settings, jobs or default_jobs(), cache,
                                 report.file_renderer(options) if whole_files else None)
            progress = Progress(len(found.files), enabled=progress_wanted(output_format, output, quiet))
            if whole_files:
                pieces = (result.rendered for result in tally.read_counted(progress.track(results)))
            else:
                findings = (f for result in tally.read(progress.track(results)) for f in result.findings)
        if lines_changed is not None:
            findings = (f for f in findings if lines_changed.get(f.path, set()) & set(range(f.line, f.end_line + 1)))
        # findings stream from the workers through the formatter to the output: none is held for the whole run
        text = report.render(pieces, tally, options) if pieces is not None else \
            report.render_findings(tally.counted(findings), tally, options)
        write_output(text, output, progress.clear)
    except PackError as exc:
        raise UsageProblem(str(exc)) from None
    if cache is not None:
        for warning in (cache.warning, cache.save()):
            if warning:
                click.echo(f"reviewer: warning: {warning}", err=True)
    if found.missing or write_failed:
        sys.exit(EXIT_ERROR)
    sys.exit(exit_code(tally.worst(), fail_on or config.fail_on))


def apply_fixes(files, settings, *, write: bool, quiet: bool):
    """`--fix`: fix each file in turn (one process, no cache); (findings left, diff, a write failed)."""
    from reviewer.lint.engine import Linter
    from reviewer.lint.fixer import CHANGED_ON_DISK, FIXED, READ_ONLY, WRITE_FAILED, bytes_linter, fix_file

    linter = Linter(settings)
    findings, diffs, write_failed = [], [], False
    for path, display in files:
        outcome = fix_file(path, display, bytes_linter(linter, path, display), write=write)
        findings.extend(outcome.findings)
        diffs.append(outcome.diff)
        if outcome.status in (READ_ONLY, CHANGED_ON_DISK, WRITE_FAILED):
            click.echo(f"reviewer: warning: {display}: {outcome.message}", err=True)
            write_failed |= outcome.status == WRITE_FAILED
        elif outcome.status == FIXED and not quiet:
            click.echo(f"{display}: {outcome.message}", err=True)
    return findings, "".join(diffs), write_failed


def only_changed(files, cwd: Path, ref: str, by_line: bool):
    """Pull-request mode: the files changed since REF and, with `by_line`, their changed lines by display path."""
    from reviewer.git import GitError, changed_files, changed_lines

    try:
        changed = {p.resolve() for p in changed_files(cwd, ref)}
        kept = [(path, display) for path, display in files if path.resolve() in changed]
        if not by_line:
            return kept, None
        lines = changed_lines(cwd, ref, [path for path, _ in kept])
    except GitError as exc:
        raise UsageProblem(f"--changed-since {ref}: {exc}") from None
    return kept, {display: lines.get(path, set()) for path, display in kept}


def open_cache(settings):
    """The lint cache in the config's cache_dir (relative to the config's folder)."""
    from reviewer.lint.cache import LintCache
    from reviewer.lint.engine import run_fingerprint
    from reviewer.lint.rulepack import Packs

    config = settings.config
    return LintCache(config.root / config.cache_dir, run_fingerprint(settings, Packs(config.rule_packs)))


def exit_code(worst, fail_on: str) -> int:
    """1 when the worst severity found (None: nothing found) is at or above `fail_on` ("never": never), else 0."""
    if fail_on == "never" or worst is None:
        return EXIT_OK
    from reviewer.lint.finding import Severity

    return EXIT_FINDINGS if worst.rank >= Severity(fail_on).rank else EXIT_OK


@cli.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(output_format: str) -> None:
    """List every rule: id, default severity and summary."""
    import json

    from reviewer.lint.registry import builtin_rules

    rules = builtin_rules()
    if output_format == "json":
        data = [{"id": r.id, "severity": r.severity.value, "summary": r.summary, "options": dict(r.options),
                 "opt_in": r.opt_in} for r in rules]
        click.echo(json.dumps({"version": 1, "rules": data}, indent=2, ensure_ascii=False))
        return
    width = max(len(r.id) for r in rules)
    for r in rules:
        click.echo(f"{r.id.ljust(width)}  {r.severity.value:<10}  {r.summary}" + (" (opt-in)" if r.opt_in else ""))


@cli.command("explain")
@click.argument("rule_id")
def explain_command(rule_id: str) -> None:
    """Explain a rule: what it finds, why, its options and an example."""
    from reviewer.lint.registry import rules_by_id

    rules = rules_by_id()
    rule = rules.get(rule_id)
    if rule is None:
        close = [r for r in rules if r.startswith(rule_id.split(".")[0])]
        hint = f"; rules in that family: {', '.join(close)}" if close else "; run `reviewer rules` for the list"
        raise UsageProblem(f"unknown rule {rule_id!r}{hint}")
    click.echo(explain_text(rule), nl=False)


def explain_text(rule) -> str:
    """What `reviewer explain RULE` prints (the editor server's hover shows it too)."""
    opt_in = (", opt-in: runs only when selected by its id or family, given a severity in the config, "
              "or enabled by an article") if rule.opt_in else ""
    out = [f"{rule.id} ({rule.severity.value}{opt_in})\n\n", rule.doc, "\n"]
    if rule.options:
        out.append("\nOptions (set in [tool.reviewer.rules.\"" + rule.id + "\"]):\n")
        for name, default in rule.options.items():
            shown = list(default) if isinstance(default, tuple) else default
            allowed = rule.choices.get(name)
            out.append(f"  {name} = {shown!r}" + (f"  (one of: {', '.join(map(str, allowed))})" if allowed else "")
                       + "\n")
    if rule.example:
        out.append("\nExample that fires:\n\n")
        out.append("".join(f"    {line}\n" for line in rule.example.splitlines()))
    return "".join(out)


def _silence_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush of what could not be
    written does not print a second error at exit."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main() -> None:
    """Console entry point: run the CLI; an unexpected error is one line, not a traceback."""
    try:
        cli.main(prog_name="reviewer", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("reviewer: interrupted", err=True)
        sys.exit(130)
    except OSError as exc:  # an I/O error (writing the output to a full disk, say): one line, exit 2
        _silence_stdout()
        where = f"{exc.filename}" if exc.filename else "cannot write the output"
        click.echo(f"reviewer: error: {where}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # a bug: say so in one line; REVIEWER_DEBUG=1 shows the traceback
        if os.environ.get("REVIEWER_DEBUG"):
            traceback.print_exc()
        click.echo(f"reviewer: internal error: {type(exc).__name__}: {exc} "
                   "(set REVIEWER_DEBUG=1 for details; please report it)", err=True)
        sys.exit(EXIT_ERROR)
