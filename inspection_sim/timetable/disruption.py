"""What if people are away in the on-site days: the sessions rebooked, and what it costs.

:func:`rebook_absences` takes a planned :class:`~.result.Timetable` and absences (a person and
dates) and rebooks with the fewest changes (see :mod:`.rebook`): the result lists each change, the
timetable after it, the share of sampled cases discussed as planned, with their allocated worker,
with a substitute or not at all, and the coordinator's rebooking load on each on-site day.

The coordinator learns of an absence ``notice_days`` working days before it starts (rule data:
``[rebooking]`` of the planning assumptions, UNVERIFIED; 0 means on the morning of its first day)
and makes every change it causes that day; sessions never move to an earlier day than that.
On-site days are counted as consecutive; changes for an absence known before the first on-site day
are counted as made before the visit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from inspection_sim.errors import closest
from inspection_sim.timetable.board import Board, Placement
from inspection_sim.timetable.people import Person, TimetableInputError
from inspection_sim.timetable.rebook import Outcome, Spell, rebook_board
from inspection_sim.timetable.replay import board_of, booking_of
from inspection_sim.timetable.result import Booking, Timetable, Unbooked
from inspection_sim.timetable.sessions import Session

__all__ = [
    "Absence",
    "CaseShares",
    "Disruption",
    "SessionChange",
    "case_sessions",
    "case_shares",
    "notice_days",
    "rebook_absences",
]


@dataclass(frozen=True)
class Absence:
    """``person`` (an id of the staff list) away from ``first`` to ``last`` (inclusive); either
    left out means from the first or to the last on-site day."""

    person: str
    first: date | None = None
    last: date | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.person, str) or not self.person.strip():
            raise TimetableInputError(
                "an absence needs a person's id", key="absences", value=self.person
            )
        object.__setattr__(self, "person", self.person.strip())
        for key in ("first", "last"):
            value = getattr(self, key)
            if value is not None and not isinstance(value, date):
                raise TimetableInputError(
                    f"absence of {self.person!r}: {key} must be a date", key="absences", value=value
                )
        if self.first is not None and self.last is not None and self.first > self.last:
            raise TimetableInputError(
                f"absence of {self.person!r}: the first day is after the last",
                key="absences",
                value=f"{self.first.isoformat()}..{self.last.isoformat()}",
            )


@dataclass(frozen=True)
class SessionChange:
    """A session the coordinator rebooks: ``kind`` is one of
    :data:`~.rebook.CHANGE_KINDS` (``swapped``: same time, someone else of the role; ``moved``;
    ``substitute``: the team manager in place of the allocated worker; ``missed``). ``known`` is
    the day the change is made (None: before the visit); ``away`` the id of the person whose
    absence caused it."""

    kind: str
    session: str
    title: str
    case_id: str | None
    known: date | None
    away: str
    before: Booking
    after: Booking | None
    reason: str = ""


@dataclass(frozen=True)
class CaseShares:
    """Shares of the sampled cases: discussed as booked in the plan (same time and people), and
    discussed with the allocated worker, with a substitute, or not at all (these three add to 1).
    """

    as_planned: float
    with_worker: float
    with_substitute: float
    not_discussed: float


@dataclass(frozen=True)
class Disruption:
    """A planned timetable, the absences, and the timetable rebooked around them.

    ``load`` counts the coordinator's changes on each on-site day, ``before`` those made before
    the visit (for absences known earlier).
    """

    plan: Timetable
    after: Timetable
    absences: tuple[Absence, ...]
    changes: tuple[SessionChange, ...]
    notice_days: int
    planned: CaseShares
    shares: CaseShares
    load: tuple[int, ...]
    before: int = 0

    @property
    def moved(self) -> tuple[SessionChange, ...]:
        return tuple(c for c in self.changes if c.kind in ("moved", "swapped"))

    @property
    def substitutes(self) -> tuple[SessionChange, ...]:
        return tuple(c for c in self.changes if c.kind == "substitute")

    @property
    def missed(self) -> tuple[SessionChange, ...]:
        return tuple(c for c in self.changes if c.kind == "missed")

    def load_by_day(self) -> dict[date, int]:
        """The coordinator's changes on each on-site day."""
        return dict(zip(self.plan.days, self.load, strict=True))


def notice_days() -> int:
    """Working days' notice the coordinator has of an absence (planning assumption, UNVERIFIED)."""
    from inspection_sim.rules import load_assumptions

    return load_assumptions().rebooking.notice_days


