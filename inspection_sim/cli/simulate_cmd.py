"""``inspection-sim simulate``: Monte Carlo replications of a scenario's plan."""

from __future__ import annotations

import argparse

from inspection_sim.cli.args import add_simulation_output, add_simulation_source, runs, runs_help


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "simulate",
        help="simulate a plan many times: P(deadlines met), P10/P50/P90 dates, riskiest tasks",
        description="Replicate a scenario's inspection plan with uncertain durations and random "
        "events (extra information requests, staff absence, late data, deferral) and report the "
        "probability of meeting each deadline, finish dates and the riskiest tasks and teams.",
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
    if args.format == "json":
        print(result.to_json())
    elif args.format == "csv":
        rows = result.to_records()
        sys.stdout.write(csv_records(list(rows[0]), rows))
    else:
        print(result.summary())
    return 0
