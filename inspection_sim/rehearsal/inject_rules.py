"""The inject rules of a trial run: how each surprise of the simulation is put into words.

Read from ``rules/data/rehearsal/injects.toml`` through the one TOML reader, every problem of the
file at once: the controller's working hours and slots, the levels (``typical``, ``hard``) as
percentiles of the load on the teams, the event rates used when a scenario gives none, and the
templates of the messages, each citing its sources (planning assumptions, UNVERIFIED).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from functools import cache

from inspection_sim.errors import UnknownNameError
from inspection_sim.rules.base import Provenance
from inspection_sim.rules.fields import provenance, read_packaged, rule_fields
from inspection_sim.toml_reader import Reading, Table

__all__ = [
    "DELIVERED_EVENTS",
    "INJECTS_FILE",
    "PLACEHOLDERS",
    "REHEARSAL_RULE_FILES",
    "ExerciseDay",
    "InjectRules",
    "InjectTemplate",
    "Level",
    "inject_rules",
]

INJECTS_FILE = "rules/data/rehearsal/injects.toml"

#: The rule files of rehearsals, under ``rules/data/rehearsal/`` (every rule file is registered).
REHEARSAL_RULE_FILES = ("injects", "wording")

#: The simulation's random events that happen during the days on site and become injects (late
#: data and a deferral happen before inspectors arrive).
DELIVERED_EVENTS = ("extra-information-request", "staff-absence")

#: What a message or a response may name.
PLACEHOLDERS = frozenset({"team", "contact", "by", "days"})


@dataclass(frozen=True)
class ExerciseDay:
    """The controller's day: when injects may be delivered, slot lengths, briefing and debrief,
    and how many replications are drawn to choose the week."""

    day_start: time
    day_end: time
    minutes: int
    round_minutes: int
    briefing: time
    briefing_minutes: int
    debrief: time
    debrief_minutes: int
    shortest_absence: float
    replications: int
    provenance: Provenance


@dataclass(frozen=True)
class Level:
    """A level of difficulty: the percentile of the load on the teams that the week is drawn at."""

    id: str
    percentile: float
    description: str


@dataclass(frozen=True)
class InjectTemplate:
    """The words of one kind of inject; ``frameworks`` empty means every framework."""

    id: str
    event: str
    frameworks: tuple[str, ...]
    played_by: str
    message: str
    response: str
    respond_within_minutes: int | None
    provenance: Provenance

    def applies_to(self, framework: str) -> bool:
        return not self.frameworks or framework in self.frameworks


@dataclass(frozen=True)
class InjectRules:
    """Every inject rule, each with its citation."""

    exercise: ExerciseDay
    levels: Mapping[str, Level]
    default_rates: Mapping[str, float]
    default_rates_provenance: Provenance
    templates: tuple[InjectTemplate, ...]
    source_file: str

    def level(self, name: str) -> Level:
        """The level ``name`` (``--injects``).

        Raises:
            UnknownNameError: naming the levels and the closest one.
        """
        try:
            return self.levels[name]
        except KeyError:
            raise UnknownNameError(
                "unknown level of injects", key="--injects", value=name, choices=tuple(self.levels)
            ) from None

    def templates_for(self, event: str, framework: str) -> tuple[InjectTemplate, ...]:
        """The templates of ``event`` that apply to ``framework``, in file order."""
        return tuple(t for t in self.templates if t.event == event and t.applies_to(framework))


@cache
def inject_rules() -> InjectRules:
    """The shipped inject rules (read once).

    Raises:
        RuleFileError: listing every problem of the file.
    """
    return read_inject_rules(read_packaged("data/rehearsal/injects.toml"), INJECTS_FILE)


def read_inject_rules(data: Mapping[str, object], name: str) -> InjectRules:
    """Inject rules from parsed TOML ``data``; ``name`` is how problems name the file."""
    from inspection_sim.rules import load_assumptions

    reading = Reading(name)
    root = reading.table(data)
    root.only("exercise", "levels", "default_rates", "templates")
    exercise = _exercise(root.table("exercise", required=True))
    levels = {t.name: _level(t) for t in root.tables("levels")}
    if not levels:
        root.problem("levels", "give at least one level, e.g. [levels.typical]")
    events = tuple(load_assumptions().events)
    rates_table = root.table("default_rates", required=True)
    rate_keys = rule_fields(*DELIVERED_EVENTS)
    rates_table.only(*rate_keys)
    rates = {
        event: rates_table.number(event, 0.0, minimum=0.0)
        for event in DELIVERED_EVENTS
        if rates_table.has(event)
    }
    templates = tuple(_template(t, events) for t in root.tables("templates"))
    for event in DELIVERED_EVENTS:
        if not any(t.event == event and not t.frameworks for t in templates):
            root.problem(
                "templates",
                f"give at least one template of {event} for every framework (frameworks = [])",
            )
    found = InjectRules(
        exercise=exercise,
        levels=levels,
        default_rates=rates,
        default_rates_provenance=provenance(rates_table, rate_keys),
        templates=templates,
        source_file=name,
    )
    reading.check()
    return found


def _exercise(t: Table) -> ExerciseDay:
    keys = rule_fields(
        "day_start",
        "day_end",
        "minutes",
        "round_minutes",
        "briefing",
        "briefing_minutes",
        "debrief",
        "debrief_minutes",
        "shortest_absence",
        "replications",
    )
    t.only(*keys)
    found = ExerciseDay(
        day_start=t.clock("day_start"),
        day_end=t.clock("day_end"),
        minutes=t.integer("minutes", minimum=1, maximum=240),
        round_minutes=t.integer("round_minutes", minimum=1, maximum=60),
        briefing=t.clock("briefing"),
        briefing_minutes=t.integer("briefing_minutes", minimum=1, maximum=240),
        debrief=t.clock("debrief"),
        debrief_minutes=t.integer("debrief_minutes", minimum=1, maximum=240),
        shortest_absence=t.number("shortest_absence", minimum=0.0),
        replications=t.integer("replications", minimum=1, maximum=10_000),
        provenance=provenance(t, keys),
    )
    if found.day_end <= found.day_start:
        t.problem("day_end", "must be after day_start", found.day_end.isoformat("minutes"))
    return found


def _level(t: Table) -> Level:
    t.only("percentile", "description")
    return Level(t.name, t.number("percentile", minimum=0.0, maximum=100.0), t.text("description"))


def _template(t: Table, events: tuple[str, ...]) -> InjectTemplate:
    keys = rule_fields(
        "event", "frameworks", "played_by", "message", "response", "respond_within_minutes"
    )
    t.only(*keys)
    for key in ("message", "response"):
        _check_placeholders(t, key)
    return InjectTemplate(
        id=t.name,
        event=t.choice("event", [e for e in events if e in DELIVERED_EVENTS]),
        frameworks=t.strings("frameworks"),
        played_by=t.text("played_by"),
        message=t.text("message"),
        response=t.text("response"),
        respond_within_minutes=t.integer("respond_within_minutes", None, minimum=1),
        provenance=provenance(t, keys),
    )


def _check_placeholders(t: Table, key: str) -> None:
    text = t.data.get(key)
    if not isinstance(text, str):
        return
    try:
        names = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError as error:
        t.problem(key, f"not a valid message template ({error})", text)
        return
    for field in sorted(names - PLACEHOLDERS):
        t.problem(key, "unknown placeholder", field, sorted(PLACEHOLDERS))
