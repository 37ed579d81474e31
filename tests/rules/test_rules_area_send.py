"""Area SEND rule file (rules/data/area-send/2023-01.toml): published facts with their sources."""

from __future__ import annotations

from datetime import date

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.plan.anchors import onsite_from_notification
from inspection_sim.rules import Unit, load_framework

CAL = WorkingCalendar()


def test_monday_notification_three_week_envelope_on_site_in_week_3_S24_S25() -> None:
    item = load_framework("area-send", on=date(2024, 1, 1)).inspection("full")
    assert item.notification.weekday == 0
    plan = onsite_from_notification(item, date(2026, 3, 2), CAL)
    assert plan.onsite == date(2026, 3, 16)
    assert plan.fieldwork[-1] == date(2026, 3, 20)  # the end of week 3


def test_weeks_1_and_2_are_data_and_case_tracking_S24_S27() -> None:
    item = load_framework("area-send").inspection("full")
    phase = {p.id: p for p in item.phases}["data-and-tracking"]
    assert (phase.start.after, phase.end.after, phase.end.value) == ("notification", "onsite", -1)
    assert item.sampling is not None
    assert item.sampling.cases_max == 6


def test_outcome_cycles_5_years_3_years_18_months_S26() -> None:
    cycle = {c.id: c for c in load_framework("area-send").cycle}
    assert (cycle["outcome-1"].interval, cycle["outcome-1"].unit) == (60, Unit.MONTHS)
    assert cycle["outcome-2"].interval == 36
    assert (cycle["outcome-3-monitoring"].next, cycle["outcome-3-monitoring"].interval) == (
        "area-send:monitoring",
        18,
    )


def test_priority_action_plan_deadline_is_unverified() -> None:
    step = {s.id: s for s in load_framework("area-send").inspection("full").post}[
        "priority-action-plan"
    ]
    assert "at" in step.provenance.unverified
    assert step.condition.startswith("outcome 3")


def test_monitoring_inspection_has_its_own_notice_S28() -> None:
    item = load_framework("area-send").inspection("monitoring")
    assert item.onsite.working_days == 10
    assert item.fieldwork.days == 3


def test_june_2025_update_is_a_version_with_the_same_timings_S23() -> None:
    assert load_framework("area-send", on=date(2025, 6, 5)).version == "2023-01"
    later = load_framework("area-send", on=date(2025, 6, 6))
    assert later.version == "2025-06"
    assert (
        later.inspection("full").onsite
        == load_framework("area-send", version="2023-01").inspection("full").onsite
    )
