"""``inspection-sim timescales simulate``: where practice timescales will stand, month by month."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspection_sim.cli.args import iso_date, number, seed, text, whole, workers, workers_help

if TYPE_CHECKING:
    from inspection_sim.calendar import WorkingCalendar
    from inspection_sim.forecasting.flow import FlowResult
    from inspection_sim.forecasting.flow_params import FlowParams, WhatIf

#: The busiest flow the command line simulates: children (or appointments) per week.
MAX_PER_WEEK = 1000.0
#: Replications and months of one command line (a flow run costs far more than a plan's).
MAX_RUNS = 100_000
MAX_MONTHS = 120
MAX_SERVERS = 100
#: The largest what-if factor (times a hundred is no longer a what-if).
MAX_FACTOR = 100.0

#: Options that set a FlowParams field, with their argument types and what they accept.
_FIELDS: dict[str, tuple[Any, str]] = {
    "timescale": (text, "initial-health-assessment (default), single-assessment or "
                  "first-looked-after-review"),
    "start": (iso_date, "first day simulated (default 2027-01-04)"),
    "arrivals_per_week": (number(0, MAX_PER_WEEK), f"children per week, 0 to {MAX_PER_WEEK:g}"),
    "capacity_per_week": (number(0, MAX_PER_WEEK, above=True),
                          f"appointments per working week, above 0 and up to {MAX_PER_WEEK:g}"),
    "servers": (whole(1, MAX_SERVERS), f"people sharing the capacity, 1 to {MAX_SERVERS}"),
    "no_show": (number(0, 1, below=True), "probability of a missed appointment, 0 to below 1"),
    "service": (text, "appointment length: fixed (default) or exponential"),
    "arrivals": (text, "arrival process"),
}  # fmt: skip


def _change(value: str) -> tuple[date, float]:
    """``DATE:FACTOR``, e.g. ``2027-01-04:0.667``."""
    day, colon, factor = value.partition(":")
    try:
        if not colon:
            raise argparse.ArgumentTypeError(f"got {value!r}")
        return iso_date(day), number(0, MAX_FACTOR)(factor)
    except argparse.ArgumentTypeError as error:
        raise argparse.ArgumentTypeError(
            f"expected DATE:FACTOR such as 2027-01-04:0.667: {error}"
        ) from None


def _fractions(value: str) -> tuple[float, ...]:
    """Weekly probabilities separated by commas, e.g. ``1,1,1,0.5``."""
    return tuple(number(0, 1)(part) for part in value.split(","))


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
    sim.add_argument("scenario", nargs="?", type=text, default=None, metavar="SCENARIO")
    sim.add_argument("--flow", type=text, default=None, help="a flow TOML file ([flow] table)")
    sim.add_argument(
        "--months",
        type=whole(1, MAX_MONTHS),
        default=12,
        help=f"months simulated, 1 to {MAX_MONTHS} (default 12)",
    )
    sim.add_argument(
        "--runs",
        type=whole(1, MAX_RUNS),
        default=200,
        help=f"replications, 1 to {MAX_RUNS:,} (default 200)",
    )
    sim.add_argument("--seed", type=seed, default=0, help="random seed, 0 (default) to 2^64-1")
    sim.add_argument(
        "--workers", type=workers, default=1, help=workers_help("1") + "; the results do not change"
    )
    for name, (kind, meaning) in _FIELDS.items():
        sim.add_argument(
            f"--{name.replace('_', '-')}", dest=name, type=kind, default=None, help=meaning
        )
    sim.add_argument(
        "--availability",
        type=_fractions,
        default=None,
        help="weekly probabilities 0 to 1, e.g. 1,1,1,0.5",
    )
    sim.add_argument("--capacity-change", type=_change, action="append", default=[],
                     metavar="DATE:FACTOR", help="capacity times FACTOR from DATE (0.667: falls by a third)")  # fmt: skip
    sim.add_argument("--arrivals-change", type=_change, action="append", default=[],
                     metavar="DATE:FACTOR", help="arrivals times FACTOR from DATE (1.2: rise 20%%)")  # fmt: skip
    sim.add_argument("--at", type=iso_date, default=None, help="projection date (default: the "
                     "forecast inspection date when the scenario has a history)")  # fmt: skip
    sim.add_argument("--format", choices=("table", "json"), default="table")
    sim.add_argument(
        "--quiet", action="store_true", help="no progress bar (shown on stderr for long runs)"
    )
    sim.set_defaults(handler=run)


def _params(args: argparse.Namespace) -> tuple[FlowParams, tuple[WhatIf, ...]]:
    import dataclasses

    from inspection_sim.forecasting.flow_params import FlowParams, WhatIf, load_flow

    base = load_flow(Path(args.flow)) if args.flow else FlowParams()
    changes = {k: getattr(args, k) for k in _FIELDS if getattr(args, k) is not None}
    if args.availability is not None:
        changes["availability"] = args.availability
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
        "closures": closures, "workers": args.workers, "progress": not args.quiet,
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
    from inspection_sim.scenario import load_scenario
    from inspection_sim.workbench import scenario_history

    scenario = load_scenario(args.scenario)
    if not at and scenario.inspection.history:
        result = forecast(scenario_history(scenario), on=start).inspection()
        at = {f"inspection {k}": v for k, v in result.onsite.quantiles((10, 50, 90)).items()}
    # due dates on the planning calendar (statutory working days are weekdays that are not bank
    # holidays); a council's shutdown only removes appointment days
    return scenario.calendar(), scenario.council.closure_days(), at


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
