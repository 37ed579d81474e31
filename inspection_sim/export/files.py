"""Writing a plan's calendars: one file per team, a combined file and a CSV, as one folder.

Layout of the output folder:

* ``all-teams.ics`` — every event;
* ``team-<name>.ics`` — the events a team owns (events without a team are only in the combined
  file); long team names are shortened, with a hash that keeps them apart;
* ``events.csv`` — the same events as a table;
* ``feed.ics`` — the subscription feed, renewed with the combined file once a folder has one
  (:mod:`inspection_sim.export.feed`).
* any further files the caller builds (a rehearsal's tracker, its exercise controller's calendar).

An event is in the file of its owner team and in those of the teams it is ``also_for`` (a framework
date a team lives by).

The folder is written as a whole (:mod:`inspection_sim.export.folder`): running again updates the
files inspection-sim wrote, each calendar read first so that SEQUENCE numbers continue from it, and
removes the files of teams that are gone; a file inspection-sim did not write is replaced only with
``force``. A calendar whose events did not change keeps its bytes, DTSTAMP included.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import overload

from inspection_sim.csvfile import BYTE_ORDER_MARK
from inspection_sim.errors import OutputError
from inspection_sim.export.events import CalendarEvent
from inspection_sim.export.feed import FEED_NAME, renewed_feed
from inspection_sim.export.folder import (
    Change,
    FolderUpdate,
    Previous,
    describe_changes,
    write_folder,
)
from inspection_sim.export.ical import DEFAULT_PLAN_ID, PRODID, to_ical
from inspection_sim.export.tables import COLUMNS, to_csv

__all__ = [
    "COMBINED_NAME",
    "CSV_NAME",
    "Extra",
    "ExtraFile",
    "WrittenCalendars",
    "WrittenFile",
    "calendar_bytes",
    "team_slug",
    "write_calendars",
]

COMBINED_NAME = "all-teams.ics"
CSV_NAME = "events.csv"

#: Longest slug in a team file name; longer ones end in a hash of the team name.
SLUG_LIMIT = 60


@dataclass(frozen=True)
class WrittenFile:
    """One file written: where, for which team (None for the combined files), how many events
    (or other items, named by ``noun``), and whether it is new, updated or unchanged."""

    path: Path
    team: str | None
    events: int
    change: Change = Change.NEW
    noun: str = "event"

    def count(self) -> str:
        """``"1 event"``, ``"12 tasks"``."""
        return f"{self.events} {self.noun}{'' if self.events == 1 else 's'}"


@dataclass(frozen=True)
class ExtraFile:
    """A file written beside the calendars: its bytes, and how many ``noun`` items it holds."""

    data: bytes
    count: int
    noun: str = "event"


#: Builds the further files of a folder from the current ones (see :func:`write_calendars`).
Extra = Callable[[Previous], Mapping[str, ExtraFile]]


@dataclass(frozen=True)
class WrittenCalendars(Sequence[WrittenFile]):
    """The files of one export, in order (combined calendar, teams, CSV, any feed), and the files
    removed because their team is gone. Iterating gives the files written."""

    folder: Path
    files: tuple[WrittenFile, ...]
    removed: tuple[Path, ...] = ()

    @overload
    def __getitem__(self, index: int) -> WrittenFile: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[WrittenFile]: ...

    def __getitem__(self, index: int | slice) -> WrittenFile | Sequence[WrittenFile]:
        return self.files[index]

    def __len__(self) -> int:
        return len(self.files)

    def __iter__(self) -> Iterator[WrittenFile]:
        return iter(self.files)

    def summary(self) -> str:
        """What changed in the folder: ``"1 file updated, 8 unchanged, 1 removed"``."""
        changes = [item.change for item in self.files] + [Change.REMOVED] * len(self.removed)
        return describe_changes(changes)


def team_slug(team: str) -> str:
    """A file-name-safe form of a team name: lower case, ASCII letters and digits, hyphens.

    At most :data:`SLUG_LIMIT` characters: a longer slug is cut and ends in a short hash of the
    whole team name, so that it stays stable and two long names stay apart.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", team.lower()).strip("-") or "team"
    if len(slug) <= SLUG_LIMIT:
        return slug
    digest = hashlib.sha256(team.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug[: SLUG_LIMIT - len(digest) - 1].rstrip('-')}-{digest}"


