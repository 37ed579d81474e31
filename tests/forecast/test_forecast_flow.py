"""The practice-timescale flow: exact deadlines, 100% below capacity, and an M/M/c (Erlang C) check."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from inspection_sim import WorkingCalendar
from inspection_sim.errors import ForecastInputError, UnknownNameError
from inspection_sim.forecasting.flow import simulate_flow
from inspection_sim.forecasting.flow_params import FlowParams, WhatIf, flow_deadline, load_flow

CAL = WorkingCalendar()


def test_due_dates_move_over_bank_holidays_exactly_as_the_calendar() -> None:
    """20 working days, day 0 the day of entering care (S33); Christmas 2026 moves it to 14 Jan."""
    params = FlowParams(start=date(2026, 12, 1), arrivals_per_week=14, capacity_per_week=20)
    result = simulate_flow(params, months=2, runs=1, seed=3, keep_records=True)
    records = result.replications[0].records
    assert len(records) > 50
    for record in records:
        assert record.due == CAL.add_working_days(record.day0, 20)
    moved = [r for r in records if r.day0 == date(2026, 12, 14)]
    assert moved
    assert moved[0].due == date(2027, 1, 14)
    try:
        from inspection_sim.timescales import due
    except ImportError:  # the framework rule data is optional for the flow model
        return
    for record in records[:40]:  # due() from the rule data agrees date for date
        assert due("initial-health-assessment", record.day0, calendar=CAL).date == record.due


def test_constant_arrivals_below_capacity_are_all_within_timescale() -> None:
    params = FlowParams(arrivals_per_week=8, capacity_per_week=10, arrivals="constant")
    result = simulate_flow(params, months=12, runs=3)
    assert all(row.within_pct == 100.0 for row in result.rows if row.due)
    assert max(row.backlog for row in result.rows) < 8  # weekend arrivals wait for Monday
    assert max(row.overdue for row in result.rows) == 0


def test_constant_arrivals_above_capacity_fall_behind() -> None:
    params = FlowParams(arrivals_per_week=12, capacity_per_week=10, arrivals="constant")
    result = simulate_flow(params, months=12, runs=2)
    assert result.rows[-1].within_pct < 50
    assert result.rows[-1].backlog > result.rows[2].backlog


def _erlang_c(c: int, a: float) -> float:
    top = a**c / math.factorial(c) * c / (c - a)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


def test_mmc_waiting_times_match_erlang_c() -> None:
    """M/M/2, lambda 1.6 and mu 1 per working day: P(W > t) = C(2, 1.6) exp(-0.4 t)."""
    params = FlowParams(
        arrivals_per_week=8, capacity_per_week=10, servers=2, service="exponential",
        arrivals="poisson-working-days",
    )  # fmt: skip
    result = simulate_flow(params, months=24, runs=30, seed=11, keep_records=True)
    per_run_mean, per_run_tail, waits = [], [], []
    for run in result.replications:
        w = np.asarray(
            [r.started - r.arrived for r in run.records if r.arrived > 60 and r.started is not None]
        )
        per_run_mean.append(w.mean())
        per_run_tail.append((w > 2.0).mean())
        waits.append(w)
    c = _erlang_c(2, 1.6)
    theory_mean, theory_tail = c / 0.4, c * math.exp(-0.4 * 2.0)
    for values, theory in ((per_run_mean, theory_mean), (per_run_tail, theory_tail)):
        error = np.std(values, ddof=1) / math.sqrt(len(values))
        assert abs(np.mean(values) - theory) < 4 * error, (np.mean(values), theory, error)
    pooled = np.concatenate(waits)
    assert (pooled > 0).mean() == pytest.approx(c, abs=0.03)


def test_capacity_falling_by_a_third_lowers_the_projection() -> None:
    base = FlowParams(arrivals_per_week=8, capacity_per_week=11, no_show=0.05)
    cut = base.with_whatif(WhatIf("capacity", date(2027, 6, 1), 2 / 3))
    more = base.with_whatif(WhatIf("arrivals", date(2027, 6, 1), 1.2))
    at = date(2027, 11, 15)
    results = {name: simulate_flow(p, months=12, runs=20, seed=5).at(at) for name, p in
               (("base", base), ("cut", cut), ("more", more))}  # fmt: skip
    assert results["cut"].within_pct < results["base"].within_pct - 20
    assert results["more"].within_pct <= results["base"].within_pct
    assert results["more"].backlog > results["base"].backlog
    assert results["cut"].backlog > results["base"].backlog


def test_looked_after_reviews_follow_up_at_3_then_6_months() -> None:
    """CPR 2010 reg 33 (S32): 20 working days, then 3 months, then every 6 months."""
    params = FlowParams(
        timescale="first-looked-after-review", arrivals_per_week=3, capacity_per_week=15
    )
    result = simulate_flow(params, months=14, runs=1, seed=2, keep_records=True)
    records = result.replications[0].records
    by_stage = {stage: [r for r in records if r.stage == stage] for stage in (0, 1, 2)}
    assert by_stage[1]
    assert by_stage[2]
    for record in by_stage[1]:
        assert record.due.month in ((record.day0.month + 2) % 12 + 1,)
    assert all(r.due == CAL.add_working_days(r.day0, 20) for r in by_stage[0])


def test_same_seed_same_result_and_streams_per_replication() -> None:
    params = FlowParams(no_show=0.1)
    a = simulate_flow(params, months=6, runs=4, seed=9)
    b = simulate_flow(params, months=6, runs=4, seed=9)
    assert repr(a.rows) == repr(b.rows)  # repr: NaN months compare equal
    first_two = simulate_flow(params, months=6, runs=2, seed=9)
    assert [r.due.tolist() for r in first_two.replications] == [
        r.due.tolist() for r in a.replications[:2]
    ]


def test_workers_do_not_change_the_result() -> None:
    params = FlowParams(no_show=0.1, availability=(1.0, 0.8))
    serial = simulate_flow(params, months=4, runs=6, seed=4)
    parallel = simulate_flow(params, months=4, runs=6, seed=4, workers=2)
    assert repr(serial.rows) == repr(parallel.rows)


@pytest.mark.parametrize(("field", "value"), [("months", 0), ("runs", -1), ("workers", 0)])
def test_bad_run_settings_name_the_setting(field: str, value: int) -> None:
    with pytest.raises(ForecastInputError, match=f"{field}: {field} must be a whole number"):
        simulate_flow(FlowParams(), **{field: value})


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        (
            {"capacity_per_week": 0},
            "capacity_per_week: capacity_per_week must be a finite number above 0",
        ),
        ({"capacity_per_week": math.inf}, "capacity_per_week must be a finite number above 0"),
        ({"arrivals_per_week": math.inf}, "arrivals_per_week must be a finite number 0 or more"),
        ({"no_show": 1.0}, "no_show: no_show must be below 1"),
        ({"seasonality": (1.0,) * 11}, "seasonality: seasonality needs 12 monthly multipliers"),
        ({"availability": (1.2,)}, "availability: availability must be a probability"),
        ({"servers": 0}, "servers: servers must be a whole number"),
    ],
    ids=[
        "capacity",
        "capacity-inf",
        "arrivals-inf",
        "no-show",
        "seasonality",
        "availability",
        "servers",
    ],
)
def test_bad_flow_parameters(changes: dict[str, object], fragment: str) -> None:
    with pytest.raises(ForecastInputError, match=fragment):
        FlowParams(**changes)  # type: ignore[arg-type]


def test_unknown_names_suggest_the_closest() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'first-looked-after-review'"):
        FlowParams(timescale="first-looked-after-reveiw")
    with pytest.raises(UnknownNameError, match="did you mean 'exponential'"):
        FlowParams(service="exponental")
    with pytest.raises(UnknownNameError, match="did you mean 'capacity'"):
        WhatIf("capacty", date(2027, 1, 4), 0.5)


def test_an_appointment_ending_at_midnight_belongs_to_that_day() -> None:
    from inspection_sim.forecasting.flow import _day_of

    assert _day_of(20.0) == 19  # ends at the close of working day 19 (inclusive due day)
    assert _day_of(19.5) == 19
    assert _day_of(0.25) == 0


def test_capacity_per_week_follows_the_council_weekmask() -> None:
    """Mon-Thu: 8 arrivals against 10 appointments per 4-day week stays within timescale."""
    cal = WorkingCalendar(weekmask="Mon-Thu")
    params = FlowParams(arrivals_per_week=8, capacity_per_week=10, arrivals="constant")
    result = simulate_flow(params, months=6, runs=1, calendar=cal, keep_records=True)
    assert all(row.within_pct == 100.0 for row in result.rows if row.due)
    records = result.replications[0].records
    assert all(r.due == cal.add_working_days(r.day0, 20) for r in records)
    assert all(r.due.weekday() < 4 for r in records)


def test_projection_outside_the_run_names_the_months() -> None:
    result = simulate_flow(FlowParams(), months=2, runs=1)
    with pytest.raises(ForecastInputError, match="outside the simulated months"):
        result.at(date(2028, 1, 1))


def test_a_flow_file_lists_every_problem_at_once(tmp_path: Path) -> None:
    path = tmp_path / "flow.toml"
    path.write_text(
        "[flow]\narrivals_per_wek = 3\n"
        '[[flow.whatif]]\nkind = "capacty"\nfrom = 2027-02-01\nfactor = -1\n',
        encoding="utf-8",
    )
    with pytest.raises(ForecastInputError) as caught:
        load_flow(path)
    found = {p.key: p for p in caught.value.problems}
    assert set(found) == {"flow.arrivals_per_wek", "flow.whatif[0].kind", "flow.whatif[0].factor"}
    assert {p.source for p in found.values()} == {str(path)}
    assert found["flow.arrivals_per_wek"].suggestion() == "arrivals_per_week"
    assert found["flow.whatif[0].kind"].suggestion() == "capacity"


def test_a_flow_value_the_parameters_refuse_names_the_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "flow.toml"
    path.write_text('[flow]\ntimescale = "single-asessment"\n', encoding="utf-8")
    with pytest.raises(UnknownNameError) as caught:
        load_flow(path)
    assert str(caught.value).startswith(f"{path}: flow.timescale: unknown timescale")
    assert "did you mean 'single-assessment'?" in str(caught.value)


def test_a_deadline_comes_from_the_rule_data() -> None:
    deadline = flow_deadline("first-looked-after-review")
    assert (deadline.working_days, deadline.followup_months) == (20, (3, 6))
    assert deadline.source == "framework rule data: timescales (S32, seed:001)"
