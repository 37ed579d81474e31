"""A rehearsal's tasks and framework dates as tracker records (see :mod:`inspection_sim.tracker`).

A plan's tracker is the same records on the plan's own dates: the timeline rehearsed on its own
call, which keeps every date where it is.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from inspection_sim.export import CalendarEvent
from inspection_sim.plan.timeline import ScheduledTask
from inspection_sim.rehearsal.build import EventSettings
from inspection_sim.rehearsal.phrases import plain_name
from inspection_sim.tracker import TrackedItem

if TYPE_CHECKING:
    pass

__all__ = ["tracked_item"]


def tracked_item(
    task: ScheduledTask,
    event: CalendarEvent,
    first: date,
    last: date,
    due: date | None,
    settings: EventSettings,
) -> TrackedItem:
    """The tracker record of ``task``, shown as ``event`` from ``first`` to ``last``, due by the
    end of ``due``."""
    words = settings.words
    links = words.links.get(task.id, ())
    return TrackedItem(
        id=task.id,
        name=plain_name(task.name) if task.name else words.name(task.id),
        team=event.team,
        contacts="; ".join(settings.contacts.get(task.team or "", ())),
        start=first,
        finish=last,
        due=due,
        depends_on=tuple(dict.fromkeys(dep.predecessor for dep in links)),
        depends_in_words=". ".join(words.dependency_lines(task.id)),
        framework=task.framework,
        kind=task.kind.value,
        at=None if event.all_day else event.local_start().time(),
        why=words.rules.explain(task.id) if task.framework else "",
        calendars="; ".join(event.teams),
        reference=event.reference,
    )
