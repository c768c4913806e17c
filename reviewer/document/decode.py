"""Bytes to Document: reading a file, its encoding and size, and what makes it unreadable as an article.

A file that cannot be an article (binary, UTF-16, invalid UTF-8, over the size limit, a pipe or a
folder) becomes a `document.unreadable` finding naming the problem, so the run goes on.
"""

from __future__ import annotations

import stat
from pathlib import Path

from reviewer.document import Document, parse
from reviewer.lint.finding import Finding, Severity

MAX_FILE_BYTES = 5 * 1024 * 1024


def read_bytes(path: Path, display: str) -> bytes | Finding:
    """A file's bytes, or a `document.unreadable` finding that says why they cannot be had."""

    def unreadable(message: str) -> Finding:
        return Finding(display, 1, 1, 1, 1, "document.unreadable", Severity.ERROR, message)

    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(info.st_mode):  # reading a named pipe would wait for a writer forever
            return unreadable("not a regular file (a named pipe, socket or device); not an article")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            return unreadable(f"file is {size / 1048576:.1f} MB, over the {MAX_FILE_BYTES // 1048576} MB limit "
                              "for an article; split it or exclude it")
        return path.read_bytes()
    except IsADirectoryError:
        return unreadable("is a directory, not a file")
    except OSError as exc:
        return unreadable(f"cannot read file: {exc.strerror or exc}")


def read_document(path: Path, display: str, *, prose: bool = True, syntax: str | None = None) -> Document | Finding:
    """Read and parse one file, or return a `document.unreadable` finding that says why not."""
    raw = read_bytes(path, display)
    return raw if isinstance(raw, Finding) else decode_document(raw, display, path, prose=prose, syntax=syntax)


def decode_document(raw: bytes, display: str, file: Path | None = None, *, prose: bool = True,
                    metadata: bool = True, syntax: str | None = None) -> Document | Finding:
    """Bytes -> Document (front matter only, with `prose=False`; front matter unread, with `metadata=False`);
    binary data and invalid UTF-8 become a `document.unreadable` finding. `syntax` is the one the config
    sets for the file ("markdown", "text"), or None or "auto" to decide by name and content."""

    def unreadable(message: str, line: int = 1) -> Finding:
        return Finding(display, line, 1, line, 1, "document.unreadable", Severity.ERROR, message)

    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return unreadable("file is UTF-16 encoded; save it as UTF-8")
    if b"\x00" in raw[:8192]:
        return unreadable("file looks binary (it contains NUL bytes); not an article")
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw[3:].decode("utf-8") if bom else raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return unreadable(f"invalid UTF-8 at byte {exc.start} (line {line}): "
                          f"byte 0x{raw[exc.start]:02x}; save the file as UTF-8", line)
    return parse(text, display, syntax, prose=prose, metadata=metadata, bom=bom, file=file)
