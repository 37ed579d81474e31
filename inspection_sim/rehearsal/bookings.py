"""Bookings for the inspectors' base, sized by the inspectors on site each day.

A council task that ``books`` something for the inspectors (the base room, IT access) is told who
is on site each fieldwork day, and the rehearsal holds one booking for each run of days with the
same inspectors: where the number changes (the ILACS standard inspection's regulatory inspector
for two days, its schools inspector for one), a new booking starts. How many of each kind come is
the framework rules' fieldwork team; which days a part-time member comes is the on-site rules'
(a planning assumption). Nothing here knows a number of inspectors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.export import BusyStatus, CalendarEvent, Category
from inspection_sim.rehearsal.build import daily_recurrence
from inspection_sim.rehearsal.describe import PREFIX
from inspection_sim.rehearsal.phrases import count, day_text
from inspection_sim.rules.model import InspectionType, TaskTemplate, TeamMember

__all__ = ["OnSite", "booking_events", "on_site_days", "part_time_days", "team_line"]


@dataclass(frozen=True)
class OnSite:
    """A run of consecutive fieldwork days with the same inspectors on site."""

    days: tuple[date, ...]
    members: tuple[TeamMember, ...]

    @property
    def inspectors(self) -> int:
        return sum(member.count for member in self.members)


def part_time_days(inspection: str, version: str) -> dict[str, tuple[int, ...]]:
    """Which fieldwork days (1 is the first) each part-time team member comes, from the on-site
    rules; empty when the framework has no on-site rules for this inspection type."""
    from inspection_sim.errors import InspectionSimError
    from inspection_sim.timetable import load_onsite

    try:
        onsite = load_onsite(inspection, version=version)
    except InspectionSimError:
        return {}
    return {group.id: group.on_days for group in onsite.inspectors if group.on_days}


def on_site_days(
    rules: InspectionType, part_time: Mapping[str, Sequence[int]], fieldwork: Sequence[date]
) -> tuple[OnSite, ...]:
    """The runs of the rehearsal's ``fieldwork`` days with the same inspectors on site. A
    part-time member whose days are unknown is left out of the runs (``team_line`` says so)."""

    def present(number: int) -> tuple[TeamMember, ...]:
        return tuple(
            member
            for member in rules.fieldwork.team
            if member.days is None or number in part_time.get(member.id, ())
        )

    runs: list[OnSite] = []
    for number, day in enumerate(fieldwork, start=1):
        members = present(number)
        if runs and runs[-1].members == members:
            runs[-1] = OnSite((*runs[-1].days, day), members)
        else:
            runs.append(OnSite((day,), members))
    return tuple(runs)


def team_line(
    rules: InspectionType, part_time: Mapping[str, Sequence[int]], fieldwork: Sequence[date]
) -> str:
    """``"Inspectors on site: 4 social care inspectors every day; 1 schools inspector on Thu 10
    Jun 2027 (5 that day)."``; empty without a team."""
    runs = on_site_days(rules, part_time, fieldwork)
    if not rules.fieldwork.team or not runs:
        return ""
    parts = []
    for member in rules.fieldwork.team:
        who = count(member.count, member.role)
        if member.days is None:
            parts.append(f"{who} every day")
            continue
        days = [run for run in runs if member in run.members]
        planned = part_time.get(member.id, ())
        if not days and planned:
            numbers = ", ".join(str(number) for number in planned)
            parts.append(f"{who} on fieldwork day {numbers}, after this rehearsal's last day")
            continue
        if not days:
            parts.append(f"{who} for {count(member.days, 'day')} (which days is not planned)")
            continue
        when = " and ".join(_run_text(run.days) for run in days)
        totals = ", ".join(str(run.inspectors) for run in days)
        parts.append(f"{who} on {when} ({totals} on site then)")
    most = max(run.inspectors for run in runs)
    return f"Inspectors on site: {'; '.join(parts)}. Book for up to {most} on the busiest day."


def booking_events(
    task: TaskTemplate,
    runs: Sequence[OnSite],
    calendar: WorkingCalendar,
    *,
    team: str,
    framework: str,
    reference: str,
) -> list[CalendarEvent]:
    """One all-day booking for each run of days with the same inspectors on site, owned by the
    task's ``team``; ``framework`` says whose rules give the numbers, ``reference`` is the
    booking task's (the team's ids and sources are added to it)."""
    if not task.books:
        return []
    events = []
    for number, run in enumerate(runs, start=1):
        first, last = run.days[0], run.days[-1]
        who = "; ".join(count(member.count, member.role) for member in run.members)
        changes = "" if len(runs) == 1 else " A new booking starts where the number changes."
        events.append(
            CalendarEvent(
                key=f"{task.id}:booking:{number}",
                summary=f"{PREFIX}{_capital(task.books)} for {count(run.inspectors, 'inspector')}",
                start=first,
                end=first + timedelta(days=1),  # the first day; the others recur
                category=Category.PREPARATION,
                team=team,
                description=(
                    f"{count(run.inspectors, 'inspector')} on site {_run_text(run.days)}: {who}. "
                    f"How many come is the inspection team in {framework}.{changes}"
                ),
                busy=BusyStatus.FREE,
                recurrence=daily_recurrence(calendar, first, last) if last > first else None,
                reference=f"{reference} | team {' '.join(_cited(run.members))}",
            )
        )
    return events


def _cited(members: Sequence[TeamMember]) -> list[str]:
    """``["social-care", "regulatory", "sources", "S3", ...]``: the members on site and the
    sources of their numbers, for the event's reference."""
    sources = sorted({source for member in members for source in member.provenance.source})
    return [*(member.id for member in members), "sources", *sources]


def _run_text(days: Sequence[date]) -> str:
    if len(days) == 1:
        return day_text(days[0])
    return f"{day_text(days[0])} to {day_text(days[-1])}"


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]
