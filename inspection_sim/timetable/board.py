"""The booking board: who and what is busy when, and whether a session fits at a given time.

Busy time is one integer bitmask per person, inspector and room per day (bit ``k`` is slot ``k``).
An inspector's sessions also block ``gap`` slots after them, for writing up. When a session does
not fit anywhere, the board says why: who is away, who is busy, which rooms are full or too small.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from inspection_sim.timetable.onsite_rules import OnsiteRules
from inspection_sim.timetable.people import Inspector, Person, Room
from inspection_sim.timetable.sessions import Grid, Need, Session

__all__ = ["Board", "Miss", "Placement"]

# why a session did not fit at one time, in the order they are reported
_PEOPLE, _INSPECTORS, _ROOM_BUSY = "people-busy", "inspectors-full", "room-full"


@dataclass(frozen=True)
class Placement:
    """A session at ``day`` (index) from ``start`` (slot), with inspectors, room and people."""

    session: Session
    day: int
    start: int
    inspectors: tuple[int, ...]
    room: int | None
    people: tuple[str, ...]
    substitute: bool = False
    note: str = ""


@dataclass
class Miss:
    """Why a session could not be placed: away people by day, and what blocked each time."""

    missing: list[str] = field(default_factory=list)
    away: dict[str, list[str]] = field(default_factory=dict)
    short: list[str] = field(default_factory=list)
    blocked: Counter[str] = field(default_factory=Counter)
    busy_people: set[str] = field(default_factory=set)
    room_size: str = ""
    days_tried: int = 0


class Board:
    """Bookings so far, and the checks that keep them valid."""

    def __init__(
        self,
        rules: OnsiteRules,
        days: Sequence[date],
        people: Mapping[str, Person],
        inspectors: Sequence[Inspector],
        rooms: Sequence[Room],
        grid: Grid,
    ) -> None:
        self.rules = rules
        self.days = tuple(days)
        self.people = people
        self.inspectors = tuple(inspectors)
        self.rooms = tuple(rooms)
        self.grid = grid
        self.gap = -(-rules.hours.gap_minutes // grid.minutes)
        n = len(self.days)
        self._works = {
            pid: tuple(p.works_on(day) for day in self.days) for pid, p in people.items()
        }
        self.person_busy: dict[str, list[int]] = {}
        self.inspector_busy = [[0] * n for _ in self.inspectors]
        self.inspector_total = [[0] * n for _ in self.inspectors]
        self.inspector_activity: Counter[tuple[int, int, str]] = Counter()
        self.room_busy = [[0] * n for _ in self.rooms]
        self.load: Counter[str] = Counter()
        self.day_load = [0] * n
        self._on_site = [tuple(day in ins.days for day in self.days) for ins in self.inspectors]
        self._caps = {g.id: g.sessions_per_day for g in rules.inspectors}
        self._starts: dict[int, tuple[int, ...]] = {}
        self.placements: list[Placement] = []

    def empty(self) -> Board:
        """A board with the same inputs and nothing booked."""
        return Board(self.rules, self.days, self.people, self.inspectors, self.rooms, self.grid)

    def copy(self) -> Board:
        """A board with the same inputs and bookings, changed independently of this one."""
        other = Board.__new__(Board)
        other.__dict__.update(self.__dict__)
        other._works = dict(self._works)
        other.person_busy = {p: list(row) for p, row in self.person_busy.items()}
        other.inspector_busy = [list(row) for row in self.inspector_busy]
        other.inspector_total = [list(row) for row in self.inspector_total]
        other.inspector_activity = Counter(self.inspector_activity)
        other.room_busy = [list(row) for row in self.room_busy]
        other.load = Counter(self.load)
        other.day_load = list(self.day_load)
        other.placements = list(self.placements)
        return other

    def mark_away(self, person: str, days: Iterable[int]) -> None:
        """``person`` cannot be booked on ``days`` (indices) from now on; bookings are not touched."""
        row = list(self._works[person])
        for day in days:
            row[day] = False
        self._works[person] = tuple(row)

    # -- queries -----------------------------------------------------------------------------------

    def works(self, person: str, day: int) -> bool:
        return self._works[person][day]

    def starts(self, session: Session) -> tuple[int, ...]:
        if session.fixed is not None:
            return (session.fixed,)
        if session.length not in self._starts:
            self._starts[session.length] = self.grid.starts(session.length)
        return self._starts[session.length]

    def eligible(self, session: Session, day: int) -> list[int]:
        """Inspectors of the session's group on site on ``day``."""
        group = session.activity.by
        return [
            i
            for i, ins in enumerate(self.inspectors)
            if ins.group == group and self._on_site[i][day]
        ]

    # -- placing -------------------------------------------------------------------------------------

    def find(self, session: Session, needs: tuple[Need, ...]) -> tuple[Placement | None, Miss]:
        """The first time the session fits (days least booked first, then earliest), or why not."""
        miss = Miss()
        for need in needs:
            if need.missing or len(need.candidates) < need.count:
                miss.missing.append(need.missing or f"no {need.label} for this session")
        if miss.missing:
            return None, miss
        for day in sorted(session.days, key=lambda d: (self.day_load[d], d)):
            if not self._day_ok(session, needs, day, miss):
                continue
            miss.days_tried += 1
            for start in self.starts(session):
                found = self.try_at(session, needs, day, start, miss)
                if found is not None:
                    return found, miss
        return None, miss

    def _day_ok(self, session: Session, needs: tuple[Need, ...], day: int, miss: Miss) -> bool:
        ok = True
        for need in needs:
            at_work = [p for p in need.candidates if self.works(p, day)]
            if need.fixed:
                for person in need.candidates:
                    if not self.works(person, day):
                        reason = self.people[person].away_reason(self.days[day])
                        miss.away.setdefault(person, []).append(reason)
                        ok = False
            elif len(at_work) < need.count:
                miss.short.append(
                    f"only {len(at_work)} {need.label}(s) at work on {self.days[day]:%a %d %b}, "
                    f"{need.count} needed"
                )
                ok = False
        if not self.eligible(session, day):
            miss.short.append(
                f"no {session.activity.by} inspector on site on {self.days[day]:%a %d %b}"
            )
            ok = False
        return ok

    def try_at(
        self, session: Session, needs: tuple[Need, ...], day: int, start: int, miss: Miss
    ) -> Placement | None:
        """The placement at ``day``/``start`` if everything is free, else None (``miss`` says why)."""
        mask = ((1 << session.length) - 1) << start
        people: list[str] = []
        for need in needs:
            free = [
                p
                for p in need.candidates
                if p not in people and self.works(p, day) and not self._busy(p, day) & mask
            ]
            if len(free) < need.count:
                miss.blocked[_PEOPLE] += 1
                if need.fixed:
                    miss.busy_people.update(need.candidates)
                return None
            free.sort(key=lambda p: (self.load[p], p))
            people += free[: need.count]
        chosen = self._inspectors(session, day, start)
        if chosen is None:
            miss.blocked[_INSPECTORS] += 1
            return None
        room = None
        if session.activity.room:
            size = session.size(needs)
            fits = [r for r, room_ in enumerate(self.rooms) if room_.capacity >= size]
            if not fits:
                largest = max((r.capacity for r in self.rooms), default=0)
                miss.room_size = f"no room holds {size} people (the largest holds {largest})"
                return None
            free_rooms = [r for r in fits if not self.room_busy[r][day] & mask]
            if not free_rooms:
                miss.blocked[_ROOM_BUSY] += 1
                return None
            room = min(free_rooms, key=lambda r: (self.rooms[r].capacity, r))
        return Placement(session, day, start, chosen, room, tuple(people))

    def _busy(self, person: str, day: int) -> int:
        row = self.person_busy.get(person)
        return row[day] if row is not None else 0

    def _inspectors(self, session: Session, day: int, start: int) -> tuple[int, ...] | None:
        activity = session.activity
        mask = ((1 << (session.length + self.gap)) - 1) << start
        cap = self._caps[activity.by]
        free = []
        for i in self.eligible(session, day):
            if self.inspector_total[i][day] >= cap or self.inspector_busy[i][day] & mask:
                continue
            limit = activity.per_inspector_per_day
            if limit is not None and self.inspector_activity[i, day, activity.id] >= limit:
                continue
            free.append(i)
        chosen: list[int] = []
        if activity.lead:
            lead = next((i for i in free if self.inspectors[i].lead), None)
            if lead is None:
                return None
            chosen.append(lead)
        rest = sorted(
            (i for i in free if i not in chosen),
            key=lambda i: (self.inspector_total[i][day], i),
        )
        chosen += rest[: activity.inspectors - len(chosen)]
        return tuple(chosen) if len(chosen) == activity.inspectors else None

    def commit(self, placement: Placement) -> None:
        session, day = placement.session, placement.day
        mask = ((1 << session.length) - 1) << placement.start
        for person in placement.people:
            row = self.person_busy.setdefault(person, [0] * len(self.days))
            row[day] |= mask
            self.load[person] += 1
        gap_mask = ((1 << (session.length + self.gap)) - 1) << placement.start
        for i in placement.inspectors:
            self.inspector_busy[i][day] |= gap_mask
            self.inspector_total[i][day] += 1
            self.inspector_activity[i, day, session.activity.id] += 1
        if placement.room is not None:
            self.room_busy[placement.room][day] |= mask
        self.day_load[day] += 1
        self.placements.append(placement)

    def remove(self, placement: Placement) -> None:
        """Undo :meth:`commit` of ``placement`` (the same object), freeing its time and room."""
        index = next(k for k, p in enumerate(self.placements) if p is placement)
        del self.placements[index]
        session, day = placement.session, placement.day
        mask = ((1 << session.length) - 1) << placement.start
        for person in placement.people:
            self.person_busy[person][day] &= ~mask
            self.load[person] -= 1
        # an inspector's intervals, gap included, never overlap, so clearing them is exact
        gap_mask = ((1 << (session.length + self.gap)) - 1) << placement.start
        for i in placement.inspectors:
            self.inspector_busy[i][day] &= ~gap_mask
            self.inspector_total[i][day] -= 1
            self.inspector_activity[i, day, session.activity.id] -= 1
        if placement.room is not None:
            self.room_busy[placement.room][day] &= ~mask
        self.day_load[day] -= 1

    # -- explaining ----------------------------------------------------------------------------------

    def _away(self, person: str, session: Session) -> str:
        """``"on leave Mon 07 Jun to Fri 11 Jun 2027; does not work on Fridays"``."""
        who = self.people[person]
        days = [self.days[d] for d in sorted(session.days)]
        leave = [d for d in days if d in who.leave]
        off = sorted({d.weekday() for d in days if not who.weekdays[d.weekday()]})
        parts = []
        if len(leave) == 1:
            parts.append(f"on leave on {leave[0]:%a %d %b %Y}")
        elif leave:
            parts.append(
                f"on leave on {len(leave)} days, {leave[0]:%a %d %b} to {leave[-1]:%a %d %b %Y}"
            )
        if off:
            names = (
                "Mondays",
                "Tuesdays",
                "Wednesdays",
                "Thursdays",
                "Fridays",
                "Saturdays",
                "Sundays",
            )
            parts.append("does not work on " + " or ".join(names[w] for w in off))
        return "; ".join(parts)

    def explain(self, session: Session, miss: Miss) -> tuple[str, tuple[str, ...]]:
        """A plain-English reason and its cause codes, for a session that could not be booked."""
        if miss.missing:
            return "; ".join(miss.missing), ("no-one-to-attend",)
        parts: list[str] = []
        causes: list[str] = []
        for person, reasons in miss.away.items():
            if len(reasons) >= len(session.days):
                label = self.people[person].label
                parts.append(
                    f"{label} is away on every day it could be held ({self._away(person, session)})"
                )
                causes.append("away")
        if miss.short and not parts and miss.days_tried == 0:
            parts.append("; ".join(dict.fromkeys(miss.short)))
            causes.append("not-enough-people")
        if miss.room_size:
            parts.append(miss.room_size)
            causes.append("no-room-big-enough")
        for cause, _ in miss.blocked.most_common():
            causes.append(cause)
            if cause == _PEOPLE:
                names = ", ".join(sorted(self.people[p].name for p in miss.busy_people))
                who = names or "the people it needs"
                parts.append(f"{who} already booked at every time left")
            elif cause == _INSPECTORS:
                cap = self._caps[session.activity.by]
                limit = session.activity.per_inspector_per_day
                text = f"at most {cap} sessions a day"
                if limit is not None:
                    text += f" and {limit} {session.activity.name.lower()}s"
                parts.append(
                    f"the {session.activity.by} inspectors are booked or at their limit ({text})"
                )
            else:
                parts.append(
                    f"every room for {session.size(session.needs)} or more is booked at the times left"
                )
        if not parts:
            parts.append("no time on the on-site days fits")
            causes.append("no-time")
        return "; ".join(parts), tuple(causes)
