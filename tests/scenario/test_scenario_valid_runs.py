"""Valid means runnable: any scenario that passes validation can be planned, rehearsed and simulated.

Hypothesis builds scenarios from the knobs that decide whether a command can run: call dates up
to the calendar's end, sweep windows, council weekmasks and closures, team weekmasks and leave,
long rule overrides and task changes, rehearsal starts and meeting times (the clock-change hours
included), deferrals. A scenario is either refused with a ScenarioError, or every command runs.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from inspection_sim.calendar import DEFAULT_END, DEFAULT_START
from inspection_sim.errors import ScenarioError
from inspection_sim.scenario import scenario_from_mapping
from inspection_sim.workbench import plan_scenario, rehearse_scenario, simulate_scenario
from tests.scenario.scenario_helpers import minimal

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TYPES = ("ilacs:short", "ilacs:standard", "jtai:front-door", "hmip-yj:single", "area-send:full")
TEMPLATE_TEAMS = ("coordination", "performance", "leadership", "quality-assurance", "social-care")

any_day = st.dates(DEFAULT_START, DEFAULT_END)
#: Most examples near the calendar's end, where plans run out of room.
call_day = st.one_of(
    st.dates(date(2018, 1, 1), DEFAULT_END), st.dates(date(2039, 6, 1), DEFAULT_END)
)
weekmask = st.sets(st.sampled_from(DAYS), min_size=1).map(
    lambda days: ",".join(d for d in DAYS if d in days)
)


@st.composite
def periods(draw: st.DrawFn, longest: int = 366, near: date | None = None) -> dict[str, date]:
    start = draw(
        st.dates(near - timedelta(days=400), near + timedelta(days=200)) if near else any_day
    )
    start = min(max(start, DEFAULT_START), DEFAULT_END)
    end = min(start + timedelta(days=draw(st.integers(0, longest - 1))), DEFAULT_END)
    return {"from": start, "to": end}


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(TYPES))
    notified = draw(call_day)
    council: dict[str, Any] = {"name": "Hypothesis Council"}
    if draw(st.booleans()):
        council["weekmask"] = draw(st.sampled_from(["Mon-Fri", "Mon-Thu", "Mon-Sun", "Tue-Sat"]))
    council["closures"] = [
        {"name": "shut", **period} for period in draw(st.lists(periods(near=notified), max_size=2))
    ]
    teams = {
        team: {
            "size": draw(st.integers(1, 4)),
            **({"weekmask": draw(weekmask)} if draw(st.booleans()) else {}),
            "leave": draw(st.lists(periods(near=notified), max_size=2)),
        }
        for team in draw(st.lists(st.sampled_from(TEMPLATE_TEAMS), unique=True, max_size=3))
    }
    inspection: dict[str, Any] = {"type": kind}
    if draw(st.booleans()) or not draw(st.booleans()):
        inspection["notified"] = notified
    else:
        inspection["window"] = draw(periods(longest=3 * 366, near=notified))
    data: dict[str, Any] = {
        "schema": 1,
        "council": council,
        "teams": teams,
        "inspection": inspection,
        "simulation": {
            "runs": draw(st.integers(1, 3)),
            "seed": draw(st.integers(0, 99)),
            "events": {"deferral": draw(st.sampled_from([0.0, 0.5, 1.0]))},
        },
    }
    if kind.startswith("ilacs") and draw(st.booleans()):
        days = draw(st.integers(0, 5000))
        data["overrides"] = {
            "inspection": {
                "post": {
                    "factual-accuracy": {"at": {"after": "draft-report", "working_days": days}}
                }
            }
        }
    if draw(st.booleans()):
        data["tasks"] = {
            "add": [
                {
                    "id": "long-task",
                    "team": "coordination",
                    "duration": draw(st.integers(0, 500)),
                    "depends": [{"on": "coordination-team", "lag": draw(st.integers(-20, 500))}],
                }
            ]
        }
    if draw(st.integers(0, 3)):
        start = draw(
            st.dates(
                notified - timedelta(days=30), min(notified + timedelta(days=400), DEFAULT_END)
            )
        )
        minute = draw(st.one_of(st.integers(0, 24 * 60 - 1), st.integers(0, 3 * 60)))
        data["rehearsal"] = {
            "start": max(start, DEFAULT_START),
            "kit_time": time(minute // 60, minute % 60),
        }
    return data


@pytest.mark.slow
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenarios())
def test_a_valid_scenario_plans_rehearses_and_simulates(data: dict[str, Any]) -> None:
    try:
        scenario = scenario_from_mapping(data, source="hypothesis.toml")
    except ScenarioError as error:
        event(
            "refused: " + ", ".join(sorted({(p.key or "").split("[")[0] for p in error.problems}))
        )
        return
    event("valid")
    timeline = plan_scenario(scenario)
    assert max(task.end for task in timeline.tasks) <= DEFAULT_END
    if scenario.rehearsal.start is not None:
        assert rehearse_scenario(scenario).events
    result = simulate_scenario(scenario)
    assert result.runs == scenario.simulation.runs
    result.task_table()  # every simulated date is a date of the calendar


def test_simulated_dates_past_the_calendar_end_are_reported() -> None:
    """Random durations have no upper bound, so no check on a file keeps every simulated date
    inside the calendar: a day past its end reads "after <its last day>", the summary says so
    in words, and a deadline missed there still counts as missed."""
    data = minimal()
    data["inspection"]["notified"] = date(2040, 6, 4)
    data["simulation"] = {"runs": 50, "seed": 1, "duration": "lognormal", "spread": 2.0}
    result = simulate_scenario(scenario_from_mapping(data))
    beyond = f"after {DEFAULT_END.isoformat()}"
    ends = [row[key] for row in result.task_table() for key in ("p10_end", "p50_end", "p90_end")]
    assert beyond in ends
    assert all(end == beyond or date.fromisoformat(end) <= DEFAULT_END for end in ends)
    assert f'shows such an end as "{beyond}"' in result.summary()
    assert "after the last day of the working calendar (31 December 2040)" in result.summary()
    assert min(result.p_met().values()) < 1.0  # past the calendar is late, not lost
    assert result.has_replications
    assert beyond in {row["end"] for row in result.replication_records()}
