"""Surprises for a trial run: the simulation's week, told by an exercise controller.

:func:`draw_injects` builds the timeline's simulation model, chooses one week at the level asked
for (:mod:`inspection_sim.simulation.controller`) and turns each absence and information request
that happens during the days on site into an :class:`Inject`: a moment in the rehearsal's days on
site (the simulation's fraction of a working day read as a time in working hours), the team that
receives it, who plays the inspector, the message to deliver, what a good response is and by when,
and what the simulated team did. The words are rule data (``rules/data/rehearsal/injects.toml``);
the same seed gives the same injects.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import SimulationError
from inspection_sim.plan.timeline import Timeline
from inspection_sim.rehearsal.build import team_display
from inspection_sim.rehearsal.inject_rules import (
    DELIVERED_EVENTS,
    InjectRules,
    InjectTemplate,
    Level,
    inject_rules,
)
from inspection_sim.rehearsal.phrases import clock_text, count, day_text
from inspection_sim.rehearsal.shift import Shift
from inspection_sim.simulation.controller import (
    ABSENCE,
    Delivery,
    exercise_model,
    exercise_week,
)
from inspection_sim.timeofday import local_moment

__all__ = ["Exercise", "Inject", "InjectSettings", "draw_injects"]


@dataclass(frozen=True)
class InjectSettings:
    """What a trial run's injects are drawn from.

    Args:
        level: ``typical`` or ``hard`` (the levels of the inject rules).
        seed: the seed of the draws: the same seed gives the same injects.
        capacities: staff per team id.
        rates: the scenario's random-event rates; empty: the inject rules' default rates.
        duration: how council tasks' durations spread (``fixed``, ``triangular``...).
        spread: how far they spread.
    """

    level: str
    seed: int
    capacities: Mapping[str, int] = field(default_factory=dict)
    rates: Mapping[str, float] = field(default_factory=dict)
    duration: str = "fixed"
    spread: float = 0.0


@dataclass(frozen=True)
class Inject:
    """One inject of the exercise controller's list (times in Europe/London)."""

    number: int
    kind: str
    kind_name: str
    template: str
    team: str
    contact: str
    played_by: str
    message: str
    response: str
    at: datetime
    respond_by: datetime
    simulated: str
    reference: str


@dataclass(frozen=True)
class Exercise:
    """The controller's plan: the injects of the week chosen, with how it was chosen."""

    level: Level
    seed: int
    injects: tuple[Inject, ...]
    replication: int
    load: float
    rates_from: str
    briefing: datetime
    debrief: datetime
    minutes: int
    briefing_minutes: int
    debrief_minutes: int

    def summary(self) -> str:
        """One line for people."""
        noun = "inject" if len(self.injects) == 1 else "injects"
        return (
            f"exercise control: {len(self.injects)} {noun}, {self.level.description} "
            f"(seed {self.seed}; event rates from {self.rates_from})"
        )


def draw_injects(
    timeline: Timeline,
    shift: Shift,
    settings: InjectSettings,
    *,
    team_names: Mapping[str, str],
    contacts: Mapping[str, Sequence[str]],
    rules: InjectRules | None = None,
) -> Exercise:
    """The injects of one simulated week of ``timeline``, on the rehearsal's days (``shift``).

    Raises:
        UnknownNameError: an unknown level (the valid ones named).
        SimulationError: a negative seed, or rates the simulation refuses.
    """
    rules = rules or inject_rules()
    level = rules.level(settings.level)
    if isinstance(settings.seed, bool) or settings.seed < 0:
        raise SimulationError(
            "a seed must be a non-negative whole number", key="--seed", value=settings.seed
        )
    rates = {k: v for k, v in settings.rates.items() if v}
    rates_from = "the scenario"
    if not any(rates.get(event) for event in DELIVERED_EVENTS):
        rates = {**rates, **rules.default_rates}
        rates_from = "the planning assumptions, as the scenario gives none"
    model = exercise_model(
        timeline,
        capacities=settings.capacities,
        rates=rates,
        duration=settings.duration,
        spread=settings.spread,
    )
    calendar = timeline.calendar
    window = (
        float(calendar.index_of(timeline.fieldwork.start)),
        float(calendar.index_of(timeline.fieldwork.end) + 1),
    )
    week = exercise_week(
        model,
        seed=settings.seed,
        percentile=level.percentile,
        replications=rules.exercise.replications,
        window=window,
    )
    clock = _Clock(shift, calendar.index_of(timeline.notification.date()), rules)
    shortest = rules.exercise.shortest_absence
    happening = sorted(
        (d for d in week.deliveries if _during(d, window, shortest)),
        key=lambda d: (max(d.at, window[0]), d.kind, d.team),
    )
    words = _Words(rules, team_names, contacts, timeline.framework, settings, level)
    injects = tuple(
        words.inject(n, delivery, window, clock, len(happening))
        for n, delivery in enumerate(happening, start=1)
    )
    first, last = clock.first_day_on_site(window), clock.last_day_on_site(window)
    exercise = rules.exercise
    return Exercise(
        level=level,
        seed=settings.seed,
        injects=injects,
        replication=week.replication,
        load=week.load,
        rates_from=rates_from,
        briefing=local_moment(first, exercise.briefing),
        debrief=local_moment(last, exercise.debrief),
        minutes=exercise.minutes,
        briefing_minutes=exercise.briefing_minutes,
        debrief_minutes=exercise.debrief_minutes,
    )


