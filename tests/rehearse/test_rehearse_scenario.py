"""Rehearsing a scenario through the real planner: names, contacts and settings flow through."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from inspection_sim import rehearse
from inspection_sim.errors import ScenarioError, ScheduleError
from inspection_sim.scenario import default_scenario, load_scenario


def test_default_scenario_uses_its_rehearsal_settings_and_team_names() -> None:
    scenario = default_scenario()
    result = rehearse(scenario)
    assert result.start == scenario.rehearsal.start
    assert result.mode == scenario.rehearsal.mode
    assert "Northbridge Borough Council" in result.calendar_name
    performance = [e for e in result.events if e.team == "Performance and data team"]
    assert performance
    assert all("Contacts: Priya Shah (head of performance)" in e.details() for e in performance)
    kit = next(e for e in result.events if e.recurrence is not None and e.key == "kit")
    assert kit.local_start().time() == scenario.rehearsal.kit_time


def test_arguments_override_the_scenario() -> None:
    result = rehearse(
        default_scenario(),
        date(2027, 9, 6),
        mode="compressed",
        fieldwork_days=2,
        kit_time=time(8, 30),
    )
    assert (result.start, result.mode, len(result.fieldwork)) == (date(2027, 9, 6), "compressed", 2)
    kit = next(e for e in result.events if e.key == "kit")
    assert kit.local_start().time() == time(8, 30)


def test_scenario_rehearsal_start_on_a_bank_holiday_is_refused_before_planning() -> None:
    with pytest.raises(ScheduleError, match="2027-08-30 \\(Mon\\) is not a working day"):
        rehearse(default_scenario(), date(2027, 8, 30))


def test_scenario_without_a_rehearsal_date_needs_one() -> None:
    scenario = default_scenario()
    bare = scenario.with_changes(rehearsal=type(scenario.rehearsal)())
    with pytest.raises(ScenarioError, match=r"rehearsal\.start: no rehearsal date"):
        rehearse(bare)


SCENARIOS = sorted((Path(__file__).parents[2] / "scenarios").glob("*.toml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=[path.stem for path in SCENARIOS])
def test_timed_events_of_every_shipped_scenario_fall_in_working_hours(path: Path) -> None:
    scenario = load_scenario(path)
    start = scenario.rehearsal.start or scenario.council_calendar().roll_forward(date(2027, 6, 7))
    result = rehearse(scenario, start)
    timed = [event for event in result.events if not event.all_day]
    assert timed, "a rehearsal has at least the call"
    for event in timed:
        begin, end = event.local_start(), event.local_end()
        assert begin.time() >= time(8, 0), event.summary
        assert end.time() <= time(18, 0), event.summary
        assert begin.date() == end.date()
        assert scenario.council_calendar().is_working_day(begin.date()), event.summary
