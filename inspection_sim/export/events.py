"""The calendar event model that every export writes: one frozen record per VEVENT.

An event is either **all-day** (``start`` and ``end`` are ``date`` values; ``end`` is
*exclusive*, so a one-day event on 7 June has ``end`` 8 June) or **timed** (``start`` and ``end``
are timezone-aware ``datetime`` values, written in Europe/London wall time; ``end`` may equal
``start`` for a zero-length marker). Nothing here knows about iCalendar syntax:
:mod:`inspection_sim.export.ical` writes it.

Words and references are kept apart: ``summary`` and ``description`` are what a person reads, in
plain words; ``reference`` holds the ids, rule sources and confidence a checker needs, and is
written where people do not see it (an ``X-`` property and a CSV column).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from inspection_sim.errors import ArgumentTypeError, ScheduleError

__all__ = [
    "FRAMEWORK_CATEGORY",
    "LONDON",
    "BusyStatus",
    "CalendarEvent",
    "Category",
    "Frequency",
    "Recurrence",
]

#: The one time zone timed events are written in.
LONDON = ZoneInfo("Europe/London")


class Category(StrEnum):
    """The fixed CATEGORIES vocabulary: planners map each name to a colour once in Outlook."""

    NOTIFICATION = "Notification"
    RETURN = "Return"
    PREPARATION = "Preparation"
    FIELDWORK = "Fieldwork"
    MEETING = "Meeting"
    DEADLINE = "Deadline"
    MILESTONE = "Milestone"
    POST_INSPECTION = "Post-inspection"
    REHEARSAL = "Rehearsal"
    OFFSITE = "Off-site analysis"
    INJECT = "Inject"


#: The second category of every date the inspectorate's rules set (the call, returns due, the days
#: on site...), so that a planner can colour or filter them in any team's calendar.
FRAMEWORK_CATEGORY = "Framework date"


class BusyStatus(StrEnum):
    """Outlook's free/busy states (``X-MICROSOFT-CDO-BUSYSTATUS``)."""

    BUSY = "BUSY"
    FREE = "FREE"
    TENTATIVE = "TENTATIVE"
    OOF = "OOF"

    @property
    def transparency(self) -> str:
        """The RFC 5545 TRANSP value: only FREE events leave time available."""
        return "TRANSPARENT" if self is BusyStatus.FREE else "OPAQUE"


#: Deadlines and milestones inform; they must not block anyone's diary.
_FREE_CATEGORIES = frozenset({Category.DEADLINE, Category.MILESTONE})


class Frequency(StrEnum):
    """Recurrence frequencies the writer supports."""

    DAILY = "DAILY"
    WEEKLY = "WEEKLY"


@dataclass(frozen=True)
class Recurrence:
    """A repeat rule with python-dateutil ``rrule`` semantics, written as RRULE plus EXDATE.

    Args:
        frequency: DAILY or WEEKLY.
        until: the last date an occurrence may fall on (inclusive).
        interval: every ``interval`` days or weeks (2 = fortnightly for WEEKLY).
        weekdays: allowed weekdays (0 = Monday ... 6 = Sunday); empty means every day.
        exdates: dates whose occurrence is cancelled (bank holidays, closures).
    """

    frequency: Frequency
    until: date
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    exdates: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.until, datetime) or not isinstance(self.until, date):
            raise ArgumentTypeError("recurrence 'until' must be a date", value=self.until)
        if self.interval < 1:
            raise ScheduleError("recurrence interval must be at least 1", value=self.interval)
        if any(day not in range(7) for day in self.weekdays):
            raise ScheduleError(
                "recurrence weekdays must be 0 (Mon) to 6 (Sun)", value=self.weekdays
            )
        object.__setattr__(self, "weekdays", tuple(sorted(set(self.weekdays))))
        object.__setattr__(self, "exdates", tuple(sorted(set(self.exdates))))

    def dates(self, first: date) -> list[date]:
        """Occurrence dates from ``first`` (day 0, always the first occurrence) to ``until``.

        Computed by ``dateutil.rrule``; cancelled dates (``exdates``) are left out.
        """
        from dateutil import rrule

        rule = rrule.rrule(
            rrule.DAILY if self.frequency is Frequency.DAILY else rrule.WEEKLY,
            dtstart=datetime.combine(first, time()),
            until=datetime.combine(self.until, time()),
            interval=self.interval,
            byweekday=self.weekdays or None,
        )
        skipped = set(self.exdates)
        return [moment.date() for moment in rule if moment.date() not in skipped]


