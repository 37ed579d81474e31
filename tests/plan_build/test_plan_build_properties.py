"""Properties of planning from rules, over random dates and every inspection type."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspection_sim import WorkingCalendar, plan
from inspection_sim.plan.anchors import notification_from_onsite, onsite_from_notification
from inspection_sim.plan.network import Link
from inspection_sim.rules import FRAMEWORKS, inspection, load_framework, with_overrides

CAL = WorkingCalendar()
TYPES = [
    f"{framework}:{kind}"
    for framework in FRAMEWORKS
    for kind in load_framework(framework).inspections
]
DAYS = st.dates(min_value=date(2019, 1, 1), max_value=date(2035, 12, 31))


@pytest.mark.parametrize("address", TYPES)
@settings(max_examples=60, deadline=None)
@given(day=DAYS)
def test_backward_then_forward_gives_the_same_onsite_start(address: str, day: date) -> None:
    item = inspection(address)
    nominal = day + timedelta(days=(item.notification.weekday - day.weekday()) % 7)
    onsite = onsite_from_notification(item, nominal, CAL).onsite  # a start the rules produce
    back = notification_from_onsite(item, onsite, CAL)
    assert back.onsite == onsite
    assert onsite_from_notification(item, back.call, CAL).onsite == onsite


@pytest.mark.parametrize("address", TYPES)
@settings(max_examples=40, deadline=None)
@given(day=DAYS)
def test_a_call_on_the_rule_weekday_round_trips(address: str, day: date) -> None:
    item = inspection(address)
    nominal = day + timedelta(days=(item.notification.weekday - day.weekday()) % 7)
    forward = onsite_from_notification(item, nominal, CAL)
    assert CAL.is_working_day(forward.call)
    assert notification_from_onsite(item, forward.onsite, CAL).call == forward.call
    assert all(item.fieldwork.weekmask[d.weekday()] for d in forward.fieldwork)
    # the rule's run of days, less bank holidays: never extended over a further weekend
    per_week = sum(item.fieldwork.weekmask)
    span = (forward.fieldwork[-1] - forward.fieldwork[0]).days
    assert span < 7 * -(-item.fieldwork.days // per_week)
    missing = item.fieldwork.days - len(forward.fieldwork)
    holidays = CAL.holidays_in(forward.onsite, forward.onsite + timedelta(days=span + 7))
    assert 0 <= missing <= len(holidays)


@settings(max_examples=40, deadline=None)
@given(day=DAYS, address=st.sampled_from(TYPES))
def test_every_task_respects_every_dependency_and_lag(day: date, address: str) -> None:
    timeline = plan(inspection(address), notified=day)  # latest rules on any date
    tasks = {t.id: t for t in timeline.tasks}
    pushed = {r.reason for r in timeline.risks}
    for dep in timeline.network.dependencies:
        pred, succ = tasks[dep.predecessor], tasks[dep.successor]
        if f"pushes the fixed start of '{succ.id}'" in pushed:
            continue  # a fixed start never moves: the plan reports the clash as a risk instead
        bound = {
            Link.FS: (succ.start_index, pred.finish_index),
            Link.SS: (succ.start_index, pred.start_index),
            Link.FF: (succ.finish_index, pred.finish_index),
            Link.SF: (succ.finish_index, pred.start_index),
        }[Link(dep.link)]
        assert bound[0] >= bound[1] + dep.lag, dep
    for task in timeline.tasks:
        assert task.start >= timeline.notification.date()
        if not timeline.risks and task.deadline is not None:
            assert task.end <= task.deadline


def test_previous_working_day_policy_hmip_good_friday() -> None:
    """A bank-holiday Friday call moves to Thursday; the on-site Monday stays (UNVERIFIED rule)."""
    timeline = plan("hmip-yj:single", notified=date(2026, 4, 3))
    assert timeline.notification.date() == date(2026, 4, 2)
    assert timeline.fieldwork.start == date(2026, 4, 20)
    assert "Fri 2026-04-03 Good Friday" in timeline.warnings[0]
    assert "if_not_working_day: previous-working-day, UNVERIFIED" in timeline.warnings[0]


def test_move_onsite_policy_keeps_the_notice() -> None:
    local = with_overrides(
        inspection("ilacs:short"),
        {"notification.if_not_working_day": "next-working-day-move-onsite"},
    )
    timeline = plan(local, notified=date(2026, 5, 25))  # spring bank holiday
    assert timeline.notification.date() == date(2026, 5, 26)
    assert timeline.fieldwork.start == date(2026, 6, 2)  # 5 working days' notice kept


def test_all_four_link_types_on_anchors_in_a_council_template() -> None:
    local = with_overrides(
        inspection("ilacs:short"),
        {
            "tasks.sf-check": {
                "name": "Check",
                "team": "it",
                "duration": 2,
                "depends": [{"on": "onsite", "type": "SF", "lag": 1}],
            },
            "tasks.ff-close": {
                "name": "Close",
                "team": "it",
                "duration": 1,
                "depends": [{"on": "fieldwork-end", "type": "FF"}],
            },
            "tasks.wait-3-days": {
                "name": "Wait",
                "team": "it",
                "duration": 1,
                "depends": [
                    {"on": "notification", "type": "FS", "lag": 3, "unit": "calendar_days"}
                ],
            },
        },
    )
    tasks = {t.id: t for t in plan(local, notified=date(2026, 3, 6)).tasks}  # a Friday call
    assert tasks["sf-check"].end >= date(
        2026, 3, 9
    )  # finishes no earlier than the day after on-site start
    assert tasks["ff-close"].end >= date(2026, 3, 13)
    assert tasks["wait-3-days"].start == date(2026, 3, 9)  # Fri + 3 calendar days = Mon (1 wd)


def test_a_publication_in_the_pre_election_hold_warns_S30() -> None:
    timeline = plan("ilacs:short", notified=date(2026, 3, 2), elections=[date(2026, 5, 7)])
    assert any("pre-election publication hold" in w for w in timeline.warnings)
    assert (
        plan("ilacs:short", notified=date(2026, 3, 2), elections=[date(2026, 7, 7)]).warnings == ()
    )
