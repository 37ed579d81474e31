"""``inspection-sim calendar``: working-day facts for a year and a sample deadline."""

from __future__ import annotations

import argparse
from datetime import date

from inspection_sim.cli.args import YEARS, iso_date, text, whole, year

#: ``--days`` reaches across the whole calendar and no further.
MAX_DAYS = 10_000


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "calendar",
        help="working days and bank holidays for a year, and a sample deadline",
        description="Print the working-day facts of a year and the deadline N working days after "
        "a date (day 0 is the date itself).",
    )
    parser.add_argument(
        "--year", type=year, default=None, help=f"calendar year, {YEARS[0]} to {YEARS[1]} "
        "(default: this year)"
    )  # fmt: skip
    parser.add_argument(
        "--region", type=text, default="england", help="england, wales, scotland, northern-ireland"
    )
    parser.add_argument(
        "--weekmask", type=text, default="Mon-Fri", help="working weekdays, e.g. Mon-Fri or Mon-Thu"
    )
    parser.add_argument(
        "--from", dest="start", type=iso_date, default=None, help="anchor date (day 0)"
    )
    parser.add_argument(
        "--days",
        type=whole(-MAX_DAYS, MAX_DAYS),
        default=20,
        help=f"working days to add, -{MAX_DAYS:,} to {MAX_DAYS:,} (default 20)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from inspection_sim.calendar import WorkingCalendar
    from inspection_sim.errors import CalendarRangeError

    year = args.year if args.year is not None else date.today().year
    cal = WorkingCalendar(region=args.region, weekmask=args.weekmask)
    first, last = date(year, 1, 1), date(year, 12, 31)
    start = args.start if args.start is not None else date(year, 12, 14)
    try:  # before anything is printed: a refused command line prints nothing on stdout
        due = cal.add_working_days(start, args.days)
    except CalendarRangeError as error:
        raise CalendarRangeError(str(error), key="--days", value=args.days) from None
    holidays = cal.holidays_in(first, last)
    print(
        f"{year} in {cal.region} ({cal.weekmask}): {len(cal.working_days(first, last))} working days"
    )
    for day, name in holidays:
        print(f"  {day.isoformat()} {day:%a}  {name}")
    print(
        f"{args.days} working days after {start.isoformat()} (day 0): {due.isoformat()} ({due:%a})"
    )
    return 0
