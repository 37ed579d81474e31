"""The SCENARIO argument of the simulation commands: a scenario file, or ``framework:type``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from inspection_sim.errors import SimulationError

if TYPE_CHECKING:
    from inspection_sim.plan.timeline import Timeline
    from inspection_sim.scenario import Scenario

__all__ = ["load_source"]


def load_source(text: str | None, notified: date | None) -> Scenario | Timeline:
    """A scenario (a file, or the embedded default when ``text`` is None) or, for
    ``framework:type``, the Timeline planned from ``notified``.

    Raises:
        SimulationError: ``framework:type`` without ``--notified``.
        ScenarioError: an invalid scenario file (every problem listed).
    """
    from inspection_sim.scenario import default_scenario, load_scenario

    if text is None:
        scenario = default_scenario()
    elif ":" in text and not Path(text).exists():
        if notified is None:
            raise SimulationError(
                "give --notified with framework:type (or a scenario file)",
                key="--notified",
                value=text,
            )
        from inspection_sim.plan.build import plan

        return plan(text, notified=notified)
    else:
        scenario = load_scenario(text)
    if notified is not None:
        scenario = scenario.with_changes(inspection=replace(scenario.inspection, notified=notified))
    return scenario
