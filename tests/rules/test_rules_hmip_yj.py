"""HMIP youth justice rule files (rules/data/hmip-yj/*.toml): facts with their sources."""

from __future__ import annotations

from datetime import date

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.plan.anchors import onsite_from_notification
from inspection_sim.rules import load_framework

CAL = WorkingCalendar()


def test_friday_morning_notification_to_the_head_of_service_seed000() -> None:
    item = load_framework("hmip-yj").inspection("single")
    assert item.notification.weekday == 4
    assert item.notification.who == ("YOT head of service",)
    assert "weekday" in item.notification.provenance.unverified


def test_one_week_single_two_weeks_joint_seed000() -> None:
    rules = load_framework("hmip-yj")
    assert rules.inspection("single").fieldwork.days == 5
    assert rules.inspection("joint").fieldwork.days == 10


def test_small_services_mon_thu_from_july_2020_seed000() -> None:
    assert "small" not in load_framework("hmip-yj", on=date(2019, 6, 1)).inspections
    small = load_framework("hmip-yj", on=date(2024, 6, 1)).inspection("small")
    assert small.fieldwork.weekmask == (True, True, True, True, False, False, False)
    plan = onsite_from_notification(small, date(2026, 3, 6), CAL)
    assert [d.weekday() for d in plan.fieldwork] == [0, 1, 2, 3]


def test_case_samples_14_to_91_in_the_current_programme_S29() -> None:
    assert load_framework("hmip-yj", version="2020-07").inspection("single").sampling is None
    sampling = load_framework("hmip-yj", on=date(2024, 9, 9)).inspection("single").sampling
    assert sampling is not None
    assert (sampling.cases_min, sampling.cases_max) == (14, 91)


def test_cycle_two_to_four_years_S29() -> None:
    cycle = load_framework("hmip-yj").cycle[0]
    assert cycle.interval - cycle.window_before == 24
    assert cycle.interval + cycle.window_after == 48


def test_current_programme_has_four_domains_S29() -> None:
    assert len(load_framework("hmip-yj", version="2024-01").judgements) == 4
