"""``inspection-sim simulate``: Monte Carlo replications of a scenario's plan."""

from __future__ import annotations

import argparse

from inspection_sim.cli.args import iso_date


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "simulate",
        help="simulate a plan many times: P(deadlines met), P10/P50/P90 dates, riskiest tasks",
        description="Replicate a scenario's inspection plan with uncertain durations and random "
        "events (extra information requests, staff absence, late data, deferral) and report the "
        "probability of meeting each deadline, finish dates and the riskiest tasks and teams.",
    )
    parser.add_argument(
        "scenario",
        nargs="?",
        help="scenario TOML file, or framework:type with --notified "
        "(default: the embedded good council's ILACS short inspection)",
    )
    parser.add_argument("--notified", type=iso_date, help="the day of the notification call")
    parser.add_argument("--runs", type=int, help="replications (default: the scenario's, or 1000)")
    parser.add_argument("--seed", type=int, help="random seed (default: the scenario's)")
    parser.add_argument("--engine", default="auto", help="auto (default), numpy, heap or simpy")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import csv
    import sys

    from inspection_sim.simulation import simulate
    from inspection_sim.simulation.source_arg import load_source

    source = load_source(args.scenario, args.notified)
    result = simulate(
        source, runs=args.runs, seed=args.seed, engine=args.engine, progress=not args.quiet
    )
    if args.format == "json":
        print(result.to_json())
    elif args.format == "csv":
        rows = result.to_records()
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        print(result.summary())
    return 0
