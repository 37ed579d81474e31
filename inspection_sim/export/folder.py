"""An output folder that inspection-sim owns, written as one unit.

A run that writes several files (a rehearsal's calendars and CSV; later a tracker or a feed) writes
them as a set: readers see the old set or the new one, never a mix, whatever interrupts the run.

* **Ownership.** The folder carries a manifest (``.inspection-sim.json``) listing each file
  inspection-sim wrote with its SHA-256. A file listed with the same content is ours: it is updated
  in place without ``--force``, and removed when the new set no longer has it (a renamed team).
  A file changed since, or one inspection-sim never wrote, is replaced or removed only with
  ``--force``; other files and links in the folder are kept. A folder written before manifests
  existed is recognised by content, through the caller's ``recognise`` test. A folder that is not
  ours (``~/Documents`` by mistake) is written into only with ``--force``, and never when it holds
  a folder, a FIFO or a device of someone else's.
* **One unit.** The new set is written to a temporary folder beside the target (with hard links to
  the files it keeps), then swapped in whole (:mod:`~inspection_sim.export.swap`).
* **One writer.** A lock file beside the folder (:mod:`~inspection_sim.export.lock`) serialises
  runs, so a second run waits and then updates the first one's files.
* **Leftovers.** A killed run leaves a temporary folder beside the target; the next run removes
  what inspection-sim wrote in it and moves anything else into the folder
  (:mod:`~inspection_sim.export.leftovers`; the bookkeeping files are in
  :mod:`~inspection_sim.export.manifest`).
* **Regular files only.** A folder, a FIFO, a device or a link where a file goes is refused, even
  with ``force``. New files and folders get the permissions the umask gives; replaced ones keep
  theirs.
* **One level of subfolders.** A file name may be ``people/ann-shaw.ics``: the subfolder is ours
  once the manifest lists a file in it, so its files are updated and removed like the others, and
  a subfolder left empty goes. A subfolder the manifest does not know is someone else's: a write
  that needs its name is refused, as any folder in the way is.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from inspection_sim.errors import OutputError
from inspection_sim.export.atomic import describe_kind, output_parent, read_regular, write_new_file
from inspection_sim.export.leftovers import beside, clean_leftovers, dispose
from inspection_sim.export.lock import hold_lock
from inspection_sim.export.manifest import (
    MANIFEST_NAME,
    STAGING_MARK,
    digest,
    manifest_bytes,
    mark_bytes,
    read_manifest,
)
from inspection_sim.export.swap import exchange, fsync_folder

__all__ = [
    "MANIFEST_NAME",
    "Change",
    "FileChange",
    "FolderUpdate",
    "Previous",
    "Recognise",
    "describe_changes",
    "write_folder",
]

#: Temporary files of per-file writes before folders were written whole (``.NAME.XXXXXXXX.tmp``).
_OLD_TEMPORARY = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.tmp")

#: Files larger than this are never taken for ones inspection-sim wrote (nor read to find out).
_LARGEST_OWN_FILE = 64 * 1024 * 1024

#: Reads the current content of a file of the folder (None when absent or not ours to read).
Previous = Callable[[str], bytes | None]

#: Whether a file of a folder without manifest was written by inspection-sim, from name and bytes.
Recognise = Callable[[str, bytes], bool]


class Change(StrEnum):
    """What happened to one file of the folder."""

    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"  # a file inspection-sim had not written (or that was edited), with force
    REMOVED = "removed"


@dataclass(frozen=True)
class FileChange:
    """One file of the folder and what happened to it."""

    name: str
    change: Change


@dataclass(frozen=True)
class FolderUpdate:
    """What a write did to the folder: the files written, in order, then those removed."""

    folder: Path
    changes: tuple[FileChange, ...]

    def change_of(self, name: str) -> Change:
        """What happened to the file ``name``."""
        for item in self.changes:
            if item.name == name:
                return item.change
        raise KeyError(name)

    @property
    def removed(self) -> tuple[str, ...]:
        """Files removed because the new set no longer has them, in name order."""
        return tuple(item.name for item in self.changes if item.change is Change.REMOVED)

    def summary(self) -> str:
        """What changed: ``"1 file updated, 8 unchanged, 1 removed"`` (see :func:`describe_changes`)."""
        return describe_changes([item.change for item in self.changes])


def describe_changes(changes: Iterable[Change]) -> str:
    """Counts of changes for people: ``"9 new files"``, ``"1 file updated, 8 unchanged"``."""
    found = list(changes)
    parts: list[str] = []
    for change in Change:
        count = found.count(change)
        if not count:
            continue
        noun = "file" if count == 1 else "files"
        if parts:
            parts.append(f"{count} {change}")
        elif change is Change.NEW:
            parts.append(f"{count} new {noun}")
        else:
            parts.append(f"{count} {noun} {change}")
    return ", ".join(parts) or "no files"


def write_folder(
    path: str | Path,
    build: Callable[[Previous], Mapping[str, bytes]],
    *,
    force: bool = False,
    parents: bool = False,
    recognise: Recognise | None = None,
) -> FolderUpdate:
    """Write the files ``build`` returns as the content of the owned folder ``path``.

    ``build`` runs while the folder is locked and receives a reader of the current files: it gets
    a file's bytes when inspection-sim wrote it (or with ``force``, any regular file), so that new
    content can continue from the old (SEQUENCE numbers). It returns file names and bytes; the
    order is the order of :attr:`FolderUpdate.changes`.

    Args:
        path: the output folder; created when missing, its parent must exist unless ``parents``.
        build: makes the new files from the current ones.
        force: replace (or remove) files inspection-sim did not write or that were changed since.
        parents: create missing parent folders.
        recognise: for a folder without manifest, whether a file is one inspection-sim wrote.

    Raises:
        OutputError: the folder cannot be used or written, or holds files that are not ours and
            ``force`` is off, or something that is not a regular file where a file goes.
    """
    target = _output_folder(Path(path), parents=parents)
    with hold_lock(target):
        try:
            clean_leftovers(target)
            current = _Survey.of(target, recognise or _nothing)
        except OSError as error:
            raise _output_error(error, target) from None
        files = dict(build(current.reader(force=force)))
        plan = _plan(current, files, force=force)
        if plan.needs_writing():
            _commit(target, current, plan)
    return FolderUpdate(target, plan.changes)


def _nothing(name: str, data: bytes) -> bool:
    return False


def _output_folder(path: Path, *, parents: bool) -> Path:
    """The folder to write: the path checked, a link to a folder followed, its parent present."""
    if not str(path) or path.name in ("", ".", ".."):
        raise OutputError(
            "give the output a folder of its own (inspection-sim replaces the folder as a "
            "whole), for example rehearsal",
            source=str(path) or "''",
        )
    if path.is_symlink():
        resolved = Path(os.path.realpath(path))
        if not resolved.is_dir():
            raise OutputError("is a link to something that is not a folder", source=str(path))
        path = resolved
    parent = output_parent(path, parents=parents)
    if path.is_dir() and not os.access(path, os.W_OK | os.X_OK):
        raise OutputError("the output folder is not writable", source=str(path))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(
            f"cannot write beside the output folder: {str(parent)!r} is not writable "
            "(inspection-sim writes the new folder beside it, then swaps it in)",
            source=str(path),
        )
    return path


# --- what is there now ---------------------------------------------------------------------------


@dataclass
class _Entry:
    """One entry of the current folder (``name`` is ``file`` or ``subfolder/file``)."""

    name: str
    path: Path
    kind: str  # "file", or what describe_kind says of anything else
    listed: str | None  # the hash the manifest gives, if it lists the name
    ours: bool = False
    edited: bool = False  # listed in the manifest, but its content changed since
    _data: bytes | None = None

    def data(self) -> bytes:
        if self._data is None:
            self._data = read_regular(self.path)
        return self._data


@dataclass
class _Survey:
    """The current folder: whether it exists, its mode, its entries and which are ours."""

    folder: Path
    exists: bool
    info: os.stat_result | None
    manifest: dict[str, str] | None
    entries: dict[str, _Entry] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)  # our bookkeeping, not carried over

    @classmethod
    def of(cls, folder: Path, recognise: Recognise) -> _Survey:
        try:
            info = os.stat(folder)
        except FileNotFoundError:
            return cls(folder, False, None, None)
        if not stat.S_ISDIR(info.st_mode):
            raise OutputError(
                f"the output path is {describe_kind(info.st_mode)}, not a folder; "
                "inspection-sim never replaces it, even with --force",
                source=str(folder),
            )
        manifest = read_manifest(folder)
        survey = cls(folder, True, info, manifest)
        ours = _subfolders(manifest or {})
        for name, item in _listing(folder):
            if name in (MANIFEST_NAME, STAGING_MARK):
                survey.dropped.append(name)
                continue
            if name in ours and item.is_dir(follow_symlinks=False):
                for inner, child in _listing(Path(item.path)):
                    survey.add(f"{name}/{inner}", child, recognise)
                continue
            survey.add(name, item, recognise)
        return survey

    def add(self, name: str, item: os.DirEntry[str], recognise: Recognise) -> None:
        mode = item.stat(follow_symlinks=False).st_mode
        kind = "file" if stat.S_ISREG(mode) else describe_kind(mode)
        manifest = self.manifest
        listed = manifest.get(name) if manifest is not None else None
        entry = _Entry(name, Path(item.path), kind, listed)
        if kind == "file":
            if listed is not None:
                entry.ours = digest(entry.data()) == listed
                entry.edited = not entry.ours
            elif manifest is None:
                entry.ours = _recognised(entry, recognise)
        self.entries[name] = entry

    def owned(self) -> bool:
        """Whether inspection-sim wrote this folder: it has a manifest, or files of ours."""
        return self.manifest is not None or any(entry.ours for entry in self.entries.values())

    def reader(self, *, force: bool) -> Previous:
        def previous(name: str) -> bytes | None:
            entry = self.entries.get(name)
            if entry is None or entry.kind != "file" or not (entry.ours or force):
                return None
            try:
                return entry.data()
            except OSError as error:
                raise _output_error(error, entry.path) from None

        return previous


def _listing(folder: Path) -> list[tuple[str, os.DirEntry[str]]]:
    with os.scandir(folder) as found:
        return sorted(((item.name, item) for item in found), key=lambda pair: pair[0])


def _subfolders(names: Iterable[str]) -> set[str]:
    """The subfolders that hold any of ``names`` (``people`` of ``people/ann.ics``)."""
    return {name.split("/", 1)[0] for name in names if "/" in name}


def _recognised(entry: _Entry, recognise: Recognise) -> bool:
    """Whether a file of a folder without manifest is ours; large or unreadable files are not."""
    try:
        if entry.path.stat().st_size > _LARGEST_OWN_FILE:
            return False
        return recognise(entry.path.name, entry.data())
    except OSError:
        return False


# --- what to do ----------------------------------------------------------------------------------


@dataclass
class _Plan:
    files: dict[str, bytes]
    changes: tuple[FileChange, ...]
    carried: list[_Entry]  # entries inspection-sim did not write, kept in the new folder
    manifest: bytes
    current: _Survey
    discard: dict[str, str]  # regular files of the old folder not carried, by name: their hash

    def needs_writing(self) -> bool:
        current = self.current
        if not current.exists or current.dropped != [MANIFEST_NAME]:
            return True
        if any(item.change is not Change.UNCHANGED for item in self.changes):
            return True
        if set(self.discard) - set(self.files):  # leftover temporary files to tidy
            return True
        try:
            return (current.folder / MANIFEST_NAME).read_bytes() != self.manifest
        except OSError:
            return True


def _plan(current: _Survey, files: dict[str, bytes], *, force: bool) -> _Plan:
    """Decide what happens to each file, or refuse naming every file in the way."""
    refusals = _Refusals()
    changes: list[FileChange] = []
    for folder in sorted(_subfolders(files)):
        entry = current.entries.get(folder)
        if entry is not None:  # a folder the manifest does not know, or a file or link
            refusals.special.append(f"{folder} ({entry.kind})")
    for name, data in files.items():
        _check_name(name, current.folder)
        entry = current.entries.get(name)
        if entry is None:
            changes.append(FileChange(name, Change.NEW))
        elif entry.kind != "file":
            refusals.special.append(f"{name} ({entry.kind})")
        elif entry.ours or force:
            same = _read(entry) == data
            change = Change.UNCHANGED if same else Change.UPDATED if entry.ours else Change.REPLACED
            changes.append(FileChange(name, change))
        elif entry.edited:
            refusals.edited.append(name)
        else:
            refusals.foreign.append(name)
    carried: list[_Entry] = []
    for name, entry in current.entries.items():
        if name in files:
            continue
        if entry.ours or (entry.edited and force):
            changes.append(FileChange(name, Change.REMOVED))
        elif entry.edited:
            refusals.stale.append(name)
        elif _old_temporary(name, entry, files, current):
            continue  # discarded
        elif entry.kind in ("file", "a symbolic link"):
            carried.append(entry)  # not ours: kept as it is
        else:
            refusals.strangers.append(f"{name} ({entry.kind})")
    if carried and not force and not current.owned():
        # Not a folder of ours: ~/Documents given by mistake is not taken over without --force.
        refusals.unowned = [entry.name for entry in carried]
    refusals.raise_any(current.folder)
    kept = {entry.name for entry in carried}
    discard = {
        name: digest(_read(entry))
        for name, entry in current.entries.items()
        if entry.kind == "file" and name not in kept
    }
    return _Plan(files, tuple(changes), carried, manifest_bytes(files), current, discard)


@dataclass
class _Refusals:
    """Files in the way of a write, by reason, to be named all at once on one line."""

    special: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    strangers: list[str] = field(default_factory=list)
    unowned: list[str] = field(default_factory=list)

    def raise_any(self, folder: Path) -> None:
        parts = []
        if self.special:
            parts.append(
                f"refusing to overwrite {_names(self.special)}: inspection-sim replaces regular "
                f"files only, even with --force (move {_it(self.special)} away, or choose another "
                "folder)"
            )
        if self.foreign:
            parts.append(
                f"refusing to overwrite {_names(self.foreign)}: not written by inspection-sim "
                f"(use --force to replace {_it(self.foreign)})"
            )
        if self.edited:
            parts.append(
                f"refusing to overwrite {_names(self.edited)}: changed since inspection-sim wrote "
                f"{_it(self.edited)} (use --force to replace {_it(self.edited)})"
            )
        if self.stale:
            parts.append(
                f"refusing to remove {_names(self.stale)}: written by inspection-sim for what is "
                f"no longer in the output, and changed since (move {_it(self.stale)} away, or use "
                f"--force to remove {_it(self.stale)})"
            )
        if self.strangers:
            parts.append(
                f"refusing to write into it: it holds {_names(self.strangers)}, which "
                "inspection-sim did not write and does not move (move "
                f"{_it(self.strangers)} away, or choose a folder of its own for the output)"
            )
        if self.unowned and not (self.foreign or self.strangers):
            parts.append(
                f"refusing to write into it: it holds {_names(self.unowned)}, which "
                "inspection-sim did not write (choose a new or empty folder for the output, or "
                f"use --force to write into it and keep {_it(self.unowned)})"
            )
        if parts:
            raise OutputError("; ".join(parts), source=str(folder))


def _names(names: list[str]) -> str:
    """The names, the first five of many with a count of the rest, so the message stays short."""
    if len(names) <= 6:
        return ", ".join(names)
    return ", ".join(names[:5]) + f" and {len(names) - 5} more"


def _it(names: list[str]) -> str:
    return "it" if len(names) == 1 else "them"


def _old_temporary(name: str, entry: _Entry, files: Mapping[str, bytes], current: _Survey) -> bool:
    """Whether an entry is a temporary file that a killed per-file write of ours left behind."""
    found = _OLD_TEMPORARY.fullmatch(name)
    if found is None or entry.kind != "file":
        return False
    return found.group(1) in files or found.group(1) in current.entries


def _read(entry: _Entry) -> bytes:
    try:
        return entry.data()
    except OSError as error:
        raise _output_error(error, entry.path) from None


def _check_name(name: str, folder: Path) -> None:
    """A plain file name, or one in a subfolder: ``people/ann-shaw.ics``."""
    parts = name.split("/")
    plain = all(part and part not in (".", "..") and "\\" not in part for part in parts)
    if not plain or len(parts) > 2 or parts[0] in (MANIFEST_NAME, STAGING_MARK):
        raise OutputError("not a plain file name", source=str(folder), value=name)


# --- writing -------------------------------------------------------------------------------------


def _commit(target: Path, current: _Survey, plan: _Plan) -> None:
    """Write the new set beside the target, swap it in, and dispose of the old set."""
    staging = beside(target, "new")
    try:
        os.mkdir(staging, 0o777)  # the umask applies
        write_new_file(staging / STAGING_MARK, mark_bytes(plan.discard))
        _fill(staging, current, plan)
        write_new_file(staging / MANIFEST_NAME, plan.manifest)
        if current.info is not None:
            _keep_owner_and_mode(staging, current.info)
        fsync_folder(staging)
        old = _swap(staging, target, current.exists)
    except OSError as error:
        with contextlib.suppress(OSError):
            dispose(staging, target, {})
        raise _output_error(error, target) from None
    # The new set is in place: what follows is tidying. The mark goes last: while it is in the
    # target, it tells the next run which files of the old folder to delete.
    with contextlib.suppress(OSError):
        if old is not None:
            dispose(old, target, plan.discard)
        os.unlink(target / STAGING_MARK)
        fsync_folder(target)
        fsync_folder(target.parent)


def _keep_owner_and_mode(staging: Path, old: os.stat_result) -> None:
    """The new folder gets the old one's permissions (and, when run as root, its owner, as do
    its subfolders, so that the owner's next run can replace what is in them)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and (old.st_uid, old.st_gid) != (0, 0):
        for folder in (staging, *(p for p in staging.iterdir() if p.is_dir())):
            os.chown(folder, old.st_uid, old.st_gid)
    os.chmod(staging, stat.S_IMODE(old.st_mode))


