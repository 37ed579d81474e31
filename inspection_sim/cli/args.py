"""Argument types shared by subcommands: they turn text into values or raise argparse errors.

Every type states what is valid in its message, and refuses what a command cannot use (a date the
working calendar does not cover, an infinite rate, an empty name) before any work starts, so the
command line never ends in a traceback and never ignores a value silently. argparse puts the option
in front of the message: ``argument --runs: '0' is out of range; valid: a whole number from 1 to
1,000,000``.
"""

from __future__ import annotations

import argparse
import math
import os
from collections.abc import Callable
from datetime import UTC, date, datetime, time

from inspection_sim.calendar import DEFAULT_END, DEFAULT_START

#: The most replications one command line may ask for (per date in a sweep).
MAX_RUNS = 1_000_000
#: The most processes per CPU a command line may start.
WORKERS_PER_CPU = 4
#: Seeds are unsigned 64-bit numbers (numpy's SeedSequence takes any, JSON readers do not).
MAX_SEED = 2**64 - 1


def _shown(text: str) -> str:
    """``text`` quoted on one line and cut short, for an error message."""
    return repr(text) if len(text) <= 60 else repr(text[:57]) + "..."


def _grouped(value: int) -> str:
    """1,000,000 for a count; 2040 for a year; 1.84e+19 for a seed."""
    if abs(value) >= 10**9:
        return f"{value:.3g}"
    return f"{value:,}" if abs(value) >= 10_000 else str(value)


def whole(low: int, high: int) -> Callable[[str], int]:
    """A whole number from ``low`` to ``high`` inclusive."""
    valid = f"from {_grouped(low)} to {_grouped(high)}"

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected a whole number {valid}, got {_shown(text)}"
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{_shown(text)} is out of range; valid: a whole number {valid}"
            )
        return value

    return parse


def runs(low: int = 1) -> Callable[[str], int]:
    """Replications, ``low`` (1, or 0 for "none") to :data:`MAX_RUNS`."""
    return whole(low, MAX_RUNS)


def max_workers() -> int:
    """The most processes a command may start on this machine."""
    return WORKERS_PER_CPU * (os.cpu_count() or 1)


def workers(text: str) -> int:
    """A number of processes, 1 to :func:`max_workers`."""
    return whole(1, max_workers())(text)


def seed(text: str) -> int:
    """A random seed, 0 to 2**64 - 1."""
    return whole(0, MAX_SEED)(text)


def number(
    low: float, high: float, *, above: bool = False, below: bool = False
) -> Callable[[str], float]:
    """A finite decimal number in ``[low, high]`` (``above``/``below``: excluding that end)."""
    if above or below:
        left = f"above {low:g}" if above else f"at least {low:g}"
        right = f"below {high:g}" if below else f"at most {high:g}"
        valid = f"a finite number {left} and {right}"
    else:
        valid = f"a finite number between {low:g} and {high:g}"

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {valid}, got {_shown(text)}") from None
        inside = (low < value if above else low <= value) and (
            value < high if below else value <= high
        )
        if not math.isfinite(value) or not inside:
            raise argparse.ArgumentTypeError(f"{_shown(text)} is out of range; valid: {valid}")
        return value

    return parse


def text(value: str) -> str:
    """Any text but the empty string (an empty name or path is a mistake, not a default)."""
    if not value.strip():
        raise argparse.ArgumentTypeError(f"must not be empty, got {_shown(value)}")
    return value


#: The calendar years the working calendar covers.
YEARS = (DEFAULT_START.year, DEFAULT_END.year)


def _in_calendar(day: date, text: str) -> None:
    if not DEFAULT_START <= day <= DEFAULT_END:
        raise argparse.ArgumentTypeError(
            f"{_shown(text)} is outside the calendar's range; valid: a date from "
            f"{DEFAULT_START.isoformat()} to {DEFAULT_END.isoformat()}"
        )


