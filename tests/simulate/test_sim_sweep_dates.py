"""Sweeps on the notification calls the rules give: no fieldwork in a period without fieldwork
unless every date is asked for, and then each such date is marked."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from sim_models import ANCHOR, random_network

from inspection_sim import plan
from inspection_sim.errors import SimulationError
from inspection_sim.scenario import default_scenario, load_scenario
from inspection_sim.workbench import sweep  # a scenario or the engines' own inputs
from tests.conftest import run_cli

SCENARIOS = Path(__file__).parents[2] / "scenarios"
YEAR = (date(2027, 1, 1), date(2027, 12, 31))
BLOCKED = "falls in a period without fieldwork"
#: What the planner warns when the rules would not give a call: another weekday, fieldwork in a
#: period without fieldwork, fieldwork a bank holiday cuts short.
REFUSED = (BLOCKED, "is not the rule's weekday", "days, not the rule's")


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.toml")), ids=lambda p: p.stem)
def test_no_shipped_scenario_sweeps_a_call_the_rules_would_not_give(path: Path) -> None:
    """Each swept date, planned on its own, draws no warning from the planner; every call of
    the rule's weekday the sweep left out would have."""
    scenario = load_scenario(path)
    window = scenario.inspection.window
    first, last = (window.start, window.end) if window else YEAR
    result = sweep(scenario, first=first, last=last, runs=2, seed=1, workers=1)
    assert result.dates
    assert set(result.outside_rules) == {""}
    for day in result.dates:
        warnings = plan(scenario.inspection.type, notified=day).warnings
        assert not [w for w in warnings if any(r in w for r in REFUSED)], (day, warnings)
    for day, reasons in result.left_out:
        warnings = plan(scenario.inspection.type, notified=day).warnings
        assert any(r in w for w in warnings for r in REFUSED), (day, reasons)


def test_all_dates_sweeps_every_working_day_and_marks_the_others() -> None:
    scenario = default_scenario()
    window = {"first": date(2027, 7, 1), "last": date(2027, 9, 30), "runs": 20, "seed": 3}
    ruled = sweep(scenario, **window, workers=1)
    every = sweep(scenario, **window, workers=1, all_dates=True)
    assert len(every.dates) == len(
        scenario.calendar().working_days(date(2027, 7, 1), date(2027, 9, 30))
    )
    marks = dict(zip(every.dates, every.outside_rules, strict=True))
    assert [d for d, why in marks.items() if not why] == list(ruled.dates)
    assert "Summer" in marks[date(2027, 8, 2)]
    assert "not the rule's weekday" in marks[date(2027, 7, 7)]
    assert ruled.left_out
    assert not every.left_out
    # a date's results depend only on the seed and the date: the same in both sweeps
    for k, day in enumerate(ruled.dates):
        j = every.dates.index(day)
        assert {m: v[k] for m, v in ruled.metrics.items()} == {
            m: v[j] for m, v in every.metrics.items()
        }


def test_dates_given_explicitly_are_held_to_the_rules_too() -> None:
    scenario = default_scenario()
    days = [date(2027, 3, 1), date(2027, 8, 2)]  # a permitted Monday, and one in the summer
    result = sweep(scenario, dates=days, runs=10, seed=1, workers=1)
    assert result.dates == (date(2027, 3, 1),)
    [(day, reasons)] = result.left_out
    assert day == date(2027, 8, 2)
    assert [r.split(" (")[0] for r in reasons] == ["Summer"]
    with pytest.raises(SimulationError, match="no notification call"):
        sweep(scenario, dates=[date(2027, 8, 2)], runs=10, seed=1, workers=1)


def test_a_bare_network_has_no_rules_to_hold_its_dates_to() -> None:
    net = random_network(10, 1, deadlines=2)
    result = sweep(net, first=date(2027, 8, 2), last=date(2027, 8, 31), runs=10, seed=1)
    assert len(result.dates) == 4  # the Mondays of August (30 August, a holiday, rolls out)
    assert set(result.outside_rules) == {""}
    assert ANCHOR  # the random plans start from the calendar's anchor


def test_the_metrics_are_what_varies() -> None:
    result = sweep(
        default_scenario(),
        first=date(2027, 3, 1),
        last=date(2027, 4, 30),
        runs=50,
        seed=2,
        workers=1,
    )
    assert "end_p50" not in result.metrics  # the last finish is a fixed framework date
    deadlines = [m for m in result.metrics if m.startswith("p_met:")]
    for k in range(len(result.dates)):
        missed = sum(1 - result.metrics[m][k] for m in deadlines)
        assert result.metrics["missed_mean"][k] == pytest.approx(missed, abs=1e-9)
        weakest = result.weakest(k)
        assert weakest is not None
        assert weakest[1] == min(result.metrics[m][k] for m in deadlines)


def test_nothing_is_risky_when_nothing_can_be_missed() -> None:
    net = random_network(10, 2, spec=None)  # fixed durations, no deadlines
    result = sweep(net, first=date(2027, 3, 1), last=date(2027, 3, 31), runs=5, seed=1)
    assert result.riskiest() == []
    assert all(result.weakest(k) is None for k in range(len(result.dates)))


def test_all_dates_at_the_command_line() -> None:
    args = ("sweep", "--from", "2027-07-26", "--to", "2027-08-06", "--runs", "10", "--seed", "1")
    done = run_cli(*args, "--workers", "1", "--quiet", "--all-dates", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    marks = {r["date"]: r["outside_rules"] for r in rows}
    assert len(marks) == 10  # every working day
    assert "Summer" in marks["2027-08-02"]
    assert "not the rule's weekday (Mon)" in marks["2027-07-27"]
    table = run_cli(*args, "--workers", "1", "--quiet", "--all-dates")
    assert "2027-08-02" in table.stdout
    assert "* a call the rules would not give (--all-dates)" in table.stdout
    ruled = run_cli(*args, "--workers", "1", "--quiet")
    assert ruled.returncode == 2  # every Monday's fieldwork falls in the summer
    assert "--all-dates" in ruled.stderr
    assert "Traceback" not in ruled.stderr
