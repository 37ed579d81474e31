"""Atomic file output: a run that is interrupted never leaves a half-written calendar.

Each file is written to a temporary file in the destination folder, flushed to disk, then moved over
the target with :func:`os.replace` (atomic on POSIX and Windows within one file system). Existing
files are refused unless the caller forces: a planner's calendar is not overwritten by accident.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from inspection_sim.errors import OutputError

__all__ = ["check_free", "prepare_folder", "write_atomic"]


def prepare_folder(folder: Path) -> Path:
    """Create ``folder`` (and parents) if needed; an OutputError if that is impossible."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"cannot create the output folder: {error.strerror or error}", source=str(folder)
        ) from None
    if not folder.is_dir():
        raise OutputError("the output path is not a folder", source=str(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError("the output folder is not writable", source=str(folder))
    return folder


def check_free(paths: Iterable[Path], *, force: bool) -> None:
    """Refuse, before anything is written, when any target exists and ``force`` is off."""
    if force:
        return
    existing = sorted(str(path) for path in paths if path.exists())
    if existing:
        raise OutputError(
            "refusing to overwrite existing files: "
            + ", ".join(existing)
            + " (use --force, or force=True, to replace them)"
        )


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(f"cannot write: {error.strerror or error}", source=str(path)) from None
