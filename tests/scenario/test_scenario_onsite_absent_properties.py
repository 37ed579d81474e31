"""Properties of a scenario's what-if (``[[onsite.absent]]``) over random councils and random
absences among their staff: the rehearsed week rebooked around the absences keeps every promise
of a timetable, books nobody while away, accounts for every sampled case, and never discusses more
cases as planned than the booked week did."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from inspection_sim.scenario import scenario_from_mapping
from inspection_sim.workbench import rehearse_scenario
from tests.scenario.test_scenario_onsite_properties import TYPES, inline
from tests.timetable.checks import violations
from tests.timetable.strategies import councils


def council_data(council: dict[str, Any], absent: list[dict[str, Any]]) -> dict[str, Any]:
    onsite = inline(council["people"], council["cases"], council["rooms"])
    return {
        "schema": 1,
        "council": {"name": "Testshire County Council"},
        "inspection": {"type": council["inspection"], "notified": council["start"]},
        "rehearsal": {"start": council["start"]},
        "onsite": {**onsite, "absent": absent},
    }


@st.composite
def absences(draw: st.DrawFn, people: list[str], days: tuple[date, ...]) -> dict[str, Any]:
    """An absence of someone on the staff list, on some of the on-site days (either end may be
    left out: from the first, or to the last, on-site day)."""
    first = draw(st.integers(0, len(days) - 1))
    last = draw(st.integers(first, len(days) - 1))
    entry: dict[str, Any] = {"person": draw(st.sampled_from(people))}
    if draw(st.booleans()):
        entry["from"] = days[first]
    if draw(st.booleans()):
        entry["to"] = days[last]
    return entry


def away_on(entries: list[dict[str, Any]], days: tuple[date, ...]) -> set[tuple[str, date]]:
    found = set()
    for entry in entries:
        first, last = entry.get("from", days[0]), entry.get("to", days[-1])
        found |= {(entry["person"], day) for day in days if first <= day <= last}
    return found


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(council=councils(types=TYPES), data=st.data())
def test_a_rebooked_week_keeps_every_promise(council: dict[str, Any], data: st.DataObject) -> None:
    booked = rehearse_scenario(scenario_from_mapping(council_data(council, []), source="c.toml"))
    assert booked.timetable is not None
    days = booked.fieldwork
    ids = [p.id for p in council["people"]]
    entries = data.draw(st.lists(absences(ids, days), min_size=1, max_size=4))
    scenario = scenario_from_mapping(council_data(council, entries), source="c.toml")
    trial = rehearse_scenario(scenario)
    what_if, after = trial.what_if, trial.timetable
    assert what_if is not None
    assert after is what_if.after
    assert what_if.plan.to_rows() == booked.timetable.to_rows()  # booked before the absences
    # nobody or no room double-booked, nobody on leave or a day off, within the hours
    assert violations(after) == []
    away = away_on(entries, days)
    for b in after.bookings:
        assert not {(pid, b.day) for pid in b.people} & away, b.session
    for case in after.cases:
        sid = f"{after.rules.activities[0].id}:{case.case_id}"
        held = [b for b in after.bookings if b.session == sid]
        if held:
            event("a manager stands in" if held[0].substitute else "held")
            assert held[0].people == (
                (case.team_manager,) if held[0].substitute else (case.allocated_worker,)
            )
        else:
            event("listed as not booked")
            (missing,) = [u for u in after.unbooked if u.session == sid]
            assert missing.reason
    for change in what_if.changes:
        event(change.kind)
        if change.kind == "missed":
            (missing,) = [u for u in after.unbooked if u.session == change.session]
            assert "is away" in missing.reason
    assert what_if.shares.as_planned <= what_if.planned.as_planned
    assert what_if.shares.with_worker <= what_if.planned.with_worker
