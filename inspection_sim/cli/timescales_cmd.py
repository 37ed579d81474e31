"""``inspection-sim timescales simulate``: where practice timescales will stand, month by month."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspection_sim.cli.args import iso_date

if TYPE_CHECKING:
    from inspection_sim.calendar import WorkingCalendar
    from inspection_sim.forecasting.flow import FlowResult
    from inspection_sim.forecasting.flow_params import FlowParams, WhatIf

#: Options that set a FlowParams field, with their argument types.
_FIELDS: dict[str, Any] = {
    "timescale": str,
    "start": iso_date,
    "arrivals_per_week": float,
    "capacity_per_week": float,
    "servers": int,
    "no_show": float,
    "service": str,
    "arrivals": str,
}


def _change(text: str) -> tuple[date, float]:
    """``DATE:FACTOR``, e.g. ``2027-01-04:0.667``."""
    day, _, factor = text.partition(":")
    try:
        return date.fromisoformat(day), float(factor)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected DATE:FACTOR such as 2027-01-04:0.667, got {text!r}"
        ) from None


def _fractions(text: str) -> tuple[float, ...]:
    try:
        return tuple(float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected probabilities separated by commas, got {text!r}"
        ) from None


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "timescales",
        help="simulate practice timescales (initial health assessments, assessments, reviews)",
        description="Practice-timescale flow models.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    sim = actions.add_parser(
        "simulate",
        help="percentage within timescale and backlog, month by month",
        description="Simulate a cohort flowing through a timescale with simpy and report the "
        "percentage within timescale and the backlog per month, and the projection at the "
        "forecast inspection date. SCENARIO (optional) gives the council's bank-holiday "
        "region and weekmask (due dates), its closures (no appointments on those days) and its "
        "inspection history; --flow FILE gives the flow parameters (see the README), and options "
        "override them.",
    )
    sim.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO")
    sim.add_argument("--flow", default=None, help="a flow TOML file ([flow] table)")
    sim.add_argument("--months", type=int, default=12)
    sim.add_argument("--runs", type=int, default=200)
    sim.add_argument("--seed", type=int, default=0)
    sim.add_argument("--workers", type=int, default=1, help="processes (results do not change)")
    for name, kind in _FIELDS.items():
        sim.add_argument(f"--{name.replace('_', '-')}", dest=name, type=kind, default=None)
    sim.add_argument("--availability", type=_fractions, default=None, help="weekly, e.g. 1,1,1,0.5")
    sim.add_argument("--capacity-change", type=_change, action="append", default=[],
                     metavar="DATE:FACTOR", help="capacity times FACTOR from DATE (0.667: falls by a third)")  # fmt: skip
    sim.add_argument("--arrivals-change", type=_change, action="append", default=[],
                     metavar="DATE:FACTOR", help="arrivals times FACTOR from DATE (1.2: rise 20%%)")  # fmt: skip
    sim.add_argument("--at", type=iso_date, default=None, help="projection date (default: the "
                     "forecast inspection date when the scenario has a history)")  # fmt: skip
    sim.add_argument("--format", choices=("table", "json"), default="table")
    sim.set_defaults(handler=run)


def _params(args: argparse.Namespace) -> tuple[FlowParams, tuple[WhatIf, ...]]:
    import dataclasses

    from inspection_sim.errors import ForecastInputError
    from inspection_sim.forecasting.flow_params import FlowParams, WhatIf, load_flow

    base = load_flow(Path(args.flow)) if args.flow else FlowParams()
    changes = {k: getattr(args, k) for k in _FIELDS if getattr(args, k) is not None}
    if args.availability is not None:
        changes["availability"] = args.availability
    if args.months < 1 or args.runs < 1:
        raise ForecastInputError(
            "--months and --runs must be 1 or more", value=(args.months, args.runs)
        )
    whatifs = (
        base.whatifs
        + tuple(WhatIf("capacity", d, f) for d, f in args.capacity_change)
        + tuple(WhatIf("arrivals", d, f) for d, f in args.arrivals_change)
    )
    changes["whatifs"] = ()  # the base run has none; what-ifs run separately for comparison
    return dataclasses.replace(base, **changes), whatifs


def run(args: argparse.Namespace) -> int:
    import json

    from inspection_sim.forecasting.flow import simulate_flow

    params, whatifs = _params(args)
    calendar, closures, at = _scenario(args, params.start)
    settings = {
        "months": args.months, "runs": args.runs, "seed": args.seed, "calendar": calendar,
        "closures": closures, "workers": args.workers,
    }  # fmt: skip
    runs = {"base": simulate_flow(params, **settings)}
    if whatifs:
        changed = params.with_whatif(*whatifs)
        runs["what-if"] = simulate_flow(changed, **settings)
    if args.format == "json":
        data = {name: result.to_dict() for name, result in runs.items()}
        data["projection"] = {name: _projection(result, at) for name, result in runs.items()}
        print(json.dumps(data, indent=2))
    else:
        print(_table(runs, at))
    return 0


def _scenario(
    args: argparse.Namespace, start: date
) -> tuple[WorkingCalendar | None, tuple[date, ...], dict[str, date]]:
    """The timescales' calendar, the council's closed days and the projection dates (``--at``,
    or the forecast's quantiles)."""
    at = {"--at": args.at} if args.at is not None else {}
    if args.scenario is None:
        return None, (), at
    from inspection_sim.forecasting.cycle import forecast
    from inspection_sim.forecasting.scenario_link import (
        scenario_calendar,
        scenario_closures,
        scenario_history,
    )
    from inspection_sim.scenario import load_scenario

    scenario = load_scenario(args.scenario)
    if not at and scenario.inspection.history:
        result = forecast(scenario_history(scenario), on=start).inspection()
        at = {f"inspection {k}": v for k, v in result.onsite.quantiles((10, 50, 90)).items()}
    # due dates on the framework calendar; a shutdown only removes appointment days
    return scenario_calendar(scenario), scenario_closures(scenario), at


def _projection(result: FlowResult, at: dict[str, date]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for label, day in at.items():
        try:
            row = result.at(day)
        except ValueError:
            found[label] = {"date": day.isoformat(), "note": "outside the simulated months"}
            continue
        found[label] = {
            "date": day.isoformat(),
            "within_timescale_pct": None
            if row.within_pct != row.within_pct
            else round(row.within_pct, 1),
            "backlog": round(row.backlog, 2),
        }
    return found


def _pct(value: float) -> str:
    return "   -" if value != value else f"{value:5.1f}"


def _table(runs: dict[str, FlowResult], at: dict[str, date]) -> str:
    base = runs["base"]
    deadline = base.params.deadline
    lines = [
        f"{base.params.timescale}: {deadline.working_days} working days ({deadline.source}); "
        f"{base.runs} runs",
        "",
        "month    "
        + "".join(f"{name + ' % in time':>18}{'backlog':>9}{'overdue':>9}" for name in runs),
    ]
    for m, row in enumerate(base.rows):
        cells = ""
        for result in runs.values():
            r = result.rows[m]
            cells += f"{_pct(r.within_pct):>18}{r.backlog:>9.1f}{r.overdue:>9.1f}"
        lines.append(f"{row.month.isoformat()[:7]}  {cells}")
    for label, day in at.items():
        parts = []
        for name, result in runs.items():
            try:
                r = result.at(day)
                parts.append(
                    f"{name}: {_pct(r.within_pct).strip()}% in time, backlog {r.backlog:.1f}"
                )
            except ValueError:
                parts.append(f"{name}: outside the simulated months")
        lines.append(f"Projection at {label} ({day.isoformat()}): " + "; ".join(parts))
    return "\n".join(lines)
