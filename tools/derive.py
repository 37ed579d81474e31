"""Derive the forecast's calibration figures from the published-inspections CSV (source S13).

The CSV (``ilacs_inspections.csv``: one row per published ILACS report) stays outside the
repository; this module turns it into the figures shipped in
``inspection_sim/forecasting/data/calibration.toml``, and a test recomputes them to catch drift.
Regenerate from the repository root with::

    python -m tools.derive ../shared/data/ilacs_inspections.csv > \\
        inspection_sim/forecasting/data/calibration.toml
"""

from __future__ import annotations

import csv
import itertools
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from dateutil.relativedelta import relativedelta

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import InspectionSimError, RuleFileError
from inspection_sim.forecasting.calibration import DAYS_PER_MONTH, PERIODS, period_of
from inspection_sim.forecasting.cycle_rules import CycleRules, cycle_rules
from inspection_sim.forecasting.history import JUDGEMENTS
from tools.queue_fit import Observation, fit_queue

__all__ = [
    "GRID",
    "Inspection",
    "Pair",
    "derive_figures",
    "observations",
    "pairs",
    "queue_figures",
    "read_inspections",
    "render_toml",
]

#: Quantile levels (percent) at which distributions are shipped.
GRID = (0, 5, 10, 25, 50, 75, 90, 95, 100)
#: Anniversaries are measured in months from this date (keeps the fitted levels readable).
REFERENCE = date(2023, 1, 1)

SOURCE = {
    "name": "S13: analysis of ilacs_inspections.csv",
    "dataset": "S12: GitHub JT-39/ofsted-ilacs-scrape-tool, file ofsted_csc_ilacs_history.csv",
    "snapshot_commit": "54af59b",
    "snapshot_date": "2026-08-22",
    "subset": "short and standard inspections with parsed dates, started before 2024-07-01",
    "started_before": "2024-07-01",
}


@dataclass(frozen=True)
class Inspection:
    """A short or standard inspection with parsed dates."""

    council: str
    type: str
    start: date
    end: date
    published: date
    judgement: str | None


@dataclass(frozen=True)
class Pair:
    """Two consecutive inspections of one council."""

    first: Inspection
    second: Inspection


def _day(text: str, fmt: str) -> date:
    return datetime.strptime(text.strip(), fmt).date()


def _published(text: str) -> date:
    for fmt in ("%d/%m/%y", "%d/%m/%Y"):
        try:
            return _day(text, fmt)
        except ValueError:
            continue
    raise ValueError(text)


def read_inspections(path: Path) -> list[Inspection]:
    """The short and standard inspections in the CSV, by council then start date.

    Raises:
        RuleFileError: when the file is missing or a needed column is absent.
    """
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as error:
        raise RuleFileError(f"cannot read the file: {error.strerror}", source=str(path)) from None
    found: list[Inspection] = []
    with handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                kind = row["inspection_framework"].strip()
                if kind not in ("short", "standard"):
                    continue
                grade = row["overall_effectiveness_grade"].strip().replace(" ", "-")
                found.append(
                    Inspection(
                        council=row["local_authority"].strip(),
                        type=kind,
                        start=_day(row["inspection_start_date"], "%d/%m/%Y"),
                        end=_day(row["inspection_end_date"], "%d/%m/%Y"),
                        published=_published(row["publication_date"]),
                        judgement=grade if grade in JUDGEMENTS else None,
                    )
                )
            except KeyError as error:
                raise RuleFileError("missing column", source=str(path), key=str(error)) from None
            except ValueError as error:
                raise RuleFileError(
                    "unparsable date", source=str(path), key=f"line {number}", value=str(error)
                ) from None
    return sorted(found, key=lambda i: (i.council, i.start))


def pairs(inspections: Sequence[Inspection]) -> list[Pair]:
    """Consecutive inspections of the same council whose first judgement is known."""
    found = []
    for first, second in itertools.pairwise(inspections):
        if first.council == second.council and first.judgement is not None:
            found.append(Pair(first, second))
    return found


def offset_months(pair: Pair, rules: CycleRules) -> float:
    """Months from the (pause-adjusted) anniversary of the first start to the second start."""
    return (pair.second.start - rules.anniversary(pair.first.start)).days / DAYS_PER_MONTH


def _anniversary_months(first: Inspection, rules: CycleRules) -> float:
    return (rules.anniversary(first.start).toordinal() - REFERENCE.toordinal()) / DAYS_PER_MONTH


def _pause_moved(first: Inspection, rules: CycleRules) -> bool:
    return rules.anniversary(first.start) != rules.anniversary(first.start, 0) + relativedelta(
        months=rules.anniversary_months
    )


def observations(
    inspections: Sequence[Inspection], rules: CycleRules, censored_at: date
) -> list[tuple[str, Observation]]:
    """(council, observation) for the queue fit: councils whose anniversary a pause moved.

    A pair is an event; a council whose latest inspection is such a one is right-censored at
    ``censored_at`` (its next inspection started on or after it, outside the data).
    """
    found = []
    for pair in pairs(inspections):
        if _pause_moved(pair.first, rules):
            found.append(
                (
                    pair.first.council,
                    Observation(
                        _anniversary_months(pair.first, rules),
                        str(pair.first.judgement),
                        offset_months(pair, rules),
                        event=True,
                    ),
                )
            )
    latest = {item.council: item for item in inspections}
    for item in latest.values():
        if item.judgement is not None and _pause_moved(item, rules):
            bound = (censored_at - rules.anniversary(item.start)).days / DAYS_PER_MONTH
            observation = Observation(
                _anniversary_months(item, rules), item.judgement, bound, event=False
            )
            found.append((item.council, observation))
    return found


