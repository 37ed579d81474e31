"""The result object: time conventions, deadlines, criticality and the output tables."""

from __future__ import annotations

import json
import re
from datetime import date

import numpy as np
import pytest
from sim_models import CALENDAR

from inspection_sim.plan.network import Dependency, DurationSpec, Network, TaskSpec
from inspection_sim.simulation import simtime, simulate

MONDAY = CALENDAR.index_of(date(2027, 3, 1))


def chain() -> Network:
    """a(2) -> b(3) -> c(1); d(1) on the side; b must finish within 5 days of the start."""
    return Network.build(
        [
            TaskSpec("a", duration=2, team="x"),
            TaskSpec(
                "b",
                duration=3,
                team="y",
                finish_no_later_than=MONDAY + 5,
                uncertainty=DurationSpec("triangular", (2, 3, 5)),
            ),
            TaskSpec("c", duration=1, team="x"),
            TaskSpec("d", duration=1, team="y"),
        ],
        [Dependency("a", "b"), Dependency("b", "c"), Dependency("a", "d")],
    )


def test_time_conventions_at_the_edges() -> None:
    """Day i is [i, i+1): a start falls on its day; a finish ends on the day before (inclusive)."""
    assert simtime.end_day(10.0, 13.0) == 12
    assert simtime.end_day(10.0, 12.25) == 12
    assert simtime.end_day(10.5, 10.5) == 10  # a milestone falls on its day
    assert simtime.start_date(CALENDAR, MONDAY + 0.75) == date(2027, 3, 1)
    assert simtime.end_date(CALENDAR, MONDAY, MONDAY + 5) == date(2027, 3, 5)  # Mon to Fri
    assert simtime.end_date(CALENDAR, MONDAY, MONDAY + 5.5) == date(2027, 3, 8)
    assert simtime.to_simtime(CALENDAR, date(2027, 3, 6)) == MONDAY + 5  # Saturday rolls on
    starts = np.array([MONDAY, MONDAY + 1.0])
    assert simtime.end_dates(CALENDAR, starts, starts + np.array([5, 0])).tolist() == [
        date(2027, 3, 5),
        date(2027, 3, 2),
    ]


def test_deadlines_met_missed_and_by_how_much() -> None:
    result = simulate(chain(), runs=2000, seed=1, start=MONDAY)
    late = result.late[0]
    b = result.finish[1]
    assert np.array_equal(late, b - (MONDAY + 5))
    assert np.array_equal(result.met[0], b <= MONDAY + 5)
    # b finishes in time when it takes at most 3 days: P(triangular(2,3,5) <= 3) = 1/3
    assert result.p_met()["b"] == pytest.approx(1 / 3, abs=0.03)
    table = result.deadline_table()[0]
    assert table["deadline"] == "b"
    assert table["mean_days_late_when_missed"] == pytest.approx(late[late > 0].mean(), abs=1e-3)


def test_criticality_index_follows_the_binding_chain() -> None:
    result = simulate(chain(), runs=200, seed=1, start=MONDAY)
    index = result.criticality()
    assert index == {"a": 1.0, "b": 1.0, "c": 1.0, "d": 0.0}
    # b's deadline is decided by a and b (c comes after it, d is on the side)
    assert result.criticality("b") == {"a": 1.0, "b": 1.0, "c": 0.0, "d": 0.0}
    # only b has a random duration: it alone drives a deadline, and its team is named
    risky = result.riskiest_tasks(2)
    assert [(r["task"], r["team"], r["deadline"]) for r in risky] == [("b", "y", "b")]
    assert risky[0]["correlation"] > 0.8
    assert risky[0]["cruciality"] == risky[0]["correlation"]  # criticality 1


def test_a_task_that_waits_for_its_team_breaks_the_chain() -> None:
    """With one person in y, d (released with b) waits; c stays critical through b."""
    result = simulate(chain(), runs=50, seed=1, start=MONDAY, capacities={"y": 1})
    assert (result.start[3] == result.finish[1]).all()  # d queued behind b (FIFO, b first)
    index = result.criticality()
    assert index["c"] + index["d"] >= 1.0 - 1e-9


