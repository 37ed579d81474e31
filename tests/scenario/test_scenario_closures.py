"""A council's closures make its teams unavailable; they never move the inspectorate's dates.

The default scenario, called on Mon 15 Nov 2027: the draft report comes on Wed 22 Dec and the
factual-accuracy window closes on Fri 31 Dec (5 working days of the framework calendar: 23, 24, 29,
30, 31 Dec; 27 and 28 Dec are bank holidays). The council is shut 24-31 Dec.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from inspection_sim.errors import ScheduleError
from inspection_sim.plan.teams import team_sizes
from inspection_sim.plan.timeline import Timeline
from inspection_sim.scenario import Scenario, default_scenario
from inspection_sim.scenario.model import Closure
from inspection_sim.workbench import plan_scenario, rehearse_scenario, simulate_scenario

CALL = date(2027, 11, 15)
SHUTDOWN = Closure("Christmas shutdown", date(2027, 12, 24), date(2027, 12, 31))


def with_closures(*closures: Closure) -> Scenario:
    base = default_scenario()
    return base.with_changes(
        inspection=replace(base.inspection, notified=CALL),
        council=replace(base.council, closures=closures),
    )


def task(timeline: Timeline, task_id: str) -> tuple[date, date, int]:
    found = next(t for t in timeline.tasks if t.id == task_id)
    return found.start, found.end, found.slack_working_days


def test_calendar_has_no_closures_and_the_council_calendar_has_them() -> None:
    scenario = with_closures(SHUTDOWN)
    assert scenario.calendar().is_working_day(date(2027, 12, 29))
    assert not scenario.council_calendar().is_working_day(date(2027, 12, 29))
    # Both ends of the closure are closed (inclusive), the days around it open.
    council = scenario.council_calendar()
    assert not council.is_working_day(date(2027, 12, 24))
    assert not council.is_working_day(date(2027, 12, 31))
    assert council.is_working_day(date(2027, 12, 23))
    assert council.is_working_day(date(2028, 1, 4))
    # Bank holidays are in both.
    assert not scenario.calendar().is_working_day(date(2027, 12, 27))


def test_a_shutdown_leaves_every_framework_date_where_it_was() -> None:
    shut, open_ = plan_scenario(with_closures(SHUTDOWN)), plan_scenario(with_closures())
    framework = {t.id: (t.start, t.end) for t in open_.tasks if t.team is None}
    assert framework["factual-accuracy"] == (date(2027, 12, 31), date(2027, 12, 31))
    assert framework["draft-report"] == (date(2027, 12, 22), date(2027, 12, 22))
    assert {t.id: (t.start, t.end) for t in shut.tasks if t.team is None} == framework
    assert shut.fieldwork == open_.fieldwork


def test_a_shutdown_across_the_factual_accuracy_window_delays_the_council_and_is_a_risk() -> None:
    shut, open_ = plan_scenario(with_closures(SHUTDOWN)), plan_scenario(with_closures())
    # Without the shutdown: 23, 24 and 29 Dec, two working days to spare before the deadline.
    assert task(open_, "factual-accuracy-comments") == (date(2027, 12, 23), date(2027, 12, 29), 2)
    assert not open_.risks
    # With it: 23 Dec, then the team is away until Tue 4 Jan: done on Wed 5 Jan, 2 days late.
    assert task(shut, "factual-accuracy-comments") == (date(2027, 12, 23), date(2028, 1, 5), -2)
    [risk] = shut.risks
    assert (risk.task, risk.deadline, risk.working_days_late) == (
        "factual-accuracy-comments",
        date(2027, 12, 31),
        2,
    )


def test_a_shutdown_outside_the_councils_work_changes_nothing() -> None:
    summer = Closure("Office move", date(2028, 8, 7), date(2028, 8, 11))
    moved = plan_scenario(with_closures(summer))
    assert moved.to_records() == plan_scenario(with_closures()).to_records()


def test_a_closure_moves_template_teams_the_scenario_does_not_list() -> None:
    base = with_closures(SHUTDOWN)
    # Without its coordination team the template's task keeps its owner, who still closes.
    scenario = base.with_changes(teams=tuple(t for t in base.teams if t.id != "coordination"))
    assert scenario.team("coordination") is None
    assert task(plan_scenario(scenario), "factual-accuracy-comments")[1] == date(2028, 1, 5)


def test_template_teams_have_no_capacity_limit_unless_the_scenario_sizes_them() -> None:
    scenario = with_closures(SHUTDOWN)
    teams = scenario.team_calendars(["coordination", "communications"])
    assert teams["communications"]["size"] is None
    assert teams["coordination"]["size"] == scenario.team("coordination").size  # type: ignore[union-attr]
    assert "communications" not in team_sizes(teams)
    assert team_sizes({"a": {}, "b": {"size": 2}}) == {"a": 1, "b": 2}


def test_levelling_keeps_the_framework_dates_and_the_shutdown() -> None:
    shut = plan_scenario(with_closures(SHUTDOWN), level=True)
    assert task(shut, "factual-accuracy")[:2] == (date(2027, 12, 31), date(2027, 12, 31))
    assert task(shut, "factual-accuracy-comments")[1] == date(2028, 1, 5)


def test_moving_the_shutdown_changes_the_chance_of_meeting_the_comments_deadline() -> None:
    runs, seed = 200, 7
    p_shut = simulate_scenario(with_closures(SHUTDOWN), runs=runs, seed=seed).p_met()
    earlier = Closure("Christmas shutdown", date(2027, 12, 20), date(2027, 12, 24))
    p_earlier = simulate_scenario(with_closures(earlier), runs=runs, seed=seed).p_met()
    p_open = simulate_scenario(with_closures(), runs=runs, seed=seed).p_met()
    assert p_shut["factual-accuracy-comments"] == 0.0  # two days late even at the quickest
    assert 0.0 < p_earlier["factual-accuracy-comments"] < p_open["factual-accuracy-comments"]
    # Work long before Christmas does not notice.
    assert p_shut["prepare-annex-a"] == p_open["prepare-annex-a"]


def test_a_rehearsal_cannot_start_on_a_closure_day() -> None:
    scenario = with_closures(SHUTDOWN)
    with pytest.raises(ScheduleError, match=r"2027-12-29.*2027-12-23.*2028-01-04"):
        rehearse_scenario(scenario, date(2027, 12, 29))


def test_rehearsal_events_skip_the_councils_closures() -> None:
    scenario = with_closures(SHUTDOWN)
    council = scenario.council_calendar()
    rehearsal = rehearse_scenario(
        scenario, date(2027, 12, 20)
    )  # the trial call the week before Christmas
    starts = {event.local_start().date() for event in rehearsal.events if not event.all_day}
    assert starts
    assert all(council.is_working_day(day) for day in starts)
    # Laid out on the planning calendar instead, some events would fall in the shutdown.
    planning = rehearse_scenario(scenario, date(2027, 12, 20), calendar=scenario.calendar())
    days = {event.local_start().date() for event in planning.events if not event.all_day}
    assert any(not council.is_working_day(day) for day in days)


def test_the_report_shows_the_shutdown_as_closed_in_the_team_calendars() -> None:
    from inspection_sim.report import ReportInputs, render_report

    scenario = with_closures(SHUTDOWN)
    page = render_report(plan_scenario(scenario), ReportInputs(scenario=scenario, plots=False))
    coordination = page.split("<h3>Inspection coordination team</h3>")[1].split("</table>")[0]
    week = coordination.split("27 Dec 2027</td>")[1].split("</tr>")[0]
    assert week.count('class="off">closed') == 5  # two bank holidays and three closure days
    before = coordination.split("20 Dec 2027</td>")[1].split("</tr>")[0]
    assert before.count('class="off">closed') == 1  # Friday 24 December
