"""One writer at a time per output: an advisory lock file beside the output.

The lock is a file named after the output (``.<name>.lock`` in the same folder), held with
``flock`` (``msvcrt.locking`` on Windows). The kernel releases it when its holder dies, so a killed
run never leaves a lock that blocks the next one. The file is removed on release; a waiter that
locked a file already removed notices (its inode is no longer the one at the path) and tries again,
so two writers never both believe they hold the lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from inspection_sim.errors import OutputError

__all__ = ["WAIT_SECONDS", "hold_lock", "sibling_stem"]

#: How long a writer waits for another one to finish with the same output before giving up.
WAIT_SECONDS = 120.0

_POLL_SECONDS = 0.05
_STEM_CHARACTERS = 40


def sibling_stem(target: Path) -> str:
    """A short, stable, unique prefix for the lock and temporary files kept beside ``target``.

    Names beside the output start with a dot and the output's name, shortened with a hash of the
    whole name when long, so that they stay under the file-name limit of any file system.
    """
    name = target.name
    if len(name) <= _STEM_CHARACTERS:
        return f".{name}"
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return f".{name[:_STEM_CHARACTERS]}~{digest}"


@contextlib.contextmanager
def hold_lock(target: Path, *, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock of ``target`` (an output file or folder) for the duration of the block.

    Raises:
        OutputError: another run kept the lock for longer than ``wait`` seconds, or the lock file
            cannot be created.
    """
    path = target.parent / f"{sibling_stem(target)}.lock"
    handle = _acquire(path, target, time.monotonic() + wait)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        _unlock(handle)
        os.close(handle)


def _acquire(path: Path, target: Path, deadline: float) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    while True:
        try:
            handle = os.open(path, flags, 0o666)
        except OSError as error:
            raise OutputError(
                f"cannot create the lock file {path.name} beside it: {error.strerror or error}",
                source=str(target),
            ) from None
        if _try_lock(handle) and _still_at(path, handle):
            return handle
        os.close(handle)
        if time.monotonic() > deadline:
            raise OutputError(
                f"another inspection-sim run is writing it (lock file {path.name}); "
                "try again when that run has finished",
                source=str(target),
            )
        time.sleep(_POLL_SECONDS)


def _still_at(path: Path, handle: int) -> bool:
    """Whether the locked file is still the one at ``path`` (not removed by the last holder)."""
    try:
        on_disk = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        _unlock(handle)
        return False
    held = os.fstat(handle)
    if (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino):
        return True
    _unlock(handle)
    return False


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: int) -> bool:
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(handle, 0, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: int) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: int) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)
