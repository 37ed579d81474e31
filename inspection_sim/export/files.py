"""Writing a plan's calendars: one file per team, a combined file and a CSV, all atomically.

Layout of the output folder:

* ``all-teams.ics`` — every event;
* ``team-<name>.ics`` — the events a team owns (events without a team are only in the combined
  file);
* ``events.csv`` — the same events as a table.

Every path is checked before anything is written: an existing file is kept intact unless ``force``.
With ``force``, the file being replaced is read first so that SEQUENCE numbers continue from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from inspection_sim.errors import OutputError
from inspection_sim.export.atomic import check_free, prepare_folder, write_atomic
from inspection_sim.export.events import CalendarEvent
from inspection_sim.export.ical import DEFAULT_PLAN_ID, to_ical
from inspection_sim.export.tables import to_csv

__all__ = ["COMBINED_NAME", "CSV_NAME", "WrittenFile", "team_slug", "write_calendars"]

COMBINED_NAME = "all-teams.ics"
CSV_NAME = "events.csv"


@dataclass(frozen=True)
class WrittenFile:
    """One file written: where, for which team (None for the combined files), how many events."""

    path: Path
    team: str | None
    events: int


def team_slug(team: str) -> str:
    """A file-name-safe form of a team name: lower case, ASCII letters and digits, hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", team.lower()).strip("-") or "team"


def write_calendars(
    events: Iterable[CalendarEvent],
    out_dir: str | Path,
    *,
    stamp: datetime,
    calendar_name: str = "Inspection rehearsal",
    plan_id: str = DEFAULT_PLAN_ID,
    force: bool = False,
) -> tuple[WrittenFile, ...]:
    """Write the combined calendar, one calendar per team and the CSV into ``out_dir``.

    Args:
        events: the events to write.
        out_dir: the folder; created when missing.
        stamp: the export time (DTSTAMP).
        calendar_name: the combined calendar's name; team calendars are named
            ``"<calendar_name> – <team>"``.
        plan_id: the plan identity that, with each event key, fixes the UIDs.
        force: replace existing files (continuing their SEQUENCE numbers) instead of refusing.

    Returns:
        The files written, combined calendar first, then teams in name order, then the CSV.

    Raises:
        OutputError: the folder cannot be created or written, or a file exists and ``force`` is off.
    """
    chosen = tuple(events)
    folder = prepare_folder(Path(out_dir))
    groups = _groups(chosen, folder)
    csv_path = folder / CSV_NAME
    check_free([path for path, _, _ in groups] + [csv_path], force=force)
    outputs: dict[Path, bytes] = {}
    written: list[WrittenFile] = []
    for path, team, members in groups:
        name = calendar_name if team is None else f"{calendar_name} – {team}"
        previous = _previous(path) if force else None
        outputs[path] = to_ical(
            members, calendar_name=name, stamp=stamp, plan_id=plan_id, previous=previous
        )
        written.append(WrittenFile(path, team, len(members)))
    outputs[csv_path] = to_csv(chosen, plan_id=plan_id)
    written.append(WrittenFile(csv_path, None, len(chosen)))
    for path, data in outputs.items():
        write_atomic(path, data)
    return tuple(written)


def _groups(
    events: tuple[CalendarEvent, ...], folder: Path
) -> list[tuple[Path, str | None, tuple[CalendarEvent, ...]]]:
    groups: list[tuple[Path, str | None, tuple[CalendarEvent, ...]]] = [
        (folder / COMBINED_NAME, None, events)
    ]
    used: set[str] = set()
    for team in sorted({event.team for event in events if event.team}):
        slug, n = team_slug(team), 1
        while (f"{slug}-{n}" if n > 1 else slug) in used:  # "R&D" and "R+D" both give "r-d"
            n += 1
        slug = f"{slug}-{n}" if n > 1 else slug
        used.add(slug)
        members = tuple(event for event in events if event.team == team)
        groups.append((folder / f"team-{slug}.ics", team, members))
    return groups


def _previous(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise OutputError(f"cannot read: {error.strerror or error}", source=str(path)) from None
    # A replaced file that is not one of our calendars carries no revisions to continue.
    return data if data.startswith(b"BEGIN:VCALENDAR") else None