def queue_figures(
    inspections: Sequence[Inspection], rules: CycleRules, censored_at: date
) -> dict[str, Any]:
    """The queue model's figures (the ``queue`` table), fitted by :func:`.queue_fit.fit_queue`."""
    fit = fit_queue([o for _, o in observations(inspections, rules, censored_at)], JUDGEMENTS)
    return {
        "method": "censored normal regression (Tobit, EM), right-censored at the cut-off",
        "reference": REFERENCE.isoformat(),
        "censored_at": censored_at.isoformat(),
        "pairs": fit.events,
        "censored": fit.censored,
        "slope": round(fit.slope, 4),
        "sigma": round(fit.sigma, 3),
        "anniversary_from": round(fit.anniversaries[0], 2),
        "anniversary_to": round(fit.anniversaries[1], 2),
        "level": {j: round(fit.levels[j], 2) for j in JUDGEMENTS},
    }


def quantiles(values: Iterable[float], digits: int) -> list[float]:
    """Values at the :data:`GRID` levels (linear interpolation), rounded."""
    array = np.asarray(list(values), dtype=float)
    return [round(float(q), digits) for q in np.percentile(array, GRID)]


def _md(day: date) -> str:
    return f"{day.month:02d}-{day.day:02d}"


def _no_fieldwork(inspections: Sequence[Inspection]) -> dict[str, dict[str, Any]]:
    def key(d: date) -> tuple[int, int]:
        return (d.month, d.day)

    summer_end = max((i.end for i in inspections if i.end.month in (7, 8)), key=key)
    summer_start = min((i.start for i in inspections if i.start.month in (8, 9)), key=key)
    winter_end = max((i.end for i in inspections if i.end.month == 12), key=key)
    winter_start = min((i.start for i in inspections if i.start.month == 1), key=key)
    return {
        "summer": {
            "from": _md(summer_end + timedelta(days=1)),
            "to": _md(summer_start - timedelta(days=1)),
            "latest_end_before": _md(summer_end),
            "earliest_start_after": _md(summer_start),
        },
        "christmas": {
            "from": _md(winter_end + timedelta(days=1)),
            "to": _md(winter_start - timedelta(days=1)),
            "latest_end_before": _md(winter_end),
            "earliest_start_after": _md(winter_start),
        },
    }


def derive_figures(
    inspections: Sequence[Inspection],
    rules: CycleRules | None = None,
    calendar: WorkingCalendar | None = None,
) -> dict[str, Any]:
    """Every calibration figure, as the nested dict that ``calibration.toml`` holds."""
    rules = rules or cycle_rules()
    cal = calendar or WorkingCalendar()
    blackout = _no_fieldwork(inspections)
    blackout["bank_holidays"] = {
        "onsite_periods_with_bank_holiday": sum(
            bool(cal.holidays_in(i.start, i.end)) for i in inspections
        ),
        "onsite_periods": len(inspections),
    }
    lags: dict[str, list[int]] = defaultdict(list)
    for item in inspections:
        lags[period_of(item.start)].append(cal.working_days_between(item.end, item.published))
    publication = {
        period: {"n": len(lags[period]), "working_days": quantiles(lags[period], 1)}
        for period in PERIODS
    }
    censored_at = date.fromisoformat(SOURCE["started_before"])
    queue = queue_figures(inspections, rules, censored_at)
    return {
        "source": dict(SOURCE, rows_used=len(inspections)),
        "grid": list(GRID),
        "no_fieldwork": blackout,
        "publication": publication,
        "queue": queue,
    }


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(value)


def render_toml(figures: dict[str, Any]) -> str:
    """The figures as TOML text (a header, then one table per nested dict)."""
    lines = [
        "# Calibration figures for the forecast, derived from ilacs_inspections.csv (source S13).",
        "# Generated by `python -m tools.derive CSV` (in the repository); do not edit by hand:",
        "# tests/forecast recompute them from the CSV and fail when they drift.",
        "# Queue: the next start is queue.level[judgement] + queue.slope * A months after the",
        "# pause-adjusted anniversary (the ILACS cycle rules), A its months from queue.reference clamped to",
        "# the fitted range, plus a normal residual of sd queue.sigma months. Publication lags are",
        "# working days (England and Wales) after the last on-site day, quantiles at `grid`.",
        "",
    ]

    def emit(prefix: str, table: dict[str, Any]) -> None:
        scalars = {k: v for k, v in table.items() if not isinstance(v, dict)}
        if prefix and scalars:
            lines.append(f"[{prefix}]")
        lines.extend(f"{k} = {_toml_value(v)}" for k, v in scalars.items())
        if scalars:
            lines.append("")
        for key, value in table.items():
            if isinstance(value, dict):
                quoted = key if key.replace("-", "").replace("_", "").isalnum() else f'"{key}"'
                emit(f"{prefix}.{quoted}" if prefix else quoted, value)

    emit("", figures)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the calibration TOML for the CSV named on the command line."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m tools.derive ILACS_CSV", file=sys.stderr)
        return 2
    try:
        inspections = read_inspections(Path(args[0]))
    except InspectionSimError as error:
        print(f"derive: error: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(render_toml(derive_figures(inspections)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
