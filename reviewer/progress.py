"""A progress line for long lint runs on a terminal: `reviewer: 1,200/10,000 files, 3,456 findings`.

Drawn on standard error, and only when a person is watching: text output, standard error a terminal,
and the report going to the terminal or to an --output file (never when standard output is piped or
redirected, never for json, sarif or github output, never with --quiet). It appears only once a run has
taken about a second, is redrawn at most ten times a second, and is erased before any report text is
written and when the run ends, so the report itself is never mixed with it.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Callable, Iterable, Iterator, TextIO

DELAY_SECONDS = 1.0
INTERVAL_SECONDS = 0.1


def wanted(output_format: str, output: str | None, quiet: bool, stdout: TextIO | None = None,
           stderr: TextIO | None = None) -> bool:
    """True when a progress line should be drawn for this run."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    if output_format != "text" or quiet:
        return False
    return _isatty(stderr) and (bool(output) or _isatty(stdout))


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class Progress:
    """Counts lint results as they pass and keeps one status line up to date on `stream`."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool = True,
                 clock: Callable[[], float] = time.monotonic, delay: float = DELAY_SECONDS) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.clock = clock
        self.started = clock()
        self.delay = delay
        self.done = 0
        self.findings = 0
        self._shown = False
        self._drawn_at = float("-inf")

    def track(self, results: Iterable[Any]) -> Iterator[Any]:
        """Pass results (anything with `count`, the number of its findings) through, counting files and findings."""
        for result in results:
            self.done += 1
            self.findings += result.count
            self._maybe_draw()
            yield result
        self.clear()

    def line(self) -> str:
        noun = "finding" if self.findings == 1 else "findings"
        return f"reviewer: {self.done:,}/{self.total:,} files, {self.findings:,} {noun}"

    def _maybe_draw(self) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.started < self.delay or now - self._drawn_at < INTERVAL_SECONDS:
            return
        self._drawn_at = now
        self.stream.write("\r\x1b[K" + self.line())
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Erase the line (before report text is written, and at the end)."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
            self._drawn_at = float("-inf")  # drawn again at the next result, under the text just written
