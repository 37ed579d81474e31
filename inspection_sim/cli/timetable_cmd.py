"""``inspection-sim timetable``: book the on-site days into people's diaries."""

from __future__ import annotations

import argparse

from inspection_sim.cli.args import iso_date


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "timetable",
        help="book the on-site case discussions, audits, observations and meetings",
        description="Book every on-site session of an inspection (case discussions with each "
        "sampled case's allocated worker, audit discussions, observation of practice, meetings, "
        "keep-in-touch meetings, feedback) to a day, a time and a room, on the council's working "
        "days: nobody double-booked or booked on leave. What cannot be booked is listed with "
        "the reason.",
    )
    parser.add_argument("staff", help="staff CSV: name, team, role [, id, working days, leave]")
    parser.add_argument(
        "--cases", help="case sample CSV: case id, allocated worker [, team manager, auditor]"
    )
    parser.add_argument(
        "--type",
        default="ilacs:short",
        help="inspection type, e.g. ilacs:standard (default: ilacs:short)",
    )
    parser.add_argument("--start", type=iso_date, required=True, help="the first on-site day")
    parser.add_argument(
        "--rooms",
        help="rooms as NAME=CAPACITY[,NAME=CAPACITY...] or a CSV of name, capacity "
        "(default: one room per inspector)",
    )
    parser.add_argument("--solver", choices=("greedy", "cp-sat"), default="greedy")
    parser.add_argument(
        "--time-limit", type=float, default=10.0, help="seconds for --solver cp-sat (default 10)"
    )
    parser.add_argument("--rules-version", help="framework version (default: in force on --start)")
    parser.add_argument("--days", type=int, help="on-site days (default: the framework's)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change an on-site rule, e.g. activities.case-discussion.minutes=90 (repeatable)",
    )
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.set_defaults(handler=run)


def _setting(text: str) -> tuple[str, object]:
    import tomllib

    from inspection_sim.timetable import TimetableInputError

    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise TimetableInputError(
            "write a rule change as KEY=VALUE, e.g. activities.case-discussion.minutes=90",
            key="--set",
            value=text,
        )
    try:
        parsed: object = tomllib.loads(f"v = {value.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        parsed = value.strip()
    return key.strip(), parsed


#: Argument names in errors from the Python API, as the options that set them here.
_OPTIONS = {
    "start": "--start",
    "days": "--days",
    "version": "--rules-version",
    "inspection type": "--type",
    "override": "--set",
}


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from inspection_sim.errors import InspectionSimError

    try:
        return _run(args)
    except InspectionSimError as error:
        error.problems = tuple(
            replace(
                p,
                key=_OPTIONS.get(p.key or "", p.key),
                source=_OPTIONS.get(p.source or "", p.source),
            )
            for p in error.problems
        )
        raise


def _run(args: argparse.Namespace) -> int:
    from inspection_sim.timetable import build_timetable, parse_rooms, read_cases, read_staff

    overrides = dict(_setting(text) for text in args.set)
    people = read_staff(args.staff)
    cases = read_cases(args.cases, people) if args.cases else []
    rooms = parse_rooms(args.rooms) if args.rooms else None
    timetable = build_timetable(
        args.type,
        people=people,
        cases=cases,
        rooms=rooms,
        start=args.start,
        version=args.rules_version,
        days=args.days,
        overrides=overrides or None,
        solver=args.solver,
        time_limit=args.time_limit,
    )
    if args.format == "json":
        print(timetable.to_json(), end="")
    elif args.format == "csv":
        print(timetable.to_csv(), end="")
    else:
        print(timetable.to_table())
    return 0
