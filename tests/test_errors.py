"""The error hierarchy: every user error is an InspectionSimError and the matching built-in."""

from __future__ import annotations

import pytest

from inspection_sim import errors
from inspection_sim.errors import InspectionSimError, Problem, closest

BUILTIN_OF = {
    "CalendarRangeError": ValueError,
    "UnknownNameError": ValueError,
    "WeekmaskError": ValueError,
    "ArgumentTypeError": TypeError,
    "RuleFileError": ValueError,
    "ScenarioError": ValueError,
    "DependencyCycleError": ValueError,
    "ScheduleError": ValueError,
    "StrictModeError": ValueError,
    "OutputError": OSError,
}


@pytest.mark.parametrize(("name", "builtin"), sorted(BUILTIN_OF.items()))
def test_each_error_is_also_a_builtin(name: str, builtin: type[Exception]) -> None:
    cls = getattr(errors, name)
    assert issubclass(cls, InspectionSimError)
    assert issubclass(cls, builtin)
    with pytest.raises(builtin):
        raise cls("boom")


def test_message_names_file_key_value_choices_and_suggestion() -> None:
    error = errors.RuleFileError(
        "unknown inspection type",
        source="rules/data/ilacs/2024-12.toml",
        key="[inspections].focussed-visit",
        value="focussed-visit",
        choices=("short", "standard", "focused-visit", "monitoring-visit"),
    )
    text = str(error)
    assert text.startswith("rules/data/ilacs/2024-12.toml: [inspections].focussed-visit: ")
    assert "(got 'focussed-visit')" in text
    assert "valid: short, standard, focused-visit, monitoring-visit" in text
    assert text.endswith("did you mean 'focused-visit'?")


def test_several_problems_are_listed_together() -> None:
    error = errors.ScenarioError(
        problems=[
            Problem("bad date", "a.toml", "rehearsal.start", "2027-02-30"),
            Problem("x", "a.toml"),
        ]
    )
    text = str(error)
    assert text.splitlines()[0] == "2 problems:"
    assert "a.toml: rehearsal.start: bad date (got '2027-02-30')" in text
    assert len(error.problems) == 2


def test_closest() -> None:
    assert closest("standrd", ["short", "standard"]) == "standard"
    assert closest("zzz", ["short", "standard"]) is None


def test_named_finds_an_item_or_names_every_valid_one_and_the_closest() -> None:
    import doctest

    assert doctest.testmod(errors).failed == 0
    items = {"annex-a": 1, "list-2": 2}
    assert errors.named(items, "list-2", "no such list", key="list") == 2
    with pytest.raises(errors.UnknownNameError) as caught:
        errors.named(items, "annex-b", "no such list", key="list")
    [problem] = caught.value.problems
    assert (problem.key, problem.value, problem.choices) == (
        "list",
        "annex-b",
        ("annex-a", "list-2"),
    )
    assert "did you mean 'annex-a'" in str(caught.value)
