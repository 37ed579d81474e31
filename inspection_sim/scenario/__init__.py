"""Scenario files: a council described once (teams, calendar, inspection, rehearsal, overrides).

>>> from inspection_sim.scenario import default_scenario
>>> default_scenario().inspection.type
'ilacs:short'
"""

from __future__ import annotations

from inspection_sim.scenario.hooks import local_rules, local_timescales
from inspection_sim.scenario.loader import (
    SCHEMA_VERSION,
    default_scenario,
    load_scenario,
    parse_scenario,
    scenario_from_mapping,
)
from inspection_sim.scenario.model import Scenario

__all__ = [
    "SCHEMA_VERSION",
    "Scenario",
    "default_scenario",
    "load_scenario",
    "local_rules",
    "local_timescales",
    "parse_scenario",
    "scenario_from_mapping",
]
