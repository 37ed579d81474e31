"""What a folder has to publish: the events of one calendar file inspection-sim wrote there.

By default that is the combined calendar, ``all-teams.ics``: every event of the plan, each naming
its owner team, in one calendar that everyone involved can see. ``team=`` picks one team's file
instead, for a calendar of that team's own.

Only a file that the folder's manifest lists, with the same content, is read: publishing sends
what inspection-sim wrote, never a file edited since or put there by someone else. A folder being
rewritten at that moment is read again once the new set is in place.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from icalendar import Calendar

from inspection_sim.errors import OutputError, UnknownNameError
from inspection_sim.export.atomic import read_regular
from inspection_sim.export.files import COMBINED_NAME, team_slug
from inspection_sim.export.manifest import MANIFEST_NAME, digest, read_manifest
from inspection_sim.publishing.resources import LocalEvent, local_events

__all__ = ["Source", "read_source"]

#: A folder caught between two writes is read again this many times, this far apart.
_ATTEMPTS = 3
_PAUSE_SECONDS = 0.2


@dataclass(frozen=True)
class Source:
    """One calendar file of an output folder, as events to publish.

    Attributes:
        folder: the output folder.
        name: the file (``all-teams.ics``, ``team-<name>.ics``); it marks every event published.
        calendar_name: the calendar's own name (``X-WR-CALNAME``), or the file name without one.
        events: its events, cancelled ones included.
    """

    folder: Path
    name: str
    calendar_name: str
    events: tuple[LocalEvent, ...]


def read_source(folder: str | Path, *, team: str | None = None) -> Source:
    """Read the combined calendar of ``folder``, or the calendar of ``team``.

    Raises:
        OutputError: the folder is missing, was not written by inspection-sim, lacks the file or
            holds a version of it edited since.
        UnknownNameError: no calendar of that team in the folder (the closest is suggested).
    """
    path = Path(folder)
    where = str(path)
    if not path.is_dir():
        problem = "does not exist" if not path.exists() else "is not a folder"
        raise OutputError(
            f"the folder {problem}; give the folder that rehearse --out wrote", source=where
        )
    for attempt in range(_ATTEMPTS):
        listed = read_manifest(path)
        if listed is None:
            raise OutputError(
                f"not a folder inspection-sim wrote (it has no readable {MANIFEST_NAME}); give "
                "the folder that rehearse --out wrote",
                source=where,
            )
        name = _chosen_file(listed, team, where)
        try:
            data = read_regular(path / name)
        except FileNotFoundError:
            data = b""
        except OSError as error:
            raise OutputError(
                f"cannot read {name}: {error.strerror or error}", source=where
            ) from None
        if digest(data) == listed[name]:
            return _source(path, name, data)
        if attempt + 1 < _ATTEMPTS:
            time.sleep(_PAUSE_SECONDS)  # a write of the folder in progress: read the new set
    raise OutputError(
        f"{name} was changed since inspection-sim wrote it (or removed); publishing sends only "
        "what inspection-sim wrote: run the command that wrote the folder again",
        source=where,
    )


def _chosen_file(listed: dict[str, str], team: str | None, where: str) -> str:
    if team is None:
        if COMBINED_NAME not in listed:
            raise OutputError(
                f"has no {COMBINED_NAME} written by inspection-sim; give the folder that "
                "rehearse --out wrote",
                source=where,
            )
        return COMBINED_NAME
    teams = sorted(
        name[5:-4] for name in listed if name.startswith("team-") and name.endswith(".ics")
    )
    for candidate in (team, team_slug(team), team.removeprefix("team-").removesuffix(".ics")):
        if candidate in teams:
            return f"team-{candidate}.ics"
    if not teams:
        raise UnknownNameError(f"{where} has no team calendars", key="team", value=team)
    raise UnknownNameError(
        f"{where} has no calendar of this team", key="team", value=team, choices=teams
    )


def _source(folder: Path, name: str, data: bytes) -> Source:
    where = str(folder / name)
    try:
        events = local_events(data, name)
        title = Calendar.from_ical(data).get("X-WR-CALNAME")
    except ValueError as error:
        raise OutputError(f"cannot be published: {error}", source=where) from None
    seen: set[str] = set()
    for event in events:
        if event.uid in seen:
            raise OutputError("two events share one UID", source=where, value=event.uid)
        seen.add(event.uid)
    return Source(folder, name, str(title) if title else name, tuple(events))
