"""Linked files: what the engine learns about the local files an article links to.

The links rule needs to know whether a linked file exists and which anchors it offers. Reading other
files is I/O, which checks never do: the engine calls `linked_files` for each article before its checks
run and hands the answers over in the check context (`Context.linked`). Resolving a link and the anchors
of a parsed article are pure, in `reviewer.document.links`.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Iterable

from reviewer.document import Document
from reviewer.document.decode import decode_document
from reviewer.document.links import LinkedFile, anchors

_MARKUP_SUFFIXES = (".md", ".markdown", ".txt")


def linked_files(targets: Iterable[str]) -> dict[str, LinkedFile]:
    """What each linked local file is (`targets`: from `link_targets`), read from disk: the engine calls
    this before an article's checks run, never a check."""
    return {target: _linked_file(Path(target)) for target in targets}


def _linked_file(path: Path) -> LinkedFile:
    try:
        info = path.stat()
    except OSError:
        return LinkedFile(exists=os.path.lexists(path))
    if not path.is_file() or path.suffix.lower() not in _MARKUP_SUFFIXES:
        return LinkedFile(exists=True)
    return LinkedFile(True, _file_anchors(str(path.resolve()), info.st_mtime_ns, info.st_size))


@functools.lru_cache(maxsize=1024)
def _file_anchors(path: str, mtime_ns: int, size: int) -> frozenset[str] | None:
    """The anchors of the article at `path` (cached per process while the file is unchanged); None
    when it cannot be read as an article."""
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return None
    loaded = decode_document(raw, path, metadata=False)  # only its headings matter
    return None if not isinstance(loaded, Document) else anchors(loaded)
