"""What a simulation assumed, in plain words for a planner (the summary, the JSON, the report).

Everything is read from the model itself (its duration distributions and random events), so the
words always say what was drawn. A model built from a scenario also says where the figures come
from: the spreads, event lengths and window cover are planning assumptions marked UNVERIFIED in
``rules/data/assumptions.toml``; the rates are the scenario's.
"""

from __future__ import annotations

from collections import defaultdict

from inspection_sim.plan.network import DurationSpec, TaskSpec
from inspection_sim.simulation.model import SimModel
from inspection_sim.simulation.windows import staff_needed, window_deadlines

__all__ = ["COMMITMENT_WORDS", "assumption_lines", "spec_words"]

#: Whom a deadline is owed to, in the words of a summary.
COMMITMENT_WORDS = {
    "inspectors": "the inspectors",
    "framework": "the framework",
    "council": "the council",
}


def spec_words(spec: DurationSpec) -> str:
    """A distribution in working days.

    >>> spec_words(DurationSpec("triangular", (0.25, 0.5, 2.0)))
    '0.25 to 2 (most likely 0.5)'
    >>> spec_words(DurationSpec("lognormal", (3.0, 0.4)))
    'about 3 (log-normal, sigma 0.4)'
    """
    p = spec.params
    if spec.kind == "fixed" or (spec.kind in ("triangular", "pert") and p[0] == p[2]):
        return f"{p[0]:g}"
    if spec.kind == "lognormal":
        return f"about {p[0]:g} (log-normal, sigma {p[1]:g})"
    return f"{p[0]:g} to {p[2]:g} (most likely {p[1]:g})"


def _names(tasks: list[TaskSpec]) -> str:
    """Tasks by their plain names (a planner reads these, never the ids)."""
    return ", ".join(f"“{t.name or t.id}”" for t in tasks)


def _percent(ratio: float) -> str:
    return f"{abs(ratio - 1):.0%}"


def _duration_lines(model: SimModel) -> list[str]:
    groups: dict[str, list[str]] = defaultdict(list)
    for task, spec in zip(model.network.order, model.durations, strict=True):
        p = spec.params
        if spec.kind == "lognormal":
            groups[f"log-normal around the planned length, sigma {p[1]:g}"].append(task)
        elif spec.kind != "fixed" and p[0] != p[2] and p[1] > 0:
            low, high = p[0] / p[1], p[2] / p[1]
            shape = "triangular" if spec.kind == "triangular" else "PERT"
            groups[
                f"{shape}, from {_percent(low)} shorter to {_percent(high)} longer than planned"
            ].append(task)
        elif spec.kind != "fixed" and p[0] != p[2]:
            groups[f"{spec.kind} {spec_words(spec)} working days"].append(task)
    if not groups:
        return ["How long tasks take: as planned (no spread)."]
    return [
        f"How long tasks take: {words} ({len(tasks)} task{'s' if len(tasks) > 1 else ''})."
        for words, tasks in groups.items()
    ]


def _window_lines(model: SimModel) -> list[str]:
    rows = window_deadlines(model)
    if not rows:
        return []
    tasks = [model.network.tasks[i] for i in rows]
    windows = sorted({t.window or "" for t in tasks})
    need = staff_needed()
    return [
        f"Tasks bound to the {' and '.join(windows)} ({_names(tasks)}) keep "
        f"its dates and draw no duration: each is missed only when staff absences leave "
        + (f"fewer than {need} of its team present." if need > 1 else "none of its team present.")
    ]


def _event_lines(model: SimModel) -> list[str]:
    events = model.uncertainty
    lines = []
    for r in events.information_requests:
        days = r.window[1] - r.window[0]
        lines.append(
            f"Extra information requests: {r.rate_per_day:g} a working day over {days:g} working "
            f"days of fieldwork ({r.rate_per_day * days:.1f} expected), each {spec_words(r.effort)}"
            f" working days' work for {model.team_name(r.team)}, due by the end of fieldwork."
        )
    by_effect: dict[tuple[float, str], list[str]] = defaultdict(list)
    for a in events.absences:
        size = model.capacities.get(a.team)
        rate = a.rate_per_day / size if size else a.rate_per_day
        by_effect[(rate, spec_words(a.length))].append(a.team)
    for (rate, length), teams in by_effect.items():
        sized = all(model.capacities.get(t) for t in teams)
        per = "a person a working day" if sized else "a working day"
        named = "; ".join(model.team_name(t) for t in teams)
        lines.append(f"Staff absence: {rate:g} {per} in {named}, each {length} working days away.")
    late: dict[tuple[float, str], list[TaskSpec]] = defaultdict(list)
    net = model.network
    for d in events.late_data:
        late[(d.probability, spec_words(d.delay))].append(net.tasks[net.position[d.task]])
    for (probability, delay), tasks in late.items():
        lines.append(
            f"Late data: a {probability:.0%} chance for each of {_names(tasks)}, "
            f"{delay} working days late."
        )
    if events.deferral is not None:
        lines.append(
            f"Deferral: a {events.deferral.probability:.0%} chance, moving every date "
            f"{events.deferral.working_days} working days."
        )
    if model.candidates:
        lines.append(f"Notification date: drawn among {len(model.candidates)} dates.")
    return lines


def assumption_lines(model: SimModel) -> list[str]:
    """What ``model`` draws, one sentence a line (see the module docstring)."""
    lines = _duration_lines(model) + _window_lines(model) + _event_lines(model)
    if not model.uncertainty:
        lines.append("No random events.")
    if model.from_assumptions:
        lines.append(
            "The spreads, the events' lengths and the window cover are planning assumptions, "
            "UNVERIFIED (rules/data/assumptions.toml); the event rates are the scenario's."
        )
    return lines
