"""Council overrides: validated copies of inspection types, never mutations."""

from __future__ import annotations

import dataclasses

import pytest

from inspection_sim.errors import RuleFileError
from inspection_sim.rules import load_framework, with_overrides

SHORT = load_framework("ilacs", version="2024-12").inspection("short")


def test_a_longer_factual_accuracy_window_is_a_copy() -> None:
    local = with_overrides(
        SHORT, {"post.factual-accuracy.at": {"after": "draft-report", "working_days": 10}}
    )
    steps = {s.id: s for s in local.post}
    assert steps["factual-accuracy"].at.value == 10
    assert {s.id: s for s in SHORT.post}["factual-accuracy"].at.value == 5
    assert load_framework("ilacs", version="2024-12").inspection("short") is SHORT


def test_nested_and_dotted_keys_are_the_same() -> None:
    a = with_overrides(SHORT, {"tasks.base-room.duration": 4})
    b = with_overrides(SHORT, {"tasks": {"base-room": {"duration": 4}}})
    assert a.tasks == b.tasks


def test_add_change_and_remove_tasks() -> None:
    local = with_overrides(
        SHORT,
        {
            "tasks.prepare-case-files": {"duration": 3, "team": "practice-improvement"},
            "tasks.debrief": {
                "name": "Debrief",
                "team": "coordination",
                "duration": 1,
                "depends": [{"on": "final-feedback", "type": "FS"}],
            },
        },
        remove=("it-access",),
    )
    tasks = {t.id: t for t in local.tasks}
    assert (tasks["prepare-case-files"].duration, tasks["prepare-case-files"].team) == (
        3,
        "practice-improvement",
    )
    assert tasks["debrief"].depends[0].on == "final-feedback"
    assert "it-access" not in tasks
    assert "it-access" in {t.id for t in SHORT.tasks}


def test_errors_name_the_scenario_file_and_key_path() -> None:
    with pytest.raises(RuleFileError) as caught:
        with_overrides(SHORT, {"tasks.base-room.duraton": 3}, source="scenarios/leeds.toml")
    text = str(caught.value)
    assert text.startswith(
        "scenarios/leeds.toml: inspections.short.tasks.base-room.duraton: unknown key"
    )
    assert "did you mean 'duration'?" in text


def test_removing_an_unknown_task_lists_the_tasks() -> None:
    with pytest.raises(RuleFileError, match="did you mean 'base-room'"):
        with_overrides(SHORT, {}, remove=("base-rooms",))


def test_removing_a_task_others_depend_on_is_an_error() -> None:
    with pytest.raises(
        RuleFileError, match="still depends on the removed task 'coordination-team'"
    ):
        with_overrides(SHORT, {}, remove=("coordination-team",))


def test_frozen_objects_cannot_be_mutated() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        SHORT.fieldwork.days = 3  # type: ignore[misc]
