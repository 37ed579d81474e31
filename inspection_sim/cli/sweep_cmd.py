"""``inspection-sim sweep``: which notification dates of a window are riskiest."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from inspection_sim.cli.args import (
    add_simulation_output,
    add_simulation_source,
    iso_date,
    runs,
    runs_help,
    workers,
    workers_help,
)

if TYPE_CHECKING:
    from inspection_sim.plan.timeline import Timeline
    from inspection_sim.scenario import Scenario
    from inspection_sim.simulation.sweeps import SweepResult


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sweep",
        help="simulate every candidate notification date of a window",
        description="Plan and simulate the inspection for every candidate notification date "
        "between --from and --to (inclusive; the plan's notification weekday, rolled to the next "
        "working day), --runs replications each, and report the probability of meeting every "
        "deadline per date.",
    )
    add_simulation_source(parser, notified_help="notification of the base plan")
    parser.add_argument("--from", dest="first", type=iso_date, help="first candidate date")
    parser.add_argument("--to", dest="last", type=iso_date, help="last candidate date")
    parser.add_argument(
        "--runs", type=runs(), default=200, help=runs_help("replications per date (default 200)")
    )
    parser.add_argument("--workers", type=workers, help=workers_help("one per CPU"))
    add_simulation_output(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from datetime import date

    from inspection_sim.cli.source import load_source
    from inspection_sim.scenario import Scenario
    from inspection_sim.simulation import sweep
    from inspection_sim.workbench import sweep_scenario

    source = load_source(args.scenario, args.notified)
    _check_window(args, source)
    options = {
        "first": args.first,
        "last": args.last,
        "runs": args.runs,
        "seed": args.seed,
        "workers": args.workers,
        "engine": args.engine,
        "progress": not args.quiet,
    }
    if isinstance(source, Scenario):
        result = sweep_scenario(source, **options)
    else:  # framework:type: plan each candidate date afresh
        from inspection_sim.plan.build import plan

        def planner(day: date) -> Timeline:
            return plan(args.scenario, notified=day)

        result = sweep(source, planner=planner, **options)
    if args.format == "json":
        print(result.to_json())
    elif args.format == "csv":
        print(result.to_csv(), end="")
    else:
        print(_table(result))
    return 0


def _check_window(args: argparse.Namespace, source: Scenario | Timeline) -> None:
    """--from and --to together, in order; or neither, for a scenario's notification window."""
    from inspection_sim.errors import SimulationError
    from inspection_sim.scenario import Scenario

    if args.first is not None and args.last is not None:
        if args.last < args.first:
            raise SimulationError(
                f"the window ends before it starts (--from {args.first.isoformat()})",
                key="--to",
                value=args.last.isoformat(),
            )
        return
    if args.first is not None or args.last is not None:
        missing = "--to" if args.last is None else "--from"
        raise SimulationError(f"give {missing} too: the window needs both ends", key=missing)
    if not isinstance(source, Scenario):  # framework:type
        raise SimulationError("give the window with --from and --to", key="--from")
    if source.inspection.window is None:
        raise SimulationError(
            "give the window with --from and --to (the scenario has no [inspection.window])",
            key="--from",
        )


def _table(result: SweepResult) -> str:
    lines = [
        f"{len(result.dates)} notification dates, {result.runs} replications each, "
        f"seed {result.seed}, engine {result.engine}",
        f"{'notified':<12} {'P(all met)':>10} {'end P50':>8} {'end P90':>8}",
    ]
    for row in result.wide_records():
        lines.append(
            f"{row['date']:<12} {row['p_all_met']:>10.1%} {row['end_p50']:>8.1f}"
            f" {row['end_p90']:>8.1f}"
        )
    lines.append(
        "Riskiest dates: "
        + ", ".join(f"{day.isoformat()} ({p:.0%})" for day, p in result.riskiest(5))
    )
    lines.append("(end: working days from the notification to the last finish)")
    return "\n".join(lines)