def test_output_tables_and_json() -> None:
    result = simulate(chain(), runs=100, seed=2, start=MONDAY, capacities={"x": 1})
    records = result.to_records()
    assert [r["task"] for r in records] == ["a", "b", "c", "d"]
    assert records[0]["planned_start"] == "2027-03-01"
    assert records[0]["planned_end"] == "2027-03-02"
    assert records[0]["p50_end"] == "2027-03-02"
    assert records[1]["p10_end"] <= records[1]["p50_end"] <= records[1]["p90_end"]
    data = json.loads(result.to_json())
    assert data["runs"] == 100
    assert data["seed"] == 2
    assert data["engine"] == "heap"
    assert {t["team"] for t in data["teams"]} == {"x", "y"}
    assert data["teams"][0]["capacity"] == 1
    assert data["teams"][1]["capacity"] is None
    long = result.replication_records()
    assert len(long) == 400
    assert long[0] == {"replication": 0, "task": "a", "start": "2027-03-01", "end": "2027-03-02"}
    text = result.summary()
    assert "100 replications, seed 2, engine heap" in text
    assert "Deadlines" in text


def test_the_summary_lists_the_riskiest_teams_first() -> None:
    """``simulate --help`` promises the riskiest teams: the summary ranks them, delay first."""
    from inspection_sim.scenario import default_scenario
    from inspection_sim.workbench import simulate_scenario

    result = simulate_scenario(default_scenario(), runs=200, seed=3)
    lines = result.summary().splitlines()
    heading = lines.index("Riskiest teams (those whose tasks finish latest against the plan):")
    assert lines[heading + 1].split() == [
        "Team",
        "People",
        "Busy",
        "Busy",
        "period",
        "Tasks",
        "finish",
        "later",
        "by",
    ]
    ranked = result.riskiest_teams(5)
    rows = lines[heading + 2 : heading + 2 + len(ranked)]
    names = [result.team_name(r["team"]) for r in ranked]
    assert all(row[2:].startswith(f"{name}  ") for row, name in zip(rows, names, strict=True))
    assert all(row.endswith(" working days") for row in rows)
    delays = [row["mean_task_delay_working_days"] for row in ranked]
    assert delays == sorted(delays, reverse=True)
    assert len(result.team_table()) > len(ranked)  # the default scenario has more teams than that


def test_the_riskiest_teams_table_reads_as_a_director_reads_it() -> None:
    """Names, not ids; a team without a size is "not limited", never "-"; each figure with its
    unit, and the busy share says what it is a share of and over how long."""
    from inspection_sim.scenario import default_scenario
    from inspection_sim.workbench import simulate_scenario

    result = simulate_scenario(default_scenario(), runs=200, seed=3)
    text = result.summary()
    table = text.split("Riskiest teams")[1]
    rows = {row["team"]: row for row in result.riskiest_teams(5)}
    assert "leadership" in rows
    assert "it" in rows
    by_name = {line.strip().split("  ")[0]: line for line in table.splitlines()[2:]}
    sized = by_name["Director and senior leaders"]
    assert sized.split()[4] == "3"
    assert f"{rows['leadership']['mean_utilisation']:.1%} " in sized
    unsized = by_name["IT"]
    assert "not limited" in unsized
    assert f"{rows['it']['mean_utilisation']:.1%}*" in unsized
    assert " - " not in table
    assert "of one person's time" in table
    assert "over its own busy period" in table
    assert "69 working days" in by_name["Director and senior leaders"]
    for key in rows:
        assert not re.search(rf"(?m)^  {re.escape(key)}\b", table)


def test_to_dataframe() -> None:
    pd = pytest.importorskip("pandas")
    result = simulate(chain(), runs=20, seed=2, start=MONDAY)
    frame = result.to_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["task"]) == ["a", "b", "c", "d"]
    assert len(result.to_dataframe("replications")) == 80
    assert list(result.to_dataframe("deadlines")["deadline"]) == ["b"]
