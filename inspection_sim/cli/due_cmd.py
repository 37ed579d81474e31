"""``inspection-sim due``: when a practice timescale falls due (or list the timescales)."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime

from inspection_sim.cli.args import calendar_datetime, iso_date, text, whole

#: Enough occurrences of the most frequent timescale to cross the whole calendar.
MAX_OCCURRENCE = 1000


def _start(value: str) -> date | datetime:
    """``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM``, inside the calendar's range."""
    return calendar_datetime(value) if "T" in value else iso_date(value)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "due",
        help="the due date of a practice timescale (e.g. initial-health-assessment)",
        description="Print the due date of a statutory or local timescale for a start event "
        "(day 0). Without a timescale name, list them.",
    )
    parser.add_argument("timescale", nargs="?", type=text, help="e.g. initial-health-assessment")
    parser.add_argument("--from", dest="start", type=_start, help="start event: YYYY-MM-DD[THH:MM]")
    parser.add_argument(
        "--occurrence",
        type=whole(1, MAX_OCCURRENCE),
        default=1,
        help=f"1 = first due date (default), up to {MAX_OCCURRENCE}",
    )
    parser.add_argument(
        "--region", type=text, default="england", help="bank-holiday calendar (default england)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from inspection_sim.calendar import WorkingCalendar
    from inspection_sim.errors import ArgumentTypeError, CalendarRangeError
    from inspection_sim.timescales import due, timescales

    if args.timescale is None:
        for item in timescales():
            unit = item.unit.value.replace("_", " ")
            print(f"{item.id:<38} {item.value} {unit} from {item.start_event} ({item.kind})")
        return 0
    if args.start is None:
        raise ArgumentTypeError("give the start event with --from YYYY-MM-DD", key="--from")
    calendar = WorkingCalendar(region=args.region)
    beyond = CalendarRangeError(
        f"occurrence {args.occurrence} from {args.start.isoformat()} falls after the calendar's "
        f"last day {calendar.end.isoformat()}; give an earlier --from or a smaller --occurrence",
        key="--occurrence",
        value=args.occurrence,
    )
    try:
        result = due(args.timescale, args.start, calendar=calendar, occurrence=args.occurrence)
    except CalendarRangeError:
        raise beyond from None
    if result.date > calendar.end:
        raise beyond
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
