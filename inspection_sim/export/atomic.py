"""Atomic file output: an interrupted run never leaves a half-written file.

A file is written to a temporary file beside it, flushed to disk, then moved over the target with
:func:`os.replace` (atomic on POSIX and Windows within one file system). Only regular files are
ever replaced: a folder, a FIFO, a device or a symbolic link at the target is refused, with or
without ``force``. New files get the permissions the umask allows; a replaced file keeps its own.
The parent folder must exist, as with ``cp``, unless ``parents`` asks to create it.

:func:`write_file` is the unit for one output file (a report). Folders of several files go through
:mod:`inspection_sim.export.folder`, which builds on the helpers here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from pathlib import Path

from inspection_sim.errors import OutputError
from inspection_sim.export.lock import hold_lock, sibling_stem

__all__ = [
    "describe_kind",
    "output_parent",
    "read_regular",
    "write_atomic",
    "write_file",
    "write_new_file",
]

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def describe_kind(mode: int) -> str:
    """What a file system entry is, for messages: ``a folder``, ``a FIFO``, ``a device``..."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISREG(mode):
        return "a file"
    return "not a regular file"


def output_parent(target: Path, *, parents: bool) -> Path:
    """The folder ``target`` goes into; missing, it is refused unless ``parents`` creates it."""
    parent = target.parent
    try:
        info = os.stat(parent)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise OutputError(
            f"cannot use the folder {str(parent)!r}: {error.strerror or error}", source=str(target)
        ) from None
    if info is not None and not stat.S_ISDIR(info.st_mode):
        raise OutputError(
            f"cannot create the output folder: {str(parent)!r} is not a folder", source=str(target)
        )
    if info is None:
        if not parents:
            raise OutputError(
                f"the folder {str(parent)!r} does not exist (create it first, or add --parents)",
                source=str(target),
            )
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(
                f"cannot create the output folder: {error.strerror or error}", source=str(target)
            ) from None
    return parent


def write_file(
    path: str | Path, data: bytes, *, force: bool = False, parents: bool = False
) -> Path:
    """Write one output file atomically, with the lock held; an existing file needs ``force``.

    Temporary files that killed runs left beside the file are removed first.

    Raises:
        OutputError: the folder is missing (without ``parents``) or unwritable, the file exists
            and ``force`` is off, or the target is not a regular file.
    """
    target = Path(path)
    if not target.name or target.name in (".", ".."):
        raise OutputError("give the output a file name", source=str(path) or "''")
    output_parent(target, parents=parents)
    with hold_lock(target):
        _remove_leftovers(target)
        try:
            info = os.lstat(target)
        except FileNotFoundError:
            info = None
        except OSError as error:
            raise OutputError(
                f"cannot write: {error.strerror or error}", source=str(target)
            ) from None
        if info is not None:
            if not stat.S_ISREG(info.st_mode):
                raise OutputError(
                    f"is {describe_kind(info.st_mode)}; inspection-sim replaces regular files "
                    "only, even with --force",
                    source=str(target),
                )
            if not force:
                raise OutputError(
                    "refusing to overwrite an existing file (use --force to replace it)",
                    source=str(target),
                )
        write_atomic(target, data)
    return target


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A file replaced keeps its permissions; a new one gets those the umask allows.
    """
    temporary = path.parent / f"{sibling_stem(path)}.{secrets.token_hex(6)}.tmp"
    try:
        try:
            mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            mode = None
        write_new_file(temporary, data, mode=mode)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(f"cannot write: {error.strerror or error}", source=str(path)) from None


def write_new_file(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Create ``path`` (which must not exist), write and flush ``data`` to disk.

    ``mode``: permissions to set; None leaves those the umask gives (``0o666`` minus the umask).
    """
    handle = os.open(path, _CREATE | _BINARY, 0o666)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    if mode is not None:
        os.chmod(path, mode)


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file; an OSError for anything else (a FIFO would block a read)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | _BINARY
    handle = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return stream.read()


def _remove_leftovers(target: Path) -> None:
    """Remove temporary files of killed writes of ``target`` (called with the lock held)."""
    ours = re.compile(re.escape(sibling_stem(target)) + r"\.[0-9a-f]{12}\.tmp")
    # Written by versions before the lock: ``.NAME.`` and eight characters from mkstemp.
    older = re.compile(re.escape(f".{target.name}.") + r"[a-z0-9_]{8}\.tmp")
    with contextlib.suppress(OSError), os.scandir(target.parent) as entries:
        for entry in entries:
            if (ours.fullmatch(entry.name) or older.fullmatch(entry.name)) and entry.is_file(
                follow_symlinks=False
            ):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
