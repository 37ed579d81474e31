"""``inspection-sim timeline``: plan an inspection from its rules and one anchor date."""

from __future__ import annotations

import argparse
import sys

from inspection_sim.cli.args import iso_date


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "timeline",
        help="plan an inspection's timeline (tasks, dates, slack, critical path)",
        description="Plan an inspection forward from the notification call or backward from the "
        "first on-site day, on the England and Wales working-day calendar.",
    )
    parser.add_argument("inspection", help="framework:type, e.g. ilacs:short")
    anchor = parser.add_mutually_exclusive_group(required=True)
    anchor.add_argument("--notified", type=iso_date, help="the day of the notification call")
    anchor.add_argument("--onsite", type=iso_date, help="the first on-site day (plan backward)")
    parser.add_argument(
        "--version", default=None, help="framework version (default: in force then)"
    )
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.add_argument("--strict", action="store_true", help="warnings become errors (exit 2)")
    parser.add_argument("--level", action="store_true", help="level tasks within team capacity")
    parser.add_argument(
        "--team",
        type=_team,
        action="append",
        default=[],
        metavar="NAME=SIZE",
        help="a team's size for --level, e.g. performance=2 (repeatable)",
    )
    parser.add_argument(
        "--election",
        type=iso_date,
        action="append",
        default=[],
        help="an election day in the area (repeatable): warns of pre-election publication holds",
    )
    parser.set_defaults(handler=run)


def _team(text: str) -> tuple[str, int]:
    """``NAME=SIZE`` with a positive whole number of people."""
    name, _, size = text.partition("=")
    if not name or not size.isdigit() or int(size) < 1:
        raise argparse.ArgumentTypeError(
            f"expected NAME=SIZE with SIZE >= 1, e.g. performance=2: {text!r}"
        )
    return name, int(size)


def run(args: argparse.Namespace) -> int:
    from inspection_sim.plan.build import plan

    timeline = plan(
        args.inspection,
        notified=args.notified,
        onsite=args.onsite,
        version=args.version,
        strict=args.strict,
        level=args.level,
        elections=args.election,
        teams={name: {"size": size} for name, size in args.team},
    )
    if args.format == "json":
        print(timeline.to_json(), end="")  # warnings are part of the JSON
    elif args.format == "csv":
        print(timeline.to_csv(), end="")
        for warning in timeline.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    else:
        print(timeline.to_table())  # warnings are listed under the table
    return 0
