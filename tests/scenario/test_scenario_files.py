"""The shipped scenarios and the embedded default load and mean what they say."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from inspection_sim.scenario import Scenario, default_scenario, load_scenario, parse_scenario

SCENARIOS = Path(__file__).parents[2] / "scenarios"
FILES = sorted(SCENARIOS.glob("*.toml"))

EXPECTED_TYPES = {
    "good-council-ilacs-short": "ilacs:short",
    "ri-council-ilacs-standard": "ilacs:standard",
    "inadequate-council-monitoring-visit": "ilacs:monitoring-visit",
    "focused-visit": "ilacs:focused-visit",
    "jtai-front-door": "jtai:front-door",
    "area-send": "area-send:full",
    "youth-justice-single": "hmip-yj:single",
    "youth-justice-small": "hmip-yj:small",
    "youth-justice-joint": "hmip-yj:joint",
}


def test_every_required_scenario_is_shipped() -> None:
    assert {path.stem for path in FILES} >= set(EXPECTED_TYPES)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_shipped_scenario_loads(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario.schema == 1
    assert scenario.source == str(path)
    if path.stem in EXPECTED_TYPES:
        assert scenario.inspection.type == EXPECTED_TYPES[path.stem]


def test_default_scenario_is_the_good_council_file() -> None:
    shipped = load_scenario(SCENARIOS / "good-council-ilacs-short.toml")
    assert replace(shipped, source="x") == replace(default_scenario(), source="x")


def test_what_if_scenario_changes_one_thing() -> None:
    base = load_scenario(SCENARIOS / "good-council-ilacs-short.toml")
    variant = load_scenario(SCENARIOS / "what-if-performance-two-down.toml")
    teams = tuple(replace(t, size=2) if t.id == "performance" else t for t in base.teams)
    assert replace(variant, source="x") == replace(base, teams=teams, source="x")


def test_default_scenario_contents() -> None:
    scenario = default_scenario()
    assert isinstance(scenario, Scenario)
    assert scenario.inspection.type == "ilacs:short"
    assert scenario.inspection.framework == "ilacs"
    assert scenario.inspection.kind == "short"
    assert scenario.inspection.history[0].as_text() == "2023-03-13:short:good"
    assert scenario.rehearsal.start == date(2027, 6, 7)
    # The Christmas shutdown is inclusive of both ends: 24 to 31 December is 8 days.
    assert len(scenario.council.closure_days()) == 8
    assert scenario.council.closure_days()[0] == date(2027, 12, 24)
    assert scenario.council.closure_days()[-1] == date(2027, 12, 31)


def test_small_youth_justice_service_works_monday_to_thursday() -> None:
    scenario = load_scenario(SCENARIOS / "youth-justice-small.toml")
    team = scenario.team("youth-justice")
    assert team is not None
    assert team.weekmask == "Mon-Thu"
    # A whole-team leave entry (no people count) closes the team for those days, inclusive.
    assert team.closed_days() == tuple(date(2027, 4, d) for d in range(19, 24))


def test_weekmask_is_normalised() -> None:
    text = (
        'schema = 1\n[council]\nname = "X"\nweekmask = "1111000"\n'
        '[inspection]\ntype = "ilacs:short"\nnotified = 2027-03-01\n'
    )
    assert parse_scenario(text).council.weekmask == "Mon-Thu"


def test_dates_may_be_iso_strings() -> None:
    text = (
        'schema = 1\n[council]\nname = "X"\n'
        '[inspection]\ntype = "ilacs:short"\nnotified = "2027-03-01"\n'
    )
    assert parse_scenario(text).inspection.notified == date(2027, 3, 1)