def _during(delivery: Delivery, window: tuple[float, float], shortest: float) -> bool:
    """A request that arrives on a day on site; an absence that begins on one, or began before
    them with at least ``shortest`` working days of it left."""
    if delivery.kind == ABSENCE:
        left = delivery.at + delivery.length - window[0]
        return delivery.at < window[1] and (delivery.at >= window[0] or left >= shortest)
    return window[0] <= delivery.at < window[1]


@dataclass(frozen=True)
class _Clock:
    """Simulation times (fractional working days) as moments of the rehearsal's working hours."""

    shift: Shift
    base: int  # the call's working-day index on the timeline's calendar
    rules: InjectRules

    @property
    def calendar(self) -> WorkingCalendar:
        return self.shift.calendar

    def _minutes(self) -> tuple[int, int]:
        exercise = self.rules.exercise
        start = exercise.day_start.hour * 60 + exercise.day_start.minute
        end = exercise.day_end.hour * 60 + exercise.day_end.minute
        return start, end

    def delivery(self, t: float) -> datetime:
        """When to deliver at simulation time ``t``: rounded down to a slot that ends in hours."""
        day = math.floor(t)
        start, end = self._minutes()
        step = self.rules.exercise.round_minutes
        minute = start + math.floor((t - day) * (end - start) / step) * step
        minute = min(minute, end - self.rules.exercise.minutes)
        return self._moment(day, minute)

    def deadline(self, t: float) -> datetime:
        """The end of work finished at simulation time ``t``, rounded up; a finish at the very
        start of a day is the end of the working day before."""
        day = math.ceil(t) - 1
        start, end = self._minutes()
        step = self.rules.exercise.round_minutes
        minute = start + math.ceil((t - day) * (end - start) / step) * step
        return self._moment(day, min(minute, end))

    def _moment(self, day: int, minute: int) -> datetime:
        date_ = self.shift.day(day - self.base)
        return local_moment(date_, time(minute // 60, minute % 60))

    def first_day_on_site(self, window: tuple[float, float]) -> date:
        return self.shift.day(math.floor(window[0]) - self.base)

    def last_day_on_site(self, window: tuple[float, float]) -> date:
        return self.shift.day(math.ceil(window[1]) - 1 - self.base)


@dataclass(frozen=True)
class _Words:
    rules: InjectRules
    team_names: Mapping[str, str]
    contacts: Mapping[str, Sequence[str]]
    framework: str
    settings: InjectSettings
    level: Level

    def inject(
        self, number: int, delivery: Delivery, window: tuple[float, float], clock: _Clock, of: int
    ) -> Inject:
        from inspection_sim.rules import load_assumptions

        template = self._template(number, delivery)
        at_time = max(delivery.at, window[0])
        at = clock.delivery(at_time)
        absent = delivery.kind == ABSENCE
        if absent and template.respond_within_minutes is not None:
            limit = local_moment(at.date(), self.rules.exercise.day_end)
            respond_by = min(at + timedelta(minutes=template.respond_within_minutes), limit)
        else:
            respond_by = max(clock.deadline(at_time + delivery.length), at)
        team = team_display(self.team_names, delivery.team)
        people = self.contacts.get(delivery.team, ())
        contact = people[0] if people else "the team's manager"
        remaining = delivery.at + delivery.length - at_time
        values = {
            "team": team,
            "contact": contact,
            "by": _by(at, respond_by),
            "days": count(max(1, math.ceil(remaining - 1e-9)), "working day"),
        }
        return Inject(
            number=number,
            kind=delivery.kind,
            kind_name=load_assumptions().event(delivery.kind).name,
            template=template.id,
            team=team,
            contact=contact,
            played_by=template.played_by,
            message=_sentence(template.message.format_map(values)),
            response=_sentence(template.response.format_map(values)),
            at=at,
            respond_by=respond_by,
            simulated=self._simulated(delivery, clock, team),
            reference=self._reference(template, delivery, of),
        )

    def _template(self, number: int, delivery: Delivery) -> InjectTemplate:
        choices = self.rules.templates_for(delivery.kind, self.framework)
        pick = random.Random(f"{self.settings.seed}:{self.level.id}:{number}:{delivery.kind}")
        return pick.choice(choices)

    def _simulated(self, delivery: Delivery, clock: _Clock, team: str) -> str:
        done = clock.deadline(delivery.finished)
        when = f"{clock_text(done.time())} on {day_text(done.date())}"
        if delivery.kind == ABSENCE:
            return f"In the simulated week they are away until {when}."
        return f"In the simulated week {team} finished this work at {when}."

    def _reference(self, template: InjectTemplate, delivery: Delivery, of: int) -> str:
        prov = template.provenance
        parts = [
            f"inject template {template.id}",
            f"event {delivery.kind}",
            f"level {self.level.id}",
            f"seed {self.settings.seed}",
            f"sources {' '.join(prov.source)}",
            f"confidence {prov.confidence.value}",
        ]
        if prov.unverified:
            parts.append(f"unverified {' '.join(prov.unverified)}")
        return " | ".join(parts)


def _by(at: datetime, due: datetime) -> str:
    """``"by 14:00 today"``, ``"by 10:00 tomorrow"``, ``"by 12:00 on Tuesday"``, ``"by 16:00 on Mon
    21 Jun 2027"``."""
    clock = clock_text(due.time())
    gap = (due.date() - at.date()).days
    if gap == 0:
        return f"by {clock} today"
    if gap == 1:
        return f"by {clock} tomorrow"
    if gap < 7:
        return f"by {clock} on {due:%A}"
    return f"by {clock} on {day_text(due.date())}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
