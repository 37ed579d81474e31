"""The exercise controller's files: a calendar of the injects and their list as a table.

``exercise-control.ics`` holds the controller's briefing before the first day on site starts, one
timed event per inject (who plays the inspector, which team receives it, what to say, what a good
response is and by when) and the hot debrief at the end of the last day on site. ``injects.csv``
is the master scenario events list of exercise practice: one row per inject with the expected
action and an empty column for the observer's notes. Team calendars never hold injects: the teams
must not see them coming.
"""

from __future__ import annotations

from datetime import UTC

from inspection_sim.csvfile import Cell, csv_rows
from inspection_sim.export import BusyStatus, CalendarEvent, Category
from inspection_sim.rehearsal.describe import PREFIX
from inspection_sim.rehearsal.injects import Exercise, Inject
from inspection_sim.rehearsal.phrases import clock_text, day_text
from inspection_sim.timeofday import after

__all__ = ["CONTROL_NAME", "INJECTS_NAME", "INJECT_COLUMNS", "control_events", "injects_csv"]

CONTROL_NAME = "exercise-control.ics"
INJECTS_NAME = "injects.csv"

#: The columns of injects.csv (stable: a tracker or a debrief reads them back).
INJECT_COLUMNS = (
    "inject",
    "date",
    "time",
    "to_team",
    "contact",
    "played_by",
    "kind",
    "message",
    "expected_action",
    "respond_by",
    "simulated",
    "delivered",
    "observer_notes",
    "reference",
)


def control_events(exercise: Exercise, *, alarm_minutes: int | None) -> list[CalendarEvent]:
    """The controller's briefing, each inject, and the hot debrief, as timed events."""
    total = len(exercise.injects)
    events = [
        CalendarEvent(
            key="exercise-briefing",
            summary=f"{PREFIX}exercise control – brief the inspectors' players and the observers",
            start=exercise.briefing.astimezone(UTC),
            end=after(exercise.briefing, exercise.briefing_minutes).astimezone(UTC),
            category=Category.MEETING,
            description=(
                f"Today starts {exercise.level.description}: {total} injects over the days on "
                "site. Hand out the inject list (injects.csv), agree who plays each inspector, and "
                "remind the observers to note what each team does and when."
            ),
            busy=BusyStatus.BUSY,
            alarm_minutes=alarm_minutes,
        ),
        CalendarEvent(
            key="exercise-debrief",
            summary=f"{PREFIX}exercise control – hot debrief",
            start=exercise.debrief.astimezone(UTC),
            end=after(exercise.debrief, exercise.debrief_minutes).astimezone(UTC),
            category=Category.MEETING,
            description=(
                "Go through the injects with the teams and observers: what happened, what went "
                "well, what to change before the real call. The observers' notes are in "
                "injects.csv and the tracker's Injects sheet."
            ),
            busy=BusyStatus.BUSY,
            alarm_minutes=alarm_minutes,
        ),
    ]
    events.extend(
        _inject_event(inject, total, exercise, alarm_minutes) for inject in exercise.injects
    )
    return events


def _inject_event(
    inject: Inject, total: int, exercise: Exercise, alarm_minutes: int | None
) -> CalendarEvent:
    lines = [
        f"Played by: {inject.played_by}",
        f"Deliver to: {inject.team} ({inject.contact})",
        f"Say: {inject.message}",
        f"A good response: {inject.response}",
        f"Respond by: {_moment(inject)}",
        inject.simulated,
        "Observer's notes: write what happened, and when, in injects.csv or the tracker.",
    ]
    return CalendarEvent(
        key=f"inject-{inject.number:02d}",
        summary=(
            f"{PREFIX}inject {inject.number} of {total} – {inject.kind_name.lower()} for "
            f"{inject.team}"
        ),
        start=inject.at.astimezone(UTC),
        end=after(inject.at, exercise.minutes).astimezone(UTC),
        category=Category.INJECT,
        description="\n".join(lines),
        busy=BusyStatus.BUSY,
        alarm_minutes=alarm_minutes,
        reference=inject.reference,
    )


def _moment(inject: Inject) -> str:
    return f"{clock_text(inject.respond_by.time())} on {day_text(inject.respond_by.date())}"


def inject_rows(exercise: Exercise) -> list[tuple[Cell, ...]]:
    """One row per inject, in :data:`INJECT_COLUMNS` order (for the CSV and the tracker)."""
    return [
        (
            inject.number,
            inject.at.date().isoformat(),
            clock_text(inject.at.time()),
            inject.team,
            inject.contact,
            inject.played_by,
            inject.kind_name,
            inject.message,
            inject.response,
            inject.respond_by.strftime("%Y-%m-%d %H:%M"),
            inject.simulated,
            "",
            "",
            inject.reference,
        )
        for inject in exercise.injects
    ]


def injects_csv(exercise: Exercise) -> bytes:
    """The inject list as CSV for spreadsheets (byte-order mark, CRLF, formula guard)."""
    return csv_rows(INJECT_COLUMNS, inject_rows(exercise), byte_order_mark=True).encode("utf-8")
