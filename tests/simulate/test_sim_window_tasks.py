"""Tasks bound to a framework window: marked in the rule data, given the window's dates by the
plan, and missed in a simulation only when staff absences leave the window uncovered."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from inspection_sim import plan, workbench
from inspection_sim.errors import RuleFileError
from inspection_sim.plan.worktime import TeamTime
from inspection_sim.rules import load_assumptions, load_framework, with_overrides
from inspection_sim.scenario import default_scenario, load_scenario
from inspection_sim.simulation import SimModel
from inspection_sim.simulation.engines import choose_engine
from inspection_sim.simulation.sampling import draw
from inspection_sim.simulation.windows import window_deadlines
from inspection_sim.workbench import (
    simulate,  # a scenario or the engines' own inputs
    simulate_scenario,
)
from tests.conftest import run_cli

SCENARIOS = Path(__file__).parents[2] / "scenarios"
WINDOW_TASKS = ("onsite-support", "evidence-log")


@pytest.mark.parametrize("kind", ["short", "standard"])
def test_the_shipped_window_tasks_take_the_fieldwork_dates(kind: str) -> None:
    rules = load_framework("ilacs").inspection(kind)
    marked = {t.id: t for t in rules.tasks if t.window is not None}
    assert set(marked) == set(WINDOW_TASKS)
    assert all(t.window == "fieldwork" and t.duration == 0 for t in marked.values())
    timeline = plan(f"ilacs:{kind}", notified=date(2027, 3, 1))
    tasks = {t.id: t for t in timeline.tasks}
    for task_id in WINDOW_TASKS:
        task = tasks[task_id]
        assert (task.start, task.end) == (timeline.fieldwork.start, timeline.fieldwork.end)
        assert task.duration == len(timeline.fieldwork.days)  # 5 short, 10 standard
        assert task.framework  # a fixed date: levelling and the simulation never move it
    assert not timeline.risks


def test_a_window_task_with_a_duration_is_refused() -> None:
    rules = load_framework("ilacs").inspection("short")
    with pytest.raises(RuleFileError) as caught:
        with_overrides(rules, {"tasks.onsite-support": {"duration": 5}})
    text = str(caught.value)
    assert "inspections.short.tasks.onsite-support.duration" in text
    assert "give no duration" in text
    assert "(got 5)" in text


def test_an_unknown_window_is_refused_with_the_closest_suggested() -> None:
    rules = load_framework("ilacs").inspection("short")
    with pytest.raises(RuleFileError) as caught:
        with_overrides(rules, {"tasks.onsite-support": {"window": "fieldwrok"}})
    text = str(caught.value)
    assert "tasks.onsite-support.window" in text
    assert "did you mean 'fieldwork'" in text


def test_a_scenario_giving_a_window_task_a_duration_fails_at_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "window.toml"
    path.write_text(
        'schema = 1\n[council]\nname = "X"\n[teams.coordination]\nsize = 2\n'
        '[inspection]\ntype = "ilacs:short"\nnotified = 2027-03-01\n'
        "[tasks.change.onsite-support]\nduration = 3\n",
        encoding="utf-8",
    )
    done = run_cli("simulate", str(path), "--runs", "10", "--quiet")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "onsite-support.duration" in done.stderr
    assert "give no duration" in done.stderr


def test_each_deadline_says_whom_it_is_owed_to() -> None:
    result = simulate(default_scenario(), runs=100, seed=1)
    owed = dict(zip(result.deadline_names, result.commitments, strict=True))
    assert owed["prepare-annex-a"] == "inspectors"
    assert owed["onsite-support"] == "inspectors"
    assert owed["information-requests"] == "inspectors"
    assert owed["leadership-briefing"] == "council"
    assert owed["factual-accuracy-comments"] == "framework"
    assert owed["write-action-plan"] == "framework"
    data = json.loads(result.to_json())
    rows = {row["deadline"]: row for row in data["deadlines"]}
    assert rows["write-action-plan"]["commitment"] == "framework"
    assert rows["evidence-log"]["window"] == "fieldwork"
    assert rows["prepare-documents"]["window"] is None


def scenario_model(spread: float, absence: float) -> SimModel:
    """The default scenario with another spread and absence rate."""
    scenario = default_scenario()
    rates = (("extra-information-request", 0.3), ("late-data", 0.2), ("staff-absence", absence))
    simulation = replace(scenario.simulation, spread=spread, events=rates)
    return workbench.scenario_model(scenario.with_changes(simulation=simulation))


def test_without_absences_a_window_task_is_never_missed_however_wide_the_spread() -> None:
    model = scenario_model(spread=3.0, absence=0.0)
    result = simulate(model, runs=400, seed=3)
    p = result.p_met()
    assert all(p[task] == 1.0 for task in WINDOW_TASKS)
    assert min(p.values()) < 0.9  # the other deadlines do feel the spread


def uncovered_by_hand(
    absences: list[tuple[float, float]], start: float, finish: float, threshold: int
) -> float:
    """The time in [start, finish) with at least ``threshold`` absences at once, by brute force
    over the boundaries."""
    points = sorted({start, finish, *(t for a in absences for t in a if start < t < finish)})
    total = 0.0
    for lo, hi in pairwise(points):
        mid = (lo + hi) / 2
        if sum(1 for s, f in absences if s <= mid < f) >= threshold:
            total += hi - lo
    return total


@pytest.mark.parametrize("engine", ["heap", "simpy"])
def test_a_window_task_misses_exactly_when_absences_leave_it_uncovered(engine: str) -> None:
    """Heavy absences in a two-person coordination team: the working days late of 'Support
    inspectors on site' are the time both are away, whatever the spread of other tasks."""
    model = scenario_model(spread=0.5, absence=0.15)
    runs, seed = 300, 5
    result = simulate(model, runs=runs, seed=seed, engine=engine, keep_replications=True)
    draws = draw(model, runs, seed)
    need = load_assumptions().windows.staff_needed
    names = result.deadline_names
    for i in window_deadlines(model):
        task = model.network.tasks[i]
        q = model.team_position(task.team or "")
        team_time: TeamTime | None = model.team_times[q]
        threshold = model.capacities[task.team or ""] - need + 1
        late = result.late[names.index(task.id)]
        for r in range(runs):
            mine = (draws.incident_team[r] == q) & np.isinf(draws.incident_due[r])
            absences = []
            for at, length in zip(
                draws.incident_release[r][mine], draws.incident_length[r][mine], strict=True
            ):
                absences.append(team_time.place(at, length) if team_time else (at, at + length))
            expected = uncovered_by_hand(
                absences, result.start[i, r], result.finish[i, r], threshold
            )
            assert late[r] == pytest.approx(expected, abs=1e-9), (task.id, r)
        assert (result.finish[i] - result.start[i] == task.duration).all()  # never stretched
        assert 0.0 < result.p_met()[task.id] < 1.0
    again = simulate(model, runs=runs, seed=seed, engine="heap", keep_replications=False)
    assert np.array_equal(again.late, result.late)  # added up block by block: identical


def test_every_shipped_scenario_window_task_misses_only_through_absence() -> None:
    """No miss of a window task without its team left uncovered, on every shipped scenario."""
    for path in sorted(SCENARIOS.glob("*.toml")):
        scenario = load_scenario(path)
        result = simulate_scenario(scenario, runs=200, seed=7, keep_replications=True)
        model = result.model
        rows = window_deadlines(model)
        for i in rows:
            k = result.deadline_names.index(model.network.order[i])
            finish_late = result.finish[i] - (model.network.finish_no_later_than[i] + result.shift)
            assert (finish_late <= 0).all(), path.name  # its own duration never overruns
            assert result.uncovered is not None
            missed = ~result.met[k]
            assert (result.uncovered[rows.index(i)][missed] > 0).all(), path.name
        engine = choose_engine("auto", model)
        assert engine.name in ("heap", "numpy")
