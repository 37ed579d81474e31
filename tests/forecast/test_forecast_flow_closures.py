"""Council closures in the practice-timescale flow: the statutory clock runs on, capacity stops."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from inspection_sim import due
from inspection_sim.forecasting.flow import FlowResult, simulate_flow
from inspection_sim.forecasting.flow_params import FlowParams
from inspection_sim.scenario import Scenario, parse_scenario
from tests.conftest import run_cli

SHUTDOWN = '[[council.closures]]\nname = "Christmas"\nfrom = 2026-12-21\nto = 2027-01-01\n'
PARAMS = FlowParams(start=date(2026, 12, 1), arrivals_per_week=14, capacity_per_week=20)


def _text(closures: str) -> str:
    return (
        f'schema = 1\n[council]\nname = "Shire"\n{closures}'
        '[inspection]\ntype = "ilacs:short"\nnotified = 2027-03-01\n'
    )


def _scenario(closures: str = SHUTDOWN) -> Scenario:
    return parse_scenario(_text(closures))


def _within(result: FlowResult) -> float:
    """Children within timescale over every month and run, as a share of those due."""
    on_time = sum(int(run.on_time.sum()) for run in result.replications)
    return on_time / sum(int(run.due.sum()) for run in result.replications)


def test_scenario_calendar_is_the_framework_calendar() -> None:
    scenario = _scenario()
    assert not scenario.calendar().closures
    closed = scenario.council.closure_days()
    assert closed[0] == date(2026, 12, 21)
    assert closed[-1] == date(2027, 1, 1)  # inclusive
    assert len(closed) == 12


def test_due_dates_across_a_shutdown_are_the_statutory_ones() -> None:
    """Day 0 on 14 Dec 2026: 20 working days is Thu 14 Jan 2027, shutdown or not (S33)."""
    scenario = _scenario()
    calendar = scenario.calendar()
    result = simulate_flow(
        PARAMS,
        months=2,
        runs=1,
        seed=3,
        calendar=calendar,
        closures=scenario.council.closure_days(),
        keep_records=True,
    )
    records = result.replications[0].records
    assert len(records) > 50
    for record in records:
        assert record.due == due("initial-health-assessment", record.day0, calendar=calendar).date
    moved = [r for r in records if r.day0 == date(2026, 12, 14)]
    assert moved
    assert moved[0].due == date(2027, 1, 14)
    # on the council's own days the clock would have stopped for the shutdown: a later date
    assert scenario.council_calendar().add_working_days(date(2026, 12, 14), 20) > date(2027, 1, 14)


def test_no_appointment_on_a_closure_day() -> None:
    scenario = _scenario()
    calendar = scenario.calendar()
    closed = set(scenario.council.closure_days())
    result = simulate_flow(
        PARAMS, months=2, runs=3, seed=5, calendar=calendar, closures=closed, keep_records=True
    )
    first = calendar.index_of(PARAMS.start)
    days = [
        calendar.date_at(first + int(r.started))
        for run in result.replications
        for r in run.records
        if r.started is not None
    ]
    assert len(days) > 100
    assert not closed & set(days)
    assert any(day == date(2027, 1, 4) for day in days)  # work resumes after the shutdown


# Near capacity with a local 10-working-day target: the shutdown's 7 working days show. (The
# statutory 20 days absorb that shutdown at these loads: the backlog clears before children fall due.)
TIGHT = FlowParams(
    start=date(2026, 12, 1), arrivals_per_week=17, capacity_per_week=20, deadline_working_days=10
)


def test_a_shutdown_lowers_compliance() -> None:
    calendar = _scenario().calendar()
    closures = _scenario().council.closure_days()
    open_all = simulate_flow(TIGHT, months=2, runs=20, seed=11, calendar=calendar)
    shut = simulate_flow(TIGHT, months=2, runs=20, seed=11, calendar=calendar, closures=closures)
    assert _within(open_all) == 1.0
    assert _within(shut) < 0.99
    assert shut.rows[1].backlog > open_all.rows[1].backlog  # still catching up at the end of Jan
    # no closures: exactly the same draws and result as before closures were modelled
    again = simulate_flow(TIGHT, months=2, runs=20, seed=11, calendar=calendar, closures=())
    assert [r.within_pct for r in again.rows] == [r.within_pct for r in open_all.rows]


def test_cli_scenario_shutdown_lowers_compliance(tmp_path: Path) -> None:
    flow = tmp_path / "flow.toml"
    flow.write_text(
        "[flow]\nstart = 2026-12-01\narrivals_per_week = 17\ncapacity_per_week = 20\n"
        "deadline_working_days = 10\n",
        encoding="utf-8",
    )
    within = {}
    for name, closures in (("shut", SHUTDOWN), ("open", "")):
        path = tmp_path / f"{name}.toml"
        path.write_text(_text(closures), encoding="utf-8")
        result = run_cli(
            "timescales", "simulate", str(path), "--flow", str(flow), "--months", "2",
            "--runs", "10", "--seed", "4", "--format", "json",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        months = json.loads(result.stdout)["base"]["months"]
        within[name] = [m["within_timescale_pct"] for m in months]
    assert within["open"] == [100.0, 100.0]
    assert within["shut"][1] < 100.0  # January's children waited out the shutdown
