"""What the commands will need from a scenario, checked when it is read, so that valid means runnable.

Every command plans the inspection, and a plan must fit in the working-day calendar (2015 to
2040) after every offset that the rules, the overrides and the task changes apply. How far a plan
reaches is not hard-coded anywhere: the scenario is planned at the latest call date any command
will use (``notified``, the last date of the sweep window, the rehearsal's day 0 when there is no
``notified``) and the rehearsal is built at its own start. When a plan does not fit, the cause is
found by planning again without one thing at a time (a rule override, the task changes, the team
calendars), so the problem names the key to change. Every team with work must also have a working
day between the call and the last framework date: leave, closures and a weekmask may delay a
team's tasks, never leave it no day to do them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from inspection_sim.errors import CalendarRangeError, InspectionSimError
from inspection_sim.scenario import hooks
from inspection_sim.scenario.inputs import (
    called_on,
    council_teams,
    notification_date,
    rehearsal_inputs,
    timetable_absences,
    timetable_options,
)
from inspection_sim.scenario.model import Scenario
from inspection_sim.toml_reader import KeyPath, Reading

if TYPE_CHECKING:
    from inspection_sim.calendar import WorkingCalendar
    from inspection_sim.plan.timeline import Timeline
    from inspection_sim.rules import InspectionType
    from inspection_sim.timetable import Timetable

__all__ = ["check_reach"]

#: Rule overrides tried one by one when the local rules push a plan past the calendar's end.
_CULPRITS = 20


def check_reach(scenario: Scenario, problems: Reading) -> None:
    """Record why any command would fail on ``scenario`` (a scenario without other problems)."""
    calls = _calls(scenario, problems)
    for key, day in calls:
        timeline = _plan_or_explain(scenario, key, day, problems)
        if timeline is None or not _teams_can_work(scenario, timeline, problems):
            return
    if calls and not _deferral_fits(scenario, max(day for _, day in calls), problems):
        return
    if scenario.rehearsal.start is not None:
        _check_rehearsal(scenario, problems)
    elif scenario.onsite and calls:
        _check_inspection_week(scenario, problems)


def _calls(scenario: Scenario, problems: Reading) -> list[tuple[KeyPath, date]]:
    """The call dates to plan at, each with the key that gives it: the latest any command uses."""
    inspection = scenario.inspection
    calls: list[tuple[KeyPath, date]] = []
    if inspection.notified is not None:
        calls.append((("inspection", "notified"), inspection.notified))
    if inspection.window is not None:
        last = _last_candidate(scenario)
        if last is None:
            problems.add(
                ("inspection", "window"),
                "the window holds no date to call on (the rules call on a "
                f"{_weekday(scenario)}, rolled forward past a bank holiday)",
            )
            return []
        calls.append((("inspection", "window", "to"), last))
    elif inspection.notified is None and scenario.rehearsal.start is not None:
        calls.append((("rehearsal", "start"), scenario.rehearsal.start))
    return calls


def _deferral_fits(scenario: Scenario, latest: date, problems: Reading) -> bool:
    """A simulated deferral moves the whole plan later (by the planning assumptions' working
    days): the plan called that much later must fit too."""
    rate = scenario.simulation.event_rates().get("deferral")
    if not rate:
        return True
    from inspection_sim.rules import load_assumptions

    days = load_assumptions().event("deferral").working_days or 0
    calendar, rules = scenario.calendar(), hooks.local_rules(scenario)
    teams = council_teams(scenario, rules)
    try:
        deferred = calendar.add_working_days(latest, days)
        if _fits(scenario, rules, deferred, teams):
            return True
    except CalendarRangeError:
        pass
    problems.add(
        ("simulation", "events", "deferral"),
        f"a deferral moves the plan {days} working days later; called on {latest}, it then "
        f"runs past the calendar's end ({calendar.end})",
        rate,
    )
    return False


def _last_candidate(scenario: Scenario) -> date | None:
    """The last date a sweep of the window plans (see :func:`inspection_sim.sweep`)."""
    from inspection_sim.simulation.run import candidate_dates

    window = scenario.inspection.window
    first = notification_date(scenario)
    if window is None or first is None:
        return None
    calendar = scenario.calendar()
    weekday = calendar.roll_forward(first).weekday()
    try:
        days = candidate_dates(calendar, window.start, window.end, [weekday])
    except CalendarRangeError:  # the window's last days roll past the calendar's end
        days = candidate_dates(calendar, window.start, calendar.roll_backward(window.end))
    return days[-1] if days else None


def _weekday(scenario: Scenario) -> str:
    monday = date(2024, 1, 1)
    weekday = hooks.local_rules(scenario).notification.weekday
    return (monday + timedelta(days=weekday)).strftime("%A")


def _plan_or_explain(
    scenario: Scenario, key: KeyPath, day: date, problems: Reading
) -> Timeline | None:
    """The scenario's plan called on ``day``; None, with the reason recorded, when it fails."""
    called = called_on(scenario, day)
    try:
        return _plan(called, day)
    except CalendarRangeError:
        _explain(called, key, day, problems)
    except InspectionSimError as error:  # rules of another version than the file was checked on
        problems.absorb(key, error, keep_keys=True)
    return None


