"""Properties of the on-site week a scenario's rehearsal books, over random staff lists, working
days, leave, case samples and rooms written in scenario form (inline tables or CSV files).

The promises are checked from the bookings alone by the engine tests' own checker
(``tests/timetable/checks.py``), so the scenario path is held to the engine's promises."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from inspection_sim.scenario import scenario_from_mapping
from inspection_sim.timetable import Person, Room, SampledCase
from inspection_sim.timetable.synthetic import cases_csv, rooms_csv, staff_csv
from inspection_sim.weekmask import weekmask_text
from inspection_sim.workbench import rehearse_scenario
from tests.timetable.checks import violations
from tests.timetable.strategies import councils

TYPES = ("ilacs:short", "ilacs:focused-visit", "ilacs:monitoring-visit", "jtai:front-door")


def inline(people: list[Person], cases: list[SampledCase], rooms: list[Room]) -> dict[str, Any]:
    return {
        "people": [
            {
                "id": p.id,
                "name": p.name,
                "team": p.team,
                "role": p.role,
                "working_days": weekmask_text(p.weekdays),
                "leave": sorted(p.leave),
            }
            for p in people
        ],
        "rooms": [{"name": r.name, "capacity": r.capacity} for r in rooms],
        "cases": [
            {
                "case_id": c.case_id,
                "allocated_worker": c.allocated_worker,
                **({"team_manager": c.team_manager} if c.team_manager else {}),
                **({"auditor": c.auditor} if c.auditor else {}),
            }
            for c in cases
        ],
    }


def as_csv(
    folder: Path, people: list[Person], cases: list[SampledCase], rooms: list[Room]
) -> dict[str, Any]:
    for name, text in (
        ("staff.csv", staff_csv(people)),
        ("cases.csv", cases_csv(cases)),
        ("rooms.csv", rooms_csv(rooms)),
    ):
        (folder / "lists").mkdir(exist_ok=True)
        (folder / "lists" / name).write_text(text, "utf-8", newline="")
    return {"people": "lists/staff.csv", "cases": "lists/cases.csv", "rooms": "lists/rooms.csv"}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(council=councils(types=TYPES), form=st.sampled_from(["inline", "csv"]))
def test_a_scenarios_week_keeps_every_promise(council: dict[str, Any], form: str) -> None:
    people, cases, rooms = council["people"], council["cases"], council["rooms"]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        onsite = (
            inline(people, cases, rooms)
            if form == "inline"
            else as_csv(folder, people, cases, rooms)
        )
        data = {
            "schema": 1,
            "council": {"name": "Testshire County Council"},
            "inspection": {"type": council["inspection"], "notified": council["start"]},
            "rehearsal": {"start": council["start"]},
            "onsite": onsite,
        }
        scenario = scenario_from_mapping(data, source="council.toml", folder=folder)
        trial = rehearse_scenario(scenario)
    tt = trial.timetable
    assert tt is not None
    assert tt.days == trial.fieldwork
    assert dict(tt.people) == {p.id: p for p in people}  # the file gave the people drawn
    # nobody or no room double-booked, nobody on leave, on a day off or outside the hours,
    # no inspector over the day's sessions, every case's sessions booked or listed
    assert violations(tt) == []
    for case in tt.cases:
        sid = f"{tt.rules.activities[0].id}:{case.case_id}"
        booked = [b for b in tt.bookings if b.session == sid]
        if booked:
            (held,) = booked
            worker = tt.people[case.allocated_worker]
            event("held" if not held.substitute else "a manager stands in")
            if held.substitute:  # flagged, with who stands in and why
                assert held.people == (case.team_manager,)
                assert worker.name in held.note
            else:
                assert held.people == (case.allocated_worker,)
                assert worker.works_on(held.day)
        else:
            event("listed as not booked")
            (missing,) = [u for u in tt.unbooked if u.session == sid]
            assert missing.reason