@dataclass(frozen=True)
class CalendarEvent:
    """One calendar entry.

    Args:
        key: stable identity within a plan (e.g. the task id); the UID is derived from it.
        summary: the title shown in the calendar.
        start: a ``date`` (all-day) or an aware ``datetime`` (timed).
        end: same type as ``start``; exclusive for all-day events, ``>= start`` for timed ones.
        category: one of :class:`Category`.
        team: the owner team (events are split into one file per team); ``""`` for none.
        description: free text; owner team and needs are appended when written.
        needs: what the event needs (people, documents, rooms), in words.
        location: where it happens.
        busy: free/busy state; by default FREE for deadlines and milestones, BUSY otherwise.
        alarm_minutes: one reminder this many minutes before the start, or None.
        recurrence: a repeat rule, or None.
        framework: a date the inspectorate's rules set; marked with :data:`FRAMEWORK_CATEGORY`.
        also_for: other teams whose calendars hold the event too (a framework date a team lives
            by); the owner ``team`` is not repeated here.
        reference: ids, rule sources and confidence for checking the event against the rules;
            never shown as the title or description.
    """

    key: str
    summary: str
    start: date
    end: date
    category: Category = Category.MEETING
    team: str = ""
    description: str = ""
    needs: str = ""
    location: str = ""
    busy: BusyStatus | None = None
    alarm_minutes: int | None = None
    recurrence: Recurrence | None = None
    framework: bool = False
    also_for: tuple[str, ...] = ()
    reference: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key:
            raise ScheduleError("event key must be a non-empty string", value=self.key)
        for name in ("summary", "team", "description", "needs", "location", "reference"):
            if not isinstance(getattr(self, name), str):
                raise ArgumentTypeError(
                    f"event {self.key!r}: {name} must be a string", value=getattr(self, name)
                )
        object.__setattr__(self, "category", _category(self.category, self.key))
        object.__setattr__(self, "also_for", self._other_teams(self.also_for))
        self._check_times()
        if self.busy is None:
            free = self.category in _FREE_CATEGORIES
            object.__setattr__(self, "busy", BusyStatus.FREE if free else BusyStatus.BUSY)
        else:
            object.__setattr__(self, "busy", BusyStatus(self.busy))
        if self.recurrence is not None:
            self._check_recurrence(self.recurrence)
        if self.alarm_minutes is not None and self.alarm_minutes < 0:
            raise ScheduleError(
                f"event {self.key!r}: alarm_minutes (minutes before the start) must be >= 0",
                value=self.alarm_minutes,
            )

    def _other_teams(self, teams: object) -> tuple[str, ...]:
        names = tuple(teams) if isinstance(teams, Iterable) and not isinstance(teams, str) else None
        if names is None or not all(isinstance(name, str) for name in names):
            raise ArgumentTypeError(
                f"event {self.key!r}: also_for must be a sequence of team names", value=teams
            )
        return tuple(sorted({name for name in names if name and name != self.team}))

    def _check_times(self) -> None:
        timed = isinstance(self.start, datetime)
        if timed != isinstance(self.end, datetime) or not isinstance(self.end, date):
            raise ArgumentTypeError(
                f"event {self.key!r}: start and end must both be dates or both be datetimes",
                value=(self.start, self.end),
            )
        if timed:
            assert isinstance(self.start, datetime)
            assert isinstance(self.end, datetime)
            if self.start.utcoffset() is None or self.end.utcoffset() is None:
                raise ArgumentTypeError(
                    f"event {self.key!r}: timed events need timezone-aware datetimes",
                    value=self.start,
                )
            if self.end < self.start:
                raise ScheduleError(f"event {self.key!r}: ends before it starts", value=self.end)
        elif self.end <= self.start:
            raise ScheduleError(
                f"event {self.key!r}: an all-day end is exclusive and must be after the start",
                value=(self.start.isoformat(), self.end.isoformat()),
            )

    def _check_recurrence(self, recurrence: Recurrence) -> None:
        first = self.local_start().date() if isinstance(self.start, datetime) else self.start
        if recurrence.until < first:
            raise ScheduleError(
                f"event {self.key!r}: recurrence ends before the first occurrence",
                value=recurrence.until.isoformat(),
            )
        # RFC 5545 counts DTSTART as the first occurrence; dateutil does not unless it matches.
        if recurrence.weekdays and first.weekday() not in recurrence.weekdays:
            raise ScheduleError(
                f"event {self.key!r}: the first occurrence falls on a weekday the rule excludes",
                value=first.isoformat(),
            )

    @property
    def all_day(self) -> bool:
        """True for date-valued (all-day) events."""
        return not isinstance(self.start, datetime)

    @property
    def teams(self) -> tuple[str, ...]:
        """Every team whose calendar holds the event: the owner first, then ``also_for``."""
        return ((self.team,) if self.team else ()) + self.also_for

    def categories(self) -> tuple[str, ...]:
        """The CATEGORIES values: the category, and :data:`FRAMEWORK_CATEGORY` for framework dates."""
        return (
            (self.category.value, FRAMEWORK_CATEGORY) if self.framework else (self.category.value,)
        )

    @property
    def busy_status(self) -> BusyStatus:
        """The resolved busy status (never None after construction)."""
        assert self.busy is not None
        return self.busy

    def local_start(self) -> datetime:
        """Timed events only: the start in Europe/London."""
        assert isinstance(self.start, datetime)
        return self.start.astimezone(LONDON)

    def local_end(self) -> datetime:
        """Timed events only: the end in Europe/London."""
        assert isinstance(self.end, datetime)
        return self.end.astimezone(LONDON)

    def sort_key(self) -> tuple[str, str, str]:
        """Chronological order (all-day before timed on the same day), then key: a total order."""
        if isinstance(self.start, datetime):
            local_day = self.start.astimezone(LONDON).date()
            return (local_day.isoformat(), "1" + self.start.astimezone(UTC).isoformat(), self.key)
        return (self.start.isoformat(), "0", self.key)

    def details(self) -> str:
        """The DESCRIPTION text: the description, then the owner team and the needs."""
        parts = [self.description] if self.description else []
        if self.team:
            parts.append(f"Owner: {self.team}")
        if self.needs:
            parts.append(f"Needs: {self.needs}")
        return "\n".join(parts)

    def duration(self) -> timedelta:
        """End minus start (whole days for all-day events)."""
        return self.end - self.start


def _category(value: object, key: str) -> Category:
    try:
        return Category(str(value))
    except ValueError:
        raise ScheduleError(
            f"event {key!r}: unknown category",
            value=value,
            choices=[c.value for c in Category],
        ) from None