def write_calendars(
    events: Iterable[CalendarEvent],
    out_dir: str | Path,
    *,
    stamp: datetime,
    calendar_name: str = "Inspection rehearsal",
    plan_id: str = DEFAULT_PLAN_ID,
    force: bool = False,
    parents: bool = False,
    extra: Extra | None = None,
    cancel_missing: bool = False,
) -> WrittenCalendars:
    """Write the combined calendar, one calendar per team and the CSV into ``out_dir``.

    Args:
        events: the events to write.
        out_dir: the folder; created when missing (its parent must exist unless ``parents``).
        stamp: the export time (DTSTAMP).
        calendar_name: the combined calendar's name; team calendars are named
            ``"<calendar_name> – <team>"``.
        plan_id: the plan identity that, with each event key, fixes the UIDs.
        force: also replace files inspection-sim did not write, or that were changed since
            (a calendar among them is read for its SEQUENCE numbers).
        parents: create the folders above ``out_dir`` when missing.
        extra: builds further files of the same folder, written in the same unit; it receives
            the reader of the current files (a calendar among them continues its SEQUENCE
            numbers through :func:`calendar_bytes`).
        cancel_missing: keep each event a calendar had and no longer has, as cancelled (see
            :func:`~inspection_sim.export.to_ical`), so that a calendar that picks the file up
            removes it.

    Returns:
        The files written (combined calendar first, then teams in name order, the CSV, any feed,
        then the extra files), each marked new, updated or unchanged, and the files removed.

    Raises:
        OutputError: the folder cannot be created or written, a file in the way was not written by
            inspection-sim and ``force`` is off, or something that is not a regular file is in the
            way.
    """
    chosen = tuple(events)
    groups = _groups(chosen)
    extras: dict[str, ExtraFile] = {}

    def build(previous: Previous) -> Mapping[str, bytes]:
        outputs: dict[str, bytes] = {}
        for name, team, members in groups:
            title = calendar_name if team is None else f"{calendar_name} – {team}"
            outputs[name] = calendar_bytes(
                members,
                previous(name),
                calendar_name=title,
                stamp=stamp,
                plan_id=plan_id,
                cancel_missing=cancel_missing,
            )
        outputs[CSV_NAME] = to_csv(chosen, plan_id=plan_id)
        feed = renewed_feed(previous(FEED_NAME), outputs[COMBINED_NAME])
        if feed is not None:
            outputs[FEED_NAME] = feed
        if extra is not None:
            extras.update(extra(previous))
            for name, item in extras.items():
                if name in outputs:
                    raise OutputError("two outputs share one file name", value=name)
                outputs[name] = item.data
        return outputs

    update = write_folder(out_dir, build, force=force, parents=parents, recognise=_written_by_us)
    return _result(update, groups, len(chosen), extras)


def calendar_bytes(
    events: Iterable[CalendarEvent],
    old: bytes | None,
    *,
    calendar_name: str,
    stamp: datetime,
    plan_id: str,
    cancel_missing: bool = False,
) -> bytes:
    """A calendar file continuing ``old`` (the file it replaces, if any): SEQUENCE numbers go on
    from it, and when no event changed, its very bytes are kept, DTSTAMP included; with
    ``cancel_missing``, the events it no longer has stay in it as cancelled."""
    prior = old if old is not None and old.startswith(b"BEGIN:VCALENDAR") else None
    data = to_ical(
        events,
        calendar_name=calendar_name,
        stamp=stamp,
        plan_id=plan_id,
        previous=prior,
        cancel_missing=cancel_missing,
    )
    return prior if prior is not None and _same_but_stamp(prior, data) else data


def _result(
    update: FolderUpdate,
    groups: list[tuple[str, str | None, tuple[CalendarEvent, ...]]],
    total: int,
    extras: Mapping[str, ExtraFile],
) -> WrittenCalendars:
    folder = update.folder
    files = [
        WrittenFile(folder / name, team, len(members), update.change_of(name))
        for name, team, members in groups
    ]
    files.append(WrittenFile(folder / CSV_NAME, None, total, update.change_of(CSV_NAME)))
    if FEED_NAME not in update.removed and any(c.name == FEED_NAME for c in update.changes):
        files.append(WrittenFile(folder / FEED_NAME, None, total, update.change_of(FEED_NAME)))
    files.extend(
        WrittenFile(folder / name, None, item.count, update.change_of(name), item.noun)
        for name, item in extras.items()
    )
    removed = tuple(folder / name for name in update.removed)
    return WrittenCalendars(folder, tuple(files), removed)


def _groups(
    events: tuple[CalendarEvent, ...],
) -> list[tuple[str, str | None, tuple[CalendarEvent, ...]]]:
    groups: list[tuple[str, str | None, tuple[CalendarEvent, ...]]] = [
        (COMBINED_NAME, None, events)
    ]
    used: set[str] = set()
    for team in sorted({team for event in events for team in event.teams}):
        slug, n = team_slug(team), 1
        while (f"{slug}-{n}" if n > 1 else slug) in used:  # "R&D" and "R+D" both give "r-d"
            n += 1
        slug = f"{slug}-{n}" if n > 1 else slug
        used.add(slug)
        members = tuple(event for event in events if team in event.teams)
        groups.append((f"team-{slug}.ics", team, members))
    return groups


_STAMP_LINE = re.compile(rb"\r\nDTSTAMP:[^\r\n]*")


def _same_but_stamp(old: bytes, new: bytes) -> bool:
    """Whether two calendars differ at most in their DTSTAMPs (the time of export)."""
    return _STAMP_LINE.sub(b"", old) == _STAMP_LINE.sub(b"", new)


_PRODID_LINE = f"\r\nPRODID:{PRODID}\r\n".encode()
#: The headers of events.csv: today's, and the shorter one of the versions before manifests.
_CSV_HEADERS = (
    ",".join(COLUMNS).encode(),
    ",".join(COLUMNS[: COLUMNS.index("description") + 1]).encode(),
)


def _written_by_us(name: str, data: bytes) -> bool:
    """Whether a file of a folder without manifest (written before manifests) is one of ours."""
    if name == COMBINED_NAME or (name.startswith("team-") and name.endswith(".ics")):
        return data.startswith(b"BEGIN:VCALENDAR\r\n") and _PRODID_LINE in data[:2048]
    if name == CSV_NAME:
        header = data.removeprefix(BYTE_ORDER_MARK.encode()).split(b"\n", 1)[0].rstrip(b"\r")
        return header in _CSV_HEADERS
    return False
