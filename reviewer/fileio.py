"""Atomic file writes: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Iterable


def write_atomic(path: Path, data: bytes | Iterable[bytes], *, expected: bytes | None = None) -> bool:
    """Replace `path` with `data` (bytes, or pieces of them written as they come) atomically; True when written.

    An existing file keeps its permission bits (and owner, where allowed); a symbolic link
    is followed, so the link stays a link. A hard link cannot survive a rename: `hard_link_note`
    says so, for the caller to tell the user. With `expected`, nothing is written (False)
    unless the file still holds exactly those bytes just before the rename.
    """
    target = Path(os.path.realpath(path))
    try:
        info = target.stat()
    except FileNotFoundError:
        if expected is not None:
            return False
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        # a device, pipe or socket (/dev/null, /dev/stdout): renaming over it would replace it
        with open(target, "wb") as stream:
            _write(stream, data)
        return True
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            _write(stream, data)
            stream.flush()
            os.fsync(stream.fileno())
        if info is not None:
            os.chmod(temporary, stat.S_IMODE(info.st_mode))
            try:
                os.chown(temporary, info.st_uid, info.st_gid)
            except OSError:
                pass  # not ours to give away: the file becomes the writer's, with the same permissions
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        if expected is not None:
            try:
                current = target.read_bytes()
            except FileNotFoundError:
                current = None
            if current != expected:
                os.unlink(temporary)
                return False
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    return True


def hard_link_note(path: Path) -> str:
    """What an atomic write does to a file with several hard links, to tell the user; "" for one link."""
    try:
        links = os.stat(os.path.realpath(path)).st_nlink
    except OSError:
        return ""
    if links < 2:
        return ""
    others = "the other link keeps" if links == 2 else f"the other {links - 1} links keep"
    return f"it had {links} hard links: the new version is a file of its own, and {others} the old text"


def _write(stream, data: bytes | Iterable[bytes]) -> None:
    if isinstance(data, (bytes, bytearray)):
        stream.write(data)
        return
    for piece in data:
        stream.write(piece)


# A file changed more recently than this is read, never trusted by its times: a second write within the file
# system's clock tick could leave them as they were (git's index calls such a file "racily clean").
RACY_SECONDS = 2.0


def stat_key(path: Path | str, now_ns: int | None = None) -> str | None:
    """The state of a file its entry can be trusted by (size, modification and change times, inode,
    device), or None: it cannot be looked at, or it changed within RACY_SECONDS of `now_ns`."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    now_ns = time.time_ns() if now_ns is None else now_ns
    if now_ns - max(info.st_mtime_ns, info.st_ctime_ns) < RACY_SECONDS * 1e9:
        return None
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}:{info.st_dev}"
