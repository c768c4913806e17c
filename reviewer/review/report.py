"""`reviewer report` and `reviewer signoff`: the review-tracking commands.

This module only gathers inputs and hands them on: articles are read with the engine's reader,
git is asked through `reviewer.git` (one log pass, one blob batch), rows are decided by
`reviewer.review.rows` and printed by `reviewer.review.reports`. Exit codes: 0 fine, 1 --fail-on reached,
2 usage, configuration, I/O or git error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from dataclasses import replace
from datetime import date, datetime, timezone, tzinfo
from pathlib import Path

import click

from reviewer.review.reports import FORMATS
from reviewer.review.rows import FAIL_ON, SORT_KEYS, STATUSES, Article, ReviewRow

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


def _cli():
    """The CLI's shared helpers (imported late: the CLI module imports this one)."""
    import reviewer.cli as cli

    return cli


def _warn(message: str, kind: str = "warning") -> None:
    click.echo(f"reviewer: {kind}: {message}", err=True)


def parse_timezone(name: str) -> tuple[tzinfo, str]:
    """`--timezone`: UTC (default), `local`, or an IANA name such as Europe/London."""
    if name.upper() == "UTC":
        return timezone.utc, "UTC"
    if name == "local":
        from reviewer.localtime import LocalTime

        return LocalTime(), LocalTime.label()
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name), name
    except (ZoneInfoNotFoundError, ValueError):
        raise _cli().UsageProblem(f"--timezone {name!r} is not a time zone; use UTC, local or a name "
                                  "such as Europe/London") from None


def _split(values, allowed, option: str) -> tuple[str, ...]:
    items = tuple(v.strip() for value in values for v in value.split(",") if v.strip())
    if allowed is not None:
        for item in items:
            if item not in allowed:
                raise _cli().UsageProblem(f"{option} {item!r} is not one of {', '.join(allowed)}")
    return items


# --------------------------------------------------------------------------- report

HISTORY_INDEX_FILE = "history-index.json"  # in the config's cache_dir, beside the lint cache
REPORT_CACHE_FILE = "review-cache.json"  # articles and verdicts by blob id (reviewer.review.cache)


@click.command("report")
@click.argument("paths", nargs=-1)
@click.option("--as-of", "as_of", metavar="DATE", help="The date treated as today (YYYY-MM-DD) [default: today].")
@click.option("--due-within", type=click.IntRange(min=0), metavar="DAYS",
              help="Days before the due date an article counts as due soon [default: review.due_within_days, 30].")
@click.option("--status", "statuses", multiple=True, metavar="STATUS",
              help=f"Only articles with this status ({', '.join(STATUSES)}); repeat or comma-separate.")
@click.option("--owner", "owners", multiple=True, metavar="OWNER",
              help="Only articles of this owner (front matter or CODEOWNERS; 'none' for unowned).")
@click.option("--sort", type=click.Choice(SORT_KEYS), default="status", show_default=True,
              help="Row order; status puts the worst first.")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE (atomically).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="never", show_default=True,
              help="Exit 1 when an article is at or past this status (error and never reviewed count as overdue).")
@click.option("--require-full-history", is_flag=True,
              help="Exit 2 unless full git history is available (not a shallow clone).")
@click.option("--timezone", "tz_name", default="UTC", show_default=True, metavar="ZONE",
              help="Time zone for dates from git and for today: UTC, local, or a name such as Europe/London.")
@click.option("--no-color", is_flag=True, help="No colours in the table.")
@click.option("--no-cache", is_flag=True,
              help="Walk the whole git history and read every article; neither read nor write the history "
                   "index and the report cache.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file.")
