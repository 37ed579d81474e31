"""The names a scenario may use, taken from the rest of the library where it defines them.

Inspection types come from the rule registry; the vocabularies that belong to the scenario format
itself (judgements, rehearsal modes, duration distributions, random events) are defined here.
"""

from __future__ import annotations

import functools

__all__ = [
    "DURATION_KINDS",
    "EVENT_LIMITS",
    "EVENT_NAMES",
    "JUDGEMENTS",
    "LINKS",
    "MODES",
    "inspection_types",
    "judgements_for",
]

#: Four-point scale used by Ofsted (ILACS, JTAI has none) and HMI Probation ratings.
GRADES = ("outstanding", "good", "requires-improvement", "inadequate")
#: Area SEND outcomes (2023 framework): 1 typically positive, 2 inconsistent, 3 widespread failings.
SEND_OUTCOMES = ("positive", "inconsistent", "widespread-failings")
#: Letters without a graded judgement (focused visits, monitoring visits, JTAI).
UNGRADED = ("letter", "priority-actions")

JUDGEMENTS = GRADES + SEND_OUTCOMES + UNGRADED
MODES = ("full", "compressed")
DURATION_KINDS = ("fixed", "triangular", "pert", "lognormal")
LINKS = ("FS", "SS", "FF", "SF")
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
