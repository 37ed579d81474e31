"""Property tests: every public WorkingCalendar function against a naive day-by-day oracle."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from inspection_sim import WorkingCalendar

START, END = date(2018, 1, 1), date(2032, 12, 31)
MARGIN = timedelta(days=400)  # keeps oracle walks (up to 160 working days) inside the range

masks = st.sampled_from(["Mon-Fri", "Mon-Thu", "Tue-Sat", "Mon,Wed,Fri", "1111111"])
closure_sets = st.frozensets(
    st.dates(min_value=START + MARGIN, max_value=END - MARGIN), max_size=12
)
anchors = st.dates(min_value=START + MARGIN, max_value=END - MARGIN)
steps = st.integers(min_value=-80, max_value=80)


@cache
def bank_holidays() -> frozenset[date]:
    table = holidays.country_holidays("GB", subdiv="ENG", years=range(START.year, END.year + 1))
    return frozenset(table)


@cache
def calendar(mask: str, closures: frozenset[date]) -> WorkingCalendar:
    return WorkingCalendar(start=START, end=END, closures=closures, weekmask=mask)


class Oracle:
    """The obvious, slow definition of a working day, stepping one day at a time."""

    def __init__(self, cal: WorkingCalendar, closures: frozenset[date]) -> None:
        self.flags = cal.weekmask_flags
        self.closed = closures | bank_holidays()

    def works(self, day: date) -> bool:
        return self.flags[day.weekday()] and day not in self.closed

    def add(self, day: date, n: int) -> date:
        step = timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        while remaining:
            day += step
            remaining -= self.works(day)
        return day

    def between(self, a: date, b: date) -> int:
        lo, hi, sign = (a, b, 1) if b >= a else (b, a, -1)
        count = 0
        day = lo
        while day < hi:
            day += timedelta(days=1)
            count += self.works(day)
        return sign * count

    def roll(self, day: date, step: int) -> date:
        while not self.works(day):
            day += timedelta(days=step)
        return day


@settings(max_examples=300, deadline=None)
@given(mask=masks, closures=closure_sets, day=anchors, n=steps)
def test_add_and_between_match_oracle(
    mask: str, closures: frozenset[date], day: date, n: int
) -> None:
    cal = calendar(mask, closures)
    oracle = Oracle(cal, closures)
    result = cal.add_working_days(day, n)
    assert result == (day if n == 0 else oracle.add(day, n))
    assert cal.is_working_day(day) == oracle.works(day)
    # The round trip holds from any day going forward, and from a working day going back. Going
    # back from a non-working day, (result, day] holds one working day fewer than |n|, because the
    # anchor itself is not counted: that is the documented definition, not an error.
    if n >= 0 or cal.is_working_day(day):
        assert cal.working_days_between(day, result) == n
    else:
        assert cal.working_days_between(day, result) == n + 1


@settings(max_examples=200, deadline=None)
@given(mask=masks, closures=closure_sets, a=anchors, span=st.integers(-60, 60))
def test_counts_rolls_and_lists_match_oracle(
    mask: str, closures: frozenset[date], a: date, span: int
) -> None:
    cal = calendar(mask, closures)
    oracle = Oracle(cal, closures)
    b = a + timedelta(days=span)
    assert cal.working_days_between(a, b) == oracle.between(a, b)
    assert cal.roll_forward(a) == oracle.roll(a, 1)
    assert cal.roll_backward(a) == oracle.roll(a, -1)
    expected = [
        a + timedelta(days=i) for i in range(span + 1) if oracle.works(a + timedelta(days=i))
    ]
    assert cal.working_days(a, b) == expected
    assert cal.date_at(cal.index_of(a)) == oracle.roll(a, 1)


@settings(max_examples=60, deadline=None)
@given(
    mask=masks,
    closures=closure_sets,
    days=st.lists(anchors, min_size=1, max_size=40),
    n=st.lists(steps, min_size=1, max_size=40),
)
def test_batch_forms_match_scalar(
    mask: str, closures: frozenset[date], days: list[date], n: list[int]
) -> None:
    cal = calendar(mask, closures)
    size = min(len(days), len(n))
    days, n = days[:size], n[:size]
    added = cal.add_working_days_batch(days, n)
    assert [d.item() for d in added] == [
        cal.add_working_days(d, k) for d, k in zip(days, n, strict=True)
    ]
    as_dt64 = np.array(days, dtype="datetime64[D]")
    assert (cal.add_working_days_batch(as_dt64, np.array(n)) == added).all()
    ends = [d + timedelta(days=k) for d, k in zip(days, n, strict=True)]
    counts = cal.working_days_between_batch(days, ends)
    assert counts.tolist() == [
        cal.working_days_between(a, b) for a, b in zip(days, ends, strict=True)
    ]
    flags = cal.is_working_day_batch(days)
    assert flags.tolist() == [cal.is_working_day(d) for d in days]


@settings(max_examples=100, deadline=None)
@given(day=anchors, n=steps, m=steps)
def test_offsets_compose_from_working_days(day: date, n: int, m: int) -> None:
    """From a working day, adding n then m working days is adding n + m."""
    cal = calendar("Mon-Fri", frozenset())
    start = cal.roll_forward(day)
    assert cal.add_working_days(cal.add_working_days(start, n), m) == cal.add_working_days(
        start, n + m
    )
