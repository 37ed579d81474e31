"""Targets and RAG ratings on the "corporate minimum/upper model" of seed 001's table.

Higher is better: green at or above the upper target, amber at or above the minimum, red below.
Lower is better (the upper target is then the smaller number): green at or below the upper
target, amber at or below the minimum, red above. No value or no targets: no rating.

A scenario's ``[kpis]`` table replaces the default targets, one table per measure::

    [kpis.cp-visited-within-10-working-days]
    min = 0.90
    upper = 0.95
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from inspection_sim.annex_a.measure_rules import Measure, load_measures
from inspection_sim.errors import Problem, ScenarioError, closest

__all__ = ["RAG_VALUES", "Targets", "kpi_targets", "rag"]

RAG_VALUES = ("green", "amber", "red")
Targets = Mapping[str, tuple[float, float]]


def rag(
    value: float | None, minimum: float | None, upper: float | None, higher_is_better: bool = True
) -> str | None:
    """The RAG rating of ``value`` against its targets, or None when it cannot be rated."""
    if value is None or minimum is None or upper is None:
        return None
    if higher_is_better:
        if value >= upper:
            return "green"
        return "amber" if value >= minimum else "red"
    if value <= upper:
        return "green"
    return "amber" if value <= minimum else "red"


def kpi_targets(table: Any, *, source: str = "<scenario>") -> dict[str, tuple[float, float]]:
    """Validate a scenario's parsed ``[kpis]`` table: measure id -> (minimum, upper).

    Raises:
        ScenarioError: every problem at once (unknown measure or key, a target that is not a
            fraction between 0 and 1, targets in the wrong order for the measure's direction).
    """
    measures = load_measures()
    problems: list[Problem] = []
    found: dict[str, tuple[float, float]] = {}
    if not isinstance(table, Mapping):
        raise ScenarioError("must be a table of measures", source=source, key="kpis", value=table)
    for name, entry in table.items():
        key = f"kpis.{name}"
        if name not in measures:
            problems.append(Problem("unknown measure", source, key, name, tuple(measures)))
            continue
        measure = measures[name]
        if measure.is_count:
            problems.append(Problem("a count has no targets", source, key, name))
            continue
        if not isinstance(entry, Mapping):
            problems.append(Problem("must be a table with min and upper", source, key, entry))
            continue
        values = _pair(entry, key, source, problems)
        if values is not None and _ordered(measure, values, key, source, problems):
            found[name] = values
    if problems:
        raise ScenarioError(problems=problems)
    return found


def _pair(
    entry: Mapping[str, Any], key: str, source: str, problems: list[Problem]
) -> tuple[float, float] | None:
    values: list[float] = []
    for field in entry:
        if field not in ("min", "upper"):
            hint = closest(field, ("min", "upper"))
            message = "unknown key" + (f"; did you mean {hint!r}?" if hint else "")
            problems.append(Problem(message, source, f"{key}.{field}", field, ("min", "upper")))
    for field in ("min", "upper"):
        value = entry.get(field)
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if value is None:
            problems.append(Problem("missing target", source, f"{key}.{field}"))
        elif not number or not 0 <= value <= 1:
            problems.append(
                Problem("must be a fraction between 0 and 1", source, f"{key}.{field}", value)
            )
        else:
            values.append(float(value))
    return (values[0], values[1]) if len(values) == 2 else None


def _ordered(
    measure: Measure, values: tuple[float, float], key: str, source: str, problems: list[Problem]
) -> bool:
    low, high = values
    if measure.higher_is_better and low > high:
        problems.append(
            Problem("min is above upper; higher is better for this measure", source, key, values)
        )
        return False
    if not measure.higher_is_better and low < high:
        problems.append(
            Problem(
                "min is below upper; lower is better for this measure, so the upper target is "
                "the smaller",
                source,
                key,
                values,
            )
        )
        return False
    return True
