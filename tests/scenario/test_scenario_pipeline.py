"""Every shipped scenario runs through the whole library: plan, rehearse and simulate."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspection_sim.scenario import Scenario, load_scenario
from inspection_sim.workbench import (
    forecast_scenario,
    plan_scenario,
    rehearse_scenario,
    simulate_scenario,
)

SCENARIOS = sorted((Path(__file__).parents[2] / "scenarios").glob("*.toml"))
STAMP = datetime(2027, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module", params=SCENARIOS, ids=[p.stem for p in SCENARIOS])
def scenario(request: pytest.FixtureRequest) -> Scenario:
    return load_scenario(request.param)


def test_plan(scenario: Scenario) -> None:
    timeline = plan_scenario(scenario)
    assert timeline.inspection == scenario.inspection.type
    assert timeline.notification.date() >= scenario.inspection.notified  # type: ignore[operator]
    assert timeline.fieldwork.start > timeline.notification.date()
    assert any(task.critical for task in timeline.tasks)
    # The scenario's own tasks and teams are in the plan.
    ids = {task.id for task in timeline.tasks}
    assert {add.id for add in scenario.tasks.add} <= ids
    assert not set(scenario.tasks.remove) & ids
    calendar = scenario.council_calendar()  # council tasks skip its closures too
    for task in timeline.tasks:
        if task.team is not None and task.duration > 0:
            assert calendar.is_working_day(task.start), task.id


def test_rehearse(scenario: Scenario, tmp_path: Path) -> None:
    rehearsal = rehearse_scenario(scenario)
    written = rehearsal.write(tmp_path, stamp=STAMP)
    combined = written[0].path.read_bytes()
    assert combined.startswith(b"BEGIN:VCALENDAR\r\n")
    assert scenario.council.name.encode() in combined.replace(b"\r\n ", b"")
    # Byte-identical when written again with the same stamp.
    again = rehearse_scenario(scenario).write(tmp_path / "again", stamp=STAMP)
    assert again[0].path.read_bytes() == combined


def test_simulate(scenario: Scenario) -> None:
    result = simulate_scenario(scenario, runs=30, seed=scenario.simulation.seed)
    assert result.runs == 30
    p_met = result.p_met()
    assert p_met
    assert all(0.0 <= p <= 1.0 for p in p_met.values())
    assert simulate_scenario(scenario, runs=30, seed=scenario.simulation.seed).p_met() == p_met


def test_changes_in_the_ri_scenario_reach_the_plan() -> None:
    scenario = load_scenario(
        Path(__file__).parents[2] / "scenarios" / "ri-council-ilacs-standard.toml"
    )
    tasks = {task.id: task for task in plan_scenario(scenario).tasks}
    assert "brief-lead-member" in tasks
    assert "it-access" not in tasks
    assert tasks["prepare-case-files"].team == "quality-assurance"
    assert tasks["prepare-case-files"].end >= tasks["prepare-case-files"].start


def test_forecast_from_the_scenario_history() -> None:
    from datetime import date

    scenario = load_scenario(
        Path(__file__).parents[2] / "scenarios" / "good-council-ilacs-short.toml"
    )
    forecast = forecast_scenario(scenario, on=date(2026, 6, 1))
    [nxt, *_] = forecast.next
    assert nxt.activity == "ilacs:short"
    # Nothing is forecast before the forecast date.
    assert min(nxt.onsite.dates) >= date(2026, 6, 1)
