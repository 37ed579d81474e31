"""Publication dates (working days after fieldwork, by period) and the 70-working-day action plan."""

from __future__ import annotations

from datetime import date

import pytest

from inspection_sim import WorkingCalendar
from inspection_sim.forecasting.publication import forecast_publication

CAL = WorkingCalendar()


def test_publication_median_is_30_working_days_after_fieldwork_from_2021() -> None:
    """S13: median 30 working days after the last on-site day for inspections from 2021."""
    result = forecast_publication(date(2024, 3, 11), "short")
    assert result.onsite_end == date(2024, 3, 15)
    assert result.period == "2021+"
    assert CAL.working_days_between(result.onsite_end, result.published.quantile(50)) == 30


def test_publication_median_is_21_working_days_before_2021() -> None:
    result = forecast_publication(date(2019, 5, 13), "standard")
    assert result.onsite_end == date(2019, 5, 24)
    assert CAL.working_days_between(result.onsite_end, result.published.quantile(50)) == 21


def test_action_plan_is_70_working_days_after_each_publication_date() -> None:
    """S6: 70 working days; over Christmas the bank holidays move it exactly as the calendar does."""
    result = forecast_publication(date(2024, 9, 16), "standard")
    for published, due in zip(result.published.dates, result.action_plan.dates, strict=True):
        assert due == CAL.add_working_days(published, 70)
    assert result.action_plan.weights == pytest.approx(result.published.weights)
    span = (result.action_plan.quantile(50) - result.published.quantile(50)).days
    assert span > 70 * 7 // 5  # bank holidays (Christmas) push it past 14 calendar weeks


def test_to_dict_has_iso_quantiles() -> None:
    data = forecast_publication(date(2024, 3, 11), "short").to_dict()
    assert set(data["published"]) == {"p10", "p25", "p50", "p75", "p90"}
    assert data["action_plan_working_days"] == 70
