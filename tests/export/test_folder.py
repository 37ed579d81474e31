"""An output folder written again: updates in place, removed teams, files that are not ours,
non-regular files, permissions, and the leftovers of killed runs.

The racing processes and the kill at a random moment are in ``tests/rehearse/test_rehearse_outputs.py``.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from ical_support import STAMP, parse, sample_events

from inspection_sim.errors import OutputError
from inspection_sim.export import CalendarEvent, write_calendars
from inspection_sim.export.folder import MANIFEST_NAME, Change, write_folder


def moved(events: list[CalendarEvent], key: str, days: int = 7) -> list[CalendarEvent]:
    """The events with one of them moved by ``days``."""
    delta = timedelta(days=days)
    return [
        replace(e, start=e.start + delta, end=e.end + delta) if e.key == key else e for e in events
    ]


def renamed(events: list[CalendarEvent], old: str, new: str) -> list[CalendarEvent]:
    return [replace(e, team=new) if e.team == old else e for e in events]


def contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def test_running_again_updates_own_files_without_force(tmp_path: Path) -> None:
    write_calendars(sample_events(), tmp_path, stamp=STAMP)
    again = write_calendars(
        moved(sample_events(), "fieldwork"), tmp_path, stamp=STAMP + timedelta(days=1)
    )
    changes = {item.path.name: item.change for item in again}
    assert changes == {
        "all-teams.ics": Change.UPDATED,
        "team-coordination.ics": Change.UPDATED,  # the fieldwork is the coordination team's
        "team-performance.ics": Change.UNCHANGED,
        "team-senior-leaders.ics": Change.UNCHANGED,
        "events.csv": Change.UPDATED,
    }
    assert again.summary() == "3 files updated, 2 unchanged"
    combined = parse((tmp_path / "all-teams.ics").read_bytes())
    sequences = {str(e["SUMMARY"]): int(e["SEQUENCE"]) for e in combined.walk("VEVENT")}
    assert sequences["Rehearsal fieldwork (on site)"] == 1  # the previous export was read
    assert sequences["Annex A data due"] == 0


def test_a_calendar_whose_events_did_not_change_keeps_its_bytes(tmp_path: Path) -> None:
    """A later stamp alone is no change: the file, DTSTAMP included, stays as it was."""
    write_calendars(sample_events(), tmp_path, stamp=STAMP)
    before = contents(tmp_path)
    inode = (tmp_path / "team-performance.ics").stat().st_ino
    again = write_calendars(sample_events(), tmp_path, stamp=STAMP + timedelta(days=3))
    assert {item.change for item in again} == {Change.UNCHANGED}
    assert again.summary() == "5 files unchanged"
    assert contents(tmp_path) == before
    assert (tmp_path / "team-performance.ics").stat().st_ino == inode  # not even rewritten


def test_a_renamed_team_leaves_no_stale_file(tmp_path: Path) -> None:
    """The old team's calendar is removed, so nobody imports it by mistake."""
    write_calendars(sample_events(), tmp_path, stamp=STAMP)
    again = write_calendars(
        renamed(sample_events(), "Performance", "Performance and data"), tmp_path, stamp=STAMP
    )
    assert not (tmp_path / "team-performance.ics").exists()
    assert (tmp_path / "team-performance-and-data.ics").is_file()
    assert [path.name for path in again.removed] == ["team-performance.ics"]
    assert again.summary() == "1 new file, 2 updated, 2 unchanged, 1 removed"
    manifest = json.loads((tmp_path / MANIFEST_NAME).read_text("utf-8"))
    assert sorted(manifest["files"]) == sorted(item.path.name for item in again)


def test_files_put_in_the_folder_are_kept(tmp_path: Path) -> None:
    write_calendars(sample_events(), tmp_path, stamp=STAMP)
    (tmp_path / "notes.txt").write_text("who imports what")
    (tmp_path / "latest").symlink_to("all-teams.ics")
    inode = (tmp_path / "notes.txt").stat().st_ino
    write_calendars(renamed(sample_events(), "Performance", "Data"), tmp_path, stamp=STAMP)
    assert (tmp_path / "notes.txt").read_text() == "who imports what"
    assert (tmp_path / "notes.txt").stat().st_ino == inode  # the same file, not a copy
    assert os.readlink(tmp_path / "latest") == "all-teams.ics"
    beside = [p.name for p in tmp_path.parent.iterdir() if p.name.startswith(f".{tmp_path.name}")]
    assert beside == []


