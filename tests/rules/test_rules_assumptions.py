"""Planning assumptions: the effects of the simulation's random events and the forecast's spreads
are rule data, each cited and UNVERIFIED, and valid for the code that uses them."""

from __future__ import annotations

from importlib import resources

import pytest

from inspection_sim.errors import UnknownNameError
from inspection_sim.rules import Confidence, load_assumptions
from inspection_sim.simulation.events import check_duration


def test_every_assumption_is_cited_and_unverified() -> None:
    found = load_assumptions()
    cited = [e.provenance for e in found.events.values()]
    cited += [found.durations.provenance, found.forecast.provenance]
    cited += [found.windows.provenance, found.rebooking.provenance, found.case_sample.provenance]
    for provenance in cited:
        assert "assumption" in provenance.source
        assert provenance.confidence is Confidence.LOW
        assert provenance.unverified


def test_the_simulation_can_draw_every_event_effect() -> None:
    """Each event a scenario rates has an effect the simulation accepts."""
    found = load_assumptions()
    for name in ("extra-information-request", "staff-absence", "late-data"):
        days = found.event(name).days
        assert days is not None
        check_duration(days, name)
    assert found.event("deferral").working_days == 10
    assert found.durations.low < 0 < found.durations.high


def test_an_unknown_event_suggests_the_closest() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'late-data'"):
        load_assumptions().event("late-dta")


def test_rule_data_has_one_home() -> None:
    """Facts of the frameworks live under rules/data only: the forecast ships fitted figures,
    the simulation no data at all."""
    package = resources.files("inspection_sim")
    forecast = package.joinpath("forecasting", "data")
    assert sorted(f.name for f in forecast.iterdir()) == ["calibration.toml"]
    assert not package.joinpath("simulation", "data").is_dir()
