"""How a real inspection is named: the identity its calendars' UIDs derive from, and the name
Outlook gives its calendar. The identity is the council, the inspection type and the day of the
call, so that every update of the same inspection keeps the UIDs, and another call gets others."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = ["PlanNames", "plan_names"]


@dataclass(frozen=True)
class PlanNames:
    """How one real inspection is named: its UIDs' identity and its calendar's name."""

    plan_id: str
    calendar_name: str


def plan_names(scenario: Any, call: date) -> PlanNames:
    """The identity and calendar name of ``scenario``'s inspection called on ``call``: the name
    says the inspection in words (ILACS short inspection), the identity by its rule id."""
    from inspection_sim.scenario.hooks import local_rules

    council, kind = scenario.council.name, scenario.inspection.type
    return PlanNames(
        plan_id=f"inspection:{council}:{kind}:{call.isoformat()}",
        calendar_name=f"Inspection – {council} – {local_rules(scenario).name} – call "
        f"{call.isoformat()}",
    )