def test_a_folder_inside_is_refused_not_moved(tmp_path: Path) -> None:
    """The output folder is replaced as a whole: a folder of someone else's inside it (or a FIFO)
    would have to be moved, so the run refuses and names it."""
    write_calendars(sample_events(), tmp_path, stamp=STAMP)
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "v1.ics").write_text("an old draft")
    os.mkfifo(tmp_path / "pipe")
    before = contents(tmp_path)
    for force in (False, True):
        with pytest.raises(
            OutputError,
            match=r"it holds drafts \(a folder\), pipe \(a FIFO\), which .*\(move them away",
        ):
            write_calendars(moved(sample_events(), "fieldwork"), tmp_path, stamp=STAMP, force=force)
    assert contents(tmp_path) == before
    assert (tmp_path / "drafts" / "v1.ics").read_text() == "an old draft"


def test_a_folder_inspection_sim_did_not_write_is_taken_over_only_with_force(
    tmp_path: Path,
) -> None:
    """``--out ~/Documents`` by mistake: refused, naming what is there."""
    papers = tmp_path / "Documents"
    papers.mkdir()
    for n in range(8):
        (papers / f"letter-{n}.txt").write_text(f"letter {n}")
    with pytest.raises(
        OutputError,
        match=r"Documents: refusing to write into it: it holds letter-0\.txt, .*letter-4\.txt and "
        r"3 more, which inspection-sim did not write \(choose a new or empty folder .*--force",
    ):
        write_calendars(sample_events(), papers, stamp=STAMP)
    assert sorted(p.name for p in papers.iterdir()) == [f"letter-{n}.txt" for n in range(8)]
    write_calendars(sample_events(), papers, stamp=STAMP, force=True)
    assert (papers / "letter-7.txt").read_text() == "letter 7"
    assert (papers / "all-teams.ics").is_file()


def test_a_file_edited_since_it_was_written_needs_force(tmp_path: Path) -> None:
    write_calendars(sample_events(), tmp_path, stamp=STAMP)
    team = tmp_path / "team-coordination.ics"
    team.write_bytes(team.read_bytes().replace(b"on site", b"on site, room 4"))
    before = contents(tmp_path)
    with pytest.raises(
        OutputError, match=r"refusing to overwrite team-coordination\.ics: changed since .*--force"
    ):
        write_calendars(moved(sample_events(), "fieldwork"), tmp_path, stamp=STAMP)
    assert contents(tmp_path) == before  # nothing at all was written
    again = write_calendars(moved(sample_events(), "fieldwork"), tmp_path, stamp=STAMP, force=True)
    assert {item.path.name: item.change for item in again}[
        "team-coordination.ics"
    ] == Change.REPLACED
    assert b"SEQUENCE:1" in team.read_bytes()  # the edited calendar was read for its SEQUENCE


def test_a_stale_file_edited_since_is_removed_only_with_force(tmp_path: Path) -> None:
    write_calendars(sample_events(), tmp_path, stamp=STAMP)
    stale = tmp_path / "team-performance.ics"
    stale.write_bytes(stale.read_bytes() + b"\r\n")
    other = renamed(sample_events(), "Performance", "Data")
    with pytest.raises(OutputError, match=r"refusing to remove team-performance\.ics.*--force"):
        write_calendars(other, tmp_path, stamp=STAMP)
    assert stale.exists()
    assert not (tmp_path / "team-data.ics").exists()
    write_calendars(other, tmp_path, stamp=STAMP, force=True)
    assert not stale.exists()