def _explain(scenario: Scenario, key: KeyPath, day: date, problems: Reading) -> None:
    """Why a plan called on ``day`` runs past the calendar's end: the key to change."""
    end = scenario.calendar().end
    past = f"past the calendar's end ({end})"
    base = hooks.base_rules(scenario)
    rules = hooks.local_rules(scenario)
    teams = council_teams(scenario, rules)
    if (scenario.rule_overrides or scenario.tasks) and _fits(scenario, base, day, teams):
        for override, value in _culprits(scenario, base, day, teams):
            problems.add(override, f"takes a plan called on {day} {past}", value)
            return
        problems.add(("tasks",), f"the task changes take a plan called on {day} {past}")
        return
    if _fits(scenario, rules, day, {}):
        before = len(problems.problems)
        _teams_can_work(scenario, _bare_plan(scenario, day), problems)
        if len(problems.problems) == before:
            problems.add(
                ("teams",), f"team leave and council closures push a plan called on {day} {past}"
            )
        return
    latest = _latest_fit(scenario, day)
    hint = f"; the latest call that fits is {latest}" if latest else ""
    problems.add(key, f"a plan called on this date runs {past}{hint}", day.isoformat())


def _plan(
    scenario: Scenario,
    day: date,
    rules: InspectionType | None = None,
    teams: dict[str, Any] | None = None,
) -> Timeline:
    """The plan called on ``day``, as the workbench plans a scenario: its local rules on its
    planning calendar, with its teams' calendars unless ``teams`` is given."""
    from inspection_sim.plan.build import plan

    rules = rules or hooks.local_rules(scenario)
    teams = council_teams(scenario, rules) if teams is None else teams
    return plan(rules, notified=day, calendar=scenario.calendar(), teams=teams)


def _fits(scenario: Scenario, rules: InspectionType, day: date, teams: dict[str, Any]) -> bool:
    try:
        _plan(scenario, day, rules, teams)
    except CalendarRangeError:
        return False
    return True


def _bare_plan(scenario: Scenario, day: date) -> Timeline:
    """The plan without team calendars: the framework's dates and the council's tasks undelayed."""
    return _plan(scenario, day, teams={})


def _culprits(
    scenario: Scenario, base: InspectionType, day: date, teams: dict[str, Any]
) -> Iterator[tuple[KeyPath, Any]]:
    """The rule overrides that alone take the plan past the calendar's end."""
    from inspection_sim.rules import with_overrides

    for name, value in scenario.rule_overrides[:_CULPRITS]:
        try:
            alone = with_overrides(base, {name: value}, source=scenario.source)
        except InspectionSimError:
            continue
        if not _fits(scenario, alone, day, teams):
            yield ("overrides", "inspection", *name.split(".")), value


def _latest_fit(scenario: Scenario, day: date) -> date | None:
    """The latest call before ``day`` whose plan fits, by bisection over working days (a date
    that is checked to fit, even where leave makes fitting not monotonic)."""
    calendar, rules = scenario.calendar(), hooks.local_rules(scenario)
    teams = council_teams(scenario, rules)
    high = calendar.nearest_working_day_index(day)
    low, step = high, 260  # about a year of working days
    while True:
        low = max(0, low - step)
        if _fits(scenario, rules, calendar.date_at(low), teams):
            break
        if low == 0:
            return None
        step *= 2
    while high - low > 1:
        middle = (low + high) // 2
        if _fits(scenario, rules, calendar.date_at(middle), teams):
            low = middle
        else:
            high = middle
    return calendar.date_at(low)


