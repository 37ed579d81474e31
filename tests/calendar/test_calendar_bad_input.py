"""Bad input to WorkingCalendar: each error names what was wrong and what would be valid."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from inspection_sim import WorkingCalendar
from inspection_sim.errors import (
    ArgumentTypeError,
    CalendarRangeError,
    InspectionSimError,
    UnknownNameError,
    WeekmaskError,
)


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar(start=date(2024, 1, 1), end=date(2025, 12, 31))


def test_unknown_region_lists_valid_and_suggests_closest() -> None:
    with pytest.raises(UnknownNameError) as caught:
        WorkingCalendar(region="englnd")
    message = str(caught.value)
    assert "englnd" in message
    assert "england, wales, scotland, northern-ireland" in message
    assert "did you mean 'england'?" in message
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, InspectionSimError)


@pytest.mark.parametrize("method", ["add_working_days", "is_working_day", "roll_forward"])
def test_date_outside_range_names_the_range(cal: WorkingCalendar, method: str) -> None:
    args: tuple[object, ...] = (
        (date(2030, 1, 1), 1) if method == "add_working_days" else (date(2030, 1, 1),)
    )
    with pytest.raises(CalendarRangeError, match="2024-01-01 to 2025-12-31"):
        getattr(cal, method)(*args)


def test_result_outside_range(cal: WorkingCalendar) -> None:
    with pytest.raises(CalendarRangeError, match="2024-01-01 to 2025-12-31"):
        cal.add_working_days(date(2025, 12, 30), 5)
    with pytest.raises(CalendarRangeError):
        cal.add_working_days(date(2024, 1, 2), -5)
    with pytest.raises(CalendarRangeError):
        cal.working_days_between(date(2023, 12, 31), date(2024, 1, 5))
    with pytest.raises(CalendarRangeError):
        cal.working_days_between(date(2024, 1, 5), date(2026, 1, 5))


def test_non_date_argument_names_the_argument(cal: WorkingCalendar) -> None:
    with pytest.raises(TypeError, match="'day'") as caught:
        cal.add_working_days("2024-03-04", 1)  # type: ignore[arg-type]
    assert isinstance(caught.value, ArgumentTypeError)
    with pytest.raises(TypeError, match="'b'"):
        cal.working_days_between(date(2024, 3, 4), 20240305)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="'start'"):
        WorkingCalendar(start="2024-01-01")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="'days'"):
        cal.add_working_days_batch(["2024-01-01"], 1)


@pytest.mark.parametrize("mask", ["Mon-Fry", "Fri-Mon", "11111", "", "0000000", 42])
def test_malformed_weekmask_names_accepted_forms(mask: object) -> None:
    with pytest.raises(WeekmaskError) as caught:
        WorkingCalendar(weekmask=mask)  # type: ignore[arg-type]
    assert "weekmask" in str(caught.value)


def test_weekmask_forms_agree() -> None:
    forms = ["Mon-Thu", "Mon,Tue,Wed,Thu", "1111000", [0, 1, 2, 3], ["monday", "tue", "Wed", "thu"]]
    masks = {
        WorkingCalendar(start=date(2024, 1, 1), end=date(2024, 2, 1), weekmask=f).weekmask
        for f in forms
    }
    assert masks == {"Mon-Thu"}


def test_end_before_start() -> None:
    with pytest.raises(CalendarRangeError, match="before its start"):
        WorkingCalendar(start=date(2025, 1, 1), end=date(2024, 1, 1))


def test_batch_out_of_range(cal: WorkingCalendar) -> None:
    days = np.array(["2024-01-02", "2031-01-01"], dtype="datetime64[D]")
    with pytest.raises(CalendarRangeError):
        cal.add_working_days_batch(days, 1)
    with pytest.raises(CalendarRangeError):
        cal.add_working_days_batch(np.array(["2025-12-30"], dtype="datetime64[D]"), 10)