def report_command(paths, as_of, due_within, statuses, owners, sort, output_format, output, fail_on,
                   require_full_history, tz_name, no_color, no_cache, config_path) -> None:
    """Report when each article was reviewed and when it is due again.

    PATHS are files or folders (default: the working directory). Review dates come from each
    article (front matter or review lines); git history adds who changed it last, when, and
    whether its text changed since the review. Owners come from front matter, else CODEOWNERS.
    """
    cli = _cli()
    from reviewer.lint.discover import discover
    from reviewer.review.reports import render

    config = cli.load_run_config(config_path)
    statuses = _split(statuses, STATUSES, "--status")
    owners = _split(owners, None, "--owner")
    tz, tz_label = parse_timezone(tz_name)
    today = cli.parse_as_of(as_of) if as_of else datetime.now(tz).date()
    cwd = Path.cwd()
    from reviewer.git import remembering_repositories

    with remembering_repositories(), _few_collections():  # discovery and history ask git once
        found = discover(paths, config, cwd, cache_dir=config.cache_dir)
        cli.refuse_output_over_input(output, found.files)
        for problem in found.problems():
            click.echo(f"reviewer: error: {problem}", err=True)
        index_file = None if no_cache else config.root / config.cache_dir / HISTORY_INDEX_FILE
        report = build_report(found.files, config, today, due_within, tz, tz_label, statuses, owners, sort,
                              require_full_history, start=found.files[0][0] if found.files else cwd,
                              index_file=index_file,
                              cache_file=None if no_cache else config.root / config.cache_dir / REPORT_CACHE_FILE)
    text = render(report, output_format, color=cli.use_color(no_color, output))
    if output and Path(output).exists() and not Path(output).is_file():
        _write_special(output, text)  # /dev/null, /dev/stdout, a FIFO: renaming over it would replace it
    else:
        cli.write_output(text, output)
    if found.missing:
        sys.exit(EXIT_ERROR)
    from reviewer.review.rows import fails

    sys.exit(EXIT_FAIL if fails(report.rows, fail_on) else EXIT_OK)


