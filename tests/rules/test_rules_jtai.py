"""JTAI rule file (rules/data/jtai/2022-04.toml): published facts with their sources."""

from __future__ import annotations

from datetime import date

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.plan.anchors import onsite_from_notification
from inspection_sim.rules import Unit, load_framework

CAL = WorkingCalendar()


def test_front_door_and_thematic_types_from_april_2022_S20_S21() -> None:
    rules = load_framework("jtai", on=date(2024, 6, 1))
    assert set(rules.inspections) == {"front-door", "thematic"}


def test_tuesday_notification_and_on_site_monday_of_week_3_S16_S17() -> None:
    item = load_framework("jtai").inspection("front-door")
    assert item.notification.weekday == 1
    assert item.onsite.working_days == 9
    # Haringey (S17): notified Tue 21 Nov 2017, on site Mon 4 - Fri 8 Dec 2017.
    plan = onsite_from_notification(item, date(2017, 11, 21), CAL)
    assert plan.onsite == date(2017, 12, 4)
    assert plan.fieldwork[-1] == date(2017, 12, 8)


def test_at_least_five_children_tracked_S19() -> None:
    sampling = load_framework("jtai").inspection("front-door").sampling
    assert sampling is not None
    assert sampling.cases_min == 5


def test_action_plan_70_working_days_after_publication_S17_S22() -> None:
    steps = {s.id: s for s in load_framework("jtai").inspection("thematic").post}
    assert (steps["action-plan"].at.after, steps["action-plan"].at.value) == ("publication", 70)
    assert steps["action-plan"].at.unit is Unit.WORKING_DAYS
    # Somerset (S22): published 18 Jul 2024 -> plan due 25 Oct 2024, exactly 70 working days.
    assert CAL.add_working_days(date(2024, 7, 18), 70) == date(2024, 10, 25)
    assert CAL.add_working_days(date(2018, 1, 30), 70) == date(2018, 5, 11)  # Haringey (S17)


def test_hmip_back_for_serious_youth_violence_from_september_2023_S21() -> None:
    before = load_framework("jtai", on=date(2023, 6, 1)).inspection("thematic")
    after = load_framework("jtai", on=date(2024, 6, 1)).inspection("thematic")
    assert "youth justice service" not in before.notification.who
    assert "youth justice service" in after.notification.who
    assert after.onsite.working_days == 9  # York: "nine working days" (S18)
    assert after.fieldwork.days == 5
