"""The small youth justice service sends at most three supporting documents: the cap is the
return's ``max_documents`` (rules/data/hmip-yj/2020-07.toml, seed 000), and the task that prepares
them, its calendar event and the tracker say it from there. Rules that allow more warn, naming the
rule and its source; under strict planning they are refused."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from inspection_sim import plan
from inspection_sim.errors import RuleFileError, StrictModeError
from inspection_sim.rehearsal import rehearse, timeline_tracker
from inspection_sim.rules import inspection, with_overrides
from inspection_sim.rules.registry import framework_from_text
from tests.conftest import ROOT

CALL = date(2027, 4, 9)  # a Friday, the rules' weekday
VERSION = "2024-01"
RULE = "returns.evidence-in-advance.max_documents"


def small(cap: int | None = None) -> object:
    rules = inspection("hmip-yj:small", version=VERSION)
    return rules if cap is None else with_overrides(rules, {RULE: cap}, source="council.toml")


# -- bad rule data ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"), [("0", "must be an integer >= 1"), ("'three'", "must be an integer")]
)
def test_a_bad_cap_names_the_file_and_key(value: str, message: str) -> None:
    text = (
        '[meta]\nframework = "hmip-yj"\nversion = "2099-01"\nextends = "2024-01"\n'
        'title = "t"\neffective_from = 2099-01-01\n'
        f"[inspections.small.returns.evidence-in-advance]\nmax_documents = {value}\n"
    )
    with pytest.raises(RuleFileError) as caught:
        framework_from_text(text, name="draft.toml", framework="hmip-yj", version="2099-01")
    [problem] = caught.value.problems
    assert (problem.source, problem.key) == ("draft.toml", f"inspections.small.{RULE}")
    assert problem.message.startswith(message)


def test_a_scenario_cap_that_is_not_a_number_is_refused_naming_it() -> None:
    with pytest.raises(RuleFileError) as caught:
        small("five")  # type: ignore[arg-type]
    assert [(p.source, p.value) for p in caught.value.problems] == [("council.toml", "five")]


# -- the cap in the plan, the calendars and the tracker ----------------------------------------------


def test_the_names_hold_no_copy_of_the_cap() -> None:
    rules = inspection("hmip-yj:small", version=VERSION)
    task = next(t for t in rules.tasks if t.id == "prepare-evidence")
    ret = next(r for r in rules.returns if r.id == "evidence-in-advance")
    assert ret.max_documents == 3
    assert "seed:000" in ret.provenance.source
    for name in (task.name, ret.name):
        assert "3" not in name, name
        assert "three" not in name.lower(), name


@pytest.mark.parametrize("cap", [None, 2])
def test_the_task_that_prepares_the_documents_says_the_cap_of_the_rules(cap: int | None) -> None:
    timeline = plan(small(cap), notified=CALL)  # type: ignore[arg-type]
    expected = 3 if cap is None else cap
    task = next(t for t in timeline.tasks if t.id == "prepare-evidence")
    assert task.name == f"Choose and send the supporting documents (at most {expected})"
    assert not [w for w in timeline.warnings if "max_documents" in w]


def test_the_rehearsal_and_the_tracker_say_at_most_three() -> None:
    rules = small()
    timeline = plan(rules, notified=CALL)  # type: ignore[arg-type]
    result = rehearse(timeline, CALL, rules=rules)  # type: ignore[arg-type]
    events = {event.key: event for event in result.events}
    assert events["prepare-evidence"].summary == (
        "Rehearsal: Choose and send the supporting documents (at most 3)"
    )
    assert (
        "At most 3 documents are sent: HMI Probation's youth justice inspection framework "
        "(January 2024 version) caps supporting documents on innovation or prevention for this "
        "inspection."
    ) in events["prepare-evidence"].description
    assert "at most 3 documents are sent" in events["evidence-in-advance"].description
    rows = {item.id: item for item in timeline_tracker(timeline).items}
    assert rows["prepare-evidence"].name.endswith("(at most 3)")
    assert "at most 3 documents are sent" in rows["evidence-in-advance"].why


def test_an_inspection_without_a_cap_says_nothing_of_one() -> None:
    timeline = plan("hmip-yj:single", notified=CALL, version=VERSION)
    result = rehearse(timeline, CALL)
    assert not any("at most" in e.summary + e.description for e in result.events)


def test_rules_that_allow_more_warn_naming_the_rule_and_its_source() -> None:
    timeline = plan(small(5), notified=CALL)  # type: ignore[arg-type]
    [warning] = [w for w in timeline.warnings if "max_documents" in w]
    assert "allow 5 documents" in warning
    assert "at most 3" in warning
    assert f"{RULE}, source seed:000" in warning
    with pytest.raises(StrictModeError, match=r"max_documents, source seed:000"):
        plan(small(5), notified=CALL, strict=True)  # type: ignore[arg-type]


def test_the_plan_command_warns_of_a_scenario_asking_for_more(
    cli: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    scenario = tmp_path / "small.toml"
    text = (ROOT / "scenarios" / "youth-justice-small.toml").read_text(encoding="utf-8")
    scenario.write_text(text + f'\n[overrides.inspection]\n"{RULE}" = 5\n', encoding="utf-8")
    done = cli(
        "plan", str(scenario), "--out", str(tmp_path / "plan"), "--stamp", "2027-01-01T00:00:00Z"
    )
    assert done.returncode == 0, done.stderr
    [line] = [line for line in done.stdout.splitlines() if "max_documents" in line]
    assert line.startswith(
        "  warning: HMIP youth justice inspection (small service): the plan's rules allow 5 "
        "documents"
    )
    assert "source seed:000" in line
    shipped = cli(
        "plan",
        str(ROOT / "scenarios" / "youth-justice-small.toml"),
        "--out",
        str(tmp_path / "shipped"),
        "--stamp",
        "2027-01-01T00:00:00Z",
    )
    assert shipped.returncode == 0, shipped.stderr
    assert "max_documents" not in shipped.stdout
