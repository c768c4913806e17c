"""Paths as reviewer compares them: real (symbolic links resolved, each folder once) and relative to a folder."""

from __future__ import annotations

import functools
import os
from pathlib import Path


def real_path(path: Path | str) -> str:
    """The absolute path with symbolic links resolved, resolving each folder once (not once per file)."""
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(real_folder(folder), name) if name else real_folder(folder)


@functools.lru_cache(maxsize=4096)
def real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def relative_real(real: str, top: str) -> str | None:
    """Real path `real` relative to real folder `top` with '/' separators, or None when it lies outside."""
    if real == top:
        return "."
    prefix = top.rstrip(os.sep) + os.sep
    return real[len(prefix):].replace(os.sep, "/") if real.startswith(prefix) else None
