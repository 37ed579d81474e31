"""Derive the forecast's calibration figures from the published-inspections CSV (source S13).

The CSV (``ilacs_inspections.csv``: one row per published ILACS report) stays outside the
repository; this module turns it into the figures shipped in
``inspection_sim/forecasting/data/calibration.toml``, and a test recomputes them to catch drift.
Regenerate from the repository root with::

    python -m tools.derive ../shared/data/ilacs_inspections.csv > \\
        inspection_sim/forecasting/data/calibration.toml
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import InspectionSimError
from inspection_sim.forecasting.calibration import PERIODS, period_of
from inspection_sim.forecasting.cycle_rules import CycleRules, cycle_rules
from inspection_sim.forecasting.refit import (
    Pair,
    PublishedInspection,
    observations,
    pairs,
    queue_figures,
    read_inspections,
)
from inspection_sim.rules.order import publication_calendar

__all__ = [
    "GRID",
    "Pair",
    "PublishedInspection",
    "bank_holiday_periods",
    "derive_figures",
    "observations",
    "pairs",
    "queue_figures",
    "read_inspections",
    "render_toml",
    "seasons",
]

#: Quantile levels (percent) at which distributions are shipped.
GRID = (0, 5, 10, 25, 50, 75, 90, 95, 100)

SOURCE = {
    "name": "S13: analysis of ilacs_inspections.csv",
    "dataset": "S12: GitHub JT-39/ofsted-ilacs-scrape-tool, file ofsted_csc_ilacs_history.csv",
    "snapshot_commit": "54af59b",
    "snapshot_date": "2026-08-22",
    "subset": "short and standard inspections with parsed dates, started before 2024-07-01",
    "started_before": "2024-07-01",
}


def quantiles(values: Iterable[float], digits: int) -> list[float]:
    """Values at the :data:`GRID` levels (linear interpolation), rounded."""
    array = np.asarray(list(values), dtype=float)
    return [round(float(q), digits) for q in np.percentile(array, GRID)]


def _md(day: date) -> str:
    return f"{day.month:02d}-{day.day:02d}"


def _key(day: date) -> tuple[int, int]:
    return (day.month, day.day)


def seasons(inspections: Sequence[PublishedInspection]) -> dict[str, tuple[str, str]]:
    """The yearly periods the data shows (``MM-DD`` first and last day, inclusive): no on-site day
    in ``summer`` or over ``christmas``, no report published in ``christmas-publication``. The rule
    data holds these as blackouts (``rules/data/ilacs``); a test compares the two."""
    summer_end = max((i.end for i in inspections if i.end.month in (7, 8)), key=_key)
    summer_start = min((i.start for i in inspections if i.start.month in (8, 9)), key=_key)
    winter_end = max((i.end for i in inspections if i.end.month == 12), key=_key)
    winter_start = min((i.start for i in inspections if i.start.month == 1), key=_key)
    last_pub = max((i.published for i in inspections if i.published.month == 12), key=_key)
    first_pub = min((i.published for i in inspections if i.published.month == 1), key=_key)
    one = timedelta(days=1)
    return {
        "summer": (_md(summer_end + one), _md(summer_start - one)),
        "christmas": (_md(winter_end + one), _md(winter_start - one)),
        "christmas-publication": (_md(last_pub + one), _md(first_pub - one)),
    }


def bank_holiday_periods(
    inspections: Sequence[PublishedInspection], calendar: WorkingCalendar
) -> int:
    """On-site periods holding a bank holiday (0 in the data: the rules' bank-holiday weeks)."""
    return sum(bool(calendar.holidays_in(i.start, i.end)) for i in inspections)


def derive_figures(
    inspections: Sequence[PublishedInspection],
    rules: CycleRules | None = None,
    calendar: WorkingCalendar | None = None,
) -> dict[str, Any]:
    """Every calibration figure, as the nested dict that ``calibration.toml`` holds. Publication
    lags are counted on the publication clock (the rules' Christmas pause does not count)."""
    rules = rules or cycle_rules()
    clock = publication_calendar(calendar or WorkingCalendar(), rules.publication_pauses)
    lags: dict[str, list[int]] = defaultdict(list)
    for item in inspections:
        lags[period_of(item.start)].append(clock.working_days_between(item.end, item.published))
    publication = {
        period: {"n": len(lags[period]), "working_days": quantiles(lags[period], 1)}
        for period in PERIODS
    }
    censored_at = date.fromisoformat(SOURCE["started_before"])
    queue = queue_figures(inspections, rules, censored_at)
    return {
        "source": dict(SOURCE, rows_used=len(inspections)),
        "grid": list(GRID),
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
        "# the fitted range, plus a normal residual of sd queue.sigma months. queue.after (when fitted):",
        "# the regime after the restart. Publication lags are working days (England and Wales) after",
        "# the last on-site day, on the publication clock (the rules' Christmas pause does not count),",
        "# quantiles at `grid`. Periods without fieldwork are rules (rules/data), not figures.",
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
