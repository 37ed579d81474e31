"""From rules and inputs to the sessions to book, on a grid of time slots.

Each on-site day is cut into slots of ``hours.slot_minutes`` from the start of the working day;
a session of ``m`` minutes takes ``ceil(m / slot)`` slots and may start at any slot from which it
neither runs past the end of the day nor overlaps a break. A session knows who it needs: fixed
people (a case's allocated worker) or any ``count`` people of a role, and, for a case, who may
attend instead (the team manager) when the first cannot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from inspection_sim.timetable.onsite_rules import Activity, Hours, OnsiteRules
from inspection_sim.timetable.people import Person, SampledCase
from inspection_sim.timetable.roles import role_label

__all__ = ["Grid", "Need", "Session", "expand_sessions"]


@dataclass(frozen=True)
class Grid:
    """The working day as slots: ``slots`` of ``minutes`` each; ``blocked`` marks break slots."""

    slots: int
    minutes: int
    blocked: int

    @classmethod
    def of(cls, hours: Hours) -> Grid:
        size = hours.slot_minutes
        blocked = 0
        for item in hours.breaks:
            first = hours.minute(item.start) // size
            for slot in range(first, first + -(-item.minutes // size)):
                blocked |= 1 << slot
        return cls(hours.length // size, size, blocked)

    def length(self, minutes: int) -> int:
        """Slots a session of ``minutes`` takes."""
        return -(-minutes // self.minutes)

    def starts(self, length: int) -> tuple[int, ...]:
        """Start slots at which ``length`` slots fit in the day without touching a break."""
        full = (1 << length) - 1
        return tuple(s for s in range(self.slots - length + 1) if not (full << s) & self.blocked)


@dataclass(frozen=True)
class Need:
    """``count`` of ``candidates`` (person ids) attend; ``label`` says who, for messages.

    ``missing`` explains an empty candidate list (no one with the role, no auditor recorded).
    """

    label: str
    candidates: tuple[str, ...]
    count: int
    missing: str = ""

    @property
    def fixed(self) -> bool:
        """True when exactly these people must attend (no choice among candidates)."""
        return len(self.candidates) == self.count


@dataclass(frozen=True)
class Session:
    """One session to book.

    Attributes:
        days: on-site day indices it may be held on.
        fixed: a fixed start slot, or None.
        needs: the people it needs; ``substitute``: who attends instead when ``needs`` cannot
            (flagged in the booking), with ``substitute_note`` saying who stands in.
        order: position in the rule file's order, for stable output.
    """

    id: str
    activity: Activity
    title: str
    case_id: str | None
    days: tuple[int, ...]
    fixed: int | None
    length: int
    needs: tuple[Need, ...]
    substitute: tuple[Need, ...] | None
    order: int

    def size(self, needs: Sequence[Need]) -> int:
        """People in the room: inspectors plus attendees."""
        return self.activity.inspectors + sum(n.count for n in needs)


def expand_sessions(
    rules: OnsiteRules,
    days: Sequence[date],
    people: Mapping[str, Person],
    cases: Sequence[SampledCase],
    grid: Grid,
) -> list[Session]:
    """Every session the rules ask for, given the on-site ``days``, people and case sample."""
    sessions: list[Session] = []
    every = tuple(range(len(days)))
    for activity in rules.activities:
        length = grid.length(activity.minutes)
        fixed = None
        if activity.time is not None:
            fixed = rules.hours.minute(activity.time) // grid.minutes
        allowed = {"any": every, "first": every[:1], "last": every[-1:]}[activity.day]

        def add(
            sid: str,
            title: str,
            needs: tuple[Need, ...],
            *,
            on: tuple[int, ...] = allowed,
            case: str | None = None,
            substitute: tuple[Need, ...] | None = None,
            activity: Activity = activity,
            length: int = length,
            fixed: int | None = fixed,
        ) -> None:
            sessions.append(
                Session(
                    sid, activity, title, case, on, fixed, length, needs, substitute, len(sessions)
                )
            )

        if activity.per == "case":
            for case in cases:
                needs = (_case_need(activity.with_person, case, people),)
                sub = None
                if activity.substitute is not None:
                    sub = (_case_need(activity.substitute, case, people),)
                    if sub[0].candidates == needs[0].candidates:
                        sub = None
                title = f"{activity.name}: case {case.case_id}"
                add(
                    f"{activity.id}:{case.case_id}", title, needs, case=case.case_id, substitute=sub
                )
        elif activity.per == "day":
            role_needs = _role_needs(activity, people)
            for index, day in enumerate(days):
                add(f"{activity.id}:{day.isoformat()}", activity.name, role_needs, on=(index,))
        else:
            role_needs = _role_needs(activity, people)
            for k in range(1, activity.sessions + 1):
                sid = activity.id if activity.sessions == 1 else f"{activity.id}:{k}"
                title = (
                    activity.name
                    if activity.sessions == 1
                    else f"{activity.name} ({k} of {activity.sessions})"
                )
                add(sid, title, role_needs)
    return sessions


_CASE_LABELS = {
    "allocated-worker": "allocated worker",
    "team-manager": "team manager",
    "auditor": "auditor",
}


def _case_need(who: str | None, case: SampledCase, people: Mapping[str, Person]) -> Need:
    label = _CASE_LABELS[who or "allocated-worker"]
    person = {
        "allocated-worker": case.allocated_worker,
        "team-manager": case.team_manager,
        "auditor": case.auditor,
    }[who or "allocated-worker"]
    if person is None:
        return Need(label, (), 1, f"case {case.case_id} has no {label} in the case sample")
    return Need(label, (person,), 1)


def _role_needs(activity: Activity, people: Mapping[str, Person]) -> tuple[Need, ...]:
    needs = []
    for rule in activity.attendees:
        found = tuple(
            sorted(
                p.id
                for p in people.values()
                if p.role == rule.role and (rule.team is None or p.team == rule.team)
            )
        )
        label = role_label(rule.role) + (f" from {rule.team}" if rule.team else "")
        missing = ""
        if len(found) < rule.count:
            where = f" in team {rule.team!r}" if rule.team else ""
            missing = (
                f"needs {rule.count} {role_label(rule.role)}(s){where}; the staff list has "
                f"{len(found)}"
            )
        needs.append(Need(label, found, rule.count, missing))
    return tuple(needs)