def rebook_absences(
    plan: Timetable, absences: Iterable[Absence], *, notice: int | None = None
) -> Disruption:
    """Rebook ``plan`` around ``absences`` with the fewest changes.

    Args:
        notice: working days' notice of each absence (default: the planning assumption, 0).

    Raises:
        TimetableInputError: an absence of someone not on the staff list (closest id suggested),
            or whose dates miss the on-site days.
    """
    given = tuple(absences)
    days = {day: i for i, day in enumerate(plan.days)}
    lead = notice_days() if notice is None else _notice(notice)
    spells = sorted(
        (spell_of(plan, a, days, lead) for a in given),
        key=lambda s: (s.known, s.days[0], s.person),
    )
    board, sessions = board_of(plan)
    people: dict[str, Person] = dict(plan.people)
    board.people = people

    def as_leave(spell: Spell) -> None:
        person = people[spell.person]
        away = frozenset(plan.days[d] for d in spell.days)
        people[spell.person] = replace(person, leave=person.leave | away)

    planned = {p.session.id: p for p in board.placements}
    current = dict(planned)
    outcomes = rebook_board(board, current, spells, on_away=as_leave)
    order = {s.id: s.order for s in sessions}
    changes = tuple(_change(board, o) for o in outcomes)
    missed = [_unbooked(c, board.people) for c in changes if c.kind == "missed"]
    after = replace(
        plan,
        people=people,
        bookings=tuple(
            booking_of(board, p)
            for p in sorted(current.values(), key=lambda p: (p.day, p.start, p.session.order))
        ),
        unbooked=tuple(
            sorted((*plan.unbooked, *missed), key=lambda u: order.get(u.session, len(order)))
        ),
    )
    cases = case_sessions(plan, sessions)
    load = [0] * len(plan.days)
    for o in outcomes:
        if o.known >= 0:
            load[o.known] += 1
    return Disruption(
        plan=plan,
        after=after if changes or given else plan,
        absences=given,
        changes=changes,
        notice_days=lead,
        planned=case_shares(cases, planned, planned),
        shares=case_shares(cases, planned, current),
        load=tuple(load),
        before=sum(o.known < 0 for o in outcomes),
    )


def _notice(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TimetableInputError(
            "notice must be a whole number of working days, 0 or more", key="notice", value=value
        )
    return value


def spell_of(plan: Timetable, absence: Absence, days: Mapping[date, int], notice: int) -> Spell:
    """The on-site days an absence covers and the day it becomes known (see the module)."""
    if not isinstance(absence, Absence):
        raise TimetableInputError("absences must be Absence objects", value=absence)
    if absence.person not in plan.people:
        near = closest(absence.person, plan.people)
        raise TimetableInputError(
            "the absent person is not on the staff list",
            key="absences",
            value=absence.person,
            choices=(near,) if near is not None else (),
        )
    first = absence.first or plan.days[0]
    last = absence.last or plan.days[-1]
    covered = tuple(i for day, i in days.items() if first <= day <= last)
    if not covered:
        raise TimetableInputError(
            f"absence of {absence.person!r}: no on-site day falls in it (the on-site days are "
            f"{plan.days[0].isoformat()} to {plan.days[-1].isoformat()})",
            key="absences",
            value=f"{first.isoformat()}..{last.isoformat()}",
        )
    return Spell(covered[0] - notice, absence.person, covered)


def case_sessions(plan: Timetable, sessions: Sequence[Session]) -> tuple[tuple[str, ...], ...]:
    """For each sampled case, the ids of its case-discussion sessions."""
    found: dict[str, list[str]] = {c.case_id: [] for c in plan.cases}
    for s in sessions:
        if s.activity.kind == "case-discussion" and s.case_id in found:
            found[s.case_id].append(s.id)
    return tuple(tuple(ids) for ids in found.values())


def case_shares(
    cases: Sequence[Sequence[str]],
    planned: Mapping[str, Placement],
    current: Mapping[str, Placement],
) -> CaseShares:
    """The shares of :class:`CaseShares`; a placement left as it was is the planned object."""
    if not cases:
        return CaseShares(1.0, 1.0, 0.0, 0.0)
    as_planned = worker = substitute = 0
    for ids in cases:
        held = [current[sid] for sid in ids if sid in current]
        if ids and all(sid in planned and current.get(sid) is planned[sid] for sid in ids):
            as_planned += 1
        if any(not p.substitute for p in held):
            worker += 1
        elif held:
            substitute += 1
    n = len(cases)
    return CaseShares(as_planned / n, worker / n, substitute / n, (n - worker - substitute) / n)


def _change(board: Board, o: Outcome) -> SessionChange:
    s = o.before.session
    return SessionChange(
        kind=o.kind,
        session=s.id,
        title=s.title,
        case_id=s.case_id,
        known=board.days[o.known] if o.known >= 0 else None,
        away=o.away,
        before=booking_of(board, o.before),
        after=None if o.after is None else booking_of(board, o.after),
        reason=o.reason,
    )


def _unbooked(change: SessionChange, people: Mapping[str, Person]) -> Unbooked:
    b = change.before
    return Unbooked(
        b.session,
        b.activity,
        b.kind,
        b.title,
        b.case_id,
        b.people,
        f"{people[change.away].label} is away: {change.reason}",
        ("absent",),
    )