@contextlib.contextmanager
def _few_collections():
    """A report builds hundreds of thousands of small objects that live to its end (changes, articles, rows)
    and almost no reference cycles; Python's cycle collector, run every 700 allocations, kept walking them
    (about a tenth of a cold report's CPU on 10,000 articles). The objects from before are frozen out of its
    view and it runs less often while the report is built; both are restored after."""
    import gc

    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _write_special(output: str, text: str) -> None:
    try:
        with open(output, "w", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as exc:
        raise _cli().UsageProblem(f"cannot write {output}: {exc.strerror or exc}") from None


def build_report(files, config, as_of: date, due_within: int | None, tz: tzinfo, tz_label: str,
                 statuses=(), owners=(), sort: str = "status", require_full_history: bool = False, *,
                 start: Path, index_file: Path | None = None, cache_file: Path | None = None):
    """Read the articles, ask git once, decide the rows: the report, ready to render."""
    from reviewer import git
    from reviewer.review.cache import CachedVersions, ReportCache
    from reviewer.review.codeowners import CodeOwners, load_codeowners
    from reviewer.review.dates import default_interval
    from reviewer.review.rows import (
        HistoryState,
        build_row,
        filter_rows,
        make_report,
        sort_rows,
    )

    settings = config.review
    interval = default_interval(settings)
    due_within = settings.due_within_days if due_within is None else due_within
    notes: list[str] = []
    repository = history = None
    try:
        repository = git.find_repository(start)
        state = HistoryState(available=True, complete=not repository.shallow)
    except git.BrokenRepository as exc:  # a report from a damaged repository would call every article untracked
        raise _cli().UsageProblem(str(exc)) from None
    except git.GitNotFound as exc:
        state = HistoryState(available=False, complete=False, in_repository=True)
        notes.append(f"{exc}: last_changed and changed_since_review are unknown; the report uses the articles' "
                     "own dates")
    except git.NotARepository:
        state = HistoryState(available=False, complete=False, in_repository=False)
        notes.append(f"{start if start.is_dir() else start.parent} is not in a git repository: last_changed and "
                     "changed_since_review are unknown; the report uses the articles' own dates")
    except git.GitError as exc:
        state = HistoryState(available=False, complete=False, in_repository=True)
        notes.append(f"{exc}; the report uses the articles' own dates")
    if require_full_history and not (state.available and state.complete):
        reason = notes[0] if notes else git.SHALLOW_WARNING
        raise _cli().UsageProblem("--require-full-history: " + reason)
    def history_failed(exc: git.GitError) -> HistoryState:
        """git could not walk the history (a missing object, say): exit 2 when full history was required,
        else say once, plainly, what the report cannot know."""
        if require_full_history:
            raise _cli().UsageProblem(f"--require-full-history: git could not read the history ({exc}); "
                                      "run `git fsck` to find what is damaged or missing")
        notes.append(f"history is incomplete: {exc}. last_changed and changed_since_review are unknown for "
                     "every article, and the report uses the articles' own dates (run `git fsck` to find what "
                     "is damaged or missing)")
        return HistoryState(available=False, complete=False, in_repository=True)

    pending = None

    def start_history() -> None:
        nonlocal pending, state
        try:
            pending = git.start_history([path for path, _ in files], repository, settings.ignore_revs_file,
                                        index_file, settings.follow_copies)
        except git.GitError as exc:
            state = history_failed(exc)

    cache = ReportCache(cache_file, settings, repository.object_format if repository is not None else "sha1")
    snapshot_key = _snapshot_key(repository, settings, tz_label) if (
        repository is not None and state.available and state.complete and cache.path is not None) else None
    snapshot = cache.history_snapshot(snapshot_key) if snapshot_key is not None else None
    if repository is not None and snapshot is None:
        start_history()  # git walks its history in its own process while the articles are read here
    articles = [_read_article(path, display, repository, settings, cache) for path, display in files]
    blobs: dict[str, bytes] = {}
    where = {display: path for path, display in files}

    def current_text(article: Article) -> str | None:
        """An article's text, read only when a verdict needs its body and the cache held no digest."""
        from reviewer.document.decode import read_bytes

        raw = read_bytes(where[article.path], article.path) if article.path in where else None
        return raw.decode("utf-8", "replace").removeprefix("\ufeff") if isinstance(raw, bytes) else None

    versions = CachedVersions(blobs, settings, interval, cache, tz_label, current_text)
    known = None  # {article path: HistoryFacts} when the last report at this HEAD answers for every article
    if snapshot is not None:
        facts_by_path, snapshot_warnings = snapshot
        known = {}
        for article in articles:
            if article.repo_path is None:
                continue
            found = facts_by_path.get(article.repo_path)
            if found is None or not versions.verdict_known(article, found, True):
                known = None  # an article new or changed since: history is read as usual
                break
            known[article.repo_path] = found
        if known is None:
            start_history()
        else:
            notes += snapshot_warnings
            for note in git.head_notes(repository):
                _warn(note, "note")
    if pending is not None:
        try:
            history = pending.result()
            notes += history.warnings
            for note in history.notes:
                _warn(note, "note")
        except git.GitError as exc:
            state = history_failed(exc)
    for note in notes:
        _warn(note)
    histories = history.files if history is not None else known if known is not None else {}
    if repository is not None and history is not None:
        try:
            blobs.update(git.read_blobs(repository, versions.needed(articles, histories, tz, state.complete)))
        except git.GitError as exc:
            _warn(f"{exc}; changed_since_review is unknown where the text differs from the reviewed version")
    owners_root = repository.root if repository is not None else git.work_tree_root(start)
    owners_file = load_codeowners(owners_root) if owners_root is not None else CodeOwners()
    if repository is None and owners_root is not None:  # a work tree but no usable git: CODEOWNERS still applies
        where = git.Repository(owners_root, None, None, False)
        articles = [replace(a, repo_path=where.relative(path)) for a, (path, _) in zip(articles, files)]

    def row_of(article: Article) -> ReviewRow:
        try:
            return build_row(article, histories.get(article.repo_path) if article.repo_path else None, state,
                             as_of=as_of, due_within=due_within, interval=interval, tz=tz,
                             owner_of=owners_file.owner_of, versions=versions)
        except Exception as exc:  # noqa: BLE001: one article failing must not sink the report
            if os.environ.get("REVIEWER_DEBUG"):
                raise
            return ReviewRow(article.path, article.title, "error", notes=(_failure(exc),))

    rows = [row_of(a) for a in articles]
    if history is not None and snapshot_key is not None and state.available and \
            all(w == git.RENAME_LIMIT_WARNING for w in history.warnings):  # nothing passing (a git error) kept
        from reviewer.review.rows import history_facts

        cache.remember_histories(snapshot_key, {path: history_facts(h) for path, h in history.files.items()},
                                 history.warnings)
    problem = cache.save()
    if problem:
        _warn(problem, "note")
    untracked = [r.path for r in rows if "untracked" in r.flags]
    if untracked and state.in_repository and state.available:
        shown = ", ".join(untracked[:5]) + (f" and {len(untracked) - 5} more" if len(untracked) > 5 else "")
        notes.append(f"{len(untracked)} article{'s have' if len(untracked) > 1 else ' has'} no committed history "
                     f"(untracked): {shown}")
        _warn(notes[-1], "note")
    rows = sort_rows(filter_rows(rows, statuses, owners), sort)
    return make_report(rows, as_of=as_of, due_within=due_within, timezone=tz_label,
                       head=repository.head if repository else None,
                       shallow=repository.shallow if repository else None, notes=notes)


def _snapshot_key(repository, settings, tz_label: str) -> list | None:
    """What the history a report takes from git depends on besides the articles: HEAD, the time zone of the
    cached verdicts and the commits the ignore-revs file lists (None: no snapshot, e.g. an unreadable file)."""
    import hashlib

    from reviewer import git

    if repository.head is None or repository.shallow:
        return None
    revs, problems = git.read_ignore_revs(repository, settings.ignore_revs_file)
    if problems:
        return None
    return [repository.head, tz_label, hashlib.sha1(" ".join(sorted(revs)).encode()).hexdigest()]


def _failure(exc: Exception) -> str:
    return f"reviewer failed on this article ({type(exc).__name__}: {exc}); please report it with this file"


def _read_article(path: Path, display: str, repository, settings, cache=None):
    """The article at `path` as the report needs it; a file that cannot be read is an article with a problem."""
    repo_path = repository.relative(path) if repository is not None else None
    try:
        return _read_readable_article(path, display, repo_path, repository, settings, cache)
    except Exception as exc:  # noqa: BLE001: one article failing must not sink the report
        if os.environ.get("REVIEWER_DEBUG"):
            raise
        _warn(f"{display}: {_failure(exc)}")
        return Article(display, repo_path, problem=_failure(exc))


def _read_readable_article(path: Path, display: str, repo_path, repository, settings, cache=None):
    from reviewer.fileio import stat_key

    state = None
    if cache is not None and cache.path is not None:
        state = stat_key(path)
        blob = cache.blob_of(display, state) if state is not None else None
        known = cache.article(blob) if blob is not None else None
        if known is not None:  # unchanged since the last report: not even read (see CachedVersions.digest)
            title, facts, problem, digest, line = known
            return Article(display, repo_path, title, None, "", blob, problem, line, digest, facts)
    from reviewer.document.decode import read_bytes  # not on the path above: 5 us an article
    from reviewer.document.reviewinfo import read_review_source
    from reviewer.git import blob_id
    from reviewer.lint.finding import Finding
    from reviewer.review.dates import default_interval, read_review_metadata
    from reviewer.review.rows import review_facts, review_line_of

    raw = read_bytes(path, display)
    if isinstance(raw, Finding):
        _warn(f"{display}: {raw.message}")
        return Article(display, repo_path, problem=raw.message)
    blob = blob_id(raw, repository.object_format if repository is not None else "sha1")
    if state is not None:
        cache.remember_file(display, state, blob)
    known = cache.article(blob) if cache is not None else None
    if known is not None:  # the same bytes as at the last report: nothing to parse
        title, facts, problem, digest, line = known
        source = "" if digest is not None else raw.decode("utf-8", "replace").removeprefix("\ufeff")
        return Article(display, repo_path, title, None, source, blob, problem, line, digest, facts)
    doc = read_review_source(raw, display, path)  # front matter and review lines only: no prose model
    if isinstance(doc, Finding):
        _warn(f"{display}: {doc.message}")
        return Article(display, repo_path, problem=doc.message)
    problem = next((f"front matter line {p.line}: {p.message}" for p in doc.problems
                    if p.rule == "document.front-matter"), None)
    metadata = read_review_metadata(doc, settings)
    facts = review_facts(metadata, default_interval(settings))
    line = review_line_of(doc.source, facts)
    title = article_title(doc)
    if cache is not None:
        cache.remember(blob, title, facts, problem, line)
    return Article(display, repo_path, title, metadata, doc.source, blob, problem, line, facts=facts)


def read_metadata_document(path: Path, display: str):
    """(Document with front matter but no prose blocks, the file's bytes), or (Finding, b"") when unreadable.

    A report needs only front matter and review lines, so the Markdown parse (most of the time of
    reading an article) is skipped.
    """
    from reviewer.document.decode import decode_document, read_bytes
    from reviewer.lint.finding import Finding

    raw = read_bytes(path, display)
    if isinstance(raw, Finding):
        return raw, b""
    return decode_document(raw, display, path, prose=False), raw


_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.M)


