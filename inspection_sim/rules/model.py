"""Frozen, typed rule objects: frameworks, inspection types and everything a plan needs.

Objects are built only by :mod:`inspection_sim.rules.loader`, which validates them. They are never
mutated: a council's override is a validated copy (see :func:`inspection_sim.rules.with_overrides`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum
from typing import Any

from inspection_sim.errors import UnknownNameError
from inspection_sim.rules.base import Link, Offset, Provenance, TaskKind, Unit

__all__ = [
    "Blackout",
    "BlackoutKind",
    "CycleEvent",
    "CycleRule",
    "DependencyRule",
    "FieldworkRule",
    "Framework",
    "InspectionType",
    "Meeting",
    "NotWorkingDay",
    "Notification",
    "OnsiteRule",
    "OnsiteStart",
    "Phase",
    "PostStep",
    "Return",
    "Sampling",
    "TaskTemplate",
    "TeamMember",
]


class NotWorkingDay(StrEnum):
    """What happens when the notification weekday is not a working day (a bank-holiday Monday)."""

    #: Call on the next working day; the on-site start stays where the rule put it (shorter notice).
    NEXT_KEEP_ONSITE = "next-working-day-keep-onsite"
    #: Call on the next working day and move the on-site start by the same number of working days.
    NEXT_MOVE_ONSITE = "next-working-day-move-onsite"
    #: Call on the previous working day (longer notice).
    PREVIOUS = "previous-working-day"


class OnsiteRule(StrEnum):
    """How the first on-site day follows from the notification."""

    #: ``weekday`` of the calendar week ``weeks_after`` weeks after the nominal notification week.
    WEEKDAY_OF_WEEK = "weekday-of-week"
    #: ``working_days`` working days after the notification (day 0 is the notification day).
    WORKING_DAYS_AFTER = "working-days-after"


class BlackoutKind(StrEnum):
    """Kinds of period without fieldwork (or without publication)."""

    BANK_HOLIDAY_WEEKS = "bank-holiday-weeks"  # any week (Mon-Sun) that holds a bank holiday
    ANNUAL = "annual"  # the same month-day window every year (may wrap over New Year)
    DATES = "dates"  # one fixed date range (a national pause)
    PRE_ELECTION = "pre-election"  # publication held for some days before an election


@dataclass(frozen=True)
class Notification:
    """Who is told, how, on which weekday and at what time, and what a non-working day does."""

    who: tuple[str, ...]
    method: str
    weekday: int
    time: time
    if_not_working_day: NotWorkingDay
    provenance: Provenance


@dataclass(frozen=True)
class OnsiteStart:
    """The rule giving the first on-site day; ``nominal_working_days`` is the usual notice."""

    rule: OnsiteRule
    weekday: int | None
    weeks_after: int | None
    working_days: int | None
    nominal_working_days: int | None
    provenance: Provenance


@dataclass(frozen=True)
class TeamMember:
    """Inspectors of one kind on site: ``count`` of them, on every fieldwork day or on ``days`` of
    them only (e.g. a schools inspector for 1 day). ``defined_in`` is the rule file that sets the
    count (the on-site rules refer to it by ``id``)."""

    id: str
    role: str
    count: int
    days: int | None
    provenance: Provenance
    defined_in: str = ""


@dataclass(frozen=True)
class FieldworkRule:
    """On-site days, the weekdays they may fall on, and the inspection team (``team``): the one
    place the numbers of inspectors live."""

    days: int
    weekmask: tuple[bool, ...]
    provenance: Provenance
    team: tuple[TeamMember, ...] = ()

    @property
    def inspectors(self) -> int | None:
        """Inspectors on site every day; None when the rules give no team."""
        if not self.team:
            return None
        return sum(member.count for member in self.team if member.days is None)

    @property
    def others(self) -> tuple[TeamMember, ...]:
        """The inspectors on site for some days only."""
        return tuple(member for member in self.team if member.days is not None)


@dataclass(frozen=True)
class Phase:
    """An off-site phase from ``start`` to ``end`` (both inclusive dates)."""

    id: str
    name: str
    start: Offset
    end: Offset
    team: str | None
    provenance: Provenance


@dataclass(frozen=True)
class Return:
    """Something the council must send, due by the end of the day ``due`` gives; at most
    ``max_documents`` documents when the rules cap them."""

    id: str
    name: str
    due: Offset
    content: str
    provenance: Provenance
    max_documents: int | None = None


@dataclass(frozen=True)
class Sampling:
    """How many cases inspectors select or track, and from which return."""

    cases_min: int | None
    cases_max: int | None
    from_return: str | None
    description: str
    provenance: Provenance


@dataclass(frozen=True)
class Meeting:
    """A meeting: daily on each fieldwork day (``during``) or once (``at``)."""

    id: str
    name: str
    during: str | None
    at: Offset | None
    time: time
    minutes: int
    attendees: tuple[str, ...]
    team: str | None
    provenance: Provenance


@dataclass(frozen=True)
class PostStep:
    """A dated step after (or around) fieldwork: draft report, publication, action plan..."""

    id: str
    name: str
    at: Offset
    condition: str
    provenance: Provenance


@dataclass(frozen=True)
class DependencyRule:
    """The task depends on ``on`` through ``type`` with ``lag`` in ``unit``."""

    on: str
    type: Link
    lag: int
    unit: Unit


@dataclass(frozen=True)
class TaskTemplate:
    """A council task in the default template: owner team, duration, dependencies, deadline.

    A task bound to a framework ``window`` (``"fieldwork"`` or an off-site phase's id) lasts
    exactly that window: it takes the window's dates, and ``duration`` is 0 here (the plan gives
    it the window's length). A task that ``books`` something for the inspectors' base (``"base
    room"``) has it booked for the inspectors on site each fieldwork day (the fieldwork's team).
    """

    id: str
    name: str
    team: str
    duration: int
    kind: TaskKind
    depends: tuple[DependencyRule, ...]
    due: Offset | None
    needs: str
    provenance: Provenance
    window: str | None = None
    books: str | None = None


@dataclass(frozen=True)
class Blackout:
    """A period without fieldwork (``applies_to="fieldwork"``) or publication.

    ``inspections`` lists the inspection types it stops (empty: every type). A ``dates`` blackout
    with ``pauses_cycle`` (a national suspension) also stops the inspection cycle's clock. An
    ``annual`` publication blackout is a pause of the publication clock: its working days do not
    count towards a publication's working days.
    """

    id: str
    name: str
    kind: BlackoutKind
    applies_to: str
    start: str | date | None
    end: str | date | None
    days: int | None
    provenance: Provenance
    inspections: tuple[str, ...] = ()
    pauses_cycle: bool = False

    def cycle_pause(self) -> tuple[date, date] | None:
        """First and last day (inclusive) the inspection cycle stood still; None when this
        blackout does not pause the cycle."""
        if self.kind is not BlackoutKind.DATES or not self.pauses_cycle:
            return None
        assert isinstance(self.start, date)
        assert isinstance(self.end, date)
        return self.start, self.end

    def stops(self, inspection: str) -> bool:
        """True when the blackout applies to the inspection type ``inspection`` (its id)."""
        return not self.inspections or inspection in self.inspections

    def contains(self, day: date) -> bool:
        """True when ``day`` is inside an ``annual`` or ``dates`` window (bounds inclusive)."""
        if self.kind is BlackoutKind.DATES:
            assert isinstance(self.start, date)
            assert isinstance(self.end, date)
            return self.start <= day <= self.end
        if self.kind is BlackoutKind.ANNUAL:
            assert isinstance(self.start, str)
            assert isinstance(self.end, str)
            key = f"{day.month:02d}-{day.day:02d}"
            if self.start <= self.end:
                return self.start <= key <= self.end
            return key >= self.start or key <= self.end
        return False


@dataclass(frozen=True)
class CycleRule:
    """Which activity follows which judgement, and when.

    ``when`` lists conditions written ``judgement:grade`` (``overall:good``,
    ``outcome:positive``), or ``any``. The next activity falls ``interval`` units after the last
    inspection started, from ``window_before`` units before that to ``window_after`` after; at
    most ``max_count`` times. ``first``, when given, places the first of them instead, from an
    item of the last inspection (``{ after = "action-plan", weeks = 4 }``). ``onsite_weekday`` is
    the weekday fieldwork usually starts on when the next type's own rule does not fix one.
    """

    id: str
    when: tuple[str, ...]
    next: str
    interval: int
    window_before: int
    window_after: int
    unit: Unit
    max_count: int | None
    first: Offset | None
    onsite_weekday: int | None
    description: str
    provenance: Provenance


@dataclass(frozen=True)
class CycleEvent:
    """A recurring event of the cycle that is not an inspection (the annual self-evaluation, the
    annual engagement meeting, the action planning visit after an inadequate judgement).

    It comes after the judgements in ``when`` (or ``any``), every ``interval`` ``unit`` from the
    previous one (or, for ``first``, from an item of the last inspection), within
    ``window`` units either side.
    """

    id: str
    name: str
    when: tuple[str, ...]
    interval: int | None
    window: int
    unit: Unit
    first: Offset | None
    description: str
    provenance: Provenance


@dataclass(frozen=True)
class InspectionType:
    """One inspection type of one framework version, e.g. ``ilacs:short`` in ``2024-12``.

    ``raw`` is the validated rule table this object was built from;
    :func:`inspection_sim.rules.with_overrides` merges changes into it and validates the result
    again.
    """

    framework: str
    version: str
    id: str
    name: str
    applies_to: str
    notification: Notification
    onsite: OnsiteStart
    fieldwork: FieldworkRule
    phases: tuple[Phase, ...]
    returns: tuple[Return, ...]
    sampling: Sampling | None
    meetings: tuple[Meeting, ...]
    post: tuple[PostStep, ...]
    tasks: tuple[TaskTemplate, ...]
    provenance: Provenance
    source_file: str
    raw: Mapping[str, Any] = field(repr=False, compare=False, default_factory=dict)

    @property
    def key(self) -> str:
        """The ``framework:type`` address, e.g. ``"ilacs:short"``."""
        return f"{self.framework}:{self.id}"

    def item_ids(self) -> tuple[str, ...]:
        """Every id a dependency or offset may name: anchors, framework items and tasks."""
        from inspection_sim.rules.base import ANCHORS

        groups = (self.phases, self.returns, self.meetings, self.post, self.tasks)
        return ANCHORS + tuple(item.id for group in groups for item in group)


@dataclass(frozen=True)
class Framework:
    """One version of one framework: its inspection types, blackouts and cycle rules."""

    id: str
    version: str
    title: str
    effective_from: date
    effective_to: date | None
    judgements: tuple[str, ...]
    inspections: Mapping[str, InspectionType]
    blackouts: tuple[Blackout, ...]
    cycle: tuple[CycleRule, ...]
    provenance: Provenance
    source_file: str
    events: tuple[CycleEvent, ...] = ()

    def inspection(self, name: str) -> InspectionType:
        """The inspection type ``name`` (e.g. ``"short"``).

        Raises:
            UnknownNameError: naming the valid types and the closest one.
        """
        try:
            return self.inspections[name]
        except KeyError:
            raise UnknownNameError(
                f"unknown inspection type for {self.id} {self.version}",
                key="inspection",
                value=name,
                choices=tuple(self.inspections),
            ) from None

    def fieldwork_blackouts(self, inspection: str | None = None) -> tuple[Blackout, ...]:
        """The blackouts that stop fieldwork (not the publication holds); only those that stop
        the inspection type ``inspection`` (its id) when given."""
        return tuple(
            b
            for b in self.blackouts
            if b.applies_to == "fieldwork" and (inspection is None or b.stops(inspection))
        )

    def publication_pauses(self) -> tuple[Blackout, ...]:
        """The yearly pauses of the publication clock (the Christmas period)."""
        return tuple(
            b
            for b in self.blackouts
            if b.applies_to == "publication" and b.kind is BlackoutKind.ANNUAL
        )
