"""Next-activity forecasts: the JSON contract, periods without fieldwork, conditioning on ``on``."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

import inspection_sim
from inspection_sim import WorkingCalendar
from inspection_sim.errors import ForecastInputError, UnknownNameError
from inspection_sim.forecasting.cycle import forecast
from inspection_sim.forecasting.cycle_rules import cycle_rules
from inspection_sim.rules import load_framework

CAL = WorkingCalendar()
HISTORIES = {
    "good": ["2024-03-11:short:good"],
    "ri": ["2023-01-16:standard:requires-improvement"],
    "inadequate": ["2023-01-16:standard:inadequate"],
    "inadequate-visited": ["2022-06-06:standard:inadequate", "2022-12-07:monitoring-visit"],
    "pre-pause": ["2019-06-17:standard:requires-improvement"],
}


def test_public_api_and_json_contract() -> None:
    result = inspection_sim.forecast(["2024-03-11:short:good"], on=date(2024, 6, 1))
    data = json.loads(result.to_json())
    assert [a["activity"] for a in data["next"]] == ["ilacs:focused-visit", "ilacs:short"]
    for item in data["next"]:
        values = [date.fromisoformat(item[k]) for k in ("p10", "p25", "p50", "p75", "p90")]
        assert values == sorted(values)
    medians = [item["p50"] for item in data["next"]]
    assert medians == sorted(medians)  # soonest first


@pytest.mark.parametrize("name", sorted(HISTORIES))
def test_no_start_in_a_period_without_fieldwork(name: str) -> None:
    """S13: no on-site day from 30 Jul to 2 Sep or 23 Dec to 12 Jan, in a bank-holiday week or
    in the COVID pause: the rules' blackouts of each activity's own inspection type."""
    result = forecast(
        HISTORIES[name], on=date(2023, 3, 1) if "2023" in HISTORIES[name][0] else None
    )
    ilacs = load_framework("ilacs", version="2024-12")
    length = {"ilacs:short": 5, "ilacs:standard": 10}
    for activity in result.next:
        kind = activity.activity.partition(":")[2]
        blackouts = ilacs.fieldwork_blackouts(kind)
        for start in activity.onsite.dates:
            days = [start + timedelta(days=i) for i in range(14)]
            onsite = [d for d in days if d.weekday() < 5][: length.get(activity.activity, 2)]
            monday = onsite[0] - timedelta(days=onsite[0].weekday())
            week = [
                monday + timedelta(days=i) for i in range(5 * (1 + (onsite[-1] - monday).days // 7))
            ]
            assert all(CAL.is_working_day(day) for day in week if day.weekday() < 5), start
            for day in onsite:
                assert not any(b.contains(day) for b in blackouts), (activity.activity, start)


def test_inspections_start_on_monday_after_the_forecast_date() -> None:
    on = date(2027, 6, 2)
    result = forecast(["2024-03-11:short:good"], on=on)
    short = result.activity("ilacs:short")
    assert {d.weekday() for d in short.onsite.dates} == {0}
    earliest = CAL.add_working_days(on, 5)
    assert min(short.onsite.dates) >= earliest
    assert abs(sum(short.onsite.weights) - 1) < 1e-9


def test_forecast_on_a_later_date_conditions_on_nothing_yet() -> None:
    early = forecast(["2024-03-11:short:good"], on=date(2024, 4, 1)).inspection()
    late = forecast(["2024-03-11:short:good"], on=date(2027, 9, 1)).inspection()
    assert late.onsite.quantile(10) > early.onsite.quantile(10)
    assert late.onsite.quantile(10) >= date(2027, 9, 1)


def test_overdue_inspection_is_spread_over_the_next_open_weeks() -> None:
    result = forecast(["2018-01-15:short:good"], on=date(2026, 11, 23)).inspection()
    assert "window passed" in result.basis
    assert result.onsite.quantile(10) >= date(2026, 11, 30)
    assert len(result.onsite.dates) == cycle_rules().overdue_weeks


def test_notification_window_is_a_week_before_on_working_days() -> None:
    result = forecast(["2024-03-11:short:good"], on=date(2024, 4, 1))
    window = result.notification_window()
    assert abs(sum(window.weights) - 1) < 1e-9
    assert all(CAL.is_working_day(d) for d in window.dates)
    starts = result.inspection().onsite.dates
    assert window.quantile(50) == CAL.roll_forward(
        result.inspection().onsite.quantile(50) - timedelta(7)
    )
    assert len(window.dates) == len(starts)


def test_inadequate_gets_monitoring_visits_and_no_focused_visit() -> None:
    result = forecast(HISTORIES["inadequate"], on=date(2023, 3, 1))
    names = [a.activity for a in result.next]
    assert names == ["ilacs:monitoring-visit", "ilacs:standard"]
    visited = forecast(HISTORIES["inadequate-visited"])
    mv = visited.activity("ilacs:monitoring-visit")
    assert date(2023, 2, 1) <= mv.onsite.quantile(50) <= date(2023, 4, 7)  # about quarterly


def test_focused_visits_stop_after_the_maximum() -> None:
    history = [
        "2023-01-16:standard:requires-improvement",
        "2023-09-12:focused-visit",
        "2024-05-14:focused-visit",
    ]
    names = [a.activity for a in forecast(history).next]
    assert names == ["ilacs:standard"]


def test_forecast_is_deterministic() -> None:
    a = forecast(HISTORIES["ri"], on=date(2024, 1, 1)).to_json()
    b = forecast(HISTORIES["ri"], on=date(2024, 1, 1)).to_json()
    assert a == b


def test_bad_inputs() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'framework'"):
        forecast(HISTORIES["good"], model="framwork")
    with pytest.raises(ForecastInputError, match="starts after the forecast date"):
        forecast(HISTORIES["good"], on=date(2024, 1, 1))
    with pytest.raises(UnknownNameError, match="activity not in this forecast"):
        forecast(HISTORIES["good"]).activity("ilacs:standard")


def test_framework_model_stays_in_the_rule_window() -> None:
    """S3, S4: 36 months +/- 6 around the anniversary (no pause after 2024)."""
    result = forecast(HISTORIES["good"], model="framework").inspection()
    assert min(result.onsite.dates) >= date(2026, 9, 7)
    assert max(result.onsite.dates) <= date(2027, 9, 13)


def test_area_send_windows_follow_the_outcome() -> None:
    """S26: positive -> full within 5 years; widespread failings -> monitoring about 18 months."""
    history = ["2023-05-15:area-send:widespread-failings"]
    result = forecast(history, on=date(2023, 9, 1))
    names = [a.activity for a in result.next]
    assert names == ["area-send:monitoring", "area-send:full"]
    monitoring = result.activity("area-send:monitoring").onsite
    assert date(2024, 11, 11) <= min(monitoring.dates)
    assert max(monitoring.dates) <= date(2025, 3, 17)
    positive = forecast(["2023-05-15:area-send:positive"], on=date(2023, 9, 1)).inspection()
    assert positive.activity == "area-send:full"
    assert date(2026, 5, 11) <= min(positive.onsite.dates)
    assert max(positive.onsite.dates) <= date(2028, 5, 15)


def test_hmip_notification_is_a_friday_17_days_before_fieldwork() -> None:
    """Seed 000: notified on a Friday three weeks before; S29: every 2 to 4 years."""
    result = forecast(["2022-09-12:hmip-yj:requires-improvement"], on=date(2023, 1, 2))
    single = result.activity("hmip-yj:single")
    assert {d.weekday() for d in single.onsite.dates} == {0}
    expected = {CAL.roll_forward(d - timedelta(days=17)) for d in single.onsite.dates}
    assert set(single.notification.dates) == expected  # a Friday, rolled on over Good Friday
    fridays = sum(d.weekday() == 4 for d in single.notification.dates)
    assert fridays >= len(single.notification.dates) - 3
    assert date(2024, 9, 9) <= min(single.onsite.dates)
    assert max(single.onsite.dates) <= date(2026, 9, 14)


def test_frameworks_are_forecast_together_soonest_first() -> None:
    history = [
        "2023-05-15:area-send:inconsistent",
        "2024-03-11:short:good",
        "2022-09-12:hmip-yj:good",
    ]
    result = forecast(history, on=date(2024, 6, 1))
    medians = [a.onsite.quantile(50) for a in result.next]
    assert medians == sorted(medians)
    assert {a.activity for a in result.next} >= {"area-send:full", "hmip-yj:single", "ilacs:short"}
    assert result.inspection().activity == "ilacs:short"


def test_notification_window_restricted_to_a_scenario_window_and_sampled() -> None:
    import numpy as np

    window = forecast(HISTORIES["good"], on=date(2026, 6, 1)).notification_window()
    inside = window.restricted(date(2027, 1, 4), date(2027, 12, 17))
    assert abs(sum(inside.weights) - 1) < 1e-9
    assert min(inside.dates) >= date(2027, 1, 4)
    assert max(inside.dates) <= date(2027, 12, 17)
    draws = inside.sample(np.random.default_rng(np.random.SeedSequence(1)), 500)
    assert set(draws) <= set(inside.dates)
    with pytest.raises(ForecastInputError, match="no forecast date falls between"):
        window.restricted(date(2020, 1, 1), date(2020, 12, 31))
    data = json.loads(forecast(HISTORIES["good"], on=date(2026, 6, 1)).to_json())
    assert set(data["next"][0]["notification"]) == {"p10", "p25", "p50", "p75", "p90"}


def test_public_name_works_whether_the_package_was_imported_first_or_not() -> None:
    """``inspection_sim.forecast`` stays the function after the forecasting package is imported."""
    import subprocess
    import sys

    code = (
        "import inspection_sim.forecasting.history, inspection_sim; from datetime import date; "
        "print(inspection_sim.forecast(['2024-03-11:short:good'], on=date(2024, 6, 3))"
        ".inspection().activity)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ilacs:short"
