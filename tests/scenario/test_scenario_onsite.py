"""``[onsite]`` read from a scenario: inline tables and CSV files give the same frozen values."""

from __future__ import annotations

import dataclasses
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from inspection_sim.scenario import default_scenario, load_scenario, parse_scenario
from inspection_sim.scenario.model import Onsite
from inspection_sim.timetable import Person, Room, SampledCase
from inspection_sim.timetable.synthetic import cases_csv, rooms_csv, staff_csv
from tests.conftest import ROOT

Cli = Callable[..., subprocess.CompletedProcess[str]]

HEAD = """schema = 1
[council]
name = "Testshire County Council"
[inspection]
type = "ilacs:short"
notified = 2027-03-01
[rehearsal]
start = 2027-06-07
"""

INLINE = """[onsite]
people = [
  { id = "ann", name = "Ann Shaw", team = "assessment", role = "Social worker", working_days = "Mon-Thu", leave = [2027-06-14, { from = 2027-06-16, to = 2027-06-17 }] },
  { id = "tom", name = "Tom Reid", team = "assessment", role = "team_manager" },
  { name = "Jo Bell", team = "quality", role = "auditor" },
]
rooms = [{ name = "Room 1", capacity = 6 }]
cases = [{ case_id = "C-1", allocated_worker = "Ann Shaw", auditor = "jo-bell" }]
"""


def test_inline_people_rooms_and_cases_are_read_as_the_timetables_values() -> None:
    onsite = parse_scenario(HEAD + INLINE).onsite
    ann, tom, jo = onsite.people
    assert ann == Person(
        "ann",
        "Ann Shaw",
        "assessment",
        "social-worker",
        "Mon-Thu",
        frozenset({date(2027, 6, 14), date(2027, 6, 16), date(2027, 6, 17)}),
    )
    assert tom.role == "team-manager"
    assert jo.id == "jo-bell"  # made from the name, as the staff CSV does
    assert onsite.rooms == (Room("Room 1", 6),)
    # names resolved to ids; the team manager is the worker's team's one
    assert onsite.cases == (SampledCase("C-1", "ann", "tom", "jo-bell"),)
    assert onsite.source("people") == "onsite.people"


def test_csv_files_beside_the_scenario_give_the_same_values(tmp_path: Path) -> None:
    inline = parse_scenario(HEAD + INLINE).onsite
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "staff.csv").write_text(staff_csv(inline.people), newline="")
    (tmp_path / "people" / "cases.csv").write_text(cases_csv(inline.cases), newline="")
    (tmp_path / "people" / "rooms.csv").write_text(rooms_csv(inline.rooms or ()), newline="")
    path = tmp_path / "council.toml"
    path.write_text(
        HEAD + '[onsite]\npeople = "people/staff.csv"\nrooms = "people/rooms.csv"\n'
        'cases = "people/cases.csv"\n',
        "utf-8",
    )
    onsite = load_scenario(path).onsite
    assert (onsite.people, onsite.rooms, onsite.cases) == (
        inline.people,
        inline.rooms,
        inline.cases,
    )
    assert onsite.source("people") == str(tmp_path / "people" / "staff.csv")


def test_without_rooms_the_rules_rooms_are_used() -> None:
    text = HEAD + INLINE.replace('rooms = [{ name = "Room 1", capacity = 6 }]\n', "")
    scenario = parse_scenario(text)
    assert scenario.onsite.rooms is None


def test_a_scenario_without_onsite_has_no_people() -> None:
    scenario = parse_scenario(HEAD)
    assert scenario.onsite == Onsite()
    assert not scenario.onsite


def test_the_scenario_stays_a_frozen_value() -> None:
    scenario = parse_scenario(HEAD + INLINE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        scenario.onsite.people = ()  # type: ignore[misc]
    assert isinstance(scenario.onsite.people, tuple)
    assert hash(scenario.onsite.people[0])  # values, hashable


def test_the_default_scenario_has_a_social_care_week_from_an_installed_package() -> None:
    """Inline in the embedded file: nothing beside the package is read."""
    onsite = default_scenario().onsite
    assert len(onsite.people) >= 30
    assert len(onsite.cases) == 12
    assert onsite.rooms is not None
    assert onsite.source("people") == "onsite.people"
    roles = {p.role for p in onsite.people}
    assert {"director", "head-of-service", "team-manager", "social-worker", "partner"} <= roles


@pytest.mark.parametrize(
    "name", ["focused-visit", "inadequate-council-monitoring-visit", "jtai-front-door"]
)
def test_shipped_scenarios_read_their_csv_files(name: str) -> None:
    onsite = load_scenario(ROOT / "scenarios" / f"{name}.toml").onsite
    assert onsite.source("people").endswith("-staff.csv")
    assert len(onsite.people) >= 40
    assert onsite.cases


def test_validate_says_who_is_on_site(cli: Cli) -> None:
    done = cli("validate", "scenarios/jtai-front-door.toml")
    assert done.returncode == 0, done.stderr
    assert "on site:    90 people, 4 rooms, 6 sampled cases" in done.stdout
