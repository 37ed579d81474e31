"""``inspection-sim simulate``: Monte Carlo replications of a scenario's plan."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from inspection_sim.cli.args import add_simulation_output, add_simulation_source, runs, runs_help

if TYPE_CHECKING:
    from inspection_sim.plan.timeline import Timeline
    from inspection_sim.scenario import Scenario
    from inspection_sim.timetable.onsite_week import OnsiteWeek


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "simulate",
        help="simulate a plan many times: P(deadlines met), P10/P50/P90 dates, riskiest tasks",
        description="Replicate a scenario's inspection plan with uncertain durations and random "
        "events (extra information requests, staff absence, late data, deferral) and report the "
        "probability of meeting each deadline, finish dates and the riskiest tasks and teams. "
        "A scenario with people ([onsite]) gets an on-site week part too: random staff absence "
        "over its booked on-site week (every sampled case discussed? the coordinator's rebooking "
        "each day) and its what-if absences ([[onsite.absent]]).",
    )
    add_simulation_source(parser, notified_help="the day of the notification call")
    parser.add_argument(
        "--runs", type=runs(), help=runs_help("replications (default: the scenario's, or 1000)")
    )
    add_simulation_output(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from inspection_sim.cli.source import load_source
    from inspection_sim.csvfile import csv_records
    from inspection_sim.workbench import simulate

    source = load_source(args.scenario, args.notified)
    result = simulate(
        source, runs=args.runs, seed=args.seed, engine=args.engine, progress=not args.quiet
    )
    onsite = _onsite_week(source, args) if args.format != "csv" else None
    if args.format == "json":
        if onsite is None:
            print(result.to_json())
        else:
            from inspection_sim.timetable.onsite_week import onsite_week_dict

            print(json.dumps({**result.to_dict(), "onsite": onsite_week_dict(onsite)}, indent=2))
    elif args.format == "csv":
        rows = result.to_records()
        sys.stdout.write(csv_records(list(rows[0]), rows))
    else:
        print(result.summary())
        if onsite is not None:
            from inspection_sim.timetable.onsite_week import onsite_week_summary

            print()
            print(onsite_week_summary(onsite))
    return 0


def _onsite_week(source: Scenario | Timeline, args: argparse.Namespace) -> OnsiteWeek | None:
    """The on-site part of a scenario with people, with the simulation's runs and seed."""
    from inspection_sim.scenario import Scenario
    from inspection_sim.workbench import onsite_risk_scenario

    if not isinstance(source, Scenario) or not source.onsite:
        return None
    return onsite_risk_scenario(source, runs=args.runs, seed=args.seed)
