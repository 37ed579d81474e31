"""Scenarios that used to validate and then fail every command are refused when they are read.

Each problem names the key to change, the value and what would fit: the latest call date, the
calendar's end, the team that has no day to work. The same files run through the real command
line give one listing and exit status 2.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta, timezone
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import pytest

from inspection_sim.calendar import DEFAULT_END
from inspection_sim.errors import Problem, ScenarioError
from inspection_sim.scenario import scenario_from_mapping
from inspection_sim.scenario.inputs import notification_date
from inspection_sim.scenario.limits import (
    MAX_ITEMS,
    MAX_OVERRIDES,
    MAX_PERIOD_DAYS,
    MAX_RUNS,
    MAX_TEAMS,
    MAX_TEXT,
    MAX_WINDOW_DAYS,
)
from inspection_sim.workbench import plan_scenario, simulate_scenario
from tests.scenario.scenario_helpers import minimal, problems_of

Cli = Callable[..., CompletedProcess[str]]


def _problem(data: dict[str, Any], key: str) -> Problem:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_mapping(data, source="council.toml")
    found = problems_of(caught.value)
    assert key in found, str(caught.value)
    return found[key]


def _toml(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return "{" + ", ".join(f'"{k}" = {_toml(v)}' for k, v in value.items()) + "}"


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    """``data`` as a TOML file (one inline table per top-level section)."""
    lines = [f'"{key}" = {_toml(value)}' for key, value in data.items()]
    path = tmp_path / "council.toml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_a_call_too_late_for_the_plan_names_the_latest_that_fits() -> None:
    data = minimal()
    data["inspection"]["notified"] = date(2040, 12, 3)
    problem = _problem(data, "inspection.notified")
    assert problem.value == "2040-12-03"
    assert f"runs past the calendar's end ({DEFAULT_END})" in problem.message
    latest = date.fromisoformat(problem.message.rsplit("the latest call that fits is ", 1)[1])
    data["inspection"]["notified"] = latest
    timeline = plan_scenario(scenario_from_mapping(data))  # the date named does fit
    assert max(task.end for task in timeline.tasks) <= DEFAULT_END


def test_fieldwork_of_100000_days_names_the_override() -> None:
    data = minimal()
    data["overrides"] = {"inspection": {"fieldwork": {"days": 100_000}}}
    problem = _problem(data, "overrides.inspection.fieldwork.days")
    assert problem.value == 100_000
    assert "takes a plan called on 2027-03-01 past the calendar's end" in problem.message


def test_a_factual_accuracy_window_of_100000_days_names_the_override() -> None:
    data = minimal()
    data["overrides"] = {
        "inspection": {
            "post": {"factual-accuracy": {"at": {"after": "draft-report", "working_days": 100_000}}}
        }
    }
    problem = _problem(data, "overrides.inspection.post.factual-accuracy.at.working_days")
    assert problem.value == 100_000


def test_task_changes_that_run_past_the_calendar_are_named() -> None:
    data = minimal()
    data["inspection"]["notified"] = date(2039, 3, 7)
    chain = [
        {"id": f"t{i}", "team": "performance", "duration": 500, "depends": [f"t{i - 1}"]}
        for i in range(1, 4)
    ]
    chain[0]["depends"] = ["action-plan"]
    data["tasks"] = {"add": chain}
    assert "the task changes take a plan" in _problem(data, "tasks").message


def test_a_sunday_only_team_with_weekday_work_is_refused() -> None:
    data = minimal()
    data["teams"]["performance"]["weekmask"] = "Sun"
    problem = _problem(data, "teams.performance.weekmask")
    assert problem.value == "Sun"
    assert "works on none of the plan's working days" in problem.message


def test_leave_over_the_whole_calendar_is_refused_by_its_length() -> None:
    data = minimal()
    data["teams"]["performance"]["leave"] = [{"from": date(2015, 1, 1), "to": date(2040, 12, 31)}]
    problem = _problem(data, "teams.performance.leave[0].to")
    assert f"spans at most {MAX_PERIOD_DAYS} days; this one spans 9,497 days" in problem.message


def test_leave_that_leaves_a_team_no_day_in_the_inspection_is_refused() -> None:
    data = minimal()
    data["teams"]["performance"]["leave"] = [
        {"from": date(2027, 1, 1), "to": date(2027, 12, 31)},
        {"from": date(2028, 1, 1), "to": date(2028, 12, 31)},
    ]
    problem = _problem(data, "teams.performance.leave")
    assert "no working day from the call (2027-03-01) to the last framework date" in str(problem)


def test_partial_leave_keeps_a_team_working() -> None:
    data = minimal()
    data["teams"]["performance"]["leave"] = [
        {"from": date(2027, 1, 1), "to": date(2027, 12, 31), "people": 1}
    ]
    assert plan_scenario(scenario_from_mapping(data))


def test_closures_that_shut_the_council_for_the_inspection_are_refused() -> None:
    data = minimal()
    data["council"]["closures"] = [
        {"name": "shut", "from": date(2027, 1, 1), "to": date(2027, 12, 31)},
        {"name": "shut", "from": date(2028, 1, 1), "to": date(2028, 12, 31)},
    ]
    assert "no working day" in _problem(data, "council.closures").message


@pytest.mark.parametrize("section", ["add", "change"])
def test_an_empty_team_in_task_changes_is_refused(section: str) -> None:
    data = minimal()
    if section == "add":
        data["tasks"] = {"add": [{"id": "x", "team": "", "duration": 1}]}
        key = "tasks.add[0].team"
    else:
        data["tasks"] = {"change": {"prepare-documents": {"team": ""}}}
        key = "tasks.change.prepare-documents.team"
    assert _problem(data, key).value == ""


def test_a_window_without_a_call_day_is_refused() -> None:
    data = minimal()
    del data["inspection"]["notified"]
    data["inspection"]["window"] = {"from": date(2027, 3, 2), "to": date(2027, 3, 4)}
    assert "holds no date to call on" in _problem(data, "inspection.window").message


def test_a_window_whose_last_call_runs_past_the_end_is_refused() -> None:
    data = minimal()
    data["inspection"]["window"] = {"from": date(2040, 6, 4), "to": date(2040, 12, 17)}
    problem = _problem(data, "inspection.window.to")
    assert "the latest call that fits is" in problem.message


def test_a_scenario_with_only_a_window_plans_on_its_first_call_day() -> None:
    data = minimal()
    del data["inspection"]["notified"]
    data["inspection"]["window"] = {"from": date(2027, 3, 2), "to": date(2027, 6, 30)}
    scenario = scenario_from_mapping(data)
    assert notification_date(scenario) == date(2027, 3, 8)  # the first Monday in the window
    assert plan_scenario(scenario).notification.date() == date(2027, 3, 8)
    assert simulate_scenario(scenario, runs=3, seed=1).runs == 3


def test_a_deferral_that_would_run_past_the_end_is_refused() -> None:
    data = minimal()
    data["inspection"]["notified"] = date(2040, 7, 23)
    scenario_from_mapping(data)  # fits without a deferral
    data["simulation"] = {"events": {"deferral": 0.1}}
    problem = _problem(data, "simulation.events.deferral")
    assert "10 working days later" in problem.message


def test_a_rehearsal_that_runs_past_the_calendar_is_refused() -> None:
    data = minimal()
    data["rehearsal"] = {"start": date(2040, 12, 3)}
    problem = _problem(data, "rehearsal.start")
    assert problem.value == "2040-12-03"
    assert "runs past the calendar's end" in problem.message


def test_a_kit_time_the_clocks_skip_is_refused_for_the_scenarios_rehearsal() -> None:
    data = minimal()
    data["council"]["weekmask"] = "Mon-Sun"
    data["inspection"]["notified"] = date(2027, 3, 15)
    # day 7 of the rehearsal, the first on site, is Sat 27 March (Good Friday is a bank holiday)
    data["rehearsal"] = {"start": date(2027, 3, 19), "kit_time": time(1, 30)}
    problem = _problem(data, "rehearsal.kit_time")
    assert "01:30 on Sun 28 Mar 2027: that time does not exist" in problem.message


@pytest.mark.parametrize("value", ["09:00+05:00", "09:00Z", "16:30-01:00"])
def test_a_kit_time_with_an_offset_is_refused(value: str) -> None:
    data = minimal()
    data["rehearsal"] = {"kit_time": value}
    problem = _problem(data, "rehearsal.kit_time")
    assert problem.value == value
    assert "takes no UTC offset" in problem.message


def test_a_meeting_time_with_an_offset_in_an_override_is_refused() -> None:
    data = minimal()
    data["overrides"] = {"inspection": {"meetings": {"final-feedback": {"time": "14:00+05:00"}}}}
    with pytest.raises(ScenarioError, match=r"final-feedback\.time: .* takes no UTC offset"):
        scenario_from_mapping(data, source="council.toml")


@pytest.mark.parametrize(
    ("edit", "key", "text"),
    [
        (lambda d: d.update(simulation={"runs": MAX_RUNS + 1}), "simulation.runs", "from 1 to"),
        (
            lambda d: d["teams"].update({f"t{i}": {} for i in range(MAX_TEAMS + 1)}),
            "teams",
            f"at most {MAX_TEAMS} entries",
        ),
        (
            lambda d: d["council"].update(name="x" * (MAX_TEXT + 1)),
            "council.name",
            f"at most {MAX_TEXT} characters",
        ),
        (
            lambda d: d["teams"]["performance"].update(contacts=["a"] * (MAX_ITEMS + 1)),
            "teams.performance.contacts",
            f"at most {MAX_ITEMS} entries",
        ),
        (
            lambda d: d.update(tasks={"remove": ["x"] * (MAX_ITEMS + 1)}),
            "tasks.remove",
            f"at most {MAX_ITEMS} entries",
        ),
        (
            lambda d: d.update(
                overrides={"inspection": {f"k{i}": 1 for i in range(MAX_OVERRIDES + 1)}}
            ),
            "overrides.inspection",
            f"at most {MAX_OVERRIDES} overrides",
        ),
        (
            lambda d: d["inspection"].update(
                window={"from": date(2027, 1, 4), "to": date(2031, 1, 3)}
            ),
            "inspection.window.to",
            f"spans at most {MAX_WINDOW_DAYS:,} days",
        ),
    ],
    ids=["runs", "teams", "text", "contacts", "removed-tasks", "overrides", "window"],
)
def test_ceilings(edit: Callable[[dict[str, Any]], None], key: str, text: str) -> None:
    data = minimal()
    edit(data)
    assert text in _problem(data, key).message


@pytest.mark.parametrize(
    ("section", "value", "key"),
    [
        ("inspection", {"type": "ilacs:short", "notified": date(2040, 12, 3)}, "notified"),
        (
            "overrides",
            {"inspection": {"fieldwork": {"days": 100_000}}},
            "overrides.inspection.fieldwork.days",
        ),
        ("teams", {"performance": {"size": 3, "weekmask": "Sun"}}, "teams.performance.weekmask"),
        (
            "tasks",
            {"add": [{"id": "x", "team": "", "duration": 1}]},
            "tasks.add[0].team",
        ),
    ],
    ids=["late-call", "long-fieldwork", "sunday-team", "empty-team"],
)
def test_validate_lists_them_and_every_command_refuses_them(
    tmp_path: Path, cli: Cli, section: str, value: dict[str, Any], key: str
) -> None:
    data = minimal()
    data[section] = value
    path = _write(tmp_path, data)
    for command in (
        ["validate", str(path)],
        ["simulate", str(path), "--runs", "5", "--quiet"],
        ["rehearse", str(path), "--start", "2027-06-07", "--out", str(tmp_path / "out")],
    ):
        result = cli(*command)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert f"council.toml: {key}" in result.stderr or f": inspection.{key}" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_zoned_kit_time_from_python_is_refused() -> None:
    data = minimal()
    data["rehearsal"] = {"kit_time": time(9, 0, tzinfo=timezone(timedelta(hours=5)))}
    problem = _problem(data, "rehearsal.kit_time")
    assert problem.value == "09:00:00+05:00"