def test_a_folder_written_before_manifests_is_recognised_by_content(tmp_path: Path) -> None:
    """Folders that older versions wrote: our calendars are known by their PRODID, the CSV by its
    header; a calendar from elsewhere is not ours."""
    write_calendars(sample_events(), tmp_path, stamp=STAMP)
    (tmp_path / MANIFEST_NAME).unlink()
    csv_path = tmp_path / "events.csv"
    csv_path.write_bytes(csv_path.read_bytes().replace(b"\r\n", b"\n"))  # older: LF line ends
    (tmp_path / ".all-teams.ics.k2j4l5m6.tmp").write_bytes(b"BEGIN:VCAL")  # a killed old write
    (tmp_path / "team-holidays.ics").write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\nEND:VCALENDAR\r\n"
    )
    again = write_calendars(renamed(sample_events(), "Performance", "Data"), tmp_path, stamp=STAMP)
    assert [path.name for path in again.removed] == ["team-performance.ics"]
    assert (tmp_path / "team-holidays.ics").exists()  # not ours: kept
    assert not (tmp_path / ".all-teams.ics.k2j4l5m6.tmp").exists()
    assert (tmp_path / MANIFEST_NAME).is_file()
    (tmp_path / MANIFEST_NAME).unlink()
    (tmp_path / "team-data.ics").write_bytes((tmp_path / "team-holidays.ics").read_bytes())
    with pytest.raises(OutputError, match=r"team-data\.ics: not written by inspection-sim"):
        write_calendars(renamed(sample_events(), "Performance", "Data"), tmp_path, stamp=STAMP)


def _device(path: Path) -> None:
    """A character device (the null device's numbers); root only."""
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))


NON_REGULAR = {
    "FIFO": os.mkfifo,
    "folder": os.mkdir,
    "link to a device": lambda path: os.symlink("/dev/null", path),
    "device": _device,
}


@pytest.mark.parametrize("kind", sorted(NON_REGULAR))
def test_force_never_replaces_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    if kind == "device" and os.geteuid() != 0:
        pytest.skip("creating a device node needs root")
    write_calendars(sample_events(), tmp_path, stamp=STAMP)
    csv_path = tmp_path / "events.csv"
    csv_path.unlink()
    NON_REGULAR[kind](csv_path)
    before = os.lstat(csv_path)
    calendars = contents(tmp_path)
    for force in (False, True):
        with pytest.raises(
            OutputError, match=r"refusing to overwrite events\.csv \(a .*even with --force"
        ):
            write_calendars(moved(sample_events(), "fieldwork"), tmp_path, stamp=STAMP, force=force)
    after = os.lstat(csv_path)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (
        before.st_mode,
        before.st_ino,
        before.st_rdev,
    )
    assert contents(tmp_path) == calendars  # the calendars were not updated either