def article_title(doc) -> str:
    """The front matter title, else the first Markdown heading, else (plain text) the first line."""
    title = doc.front_matter.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    body = doc.source[doc.front_matter_end:]
    match = _ATX_HEADING.search(body)
    if match and doc.kind == "markdown":
        return re.sub(r"[*_`]", "", match.group(1)).strip()
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    return first if doc.kind == "text" or doc.path.lower().endswith(".txt") else ""  # a .txt may hold Markdown


# --------------------------------------------------------------------------- signoff


@click.command("signoff")
@click.argument("article", type=click.Path(dir_okay=False))
@click.option("--by", "reviewer", required=True, metavar="NAME", help="Who reviewed the article.")
@click.option("--date", "when", metavar="DATE", help="The review date (YYYY-MM-DD) [default: today].")
@click.option("--commit", "make_commit", is_flag=True,
              help="Commit the article alone, with a `Reviewed-by: NAME` trailer.")
@click.option("--allow-dirty", is_flag=True, help="Sign off even though the article has uncommitted changes.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file.")
def signoff_command(article, reviewer, when, make_commit, allow_dirty, config_path) -> None:
    """Record a review of ARTICLE: set its review date and reviewer.

    The date is updated where the article keeps it (front matter key or in-body review line,
    in the same style; a written next review date moves by the review interval); front matter is
    added when the article has no review date. Every other byte stays as it was.
    """
    cli = _cli()
    from reviewer import git
    from reviewer.document.decode import decode_document
    from reviewer.fileio import hard_link_note, write_atomic
    from reviewer.lint.discover import not_an_article
    from reviewer.lint.finding import Finding
    from reviewer.review.dates import default_interval, read_review_metadata, schedule
    from reviewer.review.signoff import SignoffError, apply_edits, signoff_edits

    problem = cli.UsageProblem
    config = cli.load_run_config(config_path)
    settings = config.review
    name = " ".join(reviewer.split())
    if not name or any(ch in reviewer for ch in "\r\n"):
        raise problem("--by needs a name on one line, for example --by \"Dr Amina Okafor\"")
    day = cli.parse_as_of(when, "--date") if when else date.today()
    if day > date.today():
        raise problem(f"--date {day} is in the future; record a review when it has happened")
    path = Path(article)
    if not path.is_file():
        raise problem(f"{article}: no such file")
    reason = not_an_article(path, config)
    if reason:
        raise problem(f"{article} {reason}; signoff only writes articles")

    status = None
    try:
        status = git.file_status(path)
    except git.GitError as exc:
        if make_commit:
            raise problem(f"--commit: {exc}") from None
    if status is not None and not allow_dirty:
        what = {"untracked": "is not committed yet", "staged": "has staged changes"}.get(
            status, "has uncommitted changes")
        raise problem(f"{article} {what}; commit them first so the review covers what was reviewed, "
                      "or pass --allow-dirty")

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise problem(f"cannot read {article}: {exc.strerror or exc}") from None
    doc = decode_document(raw, article)
    if isinstance(doc, Finding):
        raise problem(f"{article}: {doc.message}")
    try:
        updated = apply_edits(doc.source, signoff_edits(doc, day, name, settings))
    except SignoffError as exc:
        raise problem(f"{article}: {exc}") from None
    check = decode_document((b"\xef\xbb\xbf" if doc.bom else b"") + updated.encode("utf-8"), article)
    metadata = read_review_metadata(check, settings) if not isinstance(check, Finding) else None
    plan = schedule(metadata, default_interval(settings)) if metadata else None
    if plan is None or plan.last_reviewed is None or plan.last_reviewed.end < day or metadata.reviewer != name:
        raise problem(f"{article}: could not record the review safely; the file is unchanged. Edit it by hand")
    links = hard_link_note(path)
    try:
        write_atomic(path, (b"\xef\xbb\xbf" if doc.bom else b"") + updated.encode("utf-8"))
    except OSError as exc:
        raise problem(f"cannot write {article}: {exc.strerror or exc}") from None
    where = "front matter" if any(e.place.in_front_matter for e in metadata.last_reviewed) else "review line"
    click.echo(f"{article}: reviewed {plan.last_reviewed} by {name} ({where}); next review due {plan.due}")
    if links:
        _warn(f"{article}: {links}")
    if make_commit:
        title = check.title or path.name
        message = f"Review {title}\n\nReviewed by {name} on {day.isoformat()}.\n\nReviewed-by: {name}\n"
        try:
            commit = git.commit_file(path, message)
        except git.GitError as exc:
            raise problem(str(exc)) from None
        click.echo(f"committed {commit[:12]}: {path.name} alone, with Reviewed-by: {name}")
