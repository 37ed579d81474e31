"""Team calendars: TeamTime against a day-by-day oracle, floats against ints, batch against scalar."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspection_sim import WorkingCalendar
from inspection_sim.errors import ArgumentTypeError, WeekmaskError
from inspection_sim.plan.worktime import TeamTime, team_availability

masks = st.lists(st.booleans(), min_size=0, max_size=30)
times = st.integers(min_value=-10, max_value=45)
durations = st.integers(min_value=0, max_value=12)


def works(mask: list[bool], i: int) -> bool:
    return i < 0 or i >= len(mask) or mask[i]


def oracle_start(mask: list[bool], t: int) -> int:
    while not works(mask, t):
        t += 1
    return t


def oracle_finish(mask: list[bool], s: int, d: int) -> int:
    if d == 0:
        return s
    i, left = oracle_start(mask, s), d
    while True:
        if works(mask, i):
            left -= 1
            if left == 0:
                return i + 1
        i += 1


def working_days(mask: list[bool], lo: int, hi: int) -> list[int]:
    return [i for i in range(lo, hi) if works(mask, i)]


@given(masks, times)
def test_start_is_the_first_working_day_on_or_after(mask: list[bool], t: int) -> None:
    assert TeamTime(mask).start(t) == oracle_start(mask, t)


@given(masks, times, durations)
def test_finish_is_the_end_of_the_last_working_day(mask: list[bool], s: int, d: int) -> None:
    assert TeamTime(mask).finish(s, d) == oracle_finish(mask, s, d)


@given(masks, times, durations)
def test_start_for_finish_is_the_earliest_start_that_finishes_late_enough(
    mask: list[bool], x: int, d: int
) -> None:
    team = TeamTime(mask)
    if d == 0:
        assert team.start_for_finish(x, d) == x
        return
    candidates = [
        s for s in working_days(mask, x - d - 40, x + 40) if oracle_finish(mask, s, d) >= x
    ]
    assert team.start_for_finish(x, d) == candidates[0]


@given(masks, times)
def test_latest_start_is_the_last_working_day_on_or_before(mask: list[bool], t: int) -> None:
    assert TeamTime(mask).latest_start(t) == working_days(mask, t - 40, t + 1)[-1]


@given(masks, times, durations)
def test_latest_start_for_finish_is_the_latest_start_that_finishes_in_time(
    mask: list[bool], y: int, d: int
) -> None:
    team = TeamTime(mask)
    if d == 0:
        assert team.latest_start_for_finish(y, d) == y
        return
    candidates = [
        s for s in working_days(mask, y - d - 40, y + 1) if oracle_finish(mask, s, d) <= y
    ]
    assert team.latest_start_for_finish(y, d) == candidates[-1]


@given(masks, times, durations)
def test_integer_valued_floats_give_the_integer_results(mask: list[bool], s: int, d: int) -> None:
    team = TeamTime(mask)
    assert team.start(float(s)) == team.start(s)
    assert team.finish(float(s), float(d)) == team.finish(s, d)
    assert team.start_for_finish(float(s), float(d)) == team.start_for_finish(s, d)
    assert team.working_time(float(s)) == team.working_time(s)


@given(masks, st.floats(-5, 40, allow_nan=False), st.floats(0.01, 8, allow_nan=False))
def test_fractional_tasks_work_exactly_their_duration(mask: list[bool], s: float, d: float) -> None:
    team = TeamTime(mask)
    start = team.start(s)
    finish = team.finish(s, d)
    assert start >= s
    assert finish > start
    assert team.working_time(finish) - team.working_time(start) == pytest.approx(d)
    # the finish is a moment when work was going on just before it
    assert team.council_time(team.working_time(finish), end=True) == pytest.approx(finish)


@given(masks, st.floats(-5, 40, allow_nan=False))
def test_working_time_round_trips(mask: list[bool], t: float) -> None:
    team = TeamTime(mask)
    tau = team.working_time(t)
    assert team.council_time(tau) == pytest.approx(team.start(t))
    assert team.working_time(team.council_time(tau)) == pytest.approx(tau)
    assert team.working_time(team.council_time(tau, end=True)) == pytest.approx(tau)


@settings(max_examples=50)
@given(masks, st.lists(times, min_size=1, max_size=20), durations)
def test_batch_forms_match_the_scalar_forms(mask: list[bool], ts: list[int], d: int) -> None:
    team = TeamTime(mask)
    ints = np.array(ts, dtype=np.int64)
    assert team.start_batch(ints).tolist() == [team.start(t) for t in ts]
    assert team.start_batch(ints).dtype == np.int64
    assert team.finish_batch(ints, d).tolist() == [team.finish(t, d) for t in ts]
    halves = ints + 0.5
    assert team.start_batch(halves).tolist() == [team.start(float(t)) for t in halves]
    assert team.finish_batch(halves, 1.25).tolist() == pytest.approx(
        [team.finish(float(t), 1.25) for t in halves]
    )
    assert team.working_time_batch(halves).tolist() == pytest.approx(
        [team.working_time(float(t)) for t in halves]
    )
    assert team.start_for_finish_batch(ints, d).tolist() == [
        team.start_for_finish(t, d) for t in ts
    ]
    assert team.start_for_finish_batch(ints, d).dtype == np.int64
    assert team.start_for_finish_batch(halves, 1.5).tolist() == pytest.approx(
        [team.start_for_finish(float(t), 1.5) for t in halves]
    )


def test_a_team_on_leave_starts_after_its_leave() -> None:
    """Council days 0-9; the team is away on days 2-4 (a Wednesday-to-Friday leave)."""
    team = TeamTime([True, True, False, False, False, True, True, True, True, True])
    assert team.start(2) == 5
    assert team.finish(1, 2) == 6  # works day 1, then day 5: finishes at the end of day 5
    assert team.finish(0, 2) == 2  # days 0 and 1, before the leave
    assert team.start_for_finish(4, 1) == 5  # finishing by the end of day 3 is impossible
    assert team.latest_start(4) == 1


def test_team_availability_applies_leave_and_a_part_time_weekmask() -> None:
    council = WorkingCalendar(start=date(2026, 3, 1), end=date(2026, 3, 31))
    leave = [date(2026, 3, 10)]
    flags = team_availability(council, leave=leave, weekmask="Mon-Wed")
    days = council.working_days(date(2026, 3, 1), date(2026, 3, 31))
    assert len(flags) == council.n_working_days == len(days)
    expected = [d.weekday() <= 2 and d != leave[0] for d in days]
    assert flags.tolist() == expected


@settings(max_examples=40)
@given(
    st.lists(st.dates(date(2026, 1, 1), date(2026, 12, 31)), max_size=8),
    st.one_of(st.none(), st.sets(st.integers(0, 6), min_size=1).map(sorted)),
)
def test_team_availability_matches_the_derived_calendar(
    leave: list[date], weekmask: list[int] | None
) -> None:
    council = WorkingCalendar(
        start=date(2026, 1, 1), end=date(2026, 12, 31), closures=[date(2026, 8, 3)]
    )
    team = council.derive(closures=leave, weekmask=weekmask)
    days = council.dates_at(np.arange(council.n_working_days))
    expected = team.is_working_day_batch(days)
    assert team_availability(council, leave=leave, weekmask=weekmask).tolist() == expected.tolist()


@pytest.mark.parametrize(
    ("options", "error", "named"),
    [
        ({"leave": ["2026-03-10"]}, ArgumentTypeError, "leave"),
        ({"weekmask": "Mon-Funday"}, WeekmaskError, "Mon-Funday"),
    ],
)
def test_team_availability_bad_input(
    options: dict[str, object], error: type[Exception], named: str
) -> None:
    council = WorkingCalendar(start=date(2026, 3, 1), end=date(2026, 3, 31))
    with pytest.raises(error) as caught:
        team_availability(council, **options)  # type: ignore[arg-type]
    assert named in str(caught.value)


def test_a_team_that_never_works_in_range_starts_after_it() -> None:
    team = TeamTime([False, False, False])
    assert team.start(0) == 3
    assert team.finish(0, 2) == 5
    assert team.start_batch(np.array([0, 1, 5])).tolist() == [3, 3, 5]


@given(masks, st.floats(-5, 40, allow_nan=False), st.floats(0.01, 8, allow_nan=False))
def test_fractional_start_for_finish_finishes_late_enough(
    mask: list[bool], x: float, d: float
) -> None:
    team = TeamTime(mask)
    s = team.start_for_finish(x, d)
    assert team.start(s) == pytest.approx(s)
    assert team.finish(s, d) >= x - 1e-9
    if team._finishes_at(x):  # the finish can land exactly on x: then it does
        assert team.finish(s, d) == pytest.approx(x)
