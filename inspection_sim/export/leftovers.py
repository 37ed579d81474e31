"""Temporary folders beside an owned output folder, and tidying what killed runs left of them.

A write puts its new set in ``.<name>.new-<token>`` beside the target; after the swap that name
holds the old folder (or, without an atomic exchange, ``.<name>.old-<token>`` does). A run killed
at any moment leaves one of these; the next run, holding the lock, deletes what inspection-sim
wrote in them and moves anything else into the target, so nothing a person put there is lost.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path

from inspection_sim.export.lock import sibling_stem
from inspection_sim.export.manifest import (
    MANIFEST_NAME,
    STAGING_MARK,
    digest,
    read_manifest,
    read_mark,
)

__all__ = ["TOKEN_BYTES", "beside", "clean_leftovers", "dispose"]

#: Random bytes in the name of a temporary folder.
TOKEN_BYTES = 6


def beside(target: Path, kind: str) -> Path:
    """A new temporary folder name beside ``target``: ``kind`` is ``new`` or ``old``."""
    return target.parent / f"{sibling_stem(target)}.{kind}-{secrets.token_hex(TOKEN_BYTES)}"


def clean_leftovers(target: Path) -> None:
    """Tidy what killed runs left beside ``target`` (called with the lock held)."""
    stem = re.escape(sibling_stem(target))
    pattern = re.compile(rf"{stem}\.(new|old)-[0-9a-f]{{{TOKEN_BYTES * 2}}}")
    with os.scandir(target.parent) as entries:
        found = sorted(
            (item for item in entries if pattern.fullmatch(item.name)),
            key=lambda item: item.stat(follow_symlinks=False).st_mtime,
        )
    leftovers = [Path(item.path) for item in found if item.is_dir(follow_symlinks=False)]
    if not os.path.lexists(target):
        # Killed between the two renames of a swap without exchange: the old set goes back.
        olds = [path for path in leftovers if path.name.startswith(f"{sibling_stem(target)}.old-")]
        if olds:
            os.rename(olds[-1], target)
            leftovers.remove(olds[-1])
    discard = read_mark(target / STAGING_MARK)
    for leftover in leftovers:
        dispose(leftover, target, discard)


def dispose(leftover: Path, target: Path, discard: Mapping[str, str]) -> None:
    """Remove a folder that is not (or no longer) the target, keeping what is not ours.

    A folder still marked as staging holds only files this library wrote and links or copies of
    entries the target keeps. An old folder holds our old files (listed in its manifest, or in
    ``discard``: what the staging mark of the new folder lists), the originals of the entries
    carried into the target and, rarely, something a person added during the swap. Files of ours
    and copies are deleted; anything else goes into the target, or stays where it is when that
    name is taken. A subfolder (``people/``) is gone through the same way, then removed if empty.
    """
    staging = os.path.lexists(leftover / STAGING_MARK)
    manifest = read_manifest(leftover) or {}
    _dispose_in(leftover, target, "", staging, (manifest, discard))
    with contextlib.suppress(OSError):
        os.rmdir(leftover)


def _dispose_in(
    folder: Path,
    target: Path,
    prefix: str,
    staging: bool,
    ours: tuple[Mapping[str, str], Mapping[str, str]],
) -> None:
    """Dispose of the entries of ``folder`` (``prefix`` is ``people/`` in a subfolder)."""
    with os.scandir(folder) as entries:
        items = list(entries)
    subfolders = {name.split("/", 1)[0] for listing in ours for name in listing if "/" in name}
    for item in items:
        path, name = Path(item.path), prefix + item.name
        ours_inside = staging or item.name in subfolders
        if not prefix and ours_inside and item.is_dir(follow_symlinks=False):
            _dispose_in(path, target / item.name, f"{item.name}/", staging, ours)
            with contextlib.suppress(OSError):
                os.rmdir(path)
        elif (item.is_file(follow_symlinks=False) or item.is_symlink()) and (
            staging
            or name in (MANIFEST_NAME, STAGING_MARK)
            or _same_in(target, path)
            or any(_listed(listing, name, path) for listing in ours)
        ):
            os.unlink(path)
        elif target.is_dir() and not os.path.lexists(target / item.name):
            os.rename(path, target / item.name)


def _same_in(target: Path, path: Path) -> bool:
    """Whether the target holds the same file under the same name (a link or an equal copy)."""
    other = target / path.name
    try:
        mine, theirs = os.lstat(path), os.lstat(other)
    except OSError:
        return False
    if (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino):
        return True
    if stat.S_ISLNK(mine.st_mode) and stat.S_ISLNK(theirs.st_mode):
        return os.readlink(path) == os.readlink(other)
    if stat.S_ISREG(mine.st_mode) and stat.S_ISREG(theirs.st_mode):
        return mine.st_size == theirs.st_size and path.read_bytes() == other.read_bytes()
    return False


def _listed(manifest: Mapping[str, str], name: str, path: Path) -> bool:
    listed = manifest.get(name)
    if listed is None or not path.is_file() or path.is_symlink():
        return False
    return digest(path.read_bytes()) == listed