@pytest.mark.parametrize("kind", ["FIFO", "link to a device"])
def test_an_output_path_that_is_not_a_folder_is_refused(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "rehearsal"
    NON_REGULAR[kind](out)
    with pytest.raises(OutputError, match="not a folder"):
        write_calendars(sample_events(), out, stamp=STAMP, force=True)
    assert not out.is_dir()


def test_a_link_to_a_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to("real")
    write_calendars(sample_events(), tmp_path / "link", stamp=STAMP)
    write_calendars(moved(sample_events(), "fieldwork"), tmp_path / "link", stamp=STAMP)
    assert (tmp_path / "link").is_symlink()
    assert (tmp_path / "real" / "all-teams.ics").is_file()


def test_new_files_honour_the_umask_and_replaced_ones_keep_their_mode(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        write_calendars(sample_events(), tmp_path / "out", stamp=STAMP)
        out = tmp_path / "out"
        assert stat.S_IMODE(out.stat().st_mode) == 0o750
        assert {stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()} == {0o640}
        (out / "all-teams.ics").chmod(0o600)
        out.chmod(0o700)
        write_calendars(moved(sample_events(), "fieldwork"), out, stamp=STAMP)
        assert stat.S_IMODE((out / "all-teams.ics").stat().st_mode) == 0o600
        assert stat.S_IMODE((out / "team-coordination.ics").stat().st_mode) == 0o640
        assert stat.S_IMODE(out.stat().st_mode) == 0o700  # the folder keeps its own
    finally:
        os.umask(previous)


def test_leftovers_of_killed_runs_are_cleaned_up(tmp_path: Path) -> None:
    """What a run killed before its swap leaves (a marked temporary folder) goes; what one killed
    after its swap leaves (the old folder) goes too, except a file a person put there."""
    out = tmp_path / "rehearsal"
    write_calendars(sample_events(), out, stamp=STAMP)
    staged = tmp_path / ".rehearsal.new-0123456789ab"
    staged.mkdir()
    (staged / ".inspection-sim-staging").write_text("{}")
    (staged / "all-teams.ics").write_bytes(b"half of a new set")
    old = tmp_path / ".rehearsal.old-ba9876543210"
    old.mkdir()
    (old / "all-teams.ics").write_bytes((out / "all-teams.ics").read_bytes())  # an equal copy
    (old / MANIFEST_NAME).write_bytes((out / MANIFEST_NAME).read_bytes())
    (old / "added-during-the-swap.txt").write_text("mine")
    unrelated = tmp_path / ".rehearsal.new-not-a-token"
    unrelated.mkdir()
    write_calendars(moved(sample_events(), "fieldwork"), out, stamp=STAMP)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".rehearsal.new-not-a-token", "rehearsal"]
    assert (out / "added-during-the-swap.txt").read_text() == "mine"


def test_a_run_killed_between_the_two_renames_gets_the_old_set_back(tmp_path: Path) -> None:
    """Without an atomic exchange, the swap is two renames; killed between them, the target is
    missing and the old folder is beside it: the next run puts it back before writing."""
    out = tmp_path / "rehearsal"
    write_calendars(sample_events(), out, stamp=STAMP)
    (out / "notes.txt").write_text("kept")
    out.rename(tmp_path / ".rehearsal.old-00000000000a")
    write_calendars(moved(sample_events(), "fieldwork"), out, stamp=STAMP)
    assert (out / "notes.txt").read_text() == "kept"
    assert b"SEQUENCE:1" in (out / "all-teams.ics").read_bytes()  # continued from the old set
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rehearsal"]


def test_write_folder_is_reusable_for_other_outputs(tmp_path: Path) -> None:
    """The owned-folder unit other outputs use: build gets the previous content of our files."""
    seen: list[bytes | None] = []

    def build(previous: object) -> dict[str, bytes]:
        assert callable(previous)
        seen.append(previous("log.txt"))
        return {"log.txt": (seen[-1] or b"") + b"run\n"}

    write_folder(tmp_path / "out", build)
    update = write_folder(tmp_path / "out", build)
    assert seen == [None, b"run\n"]
    assert (tmp_path / "out" / "log.txt").read_bytes() == b"run\nrun\n"
    assert update.change_of("log.txt") is Change.UPDATED
    with pytest.raises(OutputError, match="not a plain file name"):
        write_folder(tmp_path / "out", lambda previous: {"../escape.txt": b""})


def test_without_an_atomic_exchange_the_swap_is_two_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Systems without ``renameat2(RENAME_EXCHANGE)`` (macOS, Windows, old C libraries)."""
    monkeypatch.setattr("inspection_sim.export.folder.exchange", lambda a, b: False)
    out = tmp_path / "rehearsal"
    write_calendars(sample_events(), out, stamp=STAMP)
    (out / "notes.txt").write_text("kept")
    again = write_calendars(renamed(sample_events(), "Performance", "Data"), out, stamp=STAMP)
    assert [path.name for path in again.removed] == ["team-performance.ics"]
    assert (out / "notes.txt").read_text() == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rehearsal"]


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a folder's owner needs root")
def test_a_folder_keeps_its_owner_when_root_writes_it(tmp_path: Path) -> None:
    """Root updating a planner's folder must not leave it owned by root (and unwritable to them)."""
    out = tmp_path / "rehearsal"
    out.mkdir()
    os.chown(out, 65534, 65534)
    write_calendars(sample_events(), out, stamp=STAMP)
    write_calendars(moved(sample_events(), "fieldwork"), out, stamp=STAMP)
    assert (out.stat().st_uid, out.stat().st_gid) == (65534, 65534)


# --- subfolders (a rehearsal's people/ and rooms/) -----------------------------------------------


def files_of(folder: Path) -> dict[str, bytes]:
    """Every regular file under ``folder`` by its name inside it, bookkeeping left out."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST_NAME
    }


def test_files_in_a_subfolder_are_written_updated_and_listed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = write_folder(out, lambda previous: {"a.txt": b"a", "people/ann.ics": b"1"})
    assert [item.change for item in first.changes] == [Change.NEW, Change.NEW]
    assert files_of(out) == {"a.txt": b"a", "people/ann.ics": b"1"}
    manifest = json.loads((out / MANIFEST_NAME).read_text("utf-8"))["files"]
    assert set(manifest) == {"a.txt", "people/ann.ics"}
    seen: list[bytes | None] = []

    def again(previous: Callable[[str], bytes | None]) -> dict[str, bytes]:
        seen.append(previous("people/ann.ics"))
        return {"a.txt": b"a", "people/ann.ics": b"2"}

    update = write_folder(out, again)
    assert seen == [b"1"]  # a calendar in a subfolder continues from its old self too
    assert update.change_of("people/ann.ics") is Change.UPDATED
    assert update.change_of("a.txt") is Change.UNCHANGED
    assert files_of(out) == {"a.txt": b"a", "people/ann.ics": b"2"}


def test_a_file_gone_from_a_subfolder_is_removed_and_an_empty_subfolder_goes(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    write_folder(out, lambda previous: {"people/ann.ics": b"1", "people/tom.ics": b"2"})
    update = write_folder(out, lambda previous: {"people/ann.ics": b"1"})
    assert update.removed == ("people/tom.ics",)
    assert files_of(out) == {"people/ann.ics": b"1"}
    update = write_folder(out, lambda previous: {"a.txt": b"a"})
    assert update.removed == ("people/ann.ics",)
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST_NAME, "a.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing left beside it


def test_a_file_a_person_put_in_a_subfolder_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_folder(out, lambda previous: {"people/ann.ics": b"1", "people/tom.ics": b"2"})
    (out / "people" / "notes.txt").write_text("mine")
    write_folder(out, lambda previous: {"people/ann.ics": b"1"})
    assert files_of(out) == {"people/ann.ics": b"1", "people/notes.txt": b"mine"}
    write_folder(out, lambda previous: {"a.txt": b"a"})
    assert files_of(out) == {"a.txt": b"a", "people/notes.txt": b"mine"}


def test_an_edited_file_in_a_subfolder_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_folder(out, lambda previous: {"people/ann.ics": b"1"})
    (out / "people" / "ann.ics").write_bytes(b"edited")
    with pytest.raises(OutputError, match=r"people/ann\.ics: changed since"):
        write_folder(out, lambda previous: {"people/ann.ics": b"2"})
    assert (out / "people" / "ann.ics").read_bytes() == b"edited"
    write_folder(out, lambda previous: {"people/ann.ics": b"2"}, force=True)
    assert (out / "people" / "ann.ics").read_bytes() == b"2"


@pytest.mark.parametrize("kind", ["folder", "file", "link"])
def test_a_subfolder_someone_else_made_is_in_the_way(tmp_path: Path, kind: str) -> None:
    """A ``people`` entry the manifest does not know is not ours, even with --force."""
    out = tmp_path / "out"
    write_folder(out, lambda previous: {"a.txt": b"a"})
    entry = out / "people"
    if kind == "folder":
        entry.mkdir()
        (entry / "theirs.txt").write_text("theirs")
    elif kind == "file":
        entry.write_text("theirs")
    else:
        (tmp_path / "elsewhere").mkdir()
        entry.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(OutputError, match="people"):
        write_folder(out, lambda previous: {"a.txt": b"a", "people/ann.ics": b"1"}, force=True)
    assert not (tmp_path / "elsewhere" / "ann.ics").exists()
    if kind == "folder":
        assert (entry / "theirs.txt").read_text() == "theirs"


@pytest.mark.parametrize("name", ["a/b/c.txt", "people/", "/people/a.txt", "people/..", "./a"])
def test_only_one_level_of_plain_subfolder_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError, match="not a plain file name"):
        write_folder(tmp_path / "out", lambda previous: {name: b""})


def test_leftovers_with_subfolders_are_cleaned_up(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_folder(out, lambda previous: {"people/ann.ics": b"1"})
    staged = tmp_path / ".out.new-0123456789ab"
    (staged / "people").mkdir(parents=True)
    (staged / ".inspection-sim-staging").write_text("{}")
    (staged / "people" / "ann.ics").write_bytes(b"half of a new set")
    old = tmp_path / ".out.old-ba9876543210"
    (old / "people").mkdir(parents=True)
    (old / "people" / "ann.ics").write_bytes(b"1")
    (old / MANIFEST_NAME).write_bytes((out / MANIFEST_NAME).read_bytes())
    write_folder(out, lambda previous: {"people/ann.ics": b"2"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert files_of(out) == {"people/ann.ics": b"2"}


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a folder's owner needs root")
def test_subfolders_keep_the_folders_owner_when_root_writes_them(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.chown(out, 65534, 65534)
    write_folder(out, lambda previous: {"people/ann.ics": b"1"})
    write_folder(out, lambda previous: {"people/ann.ics": b"2"})
    assert ((out / "people").stat().st_uid, (out / "people").stat().st_gid) == (65534, 65534)
