"""Teams given to ``plan()``: their calendars as availability over the council's working days,
and the one way a team is named to a planner (:func:`team_display`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import ArgumentTypeError
from inspection_sim.plan.worktime import team_availability

__all__ = ["team_calendars", "team_display", "team_sizes"]

_TEAM_KEYS = ("leave", "weekmask", "size")


def team_calendars(
    teams: Mapping[str, Any], council: WorkingCalendar
) -> dict[str, npt.NDArray[np.bool_]]:
    """Team id -> True on the council working days the team works (teams with no leave and no
    weekmask of their own are left out: they work every council working day).

    A team is a :class:`WorkingCalendar` of its own, or a mapping with ``leave`` (dates),
    ``weekmask`` (e.g. ``"Mon-Wed"``) and ``size`` (people, for levelling).
    """
    found: dict[str, npt.NDArray[np.bool_]] = {}
    for name, spec in teams.items():
        if isinstance(spec, WorkingCalendar):
            days = council.dates_at(np.arange(council.n_working_days))
            found[name] = spec.is_working_day_batch(days)
            continue
        if not isinstance(spec, Mapping):
            raise ArgumentTypeError(
                "a team is a WorkingCalendar or a mapping of leave, weekmask, size",
                key=f"teams.{name}",
                value=spec,
            )
        unknown = [k for k in spec if k not in _TEAM_KEYS]
        if unknown:
            raise ArgumentTypeError(
                "unknown team key", key=f"teams.{name}", value=unknown[0], choices=_TEAM_KEYS
            )
        leave, weekmask = tuple(spec.get("leave") or ()), spec.get("weekmask")
        if leave or weekmask:
            found[name] = team_availability(council, leave=leave, weekmask=weekmask)
    return found


def team_sizes(teams: Mapping[str, Any]) -> dict[str, int]:
    """Team id -> people (1 when not given; a team whose ``size`` is None has no capacity limit
    and is left out, like a team not given at all)."""
    return {
        name: int(spec.get("size") or 1) if isinstance(spec, Mapping) else 1
        for name, spec in teams.items()
        if not (isinstance(spec, Mapping) and "size" in spec and spec["size"] is None)
    }


def team_display(names: Mapping[str, str], team: str | None) -> str:
    """The scenario's name for a team; a template team the scenario does not name is shown
    from its id ("facilities" as "Facilities", a short id such as "it" as "IT").

    >>> team_display({"performance": "Performance and data team"}, "performance")
    'Performance and data team'
    >>> team_display({}, "it"), team_display({}, "social-care")
    ('IT', 'Social care')
    """
    if not team:
        return ""
    if team in names:
        return names[team]
    words = team.replace("-", " ")
    return words.upper() if len(team) <= 3 else words.capitalize()
