"""Rule primitives shared by every rule file: units, offsets, confidence and provenance, and the
words of a task network (link types, task kinds, duration distributions) that plans use too.

An :class:`Offset` is the one way rule data says "when": a number of units after an anchor (the
notification, the first on-site day, the last on-site day, or another rule item). Working days
follow the library convention: day 0 is the anchor itself and counting starts on the next working
day, so ``Offset("notification", 1, Unit.WORKING_DAYS)`` is the first working day after the call.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "ANCHORS",
    "DURATION_KINDS",
    "Confidence",
    "DurationSpec",
    "Link",
    "Offset",
    "Provenance",
    "TaskKind",
    "Unit",
]

#: Anchors every inspection type defines; rule items can also be anchored on each other's ids.
ANCHORS = ("notification", "onsite", "fieldwork-end")


class Unit(StrEnum):
    """Units a rule value can be in. Only ``working_days`` skips weekends and bank holidays."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    HOURS = "hours"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


class Confidence(StrEnum):
    """How sure the reference is (RULES.md §0): H primary or two sources, M one good secondary
    source or a seed plus evidence, L a seed or weak source only."""

    HIGH = "H"
    MEDIUM = "M"
    LOW = "L"


@dataclass(frozen=True)
class Provenance:
    """Where a rule comes from and how far to trust it.

    Attributes:
        source: references into ``rules/data/sources.toml`` (``"S3"``, ``"seed:001"``).
        confidence: H, M or L.
        unverified: names of the fields whose values are UNVERIFIED defaults (parameters to
            check against the full framework text before relying on them).
        note: a short explanation, e.g. how an UNVERIFIED default was chosen.
    """

    source: tuple[str, ...]
    confidence: Confidence
    unverified: tuple[str, ...] = ()
    note: str = ""

    def label(self) -> str:
        """A one-line citation, e.g. ``"S3; seed:001 (H)"`` or ``"... (L, UNVERIFIED: time)"``."""
        text = f"{'; '.join(self.source)} ({self.confidence.value}"
        if self.unverified:
            text += ", UNVERIFIED: " + ", ".join(self.unverified)
        return text + ")"


@dataclass(frozen=True)
class Offset:
    """``value`` units after the anchor ``after`` (negative values fall before it)."""

    after: str
    value: int
    unit: Unit

    def __str__(self) -> str:
        unit = self.unit.value.replace("_", " ")
        return f"{self.value:+d} {unit} from {self.after}"


class Link(StrEnum):
    """Dependency types."""

    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


class TaskKind(StrEnum):
    """What a task is, for calendars, reports and levelling."""

    NOTIFICATION = "notification"
    RETURN = "return"
    PREPARATION = "preparation"
    OFFSITE = "offsite"
    FIELDWORK = "fieldwork"
    MEETING = "meeting"
    MILESTONE = "milestone"
    DEADLINE = "deadline"
    POST_INSPECTION = "post-inspection"


@dataclass(frozen=True)
class DurationSpec:
    """A duration distribution in working days, for simulation.

    ``kind`` is one of :data:`DURATION_KINDS`: ``fixed`` (``params = (d,)``), ``triangular``
    (``(low, mode, high)``), ``pert`` (``(low, mode, high)``) or ``lognormal`` (``(median, sigma)``).
    """

    kind: str = "fixed"
    params: tuple[float, ...] = ()


#: Duration distributions and the number of parameters each takes.
DURATION_KINDS: dict[str, int] = {"fixed": 1, "triangular": 3, "pert": 3, "lognormal": 2}
