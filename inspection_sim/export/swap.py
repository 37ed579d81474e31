"""Putting a finished folder in place of another in one step.

Linux's ``renameat2(RENAME_EXCHANGE)`` swaps two paths atomically: at every instant the target
name holds either the old folder or the new one, whatever kills the process. Python has no wrapper
for it, so it is called through ``ctypes``. Where it is missing (another system, an old C library,
a file system without it) the swap is two renames; between them the target name is briefly absent,
and a run killed there leaves the old folder beside it, which the next run puts back
(:func:`inspection_sim.export.folder` does that).
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import cast

__all__ = ["exchange", "fsync_folder"]

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> bool:
    """Swap the folders at ``a`` and ``b`` atomically; False when the system cannot.

    Raises:
        OSError: the swap was possible but failed (for example permission denied).
    """
    call = _renameat2()
    if call is None:
        return False
    result = call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # the kernel or this file system does not offer exchange
    raise OSError(code, os.strerror(code), str(b))


def fsync_folder(folder: Path) -> None:
    """Make a folder's entries durable (a no-op where folders cannot be opened, e.g. Windows)."""
    if sys.platform == "win32":
        return
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


_Renameat2 = Callable[[int, bytes, int, bytes, int], int]


@functools.cache
def _renameat2() -> _Renameat2 | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # a C library older than glibc 2.28
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return cast(_Renameat2, function)
