"""Paths as reviewer compares them: real (symbolic links resolved, each folder once) and relative to a folder."""

from __future__ import annotations

import os
from pathlib import Path


def real_path(path: Path | str) -> str:
    """The absolute path with its folders' symbolic links resolved (the last part is kept as it is),
    resolving each folder once (not once per file); an absolute path's answer is remembered."""
    text = os.fspath(path)
    real = _REAL_PATHS.get(text)
    if real is None:
        folder, name = os.path.split(os.path.abspath(text))
        real = os.path.join(real_folder(folder), name) if name else real_folder(folder)
        if os.path.isabs(text):  # a relative path's answer depends on the working directory
            remember_real_path(text, real)
    return real


_REAL_FOLDERS: dict[str, str] = {}  # absolute folder -> its real path, for the life of the process
_REAL_PATHS: dict[str, str] = {}  # absolute path -> real_path() of it
_MAX_REMEMBERED = 65536


def real_folder(folder: str) -> str:
    """os.path.realpath(folder) for an absolute `folder`, remembered (a walk seeds it with `remember_real`)."""
    real = _REAL_FOLDERS.get(folder)
    if real is None:
        real = os.path.realpath(folder)
        remember_real(folder, real)
    return real


def remember_real(folder: str, real: str) -> None:
    """Note that absolute `folder` resolves to `real` (a walk knows it from the folder's parent, without
    asking the file system again). The memory is dropped when it grows past its bound."""
    if len(_REAL_FOLDERS) >= _MAX_REMEMBERED:
        _REAL_FOLDERS.clear()
    _REAL_FOLDERS[folder] = real


def remember_real_path(path: str, real: str) -> None:
    """Note that real_path(path) is `real` for an absolute `path` (a walk knows it for every file it finds)."""
    if len(_REAL_PATHS) >= _MAX_REMEMBERED:
        _REAL_PATHS.clear()
    _REAL_PATHS[path] = real


def forget_real_folders() -> None:
    """Drop every remembered folder and path (tests, or a process that renames folders)."""
    _REAL_FOLDERS.clear()
    _REAL_PATHS.clear()


def relative_real(real: str, top: str) -> str | None:
    """Real path `real` relative to real folder `top` with '/' separators, or None when it lies outside."""
    if real == top:
        return "."
    prefix = top.rstrip(os.sep) + os.sep
    return real[len(prefix):].replace(os.sep, "/") if real.startswith(prefix) else None
