"""Framework rules as versioned, validated data.

One TOML file per framework version under ``rules/data/<framework>/<version>.toml``, listed in the
explicit registry (:data:`FRAMEWORKS`), parsed into frozen objects (:mod:`.model`) by a loader that
rejects unknown keys and names the file, key path, value and valid choices of every problem.

Everything a framework or a practice standard says lives here, once: inspection types, periods
without fieldwork and the pauses of the inspection cycle, the cycle itself (:mod:`.model`), practice
timescales (:mod:`.timescale_rules`), and the planning assumptions that no source gives
(:mod:`.assumptions`). The forecast and the simulation read them through this package.
"""

from __future__ import annotations

from datetime import date

from inspection_sim.rules.assumptions import Assumptions, load_assumptions
from inspection_sim.rules.base import Confidence, Offset, Provenance, Unit
from inspection_sim.rules.model import Framework, InspectionType
from inspection_sim.rules.overrides import with_overrides
from inspection_sim.rules.registry import (
    FRAMEWORKS,
    frameworks,
    load_framework,
    version_on,
    versions,
)
from inspection_sim.rules.timescale_rules import TIMESCALE_VERSIONS, TimescaleSet, load_timescales

__all__ = [
    "FRAMEWORKS",
    "TIMESCALE_VERSIONS",
    "Assumptions",
    "Confidence",
    "Framework",
    "InspectionType",
    "Offset",
    "Provenance",
    "TimescaleSet",
    "Unit",
    "frameworks",
    "inspection",
    "load_assumptions",
    "load_framework",
    "load_timescales",
    "version_on",
    "versions",
    "with_overrides",
]


def inspection(
    address: str, *, on: date | None = None, version: str | None = None
) -> InspectionType:
    """The inspection type at ``"framework:type"`` (e.g. ``"ilacs:short"``), in force ``on`` a
    date or of ``version`` (default: the latest version)."""
    from inspection_sim.errors import UnknownNameError

    framework, sep, kind = address.partition(":")
    if not sep or not kind:
        raise UnknownNameError(
            "an inspection is addressed as 'framework:type', e.g. 'ilacs:short'",
            key="inspection",
            value=address,
        )
    return load_framework(framework, on=on, version=version).inspection(kind)
