"""A plan's folder: what ``plan`` writes and ``track`` reads and updates.

* **inspection-sim's files**, written as one unit by the rehearsal's writer
  (:func:`inspection_sim.write_calendars`, which lists them in the folder's manifest): the
  calendars (``all-teams.ics``, one per team) and ``events.csv``; ``scenario.toml``, the scenario
  the plan was made from, which ``track`` plans from again; and ``changes.csv``, the change log
  every ``track`` run appends to. An event the plan no longer has stays in the calendars as
  cancelled, so that calendars that pick the files up remove it.
* **The planner's files**, which inspection-sim never lists as its own, so that nothing it writes
  later replaces them unasked: ``tracker.xlsx``, written by ``plan`` when the folder has none, and
  brought up to date by ``track``, which first keeps the planner's copy beside it
  (``tracker-kept-<stamp>.xlsx``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inspection_sim.errors import OutputError
from inspection_sim.export import CalendarEvent, WrittenCalendars, write_calendars
from inspection_sim.export.atomic import read_regular, write_file
from inspection_sim.export.files import ExtraFile
from inspection_sim.export.folder import Previous
from inspection_sim.tracker import TRACKER_NAME, same_workbook
from inspection_sim.tracking.changes import CHANGES_NAME
from inspection_sim.tracking.names import PlanNames

__all__ = [
    "SCENARIO_NAME",
    "TRACKER_NAME",
    "TrackerUpdate",
    "kept_name",
    "update_tracker",
    "write_plan_files",
]

SCENARIO_NAME = "scenario.toml"

#: Builds the change log from the folder's current files (its log, its calendars); returns the
#: log's bytes and the number of rows it adds.
LogBuilder = Callable[[Previous], tuple[bytes, int]]


def write_plan_files(
    folder: str | Path,
    events: tuple[CalendarEvent, ...],
    names: PlanNames,
    *,
    stamp: datetime,
    scenario: bytes | None,
    log: LogBuilder | None = None,
    force: bool = False,
    parents: bool = False,
) -> WrittenCalendars:
    """Write the calendars, the CSV, the scenario and (with ``log``) the change log as one unit.

    ``scenario`` None keeps the folder's own ``scenario.toml``.
    """

    def extra(previous: Previous) -> Mapping[str, ExtraFile]:
        files: dict[str, ExtraFile] = {}
        text = scenario if scenario is not None else previous(SCENARIO_NAME)
        if text is not None:
            files[SCENARIO_NAME] = ExtraFile(text, 1, "scenario")
        if log is not None:
            data, rows = log(previous)
            files[CHANGES_NAME] = ExtraFile(data, rows, "new change")
        return files

    return write_calendars(
        events,
        folder,
        stamp=stamp,
        calendar_name=names.calendar_name,
        plan_id=names.plan_id,
        force=force,
        parents=parents,
        extra=extra,
        cancel_missing=True,
    )


@dataclass(frozen=True)
class TrackerUpdate:
    """What happened to the folder's tracker: the file, the copy kept of the planner's version
    (None: none needed), and whether it changed."""

    path: Path
    kept: Path | None
    changed: bool


def update_tracker(
    folder: Path, data: bytes, stamp: datetime, *, keep: bool = True
) -> TrackerUpdate:
    """Write ``data`` as the folder's tracker; the one there is kept first when it differs.

    With ``keep`` off (a new plan's tracker in a folder without one) nothing is kept.
    """
    path = folder / TRACKER_NAME
    try:
        current: bytes | None = read_regular(path)
    except FileNotFoundError:
        current = None
    except OSError as error:
        raise OutputError(
            f"cannot read the tracker: {error.strerror or error}", source=str(path)
        ) from None
    if current is not None and same_workbook(current, data):
        return TrackerUpdate(path, None, False)
    kept = None
    if current is not None and keep:
        kept = _free_name(folder, kept_name(stamp))
        write_file(kept, current)
    write_file(path, data, force=current is not None)
    return TrackerUpdate(path, kept, True)


def kept_name(stamp: datetime) -> str:
    """The name of the copy kept of a tracker replaced at ``stamp``."""
    return f"tracker-kept-{stamp.astimezone(UTC):%Y%m%dT%H%M%SZ}.xlsx"


def _free_name(folder: Path, name: str) -> Path:
    """``folder / name``, or with ``-2``, ``-3``... when taken."""
    path, stem, n = folder / name, name.removesuffix(".xlsx"), 1
    while path.exists() or path.is_symlink():
        n += 1
        path = folder / f"{stem}-{n}.xlsx"
    return path


def scenario_bytes(scenario: Any) -> bytes | None:
    """The text of a scenario that came from a file (or the embedded default), else None."""
    source = str(getattr(scenario, "source", ""))
    if source == "<default scenario>":
        from importlib import resources

        return resources.files("inspection_sim.scenario").joinpath("data/default.toml").read_bytes()
    try:
        return read_regular(Path(source))
    except OSError:
        return None
