"""Computing the performance measures of an Annex A on its extract date, with targets and RAG.

Each measure's rows, conditions and limits come from rule data
(:mod:`inspection_sim.annex_a.measure_rules`). Working days are counted on the council's
working-day calendar with the library's convention: ``working_days_between(a, b)`` counts the
working days in ``(a, b]``, day 0 being the first event.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from os import PathLike
from typing import Any

from inspection_sim.annex_a.check import CheckResult, check_annex_a
from inspection_sim.annex_a.measure_rules import ON, Condition, Measure, load_measures
from inspection_sim.annex_a.reader import AnnexA
from inspection_sim.annex_a.targets import Targets, rag
from inspection_sim.annex_a.values import ParsedSheet
from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import UnknownNameError, named
from inspection_sim.rules.base import Unit
from inspection_sim.rules.order import shift

__all__ = ["TREND_MONTHS", "Kpi", "KpiResult", "compute_kpis", "evaluate", "month_starts"]

#: Months in a measure's trend, the extract date's month last.
TREND_MONTHS = 6
_EARLIEST = date(1950, 1, 1)
_LATEST = date(2100, 12, 31)


@dataclass(frozen=True)
class Kpi:
    """One measure's result. ``value`` is numerator / denominator (None when the denominator is
    0, and for counts); ``trend`` is ``(month, value)`` for the six months to the extract date
    (None where the data does not reach back); ``missed`` are the ids of the children behind the
    shortfall (not in the numerator; in it, when lower is better)."""

    measure: Measure
    numerator: int
    denominator: int | None
    value: float | None
    min_target: float | None
    upper_target: float | None
    rag: str | None
    trend: tuple[tuple[date, float | None], ...] | None
    missed: tuple[str, ...]

    @property
    def act_on(self) -> tuple[str, ...]:
        """The children to act on: those behind a red measure."""
        return self.missed if self.rag == "red" else ()

    def to_dict(self) -> dict[str, Any]:
        m = self.measure
        return {
            "id": m.id,
            "ref": m.ref,
            "name": m.name,
            "list": m.list,
            "unit": m.unit,
            "kind": m.kind,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
            "min_target": self.min_target,
            "upper_target": self.upper_target,
            "higher_is_better": m.higher_is_better,
            "rag": self.rag,
            "timescale": m.timescale,
            "trend": None
            if self.trend is None
            else [{"month": month.strftime("%Y-%m"), "value": v} for month, v in self.trend],
            "act_on": list(self.act_on),
        }


@dataclass(frozen=True)
class KpiResult:
    """The measures of one Annex A on ``on``, and the check that read it."""

    on: date
    kpis: tuple[Kpi, ...]
    check: CheckResult

    @property
    def problems(self) -> int:
        return len(self.check.problems)

    def kpi(self, name: str) -> Kpi:
        return named({k.measure.id: k for k in self.kpis}, name, "unknown measure", key="measure")

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "source": self.check.annex_a.source,
            "kpis": [item.to_dict() for item in self.kpis],
            "problems": self.problems,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def rag_counts(self) -> dict[str, int]:
        return {r: sum(k.rag == r for k in self.kpis) for r in ("green", "amber", "red")}


def compute_kpis(
    source: AnnexA | CheckResult | str | PathLike[str],
    on: date,
    *,
    targets: Targets | None = None,
    calendar: WorkingCalendar | None = None,
    measures: Sequence[str] | None = None,
) -> KpiResult:
    """Compute the measures of an Annex A (a path, an :class:`AnnexA` or a check) on ``on``.

    ``targets`` (measure id -> (minimum, upper)) replace the defaults, e.g. a scenario's
    ``[kpis]`` (:func:`~inspection_sim.annex_a.targets.kpi_targets`); ``calendar`` is the
    council's working-day calendar (default: England and Wales, Mon-Fri); ``measures`` picks
    measures by id (default: all).
    """
    result = source if isinstance(source, CheckResult) else check_annex_a(source, on)
    if result.on != on:
        result = check_annex_a(result.annex_a, on)
    chosen = _chosen(measures)
    base = calendar or WorkingCalendar()
    cal = _covering(base, result.parsed, chosen, on)
    kpis = tuple(
        _kpi(m, result.parsed.get(m.list), on, cal, (targets or {}).get(m.id)) for m in chosen
    )
    return KpiResult(on, kpis, result)


def _chosen(names: Sequence[str] | None) -> list[Measure]:
    every = load_measures()
    if names is None:
        return list(every.values())
    for name in names:
        if name not in every:
            raise UnknownNameError(
                "unknown measure", key="measure", value=name, choices=tuple(every)
            )
    return [every[name] for name in names]


def _kpi(
    m: Measure,
    parsed: ParsedSheet | None,
    on: date,
    cal: WorkingCalendar,
    override: tuple[float, float] | None,
) -> Kpi:
    low, high = override if override is not None else (m.min_target, m.upper_target)
    rows = len(parsed.sheet) if parsed is not None else 0
    population = evaluate(m.population, parsed, on, cal, rows)
    if m.is_count:
        count = sum(population)
        return Kpi(m, count, None, None, None, None, None, None, ())
    hits = evaluate(m.numerator, parsed, on, cal, rows)
    numerator = sum(p and h for p, h in zip(population, hits, strict=True))
    denominator = sum(population)
    value = numerator / denominator if denominator else None
    rating = rag(value, low, high, m.higher_is_better)
    missed = _missed(m, parsed, population, hits)
    trend = _trend(m, parsed, population, hits, on)
    return Kpi(m, numerator, denominator, value, low, high, rating, trend, missed)


def _missed(
    m: Measure, parsed: ParsedSheet | None, population: list[bool], hits: list[bool]
) -> tuple[str, ...]:
    if parsed is None:
        return ()
    ids = parsed.values.get(parsed.sheet.spec.id_column, [])
    wanted = not m.higher_is_better
    found = {
        str(ids[i])
        for i, (p, h) in enumerate(zip(population, hits, strict=True))
        if p and h == wanted and i < len(ids) and ids[i] is not None
    }
    return tuple(sorted(found))


def month_starts(on: date, months: int = TREND_MONTHS) -> list[date]:
    """First days of the ``months`` months up to and including ``on``'s month, oldest first."""
    starts = []
    year, month = on.year, on.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def _trend(
    m: Measure,
    parsed: ParsedSheet | None,
    population: list[bool],
    hits: list[bool],
    on: date,
) -> tuple[tuple[date, float | None], ...] | None:
    if m.trend is None or parsed is None or m.trend not in parsed.values:
        return None
    days = parsed.dates(m.trend)
    known = [d for d in days if d is not None and d <= on]
    if not known:
        return None
    earliest = min(known)
    starts = month_starts(on)
    ends = [*starts[1:], on + timedelta(days=1)]
    out: list[tuple[date, float | None]] = []
    for first, after in zip(starts, ends, strict=True):
        if first < earliest.replace(day=1):
            out.append((first, None))
            continue
        total = good = 0
        for day, p, h in zip(days, population, hits, strict=True):
            if p and day is not None and first <= day < after:
                total += 1
                good += h
        out.append((first, good / total if total else None))
    return tuple(out)


