"""The names a scenario may use, taken from the rest of the library where it defines them.

Inspection types come from the rule registry, link types and duration distributions from the rule
primitives, graded judgements and area SEND outcomes from the forecast's history, rehearsal modes
from the rehearsal. Only what belongs to the scenario format itself (the ungraded outcomes of a
visit, the random events and their largest rates) is defined here.
"""

from __future__ import annotations

import functools

from inspection_sim.forecasting.history import JUDGEMENTS as GRADES
from inspection_sim.forecasting.history import SEND_OUTCOMES
from inspection_sim.rehearsal.shift import MODES
from inspection_sim.rules.base import DURATION_KINDS as _KINDS
from inspection_sim.rules.base import Link

__all__ = [
    "DURATION_KINDS",
    "EVENT_LIMITS",
    "EVENT_NAMES",
    "LINKS",
    "MODES",
    "inspection_types",
    "judgements_for",
]

#: Letters without a graded judgement (focused visits, monitoring visits, JTAI).
UNGRADED = ("letter", "priority-actions")

DURATION_KINDS = tuple(_KINDS)
LINKS = tuple(link.value for link in Link)
#: Random events a scenario can give a rate for, with the largest rate each accepts: requests per
#: fieldwork day, absences per person per working day, and two probabilities. What each event does
#: is planning-assumption rule data (``inspection_sim/rules/data/assumptions.toml``).
EVENT_LIMITS = {
    "extra-information-request": 50.0,
    "staff-absence": 1.0,
    "late-data": 1.0,
    "deferral": 1.0,
}
EVENT_NAMES = tuple(EVENT_LIMITS)


def judgements_for(framework: str) -> tuple[str, ...]:
    """The judgements or outcomes a past inspection of ``framework`` can have."""
    if framework == "area-send":
        return SEND_OUTCOMES + UNGRADED
    return GRADES + UNGRADED


@functools.cache
def inspection_types() -> tuple[str, ...]:
    """Every ``framework:type`` name in the rule registry (any version), sorted."""
    from inspection_sim.rules import frameworks, versions
    from inspection_sim.rules.registry import inspection_names

    names = {
        f"{framework}:{kind}"
        for framework in frameworks()
        for version in versions(framework)
        for kind in inspection_names(framework, version)
    }
    return tuple(sorted(names))
