"""``inspection-sim timetable``: book the on-site days into people's diaries."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from inspection_sim.cli.args import iso_date, number, runs, runs_help, seed, whole

if TYPE_CHECKING:
    from inspection_sim.timetable import Absence, Person, SampledCase, Timetable


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
        "--cases",
        help="case sample CSV: case id, allocated worker [, team manager, auditor]; or an Annex A "
        "workbook (.xlsx) to draw the sample from its 'Allocated Worker' columns",
    )
    parser.add_argument(
        "--sample",
        type=sample_size,
        help="cases drawn from an Annex A --cases workbook (default: the planning assumption "
        "shown by 'inspection-sim rules show assumptions'); --seed chooses which",
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
    what_if = parser.add_argument_group(
        "absence",
        "what if people are away: their sessions are moved, held with a substitute or missed, "
        "and the coordinator rebooks them when each absence becomes known (planning assumption)",
    )
    what_if.add_argument(
        "--absent",
        action="append",
        default=[],
        type=absence,
        metavar="ID[:FROM[..TO]]",
        help="a person (staff id) away from FROM to TO, or on FROM, or on every on-site day "
        "(repeatable); prints the rebooked sessions and the changed shares of cases discussed",
    )
    what_if.add_argument(
        "--runs",
        type=runs(),
        help=runs_help("random staff absence: runs of the Monte Carlo") + " (table or JSON)",
    )
    what_if.add_argument(
        "--seed",
        type=seed,
        help="random seed of --runs or of the --sample draw, 0 to 2^64-1 (default 0)",
    )
    what_if.add_argument(
        "--absence-rate",
        type=number(0.0, 1.0),
        help="absences starting per person per working day, 0 to 1 (default: the default "
        "scenario's staff-absence rate)",
    )
    parser.set_defaults(handler=run)


def sample_size(text: str) -> int:
    """``--sample``: 1 to the largest sample (argparse type)."""
    from inspection_sim.scenario.annex_cases import MAX_SAMPLE

    return whole(1, MAX_SAMPLE)(text)


#: ``--absent`` as its metavar says, for messages.
_ABSENT = "expected ID[:FROM[..TO]] with ISO dates, e.g. p0028:2027-06-08..2027-06-09"


def absence(text: str) -> Absence:
    """``ID``, ``ID:DATE`` or ``ID:FROM..TO`` as an absence (argparse type)."""
    from inspection_sim.timetable import Absence

    person, sep, dates = text.partition(":")
    first: date | None = None
    last: date | None = None
    try:
        if sep:
            start, dots, end = dates.partition("..")
            first = iso_date(start.strip())
            last = iso_date(end.strip()) if dots else first
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"{_ABSENT}, got {text!r}") from None
    if not person.strip() or (sep and not dates.strip()):
        raise argparse.ArgumentTypeError(f"{_ABSENT}, got {text!r}")
    if first is not None and last is not None and first > last:
        raise argparse.ArgumentTypeError(f"the first day is after the last, got {text!r}")
    return Absence(person.strip(), first, last)


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
    "absences": "--absent",
    "rate": "--absence-rate",
    "sample": "--sample",
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


def _check_absence_options(args: argparse.Namespace) -> None:
    from inspection_sim.errors import ArgumentTypeError

    if args.absent and args.runs is not None:
        raise ArgumentTypeError("give --absent or --runs, not both", key="--runs", value=args.runs)
    if args.sample is not None and not _is_workbook(args.cases):
        raise ArgumentTypeError(
            "--sample draws from an Annex A workbook; give --cases FILE.xlsx",
            key="--sample",
            value=args.sample,
        )
    if args.runs is None:
        seeded = _is_workbook(args.cases)
        for option, value, what in (
            (
                "--seed",
                None if seeded else args.seed,
                "--seed chooses the random absences of --runs",
            ),
            ("--absence-rate", args.absence_rate, "--absence-rate is the rate of --runs"),
        ):
            if value is not None:
                raise ArgumentTypeError(f"{what}; give --runs too", key=option, value=value)
    elif args.format == "csv":
        raise ArgumentTypeError(
            "--runs prints a table or JSON, not CSV", key="--format", value=args.format
        )


def _run(args: argparse.Namespace) -> int:
    from inspection_sim.timetable import build_timetable, parse_rooms, read_staff

    _check_absence_options(args)
    overrides = dict(_setting(text) for text in args.set)
    people = read_staff(args.staff)
    cases = _cases(args, people)
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
    if args.absent:
        return _what_if(args, timetable, args.absent)
    if args.runs is not None:
        return _risk(args, timetable)
    if args.format == "json":
        print(timetable.to_json(), end="")
    elif args.format == "csv":
        print(timetable.to_csv(), end="")
    else:
        print(timetable.to_table())
    return 0


def _is_workbook(path: str | None) -> bool:
    return path is not None and path.lower().endswith(".xlsx")


def _cases(args: argparse.Namespace, people: list[Person]) -> list[SampledCase]:
    """The case sample: a CSV as written, or a seeded draw from an Annex A workbook."""
    import sys

    from inspection_sim.timetable import read_cases

    if not args.cases:
        return []
    if not _is_workbook(args.cases):
        return read_cases(args.cases, people)
    from inspection_sim.scenario.annex_cases import sample_annex_a_cases

    drawn = sample_annex_a_cases(args.cases, people, sample=args.sample, seed=args.seed or 0)
    if drawn.note:
        print(drawn.note, file=sys.stderr)
    return list(drawn.cases)


def _what_if(args: argparse.Namespace, plan: Timetable, absences: list[Absence]) -> int:
    import json

    from inspection_sim.timetable import disruption_dict, disruption_summary, rebook_absences

    found = rebook_absences(plan, absences)
    if args.format == "json":
        data = {"what_if": disruption_dict(found), "timetable": found.after.to_dict()}
        print(json.dumps(data, indent=2, sort_keys=True))
    elif args.format == "csv":
        print(found.after.to_csv(), end="")
    else:
        print(disruption_summary(found))
    return 0


def _risk(args: argparse.Namespace, plan: Timetable) -> int:
    import json

    from inspection_sim.timetable import absence_risk, risk_dict, risk_summary

    rate = args.absence_rate
    if rate is None:
        from inspection_sim.scenario import default_scenario

        rate = default_scenario().simulation.event_rates().get("staff-absence", 0.0)
    found = absence_risk(plan, rate=rate, runs=args.runs, seed=args.seed or 0)
    if args.format == "json":
        print(json.dumps(risk_dict(found), indent=2, sort_keys=True))
    else:
        print(risk_summary(found))
    return 0