def year(text: str) -> int:
    """A calendar year the working calendar covers."""
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not YEARS[0] <= value <= YEARS[1]:
        raise argparse.ArgumentTypeError(
            f"{_shown(text)} is outside the calendar's range; valid: a year from {YEARS[0]} to "
            f"{YEARS[1]}"
        )
    return value


def iso_date(text: str) -> date:
    """An ISO date ``YYYY-MM-DD`` inside the working calendar's range."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {_shown(text)}") from None
    _in_calendar(day, text)
    return day


def iso_datetime(text: str) -> datetime:
    """An ISO date-time from 1970 to 9999, e.g. ``2027-01-04T09:00:00+00:00`` (without an offset
    it stays naive)."""
    value = _parse_datetime(text)
    _since_1970(value, text)
    return value


def _parse_datetime(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO date-time (YYYY-MM-DDTHH:MM[:SS][+HH:MM]): {_shown(text)}"
        ) from None


def _since_1970(moment: datetime, text: str) -> None:
    """Refuse a time before 1970 (the SOURCE_DATE_EPOCH origin) or one an offset moves past
    the last year Python can hold."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    try:
        inside = datetime(1970, 1, 1, tzinfo=UTC) <= aware <= datetime(9999, 12, 31, tzinfo=UTC)
    except OverflowError:
        inside = False
    if not inside:
        raise argparse.ArgumentTypeError(
            f"{_shown(text)} is out of range; valid: a date-time from 1970-01-01T00:00:00Z to "
            "9999-12-31T00:00:00Z"
        )


def calendar_datetime(text: str) -> datetime:
    """An ISO date-time on a day inside the working calendar's range."""
    value = _parse_datetime(text)
    _in_calendar(value.date(), text)
    return value


def stamp(text: str) -> datetime:
    """An export time as an aware UTC date-time, whole seconds (no offset means UTC), from 1970
    to 9999."""
    moment = iso_datetime(text)
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).replace(microsecond=0)


def clock_time(text: str) -> time:
    """A local time of day ``HH:MM`` in Europe/London; an offset is refused rather than dropped."""
    from inspection_sim.timeofday import parse_time_of_day

    try:
        return parse_time_of_day(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{error}: {_shown(text)}") from None


def add_simulation_source(parser: argparse.ArgumentParser, *, notified_help: str) -> None:
    """The SCENARIO argument and ``--notified`` shared by the simulation commands."""
    parser.add_argument(
        "scenario",
        nargs="?",
        type=text,
        help="scenario TOML file, or framework:type with --notified "
        "(default: the embedded good council's ILACS short inspection)",
    )
    parser.add_argument("--notified", type=iso_date, help=notified_help)


def add_simulation_output(parser: argparse.ArgumentParser) -> None:
    """``--seed``, ``--engine``, ``--format`` and ``--quiet``, shared by the simulation commands."""
    parser.add_argument(
        "--seed", type=seed, help="random seed, 0 to 2^64-1 (default: the scenario's)"
    )
    parser.add_argument("--engine", default="auto", help="auto (default), numpy, heap or simpy")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.add_argument(
        "--quiet", action="store_true", help="no progress bar (shown on stderr for long runs)"
    )


def runs_help(what: str) -> str:
    """Help text for a ``--runs``-like option, with its ceiling."""
    return f"{what}, up to {MAX_RUNS:,}"


def workers_help(default: str) -> str:
    """Help text for ``--workers``, with this machine's ceiling."""
    return f"processes, 1 to {max_workers()} on this machine (default: {default})"


def output_folder(what: str, example: str) -> Callable[[str], str]:
    """An ``--out`` folder type: not empty (what is there is checked when writing); the message
    names ``what`` is written and an ``example`` folder."""

    def parse(value: str) -> str:
        if not value.strip():
            raise argparse.ArgumentTypeError(
                f"must not be empty, got {value!r}: give {what} a folder of its own, for "
                f"example {example}"
            )
        return value

    return parse
