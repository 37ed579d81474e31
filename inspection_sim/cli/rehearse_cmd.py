"""``inspection-sim rehearse``: write a rehearsal's Outlook calendars and CSV."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from inspection_sim.cli.args import clock_time, iso_date, output_folder, stamp, text, whole
from inspection_sim.scenario.names import MODES

if TYPE_CHECKING:
    from inspection_sim.export.files import WrittenCalendars, WrittenFile

#: Fortnightly meetings over two years at most.
MAX_PLANNING_MEETINGS = 52
#: Compressed fieldwork never lasts longer than this.
MAX_FIELDWORK_DAYS = 100


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "rehearse",
        help="write a rehearsal's calendars (.ics per team, combined, and CSV)",
        description="Replay an inspection timeline on a trial-run date and write Outlook-ready "
        "calendars: one per team, a combined one, and a CSV of the same events; when the "
        "scenario has people ([onsite]), also the on-site week booked with them: each person's "
        "and room's calendar (people/, rooms/) and timetable.csv. Day 0 of the rehearsal is the "
        "notification call.",
    )
    parser.add_argument(
        "scenario",
        nargs="?",
        type=text,
        help="scenario TOML file (default: the embedded good council's ILACS short inspection)",
    )
    parser.add_argument(
        "--start", type=iso_date, help="rehearsal day 0, a working day (default: the scenario's)"
    )
    parser.add_argument("--mode", choices=MODES, help="full (default) or compressed")
    parser.add_argument(
        "--fieldwork-days",
        type=whole(1, MAX_FIELDWORK_DAYS),
        help=f"compressed mode: working days of fieldwork, 1 to {MAX_FIELDWORK_DAYS}",
    )
    parser.add_argument(
        "--kit-time", type=clock_time, help="time of the daily keep-in-touch meetings (HH:MM)"
    )
    parser.add_argument(
        "--planning-meetings",
        type=whole(0, MAX_PLANNING_MEETINGS),
        default=0,
        help="fortnightly planning meetings to hold before the rehearsal, 0 (default) to "
        f"{MAX_PLANNING_MEETINGS}",
    )
    parser.add_argument(
        "--injects",
        metavar="LEVEL",
        help="also write an exercise controller's calendar (exercise-control.ics) and inject "
        "list (injects.csv), drawn from the scenario's simulation: typical (a median week on "
        "site) or hard (the 90th percentile of the load on the teams)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        help="with --injects: the seed of the simulated week (default: the scenario's); the "
        "same seed gives the same injects",
    )
    parser.add_argument(
        "--out",
        type=output_folder("the output", "rehearsal"),
        default="rehearsal",
        help="output folder (default: rehearsal); running again updates the files inspection-sim "
        "wrote there and removes those of teams that are gone",
    )
    parser.add_argument(
        "--parents", action="store_true", help="create the folders above --out when missing"
    )
    parser.add_argument(
        "--stamp",
        type=stamp,
        help="export time for DTSTAMP, ISO date-time from 1970 (default: SOURCE_DATE_EPOCH, "
        "else now)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="also replace files in --out that inspection-sim did not write, or that were "
        "changed since",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from inspection_sim.errors import ArgumentTypeError
    from inspection_sim.export import resolve_stamp

    if args.seed is not None and args.injects is None:
        raise ArgumentTypeError(
            "--seed chooses the simulated week of the injects; give --injects too",
            key="--seed",
            value=args.seed,
        )
    from inspection_sim.scenario import default_scenario, load_scenario
    from inspection_sim.workbench import rehearse_scenario

    stamp = args.stamp if args.stamp is not None else resolve_stamp()
    scenario = load_scenario(args.scenario) if args.scenario else default_scenario()
    rehearsal = rehearse_scenario(
        scenario,
        args.start,
        mode=args.mode,
        fieldwork_days=args.fieldwork_days,
        kit_time=args.kit_time,
        planning_meetings=args.planning_meetings,
        injects=args.injects,
        seed=args.seed,
    )
    written = rehearsal.write(args.out, stamp=stamp, force=args.force, parents=args.parents)
    print(rehearsal.summary())
    print(f"{args.out}: {written.summary()}")
    _list_files(written)
    print(
        "Import all-teams.ics, or a team's file, into a new calendar of its own in Outlook; "
        "for a new version, delete that calendar and import again (Outlook duplicates on "
        "re-import)."
    )
    if rehearsal.exercise is not None:
        print(
            "exercise-control.ics is for the exercise controller only: keep it away from the "
            "teams, who must not see the injects coming."
        )
    if rehearsal.timetable is not None:
        print(
            "Send each person the file of their name in people/: it holds their own sessions "
            "only; timetable.csv is the coordinator's master timetable."
        )
    return 0


def _list_files(written: WrittenCalendars) -> None:
    """One line per file of the folder; the files of a subfolder (people/, rooms/) as one line."""
    from inspection_sim.export.folder import describe_changes

    grouped: dict[str, list[WrittenFile]] = {}
    for item in written:
        inside = item.path.relative_to(written.folder).parts
        if len(inside) > 1:
            grouped.setdefault(inside[0], []).append(item)
            continue
        owner = f" ({item.team})" if item.team else ""
        print(f"  {item.path.name}: {item.count()}{owner}, {item.change}")
    for folder, items in grouped.items():
        sessions = sum(item.events for item in items)
        changes = describe_changes(item.change for item in items)
        print(f"  {folder}/: {len(items)} calendars, {sessions} sessions in all; {changes}")
    for path in written.removed:
        name = path.relative_to(written.folder).as_posix()
        print(f"  {name}: removed (no longer in the rehearsal)")
