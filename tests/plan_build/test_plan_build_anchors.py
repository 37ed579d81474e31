"""Anchors, warnings with the nearest valid dates, strict mode, overrides, teams and levelling."""

from __future__ import annotations

from datetime import date

import pytest

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import ArgumentTypeError, StrictModeError, UnknownNameError
from inspection_sim.plan.build import plan
from inspection_sim.rules import inspection, with_overrides


def test_a_call_on_the_wrong_weekday_warns_with_the_nearest_valid_dates() -> None:
    timeline = plan("ilacs:short", notified=date(2026, 3, 4))
    assert len(timeline.warnings) == 1
    warning = timeline.warnings[0]
    assert "Wed 2026-03-04 is not the rule's weekday (Mon)" in warning
    assert "notified Mon 2026-03-02 -> on site Mon 2026-03-09" in warning
    assert "notified Mon 2026-03-09 -> on site Mon 2026-03-16" in warning


def test_strict_mode_turns_the_warning_into_an_error() -> None:
    with pytest.raises(StrictModeError, match="not the rule's weekday"):
        plan("ilacs:short", notified=date(2026, 3, 4), strict=True)


@pytest.mark.parametrize(
    ("onsite", "period", "nearest"),
    [
        (date(2026, 4, 6), "Easter Monday", "on site Mon 2026-03-23"),
        (date(2026, 8, 10), "Summer (30 July to 2 September)", "on site Mon 2026-07-20"),
        (date(2026, 12, 21), "Christmas and New Year gap", "on site Mon 2027-01-18"),
    ],
)
def test_fieldwork_in_an_unused_week_warns_with_nearest_valid_dates_S13(
    onsite: date, period: str, nearest: str
) -> None:
    timeline = plan("ilacs:short", onsite=onsite)
    text = " ".join(timeline.warnings)
    assert "falls in a period without fieldwork" in text
    assert period in text
    assert nearest in text
    with pytest.raises(StrictModeError, match="period without fieldwork"):
        plan("ilacs:short", onsite=onsite, strict=True)


def test_exactly_one_anchor() -> None:
    with pytest.raises(ArgumentTypeError, match="exactly one anchor"):
        plan("ilacs:short")
    with pytest.raises(ArgumentTypeError, match="exactly one anchor"):
        plan("ilacs:short", notified=date(2026, 3, 2), onsite=date(2026, 3, 9))


def test_unknown_type_and_bad_address() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'focused-visit'"):
        plan("ilacs:focussed-visit", notified=date(2026, 3, 2))
    with pytest.raises(UnknownNameError, match="framework:type"):
        plan("ilacs", notified=date(2026, 3, 2))


def test_an_anchor_before_the_framework_names_the_earliest_version() -> None:
    with pytest.raises(UnknownNameError, match="earliest is 2018-01"):
        plan("ilacs:short", notified=date(2017, 6, 5))


def test_version_and_on_choose_the_rules() -> None:
    assert plan("ilacs:short", notified=date(2026, 3, 2), version="2018-09").version == "2018-09"
    assert plan("ilacs:short", notified=date(2026, 3, 2), on=date(2021, 7, 1)).version == "2021-06"


def test_a_council_override_is_planned_factual_accuracy_10_days() -> None:
    local = with_overrides(
        inspection("ilacs:short", version="2024-12"),
        {"post.factual-accuracy.at": {"after": "draft-report", "working_days": 10}},
    )
    tasks = {t.id: t for t in plan(local, notified=date(2026, 3, 2)).tasks}
    assert tasks["factual-accuracy"].start == date(2026, 4, 24)  # 10 working days after 10 Apr


def test_an_impossible_task_deadline_is_a_risk_not_clamped() -> None:
    local = with_overrides(inspection("ilacs:short"), {"tasks.prepare-annex-a.duration": 4})
    timeline = plan(local, notified=date(2026, 3, 2))
    assert [r.task for r in timeline.risks] == ["prepare-annex-a"]
    assert timeline.risks[0].working_days_late == 2
    assert timeline.risks[0].deadline == date(2026, 3, 3)
    task = {t.id: t for t in timeline.tasks}["prepare-annex-a"]
    assert task.slack_working_days < 0
    with pytest.raises(StrictModeError, match="prepare-annex-a"):
        plan(local, notified=date(2026, 3, 2), strict=True)


def test_a_team_on_leave_moves_its_tasks() -> None:
    teams = {"facilities": {"leave": [date(2026, 3, 3), date(2026, 3, 4)]}}
    tasks = {t.id: t for t in plan("ilacs:short", notified=date(2026, 3, 2), teams=teams).tasks}
    assert (tasks["base-room"].start, tasks["base-room"].end) == (
        date(2026, 3, 5),
        date(2026, 3, 6),
    )


def test_a_team_calendar_object_is_accepted() -> None:
    part_time = WorkingCalendar(weekmask="Mon-Wed")
    tasks = {
        t.id: t
        for t in plan("ilacs:short", notified=date(2026, 3, 2), teams={"it": part_time}).tasks
    }
    assert tasks["it-access"].end.weekday() <= 2


def test_bad_team_spec() -> None:
    with pytest.raises(ArgumentTypeError, match="did you mean 'leave'"):
        plan("ilacs:short", notified=date(2026, 3, 2), teams={"it": {"leaves": []}})


def test_levelling_keeps_framework_dates_and_respects_capacity() -> None:
    teams = {"performance": {"size": 1}}
    plain = {t.id: t for t in plan("ilacs:short", notified=date(2026, 3, 2), teams=teams).tasks}
    level = {
        t.id: t
        for t in plan("ilacs:short", notified=date(2026, 3, 2), teams=teams, level=True).tasks
    }
    assert plain["prepare-documents"].start == plain["prepare-annex-a"].start  # overlap unlevelled
    assert level["prepare-documents"].start > level["prepare-annex-a"].end
    for task_id, task in plain.items():
        if task.framework:
            assert level[task_id].start == task.start


def test_an_onsite_start_the_rules_cannot_give_warns_and_names_valid_starts() -> None:
    timeline = plan("ilacs:short", onsite=date(2026, 3, 11))  # a Wednesday
    assert timeline.fieldwork.start == date(2026, 3, 9)
    assert "not one the rules give" in timeline.warnings[0]
    assert "nearest valid on-site starts: 2026-03-09 and 2026-03-16" in timeline.warnings[0]
    with pytest.raises(StrictModeError, match="not one the rules give"):
        plan("ilacs:short", onsite=date(2026, 3, 11), strict=True)
    assert plan("ilacs:short", onsite=date(2026, 3, 9)).warnings == ()