def evaluate(
    conditions: Sequence[Condition],
    parsed: ParsedSheet | None,
    on: date,
    cal: WorkingCalendar,
    rows: int,
) -> list[bool]:
    """Per row, whether every condition holds (a missing list or column holds for no row)."""
    result = [True] * rows
    for condition in conditions:
        if parsed is None:
            return [False] * rows
        flags = _condition(condition, parsed, on, cal, rows)
        result = [a and b for a, b in zip(result, flags, strict=True)]
    return result


def _column(parsed: ParsedSheet, name: str, on: date, rows: int) -> list[Any]:
    if name == ON:
        return [on] * rows
    return parsed.values.get(name, [None] * rows)


def _condition(
    c: Condition, parsed: ParsedSheet, on: date, cal: WorkingCalendar, rows: int
) -> list[bool]:
    if c.kind == "present":
        return [v is not None for v in _column(parsed, c.columns[0], on, rows)]
    if c.kind == "codes":
        return [v in c.codes for v in _column(parsed, c.columns[0], on, rows)]
    first = _column(parsed, c.columns[0], on, rows)
    second = _column(parsed, c.columns[1], on, rows)
    if c.kind == "open":
        return [
            s is not None and s <= on and (e is None or e > on)
            for s, e in zip(first, second, strict=True)
        ]
    if c.kind == "review":
        assert c.first is not None
        assert c.then is not None
        return [
            _review_in_time(s, latest, c, cal, on) for s, latest in zip(first, second, strict=True)
        ]
    within = [
        a is not None and b is not None and _within(a, b, c.limit, c.unit, cal)
        for a, b in zip(first, second, strict=True)
    ]
    if c.kind == "within":
        return within
    return [not w for w in within]


def _within(a: date, b: date, limit: int, unit: Unit, cal: WorkingCalendar) -> bool:
    if unit is Unit.WORKING_DAYS:
        if not (cal.start <= a <= cal.end and cal.start <= b <= cal.end):
            return False
        return cal.working_days_between(a, b) <= limit
    if unit is Unit.CALENDAR_DAYS:
        return (b - a).days <= limit
    if unit is Unit.WEEKS:
        return (b - a).days <= 7 * limit
    return b <= _shift(a, limit, unit, cal)


def _review_in_time(
    start: date | None, latest: date | None, c: Condition, cal: WorkingCalendar, on: date
) -> bool:
    if start is None:
        return False
    value, unit = c.then if latest is not None else c.first  # type: ignore[misc]
    due = _shift(latest if latest is not None else start, value, unit, cal)
    return due >= on


def _shift(day: date, value: int, unit: Unit, cal: WorkingCalendar) -> date:
    if unit is Unit.WORKING_DAYS and not cal.start <= day <= cal.end:
        return day  # outside any calendar we can build: treat the limit as already reached
    try:
        return shift(day, value, unit, cal)
    except (OverflowError, ValueError):
        return day


def _covering(
    base: WorkingCalendar, parsed: Mapping[str, ParsedSheet], chosen: Sequence[Measure], on: date
) -> WorkingCalendar:
    """``base``, widened when a working-day count reaches outside its range (long-ago dates)."""
    low, high = min(on, base.start), max(on, base.end)
    for m in chosen:
        sheet = parsed.get(m.list)
        if sheet is None:
            continue
        for c in (*m.population, *m.numerator):
            if c.unit is not Unit.WORKING_DAYS and not (
                c.kind == "review" and Unit.WORKING_DAYS in (c.first or (0, None))
            ):
                continue
            for name in c.columns:
                days = [d for d in sheet.dates(name) if d is not None] if name != ON else []
                if days:
                    low, high = min(low, min(days)), max(high, max(days))
    low = max(low - timedelta(days=7), _EARLIEST)
    high = min(high + timedelta(days=400), _LATEST)
    if low >= base.start and high <= base.end:
        return base
    return _wider(base.region, low, high, base.closures, base.weekmask)


@lru_cache(maxsize=8)
def _wider(
    region: str, start: date, end: date, closures: frozenset[date], weekmask: str
) -> WorkingCalendar:
    return WorkingCalendar(region, start, end, closures, weekmask)
