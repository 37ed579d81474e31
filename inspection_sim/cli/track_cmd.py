"""``inspection-sim track``: read a filled-in tracker, re-plan from today, print the run-sheet and
bring the plan's calendars, tracker and change log up to date."""

from __future__ import annotations

import argparse
import sys

from inspection_sim.cli.args import iso_date, number, runs, runs_help, seed, stamp, text


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "track",
        help="record what happened: check the tracker, re-plan from today, update the calendars",
        description="Read the tracker a plan wrote (tracker.xlsx, or its Tasks sheet saved as "
        "CSV) as the planner filled it in, list every problem at once, fix what happened, plan "
        "the rest from --today and simulate the risk left. Prints a run-sheet: today and the "
        "next working day by team, what slipped, the deadlines at risk. Then updates the plan's "
        "folder: calendars with the same UIDs (SEQUENCE + 1 for every event that moved or "
        "changed, cancelled events kept as cancelled), the tracker (after keeping the planner's "
        "copy) and changes.csv.",
    )
    parser.add_argument("tracker", type=text, help="the tracker: tracker.xlsx, or a CSV of it")
    parser.add_argument(
        "--today", type=iso_date, required=True, help="the day to plan from, YYYY-MM-DD"
    )
    parser.add_argument(
        "--plan",
        type=text,
        help="the plan's folder (default: the tracker's folder)",
    )
    parser.add_argument(
        "--scenario",
        type=text,
        help="the scenario to plan from (default: the plan folder's scenario.toml); it becomes "
        "the folder's scenario.toml",
    )
    parser.add_argument(
        "--runs",
        type=runs(),
        help=runs_help("replications of the simulation from today (default: the scenario's)"),
    )
    parser.add_argument("--seed", type=seed, help="random seed (default: the scenario's)")
    parser.add_argument(
        "--at-risk-below",
        type=number(0.0, 1.0),
        default=None,
        help="report a deadline as at risk when its chance of being met is below this, 0 to 1 "
        "(default: 0.9)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the run-sheet only; write nothing",
    )
    parser.add_argument(
        "--stamp",
        type=stamp,
        help="the run's time for DTSTAMP, the change log and the tracker, ISO date-time from "
        "1970 (default: SOURCE_DATE_EPOCH, else now)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="also replace files of the plan's folder that inspection-sim did not write, or that "
        "were changed since",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from inspection_sim.tracking import AT_RISK_BELOW, track

    result = track(
        args.tracker,
        args.today,
        scenario=args.scenario,
        folder=args.plan,
        runs=args.runs,
        seed=args.seed,
        stamp=args.stamp,
        at_risk_below=AT_RISK_BELOW if args.at_risk_below is None else args.at_risk_below,
        write=not args.dry_run,
        force=args.force,
    )
    print(result.runsheet())
    written = result.written
    if written is None:
        print("\n--dry-run: nothing written", file=sys.stderr)
        return 0
    print()
    print(f"{written.folder}: {written.summary()}")
    for item in written:
        if item.change != "unchanged":
            print(f"  {item.path.name}: {item.count()}, {item.change}")
    for path in written.removed:
        print(f"  {path.name}: removed (no longer in the plan)")
    tracker = result.tracker
    if tracker is not None and tracker.kept is not None:
        print(f"  {tracker.kept.name}: your tracker as it was, kept")
    if tracker is not None and tracker.changed:
        print(f"  {tracker.path.name}: brought up to date (your entries, the plan from today)")
    print(f"  changes logged: {len(result.changes)}")
    return 0