def _fill(staging: Path, current: _Survey, plan: _Plan) -> None:
    for item in plan.changes:
        if item.change is Change.REMOVED:
            continue
        destination = _place(staging, item.name)
        entry = current.entries.get(item.name)
        if item.change is Change.UNCHANGED and entry is not None and _link(entry.path, destination):
            continue  # the very same file: its permissions and times stay
        mode = None if entry is None else stat.S_IMODE(entry.path.stat().st_mode)
        write_new_file(destination, plan.files[item.name], mode=mode)
    for entry in plan.carried:
        destination = _place(staging, entry.name)
        if entry.kind != "file":
            os.symlink(os.readlink(entry.path), destination)
        elif not _link(entry.path, destination):
            shutil.copy2(entry.path, destination)  # a file system without hard links


def _place(staging: Path, name: str) -> Path:
    """Where ``name`` goes in the new folder, its subfolder made (the umask applies)."""
    destination = staging / name
    if "/" in name:
        os.makedirs(destination.parent, 0o777, exist_ok=True)
    return destination


def _link(source: Path, destination: Path) -> bool:
    try:
        os.link(source, destination, follow_symlinks=False)
    except OSError:
        return False  # a file system without hard links: the caller copies
    return True


def _swap(staging: Path, target: Path, exists: bool) -> Path | None:
    """Put ``staging`` at ``target``; returns where the old folder now is (None if none)."""
    if not exists:
        os.rename(staging, target)
        return None
    if exchange(staging, target):
        return staging
    old = beside(target, "old")
    os.rename(target, old)
    try:
        os.rename(staging, target)
    except OSError:
        os.rename(old, target)
        raise
    return old


def _output_error(error: OSError, path: Path) -> OutputError:
    return OutputError(f"cannot write: {error.strerror or error}", source=str(path))
