"""Times of day as planners write them: local Europe/London wall-clock times, ``HH:MM``.

Rule data, scenario files and ``--kit-time`` give the times of meetings and calls as local times
(``"09:30"``). A UTC offset (``09:00+05:00``) is refused, never silently dropped: one fixed offset
cannot say whether it meant GMT or BST in a zone that changes twice a year, and the offset would
otherwise vanish when the time is put on a day in Europe/London.

A day and a local time become an instant with :func:`local_moment`; lengths are then added in
real time (:func:`after`), never on the wall clock, which runs an hour short or long on the two
days the clocks change. A local time the clocks skip (the spring gap) and a local time the clocks
repeat (the autumn fold) are recognised here from the zone's rules, never hard-coded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "LONDON",
    "OFFSET_REFUSED",
    "after",
    "local_moment",
    "parse_time_of_day",
    "skipped",
    "written_wrongly",
]

#: The one zone of every local time (the same object as ``inspection_sim.export.LONDON``).
LONDON = ZoneInfo("Europe/London")

#: Why a time of day with an offset is refused.
OFFSET_REFUSED = (
    "a time of day is local time in Europe/London and takes no UTC offset or zone "
    "(write 09:00, not 09:00+05:00)"
)


def parse_time_of_day(text: str) -> time:
    """``HH:MM`` (or ``HH:MM:SS``) as a local time of day.

    Raises:
        ValueError: not a time of day, or one with a UTC offset or zone (the message says which).
    """
    try:
        value = time.fromisoformat(text)
    except ValueError:
        raise ValueError("not a time of day (HH:MM)") from None
    if value.tzinfo is not None:
        raise ValueError(OFFSET_REFUSED)
    return value


def local_moment(day: date, at: time) -> datetime:
    """``at`` on ``day`` in Europe/London, as an aware datetime (the first of a repeated time).

    Check :func:`skipped` first: a time the clocks skip has no instant of its own.
    """
    return datetime.combine(day, at).replace(tzinfo=LONDON)


def after(moment: datetime, minutes: int) -> datetime:
    """``minutes`` of real time after ``moment``, in Europe/London (``fold`` set in the repeated
    hour)."""
    return (moment.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(LONDON)


def skipped(day: date, at: time) -> timedelta | None:
    """How far the clocks jump over ``at`` on ``day`` (spring forward), or None when the local
    time exists."""
    naive = datetime.combine(day, at)
    there_and_back = naive.replace(tzinfo=LONDON).astimezone(UTC).astimezone(LONDON)
    if there_and_back.replace(tzinfo=None) == naive:
        return None
    return there_and_back.replace(tzinfo=None) - naive


def written_wrongly(moment: datetime) -> bool:
    """Whether ``moment``, written as a local time (as iCalendar does with a ``TZID``), would be
    read as another instant: the second pass of the hour the clocks repeat in the autumn, which
    every reader takes as the first (RFC 5545 §3.3.5)."""
    local = moment.astimezone(LONDON)
    return local.replace(fold=0).utcoffset() != local.utcoffset()
