"""``inspection-sim plan``: the real inspection's calendars, tracker and CSV, from the real call."""

from __future__ import annotations

import argparse

from inspection_sim.cli.args import iso_date, output_folder, stamp, text


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="the real inspection: calendars per team, tracker.xlsx and CSV from the real call",
        description="Plan the real inspection from the day of the call and write what a "
        "rehearsal writes, on the real dates: one calendar per team, a combined one, the CSV and "
        "tracker.xlsx for recording what happens (then run track). Event UIDs are the same for "
        "every later update of this inspection.",
    )
    parser.add_argument(
        "scenario",
        nargs="?",
        type=text,
        help="scenario TOML file (default: the embedded good council's ILACS short inspection)",
    )
    parser.add_argument(
        "--notified", type=iso_date, help="the day of the real call (default: the scenario's)"
    )
    parser.add_argument(
        "--out",
        type=output_folder("the plan", "plan"),
        default="plan",
        help="output folder (default: plan); running again updates the files inspection-sim "
        "wrote there and keeps the tracker, which holds the planner's entries",
    )
    parser.add_argument(
        "--parents", action="store_true", help="create the folders above --out when missing"
    )
    parser.add_argument(
        "--stamp",
        type=stamp,
        help="export time for DTSTAMP and the tracker, ISO date-time from 1970 (default: "
        "SOURCE_DATE_EPOCH, else now)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="also replace files in --out that inspection-sim did not write, or that were "
        "changed since; a tracker of another inspection is kept as a copy first",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from inspection_sim.export import resolve_stamp
    from inspection_sim.scenario import default_scenario, load_scenario
    from inspection_sim.tracking import plan_inspection

    moment = args.stamp if args.stamp is not None else resolve_stamp()
    scenario = load_scenario(args.scenario) if args.scenario else default_scenario()
    plan = plan_inspection(scenario, args.notified)
    written = plan.write(args.out, stamp=moment, force=args.force, parents=args.parents)
    print(plan.summary())
    calendars = written.calendars
    print(f"{args.out}: {calendars.summary()}")
    for item in calendars:
        owner = f" ({item.team})" if item.team else ""
        print(f"  {item.path.name}: {item.count()}{owner}, {item.change}")
    for path in calendars.removed:
        print(f"  {path.name}: removed (no longer in the plan)")
    tracker = written.tracker
    if tracker.kept is not None:
        print(f"  {tracker.kept.name}: the tracker that was there, kept")
    if tracker.changed:
        print(
            f"  {tracker.path.name}: written; record status and actual dates in it, then run "
            f"inspection-sim track {tracker.path} --today DATE"
        )
    else:
        print(
            f"  {tracker.path.name}: kept as it is (it holds your entries; track brings its "
            "dates up to date)"
        )
    return 0