def _teams_can_work(scenario: Scenario, timeline: Timeline, problems: Reading) -> bool:
    """Every team with council work has a working day from the call to the last framework date."""
    from inspection_sim.plan.worktime import team_availability

    calendar = timeline.calendar
    call = timeline.notification.date()
    # framework dates are fixed starts; their ends stretch with the owner team's calendar
    end = max(task.start for task in timeline.tasks if task.framework)
    span = slice(calendar.index_of(call), calendar.index_of(end) + 1)
    between = f"from the call ({call}) to the last framework date ({end})"
    owners = sorted({t.team for t in timeline.tasks if t.team and not t.framework})
    closed = scenario.council.closure_days()
    if owners and not team_availability(calendar, leave=closed)[span].any():
        problems.add(
            ("council", "closures"), f"the closures leave the council no working day {between}"
        )
        return False
    fine = True
    for team in (scenario.team(owner) for owner in owners):
        if team is None:
            continue
        if team.weekmask is not None:
            days = team_availability(calendar, weekmask=team.weekmask)[span]
            if not days.any():
                problems.add(
                    ("teams", team.id, "weekmask"),
                    f"the team works on none of the plan's working days (the council works "
                    f"{scenario.council.weekmask}); it has tasks to do",
                    team.weekmask,
                )
                fine = False
                continue
        leave = (*team.closed_days(), *closed)
        if not team_availability(calendar, leave=leave, weekmask=team.weekmask)[span].any():
            problems.add(
                ("teams", team.id, "leave"),
                f"leave and closures leave the team no working day {between}; it has tasks to do",
            )
            fine = False
    return fine


def _check_rehearsal(scenario: Scenario, problems: Reading) -> None:
    """The rehearsal the file describes can be built (on its own start, with its own settings),
    its on-site days booked with the file's people when it has some."""
    from inspection_sim.rehearsal import rehearse

    start = scenario.rehearsal.start
    try:
        inputs = rehearsal_inputs(scenario)
        trial = rehearse(
            _plan(scenario, inputs.plan_day(scenario)), inputs.start, **inputs.options()
        )
    except CalendarRangeError:
        end = scenario.council_calendar().end
        problems.add(
            ("rehearsal", "start"),
            f"a rehearsal starting on this date runs past the calendar's end ({end})",
            start.isoformat() if start else None,
        )
    except InspectionSimError as error:
        for problem in error.problems:
            key = "rehearsal.kit_time" if problem.key == "kit_time" else "rehearsal.start"
            problems.problems.append(replace(problem, source=problems.source, key=key))
    else:
        if scenario.onsite:
            week = "the rehearsal (from [rehearsal] start)"
            _check_timetable(
                scenario, trial.fieldwork, trial.rules_version, inputs.calendar, week, problems
            )


def _check_inspection_week(scenario: Scenario, problems: Reading) -> None:
    """Without a rehearsal, the inspection's on-site days (called on the notification date) can
    be booked with the file's people."""
    day = notification_date(scenario)
    if day is None:
        return
    try:
        timeline = _plan(called_on(scenario, day), day)
    except InspectionSimError:  # the plan's own problems are recorded by check_reach
        return
    week = f"the inspection called on {day.isoformat()}"
    calendar = scenario.council_calendar()
    _check_timetable(scenario, timeline.fieldwork.days, timeline.version, calendar, week, problems)


def _check_timetable(
    scenario: Scenario,
    days: tuple[date, ...],
    version: str,
    calendar: WorkingCalendar,
    week: str,
    problems: Reading,
) -> None:
    """The on-site ``days`` of ``week`` can be booked with the file's people, rooms and cases,
    and rebooked around its what-if absences."""
    from inspection_sim.timetable import build_timetable

    try:
        plan = build_timetable(**timetable_options(scenario, days, version, calendar))
    except InspectionSimError as error:
        problems.absorb(("onsite",), error, keep_keys=True)
        return
    if scenario.onsite.absent:
        _check_absences(scenario, plan, week, problems)


def _given(first: date | None, last: date | None) -> str:
    """An absence's dates as the file gives them."""
    if first is not None and last is not None:
        return f"{first.isoformat()}..{last.isoformat()}"
    return f"from {first.isoformat()}" if first is not None else f"to {last}"


def _check_absences(scenario: Scenario, plan: Timetable, week: str, problems: Reading) -> None:
    """Each absence covers an on-site day of ``plan``; then the week rebooks around them."""
    from inspection_sim.timetable import rebook_absences

    days = plan.days
    valid = ", ".join(f"{day:%a} {day.isoformat()}" for day in days)
    fine = True
    for i, absence in enumerate(scenario.onsite.absent):
        first, last = absence.first or days[0], absence.last or days[-1]
        if not any(first <= day <= last for day in days):
            problems.add(
                ("onsite", "absent", i),
                f"no on-site day falls in this absence; the on-site days of {week} are {valid}",
                _given(absence.first, absence.last),
            )
            fine = False
    if fine:
        try:
            rebook_absences(plan, timetable_absences(scenario))
        except InspectionSimError as error:
            problems.absorb(("onsite", "absent"), error)
