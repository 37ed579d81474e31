"""``inspection-sim calendar``: working-day facts for a year and a sample deadline."""

from __future__ import annotations

import argparse
from datetime import date

from inspection_sim.cli.args import iso_date


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "calendar",
        help="working days and bank holidays for a year, and a sample deadline",
        description="Print the working-day facts of a year and the deadline N working days after "
        "a date (day 0 is the date itself).",
    )
    parser.add_argument("--year", type=int, default=None, help="calendar year (default: this year)")
    parser.add_argument(
        "--region", default="england", help="england, wales, scotland, northern-ireland"
    )
    parser.add_argument(
        "--weekmask", default="Mon-Fri", help="working weekdays, e.g. Mon-Fri or Mon-Thu"
    )
    parser.add_argument(
        "--from", dest="start", type=iso_date, default=None, help="anchor date (day 0)"
    )
    parser.add_argument("--days", type=int, default=20, help="working days to add (default 20)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from inspection_sim.calendar import WorkingCalendar

    year = args.year if args.year is not None else date.today().year
    cal = WorkingCalendar(region=args.region, weekmask=args.weekmask)
    first, last = date(year, 1, 1), date(year, 12, 31)
    holidays = cal.holidays_in(first, last)
    print(
        f"{year} in {cal.region} ({cal.weekmask}): {len(cal.working_days(first, last))} working days"
    )
    for day, name in holidays:
        print(f"  {day.isoformat()} {day:%a}  {name}")
    start = args.start if args.start is not None else date(year, 12, 14)
    due = cal.add_working_days(start, args.days)
    print(
        f"{args.days} working days after {start.isoformat()} (day 0): {due.isoformat()} ({due:%a})"
    )
    return 0
