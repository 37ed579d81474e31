"""``inspection-sim due``: when a practice timescale falls due (or list the timescales)."""

from __future__ import annotations

import argparse
import json


def _start(text: str) -> object:
    from datetime import date, datetime

    try:
        return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date or date-time: {text!r}") from None


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "due",
        help="the due date of a practice timescale (e.g. initial-health-assessment)",
        description="Print the due date of a statutory or local timescale for a start event "
        "(day 0). Without a timescale name, list them.",
    )
    parser.add_argument("timescale", nargs="?", help="e.g. initial-health-assessment")
    parser.add_argument("--from", dest="start", type=_start, help="start event: YYYY-MM-DD[THH:MM]")
    parser.add_argument("--occurrence", type=int, default=1, help="1 = first due date (default)")
    parser.add_argument(
        "--region", default="england", help="bank-holiday calendar (default england)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from inspection_sim.calendar import WorkingCalendar
    from inspection_sim.errors import ArgumentTypeError
    from inspection_sim.timescales import due, timescales

    if args.timescale is None:
        for item in timescales():
            unit = item.unit.value.replace("_", " ")
            print(f"{item.id:<38} {item.value} {unit} from {item.start_event} ({item.kind})")
        return 0
    if args.start is None:
        raise ArgumentTypeError("give the start event with --from YYYY-MM-DD", key="--from")
    calendar = WorkingCalendar(region=args.region)
    result = due(args.timescale, args.start, calendar=calendar, occurrence=args.occurrence)
    if args.format == "json":
        data = {
            "timescale": result.timescale.id,
            "start": result.start.isoformat(),
            "occurrence": result.occurrence,
            "due": result.date.isoformat(),
            "at": result.at.isoformat() if result.at else None,
            "source": result.source,
        }
        print(json.dumps(data, indent=2))
    else:
        print(result.at.isoformat(timespec="minutes") if result.at else result.date.isoformat())
    return 0
