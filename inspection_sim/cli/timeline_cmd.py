"""``inspection-sim timeline``: plan an inspection from its rules and one anchor date."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from inspection_sim.cli.args import iso_date, text, whole

#: The most people a team may have when levelling.
MAX_TEAM_SIZE = 1000

if TYPE_CHECKING:
    from inspection_sim.plan.timeline import Timeline


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "timeline",
        help="plan an inspection's timeline (tasks, dates, slack, critical path)",
        description="Plan an inspection forward from the notification call or backward from the "
        "first on-site day, on the England and Wales working-day calendar.",
    )
    parser.add_argument("inspection", type=text, help="framework:type, e.g. ilacs:short")
    anchor = parser.add_mutually_exclusive_group(required=True)
    anchor.add_argument("--notified", type=iso_date, help="the day of the notification call")
    anchor.add_argument("--onsite", type=iso_date, help="the first on-site day (plan backward)")
    parser.add_argument(
        "--version", type=text, default=None, help="framework version (default: in force then)"
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
        help=f"a team's size for --level, 1 to {MAX_TEAM_SIZE}, e.g. performance=2 (repeatable)",
    )
    parser.add_argument(
        "--election",
        type=iso_date,
        action="append",
        default=[],
        help="an election day in the area (repeatable): warns of pre-election publication holds",
    )
    parser.add_argument(
        "--tracker",
        metavar="FILE.xlsx",
        help="also write an Excel tracker of the plan: tasks with owner, contacts, due dates, a "
        "status drop-down and RAG; the framework dates",
    )
    parser.add_argument(
        "--stamp",
        help="with --tracker: the time written into the workbook, ISO date-time (default: "
        "SOURCE_DATE_EPOCH, else now)",
    )
    parser.add_argument(
        "--force", action="store_true", help="with --tracker: replace an existing file"
    )
    parser.set_defaults(handler=run)


def _team(value: str) -> tuple[str, int]:
    """``NAME=SIZE`` with a whole number of people from 1 to :data:`MAX_TEAM_SIZE`."""
    name, equals, size = value.partition("=")
    try:
        if not name.strip() or not equals:
            raise argparse.ArgumentTypeError(f"got {value!r}")
        return name, whole(1, MAX_TEAM_SIZE)(size)
    except argparse.ArgumentTypeError as error:
        raise argparse.ArgumentTypeError(
            f"expected NAME=SIZE with SIZE from 1 to {MAX_TEAM_SIZE}, e.g. performance=2: {error}"
        ) from None


def _check_teams(args: argparse.Namespace, teams: set[str]) -> None:
    """Refuse ``--team`` without ``--level`` and a team the plan does not have."""
    from inspection_sim.errors import ArgumentTypeError, UnknownNameError

    if args.team and not args.level:
        raise ArgumentTypeError("--team sizes are used only with --level", key="--team")
    for name, _ in args.team:
        if name not in teams:
            raise UnknownNameError(
                f"no team of that name in {args.inspection}",
                key="--team",
                value=name,
                choices=sorted(teams),
            )


def run(args: argparse.Namespace) -> int:
    from inspection_sim.plan.build import plan

    _check_tracker(args)

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
    _check_teams(args, {task.team for task in timeline.tasks if task.team})
    if args.format == "json":
        print(timeline.to_json(), end="")  # warnings are part of the JSON
    elif args.format == "csv":
        print(timeline.to_csv(), end="")
        for warning in timeline.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    else:
        print(timeline.to_table())  # warnings are listed under the table
    if args.tracker:
        _write_tracker(timeline, args)
    return 0


def _check_tracker(args: argparse.Namespace) -> None:
    """Refuse options that need --tracker without it, and a tracker name Excel would not open."""
    from inspection_sim.errors import ArgumentTypeError

    for option, value in (("--stamp", args.stamp), ("--force", args.force or None)):
        if value is not None and not args.tracker:
            raise ArgumentTypeError(f"{option} applies to --tracker only", key=option)
    if args.tracker is not None and not args.tracker.lower().endswith(".xlsx"):
        raise ArgumentTypeError(
            "a tracker is an Excel workbook: give a file name ending in .xlsx",
            key="--tracker",
            value=args.tracker,
        )


def _write_tracker(timeline: Timeline, args: argparse.Namespace) -> None:
    from inspection_sim.export import resolve_stamp
    from inspection_sim.export.atomic import write_file
    from inspection_sim.rehearsal import timeline_tracker
    from inspection_sim.tracker import tracker_bytes

    stamp = resolve_stamp(args.stamp)
    data = timeline_tracker(timeline)
    path = write_file(args.tracker, tracker_bytes(data, stamp), force=args.force)
    tasks = sum(not item.framework for item in data.items)
    print(f"{path}: tracker written ({tasks} tasks)", file=sys.stderr)
