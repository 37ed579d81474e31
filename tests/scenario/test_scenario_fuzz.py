"""Fuzzed scenarios: whatever the damage, the result is a Scenario or a clean ScenarioError listing."""

from __future__ import annotations

import copy
import tomllib
from datetime import date, datetime
from importlib import resources
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from inspection_sim.errors import InspectionSimError, ScenarioError
from inspection_sim.scenario import Scenario, parse_scenario, scenario_from_mapping
from inspection_sim.workbench import plan_scenario, rehearse_scenario

DEFAULT_TEXT = (
    resources.files("inspection_sim.scenario").joinpath("data/default.toml").read_text("utf-8")
)
DEFAULT = tomllib.loads(DEFAULT_TEXT)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.sampled_from(["ilacs:short", "Mon-Thu", "2027-02-29", "good", "performance", "FS"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found.extend(_paths(value, (*prefix, i)))
    return found


PATHS = _paths(DEFAULT)


def _set(data: Any, path: tuple[Any, ...], value: Any, action: str) -> None:
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "delete" and isinstance(parent, dict):
        del parent[last]
    elif action == "unknown" and isinstance(parent, dict):
        parent[f"{last}_extra"] = value
    else:
        parent[last] = value


def _check(outcome: Any) -> None:
    if isinstance(outcome, ScenarioError):
        assert outcome.problems
        for problem in outcome.problems:
            assert problem.source == "fuzz.toml"
            assert problem.message
        assert str(outcome)
    else:
        assert isinstance(outcome, Scenario)


def _load(data: Any) -> Any:
    try:
        return scenario_from_mapping(data, source="fuzz.toml")
    except ScenarioError as error:
        return error


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(PATHS),
            values,
            st.sampled_from(["replace", "delete", "unknown"]),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_scenarios_give_clean_errors(edits: list[tuple[tuple[Any, ...], Any, str]]) -> None:
    data = copy.deepcopy(DEFAULT)
    for path, value, action in edits:
        try:
            _set(data, path, value, action)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed or replaced this path
    outcome = _load(data)
    _check(outcome)
    if isinstance(outcome, Scenario) and outcome.inspection.notified is not None:
        # What validates also plans and rehearses (errors there are clean library errors).
        try:
            plan_scenario(outcome)
            if outcome.rehearsal.start is not None:
                rehearse_scenario(outcome)
        except InspectionSimError as error:
            event(f"{type(error).__name__} after validation")


task_ids = st.sampled_from(["a", "b", "c", "d", "e"])


@settings(max_examples=200, deadline=None)
@given(
    adds=st.lists(
        st.tuples(
            task_ids, st.lists(task_ids, max_size=3), st.sampled_from(["FS", "SS", "FF", "SF"])
        ),
        max_size=5,
    ),
    removed=st.lists(task_ids, max_size=2),
)
def test_task_changes_with_cycles_give_clean_errors(
    adds: list[tuple[str, list[str], str]], removed: list[str]
) -> None:
    data = copy.deepcopy(DEFAULT)
    data["tasks"] = {
        "add": [
            {
                "id": task,
                "team": "performance",
                "duration": 1,
                "depends": [{"on": dep, "type": link, "lag": -1} for dep in deps],
            }
            for task, deps, link in adds
        ],
        "remove": removed,
    }
    _check(_load(data))


@settings(max_examples=200, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=len(DEFAULT_TEXT)),
    cut=st.integers(min_value=0, max_value=20),
    insert=st.text(alphabet='[]="#.,:-0123456789abcTZ \n', max_size=8),
)
def test_damaged_toml_text_gives_clean_errors(position: int, cut: int, insert: str) -> None:
    text = DEFAULT_TEXT[:position] + insert + DEFAULT_TEXT[position + cut :]
    try:
        outcome: Any = parse_scenario(text, source="fuzz.toml")
    except ScenarioError as error:
        outcome = error
    _check(outcome)


def test_fuzz_harness_sees_a_real_failure() -> None:
    data = copy.deepcopy(DEFAULT)
    data["council"]["region"] = date(2027, 1, 1)
    data["simulation"]["spread"] = float("nan")
    data["inspection"]["notified"] = datetime(2027, 3, 1, 9)
    outcome = _load(data)
    assert isinstance(outcome, ScenarioError)
    assert len(outcome.problems) == 3


TEMPLATE_TASKS = [
    "coordination-team",
    "prepare-annex-a",
    "prepare-audited-case-list",
    "prepare-documents",
    "prepare-case-files",
    "staff-briefings",
    "base-room",
]
anything = st.sampled_from([*TEMPLATE_TASKS, "new-a", "new-b", "notification", "fieldwork"])


@settings(max_examples=120, deadline=None)
@given(
    changes=st.dictionaries(
        st.sampled_from(TEMPLATE_TASKS),
        st.fixed_dictionaries(
            {"depends": st.lists(anything, max_size=2)},
            optional={"duration": st.integers(min_value=-1, max_value=4)},
        ),
        max_size=3,
    ),
    adds=st.lists(
        st.tuples(st.sampled_from(["new-a", "new-b"]), st.lists(anything, max_size=2)), max_size=2
    ),
    removed=st.lists(st.sampled_from(TEMPLATE_TASKS), max_size=1),
)
def test_changes_to_rule_tasks_are_clean_and_valid_ones_plan(
    changes: dict[str, Any], adds: list[tuple[str, list[str]]], removed: list[str]
) -> None:
    data = copy.deepcopy(DEFAULT)
    data["tasks"] = {
        "change": changes,
        "add": [{"id": t, "team": "performance", "depends": deps} for t, deps in adds],
        "remove": removed,
    }
    outcome = _load(data)
    _check(outcome)
    event("valid" if isinstance(outcome, Scenario) else "rejected")
    if isinstance(outcome, Scenario):
        # A scenario that validates plans without a cycle or an unknown-task error.
        timeline = plan_scenario(outcome)
        assert {t.id for t in timeline.tasks} >= {t for t, _ in adds}
