"""An independent check of a timetable's promises, from its bookings alone (not the board)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from itertools import pairwise

from inspection_sim.export.events import LONDON
from inspection_sim.timetable import Timetable


def _wall(moment: datetime) -> datetime:
    return moment.astimezone(LONDON)


def violations(tt: Timetable) -> list[str]:
    """Every broken promise, in words; empty for a valid timetable."""
    found: list[str] = []
    rules = tt.rules
    hours = rules.hours
    gap = timedelta(minutes=-(-hours.gap_minutes // hours.slot_minutes) * hours.slot_minutes)
    by_person: dict[str, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    by_room: dict[str, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    by_inspector: dict[str, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    per_day: dict[tuple[str, object], int] = defaultdict(int)
    per_activity: dict[tuple[str, object, str], int] = defaultdict(int)
    inspectors = {i.id: i for i in tt.inspectors}
    rooms = {r.name: r for r in tt.rooms}
    for b in tt.bookings:
        start, end = _wall(b.start), _wall(b.end)
        if b.start.utcoffset() is None or start.tzinfo is None:
            found.append(f"{b.session}: naive time")
        if start.date() != b.day or end.date() != b.day or b.day not in tt.days:
            found.append(f"{b.session}: not on an on-site day")
        day_start = start.replace(hour=hours.start.hour, minute=hours.start.minute)
        day_end = start.replace(hour=hours.end.hour, minute=hours.end.minute)
        if start < day_start or end > day_end:
            found.append(f"{b.session}: outside working hours")
        for item in hours.breaks:
            b0 = start.replace(hour=item.start.hour, minute=item.start.minute)
            if start < b0 + timedelta(minutes=item.minutes) and b0 < end:
                found.append(f"{b.session}: overlaps the break {item.name}")
        activity = rules.activity(b.activity)
        if end - start != timedelta(minutes=activity.minutes):
            found.append(f"{b.session}: lasts {end - start}, not {activity.minutes} minutes")
        if activity.time is not None and start.time() != activity.time:
            found.append(f"{b.session}: not at its fixed time")
        if activity.day == "last" and b.day != tt.days[-1]:
            found.append(f"{b.session}: not on the last day")
        for pid in b.people:
            person = tt.people[pid]
            if not person.works_on(b.day):
                found.append(f"{b.session}: {pid} booked on leave or a non-working day")
            by_person[pid].append((start, end, b.session))
        if len(set(b.people)) != len(b.people):
            found.append(f"{b.session}: a person twice")
        if len(b.inspectors) != activity.inspectors or len(set(b.inspectors)) != len(b.inspectors):
            found.append(f"{b.session}: wrong number of inspectors")
        if activity.lead and not any(inspectors[i].lead for i in b.inspectors):
            found.append(f"{b.session}: without the lead inspector")
        for iid in b.inspectors:
            ins = inspectors[iid]
            if ins.group != activity.by or b.day not in ins.days:
                found.append(f"{b.session}: {iid} not on site or of the wrong group")
            by_inspector[iid].append((start, end + gap, b.session))
            per_day[iid, b.day] += 1
            per_activity[iid, b.day, activity.id] += 1
        if activity.room:
            if b.room is None or b.room not in rooms:
                found.append(f"{b.session}: no room")
            elif rooms[b.room].capacity < len(b.people) + len(b.inspectors):
                found.append(f"{b.session}: room too small")
            else:
                by_room[b.room].append((start, end, b.session))
        elif b.room is not None:
            found.append(f"{b.session}: a room it does not need")
        if b.kind == "case-discussion":
            case = next(c for c in tt.cases if c.case_id == b.case_id)
            expected = case.team_manager if b.substitute else case.allocated_worker
            if b.people != (expected,):
                found.append(f"{b.session}: held with {b.people}, not {expected}")
            if b.substitute and not b.note:
                found.append(f"{b.session}: a substitute without a reason")
    for what, table in (("person", by_person), ("room", by_room), ("inspector", by_inspector)):
        for key, items in table.items():
            items.sort()
            for (_, e1, a), (s2, _, b) in pairwise(items):
                if s2 < e1:
                    found.append(f"{what} {key} double-booked: {a} and {b}")
    groups = {g.id: g for g in rules.inspectors}
    for (iid, day), count in per_day.items():
        if count > groups[inspectors[iid].group].sessions_per_day:
            found.append(f"inspector {iid} has {count} sessions on {day}")
    for (iid, day, aid), count in per_activity.items():
        limit = rules.activity(aid).per_inspector_per_day
        if limit is not None and count > limit:
            found.append(f"inspector {iid} has {count} {aid} on {day}")
    sessions = [b.session for b in tt.bookings] + [u.session for u in tt.unbooked]
    if len(sessions) != len(set(sessions)):
        found.append("a session is both booked and unbooked, or booked twice")
    for u in tt.unbooked:
        if not u.reason:
            found.append(f"{u.session}: unbooked without a reason")
    for activity in rules.activities:
        if activity.per == "case":
            for case in tt.cases:
                if f"{activity.id}:{case.case_id}" not in sessions:
                    found.append(f"case {case.case_id}: no {activity.id} booked or listed")
    return found
